"""Every word the tool prints itself, as opposed to the guide's words, per language:
the booklet's "Contents" and "Page 2 of 16", review dates, "Hold …", default titles,
weekday names, and the email around the handouts. The words are data (i18n/<code>.yaml);
a language without a file prints English."""

from __future__ import annotations

import datetime
import re

from publisher.i18n import code, languages

WORDS: dict[str, dict] = languages()  # i18n/<code>.yaml, validated


def words(language: str) -> dict:
    """The table for a guide's language (en_GB → en); English where there is none yet."""
    return WORDS.get(code(language), WORDS["en"])


def who_to_call(callout, language: str) -> str | None:
    """The last line of a box: whom to call. The callout's own `contact:`; for red flags
    without one, the language's "Worried? Call your doctor."; nothing for other boxes."""
    if callout.contact:
        return callout.contact
    urgent = callout.kind == "warning" and callout.urgency == "emergency"  # its title says it
    return words(language)["who_to_call"] if callout.kind == "warning" and not urgent else None


def callout_title(callout, language: str, red_flags: bool) -> str:
    """A box's title: its own, else "When to see a doctor" for the guide's red flags, else
    the word for its kind ("Tip", "Note", "Warning"): the same rule on every output."""
    table = words(language)
    if callout.title:
        return callout.title
    if callout.kind == "warning" and callout.urgency == "emergency":
        return table["emergency"]
    return table["see_a_doctor"] if red_flags else table["callout"][callout.kind]


def hold(text: str, language: str) -> str:
    """ "Hold 20 seconds." for a duration (its unit in any table's language), else the
    repetition as it is written: "10 times each leg." """
    timed = any(re.search(w["durations"], text, re.IGNORECASE) for w in WORDS.values())
    return words(language)["hold" if timed else "repeat"].format(hold=text)


def dose(step, language: str, short: bool = False) -> str | None:
    """A step's structured dose in plain words, the same on every output: "10 times,
    3 sets, each side, twice a day; rest 30 seconds between sets" (short, for the card:
    "10 ×, 3 sets, each side, twice a day"). None when the step gives none."""
    table = words(language)["dose"]

    def counted(forms: list[str], n: int) -> str:
        return forms[min(n, len(forms)) - 1].format(n=n)

    parts = []
    if step.reps:
        parts.append(table["reps_short" if short else "reps"].format(n=step.reps))
    if step.sets:
        parts.append(counted(table["sets"], step.sets))
    if step.side:
        parts.append(table["side"][step.side])
    if step.per_day:
        parts.append(counted(table["per_day"], step.per_day))
    if step.per_week:
        parts.append(counted(table["per_week"], step.per_week))
    said = ", ".join(parts)
    if step.rest and not short:
        said += "; " + table["rest"].format(rest=step.rest)
    return said or None


def date(day: datetime.date, language: str) -> str:
    """A date as the language writes it (25 November 2026, 25 de noviembre de 2026), its
    words joined by no-break spaces: a date never breaks across lines."""
    w = words(language)
    text = w["date"].format(day=day.day, month=w["months"][day.month - 1], year=day.year)
    return text.replace(" ", "\u00a0")


def reviewed(day: datetime.date, language: str) -> str:
    return words(language)["reviewed"].format(date=date(day, language))


def caution_said(callout, language: str) -> tuple[str, str]:
    """A caution as the card, the sheet and the email say it: (its title, ending in a stop
    unless it has its own mark, its short form)."""
    title = callout_title(callout, language, False)
    return f"{title}{'' if title[-1:] in '.!?:' else '.'}", callout.short
