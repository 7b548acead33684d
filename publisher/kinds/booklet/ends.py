"""The booklet's ends: the summary boxed on the cover, and the pages between the last
section and the back cover (the guide's tracker and log, then lined notes pages)."""

from __future__ import annotations

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from publisher.draw.markup import inline
from publisher.kinds.booklet.pages import Heading, back_cover
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
    box = story._callout(callout, marked=lines, numbered=True, level="H2", icon="hand")
    _, height = box.wrap(story.width, story.cover_h)
    if height > story.cover_h:  # it gives way: printed in its section instead
        story.gave.append(f"the booklet's cover has no room for `{block.id or 'the summary'}` "
                          f"({height - story.cover_h:.0f} pt too tall); its section "
                          "prints it")  # fmt: skip
        return [Spacer(0, 0)]
    return [box]


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
