"""The fridge sheet's layout spec: page, type, what goes where."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from publisher.model.base import Ident, Length, Strict
from publisher.model.layout import MM, BrandBand, Colors, Points, Size


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
    emergency: Ident | None = Field(None, description="The urgent red flags, first; optional.")
    tracker: Ident | None = None
    cautions: Ident | None = Field(
        None, description="How to do the quick steps safely: a line in their box; optional."
    )
    habits_title: str | None = Field(None, description="Default: the guide language's words.")


class SheetSpec(Strict):
    def references(self) -> list[tuple[tuple, str]]:
        fields = ("habits", "quick", "red_flags", "emergency", "tracker", "cautions")
        return [
            (("content", f), getattr(self.content, f)) for f in fields if getattr(self.content, f)
        ]

    kind: Literal["sheet"]
    description: str = ""
    page: dict[Literal["a4", "letter"], Size]
    margin: Length = Field(10 * MM, ge=8 * MM)
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


Spec = SheetSpec
