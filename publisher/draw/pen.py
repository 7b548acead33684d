"""The pen every line drawing draws with: the canvas scaled to a unit square, the house
line, the palette (dark outlines, a light tint for the body, paper white for hands and
things, the accent colour for the movement), arrows, and the hand and ball that the
drawings of the leg, the arm and the body share."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class Palette:
    ink: Color  # outlines
    mark: Color  # arrows: the movement
    tint: Color | None  # the leg; None leaves it unfilled
    paper: Color  # hands, ball and pack, drawn over the leg


@dataclass
class Pen:
    """The canvas, scaled to the unit square, with the house line for this size."""

    c: Canvas
    palette: Palette
    width: float  # the outline, in units of the square

    def shape(self, points: list, fill: Color | None, close: bool = True) -> None:
        """An outlined shape through `points` (see _path), filled with `fill`."""
        c = self.c
        p = self._path(points)
        if close:
            p.close()
        c.setLineWidth(self.width)
        c.setStrokeColor(self.palette.ink)
        if fill is not None:
            c.setFillColor(fill)
            if not close:  # filled as a closed shape, outlined open
                c.drawPath(p, fill=1, stroke=0, fillMode=0)
                return self.shape(points, None, close=False)
        c.drawPath(p, fill=int(fill is not None), stroke=1)

    def arrow(self, points: list, both: bool = False) -> None:
        """The movement: a thick accent line along `points` ending in a head."""
        c, w = self.c, self.width * 1.7
        c.setStrokeColor(self.palette.mark)
        c.setFillColor(self.palette.mark)
        c.setLineWidth(w)
        c.drawPath(self._path(points), fill=0, stroke=1)
        ends = [(_last(points[-2]), _end(points[-1]), points[-1])]
        if both:
            ends.append((_first(points[1]), points[0], points[0]))
        for before, tip, _ in ends:
            self._head(before, tip, w * 3.2)

    def _head(self, before: tuple, tip: tuple, size: float) -> None:
        angle = math.atan2(tip[1] - before[1], tip[0] - before[0])
        left, right = angle + math.radians(150), angle - math.radians(150)
        pts = [tip, (tip[0] + size * math.cos(left), tip[1] + size * math.sin(left)),
               (tip[0] + size * math.cos(right), tip[1] + size * math.sin(right))]  # fmt: skip
        p = self._path(pts)
        p.close()
        self.c.drawPath(p, fill=1, stroke=0)

    def _path(self, points: list):
        """A path through `points`: (x, y) for a line, three of them for a curve."""
        p = self.c.beginPath()
        p.moveTo(*points[0])
        for point in points[1:]:
            if len(point) == 3:
                p.curveTo(*point[0], *point[1], *point[2])
            else:
                p.lineTo(*point)
        return p

    def oval(self, x0: float, y0: float, x1: float, y1: float, fill: Color | None) -> None:
        """An outlined oval in the box (x0, y0)–(x1, y1), filled with `fill` (None: the
        outline alone, as the one-colour form draws the tint)."""
        self._outlined(fill).ellipse(x0, y0, x1, y1, fill=int(fill is not None), stroke=1)

    def ring(self, x: float, y: float, r: float, fill: Color | None) -> None:
        """An outlined circle, filled as `oval` is."""
        self._outlined(fill).circle(x, y, r, fill=int(fill is not None), stroke=1)

    def _outlined(self, fill: Color | None) -> Canvas:
        c = self.c
        if fill is not None:
            c.setFillColor(fill)
        c.setStrokeColor(self.palette.ink)
        c.setLineWidth(self.width)
        return c

    def turn(self, x: float, y: float, r: float) -> None:
        """A small circling arrow around (x, y): the thumb's circles."""
        start, sweep = 110, 290
        pts = [(x + r * math.cos(math.radians(a)), y + r * math.sin(math.radians(a)))
               for a in range(start, start + sweep + 1, 20)]  # fmt: skip
        self.arrow(pts)


def _end(point: tuple) -> tuple:
    return point[2] if len(point) == 3 else point


def _last(point: tuple) -> tuple:
    """The point a path's last segment comes from: the curve's second control point."""
    return point[1] if len(point) == 3 else point


def _first(point: tuple) -> tuple:
    return point[0] if len(point) == 3 else point


