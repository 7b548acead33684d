"""The office sheet of cards: the two faces drawn once each as forms, placed n-up with
the backs mirrored for long-edge duplex, and cut marks inside the printable area."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

from publisher.draw.job import Doc, Job
from publisher.draw.styles import canvas
from publisher.errors import BuildError
from publisher.kinds.card.spec import CardSpec


@dataclass(frozen=True)
class Grid:
    """Where the cards sit on a sheet: positions of fronts; backs mirror them."""

    columns: int
    rows: int
    left: float
    bottom: float
    card_w: float
    card_h: float
    sheet_w: float
    sheet_h: float

    def fronts(self) -> list[tuple[float, float]]:
        return [
            (self.left + c * self.card_w, self.bottom + r * self.card_h)
            for r in range(self.rows)
            for c in range(self.columns)
        ]

    def backs(self) -> list[tuple[float, float]]:
        """Long-edge flip mirrors the sheet left to right."""
        return [(self.sheet_w - x - self.card_w, y) for x, y in self.fronts()]


def grid(size, sheet, margin: float, marks, columns: int = 2, rows: int = 5) -> Grid:
    """The largest grid (up to columns × rows) whose cut marks fit inside the printable margin."""
    need = margin + marks.length + marks.gap
    while rows and sheet.height - rows * size.height < 2 * need:
        rows -= 1
    while columns and sheet.width - columns * size.width < 2 * need:
        columns -= 1
    if not rows or not columns:
        raise BuildError("the card does not fit on the sheet with room for cut marks.")
    left = (sheet.width - columns * size.width) / 2
    bottom = (sheet.height - rows * size.height) / 2
    return Grid(columns, rows, left, bottom, size.width, size.height, sheet.width, sheet.height)


def sheet_pdf(faces: list, size, spec: CardSpec, info: dict, job: Job) -> Doc:
    sheet = spec.sheet[job.paper]
    layout = grid(size, sheet, spec.sheet_margin, spec.cut_marks)
    buffer = io.BytesIO()
    canv = canvas(buffer, (sheet.width, sheet.height), info, job)
    for face, places in ((faces[0], layout.fronts()), (faces[1], layout.backs())):
        name = f"card-{face.name}"
        canv.beginForm(name, lowerx=0, lowery=0, upperx=size.width, uppery=size.height)
        face.draw(canv, 0, 0)
        canv.endForm()
        for x, y in places:
            canv.saveState()
            canv.translate(x, y)
            canv.doForm(name)
            canv.restoreState()
        _cut_marks(canv, layout, spec.sheet_margin, spec.cut_marks)
        canv.showPage()
    canv.save()
    slots = [faces[1].slot(x, y) for x, y in layout.backs()] if job.branded else []
    return Doc(buffer.getvalue(), slots)


def _cut_marks(canv: Canvas, layout: Grid, margin: float, marks) -> None:
    """Marks on the extension of every cut line, in the margins, never within `margin`."""
    canv.saveState()
    canv.setStrokeColor(black)
    canv.setLineWidth(0.3)
    top = layout.bottom + layout.rows * layout.card_h
    right = layout.left + layout.columns * layout.card_w
    length = min(marks.length, layout.bottom - marks.gap - margin)
    for c in range(layout.columns + 1):
        x = layout.left + c * layout.card_w
        canv.line(x, layout.bottom - marks.gap, x, layout.bottom - marks.gap - length)
        canv.line(x, top + marks.gap, x, top + marks.gap + length)
    length = min(marks.length, layout.left - marks.gap - margin)
    for r in range(layout.rows + 1):
        y = layout.bottom + r * layout.card_h
        canv.line(layout.left - marks.gap, y, layout.left - marks.gap - length, y)
        canv.line(right + marks.gap, y, right + marks.gap + length, y)
    canv.restoreState()
