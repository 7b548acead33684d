"""The booklet's layout spec: page, margins, type, cover, spacing, the clinic's bands."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from publisher.model.base import Ident, Length, Strict
from publisher.model.layout import MM, BrandBand, Colors, Margins, Points, Size


class BookletType(Strict):
    body: Points = Field(12.5, ge=12, description="Body text size; clear print needs 12–14 pt.")
    leading: float = Field(1.4, ge=1.1, le=2.0, description="Line height as a multiple of size.")
    title: Points = 32
    h1: Points = 19
    h2: Points = 14.5
    footer: Points = Field(9, ge=7)
    min_body: Points = Field(12, ge=12, description="The gate's floor for the body size.")
    back_min: Points = Field(
        10, ge=9, description="The back cover's red flags shrink to this before it fails."
    )
    fine_print: Points = Field(7, ge=7, description="Nothing anywhere is set smaller.")

    @field_validator("back_min")
    @classmethod
    def _below_body(cls, value: float, info: ValidationInfo) -> float:
        body = info.data.get("body")
        if body is not None and value > body:
            raise ValueError(f"the back cover shrinks from the body size ({body:g} pt) "
                             f"down to `back_min`; got {value:g} pt, larger: give {body:g} "
                             "or less")  # fmt: skip
        return value


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
    icon: str | None = Field(
        None,
        description="A bundled drawing or icon in the panel for every guide; by default "
        "each guide's own `cover:` (none: a title-only cover).",
    )
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


Spec = BookletSpec
