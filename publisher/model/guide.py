"""The Guide model: what a health guide says, never where it goes on a page."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import (
    Discriminator,
    Field,
    PrivateAttr,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

from publisher.model import roles
from publisher.model.base import Ident, Language, Strict
from publisher.model.roles import ROLES, Role
from publisher.model.vocabulary import (
    FIGURES,
    MAX_GUIDE,
    CoverArt,
    Icon,
    Short,
    Text,
    Title,
    is_image_file,
)


class Step(Strict):
    """One numbered action; `short` and `cue` are the forms small outputs print."""

    short: Short = Field(description="A few-word title, e.g. 'Warm the calf'.")
    cue: Text = Field(
        description="One plain line for the card, e.g. 'Slow strokes, ankle to knee'."
    )
    text: Text = Field(description="The full instruction, as the booklet prints it.")
    hold: Text | None = Field(None, description="How long to hold, e.g. '15–20 seconds'.")
    reps: Annotated[int, Field(ge=1, le=100)] | None = Field(None, description="Times in a row.")
    sets: Annotated[int, Field(ge=1, le=20)] | None = Field(None, description="Rounds of reps.")
    per_day: Annotated[int, Field(ge=1, le=12)] | None = Field(None, description="Times a day.")
    per_week: Annotated[int, Field(ge=1, le=14)] | None = Field(None, description="Times a week.")
    rest: Short | None = Field(None, description="Rest between sets, e.g. '30 seconds'.")
    side: Literal["each", "left", "right"] | None = Field(
        None, description="each: do it on both sides; left or right: that side only."
    )
    figure: str | None = Field(
        None,
        description="A drawing of the step: one of the bundled drawings ("
        + ", ".join(FIGURES)
        + ") or a PNG or JPEG file, relative to the guide file.",
    )
    alt: Text | None = Field(
        None,
        description="What the figure shows, in a few words, for screen readers. The "
        "bundled drawings have their own; a picture from a file needs one.",
    )

    @field_validator("figure")
    @classmethod
    def _known_figure(cls, value: str | None) -> str | None:
        if value is None or value in FIGURES or is_image_file(value):
            return value
        if not value.strip():
            raise ValueError("the figure is empty: name a drawing or a picture file, or remove "
                             "the line")  # fmt: skip
        close = difflib.get_close_matches(value.strip().lower(), FIGURES, n=1)
        hint = f"Did you mean `{close[0]}`? " if close else ""
        raise ValueError(
            f"there is no drawing called `{value}`. {hint}The drawings are listed in the "
            "README under “Drawings of the steps”; or name a PNG or JPEG file next to the guide."
        )

    @property
    def image(self) -> str | None:
        """The file the figure comes from, when it is not a bundled drawing."""
        return self.figure if self.figure and is_image_file(self.figure) else None

    @model_validator(mode="after")
    def _one_frequency(self) -> Step:
        if self.per_day and self.per_week:
            raise ValueError("give `per_day` or `per_week`, not both")
        if self.rest and not self.sets:
            raise ValueError("`rest` is the rest between sets: give `sets` too")
        return self

    @property
    def cue_hold(self) -> str | None:
        """The hold to print after the cue; None when there is none or the cue says it."""
        if self.hold and self.hold.casefold() not in self.cue.casefold():
            return self.hold
        return None


AVOID = ("don't ", "don’t ", "do not ", "avoid ", "never ", "no ")  # English, Spanish "no"


class Habit(Strict):
    """An everyday habit with a short form and an icon, for the sheet and card."""

    short: Short
    text: Text | None = None
    icon: Icon = "check"

    @property
    def avoid(self) -> bool:
        """A habit phrased as something not to do: its icon is shown struck through."""
        return self.short.casefold().startswith(AVOID)


class Question(Strict):
    q: Title
    a: Text


class Reference(Strict):
    text: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None


class Callout(Strict):
    kind: Literal["tip", "note", "caution", "warning"] = Field(
        description="warning = red flags (when to see a doctor); caution = how to do the "
        "routine safely (pressure, pregnancy, when to stop), printed with the steps on every "
        "output; tip and note are advice."
    )
    title: Title | None = None
    text: Text | None = None
    short: Title | None = Field(
        None,
        description="A caution's line for the card and the fridge sheet, e.g. 'Go gently: "
        "heavy pressure can make a cramp worse.' A caution needs one.",
    )
    items: list[Text] = Field(default_factory=list, max_length=20)
    contact: Title | None = Field(
        None, description="Who to call, the box's last line: 'Worried? Call your doctor.'"
    )
    urgency: Literal["emergency"] | None = Field(
        None,
        description="On a warning: these red flags mean calling an emergency number now; "
        "the other warning box holds those for seeing a doctor soon. Every output prints "
        "this one first.",
    )

    @property
    def alarming(self) -> bool:
        """Boxed as a warning on every output (its colour, the warning sign, kept whole):
        red flags and cautions; a tip is ticked, a note informs."""
        return self.kind in ("warning", "caution")

    @property
    def icon(self) -> str:
        """The bundled icon its box shows."""
        return {"tip": "check", "note": "info"}.get(self.kind, "warning")

    @model_validator(mode="after")
    def _has_content(self) -> Callout:
        if not self.text and not self.items:
            raise ValueError("a callout needs `text`, `items` or both")
        if self.kind == "caution" and not self.short:
            raise ValueError(
                "a caution needs `short:`, the line the card and the fridge sheet print "
                "with the steps (e.g. 'Go gently: heavy pressure can make it worse.')"
            )
        return self


class KeyPoint(Strict):
    """A line of the box that opens the booklet: a title and its points."""

    title: Title
    items: list[Text] = Field(min_length=1, max_length=8)


class Disclaimer(Strict):
    text: Text = Field(description="The full disclaimer, as the booklet prints it.")
    short: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)
    ] = Field(description="One line for the card and the sheet.")


class Tracker(Strict):
    """A weekly check-off grid: the sheet becomes a tool, not just text."""

    title: Title
    rows: list[Short] = Field(min_length=1, max_length=6)
    days: list[Annotated[str, StringConstraints(min_length=1, max_length=4)]] | None = Field(
        None, min_length=1, max_length=7, description="Default: the guide language's weekdays."
    )


class BlockBase(Strict):
    id: Ident | None = Field(None, description="Names the block (unique in the guide).")
    role: Role | None = Field(
        None,
        description="What the block is for, where the default guess is wrong: routine (the "
        "steps the card carries), quick-relief (what to do at once), habits, red-flags, "
        "emergency, tracker, cautions. By default: red flags are the first warning box, "
        "habits the first habits block, the tracker the first tracker, cautions the first "
        "caution box, the routine the steps block that is not the quick relief (the "
        "longest), and the quick relief a steps block with that id.",
    )

    @model_validator(mode="after")
    def _role_fits(self) -> BlockBase:
        if problem := roles.misplaced(self):
            raise ValueError(problem)
        return self


class ParagraphBlock(BlockBase):
    paragraph: Text


class StepsBlock(BlockBase):
    title: Title | None = None
    duration: Text | None = Field(None, description="How long the whole routine takes.")
    steps: list[Step] = Field(min_length=1, max_length=20)


class BulletsBlock(BlockBase):
    title: Title | None = None
    bullets: list[Text] = Field(min_length=1, max_length=20)


class HabitsBlock(BlockBase):
    title: Title | None = None
    habits: list[Habit] = Field(min_length=1, max_length=60)


class CalloutBlock(BlockBase):
    callout: Callout


class FaqBlock(BlockBase):
    faq: list[Question] = Field(min_length=1, max_length=40)


class ReferencesBlock(BlockBase):
    references: list[Reference] = Field(min_length=1, max_length=40)


class TrackerBlock(BlockBase):
    tracker: Tracker


class Log(Strict):
    """A page to write in, when the guide asks for one: its title, one line on how to use
    it, and its columns, all in the guide's words."""

    title: Title
    help: Text
    columns: list[Short] = Field(min_length=2, max_length=5)


