"""What a renderer is asked for and what it returns: the job (paper, profile, colour
conversion, brand room), the documents it makes and the slots it keeps free."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PROFILES = ("office", "press")
# a rendering's documents by role: the main file, and what is derived from it
SUFFIXES = {"main": "", "sheet": "-sheet", "imposed": "-imposed"}
ROLE_TITLES = {"sheet": "sheet of cards to cut", "imposed": "imposed for printing"}


@dataclass(frozen=True)
class Job:
    """Everything besides guide and spec that changes the pixels of a rendering."""

    paper: str = "a4"
    profile: str = "office"
    grayscale: bool = False
    branded: bool = False
    compact: bool = False  # the brand has no logo and no QR code: its band is short

    def enforce(self) -> Callable[[Any], Any] | None:
        """The colour conversion every canvas of this job applies (ReportLab's
        enforceColorSpace): gray for --grayscale, CMYK for the press profile."""
        from publisher.render.styles import to_cmyk, to_gray

        if self.grayscale:
            return to_gray(cmyk=self.profile == "press")
        return to_cmyk if self.profile == "press" else None


@dataclass(frozen=True)
class Slot:
    """A box on a page kept free for the brand: page index (-1 = last), kind, rectangle."""

    page: int
    kind: str
    x: float
    y: float
    width: float
    height: float


@dataclass
class Doc:
    data: bytes
    slots: list[Slot] = field(default_factory=list)

    def reader(self):
        """The parsed PDF, parsed once (stamping many brands reads it many times)."""
        if not hasattr(self, "_reader"):
            import io

            from pypdf import PdfReader

            self._reader = PdfReader(io.BytesIO(self.data))
        return self._reader


def titled(info: dict[str, Any], role: str) -> dict[str, Any]:
    """The metadata of a file derived from a document (a sheet of cards, the imposed
    booklet): its own title, and so its own /ID."""
    if role == "main":
        return info
    return {**info, "title": f"{info['title']}, {ROLE_TITLES[role]}"}
