"""The pocket step card: two faces at trim size, each set at the largest type size that
fits (never below the layout's minimum), giving way in a fixed order when content runs
short of room. A side is a Face (face.py); the office sheet of ten is in sheet.py."""

from __future__ import annotations

import io
from typing import Any

from publisher.draw.job import Doc, Job, titled
from publisher.draw.styles import canvas
from publisher.errors import FitError
from publisher.kinds.card.face import Face
from publisher.kinds.card.spec import CARD_SIZES, CardSpec
from publisher.model import guide as g

SHORT_CUE = 70  # characters: cues this short give way when there are too many for the card


def render(guide: g.Guide, spec: CardSpec, job: Job, info: dict[str, Any]) -> dict[str, Doc]:
    size = CARD_SIZES[spec.size]
    faces = _faces(guide, spec, job)
    docs = {"main": _card_pdf(faces, size, info, job)}
    if job.print.card_sheet:
        from publisher.kinds.card.sheet import sheet_pdf

        docs["cards"] = sheet_pdf(faces, size, spec, titled(info, "cards"), job)
    return docs


def _faces(guide: g.Guide, spec: CardSpec, job: Job) -> list[Face]:
    """Front and back, giving way in order once spacing and type are at their floors:
    the front's last steps continue on the back, then the layout's optional blocks leave
    the back, then the default "who to call" line, then the steps' cues (each step keeps
    its name and dose; the booklet prints the whole step). Each step taken is said as a
    note; if nothing fits, the first error stands."""
    steps = next((n for n in spec.front.blocks if isinstance(guide.block(n), g.StepsBlock)), "")
    count = len(guide.block(steps).steps) if steps else 0
    optional = [
        n
        for n in spec.back.blocks
        if n in spec.optional and guide.block(n) and not isinstance(guide.block(n), g.CalloutBlock)
    ]  # red flags never leave
    if spec.figure and steps and any(s.figure for s in guide.block(steps).steps):
        try:  # the drawings first, if the text keeps its size with them and nothing moves
            return [Face(guide, spec, side, name, job, figures=True)
                    for side, name in ((spec.front, "front"), (spec.back, "back"))]  # fmt: skip
        except FitError:
            pass
        left_out = (f"the card leaves out the steps' drawings: with them its text would be "
                    f"under {spec.figure_type:g} pt")  # fmt: skip
    else:
        left_out = ""
    tights = (False, True) if job.branded else (False,)  # a clinic band has a short form
    drops = ([], optional) if optional else ([],)
    first: list[FitError] = []

    def attempt(who: bool, cues: bool = True) -> list[Face] | None:
        for tight, drop in ((t, d) for t in tights for d in drops):
            for keep in range(count, 0, -1) if count else (0,):
                carry = (steps, keep) if keep < count else None
                try:
                    front = Face(guide, spec, spec.front, "front", job, carry=carry, who=who,
                                 cues=cues)  # fmt: skip
                    back = Face(guide, spec, spec.back, "back", job, carry, drop, tight, who=who,
                                cues=cues)  # fmt: skip
                except FitError as exc:
                    first.append(exc)
                    continue
                if carry:
                    which = f"step {count} continues" if keep + 1 == count else (
                        f"steps {keep + 1}–{count} continue")  # fmt: skip
                    front.notes.append(f"the card's {which} on the back (`{steps}`): the front "
                                       "is full")  # fmt: skip
                back.notes += [f"the card's back leaves out `{n}` to make room" for n in drop]
                if tight:
                    back.notes.append("the clinic's band on the card's back is its short form")
                if not who:
                    back.notes.append("the card's red flags leave out their closing 'who to "
                                      "call' line (add `contact:` to keep one)")  # fmt: skip
                front.notes += [left_out] if left_out else []
                if not cues:
                    front.notes.append(f"the card's steps leave out their cues (`{steps}`) to "
                                       "fit: each keeps its name and dose")  # fmt: skip
                return [front, back]
        return None

    faces = attempt(True)
    who = bool(guide.red_flags().contact)  # the default line gives way, then the cues
    if faces is None and not who:
        faces = attempt(False)
    if faces is None and steps and max(len(s.cue) for s in guide.block(steps).steps) <= SHORT_CUE:
        faces = attempt(who, cues=False)  # (an overlong cue is the author's to shorten: said)
    if faces is None:
        raise first[0]
    return faces


def _card_pdf(faces: list[Face], size, info: dict[str, Any], job: Job) -> Doc:
    buffer = io.BytesIO()
    canv = canvas(buffer, (size.width, size.height), info, job, tagged=job.tagged)
    for face in faces:
        face.draw(canv, 0, 0)
        canv.showPage()
    canv.save()
    notes = [note for face in faces for note in face.notes]
    slots = [faces[1].slot(0, 0)] if job.branded else []
    return Doc(buffer.getvalue(), slots, notes, getattr(canv, "record", None))
