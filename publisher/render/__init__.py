"""Renderers, one module per layout kind; RENDERERS maps a spec's kind to its function.

A renderer takes (guide, spec, job, info) and returns {file suffix: Doc}: the PDF bytes and
the slots where a clinic's brand is stamped later (see publisher.press.stamp)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PROFILES = ("office", "press")


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


SUFFIX_TITLES = {"-sheet": "sheet of cards to cut", "-imposed": "imposed for printing"}


def titled(info: dict[str, Any], suffix: str) -> dict[str, Any]:
    """The metadata of a file derived from a document (`-sheet`, `-imposed`): its own title,
    and so its own /ID."""
    if not suffix:
        return info
    return {**info, "title": f"{info['title']}, {SUFFIX_TITLES[suffix]}"}


def _booklet(*args: Any, **kwargs: Any) -> dict[str, Doc]:
    from publisher.render.booklet import render

    return render(*args, **kwargs)


def _card(*args: Any, **kwargs: Any) -> dict[str, Doc]:
    from publisher.render.card import render

    return render(*args, **kwargs)


def _sheet(*args: Any, **kwargs: Any) -> dict[str, Doc]:
    from publisher.render.sheet import render

    return render(*args, **kwargs)


RENDERERS: dict[str, Callable[..., dict[str, Doc]]] = {
    "booklet": _booklet,
    "card": _card,
    "sheet": _sheet,
}
