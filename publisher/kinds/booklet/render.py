"""The booklet: cover, contents, every section in order, notes pages to a multiple of
four, and a back cover. Geometry, type sizes and colours come from the BookletSpec."""

from __future__ import annotations

import io
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.doctemplate import LayoutError

from publisher.draw import compat, drawings, fonts, icons
from publisher.draw.job import Doc, Job
from publisher.draw.markup import escape, inline
from publisher.draw.styles import beside, color, stacked, style, table_style
from publisher.draw.tags import Item, Tagged, TaggedCanvas
from publisher.errors import BuildError
from publisher.i18n.words import callout_title, dose, who_to_call, words
from publisher.kinds.booklet import ends
from publisher.kinds.booklet.pages import (
    BookletDoc,
    Contents,
    Heading,
    PadToFour,
    Procedure,
)
from publisher.kinds.booklet.spec import BookletSpec
from publisher.kinds.booklet.tools import grid
from publisher.model import guide as g
from publisher.model import roles

MAX_PAGES = 60  # a saddle-stitched booklet of 15 sheets; more does not fold


def _too_tall(said: str) -> str:
    """ReportLab's LayoutError in words: how tall the box is, what a page holds, and the
    words of what is in it (its last line), so the author can find it."""
    import re

    tall = re.search(r"tallest (?:cell|row) ([\d.]+)", said)
    room = re.search(r"frame '[^']*'\([\d.]+ x ([\d.]+)", said)
    words = re.search(r"containing\s*'(?:<[^>]*>)?([^'\n]{1,80})", said)
    sizes = (
        f" ({float(tall[1]):.0f} pt; a page holds {float(room[1]):.0f} pt)" if tall and room else ""
    )
    where = f', the one that ends "{words[1].strip()}"' if words else ""
    return (
        f"a box is taller than a page{sizes}{where}. Say its items in fewer words, or "
        "give it fewer items (a red flag may move to a box of its own)."
    )


def render(guide: g.Guide, spec: BookletSpec, job: Job, info: dict[str, Any]) -> dict[str, Doc]:
    buffer = io.BytesIO()
    doc = BookletDoc(buffer, guide, spec, job, info)
    doc.story = Story(guide, spec, doc.body_w, doc.cover_h, job)
    doc.story.page_h, doc.story.back_h = doc.pagesize[1], doc.back_h
    try:
        canvasmaker = TaggedCanvas if job.tagged else Canvas
        compat.defer_save(doc)  # the forms are filled in before the save
        doc.build(doc.story.build(), canvasmaker=canvasmaker)
    except LayoutError as exc:
        raise BuildError(f"guide {guide.id}, booklet: {_too_tall(str(exc))}") from None
    if doc.page % 4:  # the notes pages made the count a multiple of 4 before the back cover
        raise ends.too_tall(guide, spec, doc.page % 4 + 1)
    if doc.page > MAX_PAGES:
        raise BuildError(
            f"guide {guide.id}, booklet: {doc.page} pages; the limit is {MAX_PAGES}. "
            "Split the guide in two."
        )
    doc.finish()
    doc.canv.save()
    record = doc.canv.record if job.tagged else None
    return {"main": Doc(buffer.getvalue(), doc.slots, doc.story.gave, record)}


