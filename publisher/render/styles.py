"""Paragraph styles and colours built from a layout spec's numbers."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import CMYKColor, Color, HexColor, toColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table, TableStyle

from publisher import colors
from publisher.render import fonts


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
    from publisher.render.tags import TaggedCanvas

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
