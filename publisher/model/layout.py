"""Layout specs: where and how big. One typed spec per kind, loaded from layouts/*.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import Field, StringConstraints

from publisher.errors import InputError
from publisher.inputs.loading import read_yaml, validate
from publisher.model.base import UNITS as _UNITS
from publisher.model.base import Ident, Length, Strict
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


class BookletType(Strict):
    body: Points = Field(12.5, ge=12, description="Body text size; clear print needs 12–14 pt.")
    leading: float = Field(1.4, ge=1.1, le=2.0, description="Line height as a multiple of size.")
    title: Points = 32
    h1: Points = 19
    h2: Points = 14.5
    footer: Points = Field(9, ge=7)
    min_body: Points = Field(12, ge=12, description="The gate's floor for the body size.")
    fine_print: Points = Field(7, ge=7, description="Nothing anywhere is set smaller.")


class BookletContent(Strict):
    sections: Literal["all"] | list[Ident] = "all"
    summary: Ident | None = Field(None, description="A steps block shown first, as a summary.")
    skip: list[Ident] = Field(default_factory=list, description="Block ids left out.")


class Cover(Strict):
    panel: float = Field(
        0.5, ge=0.25, le=0.8, description="Share of the page the title panel takes."
    )
    branded_panel: float = Field(
        0.4, ge=0.25, le=0.8, description="The panel's share when a clinic's band is on the cover."
    )
    icon: str = Field("massage", description="A bundled drawing or icon, in the panel.")
    inset: Length = Field(8 * MM, description="The panel's distance from the page edge.")
    padding: Length = Field(10 * MM, description="Inside the panel, around the title.")
    radius: Length = Field(5 * MM, description="The panel's corner radius.")
    gap: Length = Field(6 * MM, description="Between the panel and the summary below it.")
    min_icon: Length = Field(12 * MM, description="A smaller icon is left out.")


class Spacing(Strict):
    """Space as multiples of the type size it follows (body, h1 or h2)."""

    paragraph: float = Field(0.6, ge=0, le=3, description="After a paragraph, list or box.")
    h1_before: float = Field(0.9, ge=0, le=3)
    h1_after: float = Field(0.45, ge=0, le=3)
    h2_before: float = Field(0.7, ge=0, le=3)
    h2_after: float = Field(0.3, ge=0, le=3)
    step: float = Field(0.9, ge=0, le=3, description="Below each numbered step.")
    padding: float = Field(0.8, ge=0, le=3, description="Inside callout boxes.")


class BookletBrand(Strict):
    cover: BrandBand = BrandBand(height=34 * MM, compact=15 * MM, space=4 * MM)
    back: BrandBand = BrandBand(
        height=40 * MM,
        compact=25 * MM,
        space=4 * MM,
        lines=("address", "phone", "email", "website"),
        name=12,
        smallest=9,
    )


class BookletSpec(Strict):
    def references(self) -> list[tuple[tuple, str]]:
        c = self.content
        refs = [(("content", "skip", i), name) for i, name in enumerate(c.skip)]
        return refs + ([(("content", "summary"), c.summary)] if c.summary else [])

    kind: Literal["booklet"]
    description: str = ""
    page: dict[Literal["a4", "letter"], Size]
    margins: Margins
    type: BookletType = BookletType()
    colors: Colors = Colors()
    content: BookletContent = BookletContent()
    cover: Cover = Cover()
    brand: BookletBrand = BookletBrand()
    spacing: Spacing = Spacing()
    figure: Length = Field(30 * MM, description="A step's drawing, beside its words.")
    footer_drop: Length = Field(
        10 * MM, description="The footer's first line below the text area's bottom edge."
    )
    optional: list[Ident] = Field(
        default_factory=list,
        description="Block ids used when the guide has them; a guide without them still builds.",
    )
    notes_title: str | None = Field(None, description="Default: the guide language's word.")
    contents_title: str | None = Field(None, description="Default: the guide language's word.")


class CardSide(Strict):
    title: bool = False
    blocks: list[Ident] = Field(min_length=1)
    limit: dict[Ident, Annotated[int, Field(ge=1)]] = Field(default_factory=dict)
    branded_blocks: list[Ident] | None = Field(
        None, description="The blocks instead, when a clinic's name and QR code take room."
    )
    branded_limit: dict[Ident, Annotated[int, Field(ge=1)]] | None = Field(
        None, description="The limits instead, when a clinic's name and QR code take room."
    )


CARD_SIZES = {
    "85x55": Size(width=85 * _UNITS["mm"], height=55 * _UNITS["mm"]),
    "id-1": Size(width=85.6 * _UNITS["mm"], height=53.98 * _UNITS["mm"]),
    "us-business": Size(width=3.5 * 72, height=2 * 72),
}


class CutMarks(Strict):
    length: Length = Field(4 * MM, description="Shortened where the margin is narrower.")
    gap: Length = Field(1 * MM, description="Between a mark and the card's corner.")


class CardType(Strict):
    max: Points = Field(10, description="The largest size tried for a side's body text.")
    min: Points = Field(7, ge=7, description="Below this the build fails instead of shrinking.")
    leading: float = Field(1.25, ge=1.1, le=2.0)
    fine_print: Points = Field(7, ge=7, description="Nothing anywhere is set smaller.")

    @property
    def min_body(self) -> float:
        return self.min


class CardSpec(Strict):
    def references(self) -> list[tuple[tuple, str]]:
        """(key path in the layout file, block id) for every block this layout picks."""
        return [
            ((side, field, i), name)
            for side in ("front", "back")
            for field in ("blocks", "branded_blocks")
            for i, name in enumerate(getattr(getattr(self, side), field) or [])
        ]

    kind: Literal["card"]
    description: str = ""
    size: Literal["85x55", "id-1", "us-business"] = "85x55"
    safe: Length = Field(3 * _UNITS["mm"], description="No text closer than this to the trim.")
    type: CardType = CardType()
    colors: Colors = Colors()
    front: CardSide
    back: CardSide
    sheet: dict[Literal["a4", "letter"], Size] = Field(
        default_factory=lambda: {
            "a4": Size(width=595.2756, height=841.8898),
            "letter": Size(width=612, height=792),
        }
    )
    optional: list[Ident] = Field(
        default_factory=list,
        description="Block ids used when the guide has them; a guide without them still builds.",
    )
    sheet_margin: Length = Field(5 * _UNITS["mm"], ge=5 * _UNITS["mm"] - 1e-6)
    spacing_floor: float = Field(
        0.5, ge=0.2, le=1, description="Space between blocks shrinks to this share first."
    )
    figure: float = Field(
        2.8,
        ge=0,
        le=6,
        description="A step's drawing, as a multiple of the body size; 0 leaves the drawings out.",
    )
    figure_type: Points = Field(
        7.5,
        ge=7,
        description="The drawings stay only if the text keeps this size with them.",
    )
    cut_marks: CutMarks = CutMarks()
    title_padding: Length = Field(1.5 * MM, description="Inside the title bar.")
    brand: BrandBand = BrandBand(
        height=18 * MM, compact=10 * MM, qr=12 * MM, caption=7, logo=False, name=8, smallest=7
    )


class SheetType(Strict):
    body: Points = Field(18, ge=16)
    heading: Points = Field(30, ge=28)
    min_body: Points = Field(16, ge=16)
    footer: Points = Field(12, ge=12, description="The footer's size; 12 pt or more.")
    leading: float = Field(1.2, ge=1.1, le=2.0)
    fine_print: Points = Field(7, ge=7, description="Nothing anywhere is set smaller.")


class SheetContent(Strict):
    habits: Ident
    quick: Ident
    red_flags: Ident
    tracker: Ident | None = None
    habits_title: str | None = Field(None, description="Default: the guide language's words.")


class SheetSpec(Strict):
    def references(self) -> list[tuple[tuple, str]]:
        fields = ("habits", "quick", "red_flags", "tracker")
        return [
            (("content", f), getattr(self.content, f)) for f in fields if getattr(self.content, f)
        ]

    kind: Literal["sheet"]
    description: str = ""
    page: dict[Literal["a4", "letter"], Size]
    margin: Length = Field(10 * _UNITS["mm"], ge=8 * _UNITS["mm"])
    type: SheetType = SheetType()
    colors: Colors = Colors()
    content: SheetContent
    figure: float = Field(
        3.4,
        ge=0,
        le=6,
        description="A quick step's drawing, as a multiple of the body size; "
        "0 leaves the drawings out.",
    )
    spacing_floor: float = Field(
        0.5, ge=0.2, le=1, description="Space between blocks shrinks to this share first."
    )
    optional: list[Ident] = Field(
        default_factory=list,
        description="Block ids used when the guide has them; a guide without them still builds.",
    )
    brand: BrandBand = BrandBand(
        height=32 * MM,  # a 20 mm code with its address under it at 12 pt
        compact=18 * MM,
        space=2 * MM,
        lines=("phone", "website", "address"),
        name=16,
        smallest=15,  # contact lines at 0.82 of the name: never below 12 pt on the sheet
        caption=12,  # the QR code's address, as large
    )


LayoutSpec = Annotated[Union[BookletSpec, CardSpec, SheetSpec], Field(discriminator="kind")]  # noqa: UP007
KINDS = ("booklet", "card", "sheet")


_MODELS = {"booklet": BookletSpec, "card": CardSpec, "sheet": SheetSpec}


def load_layout(path: Path) -> Loaded:
    """Load one layout; `kind` picks the spec it is validated against."""
    source = read_yaml(path)
    kind = source.data.get("kind") if isinstance(source.data, dict) else None
    if kind not in _MODELS:
        raise InputError(
            [source.problem(("kind",), f"expected one of {', '.join(KINDS)}; got {kind!r}.")]
        )
    return validate(source, _MODELS[kind])
