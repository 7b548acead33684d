"""What a language file must say: every word the tool prints, the reading formula made for
the language with its aims, and the words PEMAT looks for. Every key is required."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

FORMULAS = ("flesch-kincaid", "fernandez-huerta")  # gate/readability.py scores both


class Reading(BaseModel):
    model_config = ConfigDict(extra="forbid")

    formula: str
    aims: dict[str, float] = Field(description="whole: the booklet's aim; short: card, sheet.")

    @field_validator("formula")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in FORMULAS:
            raise ValueError(f"formula must be one of {', '.join(FORMULAS)}")
        return value

    @field_validator("aims")
    @classmethod
    def _both(cls, value: dict[str, float]) -> dict[str, float]:
        if set(value) != {"whole", "short"}:
            raise ValueError("aims needs exactly `whole` and `short`")
        return value


class Pemat(BaseModel):
    model_config = ConfigDict(extra="forbid")

    you: str = Field(description="A regular expression for the words that address the reader.")


class Callouts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    warning: str
    tip: str
    note: str
    caution: str


class Dose(BaseModel):
    """How a step's dose is said; the lists are the forms for 1, 2, then n (`{n}`)."""

    model_config = ConfigDict(extra="forbid")

    reps: str
    reps_short: str
    sets: list[str] = Field(min_length=2, max_length=3)
    per_day: list[str] = Field(min_length=2, max_length=3)
    per_week: list[str] = Field(min_length=2, max_length=3)
    rest: str
    side: dict[str, str]

    @field_validator("side")
    @classmethod
    def _sides(cls, value: dict[str, str]) -> dict[str, str]:
        if set(value) != {"each", "left", "right"}:
            raise ValueError("side needs exactly each, left and right")
        return value


class Language(BaseModel):
    """One language's file (i18n/<code>.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str
    contents: str
    notes: str
    page: str
    reviewed: str
    hold: str
    repeat: str
    durations: str
    see_a_doctor: str
    emergency: str
    emergency_call: str = Field(description="The urgent tier's title with a brand's {number}.")
    who_to_call: str
    write_in: str = Field(
        description="On an unbranded card, before a line to write the doctor's name and number on."
    )
    what_to_do: str
    every_day: str
    in_short: str
    key_points: str
    tracker_help: str
    week: str
    disclaimer: str
    callout: Callouts
    days: list[str] = Field(min_length=7, max_length=7)
    months: list[str] = Field(min_length=12, max_length=12)
    date: str
    dear: str
    hello: str
    why: str
    why_plain: str
    attached: str
    subject: str
    subject_from: str
    questions: str
    questions_plain: str = Field(description="Whom to ask when the message has no phone.")
    kinds: dict[str, tuple[str, str]] = Field(description="Per output kind: what, and what to do.")
    go_to: str = Field(description="A contents link's words when its entry's are unknown.")
    band: dict[str, str] = Field(
        description="A clinic band's words for screen readers: "
        "`logo` ({name} for the clinic's), `qr` (the code)."
    )
    names: dict[str, str] = Field(
        description="A file's name in its title, after the guide's: per output kind, and "
        "for the print files `cards` (a sheet of cards) and `imposed`."
    )
    cover: str
    figures: dict[str, str] = Field(description="Per bundled drawing: its alt text.")
    parts: dict[str, list[str]] = Field(
        description="Per body part a drawing may show: the words that name it (whole words)."
    )
    dose: Dose
    reading: Reading
    pemat: Pemat

    @field_validator("durations")
    @classmethod
    def _pattern(cls, value: str) -> str:
        re.compile(value)
        return value

    @model_validator(mode="after")
    def _complete(self) -> Language:
        """A line for every registered output kind and alt text for every bundled drawing."""
        from publisher.kinds import KINDS
        from publisher.model.vocabulary import BODY_PARTS, FIGURES

        if set(self.kinds) != set(KINDS):
            raise ValueError(
                f"kinds: needs exactly {', '.join(KINDS)}; has {', '.join(self.kinds)}"
            )
        if set(self.band) != {"logo", "qr"}:
            raise ValueError("band: needs logo and qr")
        if set(self.names) != {*KINDS, "cards", "imposed"}:
            raise ValueError(f"names: needs {', '.join(KINDS)}, cards and imposed")
        if set(self.figures) != set(FIGURES):
            missing = sorted(set(FIGURES) - set(self.figures))
            extra = sorted(set(self.figures) - set(FIGURES))
            raise ValueError(f"figures: missing {missing}, unknown {extra}")
        if set(self.parts) != set(BODY_PARTS):
            raise ValueError(f"parts: needs exactly {', '.join(BODY_PARTS)}")
        return self
