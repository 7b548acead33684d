"""Line drawings of the technique, for the steps that name one (`figure:`): a lower leg
seen from the side, hands, a ball, a warm pack and arrows that show the movement. They
draw into a unit square in one style: dark outlines, the leg in a light tint, hands and
things in paper white, the movement in the accent colour, so a drawing still reads on
a black-and-white printer. On a coloured panel (the cover) everything is one colour."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import Color, white
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from publisher.draw.band import prepared
from publisher.draw.bodies import BODIES
from publisher.draw.pen import Palette, Pen, ball, hand
from publisher.draw.styles import color
from publisher.draw.tags import Tagged
from publisher.i18n.words import words

# the lower leg from the side: knee at the top, the calf's curve behind (left), the shin
# in front, a round heel and the foot pointing right
LEG = [
    (0.36, 1.0),
    ((0.24, 0.88), (0.21, 0.66), (0.31, 0.5)),
    ((0.38, 0.38), (0.4, 0.3), (0.4, 0.2)),
    ((0.38, 0.12), (0.37, 0.04), (0.45, 0.04)),
    (0.84, 0.04),
    ((0.92, 0.04), (0.92, 0.13), (0.84, 0.14)),
    ((0.72, 0.16), (0.64, 0.2), (0.61, 0.28)),
    ((0.6, 0.5), (0.61, 0.8), (0.62, 1.0)),
]


def leg(pen: Pen) -> None:
    pen.shape(LEG, pen.palette.tint, close=False)


def lying(pen: Pen, lift: float, right: float = 1.02, length: float = 1.0) -> None:
    """The leg turned to lie along the floor, knee left and toes up, its thickness
    scaled to three quarters so it stays in the square; `lift` raises it, `right`
    is where its sole ends."""
    c = pen.c
    c.saveState()
    c.translate(right, lift)
    c.rotate(90)
    c.scale(0.75, length)
    leg(pen)
    c.restoreState()


def _strokes_up(pen: Pen) -> None:
    leg(pen)
    hand(pen, 0.36, 0.5, 70, 0.34)
    pen.arrow([(0.12, 0.18), (0.12, 0.9)])


def _thumb_circles(pen: Pen) -> None:
    leg(pen)
    hand(pen, 0.42, 0.58, 190, 0.34)
    pen.turn(0.31, 0.76, 0.075)


def _across(pen: Pen) -> None:
    leg(pen)
    for y in (0.7, 0.52):
        pen.arrow([(0.08, y), (0.5, y - 0.04)], both=True)
    hand(pen, 0.7, 0.62, 160, 0.3)


def _ball(pen: Pen) -> None:
    pen.shape([(0.02, 0.06), (0.98, 0.06)], None, close=False)  # the floor
    ball(pen, 0.36, 0.17, 0.11)
    lying(pen, lift=0.1)
    pen.arrow([(0.36, 0.86), (0.36, 0.62)])  # lean your weight on it


def _toes_to_shin(pen: Pen) -> None:
    lying(pen, lift=0.0, right=0.86, length=0.84)
    hand(pen, 0.76, 0.8, 135, 0.3)  # on the sole, fingers over the toes
    pen.arrow([(0.6, 0.9), ((0.52, 0.94), (0.44, 0.9), (0.4, 0.8))])


def _flex_foot(pen: Pen) -> None:
    lying(pen, lift=0.0)
    pen.arrow([(0.96, 0.58), ((1.0, 0.76), (0.9, 0.94), (0.7, 0.94))])


def _wall_stretch(pen: Pen, bent: bool) -> None:
    ink = pen.palette.ink
    c = pen.c
    c.setLineCap(1)
    c.setLineJoin(1)
    pen.shape([(0.94, 0.02), (0.94, 0.98)], None, close=False)  # the wall
    pen.shape([(0.02, 0.02), (0.98, 0.02)], None, close=False)  # the floor
    c.setFillColor(ink)
    c.circle(0.66, 0.84, 0.07, fill=1, stroke=0)
    body = pen.width * 2.6
    c.setStrokeColor(ink)
    c.setLineWidth(body)
    c.line(0.62, 0.74, 0.44, 0.46)  # the body, leaning in
    c.line(0.6, 0.68, 0.93, 0.7)  # arms to the wall
    c.line(0.44, 0.46, 0.64, 0.3)  # front leg, bent
    c.line(0.64, 0.3, 0.64, 0.04)
    c.line(0.64, 0.04, 0.76, 0.04)
    # the back leg stretches: straight from hip to heel, or the knee bent forward
    knee, heel = ((0.42, 0.2), (0.3, 0.04)) if bent else ((0.27, 0.25), (0.12, 0.04))
    c.line(0.44, 0.46, *knee)
    c.setStrokeColor(pen.palette.mark)
    c.line(*knee, *heel)  # its calf, in the movement's colour
    c.setStrokeColor(ink)
    c.line(*heel, heel[0] - 0.1, 0.04)  # heel down


def _toes_to_shin_warm(pen: Pen) -> None:
    _toes_to_shin(pen)
    _warmth(pen, (0.2, 0.3, 0.4), 0.47)  # then warmth, rising from the calf


def _pack(pen: Pen) -> None:
    leg(pen)
    pen.shape([(0.1, 0.42), (0.44, 0.42), (0.44, 0.78), (0.1, 0.78)], pen.palette.paper)
    _warmth(pen, (0.18, 0.27, 0.36), 0.5)


def _warmth(pen: Pen, xs: tuple[float, ...], y: float) -> None:
    """Wavy lines rising from height `y`, one at each x: warmth."""
    c = pen.c
    for x in xs:
        pen.c.saveState()
        c.setStrokeColor(pen.palette.mark)
        c.setLineWidth(pen.width * 1.4)
        c.setLineCap(1)
        p = c.beginPath()
        p.moveTo(x, y)
        p.curveTo(x - 0.04, y + 0.06, x + 0.04, y + 0.14, x, y + 0.2)
        c.drawPath(p, fill=0, stroke=1)
        c.restoreState()


def _massage(pen: Pen) -> None:
    leg(pen)
    hand(pen, 0.36, 0.62, 20, 0.32)
    hand(pen, 0.58, 0.44, 200, 0.32)


DRAWINGS: dict[str, Callable[[Pen], None]] = {  # the leg's; then the whole body's
    "strokes-up": _strokes_up,
    "thumb-circles": _thumb_circles,
    "strokes-across": _across,
    "tennis-ball": _ball,
    "toes-to-shin": _toes_to_shin,
    "toes-to-shin-warm": _toes_to_shin_warm,
    "flex-foot": _flex_foot,
    "calf-stretch": lambda pen: _wall_stretch(pen, bent=False),
    "calf-stretch-bent": lambda pen: _wall_stretch(pen, bent=True),
    "warm-pack": _pack,
    "massage": _massage,
    **BODIES,
}


def draw(canvas: Canvas, name: str, x: float, y: float, size: float, palette: Palette) -> None:
    """Drawing `name` with its lower-left corner at (x, y), `size` points square; the
    outline is about 1.2 pt at 30 mm and never under 0.6 pt."""
    line = max(0.6, size * 0.014)
    inner = size - 2 * line  # the outline's half width stays inside the square too
    canvas.saveState()
    canvas.translate(x + line, y + line)
    canvas.scale(inner, inner)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    DRAWINGS[name](Pen(canvas, palette, line / inner))
    canvas.restoreState()


def one_colour(ink: Color, ground: Color) -> Palette:
    """Everything in `ink` on a coloured `ground` (the cover's panel)."""
    return Palette(ink, ink, None, ground)


class Drawing(Flowable):
    """A drawing in the flow of a page, `size` points square."""

    def __init__(self, name: str, size: float, palette: Palette):
        super().__init__()
        self.name, self.size, self.palette = name, size, palette
        self.width = self.height = size

    def wrap(self, *_: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw(self.canv, self.name, 0, 0, self.size, self.palette)


class Picture(Flowable):
    """A clinic's own picture of a step (a checked PNG or JPEG), fitted into `size`
    points square and centred, on white and in the job's colour space."""

    def __init__(self, path, size: float, gray: bool, cmyk: bool):
        super().__init__()
        self.path, self.size, self.gray, self.cmyk = path, size, gray, cmyk
        self.width = self.height = size

    def wrap(self, *_: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        image = prepared(self.path, self.gray, self.cmyk)
        width, height = image.getSize()
        scale = min(self.size / width, self.size / height)
        w, h = width * scale, height * scale
        self.canv.drawImage(image, (self.size - w) / 2, (self.size - h) / 2, w, h)


class Figures:
    """The steps' figures of one rendering: a bundled drawing in the layout's colours, or
    the clinic's own picture in the job's colour space; each a Figure element of its
    step's list item, described in words."""

    def __init__(self, guide, colors, job):
        self.guide, self.job = guide, job
        # the canvas greys these for --grayscale, as it does every colour
        self.palette = Palette(color(colors.text), color(colors.accent),
                               color(colors.accent_light), white)  # fmt: skip

    def of(self, step, size: float, body: tuple) -> Flowable | None:
        """The figure of `step` at `size`, tagged inside the element at `body` (the
        step's LBody), or None when it has none."""
        if not step.figure:
            return None
        if step.image:
            job = self.job
            shown: Flowable = Picture(self.guide.image(step.image), size, job.grayscale,
                                      job.print.cmyk)  # fmt: skip
            alt = step.alt
        else:
            shown = Drawing(step.figure, size, self.palette)
            alt = step.alt or words(self.guide.language)["figures"][step.figure]
        return Tagged(shown, (*body, ("Figure", 0)), alt=alt)
