"""Line drawings of the whole body, for the exercises physiotherapy handouts give most
beyond the calf: the neck, the shoulder, the back, the hip, the knee, the ankle, and the
wrist and elbow. A person is drawn in thick strokes with a round head (the style of the
calf stretch), the part that works in the movement's colour; a close-up (the head, the
forearm) in the outlined tint of the leg drawings. Each names the body parts it shows
(PARTS), so that `check` can say when a step's words name another part."""

from __future__ import annotations

from collections.abc import Callable

from publisher.draw.pen import (
    Pen,
    arc,
    ball,
    chair,
    floor,
    forearm,
    hand,
    head,
    line,
    sticks,
    table,
)


def bust(pen: Pen, tilt: float = 0, turn: float = 0, side: bool = False) -> None:
    """Head and shoulders, close up: from the front (`tilt` leans the head, `turn` moves
    the face to one side) or from the side, facing right."""
    tint = pen.palette.tint
    if side:
        _shoulders(pen, 0.16, 0.82, (0.4, 0.58), 0.42)
        pen.ring(0.5, 0.7, 0.2, tint)
        pen.shape([(0.69, 0.74), (0.76, 0.66), (0.69, 0.64)], tint, close=False)  # the nose
        pen.c.setFillColor(pen.palette.ink)
        pen.c.circle(0.6, 0.76, 0.018, fill=1, stroke=0)
        return
    _shoulders(pen, 0.06, 0.94, (0.42, 0.58), 0.38)
    c = pen.c
    c.saveState()
    c.translate(0.5, 0.44)
    c.rotate(tilt)
    pen.oval(-0.15, 0.06, 0.15, 0.4, tint)
    c.setFillColor(pen.palette.ink)
    for dx in (-0.06, 0.06):  # the eyes, moved when the face turns
        c.circle(dx + turn, 0.27, 0.018, fill=1, stroke=0)
    line(pen, (turn, 0.23), (turn + 0.02 * (1 if turn >= 0 else -1), 0.17), (turn, 0.16))
    c.restoreState()


def _shoulders(pen: Pen, left: float, right: float, neck: tuple, top: float) -> None:
    """The shoulders and the neck's foot, in the tint, from `left` to `right`."""
    a, b = neck
    pen.shape([(left, 0.04), ((left, 0.3), (a - 0.16, top - 0.02), (a, top)), (a, top + 0.08),
               (b, top + 0.08), (b, top), ((b + 0.16, top - 0.02), (right, 0.3), (right, 0.04))],
              pen.palette.tint)  # fmt: skip


# the neck -------------------------------------------------------------------------
def _head_turn(pen: Pen) -> None:
    bust(pen, turn=0.05)
    pen.arrow([(0.22, 0.86), ((0.38, 0.92), (0.62, 0.92), (0.78, 0.86))], both=True)


def _head_tilt(pen: Pen) -> None:
    bust(pen, tilt=-28)
    arc(pen, 0.5, 0.44, 0.46, 110, 55)


def _chin_tuck(pen: Pen) -> None:
    bust(pen, side=True)
    pen.arrow([(0.94, 0.62), (0.8, 0.62)])


def _shoulder_rolls(pen: Pen) -> None:
    bust(pen)
    for x in (0.2, 0.8):
        pen.turn(x, 0.52, 0.09)


# the shoulder ----------------------------------------------------------------------
def _pendulum(pen: Pen) -> None:
    line(pen, (0.62, 0.5), (0.98, 0.5))  # a table top
    line(pen, (0.92, 0.5), (0.92, 0.04))
    head(pen, 0.72, 0.68)
    sticks(pen, [[(0.64, 0.6), (0.3, 0.46)], [(0.64, 0.6), (0.8, 0.5)],  # trunk, arm on the table
                 [(0.3, 0.46), (0.32, 0.26), (0.3, 0.04)],
                 [(0.3, 0.46), (0.2, 0.26), (0.14, 0.04)]],
           [[(0.6, 0.58), (0.58, 0.28)]])  # fmt: skip
    pen.turn(0.58, 0.2, 0.08)


def _blade_squeeze(pen: Pen) -> None:
    head(pen, 0.5, 0.86)  # seen from behind
    sticks(pen, [[(0.5, 0.76), (0.5, 0.4)], [(0.5, 0.4), (0.4, 0.04)], [(0.5, 0.4), (0.6, 0.04)],
                 [(0.34, 0.72), (0.22, 0.52), (0.3, 0.38)],
                 [(0.66, 0.72), (0.78, 0.52), (0.7, 0.38)]],
           [[(0.34, 0.72), (0.66, 0.72)]])  # fmt: skip
    pen.arrow([(0.27, 0.62), (0.45, 0.62)])
    pen.arrow([(0.73, 0.62), (0.55, 0.62)])


