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
    "hip",
    "arm",
    "back",
    "shoulder",
    "neck",
    "pill",
    "phone",
)
Icon = Literal[ICONS]  # type: ignore[valid-type]
# the bundled line drawings (draw/drawings.py, draw/bodies.py) and the body parts each
# shows: `check` warns when a step's words name parts and its drawing shows none of them
SHOWS: dict[str, tuple[str, ...]] = {
    "strokes-up": ("leg", "ankle", "knee"),
    "thumb-circles": ("leg",),
    "strokes-across": ("leg",),
    "tennis-ball": ("leg",),
    "toes-to-shin": ("leg", "ankle", "foot"),
    "toes-to-shin-warm": ("leg", "ankle", "foot"),
    "flex-foot": ("leg", "ankle", "foot"),
    "calf-stretch": ("leg", "ankle", "foot", "knee"),
    "calf-stretch-bent": ("leg", "ankle", "foot", "knee"),
    "warm-pack": ("leg",),
    "massage": ("leg",),
    "head-turn": ("neck",),
    "head-tilt": ("neck",),
    "chin-tuck": ("neck",),
    "shoulder-rolls": ("shoulder", "neck"),
    "pendulum": ("shoulder", "arm"),
    "shoulder-blade-squeeze": ("shoulder", "back", "arm"),
    "wall-walk": ("shoulder", "arm"),
    "arm-turn-out": ("shoulder", "arm"),
    "knee-rocking": ("back", "hip", "knee"),
    "knee-to-chest": ("back", "hip", "knee"),
    "pelvic-tilt": ("back", "hip"),
    "bridge": ("back", "hip", "leg"),
    "cat-camel": ("back",),
    "childs-pose": ("back", "shoulder", "arm"),
    "back-extension": ("back",),
    "side-leg-raise": ("hip", "leg"),
    "hip-stretch": ("hip", "leg", "knee"),
    "thigh-squeeze": ("knee", "leg"),
    "straight-leg-raise": ("knee", "leg", "hip"),
    "heel-slide": ("knee", "leg", "foot"),
    "sit-to-stand": ("knee", "leg", "hip"),
    "step-up": ("knee", "leg", "hip"),
    "ankle-circles": ("ankle", "foot"),
    "heel-raise": ("ankle", "foot", "leg"),
    "one-leg-stand": ("ankle", "foot", "leg", "knee"),
    "wrist-lift": ("arm",),
    "wrist-bend": ("arm",),
    "forearm-turn": ("arm",),
    "ball-squeeze": ("arm",),
    "forearm-stretch": ("arm",),
}
FIGURES = tuple(SHOWS)
BODY_PARTS = ("neck", "shoulder", "arm", "back", "hip", "knee", "leg", "ankle", "foot")


def is_image_file(name: str) -> bool:
    return name.lower().endswith((".png", ".jpg", ".jpeg"))


CoverArt = Literal[FIGURES + ICONS]  # type: ignore[valid-type]  # a booklet cover's art
