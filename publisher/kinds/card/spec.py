"""The pocket card's layout spec: size, sides, type, the office sheet and its marks."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from publisher.model.base import Ident, Length, Strict
from publisher.model.layout import MM, BrandBand, Colors, Points, Size


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
    "85x55": Size(width=85 * MM, height=55 * MM),
    "id-1": Size(width=85.6 * MM, height=53.98 * MM),
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
    panel: Points = Field(
        8,
        ge=7,
        description="An unbranded back sets its red flags on a tinted panel while its "
        "type keeps this size; below it, the panel gives way.",
    )

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
    safe: Length = Field(3 * MM, description="No text closer than this to the trim.")
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
    sheet_margin: Length = Field(5 * MM, ge=5 * MM - 1e-6)
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


Spec = CardSpec
