"""Every use of ReportLab's private names, in one place. ReportLab has no public way to
do these few things; each function says what it relies on, and tests/test_compat.py
holds a test per function against the installed ReportLab, so an upgrade is one file
to review and one test file to run."""

from __future__ import annotations

import copy
import functools
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Frame, KeepTogether


def kept_height(kept: KeepTogether) -> float:
    """A KeepTogether's real height after `wrap` (`wrap` answers a huge height when the
    group must split; `_H` holds the sum)."""
    return kept._H


def kept(flowables: list[Flowable]) -> KeepTogether:
    """`flowables` kept on one page (see `opened`)."""
    return KeepTogether(opened(flowables))


def opened(flowables: list[Flowable]) -> list[Flowable]:
    """`flowables` with each KeepTogether among them opened into its own (`_content`):
    KeepTogether answers `wrap` with a huge height so as to be split, so one nested in
    another always moved the group to the next page."""
    flat: list[Flowable] = []
    for flowable in flowables:
        flat += flowable._content if isinstance(flowable, KeepTogether) else [flowable]
    return flat


def frame_of(flowable: Flowable) -> Frame | None:
    """The frame a flowable is being laid out in (`_frame`, set by Frame.add and split)."""
    return getattr(flowable, "_frame", None)


def hand_down(wrapper: Flowable, flowable: Flowable) -> None:
    """What a frame gave a wrapping flowable (its canvas, its frame: `canv`, `_frame`),
    passed to the flowable it wraps."""
    for name in ("canv", "_frame"):
        if name in wrapper.__dict__:
            setattr(flowable, name, wrapper.__dict__[name])


def frame_height(frame: Frame) -> float:
    return frame._height


def frame_y(frame: Frame) -> float:
    """Where the next flowable's top goes: the frame's current y (`_y`)."""
    return frame._y


def at_top(frame: Frame | None) -> bool:
    """Nothing drawn in the frame yet (`_atTop`)."""
    return bool(getattr(frame, "_atTop", False))


def page_number(flowable: Flowable) -> int | None:
    """The page the document is on while it lays this flowable out."""
    return flowable._doctemplateAttr("page")


def toc_entries(contents) -> list:
    """The entries a TableOfContents draws (`_lastEntries`: ReportLab fills it from the
    previous multiBuild pass; the booklet knows them before its single pass)."""
    return contents._lastEntries


def defer_save(doc) -> None:
    """`build` lays the pages out but leaves the save to the caller (`_doSave`), so forms
    used on the pages can be defined once the layout is known."""
    doc._doSave = 0


def prepend_literal(canv: Canvas, text: str) -> None:
    """Put `text` at the start of the current page's content (`_code`); `addLiteral` is
    the public way to append."""
    canv._code.insert(0, text)


def draw_cached_image(canv: Canvas, image: Any, width: float, height: float) -> None:
    """What `canvas.drawImage` does for an image it has seen before in this document, for
    a PDFImageXObject compressed once per process: register the XObject once per
    document, then paint it into a width × height box at the origin."""
    doc = canv._doc
    ref = doc.getXObjectName(image.name)
    if not doc.idToObject.get(ref):
        image = copy.copy(image)  # the cached one stays unregistered, for the next document
        canv._setXObjects(image)
        doc.Reference(image, ref)
        doc.addForm(image.name, image)
    canv._currentPageHasImages = 1
    canv._code.append(f"q {width:g} 0 0 {height:g} 0 0 cm /{ref} Do Q")
    canv._formsinuse.append(image.name)  # so the form's resources name it


class SpacedText(PDFTextObject):
    """A text object that ends every line with a space: Paragraph draws each line as one
    text-showing operator then `T*` (`_textOut(text, TStar=1)`), and a line that ends
    without a space glues its last word to the next line's first when the structure is
    read ("crampingmuscles"). Tagged PDF wants the word break in the text (ISO 32000-1
    14.8.2.5); a trailing space draws nothing and moves nothing on the line."""

    _said = ""  # the last text shown: a line may end with an empty show (a <br/>)

    def _textOut(self, text, TStar=0):
        said = text or self._said
        if TStar and said and not said[-1].isspace() and not said.endswith(("-", "/")):
            text += " "
        self._said = "" if TStar else said
        super()._textOut(text, TStar)


def hyphenate_long_words(language: str) -> None:
    """A word too long for its line is split where the language hyphenates it (pyphen),
    with a hyphen, never between any two letters ("pantorri-llas", not "pantorrill|as");
    a web address breaks after a / or a dot. ReportLab's `paragraph._splitWord` cuts such
    a word at the last letter that fits; it is replaced while `language` renders."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import paragraph

    plain = getattr(paragraph, "_rl_plain_split", paragraph._splitWord)
    paragraph._rl_plain_split = plain

    def split(w, lineWidth, maxWidths, lineno, fontName, fontSize, encoding="utf8"):
        if isinstance(w, bytes) or paragraph.isBidiStr(w):
            return plain(w, lineWidth, maxWidths, lineno, fontName, fontSize, encoding)
        last = len(maxWidths) - 1
        out, rest = [], w
        while True:
            room = maxWidths[min(last, lineno)] - lineWidth
            if stringWidth(rest, fontName, fontSize) <= room:
                out.append(paragraph._SplitWordEnd(rest))
                return out
            dic = _hyphenator(language)
            cut = _fitting_cut(rest, room, dic, fontName, fontSize, stringWidth)
            if cut is None and lineWidth > 0 and out == []:  # none fits here: the next line
                out.append(paragraph._SplitWord(""))
                lineno, lineWidth = lineno + 1, 0
                continue
            if cut is None:  # not even one syllable fits a line: the old way, for this part
                return out + plain(rest, lineWidth, maxWidths, lineno, fontName, fontSize,
                                   encoding)  # fmt: skip
            head, rest = cut
            out.append(paragraph._SplitWord(head))
            lineno, lineWidth = lineno + 1, 0

    paragraph._splitWord = split


@functools.cache
def _hyphenator(language: str):
    """pyphen's dictionary for the language (en when it has none), loaded the first time a
    word needs it: loading one costs a fifth of a second."""
    import pyphen

    code = language if language in pyphen.LANGUAGES else language.split("_")[0]
    return pyphen.Pyphen(lang=code if code in pyphen.LANGUAGES else "en")


def _fitting_cut(word: str, room: float, dic, font: str, size: float, width):
    """(the longest first part that fits `room`, hyphen included, the rest), split at a
    hyphenation point or after a / . - in an address; None when no part fits."""
    breaks = [i + 1 for i, c in enumerate(word[:-1]) if c in "/.-?&="]
    syllables = [i for i in dic.positions(word) if word[i - 1].isalpha() and word[i].isalpha()]
    address = "/" in word or word.startswith("www.")  # never a made-up hyphen if avoidable
    for points in [breaks, syllables] if address else [sorted({*breaks, *syllables})]:
        for at in sorted(points, reverse=True):
            head = word[:at] if word[at - 1] in "/.-?&=" else word[:at] + "-"
            if 0 < at < len(word) and width(head, font, size) <= room:
                return head, word[at:]
    return None
