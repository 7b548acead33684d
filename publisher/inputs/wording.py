"""Pydantic's validation errors in plain language: each mapped onto the YAML line it
concerns, unknown keys with a "did you mean", the library's wording rewritten in one table."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from publisher.errors import Problem
from publisher.source import KeyPath, Source


def problems(errors: list[Any], source: Source, model: type[BaseModel]) -> list[Problem]:
    """One problem per error, except a `missing` key that a misspelt key already explains."""
    problems = [_to_problem(err, source, model) for err in errors]
    typos = {
        (p.path.rsplit(".", 1)[0] if "." in p.path else "", p.message.split("`")[3])
        for p in problems
        if p.message.startswith("unknown key") and "Did you mean" in p.message
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
    for i, part in enumerate(loc):
        after = loc[i + 1] if i + 1 < len(loc) else None
        if _is_tag(node, part, after):  # a union's tag that is also a key: `steps` of a block
            continue
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        else:
            rest.append(part)
    return tuple(path), rest


def _is_tag(node: Any, part: Any, after: Any) -> bool:
    """`part` names the union member, not a key, when the next part is a key of this same
    mapping that the value under `part` cannot hold."""
    if not (isinstance(node, dict) and part in node and isinstance(after, str) and after in node):
        return False
    inner = node[part]
    return not (isinstance(inner, dict) and after in inner)


def _unknown_key(key: Any, loc: tuple, model: type[BaseModel]) -> str:
    allowed = _fields_at(model, loc[:-1])
    said = str(key) if len(str(key)) <= 40 else str(key)[:39] + "…"  # never a whole line
    message = f"unknown key `{said}`."
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
        said = f"expected one of {ctx.get('expected', '')}; got {_shown(given)}."
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(str(given), choices, n=1, cutoff=0.6)
        return f"{said} Did you mean `{close[0]}`?" if close else said
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
