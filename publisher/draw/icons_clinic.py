"""Icons for the body parts, tools and ways of contact a physiotherapy clinic's guides
name: the same unit square, one colour and stroke style as icons.py, which lists them."""

from __future__ import annotations

import math

from reportlab.lib.colors import white
from reportlab.pdfgen.canvas import Canvas


def _figure_head(c: Canvas, x: float, y: float) -> None:
    c.circle(x, y, 0.1, fill=1, stroke=0)


def strokes(c: Canvas, width: float = 0.09) -> None:
    """The house line: rounded ends and joins, `width` of the unit square."""
    c.setLineWidth(width)
    c.setLineCap(1)
    c.setLineJoin(1)


def _foot(c: Canvas) -> None:
    # a footprint: the sole and five toes
    p = c.beginPath()
    p.moveTo(0.42, 0.04)
    p.curveTo(0.24, 0.04, 0.22, 0.22, 0.28, 0.38)
    p.curveTo(0.34, 0.52, 0.26, 0.6, 0.3, 0.7)
    p.curveTo(0.36, 0.8, 0.66, 0.8, 0.68, 0.62)
    p.curveTo(0.7, 0.46, 0.6, 0.36, 0.6, 0.22)
    p.curveTo(0.6, 0.1, 0.54, 0.04, 0.42, 0.04)
    p.close()
    c.drawPath(p, fill=1, stroke=0)
    for x, y, r in ((0.32, 0.86, 0.075), (0.46, 0.9, 0.06), (0.58, 0.88, 0.05),
                    (0.68, 0.83, 0.045), (0.76, 0.76, 0.04)):  # fmt: skip
        c.circle(x, y, r, fill=1, stroke=0)


def _ice(c: Canvas) -> None:
    # a snowflake: three crossing strokes with short branches
    strokes(c, 0.08)
    for angle in (90, 30, 150):
        dx, dy = math.cos(math.radians(angle)) * 0.44, math.sin(math.radians(angle)) * 0.44
        c.line(0.5 - dx, 0.5 - dy, 0.5 + dx, 0.5 + dy)
        for sign in (1, -1):
            tx, ty = 0.5 + sign * dx * 0.7, 0.5 + sign * dy * 0.7
            for turn in (35, -35):
                a = math.radians(angle + (0 if sign > 0 else 180) + turn)  # outwards
                c.line(tx, ty, tx + math.cos(a) * 0.14, ty + math.sin(a) * 0.14)


def _bottle(c: Canvas) -> None:
    c.roundRect(0.28, 0.04, 0.44, 0.66, 0.1, fill=1, stroke=0)  # body
    c.rect(0.4, 0.68, 0.2, 0.14, fill=1, stroke=0)  # neck
    c.roundRect(0.36, 0.82, 0.28, 0.12, 0.03, fill=1, stroke=0)  # cap
    c.setFillColor(white)
    c.rect(0.28, 0.26, 0.44, 0.16, fill=1, stroke=0)  # label band


def _walk(c: Canvas) -> None:
    # a person walking: arms and legs swinging
    strokes(c)
    _figure_head(c, 0.52, 0.86)
    c.line(0.5, 0.72, 0.44, 0.42)  # body
    c.line(0.49, 0.66, 0.3, 0.5)  # back arm
    c.line(0.49, 0.66, 0.66, 0.52)  # front arm
    c.line(0.44, 0.42, 0.26, 0.06)  # back leg
    c.line(0.44, 0.42, 0.6, 0.24)  # front thigh
    c.line(0.6, 0.24, 0.66, 0.06)  # front shin


def _jointed(c: Canvas, limb: list, joint: tuple) -> None:
    """A limb in the thick line through `limb`, a ring marking its `joint`."""
    strokes(c, 0.15)
    p = c.beginPath()
    p.moveTo(*limb[0])
    for point in limb[1:]:
        p.lineTo(*point)
    c.drawPath(p, fill=0, stroke=1)
    c.circle(*joint, 0.15, fill=1, stroke=0)
    c.setStrokeColor(white)
    c.setLineWidth(0.04)
    c.circle(*joint, 0.08, fill=0, stroke=1)


def _knee(c: Canvas) -> None:
    # a leg bent at the knee, seen from the side: hip, knee, ankle, toes
    _jointed(c, [(0.08, 0.82), (0.6, 0.64), (0.44, 0.14), (0.76, 0.1)], (0.6, 0.64))


