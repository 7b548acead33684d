"""The names and sizes a guide's values keep to: the text types and their limits, the
bundled icons and line drawings a guide may name."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, StringConstraints

MAX_WORD = 60  # characters: a longer word cannot be set on a card or sheet line
MAX_TEXT = 5000  # characters in one paragraph, answer or step
MAX_TITLE = 120
MAX_GUIDE = 60_000  # characters of text in a whole guide: about 60 booklet pages


def _words_fit(value: str) -> str:
    word = max(value.split(), key=len, default="")
    if len(word) > MAX_WORD:
        raise ValueError(
            f"the word '{word[:24]}…' is {len(word)} characters long; no word may be longer "
            f"than {MAX_WORD}. Break it up (put a web address in `references` with `url:`)."
        )
    return value


def _text(most: int) -> Any:
    limit = StringConstraints(strip_whitespace=True, min_length=1, max_length=most)
    return Annotated[str, limit, AfterValidator(_words_fit)]


Text = _text(MAX_TEXT)
Title = _text(MAX_TITLE)
Short = _text(60)

ICONS = (
    "water",
    "food",
    "stretch",
    "bed",
    "shoe",
    "chair",
    "warning",
    "heat",
    "clock",
    "hand",
    "ball",
    "check",
    "doctor",
    "leg",
    "info",
    "foot",
    "ice",
    "bottle",
    "walk",
    "knee",
    "back",
    "shoulder",
    "neck",
    "pill",
    "phone",
)
Icon = Literal[ICONS]  # type: ignore[valid-type]
FIGURES = (  # the bundled line drawings of the technique (render/drawings.py)
    "strokes-up",
    "thumb-circles",
    "strokes-across",
    "tennis-ball",
    "toes-to-shin",
    "flex-foot",
    "calf-stretch",
    "calf-stretch-bent",
    "warm-pack",
    "massage",
)


def is_image_file(name: str) -> bool:
    return name.lower().endswith((".png", ".jpg", ".jpeg"))


CoverArt = Literal[FIGURES + ICONS]  # type: ignore[valid-type]  # a booklet cover's art
