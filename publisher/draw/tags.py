"""Marked content for tagged PDF: while a page is drawn, everything is an artifact
(backgrounds, rules, footers, decorations) except what a `Tagged` flowable draws, which
is marked with the role of its structure element and a marked-content id. The canvas
records the structure elements in the order they are first drawn (reading order, as
the layouts draw top to bottom) and which ids each one owns; `publisher.tagging` turns
that record into the PDF's structure tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from publisher.draw import compat

Path = tuple[tuple[str, Any], ...]  # ((role, name), ...) from the document down


@dataclass
class Element:
    role: str
    parent: int | None
    alt: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    kids: list[tuple] = field(default_factory=list)  # ("el", index) | ("mc", page, mcid)


@dataclass
class Record:
    """The structure elements of one drawing and the marked content each owns."""

    elements: list[Element] = field(default_factory=lambda: [Element("Document", None)])
    keys: dict[Path, int] = field(default_factory=dict)
    next_mcid: dict[int, int] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # destination name -> its words
    owners: dict[str, int] = field(default_factory=dict)  # destination -> element linking it

    def element(self, path: Path, alt: str | None = None, attrs=None) -> int:
        """The element at `path`, made (with its ancestors) the first time it is named."""
        parent = 0
        for depth in range(1, len(path) + 1):
            key = path[:depth]
            if key not in self.keys:
                last = depth == len(path)
                role = key[-1][0]
                self.elements.append(Element(role, parent, alt if last else None,
                                             dict(attrs or {}) if last else {}))  # fmt: skip
                self.keys[key] = len(self.elements) - 1
                self.elements[parent].kids.append(("el", self.keys[key]))
            parent = self.keys[key]
        return parent

    def mark(self, element: int, page: int) -> int:
        mcid = self.next_mcid.get(page, 0)
        self.next_mcid[page] = mcid + 1
        self.elements[element].kids.append(("mc", page, mcid))
        return mcid


class TaggedCanvas(Canvas):
    """A canvas whose pages are artifacts but for the marked sequences opened in them."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.record = Record()
        self.open: list[int] = []  # the elements whose sequences are open, innermost last

    def begin(self, element: int) -> None:
        self.addLiteral("EMC")  # the artifact, or the enclosing element's sequence
        self.open.append(element)
        self._sequence(element)

    def end(self) -> None:
        self.addLiteral("EMC")
        self.open.pop()
        if self.open:  # the enclosing element goes on with a sequence of its own
            self._sequence(self.open[-1])
        else:
            self.addLiteral("/Artifact BMC")

    def _sequence(self, element: int) -> None:
        mcid = self.record.mark(element, self.getPageNumber() - 1)
        role = self.record.elements[element].role
        self.addLiteral(f"/{role} <</MCID {mcid}>> BDC")

    def beginText(self, x: float = 0, y: float = 0, direction=None) -> compat.SpacedText:
        return compat.SpacedText(self, x, y, direction=direction)  # words apart at line ends

    def showPage(self) -> None:
        compat.prepend_literal(self, "/Artifact BMC")
        self.addLiteral("EMC")
        super().showPage()


def marking(canv: Canvas) -> bool:
    return isinstance(canv, TaggedCanvas) and not getattr(canv, "repeating", False)


class Wrapper(Flowable):
    """A flowable around another: laid out as it is (what the frame gave this wrapper
    handed down), drawn by the subclass's `drawOn`."""

    def __init__(self, flowable: Flowable):
        super().__init__()
        self.flowable = flowable

    def __getattr__(self, name: str) -> Any:
        if name == "flowable":
            raise AttributeError(name)
        return getattr(self.flowable, name)

    def _hand_down(self) -> None:
        """What the frame gave this wrapper (its canvas, itself), the flowable needs."""
        compat.hand_down(self, self.flowable)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._hand_down()
        self.width, self.height = self.flowable.wrap(aW, aH)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.flowable.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.flowable.getSpaceAfter()


class Repeat(Wrapper):
    """A copy of what a reader has already heard (the red flags again on a sheet's second
    page): drawn as page furniture, an artifact, so it is read once, where it first is."""

    def drawOn(self, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:
        canv.repeating = True
        try:
            self.flowable.drawOn(canv, x, y, _sW)
        finally:
            canv.repeating = False


class Tagged(Wrapper):
    """A flowable whose drawing is the content of the structure element at `path`; the
    parts it splits into stay that one element (a paragraph across pages is one P)."""

    def __init__(self, flowable: Flowable, path: Path, alt: str | None = None,
                 link: str | None = None, **attrs: str):  # fmt: skip
        super().__init__(flowable)
        self.path, self.alt, self.attrs = path, alt, attrs
        self.link = link  # the destination an internal link in it leads to

    def split(self, aW: float, aH: float) -> list[Flowable]:
        self._hand_down()
        parts = self.flowable.split(aW, aH)
        if len(parts) == 1 and parts[0] is self.flowable:
            return [self]  # not split: the same flowable, as ReportLab expects
        return [Tagged(part, self.path, self.alt, self.link, **self.attrs) for part in parts]

    def isIndexing(self) -> bool:  # a contents list fills in over the build's passes
        return self.flowable.isIndexing()

    def drawOn(self, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:
        if not marking(canv):
            self.flowable.drawOn(canv, x, y, _sW)
            return
        element = canv.record.element(self.path, self.alt, self.attrs)
        if self.link:
            canv.record.owners[self.link] = element
        canv.begin(element)
        self.flowable.drawOn(canv, x, y, _sW)
        canv.end()


class Item(Flowable):
    """A bulleted list item: its bullet and its words (paragraph markup, in `style`), each
    in its own structure element (the Lbl and the LBody of the LI at `path`, in an L whose
    ListNumbering is Disc), where a Paragraph with `bulletText` would draw them; the
    style's bullet font, size and indent set the bullet."""

    def __init__(self, markup: str, style, path: Path, bullet: str = "•"):
        super().__init__()
        label = style.clone(
            f"{style.name}-label",
            fontName=style.bulletFontName,
            fontSize=style.bulletFontSize,
            leftIndent=style.bulletIndent,
        )
        self.label = Tagged(Paragraph(bullet, label), (*path, ("Lbl", 0)))
        self.words = Tagged(Paragraph(markup, style), (*path, ("LBody", 0)))
        self.list = path[:-1]  # the L, which says how it is numbered
        self.numbering = "Decimal" if bullet[:1].isdigit() else "Disc"

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        _, label_h = self.label.wrap(aW, aH)
        self.width, words_h = self.words.wrap(aW, aH)
        self.height = max(label_h, words_h)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.words.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.words.getSpaceAfter()

    def drawOn(self, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:
        if marking(canv):
            canv.record.element(self.list, attrs={"owner": "List", "ListNumbering": self.numbering})
        for part in (self.label, self.words):  # both from the item's top
            part.drawOn(canv, x, y + self.height - part.height, _sW)
