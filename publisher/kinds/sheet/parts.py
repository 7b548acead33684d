"""Parts of the fridge sheet built from its settings: the check-off grid, and cells in
equal columns (the quick steps, the red flags)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from publisher.draw import fonts
from publisher.draw.markup import inline
from publisher.draw.styles import style, table_style
from publisher.draw.tags import Tagged


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
    tall = max(size * 2.2, size * sheet.spec.type.leading * 2 + 2 * pad)
    one_line = label_w + day_w * days <= sheet.width + 0.01
    table = Table(
        rows,
        colWidths=[sheet.width - day_w * days] + [day_w] * days,
        rowHeights=[None]
        + [(size * 2.2 if one_line else tall) * (1 if titled else 1.6)]
        * len(tracker.rows),  # on its own page the rows have room to write in
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
    return [title, help_, table] if titled else [help_, table]


def columns(cells: list, across: int, width: float, size: float, *commands: tuple) -> Table:
    """`cells` in `across` equal columns, in reading order (left to right, then the next
    row), each cell's content at its top."""
    rows = [cells[i : i + across] for i in range(0, len(cells), across)]
    rows[-1] += [""] * (across - len(rows[-1]))
    table = Table(rows, colWidths=[width / across] * across)
    table.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("RIGHTPADDING", (0, 0), (-1, -1), size * 0.5),
                               *commands))  # fmt: skip
    return table
