"""The fridge-door sheet: one large-print page of everyday habits with icons, an
"if a cramp strikes" box, the red flags, a weekly check-off grid and a footer. The body
size is the largest that fits between the layout's body and minimum sizes."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import white
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, Paragraph, Spacer, Table

from publisher import guide as g
from publisher.errors import BuildError, FitError
from publisher.render import brand as branding
from publisher.render import fonts, icons
from publisher.render.job import Doc, Job, Slot
from publisher.render.markup import inline
from publisher.render.styles import beside, canvas, color, style, table_style
from publisher.specs import SheetSpec
from publisher.words import reviewed, words


def render(guide: g.Guide, spec: SheetSpec, job: Job, info: dict[str, Any]) -> dict[str, Doc]:
    page = spec.page[job.paper]
    width = page.width - 2 * spec.margin
    look = spec.brand
    slot = Slot(0, "sheet", spec.margin, spec.margin, width, branding.height(look, job), look)
    band = slot.height + look.space if job.branded else 0
    sheet = Sheet(guide, spec, width, page.height - 2 * spec.margin - band)
    buffer = io.BytesIO()
    canv = canvas(buffer, (page.width, page.height), info, job)
    frame = Frame(
        spec.margin,
        spec.margin + band,
        sheet.width,
        sheet.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    story = sheet.story()
    frame.addFromList(story, canv)
    if story:
        raise BuildError(f"guide {guide.id}, fridge sheet: content did not fit on the page.")
    canv.showPage()
    canv.save()
    return {"main": Doc(buffer.getvalue(), [slot] if job.branded else [])}


def _block(guide: g.Guide, name: str, kind: type, role: str) -> Any:
    block = guide.block(name)
    if not isinstance(block, kind):
        found = "no such block" if block is None else f"a {g.block_kind(block)} block"
        raise BuildError(
            f"layout sheet: `{role}` names `{name}` in guide {guide.id}, but that is {found}; "
            f"it needs a {kind.__name__.removesuffix('Block').lower()} block."
        )
    return block


class Sheet:
    def __init__(self, guide: g.Guide, spec: SheetSpec, width: float, height: float):
        self.guide, self.spec, self.width, self.height = guide, spec, width, height
        self.words = words(guide.language)
        c = spec.content
        self.habits = _block(guide, c.habits, g.HabitsBlock, "habits")
        self.quick = _block(guide, c.quick, g.StepsBlock, "quick")
        self.flags = _block(guide, c.red_flags, g.CalloutBlock, "red_flags")
        self.tracker = _block(guide, c.tracker, g.TrackerBlock, "tracker") if c.tracker else None
        self.accent = color(spec.colors.accent)
        self.text = color(spec.colors.text)
        self.body = self._fit()

    # fitting ---------------------------------------------------------------------
    def _fit(self) -> float:
        t = self.spec.type
        size = t.body
        while size >= t.min_body:
            if self._overflow(size)[0] <= 0:
                return size
            size -= 0.5
        over, part = self._overflow(t.min_body)
        c = self.spec.content
        blocks = {"habits": (c.habits,), "boxes": (c.red_flags, c.quick), "tracker": (c.tracker,)}
        raise FitError(
            f"guide {self.guide.id}, fridge sheet: `{part}` overflows the page by "
            f"{over / mm:.1f} mm at the minimum {t.min_body:g} pt body; shorten its short "
            "forms or remove items.",
            tuple(b for b in blocks.get(part, ()) if b),
        )

    def _overflow(self, size: float) -> tuple[float, str]:
        used, worst = 0.0, ""
        for name, flowables in self._parts(size):
            for f in flowables:
                _, h = f.wrap(self.width, 10_000)
                used += h + f.getSpaceBefore() + f.getSpaceAfter()
            if used > self.height and not worst:
                worst = name
        return used - self.height, worst

    def story(self) -> list[Flowable]:
        parts = self._parts(self.body)
        body = [f for name, fl in parts if name != "footer" for f in fl]
        footer = dict(parts)["footer"]
        spare = -self._overflow(self.body)[0]
        return [*body, Spacer(0, spare), *footer]

    # content ------------------------------------------------------------------------
    def _styles(self, size: float) -> None:
        t = self.spec.type
        lead = t.leading
        self.heading_size = max(t.heading * size / t.body, 28)
        self.s_body = style("sheet-body", size, lead, textColor=self.text)
        self.s_bold = style("sheet-bold", size, lead, bold=True, textColor=self.text)
        self.s_h = style(
            "sheet-h", self.heading_size, 1.1, bold=True, textColor=self.text, spaceAfter=size * 0.3
        )
        self.s_foot = style("sheet-foot", t.footer, 1.3, textColor=color(self.spec.colors.muted))

    def _parts(self, size: float) -> list[tuple[str, list[Flowable]]]:
        self._styles(size)
        parts = [
            ("headline", [self._headline(size)]),
            ("habits", self._habits(size)),
            ("boxes", [self._boxes(size)]),
        ]
        if self.tracker:
            parts.append(("tracker", self._tracker(size)))
        parts.append(("footer", self._footer()))
        return parts

    def _headline(self, size: float) -> Flowable:
        section = next(s for s, b in self.guide.blocks() if b is self.habits)
        title = style("sheet-title", self.heading_size * 1.1, 1.1, bold=True, textColor=white)
        sub = style("sheet-sub", size, 1.2, textColor=white)
        cell = [Paragraph(inline(section.title), title), Paragraph(inline(self.guide.title), sub)]
        table = Table([[cell]], colWidths=[self.width])
        table.setStyle(
            table_style(
                ("BACKGROUND", (0, 0), (-1, -1), self.accent),
                ("ROUNDEDCORNERS", [6, 6, 6, 6]),
                padding=size * 0.7,
            )
        )
        table.spaceAfter = size * 0.6
        return table

    def _habits(self, size: float) -> list[Flowable]:
        icon = size * 1.9
        col = (self.width - size) / 2
        cells = [
            beside(
                icons.Icon(h.icon, icon, self.accent, h.avoid),
                Paragraph(inline(h.short), self.s_bold),
                icon + size * 0.6,
                col,
            )
            for h in self.habits.habits
        ]
        if len(cells) % 2:
            cells.append(Spacer(0, 0))
        rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
        table = Table(rows, colWidths=[col + size, col])
        table.setStyle(table_style(("BOTTOMPADDING", (0, 0), (-1, -1), size * 0.45)))
        title = self.habits.title or self.spec.content.habits_title or self.words["every_day"]
        return [Paragraph(inline(title), self.s_h), table]

    def _box(self, cell: list[Flowable], edge, fill, width: float, size: float) -> Table:
        table = Table([[cell]], colWidths=[width])
        table.setStyle(
            table_style(
                ("BOX", (0, 0), (-1, -1), 2.5, edge),
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                padding=size * 0.6,
            )
        )
        return table

    def _boxes(self, size: float) -> Table:
        gap = size
        half = (self.width - gap) / 2
        inner = half - 2 * size * 0.6
        c = self.spec.colors
        badge = size * 1.5
        quick: list[Flowable] = [
            Paragraph(inline(self.quick.title or self.words["what_to_do"]), self.s_h)
        ]
        for number, step in enumerate(self.quick.steps, 1):
            text = f"<b>{inline(step.short)}</b>"
            quick.append(
                beside(
                    icons.Badge(number, badge, self.accent, size),
                    Paragraph(text, self.s_body),
                    badge + size * 0.5,
                    inner,
                    "TOP",
                    size * 0.35,
                )
            )
        flags = self.flags.callout
        warn = color(c.warning)
        head = beside(
            icons.Icon("warning", self.heading_size, warn),
            Paragraph(inline(flags.title or self.words["see_a_doctor"]), self.s_h),
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
            spaceAfter=size * 0.2,
        )
        red = [head] + [Paragraph(inline(i), item, bulletText="•") for i in flags.items]
        row = Table(
            [
                [
                    self._box(quick, self.accent, color(c.accent_light), half, size),
                    self._box(red, warn, color(c.warning_light), half, size),
                ]
            ],
            colWidths=[half + gap, half],
        )
        row.setStyle(table_style())
        row.spaceAfter = size * 0.6
        return row

    def _tracker(self, size: float) -> list[Flowable]:
        tracker = self.tracker.tracker
        names = tracker.days or self.words["days"]
        days = len(names)
        pad = size * 0.3
        day = max(size * 0.85, self.spec.type.min_body)  # large print everywhere
        small = style("sheet-day", day, 1.1, bold=True, textColor=self.text, alignment=1)
        day_w = max(fonts.width(d, fonts.BOLD, small.fontSize) for d in names) + size * 0.6
        label_w = max(fonts.width(r, fonts.REGULAR, size) for r in tracker.rows) + 2 * pad + 1
        if label_w + day_w * days <= self.width:  # labels on one line; days share the rest
            day_w = min((self.width - label_w) / days, size * 3.5)
        head = [""] + [Paragraph(inline(d), small) for d in names]
        rows = [head] + [[Paragraph(inline(r), self.s_body)] + [""] * days for r in tracker.rows]
        tall = max(size * 2.2, size * self.spec.type.leading * 2 + 2 * pad)
        one_line = label_w + day_w * days <= self.width + 0.01
        table = Table(
            rows,
            colWidths=[self.width - day_w * days] + [day_w] * days,
            rowHeights=[None] + [size * 2.2 if one_line else tall] * len(tracker.rows),
        )
        table.setStyle(
            table_style(
                ("GRID", (0, 0), (-1, -1), 1.2, self.text),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (-1, 0), "CENTER"),
                padding=pad,
            )
        )
        return [Paragraph(inline(tracker.title), self.s_h), table]

    def _footer(self) -> list[Flowable]:
        disclaimer = inline(self.guide.disclaimer.short)
        return [
            Paragraph(
                f"{disclaimer} {reviewed(self.guide.reviewed, self.guide.language)}.", self.s_foot
            ),
        ]
