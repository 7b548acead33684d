"""The PEMAT-P items (AHRQ's Patient Education Materials Assessment Tool, printable)
that a program can judge from a built document's text and type."""

from __future__ import annotations

import re

from publisher.gate.findings import Finding
from publisher.gate.measure import Char
from publisher.i18n import code
from publisher.i18n.words import WORDS
from publisher.model.guide import Guide, StepsBlock, TrackerBlock
from publisher.text import flat

PEMAT_PASS = 70

# PEMAT-P (AHRQ, 2013; revised 2020): 17 understandability items (1-12 and 15-19; 13 and
# 14 are for audiovisual material) and 7 actionability items (20-26): 24 in all.
UNDERSTANDABILITY = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19)
ACTIONABILITY = (20, 21, 22, 23, 24, 25, 26)
PEMAT_ITEMS = len(UNDERSTANDABILITY) + len(ACTIONABILITY)
SHORT_NA = (8, 9, 11)  # very short material (a card, a sheet): chunks, headers, summary
NAMES = {
    8: "sections in short chunks", 11: "a summary (key points first)",
    12: "visual cues: headings in bold", 19: "simple tables with short headings",
    20: "at least one clear action", 21: "addresses the reader as you",
    22: "actions in explicit numbered steps", 23: "a tangible tool (check-off grid)",
    24: "calculations explained", 25: "the tool explained",
    26: "a drawing for each step",
}  # fmt: skip


def _lines(pages) -> tuple[float, dict[tuple[int, int], list[Char]]]:
    """(the body size: the median of every character's, the characters by line)."""
    sizes = [c.size for page in pages for c in page]
    body = sorted(sizes)[len(sizes) // 2] if sizes else 0
    lines_by_y: dict[tuple[int, int], list[Char]] = {}
    for page in pages:
        for char in page:
            lines_by_y.setdefault((char.page, round(char.box[1])), []).append(char)
    return body, lines_by_y


def red_flag_size(guide: Guide, pages, target: str) -> Finding:
    """Each red flag is printed somewhere no smaller than the body text (a house rule,
    not a PEMAT-P item)."""
    body, lines_by_y = _lines(pages)
    flags = [re.sub(r"\s+", "", flat(i))[:12] for i in guide.red_flags().items]
    texts = [(min(c.size for c in line), flat("".join(c.text for c in line)))
             for line in lines_by_y.values()]  # fmt: skip
    # each flag at its largest (a crowded back cover may set them smaller, never the inside)
    sizes = [max(size for size, text in texts if f in text) for f in flags
             if f and any(f in text for _, text in texts)]  # fmt: skip
    ok = bool(sizes) and min(sizes) >= body - 0.1
    said = f"the red flags at {min(sizes):.1f} pt, the body at {body:.1f} pt" if sizes else (
        "the red flags were not found in the text")  # fmt: skip
    return Finding("info" if ok else "warning", "red-flags", target, "document", said,
                   {"ok": ok})  # fmt: skip


def pemat(guide: Guide, pages, texts: list[str], target: str, whole_guide: bool = True,
          figures: tuple[int, int] | None = None) -> Finding:  # fmt: skip
    """The PEMAT-P items a program can judge from the printed words and type, as the
    share met of those judged: not PEMAT-P's score, which needs a person for the rest.
    `figures`: (numbered steps with a drawing, numbered steps), read from the file's
    structure tree; None when it has none."""
    own = WORDS.get(code(guide.language))  # a language without a file skips "you"
    words = own or WORDS["en"]
    text = " ".join(texts)
    lines = [line.strip() for t in texts for line in t.splitlines()]
    # a step's number starts a line or stands before a capital ("1 Sit down 2 Roll ...",
    # steps set side by side); "15–20 seconds" and "3 sets" are not step numbers
    joined = "\n".join(lines)
    numbers = [int(n) for n in re.findall(r"(?:^|\s)(\d{1,2})\s*(?=[A-ZÀ-Ý¿¡])", joined)]
    steps = any(numbers[i : i + 3] == [1, 2, 3] for i in range(len(numbers)))
    you_words = own["pemat"]["you"] if own else None
    you = len(re.findall(you_words, text, re.I)) if you_words else None
    shorts = [s.short for _, b in guide.blocks() if isinstance(b, StepsBlock) for s in b.steps]
    summary = any(flat(s) in flat(texts[0]) for s in shorts)
    rows = [r for _, b in guide.blocks() if isinstance(b, TrackerBlock) for r in b.tracker.rows]
    tracker = any(flat(r) in flat(text) for r in rows)
    body, lines_by_y = _lines(pages)
    headings = [
        line
        for line in lines_by_y.values()
        if len(line) > 3 and all(c.bold and c.size >= body - 0.1 for c in line)
    ]
    steps_in_guide = bool(shorts)
    judged_items: dict[int, bool | None] = {
        8: len(headings) >= 2,
        11: (flat(words["key_points"]) in flat(" ".join(texts[:3])) or summary),
        12: len(headings) >= 1,
        19: all(len(flat(r)) <= 30 for r in rows) if rows else None,
        20: steps or steps_in_guide,
        21: None if you is None else you >= 3,
        22: steps,
        23: tracker,
        24: None,  # nothing here asks the reader to calculate: not applicable
        25: flat(words["tracker_help"]) in flat(text) if tracker else None,
        26: figures[0] == figures[1] if figures and figures[1] else None,
    }
    not_applicable = {24: "no calculations asked"}
    if not whole_guide:  # very short material: PEMAT-P marks these N/A
        not_applicable.update({n: "very short material" for n in SHORT_NA})
    if not tracker:
        not_applicable[25] = "no table or chart to use"
    if not rows:
        not_applicable[19] = "no table"
    results = {n: ok for n, ok in judged_items.items() if n not in not_applicable}
    if you is None:
        results.pop(21)  # a language without its words for "you": a reader judges it
    reader = [n for n in (*UNDERSTANDABILITY, *ACTIONABILITY)
              if n not in not_applicable and results.get(n) is None]  # fmt: skip
    judged = {n: ok for n, ok in results.items() if ok is not None}
    parts = []
    scores = {}
    for name, numbers in (
        ("understandability", UNDERSTANDABILITY),
        ("actionability", ACTIONABILITY),
    ):
        mine = {n: ok for n, ok in judged.items() if n in numbers}
        met = sum(mine.values())
        scores[name] = (met, len(mine))
        parts.append(f"{name} {met} of the {len(mine)} items a program can judge")
    met, count = sum(judged.values()), len(judged)
    score = round(100 * met / count) if count else 0
    unmet = [f"{n} {NAMES[n]}" for n, ok in judged.items() if not ok]
    na = [f"{n} ({why})" for n, why in sorted(not_applicable.items())]
    level = "info" if score >= PEMAT_PASS else "warning"
    items = {NAMES[n]: judged_items.get(n) if n not in not_applicable else None for n in NAMES}
    return Finding(
        level,
        "actionability",
        target,
        "document",
        f"PEMAT-P, partial: {'; '.join(parts)} are met; of its {PEMAT_ITEMS} items, "
        f"{len(reader)} need a reader (items {', '.join(map(str, reader))}), so this is not "
        "a PEMAT-P score"
        + (f"; not met: {', '.join(unmet)}" if unmet else "")
        + (f"; not applicable: {', '.join(na)}" if na else ""),
        {"score": score, "met": met, "judged": count, "items": items, "reader": reader,
         "understandability": scores["understandability"],
         "actionability": scores["actionability"], "not_applicable": sorted(not_applicable)},
    )  # fmt: skip
