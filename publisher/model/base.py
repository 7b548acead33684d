"""What every input model shares: strictness, the id form, language codes, lengths."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic import StringConstraints as Text

UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never silently drop content."""

    model_config = ConfigDict(extra="forbid", frozen=True)


RESERVED = re.compile(r"con|prn|aux|nul|com[0-9]|lpt[0-9]")  # Windows cannot name a file so


def _not_reserved(value: str) -> str:
    if RESERVED.fullmatch(value):
        raise ValueError(f"`{value}` is a name Windows keeps for a device and cannot give a "
                         "folder; choose another id")  # fmt: skip
    return value


Ident = Annotated[
    str,
    Text(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64),
    AfterValidator(_not_reserved),
]


def _known_language(value: str) -> str:
    import pyphen

    if value not in pyphen.LANGUAGES:
        raise ValueError(f"unknown language `{value}`; use a code such as en, en_GB, de, fr")
    return value


Language = Annotated[str, AfterValidator(_known_language)]


def _length(value: object) -> object:
    """Accept `12`, `12pt`, `5mm`, `0.5in`; store points."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(pt|mm|cm|in)\s*", value)
        if not match:
            raise ValueError(f"expected a length such as 12pt, 5mm or 0.5in; got '{value}'")
        return float(match[1]) * UNITS[match[2]]
    return value


Length = Annotated[float, BeforeValidator(_length), Field(ge=0)]
