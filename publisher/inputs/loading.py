"""Safe YAML loading that remembers where every value came from, and validation
that reports every problem at once as `file:line:col: key.path: message`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from publisher.errors import InputError, Problem
from publisher.source import KeyPath, Loaded, M, Source, display

if TYPE_CHECKING:
    pass

MAX_BYTES = 1024 * 1024
MAX_NODES = 100_000


def read_yaml(path: Path) -> Source:
    """Parse one YAML file safely; every failure becomes an InputError naming the file."""
    import hashlib

    from publisher.inputs.files import decode, read_bytes

    data = read_bytes(path, "file", MAX_BYTES)
    source = parse_yaml(decode(data, path, "file"), path)
    source.digest = hashlib.sha256(data).digest()
    return source


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses 5× faster


def parse_yaml(text: str, path: Path) -> Source:
    shown = display(path)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        raise InputError(
            Problem(shown, line, col, "", f"YAML syntax: {what}. {_syntax_hint(what)}".strip())
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"{shown}:1:1: YAML syntax: {exc}") from None
    except RecursionError:
        raise InputError(f"{shown}:1:1: the YAML is nested too deeply.") from None
    if node is None:
        raise InputError(
            f"{shown}:1:1: the file is empty; run `publisher new ID` for a starter file."
        )
    _check_size(node, shown)
    problems = _structure(node, shown)
    if problems:
        raise InputError(problems)
    try:
        data = yaml.SafeLoader("").construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise InputError(
            Problem(
                shown,
                line,
                col,
                "",
                f"unsupported YAML: {exc.problem or exc.context}. "
                "Hint: write plain text, lists and `key: value` lines; quote odd values.",
            )
        ) from None
    except ValueError as exc:
        raise InputError(f"{shown}:1:1: a value cannot be read: {exc}; quote it.") from None
    source = Source(path=path, data=data)
    _record_positions(node, (), source)
    return source


def _syntax_hint(what: str) -> str:
    if "mapping values are not allowed" in what:
        return "Hint: put text that contains ': ' in quotes."
    if "found character '\\t'" in what or "tab" in what:
        return "Hint: indent with spaces, not tabs."
    if "expected <block end>" in what or "did not find expected" in what:
        return "Hint: check the indentation of this line and the one above."
    return ""


def _check_size(root: yaml.Node, shown: str) -> None:
    """Refuse alias bombs and self-references before anything expands them."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            raise InputError(f"{shown}:{line}:{col}: an alias refers to itself; remove it.")
        active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        active.discard(key)
        if total > MAX_NODES:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            raise InputError(
                f"{shown}:{line}:{col}: the YAML expands to more than {MAX_NODES:,} values "
                f"through aliases (*name); write the content out instead."
            )
        sizes[key] = total
        return total

    try:
        size(root)
    except RecursionError:
        raise InputError(f"{shown}:1:1: the YAML is nested too deeply.") from None


_RESOLVER = yaml.resolver.Resolver()
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")
}


def _structure(root: yaml.Node, shown: str) -> list[Problem]:
    """What YAML allows but a guide must not have: a key given twice (the loader would keep
    only the last value, silently) and explicit tags (`!!binary`, `!!set`, `!custom`)."""
    problems: list[Problem] = []
    seen: set[int] = set()

    def at(node: yaml.Node, message: str) -> Problem:
        return Problem(shown, node.start_mark.line + 1, node.start_mark.column + 1, "", message)

    def visit(node: yaml.Node) -> None:
        if id(node) in seen:  # an alias: already checked where its anchor is
            return
        seen.add(id(node))
        kind = type(node).__name__.removesuffix("Node").lower()
        if isinstance(node, yaml.ScalarNode):
            plain = _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False))
            expected = "tag:yaml.org,2002:str" if node.style else plain  # '' or None: plain
            if node.tag not in (expected, "tag:yaml.org,2002:str") or node.tag not in _PLAIN_TAGS:
                problems.append(at(node, _tag_message(node.tag)))
            return
        if node.tag != f"tag:yaml.org,2002:{'seq' if kind == 'sequence' else 'map'}":
            problems.append(at(node, _tag_message(node.tag)))
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                visit(child)
            return
        keys: dict[object, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name in keys:
                problems.append(
                    at(
                        key,
                        f"`{name}` is given twice (first on line {keys[name]}); YAML would "
                        "keep only this one. Merge the two or delete one.",
                    )
                )
            elif name is not None:
                keys[name] = key.start_mark.line + 1
            visit(key)
            visit(value)

    visit(root)
    return problems


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return (
        f"the YAML tag `{shown}` is not supported; remove it and write the value as plain "
        "text (in quotes if it looks like a number, a date, yes or no)."
    )


def _record_positions(node: yaml.Node, path: KeyPath, source: Source) -> None:
    source.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _record_positions(child, (*path, index), source)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                child = (*path, key_node.value)
                mark = key_node.start_mark
                source.keys.setdefault(child, (mark.line + 1, mark.column + 1))
                _record_positions(value_node, child, source)


def load(path: Path, model: type[M], context: dict[str, Any] | None = None) -> Loaded[M]:
    """Read, parse and validate one file against a model; all problems in one InputError."""
    source = read_yaml(path)
    return validate(source, model, context)


def validate(source: Source, model: type[M], context: dict[str, Any] | None = None) -> Loaded[M]:
    if not isinstance(source.data, dict):
        raise InputError(
            [source.problem((), "expected a mapping of `key: value` lines at the top level.")]
        )
    from pydantic import ValidationError

    try:
        result = model.model_validate(source.data, context=context)
    except ValidationError as exc:
        from publisher.inputs.wording import problems

        raise InputError(problems(exc.errors(), source, model)) from None
    return Loaded(result, source)