class Story:
    """Turns the guide into flowables; one method per kind of block."""

    def __init__(self, guide: g.Guide, spec: BookletSpec, width: float, cover_h: float,
                 job: Job | None = None):  # fmt: skip
        self.guide, self.spec, self.width, self.cover_h = guide, spec, width, cover_h
        self.job = job or Job()
        self.drawing = drawings.Figures(guide, spec.colors, self.job)
        self.words = words(guide.language)
        t, c, sp = spec.type, spec.colors, spec.spacing
        self.accent, self.text = color(c.accent), color(c.text)
        self.fill = color(c.accent_light)  # the header rows of the tool pages
        lead = t.leading
        self.body = style(
            "body", t.body, lead, textColor=self.text, spaceAfter=t.body * sp.paragraph
        )
        self.lead = style("lead", t.body * 1.12, lead, textColor=self.text, spaceAfter=t.body)
        self.h1 = style(
            "h1",
            t.h1,
            1.2,
            bold=True,
            textColor=self.accent,
            spaceBefore=t.h1 * sp.h1_before,
            spaceAfter=t.h1 * sp.h1_after,
            keepWithNext=1,
        )
        self.h2 = style(
            "h2",
            t.h2,
            1.25,
            bold=True,
            textColor=self.text,
            spaceBefore=t.h2 * sp.h2_before,
            spaceAfter=t.h2 * sp.h2_after,
            keepWithNext=1,
        )
        self.strong = style("strong", t.body, lead, bold=True, textColor=self.text)
        self.small = style("small", t.body, lead, textColor=self.text)
        self.warning = style("warning", t.h2, 1.2, textColor=self.text)
        self.toc = Contents(
            style("toc", t.body, lead, textColor=self.text, spaceBefore=t.body * 0.35)
        )
        # the cover's summary gives the short forms; its section still prints every word
        self.skip = [b for b in map(guide.block, spec.content.skip) if b is not None]
        self.gave: list[str] = []  # what gave way, said as info lines
        self.count = 0  # names the structure elements, in story order

    def key(self) -> int:
        self.count += 1
        return self.count

    def tag(self, flowable: Flowable, *path) -> Tagged:
        return Tagged(flowable, tuple(path))

    # the whole book --------------------------------------------------------
    def build(self) -> list[Flowable]:
        spec = self.spec
        story: list[Flowable] = [*ends.cover_summary(self), NextPageTemplate("contents"),
                                 PageBreak()]  # fmt: skip
        story += [
            Heading(spec.contents_title or self.words["contents"], self.h1, "contents"),
            self.toc,
        ]
        story += [NextPageTemplate(["right", "left"]), PageBreak(), *ends.key_points(self)]
        if self.guide.intro:
            story.append(self.tag(Paragraph(inline(self.guide.intro), self.lead), ("P", "intro")))
        for section in self._sections():
            story += self.section(section)
        story += ends.disclaimer(self, story)  # after the last words, never alone
        story += [PadToFour()]
        return story

    def _sections(self) -> list[g.Section]:
        chosen = self.spec.content.sections
        if chosen == "all":
            return list(self.guide.sections)
        return [s for name in chosen if (s := self.guide.section(name))]

    def section(self, section: g.Section) -> list[Flowable]:
        kept = [b for b in section.blocks if not any(b is s for s in self.skip)]
        blocks = roles.urgent_first(self.guide, kept)  # the urgent tier first
        if not blocks:  # all it has is shown elsewhere (the cover summary): no empty heading
            return []
        out: list[Flowable] = [CondPageBreak(self.spec.type.h1 * 5)]
        out.append(Heading(section.title, self.h1, section.id))
        self.toc.add(inline(section.title), section.id)
        heading = 1  # a procedure right under the heading keeps it in its head
        taken = False
        for block, after in zip(blocks, [*blocks[1:], None], strict=False):
            if taken:  # a tip already set with the steps it belongs to
                taken = False
                continue
            flowables = getattr(self, f"block_{g.block_kind(block)}")(block)
            if isinstance(block, g.StepsBlock):  # the procedure, with the tip after it
                taken = isinstance(after, g.CalloutBlock) and after.callout.kind != "warning"
                head = len(flowables) - len(block.steps) + 1  # title, duration, first step
                tip = [compat.kept(self.block_callout(after))] if taken else []
                if heading:
                    flowables, head = [out.pop(), *flowables], head + 1
                flowables = [Procedure(flowables + tip, head)]
            out += flowables
            heading = 0
        return out

    # blocks -------------------------------------------------------------
    def block_paragraph(self, block: g.ParagraphBlock) -> list[Flowable]:
        said = self.tag(Paragraph(inline(block.paragraph), self.body), ("P", self.key()))
        said.keepWithNext = int(block.paragraph.rstrip().endswith(":"))  # with its list
        return [said]

    def block_steps(self, block: g.StepsBlock) -> list[Flowable]:
        out: list[Flowable] = []
        if block.title:
            out.append(self.tag(Paragraph(inline(block.title), self.h2), ("H3", self.key())))
        if block.duration:  # the routine's length, with its title
            out.append(self._icon_line("clock", f"<b>{inline(block.duration)}</b>",
                                       path=(("P", self.key()),)))  # fmt: skip
        badge = self.spec.type.body * 2.1
        steps = ("L", self.key())
        for number, step in enumerate(block.steps, 1):
            item = (steps, ("LI", number))
            body = (*item, ("LBody", 0))
            cell: list[Flowable] = [
                self.tag(Paragraph(inline(step.short), self.strong), *body),
                self.tag(Paragraph(inline(step.text), self.small), *body),
            ]
            if step.hold:
                cell.append(self._icon_line("clock", f"<b>{inline(step.hold)}</b>", path=body))
            if said := dose(step, self.guide.language):  # reps, sets, side, how often
                cell.append(self._icon_line("clock", f"<b>{inline(said)}</b>", path=body))
            mark = icons.Badge(number, badge, self.accent, self.spec.type.body)
            out.append(self._badged(self.tag(mark, *item, ("Lbl", 0)), cell, step, body))
        return out

    def _figured(self, cell: list[Flowable], step: g.Step, path: tuple, width: float):
        """The step's words with its drawing beside them, on the right, when it has one."""
        picture = self.drawing.of(step, self.spec.figure, path)
        if picture is None:
            return cell
        gap = self.spec.type.body * self.spec.spacing.padding
        row = Table([[cell, picture]], colWidths=[width - self.spec.figure - gap,
                                                  self.spec.figure + gap])  # fmt: skip
        row.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("ALIGN", (1, 0), (1, 0), "RIGHT")))  # fmt: skip
        return [row]

    def _badged(self, badge: Flowable, cell: list[Flowable], step: g.Step, path: tuple
                ) -> Table:  # fmt: skip
        body, sp = self.spec.type.body, self.spec.spacing
        gap = badge.flowable.size + body * sp.padding
        cell = self._figured(cell, step, path, self.width - gap)
        return beside(badge, cell, gap, self.width, "TOP", body * sp.step)

    def _icon_line(self, icon: str, markup: str, icon_color=None, struck: bool = False,
                   path: tuple = (), text=None) -> Table:  # fmt: skip
        """An icon (an artifact: the words beside it say it) and the words of `path`."""
        text = text or self.small
        size = text.fontSize * 1.3
        mark = icons.Icon(icon, size, icon_color or self.accent, struck)
        words = self.tag(Paragraph(markup, text), *path)
        line = beside(mark, words, size + self.spec.type.body * 0.5)
        line.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "MIDDLE"), padding=2))
        return line

    def block_bullets(self, block: g.BulletsBlock) -> list[Flowable]:
        out: list[Flowable] = []
        if block.title:
            out.append(self.tag(Paragraph(inline(block.title), self.h2), ("H3", self.key())))
        out += self._bullets([inline(b) for b in block.bullets])
        return out

    def _bullets(self, items: list[str], numbered: bool = False, within: tuple = ()
                 ) -> list[Flowable]:  # fmt: skip
        """A list: each item an LI whose bullet or number is its Lbl and whose words are
        its LBody (a numbered list says Decimal, a bulleted one Disc)."""
        t = self.spec.type
        item = self.small.clone(
            "booklet-item", leftIndent=t.body * 1.3, bulletIndent=0, bulletFontName=fonts.BOLD,
            bulletFontSize=t.body, textColor=self.text,
        )  # fmt: skip
        key = ("L", self.key())
        out: list[Flowable] = [
            Item(text, item, (*within, key, ("LI", i)), f"{i + 1}" if numbered else "•")
            for i, text in enumerate(items)
        ]
        for at in {0, len(out) - 2} & set(range(len(out))):  # no item alone at a foot or top
            out[at].keepWithNext = 1
        return [*out, Spacer(0, t.body * self.spec.spacing.paragraph)]

    def block_habits(self, block: g.HabitsBlock) -> list[Flowable]:
        out: list[Flowable] = []
        if block.title:
            out.append(self.tag(Paragraph(inline(block.title), self.h2), ("H3", self.key())))
        habits = ("L", self.key())
        for i, habit in enumerate(block.habits):
            text = f"<b>{inline(habit.short)}</b>"
            if habit.text:
                text += f". {inline(habit.text)}"
            path = (habits, ("LI", i), ("LBody", 0))
            out.append(self._icon_line(habit.icon, text, struck=habit.avoid, path=path))
        out.append(Spacer(0, self.spec.type.body * self.spec.spacing.paragraph))
        return out

    def block_callout(self, block: g.CalloutBlock) -> list[Flowable]:
        box = self._callout(block.callout)
        return [KeepTogether([box]) if block.callout.alarming else box]

    def _callout(self, callout: g.Callout, grouped: list | None = None, numbered: bool = False,
                 level: str = "H3", icon: str = "", stack: bool = False) -> Table:  # fmt: skip
        """A bordered box with an icon and a title word, so it reads in black and white;
        `grouped`: (title, items already markup) lists instead of its items; `icon` instead
        of the kind's; `stack`: the items in two columns read down."""
        c = self.spec.colors
        tip = callout.kind == "tip"
        edge = color(c.warning if callout.alarming else c.tip if tip else c.accent)
        fill = color(c.warning_light if callout.alarming else c.tip_light if tip else
                     c.accent_light)  # fmt: skip
        flags = callout is self.guide.red_flags()
        title = callout_title(callout, self.guide.language, flags)
        box = ("Div", self.key())  # the box groups its title (a heading) and its words
        cell: list[Flowable] = [
            self._icon_line(
                icon or callout.icon,
                f"<b>{inline(title)}</b>",
                edge,
                path=(box, (level, 0)),
                text=self.warning if callout.kind == "warning" else None,  # red flags: loud
            )
        ]
        if callout.text:
            cell.append(self.tag(Paragraph(inline(callout.text), self.small), box, ("P", 0)))
        pad = self.spec.type.body * self.spec.spacing.padding
        left = pad + 3  # inside the box's 6 pt edge
        for n, (name, items) in enumerate(grouped or [(None, map(inline, callout.items))]):
            if name:
                head = Paragraph(f"<b>{inline(name)}</b>", self.small)
                cell.append(self.tag(head, box, ("P", f"group{n}")))
            if items:
                listed = self._bullets(list(items), numbered, within=(box,))
                if stack:  # the items, without the space after them, in two columns
                    inner = self.width - left - pad
                    listed[:-1] = [stacked(listed[:-1], inner, self.spec.type.body)]
                cell += listed
        if contact := who_to_call(callout, self.guide.language):  # the box's last word
            who = Paragraph(f"<b>{inline(contact)}</b>", self.small)
            cell.append(self.tag(who, box, ("P", "contact")))
        if isinstance(cell[-1], Spacer):  # a list last in the box: the padding ends it
            cell.pop()
        table = Table([[cell]], colWidths=[self.width], splitInRow=1)
        table.setStyle(
            table_style(
                ("BOX", (0, 0), (-1, -1), 1.5, edge),
                ("LINEBEFORE", (0, 0), (0, -1), 6, edge),
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("LEFTPADDING", (0, 0), (-1, -1), left),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.7),
                padding=pad,
            )
        )
        table.spaceBefore = table.spaceAfter = self.spec.type.body * self.spec.spacing.paragraph
        return table

    def block_faq(self, block: g.FaqBlock) -> list[Flowable]:
        t = self.spec.type
        question = style(
            "question",
            t.body * 1.08,
            1.3,
            bold=True,
            textColor=self.accent,
            spaceBefore=t.body * self.spec.spacing.paragraph,
            spaceAfter=t.body * 0.25,
            keepWithNext=1,
        )
        out: list[Flowable] = []
        for item in block.faq:
            out += [
                self.tag(Paragraph(inline(item.q), question), ("H3", self.key())),
                self.tag(Paragraph(inline(item.a), self.body), ("P", self.key())),
            ]
        return out

    def block_references(self, block: g.ReferencesBlock) -> list[Flowable]:
        """A bulleted list, each web address a link (a reader can open it from the PDF)."""
        items = [
            inline(r.text)
            + (f'<br/><a href="{escape(r.url)}">{inline(r.url)}</a>' if r.url else "")
            for r in block.references
        ]
        return self._bullets(items, numbered=True)

    def block_tracker(self, block: g.TrackerBlock) -> list[Flowable]:
        tracker = block.tracker
        days = tracker.days or self.words["days"]
        rows = [["", *days]] + [[r, *[""] * len(days)] for r in tracker.rows]
        day = self.spec.type.body * 2.2
        table = grid(self, rows, [self.width - day * len(days)] + [day] * len(days), 2.0)
        help_ = Paragraph(inline(self.words["tracker_help"]), self.body)
        return [self.tag(Paragraph(inline(tracker.title), self.h2), ("H3", self.key())),
                self.tag(help_, ("P", self.key())), table]  # fmt: skip

    def block_log(self, block: g.LogBlock) -> list[Flowable]:
        """A log in its section: its title, how to use it, and a few lines to write in
        (its own page, when the layout's `skip` sends it to the spare pages)."""
        log, n = block.log, len(block.log.columns)
        table = grid(self, [log.columns] + [[""] * n] * 4, [self.width / n] * n)
        title = self.tag(Paragraph(inline(log.title), self.h2), ("H3", self.key()))
        return [title, self.tag(Paragraph(inline(log.help), self.body), ("P", self.key())), table]

    # special pages ---------------------------------------------------------
    def notes(self, pages: int, next_page: int) -> list[Flowable]:
        return ends.notes(self, pages, next_page)
