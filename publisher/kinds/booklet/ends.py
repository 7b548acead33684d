"""The booklet's ends: the summary boxed on the cover, the key points that open it, the
pages between the last section and the back cover (the guide's tracker and log, then
lined notes pages) and the back cover."""

from __future__ import annotations

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from publisher.draw import compat
from publisher.draw.markup import inline
from publisher.errors import BuildError
from publisher.i18n.words import callout_title, reviewed
from publisher.kinds.booklet.pages import EMPTIEST, Heading
from publisher.kinds.booklet.tools import tool_pages
from publisher.model import guide as g


def cover_summary(story) -> list[Flowable]:
    """A steps block as a short boxed list on the cover: the gist first."""
    block = story.guide.block(story.spec.content.summary or "")
    if not isinstance(block, g.StepsBlock):
        return [Spacer(0, 0)]
    lines = [
        f"<b>{inline(s.short)}.</b> {inline(s.cue)}"
        + (f" <b>({inline(s.cue_hold)})</b>" if s.cue_hold else "")
        for s in block.steps
    ]
    callout = g.Callout(
        kind="tip", title=block.title or story.words["in_short"], items=["-"] * len(lines)
    )
    # the procedure's own icon (a hand), not the tick that marks tips
    box = story._callout(callout, [(None, lines)], numbered=True, level="H2", icon="hand")
    _, height = box.wrap(story.width, story.cover_h)
    if height > story.cover_h:  # it gives way: printed in its section instead
        story.gave.append(f"the booklet's cover has no room for `{block.id or 'the summary'}` "
                          f"({height - story.cover_h:.0f} pt too tall); its section "
                          "prints it")  # fmt: skip
        return [Spacer(0, 0)]
    return [box]


def disclaimer(story, flow: list[Flowable]) -> list[Flowable]:
    """The disclaimer box, taken from the end of `flow` with the guide's last paragraph
    and what keeps with it (the question it answers: ReportLab never keeps a flowable
    with a KeepTogether after it), so a page never holds the disclaimer alone."""
    last = [flow.pop()]
    while isinstance(last[0], Spacer) and flow:  # a list's closing space: its last item
        last.insert(0, flow.pop())
    while flow and flow[-1].getKeepWithNext():
        last.insert(0, flow.pop())
    callout = g.Callout(kind="note", title=story.words["disclaimer"],
                        text=story.guide.disclaimer.text)  # fmt: skip
    return [Ending(last, [Spacer(0, story.spec.type.body), story._callout(callout)])]