def _wall_walk(pen: Pen) -> None:
    line(pen, (0.9, 0.02), (0.9, 0.98))
    floor(pen, 0.04)
    head(pen, 0.5, 0.74)
    sticks(pen, [[(0.48, 0.64), (0.46, 0.36)], [(0.46, 0.36), (0.5, 0.04)],
                 [(0.46, 0.36), (0.4, 0.04)], [(0.48, 0.6), (0.62, 0.46), (0.74, 0.5)]],
           [[(0.5, 0.62), (0.7, 0.78), (0.86, 0.92)]])  # fmt: skip
    pen.arrow([(0.78, 0.52), (0.78, 0.7)])


def _arm_turn_out(pen: Pen) -> None:
    head(pen, 0.5, 0.86)
    sticks(pen, [[(0.5, 0.76), (0.5, 0.4)], [(0.5, 0.4), (0.42, 0.04)], [(0.5, 0.4), (0.58, 0.04)],
                 [(0.36, 0.72), (0.64, 0.72)], [(0.36, 0.72), (0.34, 0.48)],
                 [(0.64, 0.72), (0.66, 0.48)]],
           [[(0.34, 0.48), (0.12, 0.5)], [(0.66, 0.48), (0.88, 0.5)]])  # fmt: skip
    arc(pen, 0.34, 0.48, 0.2, -60, -165)
    arc(pen, 0.66, 0.48, 0.2, -120, -15)


# the back: lying on the floor ----------------------------------------------------
BACK = [(0.18, 0.25), (0.5, 0.25)]  # shoulders to hips, lying on the back
ARMS = [(0.2, 0.23), (0.42, 0.22)]
BENT = [(0.5, 0.25), (0.66, 0.46), (0.78, 0.23), (0.88, 0.23)]  # knee up, foot flat


def _knee_rocking(pen: Pen) -> None:
    floor(pen)
    head(pen, 0.1, 0.28)
    sticks(pen, [BACK, ARMS], [BENT])
    pen.arrow([(0.5, 0.62), ((0.6, 0.7), (0.72, 0.7), (0.82, 0.62))], both=True)


def _knee_to_chest(pen: Pen) -> None:
    floor(pen)
    head(pen, 0.1, 0.28)
    sticks(pen, [BACK, [(0.2, 0.26), (0.42, 0.52)], [(0.5, 0.25), (0.94, 0.24)]],
           [[(0.5, 0.25), (0.42, 0.54), (0.6, 0.58)]])  # fmt: skip
    pen.arrow([(0.72, 0.76), ((0.62, 0.8), (0.5, 0.78), (0.44, 0.7))])


def _pelvic_tilt(pen: Pen) -> None:
    floor(pen)
    head(pen, 0.1, 0.28)
    sticks(pen, [ARMS, BENT], [BACK])
    pen.arrow([(0.42, 0.56), (0.42, 0.34)])


def _bridge(pen: Pen) -> None:
    floor(pen)
    head(pen, 0.1, 0.28)
    sticks(pen, [ARMS, [(0.52, 0.42), (0.68, 0.48), (0.78, 0.23), (0.88, 0.23)]],
           [[(0.18, 0.25), (0.52, 0.42)]])  # fmt: skip
    pen.arrow([(0.5, 0.54), (0.5, 0.76)])


def _cat_camel(pen: Pen) -> None:
    floor(pen)
    head(pen, 0.16, 0.44)
    sticks(pen, [[(0.26, 0.5), (0.24, 0.21)], [(0.7, 0.5), (0.72, 0.22), (0.92, 0.22)]])
    c = pen.c
    c.setStrokeColor(pen.palette.mark)
    p = c.beginPath()
    p.moveTo(0.26, 0.5)
    p.curveTo(0.36, 0.7, 0.6, 0.7, 0.7, 0.5)  # the back, rounded up
    c.drawPath(p, fill=0, stroke=1)
    pen.arrow([(0.48, 0.74), (0.48, 0.96)], both=True)


def _childs_pose(pen: Pen) -> None:
    floor(pen)
    head(pen, 0.33, 0.28, 0.055)
    sticks(pen, [[(0.42, 0.31), (0.06, 0.22)], [(0.78, 0.4), (0.56, 0.23), (0.88, 0.23)]],
           [[(0.42, 0.31), (0.78, 0.4)]])  # fmt: skip
    pen.arrow([(0.5, 0.6), (0.14, 0.6)])


