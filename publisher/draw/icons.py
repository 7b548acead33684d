"""Vector icons drawn with ReportLab paths, reusable by name from guides and layouts.

Each icon draws into a unit square (0..1) that `draw` scales to the requested size,
in one colour, so it reads the same on a black-and-white printer."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import Color, white
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from publisher.draw import fonts
from publisher.draw.icons_clinic import CLINIC, _figure_head, strokes

Painter = Callable[[Canvas], None]


def _water(c: Canvas) -> None:
    p = c.beginPath()
    p.moveTo(0.5, 0.95)
    p.curveTo(0.62, 0.72, 0.82, 0.52, 0.82, 0.36)
    p.curveTo(0.82, 0.16, 0.67, 0.04, 0.5, 0.04)
    p.curveTo(0.33, 0.04, 0.18, 0.16, 0.18, 0.36)
    p.curveTo(0.18, 0.52, 0.38, 0.72, 0.5, 0.95)
    p.close()
    c.drawPath(p, fill=1, stroke=0)
    c.setStrokeColor(white)
    c.setLineWidth(0.06)
    c.arc(0.3, 0.16, 0.62, 0.48, 190, 70)


def _food(c: Canvas) -> None:
    # a banana: a crescent
    p = c.beginPath()
    p.moveTo(0.1, 0.62)
    p.curveTo(0.25, 0.1, 0.75, 0.05, 0.92, 0.42)
    p.curveTo(0.7, 0.25, 0.35, 0.3, 0.1, 0.62)
    p.close()
    c.drawPath(p, fill=1, stroke=0)
    # a leaf above it
    leaf = c.beginPath()
    leaf.moveTo(0.45, 0.5)
    leaf.curveTo(0.45, 0.85, 0.75, 0.95, 0.92, 0.95)
    leaf.curveTo(0.92, 0.7, 0.75, 0.5, 0.45, 0.5)
    leaf.close()
    c.drawPath(leaf, fill=1, stroke=0)


def _stretch(c: Canvas) -> None:
    # a person leaning into a wall, back leg straight: the standing calf stretch
    strokes(c)
    c.line(0.92, 0.05, 0.92, 0.95)  # wall
    _figure_head(c, 0.62, 0.8)
    c.line(0.56, 0.68, 0.38, 0.36)  # body
    c.line(0.54, 0.6, 0.86, 0.62)  # arms to the wall
    c.line(0.38, 0.36, 0.12, 0.06)  # back leg, straight
    c.line(0.38, 0.36, 0.56, 0.2)  # front leg, bent
    c.line(0.56, 0.2, 0.56, 0.06)
    c.line(0.06, 0.06, 0.2, 0.06)  # back heel down


def _bed(c: Canvas) -> None:
    c.setLineWidth(0.08)
    c.setLineCap(1)
    c.line(0.06, 0.15, 0.06, 0.8)  # headboard
    c.line(0.06, 0.35, 0.94, 0.35)  # frame
    c.line(0.94, 0.15, 0.94, 0.5)
    c.roundRect(0.14, 0.4, 0.22, 0.16, 0.05, fill=1, stroke=0)  # pillow
    c.roundRect(0.4, 0.4, 0.54, 0.22, 0.06, fill=1, stroke=0)  # blanket


def _shoe(c: Canvas) -> None:
    p = c.beginPath()
    p.moveTo(0.06, 0.16)
    p.lineTo(0.06, 0.7)
    p.lineTo(0.3, 0.7)
    p.curveTo(0.36, 0.55, 0.5, 0.5, 0.62, 0.46)
    p.curveTo(0.85, 0.4, 0.95, 0.32, 0.95, 0.22)
    p.lineTo(0.95, 0.16)
    p.close()
    c.drawPath(p, fill=1, stroke=0)
    c.setStrokeColor(white)
    c.setLineWidth(0.05)
    c.line(0.06, 0.24, 0.95, 0.24)  # sole line
    for x in (0.4, 0.5):
        c.line(x, 0.56, x + 0.05, 0.45)  # laces


def _chair(c: Canvas) -> None:
    strokes(c)
    c.line(0.3, 0.95, 0.3, 0.05)  # back and back leg
    c.line(0.3, 0.45, 0.78, 0.45)  # seat
    c.line(0.74, 0.45, 0.74, 0.05)  # front leg


def _warning(c: Canvas) -> None:
    p = c.beginPath()
    p.moveTo(0.5, 0.96)
    p.lineTo(0.98, 0.08)
    p.lineTo(0.02, 0.08)
    p.close()
    c.drawPath(p, fill=1, stroke=0)
    c.setFillColor(white)
    c.roundRect(0.45, 0.38, 0.1, 0.36, 0.04, fill=1, stroke=0)
    c.circle(0.5, 0.24, 0.06, fill=1, stroke=0)


def _heat(c: Canvas) -> None:
    # three rising waves
    c.setLineWidth(0.09)
    c.setLineCap(1)
    for x in (0.22, 0.5, 0.78):
        p = c.beginPath()
        p.moveTo(x, 0.06)
        p.curveTo(x - 0.16, 0.3, x + 0.16, 0.5, x, 0.72)
        p.curveTo(x - 0.08, 0.82, x, 0.9, x, 0.94)
        c.drawPath(p, fill=0, stroke=1)


def _clock(c: Canvas) -> None:
    c.setLineWidth(0.09)
    c.circle(0.5, 0.5, 0.42, fill=0, stroke=1)
    c.setLineCap(1)
    c.line(0.5, 0.5, 0.5, 0.78)
    c.line(0.5, 0.5, 0.7, 0.4)


def _hand(c: Canvas) -> None:
    c.roundRect(0.2, 0.05, 0.56, 0.5, 0.14, fill=1, stroke=0)  # palm
    for i, h in enumerate((0.36, 0.42, 0.4, 0.32)):
        c.roundRect(0.2 + i * 0.14, 0.4, 0.12, h + 0.1, 0.06, fill=1, stroke=0)
    p = c.beginPath()  # thumb
    p.moveTo(0.22, 0.35)
    p.lineTo(0.04, 0.55)
    p.lineTo(0.12, 0.62)
    p.lineTo(0.3, 0.45)
    p.close()
    c.drawPath(p, fill=1, stroke=0)


def _ball(c: Canvas) -> None:
    c.circle(0.5, 0.5, 0.44, fill=1, stroke=0)
    c.setStrokeColor(white)
    c.setLineWidth(0.06)
    c.arc(-0.18, 0.12, 0.42, 0.88, -45, 90)
    c.arc(0.58, 0.12, 1.18, 0.88, 135, 90)


def _check(c: Canvas) -> None:
    strokes(c, 0.16)
    p = c.beginPath()
    p.moveTo(0.1, 0.5)
    p.lineTo(0.38, 0.2)
    p.lineTo(0.9, 0.82)
    c.drawPath(p, fill=0, stroke=1)


def _doctor(c: Canvas) -> None:
    c.roundRect(0.05, 0.05, 0.9, 0.9, 0.16, fill=1, stroke=0)
    c.setFillColor(white)
    c.rect(0.4, 0.18, 0.2, 0.64, fill=1, stroke=0)
    c.rect(0.18, 0.4, 0.64, 0.2, fill=1, stroke=0)


def _leg(c: Canvas) -> None:
    # a lower leg and foot seen from the side: knee at the top, the calf's curve behind,
    # a straight shin in front, a round heel and the foot pointing right
    p = c.beginPath()
    p.moveTo(0.30, 0.98)
    p.curveTo(0.14, 0.78, 0.20, 0.50, 0.33, 0.30)
    p.curveTo(0.35, 0.24, 0.29, 0.17, 0.28, 0.10)
    p.curveTo(0.27, 0.04, 0.32, 0.02, 0.40, 0.02)
    p.lineTo(0.88, 0.02)
    p.curveTo(0.98, 0.02, 0.98, 0.13, 0.89, 0.15)
    p.curveTo(0.72, 0.19, 0.58, 0.24, 0.52, 0.33)
    p.curveTo(0.54, 0.56, 0.54, 0.80, 0.56, 0.98)
    p.close()
    c.drawPath(p, fill=1, stroke=0)


def _info(c: Canvas) -> None:
    c.circle(0.5, 0.5, 0.46, fill=1, stroke=0)
    c.setFillColor(white)
    c.circle(0.5, 0.74, 0.07, fill=1, stroke=0)
    c.roundRect(0.43, 0.18, 0.14, 0.42, 0.05, fill=1, stroke=0)


ICONS: dict[str, Painter] = {
    "water": _water,
    "food": _food,
    "stretch": _stretch,
    "bed": _bed,
    "shoe": _shoe,
    "chair": _chair,
    "warning": _warning,
    "heat": _heat,
    "clock": _clock,
    "hand": _hand,
    "ball": _ball,
    "check": _check,
    "doctor": _doctor,
    "leg": _leg,
    "info": _info,
    **CLINIC,
}


def draw(canvas: Canvas, name: str, x: float, y: float, size: float, color: Color,
         struck: bool = False) -> None:  # fmt: skip
    """Draw icon `name` with its lower-left corner at (x, y), `size` points square;
    `struck` crosses it out (a thing to avoid), white-edged so it reads in one colour."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size, size)
    canvas.setFillColor(color)
    canvas.setStrokeColor(color)
    ICONS[name](canvas)
    if struck:
        canvas.setLineCap(1)
        for ink, width in ((white, 0.22), (color, 0.1)):
            canvas.setStrokeColor(ink)
            canvas.setLineWidth(width)
            canvas.line(0.1, 0.9, 0.9, 0.1)
    canvas.restoreState()


class Icon(Flowable):
    """An icon in the flow of text."""

    def __init__(self, name: str, size: float, color: Color, struck: bool = False):
        super().__init__()
        self.name, self.size, self.color, self.struck = name, size, color, struck
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw(self.canv, self.name, 0, 0, self.size, self.color, self.struck)


class Badge(Flowable):
    """A step number in a filled circle."""

    def __init__(self, number: int, size: float, fill, font_size: float):
        super().__init__()
        self.number, self.size, self.fill, self.font_size = number, size, fill, font_size

    def wrap(self, *_: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c, r = self.canv, self.size / 2
        c.setFillColor(self.fill)
        c.circle(r, r, r, fill=1, stroke=0)
        c.setFillColor(white)
        c.setFont(fonts.BOLD, self.font_size)
        c.drawCentredString(r, r - self.font_size * 0.35, str(self.number))
