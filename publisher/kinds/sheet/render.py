"""The fridge-door sheet: one large-print page of everyday habits with icons, an
"if a cramp strikes" box, the red flags, a weekly check-off grid and a footer. The body
size is the largest that fits between the layout's body and minimum sizes."""

from __future__ import annotations

import dataclasses
import io
import math
from typing import Any

from reportlab.lib.colors import white
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, Paragraph, Spacer, Table

from publisher.draw import band as branding
from publisher.draw import drawings, fonts, icons
from publisher.draw.job import Doc, Job, Slot
from publisher.draw.markup import inline
from publisher.draw.styles import beside, canvas, color, largest_fit, stacked, style, table_style
from publisher.draw.styles import columns as _columns
from publisher.draw.tags import Item, Repeat, Tagged
from publisher.errors import BuildError, FitError
from publisher.i18n.words import callout_title, reviewed, who_to_call, words
from publisher.kinds.sheet.parts import caution_line, layout_block, tracker_table
from publisher.kinds.sheet.spec import SheetSpec
from publisher.model import guide as g


def render(guide: g.Guide, spec: SheetSpec, job: Job, info: dict[str, Any]) -> dict[str, Doc]:
    page = spec.page[job.paper]
    width = page.width - 2 * spec.margin
    look = spec.brand
    slot = Slot(0, "sheet", spec.margin, spec.margin, width, branding.height(look, job), look)
    band = slot.height + look.space if job.branded else 0
    spare = max(slot.height - look.compact, 0) if job.branded and not job.compact else 0
    sheet = Sheet(guide, spec, width, page.height - 2 * spec.margin - band, job, spare)
    if sheet.short:  # the band's short form: the clinic's name, phone and code
        slot = dataclasses.replace(slot, height=look.compact)
        band = slot.height + look.space
    buffer = io.BytesIO()
    canv = canvas(buffer, (page.width, page.height), info, job, tagged=job.tagged)
    slots = []
    for number, story in enumerate(sheet.pages()):
        frame = Frame(spec.margin, spec.margin + band, sheet.width, sheet.room,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
        frame.addFromList(story, canv)
        if story:
            raise BuildError(f"guide {guide.id}, fridge sheet: content did not fit on the page.")
        canv.showPage()
        if job.branded:
            slots.append(dataclasses.replace(slot, page=number))
    canv.save()
    record = getattr(canv, "record", None)
    return {"main": Doc(buffer.getvalue(), slots, notes=sheet.notes, record=record)}


class Sheet:
    """The sheet at the largest type that fits. When space runs short it gives way in the
    documented order: spacing (down to the layout's floor), then type size (down to
    `min_body`), then the quick steps' drawings leave, the habits' icons get smaller, the
    tracker's rows get shorter, the clinic's band takes its short form, and last the
    optional tracker moves to a second page; each step past spacing is said as a note.
    The "what to do now" box and the red flags each take the full width, the red flags
    below (warnings dominate), their items in columns."""

    STEPS = ("drawn", "small", "compact", "short")  # what gives way, in order

    def __init__(self, guide: g.Guide, spec: SheetSpec, width: float, height: float,
                 job: Job | None = None, spare: float = 0):  # fmt: skip
        self.guide, self.spec, self.width, self.height = guide, spec, width, height
        self.spare = spare  # what the clinic's band gives back in its short form
        self.drawing = drawings.Figures(guide, spec.colors, job or Job())
        self.words = words(guide.language)
        c = spec.content
        self.habits = layout_block(guide, spec, c.habits, g.HabitsBlock, "habits")
        self.quick = layout_block(guide, spec, c.quick, g.StepsBlock, "quick")
        self.flags = layout_block(guide, spec, c.red_flags, g.CalloutBlock, "red_flags")
        self.urgent = layout_block(guide, spec, c.emergency, g.CalloutBlock, "emergency")
        self.tracker = layout_block(guide, spec, c.tracker, g.TrackerBlock, "tracker")
        self.caution = layout_block(guide, spec, c.cautions, g.CalloutBlock, "cautions")
        self.accent = color(spec.colors.accent)
        self.text = color(spec.colors.text)
        self.notes: list[str] = []
        self.moved = False
        self.drawn = True  # the quick steps' drawings, until they give way
        self.small = self.compact = self.short = False  # icons, tracker rows, band
        self._tried: dict[tuple, tuple[float, str]] = {}  # (size, spacing, arrangement)
        self.body, self.space = self._fit()

    @property
    def room(self) -> float:
        """The height the sheet's content has: more when the band is in its short form."""
        return self.height + (self.spare if self.short else 0)

    # fitting ---------------------------------------------------------------------
    def _first_fit(self) -> tuple[float, float] | None:
        """The most generous (body size, spacing) that fits, sizes in half points down
        from the layout's: spacing gives way first, then type."""
        t, floor = self.spec.type, self.spec.spacing_floor
        if self._overflow(t.body, 1.0)[0] <= 0:
            return t.body, 1.0
        low = t.body - 0.5 * math.floor((t.body - t.min_body) / 0.5 + 1e-6)
        if self._overflow(low, floor)[0] > 0:
            return None
        size = largest_fit(low, t.body, 0.5, lambda z: self._overflow(z, floor)[0])
        return (size, 1.0) if size < t.body and self._overflow(size, 1.0)[0] <= 0 else (
            size, floor)  # fmt: skip

    def _arrangements(self) -> list[dict[str, bool]]:
        """Each arrangement one give-way step further than the one before; those that
        would change nothing (no drawings, no tracker, no band to shorten) left out."""
        can = {
            "drawn": bool(self.quick and any(step.figure for step in self.quick.steps)),
            "small": True,
            "compact": bool(self.tracker),
            "short": self.spare > 0,
        }
        found, state = [], {"drawn": True, "small": False, "compact": False, "short": False}
        found.append(dict(state))
        for step in self.STEPS:
            if can[step]:
                state[step] = step != "drawn"
                found.append(dict(state))
        return found

    def _fit(self) -> tuple[float, float]:
        found = None
        for moved in (False, True) if self.tracker else (False,):
            for state in self._arrangements():
                self.moved = moved
                for name, value in state.items():
                    setattr(self, name, value)
                found = self._first_fit()
                if found:
                    break
            if found:
                break
        if found is None:
            self._refuse()
        size, _ = found
        t = self.spec.type
        said = self.notes.append
        if size < t.body:
            said(f"the fridge sheet's body type is {size:g} pt (the layout asks "
                 f"{t.body:g} pt, and allows down to {t.min_body:g} pt)")  # fmt: skip
        if not self.drawn:
            said("the fridge sheet leaves out the quick steps' drawings to make room")
        if self.small:
            said("the fridge sheet's habit icons are smaller, to make room")
        if self.compact and not self.moved:
            said(f"the fridge sheet's `{self.guide.shown(self.spec.content.tracker)}` grid "
                 "has shorter rows, to make room")  # fmt: skip
        if self.short:
            said("the clinic's band on the fridge sheet is its short form (its name and "
                 "phone, beside its QR code when it has one), to make room")  # fmt: skip
        if self.moved:
            said(f"the fridge sheet's `{self.guide.shown(self.spec.content.tracker)}` grid "
                 "moved to a second page: it did not fit on the first at the minimum type "
                 "size")  # fmt: skip
        return found

    def _refuse(self) -> None:
        """No arrangement fits: name the block that takes the most room, and by how much."""
        t = self.spec.type
        size, space = t.min_body, self.spec.spacing_floor
        over, _ = self._overflow(size, space)
        self._styles(size, space)
        c = self.spec.content
        heights = {c.habits: self._height(self._habits(size))}
        heights[c.red_flags] = self._height(self._flag_boxes(size, self.width))
        if self.quick:
            heights[c.quick] = self._height([self._quick_box(size, self.width)])
        culprit = max(heights, key=heights.get)
        line = size * t.leading
        flags = isinstance(self.guide.block(culprit), g.CalloutBlock)  # never advise cutting
        mend = (
            "say its items in fewer words" if flags else "shorten its short forms or remove items"
        )
        raise FitError(
            f"guide {self.guide.id}, fridge sheet: `{self.guide.shown(culprit)}` is the largest "
            f"block and the page overflows by {over / mm:.1f} mm at the minimum "
            f"{t.min_body:g} pt (about {max(1, round(over / line))} line(s) of text); {mend}.",
            (culprit,),
        )  # the block, not an item: every item of it takes a line

    def _height(self, flowables: list[Flowable]) -> float:
        return sum(
            f.wrap(self.width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
            for f in flowables
        )

    def _overflow(self, size: float, space: float = 1.0) -> tuple[float, str]:
        """(points by which the fullest page overflows, the part where page one first does),
        each arrangement measured once."""
        key = (size, space, self.drawn, self.small, self.compact, self.short, self.moved)
        if key not in self._tried:
            self._tried[key] = self._measure(size, space)
        return self._tried[key]

    def _measure(self, size: float, space: float) -> tuple[float, str]:
        used, worst = 0.0, ""
        for name, flowables in self._parts(size, space):
            used += self._height(flowables)
            if used > self.room and not worst:
                worst = name
        if self.moved:
            used = max(used, sum(self._height(fl) for _, fl in self._second(size, space)))
        return used - self.room, worst

    def pages(self) -> list[list[Flowable]]:
        """The page stories; a second page when the tracker moved there."""
        return [self._story(self._parts(self.body, self.space))] + (
            [self._story(self._second(self.body, self.space))] if self.moved else []
        )

    def _story(self, parts) -> list[Flowable]:
        body = [f for name, fl in parts if name != "footer" for f in fl]
        footer = dict(parts)["footer"]
        spare = self.room - self._height(body) - self._height(footer)
        return [*body, Spacer(0, max(spare, 0)), *footer]

    # content ------------------------------------------------------------------------
    def _styles(self, size: float, space: float) -> None:
        t = self.spec.type
        lead = t.leading
        self.k = space  # the share of the layout's spacing in use
        self.heading_size = max(t.heading * size / t.body, 28)
        self.s_body = style("sheet-body", size, lead, textColor=self.text)
        self.s_bold = style("sheet-bold", size, lead, bold=True, textColor=self.text)
        self.s_h = style("sheet-h", self.heading_size, 1.1, bold=True, textColor=self.text,
                         spaceAfter=size * 0.3 * space)  # fmt: skip
        self.s_foot = style("sheet-foot", t.footer, 1.3, textColor=color(self.spec.colors.muted))

    def _parts(self, size: float, space: float) -> list[tuple[str, list[Flowable]]]:
        self._styles(size, space)
        parts = [
            ("headline", [self._headline(size, self._section_title(), "page-1")]),
            ("habits", self._habits(size)),
            ("boxes", self._boxes(size)),
        ]
        if self.tracker and not self.moved:
            parts.append(("tracker", self._tracker(size)))
        parts.append(("footer", self._footer("page-1")))
        return parts

    def _second(self, size: float, space: float) -> list[tuple[str, list[Flowable]]]:
        """The tracker's own page: the guide's title, the grid, the red flags, the footer."""
        self._styles(size, space)
        return [
            ("headline", [self._headline(size, self.tracker.tracker.title, "page-2", "H2")]),
            ("tracker", self._tracker(size, titled=False)),
            ("boxes", [Repeat(box) for box in self._flag_boxes(size, self.width)]),
            ("footer", self._footer("page-2")),
        ]

    def _section_title(self) -> str:
        return next(s for s, b in self.guide.blocks() if b is self.habits).title

    def _headline(self, size: float, heading: str, key: str, role: str = "H1") -> Flowable:
        title = style("sheet-title", self.heading_size * 1.1, 1.1, bold=True, textColor=white)
        sub = style("sheet-sub", size, 1.2, textColor=white)
        cell = [
            Tagged(Paragraph(inline(heading), title), ((role, key),)),
            Tagged(Paragraph(inline(self.guide.title), sub), (("P", key),)),
        ]
        table = Table([[cell]], colWidths=[self.width])
        table.setStyle(
            table_style(
                ("BACKGROUND", (0, 0), (-1, -1), self.accent),
                ("ROUNDEDCORNERS", [6, 6, 6, 6]),
                padding=size * 0.7 * max(self.k, 0.7),
            )
        )
        table.spaceAfter = size * 0.6 * self.k
        return table

    def _habits(self, size: float) -> list[Flowable]:
        icon = size * (1.4 if self.small else 1.9)
        col = (self.width - size) / 2
        cells = [
            beside(
                icons.Icon(h.icon, icon, self.accent, h.avoid),
                Tagged(
                    Paragraph(inline(h.short), self.s_bold),
                    (("L", "habits"), ("LI", i), ("LBody", i)),
                ),
                icon + size * 0.6,
                col,
            )
            for i, h in enumerate(self.habits.habits)
        ]
        if len(cells) % 2:
            cells.append(Spacer(0, 0))
        rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
        table = Table(rows, colWidths=[col + size, col])
        table.setStyle(table_style(("BOTTOMPADDING", (0, 0), (-1, -1), size * 0.45 * self.k)))
        title = self.habits.title or self.spec.content.habits_title or self.words["every_day"]
        return [Tagged(Paragraph(inline(title), self.s_h), (("H2", "habits"),)), table]

    def _box(self, cell: list[Flowable], edge, fill, width: float, size: float) -> Table:
        table = Table([[cell]], colWidths=[width])
        table.setStyle(
            table_style(
                ("BOX", (0, 0), (-1, -1), 2.5, edge),
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                padding=size * 0.6 * max(self.k, 0.7),
            )
        )
        return table

    def _quick_box(self, size: float, width: float) -> Table:
        """What to do now: the steps side by side in columns (up to four; more go on in
        rows of three), each its number and drawing above its words."""
        inner = width - 2 * size * 0.6 * max(self.k, 0.7)
        badge = size * 1.5
        title = Paragraph(inline(self.quick.title or self.words["what_to_do"]), self.s_h)
        steps = self.quick.steps
        across = len(steps) if len(steps) <= 4 else 3
        column = inner / across
        side = min(size * self.spec.figure, column - badge - size)
        drawn = self.drawn and any(step.figure for step in steps)
        cells: list[Flowable] = []
        for number, step in enumerate(steps, 1):
            item = (("L", "quick"), ("LI", number))
            mark = Tagged(icons.Badge(number, badge, self.accent, size), (*item, ("Lbl", 0)))
            words = Tagged(Paragraph(f"<b>{inline(step.short)}</b>", self.s_body),
                           (*item, ("LBody", 0)))  # fmt: skip
            if not drawn:  # the number beside the words, as in a list
                cells.append([beside(mark, words, badge + size * 0.4, valign="TOP")])
                continue
            # the drawing (or its room) above the words, so every step's words line up
            picture = self.drawing.of(step, side, (*item, ("LBody", 0))) or Spacer(side, side)
            top = beside(mark, picture, badge + size * 0.4, valign="TOP")
            cells.append([top, Spacer(0, size * 0.25), words])
        grid = _columns(cells, across, inner, size,
                        ("BOTTOMPADDING", (0, 0), (-1, -2), size * 0.4 * self.k))  # fmt: skip
        light = color(self.spec.colors.accent_light)
        care = [caution_line(self, size, inner)] if self.caution else []
        return self._box([Tagged(title, (("H2", "quick"),)), grid, *care], self.accent, light,
                         width, size)  # fmt: skip

    def _flag_boxes(self, size: float, width: float) -> list[Flowable]:
        """The red flags: the urgent tier's box first when the guide has one, then those
        for seeing a doctor."""
        urgent = [self._flag_box(size, width, self.urgent.callout, "now")] if self.urgent else []
        for box in urgent:
            box.spaceAfter = size * 0.5 * self.k
        return [*urgent, self._flag_box(size, width, self.flags.callout)]

    def _flag_box(self, size: float, width: float, flags, tier: str = "soon") -> Table:
        inner = width - 2 * size * 0.6 * max(self.k, 0.7)
        warn = color(self.spec.colors.warning)
        key = f"flags-{tier}-{width:.0f}"  # the first page's box, or the second page's
        title = callout_title(flags, self.guide.language, True)
        head = beside(
            icons.Icon("warning", self.heading_size, warn),
            Tagged(Paragraph(inline(title), self.s_h), (("H2", key),)),
            self.heading_size * 1.3,
            inner,
        )
        item = style(
            "sheet-item",
            size,
            self.spec.type.leading,
            textColor=self.text,
            leftIndent=size * 1.1,
            bulletFontName=fonts.BOLD,
            bulletFontSize=size,
            spaceAfter=size * 0.2 * self.k,
        )
        contact = who_to_call(flags, self.guide.language)
        said = [Item(inline(text), item, (("L", key), ("LI", i)))
                for i, text in enumerate(flags.items)]  # fmt: skip
        red = [head, stacked(said, inner, size)]
        if contact:
            who = Paragraph(f"<b>{inline(contact)}</b>", style("sheet-who", size, 1.2,
                                                              textColor=self.text))  # fmt: skip
            red.append(Tagged(who, (("P", f"{key}-contact"),)))
        return self._box(red, warn, color(self.spec.colors.warning_light), width, size)

    def _boxes(self, size: float) -> list[Flowable]:
        """What to do now, then the red flags below it; both the full width."""
        boxes = [self._quick_box(size, self.width)] if self.quick else []
        boxes += self._flag_boxes(size, self.width)
        for box in boxes:
            box.spaceAfter = size * 0.6 * self.k
        return boxes

    def _tracker(self, size: float, titled: bool = True) -> list[Flowable]:
        return tracker_table(self, size, titled)

    def _footer(self, page: str) -> list[Flowable]:
        """The disclaimer and review date: real content (not a running artifact), on each
        page its own paragraph."""
        disclaimer = inline(self.guide.disclaimer.short)
        said = f"{disclaimer} {reviewed(self.guide.reviewed, self.guide.language)}."
        return [Tagged(Paragraph(said, self.s_foot), (("P", f"footer-{page}"),))]