class LogBlock(BlockBase):
    log: Log


BLOCK_KINDS = {
    "paragraph": ParagraphBlock,
    "steps": StepsBlock,
    "bullets": BulletsBlock,
    "habits": HabitsBlock,
    "callout": CalloutBlock,
    "faq": FaqBlock,
    "references": ReferencesBlock,
    "tracker": TrackerBlock,
    "log": LogBlock,
}


def block_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((kind for kind in BLOCK_KINDS if kind in value), None)
    return next((k for k, cls in BLOCK_KINDS.items() if isinstance(value, cls)), None)


Block = Annotated[
    Union[tuple(Annotated[cls, Tag(kind)] for kind, cls in BLOCK_KINDS.items())],  # noqa: UP007
    Discriminator(
        block_kind,
        custom_error_type="block_kind",
        custom_error_message="a block needs one of the keys " + ", ".join(BLOCK_KINDS),
    ),
]


class Section(Strict):
    id: Ident
    title: Title
    blocks: list[Block] = Field(min_length=1, max_length=40)


class Guide(Strict):
    """A whole guide: the one source every output is made from."""

    id: Ident = Field(description="File-name-safe name, e.g. calf-cramp-massage.")
    title: Title
    subtitle: Title | None = None
    _images: dict[str, Path] = PrivateAttr(default_factory=dict)  # figure files, checked
    audience: Title | None = Field(
        None, description="Who it is for, on the cover: 'For adults who get calf cramps'."
    )
    language: Language = Field("en", description="Language code, e.g. en, en_GB, de.")
    reviewed: dt.date = Field(description="When a clinician last reviewed the content.")
    author: Text | None = None
    keywords: list[Text] = Field(default_factory=list, max_length=20)
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)] | None = (
        Field(None, description="The guide's own page; a clinic's QR code points here.")
    )
    intro: Text | None = Field(None, description="The opening paragraph.")
    cover: CoverArt | None = Field(
        None, description="The booklet cover's art: a bundled drawing or icon (none: title only)."
    )
    key_points: list[KeyPoint] | None = Field(
        None,
        max_length=5,
        description="The booklet's opening box; by default its quick relief, habits and red flags.",
    )
    sections: list[Section] = Field(min_length=1, max_length=30)
    disclaimer: Disclaimer

    @model_validator(mode="after")
    def _not_too_long(self) -> Guide:
        total = _characters(self.model_dump(mode="json"))
        if total > MAX_GUIDE:
            raise ValueError(
                f"the guide has {total:,} characters of text; the limit is {MAX_GUIDE:,} "
                "(about 60 booklet pages). Split it into two guides."
            )
        return self

    def blocks(self) -> Iterator[tuple[Section, Any]]:
        for section in self.sections:
            for block in section.blocks:
                yield section, block

    def block(self, name: str) -> Any:
        """A block by its role (see ROLES) or, for layouts written before roles, its id."""
        if name in ROLES:
            return self.role(name)
        return next((b for _, b in self.blocks() if b.id == name), None)

    def shown(self, name: str) -> str:
        """The guide's own name (its id) for what a layout calls `name` (a role or an id)."""
        return getattr(self.block(name), "id", None) or name

    def role(self, name: str) -> Any:
        """The block that plays a role (model/roles.py)."""
        return roles.find(self, name)

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.id == name), None)

    def steps(self) -> Iterator[tuple[tuple, Step]]:
        """Every step with its place in the YAML, in order."""
        for i, section in enumerate(self.sections):
            for j, block in enumerate(section.blocks):
                for k, step in enumerate(getattr(block, "steps", [])):
                    yield ("sections", i, "blocks", j, "steps", k), step

    def image(self, name: str) -> Path:
        """The checked file of a step's figure that is a picture, not a bundled drawing."""
        return self._images[name]

    def red_flags(self) -> Callout:
        """The red flags for seeing a doctor (soon); see `emergency` for the urgent tier."""
        return self.role("red-flags").callout

    def emergency(self) -> Callout | None:
        """The red flags that mean calling an emergency number now, when the guide splits
        its red flags into two tiers."""
        block = self.role("emergency")
        return block.callout if block is not None else None

    def warnings(self) -> list[Callout]:
        """Both tiers, the urgent one first: what every output prints."""
        return [c for c in (self.emergency(), self.red_flags()) if c is not None]


def _characters(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(_characters(v) for v in value.values())
    if isinstance(value, list):
        return sum(_characters(v) for v in value)
    return 0
