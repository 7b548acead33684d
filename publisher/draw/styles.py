"""Paragraph styles and colours built from a layout spec's numbers, and the search by
which a layout finds the largest type that fits."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from typing import Any

from reportlab.lib.colors import CMYKColor, Color, HexColor, toColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table, TableStyle

from publisher import colors
from publisher.draw import fonts


def color(value: str) -> HexColor:
    return HexColor(value)


def to_cmyk(value: Color) -> CMYKColor:
    """Any ReportLab colour as device CMYK (the press profile's colour space)."""
    value = toColor(value)
    if isinstance(value, CMYKColor):
        return value
    return CMYKColor(*colors.cmyk(value.rgb()), alpha=value.alpha)


def to_gray(cmyk: bool = False):
    """A colour conversion to neutral gray: RGB gray for the office, K-only for press."""

    def convert(value: Color) -> Color:
        value = toColor(value)
        level = round(colors.gray(value.rgb()), 4)
        if cmyk:
            return CMYKColor(0, 0, 0, round(1 - level, 4), alpha=value.alpha)
        return Color(level, level, level, alpha=value.alpha)

    return convert


def canvas(buffer: io.BytesIO, pagesize: tuple[float, float], info: dict[str, Any], job,
           tagged: bool = False) -> Canvas:  # fmt: skip
    """A reproducible canvas in the house font, with the job's colour conversion and
    the document metadata; `tagged`: one that marks its content (render.tags)."""
    from publisher.draw.tags import TaggedCanvas

    canv = (TaggedCanvas if tagged else Canvas)(
        buffer,
        pagesize=pagesize,
        invariant=1,
        initialFontName=fonts.register(),
        lang=info.get("lang"),
        enforceColorSpace=job.enforce(),
    )
    canv.setTitle(info["title"])
    canv.setAuthor(info["author"])
    canv.setSubject(info["subject"])
    canv.setKeywords(info["keywords"])
    canv.setCreator(info["creator"])
    dated(canv, info)
    return canv


def dated(canv: Canvas, info: dict[str, Any]) -> None:
    """CreationDate and ModDate from the document's metadata (ReportLab's invariant mode
    would write 1 January 2000)."""
    date = info["date"]
    canv.setDateFormatter(lambda *_: date)


def style(name: str, size: float, leading: float, *, bold: bool = False, **kw) -> ParagraphStyle:
    """A paragraph style in the house family: no widows, no orphans, no hyphenation."""
    fonts.register()
    return ParagraphStyle(
        name,
        fontName=fonts.BOLD if bold else fonts.REGULAR,
        fontSize=size,
        leading=size * leading,
        allowWidows=0,
        allowOrphans=0,
        **kw,
    )


def table_style(*commands: tuple, padding: float = 0) -> TableStyle:
    """A table style in the house font (a Table otherwise references Helvetica) with
    uniform padding, plus any extra commands."""
    fonts.register()
    every = ((0, 0), (-1, -1))
    base = [("FONTNAME", *every, fonts.REGULAR), ("VALIGN", *every, "TOP")]
    base += [(f"{side}PADDING", *every, padding) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]
    return TableStyle(base + list(commands))


def beside(
    left: Flowable,
    right,
    left_width: float,
    width: float | None = None,
    valign: str = "MIDDLE",
    gap_below: float = 0,
) -> Table:
    """`left` (an icon or badge) in a fixed column beside `right` (flowables or text);
    kept whole on one page, so a step never leaves its title behind."""
    table = Table(
        [[left, right]],
        colWidths=[left_width, None if width is None else width - left_width],
    )
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), valign), ("BOTTOMPADDING", (0, 0), (-1, -1), gap_below)
        )
    )
    table.hAlign = "LEFT"
    return table


def stacked(items: list[Flowable], width: float, size: float) -> Table:
    """`items` in two columns read down, the first column to its end and then the
    second: each item whole in one column, the split where the columns come out most
    nearly even (so no row of one column waits for the other's)."""
    if len(items) < 2:
        return columns(items, 1, width, size)
    heights = [f.wrap(width / 2 - size * 0.5, 10_000)[1] + f.getSpaceAfter() for f in items]
    split = min(range(1, len(items)),
                key=lambda k: (max(sum(heights[:k]), sum(heights[k:])), -k))  # fmt: skip
    return columns([items[:split], items[split:]], 2, width, size)


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


class WriteIn(Flowable):
    """A line to write on, the rest of its row wide, at the baseline of the words beside
    it (an artifact: the words say what to write)."""

    def __init__(self, size: float, tint):
        super().__init__()
        self.size, self.tint = size, tint

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(self.tint)
        self.canv.setLineWidth(0.6)
        self.canv.line(0, self.size * 0.05, self.width, self.size * 0.05)


def largest_fit(low: float, high: float, step: float, overflow: Callable[[float], float]) -> float:
    """The largest of `high` and the values `low + n * step` below it at which nothing
    overflows (`low` itself fits). Overflow grows with the value, about evenly, so each
    try is where the line through the nearest tries either side crosses zero (false
    position): two or three tries where halving the range takes eight."""
    miss_over = overflow(high)
    if miss_over <= 0:
        return high
    fit, fit_over, miss = 0, overflow(low), (high - low) / step  # in steps from low
    while True:
        first, last = fit + 1, math.ceil(miss - 1e-9) - 1  # the values strictly between
        if first > last:
            return round(low + fit * step, 6)
        guess = fit + (miss - fit) * -fit_over / (miss_over - fit_over)
        n = min(max(math.floor(guess + 1e-9), first), last)
        over = overflow(round(low + n * step, 6))
        if over <= 0:
            fit, fit_over = n, over
        else:
            miss, miss_over = n, over