def hand(pen: Pen, x: float, y: float, angle: float, size: float = 0.3,
         thumb: bool = True) -> None:  # fmt: skip
    """A hand as a mitten, its fingertips at (x, y) pointing at `angle` degrees."""
    c = pen.c
    c.saveState()
    c.translate(x, y)
    c.rotate(angle - 90)  # drawn pointing up, fingertips at the origin
    c.scale(size, size)
    pen.width /= size
    palm = [(-0.22, -0.95), ((-0.28, -0.5), (-0.32, -0.2), (-0.2, -0.04)),
            ((-0.1, 0.04), (0.1, 0.04), (0.2, -0.04)),
            ((0.3, -0.2), (0.28, -0.5), (0.22, -0.95))]  # fmt: skip
    pen.shape(palm, pen.palette.paper, close=False)
    for fx in (-0.07, 0.07):  # the fingers
        pen.shape([(fx, -0.05), (fx, -0.4)], None, close=False)
    if thumb:
        pen.shape(
            [
                (0.26, -0.62),
                ((0.42, -0.5), (0.5, -0.34), (0.44, -0.26)),
                ((0.38, -0.2), (0.3, -0.3), (0.26, -0.38)),
            ],
            pen.palette.paper,
            close=False,
        )
    pen.width *= size
    c.restoreState()


def ball(pen: Pen, x: float, y: float, r: float) -> None:
    pen.ring(x, y, r, pen.palette.paper)
    pen.shape([(x - r * 0.7, y + r * 0.7), ((x - r * 0.2, y + r * 0.3), (x - r * 0.2, y - r * 0.3),
               (x - r * 0.7, y - r * 0.7))], None, close=False)  # fmt: skip
    pen.shape([(x + r * 0.7, y + r * 0.7), ((x + r * 0.2, y + r * 0.3), (x + r * 0.2, y - r * 0.3),
               (x + r * 0.7, y - r * 0.7))], None, close=False)  # fmt: skip


# the things the drawings of the body share ----------------------------------------
Points = list[tuple[float, float]]


def sticks(pen: Pen, ink: list[Points], mark: list[Points] = ()) -> None:
    """Limbs and trunk as thick strokes: `ink` in the outline colour, `mark` (the part
    that works) in the movement's."""
    c = pen.c
    c.setLineWidth(pen.width * 2.6)
    for colour, chains in ((pen.palette.ink, ink), (pen.palette.mark, mark)):
        c.setStrokeColor(colour)
        for chain in chains:
            p = c.beginPath()
            p.moveTo(*chain[0])
            for point in chain[1:]:
                p.lineTo(*point)
            c.drawPath(p, fill=0, stroke=1)


def head(pen: Pen, x: float, y: float, r: float = 0.065) -> None:
    pen.c.setFillColor(pen.palette.ink)
    pen.c.circle(x, y, r, fill=1, stroke=0)


def line(pen: Pen, *points: tuple[float, float]) -> None:
    """A thin outline: the floor, a wall, a table or a chair."""
    pen.shape(list(points), None, close=False)


def floor(pen: Pen, y: float = 0.2) -> None:
    line(pen, (0.02, y), (0.98, y))


def chair(pen: Pen, x: float, facing: int = 1, seat: float = 0.42) -> None:
    """A chair seen from the side, its back at `x`, its seat towards `facing`."""
    front = x + 0.26 * facing
    line(pen, (x, 0.04), (x, seat + 0.4))
    line(pen, (x, seat), (front, seat), (front, 0.04))


def arc(pen: Pen, x: float, y: float, r: float, start: float, end: float,
        both: bool = False) -> None:  # fmt: skip
    """A curved arrow round (x, y) from angle `start` to `end` (degrees)."""
    steps = 8
    pts = [(x + r * math.cos(math.radians(start + (end - start) * i / steps)),
            y + r * math.sin(math.radians(start + (end - start) * i / steps)))
           for i in range(steps + 1)]  # fmt: skip
    pen.arrow(pts, both=both)


def forearm(pen: Pen, elbow: tuple, wrist: tuple, width: float = 0.15) -> None:
    """The forearm close up, in the tint: wide at the elbow, narrower at the wrist."""
    (x0, y0), (x1, y1) = elbow, wrist
    length = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    a, b = width / 2, width * 0.36
    pen.shape([(x1 + nx * b, y1 + ny * b), (x0 + nx * a, y0 + ny * a),
               (x0 - nx * a, y0 - ny * a), (x1 - nx * b, y1 - ny * b)],
              pen.palette.tint)  # fmt: skip


def table(pen: Pen, top: float = 0.36, edge: float = 0.62) -> None:
    line(pen, (0.02, top), (edge, top), (edge, 0.04))
