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


PEMAT_ITEMS = 26  # PEMAT-P: 19 understandability and 7 actionability items


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
    numbers = [int(m[1]) for line in lines if (m := re.match(r"^(\d{1,2})\b", line))]
    steps = any(numbers[i : i + 3] == [1, 2, 3] for i in range(len(numbers)))
    you_words = own["pemat"]["you"] if own else None
    you = len(re.findall(you_words, text, re.I)) if you_words else None
    shorts = [s.short for _, b in guide.blocks() if isinstance(b, StepsBlock) for s in b.steps]
    summary = any(flat(s) in flat(texts[0]) for s in shorts)
    rows = [r for _, b in guide.blocks() if isinstance(b, TrackerBlock) for r in b.tracker.rows]
    tracker = any(flat(r) in flat(text) for r in rows)
    sizes = [c.size for page in pages for c in page]
    body = sorted(sizes)[len(sizes) // 2] if sizes else 0
    lines_by_y: dict[tuple[int, int], list[Char]] = {}
    for page in pages:
        for char in page:
            lines_by_y.setdefault((char.page, round(char.box[1])), []).append(char)
    headings = [
        line
        for line in lines_by_y.values()
        if len(line) > 3 and all(c.bold and c.size >= body - 0.1 for c in line)
    ]
    flags = [re.sub(r"\s+", "", flat(i))[:12] for i in guide.red_flags().items]
    flag_sizes = [
        min(c.size for c in line)
        for line in lines_by_y.values()
        if any(f and f in flat("".join(c.text for c in line)) for f in flags)
    ]
    items = {
        "numbered steps": steps,
        "addresses the reader as you": None if you is None else you >= 3,
        "a summary at the start": summary,
        "key points first": flat(words["key_points"]) in flat(" ".join(texts[:3]))
        if whole_guide else None,
        "a tangible tool (check-off grid)": tracker,
        "the tool explained": flat(words["tracker_help"]) in flat(text) if tracker else None,
        "headings break up the text": len(headings) >= 2,
        "red flags no smaller than the body text": bool(flag_sizes)
        and min(flag_sizes) >= body - 0.1,
        "a drawing for each step": figures[0] == figures[1] if figures and figures[1] else None,
    }  # fmt: skip
    skipped = [name for name, ok in items.items() if ok is None]
    judged = {name: ok for name, ok in items.items() if ok is not None}
    met = sum(judged.values())
    score = round(100 * met / len(judged))
    level = "info" if score >= PEMAT_PASS else "warning"
    unmet = [name for name, ok in judged.items() if not ok]
    return Finding(
        level,
        "actionability",
        target,
        "document",
        f"PEMAT-P, partial: {met} of the {len(judged)} items a program can judge here are met"
        f" ({score}%); the rest of PEMAT-P's {PEMAT_ITEMS} items need a person to rate them"
        + (f"; not met: {', '.join(unmet)}" if unmet else "")
        + (f"; not judged here: {', '.join(skipped)}" if skipped else ""),
        {"score": score, "met": met, "judged": len(judged), "items": items, "skipped": skipped},
    )