def _back_extension(pen: Pen) -> None:
    floor(pen)
    head(pen, 0.2, 0.64)
    sticks(pen, [[(0.28, 0.54), (0.28, 0.22)], [(0.56, 0.24), (0.94, 0.23)]],
           [[(0.28, 0.56), (0.4, 0.34), (0.56, 0.24)]])  # fmt: skip
    arc(pen, 0.56, 0.24, 0.34, 75, 125)


# the hip ----------------------------------------------------------------------------
def _side_leg_raise(pen: Pen) -> None:
    floor(pen)
    head(pen, 0.1, 0.34)
    sticks(pen, [[(0.18, 0.28), (0.5, 0.26)], [(0.5, 0.25), (0.94, 0.23)],
                 [(0.3, 0.28), (0.36, 0.21)]],
           [[(0.5, 0.27), (0.9, 0.46)]])  # fmt: skip
    pen.arrow([(0.8, 0.52), (0.84, 0.74)])


def _hip_stretch(pen: Pen) -> None:
    floor(pen, 0.06)
    head(pen, 0.5, 0.9)
    sticks(pen, [[(0.5, 0.8), (0.5, 0.5)], [(0.5, 0.5), (0.72, 0.5), (0.72, 0.07), (0.84, 0.07)],
                 [(0.5, 0.76), (0.64, 0.56)]],
           [[(0.5, 0.5), (0.34, 0.08), (0.12, 0.08)]])  # fmt: skip
    pen.arrow([(0.16, 0.6), (0.4, 0.52)])


# the knee ---------------------------------------------------------------------------
def _thigh_squeeze(pen: Pen) -> None:
    floor(pen)
    pen.ring(0.6, 0.25, 0.045, pen.palette.paper)  # a rolled towel under the knee
    pen.ring(0.6, 0.25, 0.02, None)
    head(pen, 0.22, 0.74)
    sticks(pen, [[(0.24, 0.64), (0.3, 0.23)], [(0.25, 0.6), (0.12, 0.22)],
                 [(0.6, 0.31), (0.9, 0.25), (0.93, 0.34)]],
           [[(0.3, 0.23), (0.6, 0.31)]])  # fmt: skip
    pen.arrow([(0.6, 0.56), (0.6, 0.4)])


def _straight_leg_raise(pen: Pen) -> None:
    floor(pen)
    head(pen, 0.1, 0.28)
    sticks(pen, [BACK, ARMS, [(0.5, 0.25), (0.64, 0.44), (0.74, 0.23), (0.84, 0.23)]],
           [[(0.5, 0.26), (0.92, 0.5)]])  # fmt: skip
    pen.arrow([(0.84, 0.6), (0.84, 0.8)])


def _heel_slide(pen: Pen) -> None:
    floor(pen)
    head(pen, 0.1, 0.28)
    sticks(pen, [BACK, ARMS], [BENT])
    pen.arrow([(0.98, 0.36), (0.8, 0.36)], both=True)


def _sit_to_stand(pen: Pen) -> None:
    floor(pen, 0.04)
    chair(pen, 0.08)
    head(pen, 0.62, 0.86)
    sticks(pen, [[(0.56, 0.76), (0.4, 0.52)], [(0.56, 0.72), (0.78, 0.62)]],
           [[(0.4, 0.52), (0.64, 0.4), (0.58, 0.05), (0.7, 0.05)]])  # fmt: skip
    pen.arrow([(0.3, 0.58), ((0.32, 0.72), (0.36, 0.8), (0.44, 0.9))])


def _step_up(pen: Pen) -> None:
    floor(pen, 0.04)
    line(pen, (0.56, 0.04), (0.56, 0.24), (0.96, 0.24), (0.96, 0.04))  # the step
    head(pen, 0.5, 0.86)
    sticks(pen, [[(0.5, 0.76), (0.46, 0.44)], [(0.46, 0.44), (0.36, 0.24), (0.3, 0.05)],
                 [(0.5, 0.72), (0.52, 0.48)]],
           [[(0.46, 0.44), (0.66, 0.42), (0.66, 0.25), (0.78, 0.25)]])  # fmt: skip
    pen.arrow([(0.84, 0.4), (0.84, 0.72)])


# the ankle -------------------------------------------------------------------------
def _ankle_circles(pen: Pen) -> None:
    floor(pen, 0.04)
    chair(pen, 0.08)
    head(pen, 0.3, 0.86)
    sticks(pen, [[(0.3, 0.76), (0.3, 0.46)], [(0.3, 0.46), (0.56, 0.46), (0.56, 0.05)],
                 [(0.3, 0.7), (0.44, 0.56)]],
           [[(0.3, 0.46), (0.56, 0.46), (0.74, 0.38), (0.78, 0.46)]])  # fmt: skip
    pen.turn(0.76, 0.44, 0.08)


