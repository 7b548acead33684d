"""The one type family, registered once per process, and the glyph check that runs
before anything is drawn (a missing glyph would otherwise print as an empty box)."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from publisher.errors import BuildError, Problem
from publisher.source import Source

FAMILY = "Atkinson"
REGULAR, BOLD, ITALIC, BOLD_ITALIC = (
    f"{FAMILY}",
    f"{FAMILY}-Bold",
    f"{FAMILY}-Italic",
    f"{FAMILY}-BoldItalic",
)
_FILES = {
    REGULAR: "AtkinsonHyperlegible-Regular.ttf",
    BOLD: "AtkinsonHyperlegible-Bold.ttf",
    ITALIC: "AtkinsonHyperlegible-Italic.ttf",
    BOLD_ITALIC: "AtkinsonHyperlegible-BoldItalic.ttf",
}


@cache
def register() -> str:
    """Register the four faces once; returns the regular face's name. Also turns off
    ASCII85 around compressed streams: binary streams are a fifth smaller."""
    from reportlab import rl_config

    rl_config.useA85 = 0
    folder = files("fontpkg_atkinson_hyperlegible") / "files"
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename), asciiReadable=False))
    pdfmetrics.registerFontFamily(
        FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )
    return REGULAR


@cache
def coverage() -> frozenset[int]:
    """Code points every face can draw."""
    register()
    maps = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in _FILES]
    return frozenset(set.intersection(*maps))


def check_glyphs(source: Source, only: list[tuple] | None = None) -> None:
    """Every character of every string in the file (or under the key paths `only`) must be
    in the font, or the build stops: control characters, bidi overrides, emoji and scripts
    the font lacks would print as empty boxes or not at all."""
    covered = coverage()
    problems: list[Problem] = []

    def walk(value: Any, path: tuple) -> None:
        if isinstance(value, str):
            missing = sorted({ch for ch in value if ord(ch) not in covered and ch not in "\n\t"})
            if missing:
                shown = ", ".join(_shown(ch) for ch in missing)
                problems.append(
                    source.problem(
                        path,
                        f"the font has no glyph for {shown}; it would print as an empty box. "
                        "Remove it or write it as a word.",
                    )
                )
        elif isinstance(value, dict):
            for key, child in value.items():
                walk(child, (*path, key))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, (*path, index))

    if only is None:
        walk(source.data, ())
    for path in only or []:
        value = source.data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        walk(value, path)
    if problems:
        raise BuildError(problems)


def _name(ch: str) -> str:
    return unicodedata.name(ch, "unnamed").lower()


def _shown(ch: str) -> str:
    """A character for an error line: invisible ones (controls, bidi overrides) by code only."""
    if unicodedata.category(ch).startswith("C"):
        kind = "a control character" if unicodedata.category(ch) == "Cc" else _name(ch)
        return f"U+{ord(ch):04X} ({kind})"
    return f"'{ch}' (U+{ord(ch):04X} {_name(ch)})"


def width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)