class Ending(KeepTogether):
    """The guide's last words and the disclaimer after them, kept on one page; when they
    do not fit and moving them on would leave this page more than a third empty, the
    last paragraph splits instead, its last lines going over with the disclaimer."""

    def __init__(self, last: list[Flowable], after: list[Flowable]):
        super().__init__(compat.opened([*last, *after]))
        self.last, self.after = last, after

    def split(self, aW: float, aH: float) -> list[Flowable]:
        self.wrap(aW, aH)
        frame = compat.frame_of(self)
        full = compat.frame_height(frame) if frame else aH
        *before, final = self.last
        style = getattr(final, "style", None)
        if compat.kept_height(self) <= aH or aH <= full * EMPTIEST or style is None:
            return super().split(aW, aH)
        used = sum(f.wrapOn(self.canv, aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                   for f in before)  # fmt: skip
        _, height = final.wrapOn(self.canv, aW, aH)
        room = min(aH - used, height - 2 * style.leading) - final.getSpaceBefore()
        parts = final.split(aW, room) if room > style.leading else []
        if len(parts) != 2:
            return super().split(aW, aH)
        return [*before, parts[0], compat.kept([parts[1], *self.after])]


def notes(story, pages: int, next_page: int) -> list[Flowable]:
    """The pages before the back cover: the guide's tracker and a cramp log first (each
    saying how to use it), then lined notes pages."""
    out: list[Flowable] = []
    tools, shown = tool_pages(story, pages)
    for block in story.skip:  # what the layout keeps out of the sections and no page shows
        if not any(block is b for b in shown):
            story.gave.append(f"the booklet leaves out `{block.id or g.block_kind(block)}` "
                              "(its layout's `skip`; another output carries it)")  # fmt: skip
    for index in range(pages):
        side = "right" if (next_page + index) % 2 else "left"
        if index < len(tools):
            out += [NextPageTemplate(side), PageBreak(), *tools[index]]
            continue
        title = story.spec.notes_title or story.words["notes"]
        out += [NextPageTemplate(f"notes-{side}"), PageBreak(),
                Heading(title, story.h1, f"notes-{index}")]  # fmt: skip
    out += [NextPageTemplate("back"), PageBreak(), *back_cover(story)]
    return out


def key_points(story) -> list[Flowable]:
    """The box that opens the guide: what to do now, every day, and when to see a
    doctor, from the blocks the guide has (the cover's summary, its habits, its red
    flags), each under its own title."""
    quick = story.guide.block(story.spec.content.summary or "")
    habits = next((b for _, b in story.guide.blocks() if isinstance(b, g.HabitsBlock)), None)
    flags = story.guide.red_flags()
    urgent = story.guide.emergency()
    groups = [
        (callout_title(urgent, story.guide.language, True), urgent.items) if urgent else None,
        (quick.title or story.words["what_to_do"], [s.short for s in quick.steps])
        if isinstance(quick, g.StepsBlock) else None,
        (habits.title or story.words["every_day"], [h.short for h in habits.habits])
        if habits else None,
        (flags.title or story.words["see_a_doctor"], flags.items),
    ]  # fmt: skip
    if story.guide.key_points:  # the guide's own, instead
        groups = [(point.title, point.items) for point in story.guide.key_points]
    callout = g.Callout(kind="note", title=story.words["key_points"], items=["-"])
    grouped = [(title, [inline(i) for i in items]) for title, items in filter(None, groups)]
    return [story._callout(callout, grouped, level="H2")]


def back_cover(story) -> list[Flowable]:
    """The back cover: the title, the red flags (the urgent tier first), the short
    disclaimer, the review date. When they do not fit above a clinic's band they give
    way in turn, each said: the title and the space around it, then the type, down to the
    layout's `back_min`, at each size the red flags in one column or else two; a red flag
    never does."""
    t, room = story.spec.type, getattr(story, "back_h", None)
    sizes = [t.body - 0.5 * n for n in range(int((t.body - t.back_min) / 0.5) + 1)]
    tries = [(True, False, t.body), *((False, stack, s) for s in sizes for stack in (False, True))]
    for titled, stack, size in tries:
        out = _back(story, titled, stack, size)
        if room is None or _height(out, story.width) <= room:
            break
    else:  # too tall at every size: one column, which runs over and is refused by its count
        titled, stack, size = tries[1]
        out = _back(story, titled, stack, size)
    if not titled:
        story.gave.append("the booklet's back cover leaves out its title to keep every red "
                          "flag on it")  # fmt: skip
    if size < t.body:
        story.gave.append(f"the booklet's back cover is set at {size:g} pt (the body is "
                          f"{t.body:g} pt)")  # fmt: skip
    if stack:
        story.gave.append("the booklet's back cover sets its red flags in two columns")
    return out


def too_tall(guide: g.Guide, spec, pages: int) -> BuildError:
    """The one line for a back cover that runs over after every give-way."""
    return BuildError(
        f"guide {guide.id}, booklet: the back cover (the title, the red flags, the short "
        f"disclaimer and the review date) needs {pages} pages even without its title, in "
        f"two columns at {spec.type.back_min:g} pt; it must fit on one. Every red flag "
        "stays: say them in fewer words (the booklet still lists them inside), or choose a "
        "brand with a shorter back band."
    )


def _back(story, titled: bool, stack: bool, size: float) -> list[Flowable]:
    """The back cover's flowables with or without its title, the red flags in one
    column or two, at the type size `size` (the booklet's own spacing, scaled)."""
    t, by = story.spec.type, story
    if size < t.body:  # the same story's styles, every size scaled
        scale = {k: getattr(t, k) * size / t.body for k in ("body", "h1", "h2")}
        spec = story.spec.model_copy(update={"type": t.model_copy(update=scale)})
        by = type(story)(story.guide, spec, story.width, story.cover_h, story.job)
        by.count = story.count
    out: list[Flowable] = [
        Spacer(0, t.h1),
        story.tag(Paragraph(inline(story.guide.title), story.h1), ("P", "back-title")),
    ] if titled else []  # fmt: skip
    said = [story.guide.disclaimer.short, reviewed(story.guide.reviewed, story.guide.language)]
    for flags in story.guide.warnings():
        out += [by._callout(flags, level="H2", stack=stack),
                Spacer(0, size * (0.5 if titled else 0.25))]  # fmt: skip
    out += [by.tag(Paragraph(inline(t), by.body), ("P", by.key())) for t in said]
    story.count = by.count
    return out


def _height(flowables: list[Flowable], width: float) -> float:
    return sum(f.wrap(width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
               for f in flowables)  # fmt: skip