def _heel_raise(pen: Pen) -> None:
    floor(pen, 0.04)
    chair(pen, 0.82, facing=-1)
    head(pen, 0.42, 0.9)
    sticks(pen, [[(0.42, 0.8), (0.42, 0.5)], [(0.42, 0.76), (0.62, 0.68), (0.82, 0.72)],
                 [(0.42, 0.5), (0.44, 0.3)]],
           [[(0.44, 0.3), (0.46, 0.14), (0.54, 0.05)]])  # fmt: skip
    pen.arrow([(0.24, 0.16), (0.24, 0.42)])


def _one_leg_stand(pen: Pen) -> None:
    floor(pen, 0.04)
    chair(pen, 0.82, facing=-1)
    head(pen, 0.42, 0.9)
    sticks(pen, [[(0.42, 0.8), (0.42, 0.5)], [(0.42, 0.76), (0.62, 0.68), (0.82, 0.72)],
                 [(0.42, 0.5), (0.48, 0.3), (0.32, 0.26)]],
           [[(0.42, 0.5), (0.42, 0.05), (0.52, 0.05)]])  # fmt: skip


# the wrist and elbow: the forearm on a table, close up ----------------------------
def _wrist_lift(pen: Pen) -> None:
    table(pen, edge=0.52)
    forearm(pen, (0.06, 0.45), (0.54, 0.45))
    pen.shape([(0.64, 0.4), (0.74, 0.4), (0.74, 0.49), (0.64, 0.49)], pen.palette.paper)
    hand(pen, 0.77, 0.58, 25, 0.26, thumb=False)  # palm down, round the weight
    arc(pen, 0.54, 0.45, 0.34, -5, 40)


def _wrist_bend(pen: Pen) -> None:
    table(pen, edge=0.52)
    forearm(pen, (0.06, 0.45), (0.54, 0.45))
    hand(pen, 0.77, 0.56, 25, 0.26)  # palm up, the thumb on top
    ball(pen, 0.69, 0.58, 0.05)
    arc(pen, 0.54, 0.45, 0.34, -5, 40)


def _forearm_turn(pen: Pen) -> None:
    table(pen, edge=0.52)
    forearm(pen, (0.06, 0.45), (0.54, 0.45))
    hand(pen, 0.8, 0.47, 0, 0.26)
    arc(pen, 0.68, 0.47, 0.18, 150, 30, both=True)


def _ball_squeeze(pen: Pen) -> None:
    forearm(pen, (0.12, 0.1), (0.42, 0.34))
    ball(pen, 0.64, 0.6, 0.15)
    hand(pen, 0.64, 0.52, 40, 0.3)
    pen.arrow([(0.14, 0.8), (0.42, 0.7)])
    pen.arrow([(0.94, 0.46), (0.82, 0.54)])


def _forearm_stretch(pen: Pen) -> None:
    forearm(pen, (0.02, 0.6), (0.58, 0.6), 0.14)
    hand(pen, 0.67, 0.35, -70, 0.28)  # the hand bent down at the wrist
    hand(pen, 0.68, 0.47, 180, 0.26, thumb=False)  # the other hand presses it
    arc(pen, 0.58, 0.6, 0.42, -30, -78)


BODIES: dict[str, Callable[[Pen], None]] = {
    "head-turn": _head_turn,
    "head-tilt": _head_tilt,
    "chin-tuck": _chin_tuck,
    "shoulder-rolls": _shoulder_rolls,
    "pendulum": _pendulum,
    "shoulder-blade-squeeze": _blade_squeeze,
    "wall-walk": _wall_walk,
    "arm-turn-out": _arm_turn_out,
    "knee-rocking": _knee_rocking,
    "knee-to-chest": _knee_to_chest,
    "pelvic-tilt": _pelvic_tilt,
    "bridge": _bridge,
    "cat-camel": _cat_camel,
    "childs-pose": _childs_pose,
    "back-extension": _back_extension,
    "side-leg-raise": _side_leg_raise,
    "hip-stretch": _hip_stretch,
    "thigh-squeeze": _thigh_squeeze,
    "straight-leg-raise": _straight_leg_raise,
    "heel-slide": _heel_slide,
    "sit-to-stand": _sit_to_stand,
    "step-up": _step_up,
    "ankle-circles": _ankle_circles,
    "heel-raise": _heel_raise,
    "one-leg-stand": _one_leg_stand,
    "wrist-lift": _wrist_lift,
    "wrist-bend": _wrist_bend,
    "forearm-turn": _forearm_turn,
    "ball-squeeze": _ball_squeeze,
    "forearm-stretch": _forearm_stretch,
}
