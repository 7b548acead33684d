"""What every layout spec shares (sizes, colours, margins, the clinic's band) and loading a
layout file: `kind` picks the registered kind (kinds/) whose spec validates it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from publisher.errors import InputError
from publisher.inputs.loading import read_yaml, validate
from publisher.model.base import UNITS as _UNITS
from publisher.model.base import Length, Strict
from publisher.source import Loaded

Points = Annotated[float, Field(gt=0, le=200)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


MM = _UNITS["mm"]
ContactLine = Literal["phone", "website", "address", "email"]


class BrandBand(Strict):
    """The band a layout keeps free for a clinic: its size, what it shows and how big."""

    height: Length = Field(description="The band's height.")
    compact: Length = Field(description="Its height for a brand with no logo and no QR code.")
    space: Length = Field(0, description="Space between the band and the content above it.")
    qr: Length = Field(20 * MM, description="The QR code's side, quiet zone excluded.")
    caption: Points = Field(8, ge=7, description="The QR code's address under it.")
    lines: tuple[ContactLine, ...] = ("phone", "website")
    logo: bool = True
    name: Points = Field(13, description="The clinic's name, tried first.")
    smallest: Points = Field(10, ge=7, description="The least the name shrinks to.")


class Size(Strict):
    width: Length
    height: Length


class Colors(Strict):
    """Colours are data; each must pass WCAG AA against white where text uses it."""

    text: Color = "#1a1a1a"
    muted: Color = "#4a4a4a"
    accent: Color = "#0b5563"
    accent_light: Color = "#e3f0f2"
    warning: Color = "#a01c22"
    warning_light: Color = "#fbeaea"
    tip: Color = "#2c5f2d"
    tip_light: Color = "#eaf3e6"


class Margins(Strict):
    top: Length
    bottom: Length
    inner: Length
    outer: Length


def load_layout(path: Path) -> Loaded:
    """Load one layout; `kind` picks the registered kind's spec it is validated against."""
    from publisher.kinds import KINDS

    source = read_yaml(path)
    kind = source.data.get("kind") if isinstance(source.data, dict) else None
    if kind not in KINDS:
        raise InputError(
            [source.problem(("kind",), f"expected one of {', '.join(KINDS)}; got {kind!r}.")]
        )
    return validate(source, KINDS[kind].spec())
