"""The quick gate: what every build checks without measuring a page. The colour pairs
the layouts print text in (WCAG AA), how old the review date is, steps whose cues no
output prints, and drawings of another body part than their step's words name."""

from __future__ import annotations

import datetime
import re

from publisher import colors
from publisher.gate.findings import Finding
from publisher.i18n.words import words
from publisher.model.guide import Guide
from publisher.model.vocabulary import SHOWS
from publisher.pipeline.build import Plan

STALE_DAYS = 365


def stale_findings(guide: Guide, source, target: str, today: datetime.date) -> list[Finding]:
    age = (today - guide.reviewed).days
    if age > STALE_DAYS:
        where = source.locate(("reviewed",))
        return [
            Finding(
                "warning",
                "safety",
                target,
                where,
                f"the guide was last reviewed {guide.reviewed:%d %B %Y}, {age} days ago; "
                "review it and update `reviewed` (at least once a year)",
            )
        ]
    return []


# the whole gate ----------------------------------------------------------------------


PAIRS = (  # (text colour, background) as the renderers use them
    ("text", None),
    ("muted", None),
    ("accent", None),
    ("warning", None),
    ("tip", None),
    (None, "accent"),
    ("text", "accent_light"),
    ("text", "tip_light"),
    ("text", "warning_light"),
    ("warning", "warning_light"),
    ("accent", "accent_light"),
    ("tip", "tip_light"),
)


def quick(plan: Plan, brand=None, today: datetime.date | None = None) -> list[Finding]:
    """What `build` checks without measuring: the colour pairs the layouts print text in
    (WCAG AA against their backgrounds) and how old the review date is."""
    today = today or datetime.date.today()
    findings = []
    for name, layout in plan.layouts.items():
        palette = brand.colors(layout.model.colors) if brand else layout.model.colors
        for ink, back in PAIRS:
            fg = colors.rgb(getattr(palette, ink)) if ink else colors.WHITE
            bg = colors.rgb(getattr(palette, back)) if back else colors.WHITE
            ratio = colors.contrast(fg, bg)
            if ratio < colors.BODY_RATIO:
                field_name = ink or back
                where = layout.source.locate(("colors", field_name))
                findings.append(
                    Finding(
                        "error",
                        "contrast",
                        name,
                        where,
                        f"text in {ink or 'white'} ({colors.to_hex(fg)}) on "
                        f"{back or 'white'} ({colors.to_hex(bg)}) has contrast {ratio:.2f}:1; "
                        f"it needs {colors.BODY_RATIO}:1 (WCAG AA). Choose a darker "
                        f"`{field_name}`, e.g. {colors.to_hex(colors.darkened(fg, bg))}"
                        if ink
                        else f"`{back}` is too light for white text on it: {ratio:.2f}:1; "
                        f"it needs {colors.BODY_RATIO}:1 (WCAG AA)",
                    )
                )
    for guide in plan.guides:
        findings += stale_findings(guide.model, guide.source, guide.model.id, today)
        findings += unprinted_cues(guide)
        findings += misdrawn(guide.model, guide.source, guide.model.id)
    return findings


def named_parts(text: str, language: str) -> set[str]:
    """The body parts `text` names, by the language's words for them (whole words)."""
    table = words(language)["parts"]
    return {
        part
        for part, said in table.items()
        if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I) for w in said)
    }


def _listed(names) -> str:
    names = list(names)
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def misdrawn(guide: Guide, source, target: str) -> list[Finding]:
    """A step whose bundled drawing shows none of the body parts its words name (calf
    drawings beside wrist exercises): said at the figure's line, with the drawings that
    show the part."""
    found = []
    for path, step in guide.steps():
        shows = SHOWS.get(step.figure or "")
        named = named_parts(" ".join((step.short, step.cue, step.text)), guide.language)
        if not shows or not named or named & set(shows):
            continue
        parts = sorted(named)
        fits = [n for n, s in SHOWS.items() if s[0] in named][:3]  # drawn mainly of them
        found.append(Finding(
            "warning", "drawing", target, source.locate((*path, "figure")),
            f"step “{step.short}” is about the {_listed(parts)}, but its drawing "
            f"`{step.figure}` shows the {_listed(shows)}: choose a drawing of the "
            f"{parts[0]} (e.g. {', '.join(fits)}) or your own picture",
        ))  # fmt: skip
    return found


def unprinted_cues(guide) -> list[Finding]:
    """Cues are the short forms the card and the sheet print, for the steps that play a
    role there (the routine, the quick relief). A steps block that plays neither has cues
    nobody reads: said, at the block, with what to do."""
    named = [guide.model.role("routine"), guide.model.role("quick-relief")]
    found = []
    for i, section in enumerate(guide.model.sections):
        for j, block in enumerate(section.blocks):
            if not getattr(block, "steps", None) or any(block is b for b in named):
                continue
            where = guide.source.locate(("sections", i, "blocks", j))
            found.append(Finding(
                "warning", "lost", guide.model.id, where,
                f"the steps of `{block.id or section.id}` print in the booklet, but their "
                "cues on no output (the card and sheet show the routine and the quick "
                "relief): mark the block `role: quick-relief`, or leave the cues out",
            ))  # fmt: skip
    return found
