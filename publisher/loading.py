"""Safe YAML loading that remembers where every value came from, and validation
that reports every problem at once as `file:line:col: key.path: message`."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from publisher.errors import InputError, Problem

MAX_BYTES = 1024 * 1024
MAX_NODES = 100_000
M = TypeVar("M", bound=BaseModel)
Pos = tuple[int, int]
KeyPath = tuple[Any, ...]


@dataclass
class Source:
    """A parsed YAML file: its data plus the line/column of every key and value."""

    path: Path
    data: Any
    values: dict[KeyPath, Pos] = field(default_factory=dict)
    keys: dict[KeyPath, Pos] = field(default_factory=dict)

    def where(self, path: KeyPath, at_key: bool = False) -> Pos:
        """The position of a value (or of its key); the nearest known ancestor otherwise."""
        path = tuple(path)
        while path:
            table = self.keys if at_key else self.values
            if path in table:
                return table[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: KeyPath, message: str, at_key: bool = False) -> Problem:
        line, col = self.where(path, at_key)
        return Problem(display(self.path), line, col, dotted(path), message)

    def locate(self, path: KeyPath) -> str:
        """`file:line:col: key.path`, the start of a message about that value."""
        return self.problem(path, "").location


@dataclass
class Loaded(Generic[M]):
    """A validated model together with the source it came from."""

    model: M
    source: Source


def display(path: Path) -> str:
    """Paths print relative to the current folder when they are inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def dotted(path: KeyPath) -> str:
    return ".".join(str(p) for p in path)


def read_yaml(path: Path) -> Source:
    """Parse one YAML file safely; every failure becomes an InputError naming the file."""
    shown = display(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{shown}: cannot read the file ({exc.strerror or exc}).") from None
    if size > MAX_BYTES:
        raise InputError(
            f"{shown}:1:1: the file is {size / 1024 / 1024:.1f} MiB; "
            f"the limit is 1 MiB. Split it or remove pasted binary data."
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{shown}:1:1: the file is not UTF-8 text (byte {exc.start}); save it as UTF-8."
        ) from None
    return parse_yaml(text, path)


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
    try:
        result = model.model_validate(source.data, context=context)
    except ValidationError as exc:
        raise InputError(_problems(exc.errors(), source, model)) from None
    return Loaded(result, source)


def _problems(errors: list[Any], source: Source, model: type[BaseModel]) -> list[Problem]:
    """One problem per error, except a `missing` key that a misspelt key already explains."""
    problems = [_to_problem(err, source, model) for err in errors]
    typos = {
        (p.path.rsplit(".", 1)[0] if "." in p.path else "", p.message.split("`")[3])
        for p in problems
        if "Did you mean" in p.message
    }
    return [
        p
        for p in problems
        if not (
            p.message.endswith("is required but missing.")
            and (p.path, p.message.split("`")[1]) in typos
        )
    ]


def _to_problem(err: Any, source: Source, model: type[BaseModel]) -> Problem:
    path, rest = _resolve(err["loc"], source.data)
    kind = err["type"]
    if kind == "missing":
        return (
            source.problem(path, f"`{rest[-1]}` is required but missing.")
            if rest
            else (source.problem(path, "a required value is missing."))
        )
    if kind == "extra_forbidden":
        key = path[-1]
        return source.problem(path, _unknown_key(key, err["loc"], model), at_key=True)
    return source.problem(path, _plain(err))


def _resolve(loc: tuple, data: Any) -> tuple[KeyPath, list[Any]]:
    """Map a pydantic location (which includes union tags) onto the real data path."""
    path: list[Any] = []
    rest: list[Any] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        else:
            rest.append(part)
    return tuple(path), rest


def _unknown_key(key: Any, loc: tuple, model: type[BaseModel]) -> str:
    allowed = _fields_at(model, loc[:-1])
    message = f"unknown key `{key}`."
    if allowed:
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        if close:
            return f"{message} Did you mean `{close[0]}`?"
        return f"{message} Allowed here: {', '.join(allowed)}."
    return message


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed at a location, found by walking the model's type hints."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    current = _strip(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _step(tp: Any, part: Any) -> Any:
    tp = _strip(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return _tagged(tp, part)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(part)
        return field.annotation if field else None
    origin = typing.get_origin(tp)
    if origin in (list, tuple) and isinstance(part, int):
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    return None


def _strip(tp: Any) -> Any:
    """Drop Annotated wrappers and a `| None`."""
    while True:
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            real = [m for m in typing.get_args(tp) if m is not type(None)]
            if len(real) == 1:
                tp = real[0]
                continue
        return tp


def _tagged(union: Any, tag: Any) -> Any:
    """The member of a tagged union that `tag` names."""
    for member in typing.get_args(union):
        for meta in getattr(member, "__metadata__", ()):
            if getattr(meta, "tag", None) == tag:
                return typing.get_args(member)[0]
    return None


_MESSAGES = {
    "string_type": "expected text",
    "list_type": "expected a list (lines starting with `- `)",
    "dict_type": "expected a mapping of `key: value` lines",
    "model_type": "expected a mapping of `key: value` lines",
    "model_attributes_type": "expected a mapping of `key: value` lines",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "date_type": "expected a date written as YYYY-MM-DD",
    "date_parsing": "expected a date written as YYYY-MM-DD",
    "date_from_datetime_parsing": "expected a date written as YYYY-MM-DD",
    "date_from_datetime_inexact": "expected a date written as YYYY-MM-DD, without a time",
    "string_too_short": "must not be empty",
    "too_short": "needs at least {min_length} item(s)",
    "too_long": "allows at most {max_length} item(s)",
    "string_too_long": "is too long: at most {max_length} characters",
    "greater_than": "must be greater than {gt}",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "less_than": "must be less than {lt}",
    "string_pattern_mismatch": "has the wrong form: {pattern_hint}",
}


_PATTERN_HINTS = {
    r"^#[0-9a-fA-F]{6}$": "write a hex colour like #1d5e7a (# and six of 0–9, a–f)",
    r"^https?://\S+$": "write a web address starting with http:// or https://",
}


def _plain(err: Any) -> str:
    """Rewrite pydantic's wording into plain language; one table, one place."""
    kind = err["type"]
    ctx = dict(err.get("ctx") or {})
    given = err.get("input")
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected', '')}; got {_shown(given)}."
    if kind == "enum":
        return f"expected one of {ctx.get('expected', '')}; got {_shown(given)}."
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", err["msg"])).rstrip(".") + "."
    if kind in ("union_tag_invalid", "union_tag_not_found", "block_kind"):
        return err["msg"].rstrip(".") + "."
    if kind == "string_pattern_mismatch":
        ctx["pattern_hint"] = _PATTERN_HINTS.get(
            str(ctx.get("pattern", "")), "lower-case letters, digits and hyphens, like `calf-cramp`"
        )
    if kind.startswith("url_"):
        return f"expected a web address such as https://example.org/page; got {_shown(given)}."
    template = _MESSAGES.get(kind)
    if template is None:
        return err["msg"].rstrip(".") + "."
    text = template.format(**ctx)
    if kind.endswith("_type") or kind.endswith("_parsing"):
        text += f"; got {_shown(given)}"
    return text + "."


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else text[:37] + "...'"
