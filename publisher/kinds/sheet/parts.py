"""Parts of the fridge sheet built from its settings: the blocks its layout names, the
check-off grid and the caution line."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from publisher.draw import fonts, icons
from publisher.draw.markup import inline
from publisher.draw.styles import beside, color, style, table_style
from publisher.draw.tags import Tagged
from publisher.errors import BuildError
from publisher.i18n.words import caution_said
from publisher.kinds.sheet.spec import SheetSpec
from publisher.model import guide as g


def layout_block(guide: g.Guide, spec: SheetSpec, name: str | None, kind: type, role: str) -> Any:
    """The block the layout's `role` names in the guide (None for an optional one the
    guide lacks), or one line saying why it cannot be used."""
    block = guide.block(name) if name else None
    if block is None and (name is None or name in spec.optional):
        return None
    if not isinstance(block, kind):
        found = "no such block" if block is None else f"a {g.block_kind(block)} block"
        raise BuildError(
            f"layout sheet: `{role}` names `{name}` in guide {guide.id}, but that is {found}; "
            f"it needs a {kind.__name__.removesuffix('Block').lower()} block."
        )
    return block


def caution_line(sheet, size: float, width: float) -> Flowable:
    """The guide's caution under the quick steps: a warning icon, its title and its
    short form, in bold type at the body size."""
    callout = sheet.caution.callout
    title, short = caution_said(callout, sheet.guide.language)
    said = f"<b>{inline(title)}</b> {inline(short)}"
    icon = size * 1.3
    warn = color(sheet.spec.colors.warning)
    words = Tagged(Paragraph(said, sheet.s_body), (("P", "caution"),))
    line = beside(icons.Icon("warning", icon, warn), words, icon + size * 0.5, width)
    line.spaceBefore = size * 0.4 * sheet.k
    return line


def tracker_table(sheet, size: float, titled: bool = True) -> list[Flowable]:
    """The weekly check-off grid: days across, the guide's rows down, each a row header."""
    tracker = sheet.tracker.tracker
    names = tracker.days or sheet.words["days"]
    days = len(names)
    pad = size * 0.3
    day = max(size * 0.85, sheet.spec.type.min_body)  # large print everywhere
    small = style("sheet-day", day, 1.1, bold=True, textColor=sheet.text, alignment=1)
    day_w = max(fonts.width(d, fonts.BOLD, small.fontSize) for d in names) + size * 0.6
    label_w = max(fonts.width(r, fonts.REGULAR, size) for r in tracker.rows) + 2 * pad + 1
    if label_w + day_w * days <= sheet.width:  # labels on one line; days share the rest
        day_w = min((sheet.width - label_w) / days, size * 3.5)
    grid = ("Table", "tracker")
    head = [Tagged(Spacer(0, 0), (grid, ("TR", 0), ("TD", 0)))] + [
        Tagged(Paragraph(inline(d), small), (grid, ("TR", 0), ("TH", i)), Scope="Column")
        for i, d in enumerate(names, 1)
    ]
    rows = [head] + [
        [Tagged(Paragraph(inline(r), sheet.s_body), (grid, ("TR", n), ("TH", 0)), Scope="Row")]
        + [Tagged(Spacer(0, 0), (grid, ("TR", n), ("TD", d))) for d in range(1, days + 1)]
        for n, r in enumerate(tracker.rows, 1)
    ]
    one_line = label_w + day_w * days <= sheet.width + 0.01
    lines = 1 if one_line else 2
    # a tick's room: shorter rows when the sheet gives way, taller on a page of their own
    least = size * sheet.spec.type.leading * lines + 2 * pad
    row = max(least, size * 2.2)
    row = least if sheet.compact and titled else row * (1 if titled else 1.6)
    table = Table(
        rows,
        colWidths=[sheet.width - day_w * days] + [day_w] * days,
        rowHeights=[None] + [row] * len(tracker.rows),
    )
    table.setStyle(
        table_style(
            ("GRID", (0, 0), (-1, -1), 1.2, sheet.text),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 0), (-1, 0), "CENTER"),
            padding=pad,
        )
    )
    table.spaceAfter = size * 0.6 * sheet.k
    title = Tagged(Paragraph(inline(tracker.title), sheet.s_h), (("H2", "tracker"),))
    help_ = Tagged(Paragraph(inline(sheet.words["tracker_help"]), sheet.s_body),
                   (("P", "tracker-help"),))  # fmt: skip
    help_.flowable.style = style("sheet-help", size, 1.2, textColor=sheet.text,
                                 spaceAfter=size * 0.3 * sheet.k)  # fmt: skip
    if not titled:
        return [help_, table]
    if sheet.compact:  # the heading and the help on one line, when they fit there
        wide = fonts.width(tracker.title, fonts.BOLD, sheet.s_h.fontSize) + size
        if wide + fonts.width(sheet.words["tracker_help"], fonts.REGULAR, size) < sheet.width:
            help_.flowable.style = style("sheet-help-beside", size, 1.2, textColor=sheet.text)
            both = beside(title, help_, wide, sheet.width, valign="BOTTOM")
            both.spaceAfter = sheet.s_h.spaceAfter
            return [both, table]
    return [title, help_, table]
