"""The booklet's pages: the page templates (cover, contents, body, notes, back), the
running footer, the notes lines and the cover panel. What flows into them is in booklet.py."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import white
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.tableofcontents import TableOfContents

from publisher.draw import band as branding
from publisher.draw import compat, drawings, fonts, icons
from publisher.draw.job import Job, Slot
from publisher.draw.markup import inline
from publisher.draw.styles import color, dated, style, table_style
from publisher.draw.tags import Tagged, marking
from publisher.i18n.words import reviewed, words
from publisher.kinds.booklet.spec import BookletSpec
from publisher.model import guide as g


class Heading(Paragraph):
    """A heading that becomes a bookmark and an outline entry, tagged as an H2 (the
    cover's title is the H1). A section's heading is a contents line too: the story
    adds it to the Contents."""

    def __init__(self, text: str, style, key: str, **split):
        super().__init__(inline(text), style, **split)  # `split`: from Paragraph.split
        self.key, self.title = key, text

    def drawOn(self, canv, x: float, y: float, _sW: float = 0) -> None:
        if not marking(canv):
            super().drawOn(canv, x, y, _sW)
            return
        canv.record.links[self.key] = self.title  # what a contents link to it says
        canv.begin(canv.record.element((("H2", self.key),)))
        super().drawOn(canv, x, y, _sW)
        canv.end()


EMPTIEST = 0.3  # of a body page's height, the most a step list may leave empty (under
# the third a clinic accepts, for the space a flowable keeps before it)


class Procedure(KeepTogether):
    """A step list with its title, duration and tip, split across a page turn only to
    keep a page from running a third empty: it stays where it fits whole, or runs from a
    left-hand page onto the facing one, or (its head fitting) from a page that would
    otherwise be more than a third empty; else it starts on the next page."""

    def __init__(self, flowables: list[Flowable], head: int = 1):
        super().__init__(flowables)
        self.head = head  # title, duration and first step: never parted

    def _height(self, flowable: Flowable, aW: float, aH: float) -> float:
        _, height = flowable.wrapOn(self.canv, aW, aH)
        return compat.kept_height(flowable) if isinstance(flowable, KeepTogether) else height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        self.wrap(aW, aH)
        frame = compat.frame_of(self)
        full = compat.frame_height(frame) if frame else aH
        left = (compat.page_number(self) or 1) % 2 == 0
        heights = [self._height(f, aW, aH) + f.getSpaceBefore() + f.getSpaceAfter()
                   for f in self._content]  # fmt: skip
        total = sum(heights)  # (a kept-together tip answers a huge height to wrap)
        slack = max(heights[1:], default=0)  # a step does not split: a page may end short
        stays = aH >= total or (left and aH + full >= total + slack) or compat.at_top(frame)
        head = KeepTogether(self._content[: self.head])
        head.canv = self.canv
        at_top = compat.at_top(frame)
        head.wrap(aW, aH)  # (KeepTogether answers a huge height to be split)
        needed = compat.kept_height(head)
        if needed > aH - 0.01 and not at_top:  # the head is never parted
            stays = False
        elif aH > full * EMPTIEST:  # moving on would leave this page too empty
            stays = True
        # (the head fits here, so each of its parts does in turn)
        return self._content[:] if stays else [PageBreak(), *self._content]


class Contents(TableOfContents):
    """The contents page: each entry its title (a link to its page) and its page number,
    in that order in the file too (ReportLab's own list draws the number first), on a
    dotted rule; each entry is one TOCI of the TOC. The entries are known before the
    pages are laid out (the story makes the headings); their page numbers are drawn as
    forms the document fills in when it is done, so one layout pass makes the booklet."""

    def __init__(self, entry_style):
        super().__init__()
        self.levelStyles = [entry_style]
        self.number = entry_style.clone("toc-page", alignment=2, leftIndent=0, rightIndent=0)
        self.numbers: dict[str, Later] = {}  # heading key -> its page number's line

    def add(self, text: str, key: str) -> None:
        compat.toc_entries(self).append((0, text, None, key))
        self.numbers[key] = Later(f"toc-{key}", self.number)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        entries = compat.toc_entries(self) or [(0, "", None, None)]
        style = self.getLevelStyle(0)
        numbers_w = fonts.width("000", fonts.REGULAR, style.fontSize) + 6
        rows, lines = [], []
        for n, (_, text, _, key) in enumerate(entries):
            path = (("TOC", "toc"), ("TOCI", n))
            title = f'<a href="#{key}">{text}</a>' if key else text
            rows.append([Tagged(Paragraph(title, style), path, link=key),
                         Tagged(self.numbers.get(key) or Spacer(0, 0), path)])  # fmt: skip
            lines.append(("LINEBELOW", (0, n), (-1, n), 0.6, style.textColor, None, (0.6, 2.4)))
        self._table = Table(rows, colWidths=(availWidth - numbers_w, numbers_w))
        space = ("TOPPADDING", (0, 0), (-1, -1), style.spaceBefore)
        self._table.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "BOTTOM"), space, *lines))
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height


class Later(Flowable):
    """A right-aligned line known only when the document is done (a page number): drawn
    as the form `name`, which `fill` defines before the file is saved."""

    def __init__(self, name: str, style):
        super().__init__()
        self.name, self.style = name, style

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        self.canv.translate(self.width, 0)
        self.canv.doForm(self.name)

    def fill(self, canv, text: str, width: float) -> None:
        """Define the form: `text` set as this line's Paragraph, its right edge at the
        form's origin, exactly where the Paragraph itself would have drawn it."""
        para = Paragraph(text, self.style)
        _, height = para.wrap(width, self.style.leading * 4)
        canv.beginForm(self.name, -width, -height, 0, 2 * height)
        para.drawOn(canv, -width, 0)
        canv.endForm()


class PadToFour(Flowable):
    """Marks where notes pages go so that the page count is a multiple of four."""

    def wrap(self, *_: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class BookletDoc(BaseDocTemplate):
    def __init__(self, buffer, guide: g.Guide, spec: BookletSpec, job: Job, info: dict):
        self.guide, self.spec = guide, spec
        page = spec.page[job.paper]
        m = spec.margins
        super().__init__(
            buffer,
            pagesize=(page.width, page.height),
            leftMargin=m.inner,
            rightMargin=m.outer,
            topMargin=m.top,
            bottomMargin=m.bottom,
            invariant=1,
            initialFontName=fonts.register(),
            displayDocTitle=1,
            enforceColorSpace=job.enforce(),
            **{k: v for k, v in info.items() if k != "date"},
        )
        self.info = info
        self.pages: dict[str, int] = {}  # heading key -> the page it starts on
        self.folios: list[int] = []  # the pages whose footer says "page n of total"
        w, h = page.width, page.height
        body_w, body_h = w - m.inner - m.outer, h - m.top - m.bottom
        # a branded booklet keeps a band free at the foot of the cover and the back cover
        self.slots = _slots(spec, job, m.outer, m.bottom, body_w)
        band, back_band = [s.height + s.look.space for s in self.slots] or [0, 0]
        self.back_h = body_h - back_band  # what the back cover holds, above a clinic's band

        def frame(x: float, name: str, raise_by: float = 0) -> Frame:
            return Frame(
                x,
                m.bottom + raise_by,
                body_w,
                body_h - raise_by,
                id=name,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )

        right, left = frame(m.inner, "right"), frame(m.outer, "left")
        self.panel_h = h * (spec.cover.branded_panel if job.branded else spec.cover.panel)
        cover_h = h - self.panel_h - m.outer - m.bottom - spec.cover.gap - band
        cover = Frame(
            m.outer,
            m.bottom + band,
            body_w,
            cover_h,
            id="cover",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [cover], onPage=self._cover),
                PageTemplate("contents", [left], onPage=self._footer),
                PageTemplate("right", [right], onPage=self._footer),
                PageTemplate("left", [left], onPage=self._footer),
                PageTemplate("notes-right", [right], onPage=self._notes),
                PageTemplate("notes-left", [left], onPage=self._notes),
                PageTemplate("back", [frame(m.outer, "back", back_band)]),
            ]
        )
        self.body_w, self.cover_h = body_w, cover_h
        self.story: Any = None  # the booklet's Story; it makes the notes pages and back

    # multiBuild hooks -------------------------------------------------------
    def beforeDocument(self) -> None:
        dated(self.canv, self.info)

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            top = compat.frame_y(self.frame) + flowable.height + flowable.style.spaceBefore
            self.canv.bookmarkHorizontalAbsolute(flowable.key, top)
            self.canv.addOutlineEntry(flowable.title, flowable.key, level=0)
            self.pages.setdefault(flowable.key, self.page)

    def finish(self) -> None:
        """What only the finished layout knows: every footer's page count and every
        contents entry's page, filled into the forms the pages drew."""
        canv, size = self.canv, self.spec.type.footer
        for n in self.folios:
            folio = words(self.guide.language)["page"].format(n=n, total=self.page)
            canv.beginForm(f"folio-{n}", -self.pagesize[0], -size, 0, 2 * size)
            canv.setFillColor(color(self.spec.colors.muted))
            canv.setFont(fonts.BOLD, size)
            canv.drawRightString(0, 0, folio)
            canv.endForm()
        for key, later in self.story.toc.numbers.items():
            later.fill(canv, str(self.pages[key]), self.pagesize[0])

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables and isinstance(flowables[0], PadToFour):
            flowables.pop(0)
            flowables[0:0] = self.story.notes(pages=-(self.page + 1) % 4, next_page=self.page + 1)
            return
        super().handle_flowable(flowables)

    # page decorations -------------------------------------------------------
    def _cover(self, canv, doc) -> None:
        draw_cover(canv, doc)

    def _footer(self, canv, doc) -> None:
        spec, size = self.spec, self.spec.type.footer
        m = spec.margins
        left = m.inner if doc.page % 2 else m.outer
        right = doc.pagesize[0] - (m.outer if doc.page % 2 else m.inner)
        y = m.bottom - spec.footer_drop
        canv.saveState()
        canv.setStrokeColor(color(spec.colors.accent))
        canv.setLineWidth(0.6)
        canv.line(left, y + size * 1.5, right, y + size * 1.5)
        canv.setFillColor(color(spec.colors.muted))
        canv.setFont(fonts.REGULAR, size)
        canv.drawString(left, y, self.guide.title)
        canv.saveState()
        canv.translate(right, y)
        self.folios.append(doc.page)
        canv.doForm(f"folio-{doc.page}")  # "page 3 of 12": the count is known at the end
        canv.restoreState()
        canv.drawString(left, y - size * 1.3, reviewed(self.guide.reviewed, self.guide.language))
        canv.restoreState()

    def _notes(self, canv, doc) -> None:
        self._footer(canv, doc)
        m, lead = self.spec.margins, self.spec.type.body * 2.2
        left = m.inner if doc.page % 2 else m.outer
        right = doc.pagesize[0] - (m.outer if doc.page % 2 else m.inner)
        canv.saveState()
        canv.setStrokeColor(color(self.spec.colors.muted))
        canv.setLineWidth(0.4)
        y = doc.pagesize[1] - m.top - self.spec.type.h1 * 3
        while y > m.bottom + lead / 2:
            canv.line(left, y, right, y)
            y -= lead
        canv.restoreState()


def _slots(spec: BookletSpec, job: Job, x: float, y: float, width: float) -> list[Slot]:
    """The brand bands: at the foot of the cover and of the back cover."""
    if not job.branded:
        return []
    looks = spec.brand
    return [
        Slot(page, kind, x, y, width, branding.height(look, job), look)
        for page, kind, look in ((0, "cover", looks.cover), (-1, "back", looks.back))
    ]


def draw_cover(canv, doc) -> None:
    """The title panel with title, subtitle and icon; the review date at the foot."""
    spec, guide = doc.spec, doc.guide
    w, h = doc.pagesize
    inset, pad, radius = spec.cover.inset, spec.cover.padding, spec.cover.radius
    panel_h = doc.panel_h
    canv.saveState()
    canv.setFillColor(color(spec.colors.accent))
    canv.roundRect(inset, h - inset - panel_h, w - 2 * inset, panel_h, radius, fill=1, stroke=0)
    text_w = w - 2 * inset - 2 * pad
    title = style("cover-title", spec.type.title, 1.1, bold=True, textColor=white)
    sub = style("cover-sub", spec.type.h2, 1.3, textColor=white)
    y = h - inset - pad
    who = style("cover-who", spec.type.h2, 1.3, bold=True, textColor=white)
    for text, st in ((guide.title, title), (guide.subtitle, sub), (guide.audience, who)):
        if not text:
            continue
        role = ("H1", "cover") if st is title else ("P", st.name)
        para = Tagged(Paragraph(inline(text), st), (role,))
        _, ph = para.wrap(text_w, panel_h)
        y -= ph
        para.drawOn(canv, inset + pad, y)
        y -= st.fontSize * 0.8
    # the icon sits in the panel's lower right, never over the title or subtitle
    floor = h - inset - panel_h + pad
    icon = min(panel_h * 0.38, w * 0.36, y - 3 * mm - floor)
    name = spec.cover.icon or guide.cover  # the guide's own art; none: title only
    if name and icon >= spec.cover.min_icon:
        x, panel = w - inset - pad - icon, color(spec.colors.accent)
        if name in drawings.DRAWINGS:  # a line drawing, in white lines on the panel
            drawings.draw(canv, name, x, floor, icon, drawings.one_colour(white, panel))
        else:
            icons.draw(canv, name, x, floor, icon, white)
    canv.setFont(fonts.REGULAR, spec.type.footer)
    canv.setFillColor(color(spec.colors.muted))
    canv.drawString(
        spec.margins.outer,
        spec.margins.bottom - spec.footer_drop,
        reviewed(guide.reviewed, guide.language),
    )
    canv.restoreState()