def _arm(c: Canvas) -> None:
    # an arm bent at the elbow, the fist raised and the upper arm's muscle showing
    strokes(c, 0.17)
    p = c.beginPath()
    p.moveTo(0.08, 0.3)  # shoulder
    p.lineTo(0.58, 0.22)  # elbow
    p.lineTo(0.7, 0.62)  # wrist
    c.drawPath(p, fill=0, stroke=1)
    c.ellipse(0.16, 0.22, 0.5, 0.5, fill=1, stroke=0)  # the muscle
    c.circle(0.72, 0.76, 0.16, fill=1, stroke=0)  # the fist


def _hip(c: Canvas) -> None:
    # the trunk and a leg stepping forward (shoulders, hip, knee, ankle), the other leg
    strokes(c, 0.15)
    c.line(0.38, 0.52, 0.22, 0.1)
    _jointed(c, [(0.36, 0.9), (0.38, 0.52), (0.7, 0.34), (0.64, 0.1)], (0.38, 0.52))


def _back(c: Canvas) -> None:
    # a spine: stacked rounded vertebrae on a gentle curve
    for i in range(6):
        y = 0.06 + i * 0.15
        x = 0.5 + 0.08 * math.sin(i * 0.9)
        c.roundRect(x - 0.18, y, 0.36, 0.11, 0.05, fill=1, stroke=0)


def _shoulder(c: Canvas) -> None:
    # head and shoulders: a bust
    c.circle(0.5, 0.72, 0.18, fill=1, stroke=0)
    p = c.beginPath()
    p.moveTo(0.06, 0.04)
    p.curveTo(0.06, 0.36, 0.24, 0.48, 0.5, 0.48)
    p.curveTo(0.76, 0.48, 0.94, 0.36, 0.94, 0.04)
    p.close()
    c.drawPath(p, fill=1, stroke=0)
    c.setStrokeColor(white)  # the right shoulder's joint
    c.setLineWidth(0.04)
    c.circle(0.78, 0.34, 0.07, fill=0, stroke=1)


def _neck(c: Canvas) -> None:
    # head turned on the neck, with the neck's line marked
    c.circle(0.46, 0.74, 0.2, fill=1, stroke=0)
    c.rect(0.38, 0.3, 0.18, 0.3, fill=1, stroke=0)
    p = c.beginPath()
    p.moveTo(0.08, 0.04)
    p.curveTo(0.12, 0.26, 0.3, 0.34, 0.47, 0.34)
    p.curveTo(0.66, 0.34, 0.84, 0.26, 0.9, 0.04)
    p.close()
    c.drawPath(p, fill=1, stroke=0)
    c.setStrokeColor(white)
    strokes(c, 0.05)
    c.arc(0.3, 0.28, 0.62, 0.5, 200, 140)


def _pill(c: Canvas) -> None:
    # a capsule, tilted, one half filled and one half outlined
    c.saveState()
    c.translate(0.5, 0.5)
    c.rotate(40)
    strokes(c, 0.07)
    c.roundRect(-0.42, -0.16, 0.84, 0.32, 0.16, fill=0, stroke=1)
    p = c.beginPath()
    p.moveTo(0, -0.16)
    p.lineTo(-0.26, -0.16)
    p.curveTo(-0.47, -0.16, -0.47, 0.16, -0.26, 0.16)
    p.lineTo(0, 0.16)
    p.close()
    c.drawPath(p, fill=1, stroke=0)
    c.restoreState()


def _phone(c: Canvas) -> None:
    # a handset
    p = c.beginPath()
    p.moveTo(0.14, 0.86)
    p.curveTo(0.08, 0.5, 0.5, 0.08, 0.86, 0.14)
    p.lineTo(0.92, 0.3)
    p.lineTo(0.7, 0.42)
    p.lineTo(0.58, 0.32)
    p.curveTo(0.46, 0.38, 0.38, 0.46, 0.32, 0.58)
    p.lineTo(0.42, 0.7)
    p.lineTo(0.3, 0.92)
    p.close()
    c.drawPath(p, fill=1, stroke=0)


CLINIC = {
    "foot": _foot,
    "ice": _ice,
    "bottle": _bottle,
    "walk": _walk,
    "knee": _knee,
    "hip": _hip,
    "arm": _arm,
    "back": _back,
    "shoulder": _shoulder,
    "neck": _neck,
    "pill": _pill,
    "phone": _phone,
}
