"""What a renderer is asked for and what it returns: the job (paper, profile, colour
conversion, brand room), the documents it makes and the slots it keeps free."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

MM = 72 / 25.4


@dataclass(frozen=True)
class PrintProfile:
    """What a print profile does to finished pages: colour space, bleed (the page grown on
    every side, artwork moved in, never stretched), crop marks, imposed card sheets."""

    cmyk: bool = False
    bleed: float = 0.0  # points
    slug: float = 0.0  # beyond the bleed, for the crop marks: MediaBox = BleedBox + slug
    crop_marks: bool = False
    mark_offset: float = 0.0  # a mark starts this far from the trim, outside the bleed
    card_sheet: bool = True  # n-up card sheets for the office; a print shop imposes its own
    folder: str = ""  # a sub-folder of the guide's output folder


PRINT_PROFILES = {
    "office": PrintProfile(),
    "press": PrintProfile(
        cmyk=True,
        bleed=3 * MM,
        slug=6 * MM,
        crop_marks=True,
        mark_offset=4 * MM,
        card_sheet=False,
        folder="press",
    ),
}
PROFILES = tuple(PRINT_PROFILES)
# a rendering's documents by role: the main file, and what is derived from it
SUFFIXES = {"main": "", "cards": "-sheet", "imposed": "-imposed"}  # role -> file name


@dataclass(frozen=True)
class Job:
    """Everything besides guide and spec that changes the pixels of a rendering."""

    paper: str = "a4"
    profile: str = "office"
    grayscale: bool = False
    branded: bool = False
    compact: bool = False  # the brand has no logo and no QR code: its band is short

    @property
    def print(self) -> PrintProfile:
        return PRINT_PROFILES[self.profile]

    @property
    def tagged(self) -> bool:
        """Files people open (office profiles) are tagged PDF/UA; print shops' files not."""
        return not (self.print.bleed or self.print.crop_marks)

    def enforce(self) -> Callable[[Any], Any] | None:
        """The colour conversion every canvas of this job applies (ReportLab's
        enforceColorSpace): gray for --grayscale, CMYK for the press profile."""
        from publisher.draw.styles import to_cmyk, to_gray

        if self.grayscale:
            return to_gray(cmyk=self.print.cmyk)
        return to_cmyk if self.print.cmyk else None


@dataclass(frozen=True)
class Slot:
    """A box on a page kept free for the brand: page index (-1 = last), kind, rectangle,
    and the layout's settings for what the band shows (a specs.BrandBand)."""

    page: int
    kind: str
    x: float
    y: float
    width: float
    height: float
    look: Any = None

    def moved(self, page: int, dx: float, dy: float) -> Slot:
        """The same slot on another page of a derived document, shifted by (dx, dy)."""
        return replace(self, page=page, x=self.x + dx, y=self.y + dy)


@dataclass
class Doc:
    data: bytes
    slots: list[Slot] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the rendering left out, said aloud
    record: Any = None  # the structure drawn (render.tags.Record), for a tagged file
    # the drawn file with its structure written, made once for all brands (tagging.base)
    tagged: bytes | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict:
        """What another process needs (parallel.py): the tagged base is made again there."""
        return {**self.__dict__, "tagged": None}


def titled(info: dict[str, Any], role: str) -> dict[str, Any]:
    """The metadata of a file derived from a document (a sheet of cards, the imposed
    booklet): its own title, and so its own /ID."""
    from publisher.i18n.words import words

    if role == "main":
        return info
    return {**info, "title": f"{info['title']}, {words(info['lang'])['names'][role]}"}
