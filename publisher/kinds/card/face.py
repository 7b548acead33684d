"""One side of the pocket card: its blocks set at the largest type that fits (down to
the layout's minimum), or an error naming the side, the block and by how much."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.colors import white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, Spacer, Table

from publisher.draw import band as branding
from publisher.draw import drawings, fonts, icons
from publisher.draw.job import Job, Slot
from publisher.draw.markup import inline
from publisher.draw.styles import WriteIn, beside, color, largest_fit, style, table_style
from publisher.draw.tags import Item, Tagged
from publisher.errors import BuildError, FitError
from publisher.i18n.words import callout_title, caution_said, dose, who_to_call, words
from publisher.i18n.words import hold as said_hold
from publisher.kinds.card.spec import CARD_SIZES, CardSide, CardSpec
from publisher.model import guide as g


class Face:
    """One side of the card: its flowables at the largest size that fits."""

    def __init__(self, guide: g.Guide, spec: CardSpec, side: CardSide, name: str,
                 job: Job | None = None, carry: tuple[str, int] | None = None,
                 drop: list[str] | tuple = (), tight: bool = False,
                 figures: bool = False, who: bool = True, cues: bool = True):  # fmt: skip
        self.branded = branded = bool(job and job.branded)
        self.figures, self.who, self.cues = figures, who, cues
        self.drawing = drawings.Figures(guide, spec.colors, job or Job())
        self.guide, self.spec, self.side, self.name = guide, spec, side, name
        self.band = branding.height(spec.brand, job) if branded and name == "back" else 0
        if self.band and tight:
            self.band = min(self.band, spec.brand.compact)
        blocks = (side.branded_blocks if branded else None) or side.blocks
        self.blocks = [b for b in blocks if b not in drop]
        self.limit = dict((side.branded_limit if branded else None) or side.limit)
        self.span: dict[int, tuple[int, int | None]] = {}  # steps split between the sides
        if carry:  # (the layout's name for the block: a role or an id) keyed by the block
            carried = id(guide.block(carry[0]))
            self.span[carried] = (0, carry[1]) if name == "front" else (carry[1], None)
            if name != "front":
                self.blocks.insert(0, carry[0])
        self.k = 1.0  # the share of the layout's spacing in use
        self._tried: dict[tuple[float, float], tuple[float, str]] = {}  # (size, k) -> overflow
        self.notes = self._limited()
        size = CARD_SIZES[spec.size]
        self.width, self.height = size.width, size.height
        self.inner_w = self.width - 2 * spec.safe
        # red flags on a panel while the type keeps the layout's `panel` size
        self.panel = (
            who
            and not branded
            and any(
                isinstance(b := guide.block(n), g.CalloutBlock) and b.callout.kind == "warning"
                for n in self.blocks
            )
        )
        try:
            self.size = self._fit()
        except FitError:
            if not self.panel:
                raise
            self.size = 0.0
        if self.panel and self.size < spec.type.panel:
            self.panel, self._tried = False, {}
            self.size = self._fit()
            self.notes.append(f"the card's red flags go without their panel to keep the {name}'s "
                              f"type at {self.size:.1f} pt")  # fmt: skip

    def _limited(self) -> list[str]:
        """What the layout's limits leave out, said aloud; red flags and steps are never
        cut (a limit that would cut them stops the build)."""
        notes = []
        for name, most in self.limit.items():
            block = self.guide.block(name)
            entries, what = _entries(block)
            if block is None or len(entries) <= most or name not in self.blocks:
                continue
            if what in ("red flags", "steps"):
                raise BuildError(
                    f"layout card {self.name}: `limit: {name}: {most}` would leave out "
                    f"{len(entries) - most} of the {len(entries)} {what} of guide "
                    f"{self.guide.id}; {what} are never cut. Remove the limit, or move the "
                    "block to the side that has room."
                )
            notes.append(f"the card's {self.name} shows {most} of the {len(entries)} {what} "
                         f"in `{name}` (the layout's limit)")  # fmt: skip
        return notes

    # sizing ------------------------------------------------------------------
    def _fit(self) -> float:
        t = self.spec.type
        least = self.spec.figure_type if self.figures else t.min  # drawings never cost more
        floor = self.spec.spacing_floor
        self.k = floor
        if self._overflow(least)[0] > 0:
            if self.figures:
                raise FitError("the drawings do not fit", ())  # tried once, quietly
            over, block = self._overflow(t.min)
            item, what = _longest(self.guide.block(block))
            line = t.min * t.leading
            chars = round(over / line * self.inner_w / (t.min * 0.5))  # ~half an em a letter
            raise FitError(
                f"guide {self.guide.id}, card {self.name}: block `{self.guide.shown(block)}` "
                "overflows the card by "
                f"{over / mm:.1f} mm at the minimum {t.min:g} pt, about {chars} characters; "
                f"{what} is its longest. Shorten it or the block's other short forms or cues, "
                "or move a block to the other side in the layout.",
                (block,),
                item=item,
            )
        size = largest_fit(least, t.max, 0.05, lambda z: self._overflow(z, floor)[0])
        # the type size is settled at the tightest spacing; now give back what space fits
        self.k = largest_fit(floor, 1.0, 0.05, lambda k: self._overflow(size, k)[0])
        return size

    def _overflow(self, size: float, k: float | None = None) -> tuple[float, str]:
        """(points by which the content overflows at `size` and spacing `k` (the face's
        own if None), the block where it first does); each asked once."""
        self.k = self.k if k is None else k
        key = (size, self.k)
        if key not in self._tried:
            self._tried[key] = self._measure(size)
        return self._tried[key]

    def _measure(self, size: float) -> tuple[float, str]:
        available = self._available(size)
        used, worst = 0.0, ""
        parts = self._parts(size)
        for block, flowables in parts:
            for flowable in flowables:
                _, h = flowable.wrap(self.inner_w, 10_000)
                used += h + flowable.getSpaceBefore() + flowable.getSpaceAfter()
            if used > available and not worst:
                worst = block
        return used - available, worst or parts[-1][0]

    def _available(self, size: float) -> float:
        safe = self.spec.safe
        bar = self._bar_height(size) if self.side.title else 0
        band = self.band + size * 0.5 * self.k if self.band else 0
        return self.height - 2 * safe - (bar + size * 0.5 * self.k if bar else 0) - band

    def _title(self, size: float) -> Paragraph:
        title = style("card-title", size * 1.3, 1.2, bold=True, textColor=white)
        return Paragraph(inline(self.guide.title), title)

    def _bar_height(self, size: float) -> float:
        _, height = self._title(size).wrap(self.inner_w - 2 * self.spec.title_padding, 10_000)
        return height + 2 * self.spec.title_padding

    # content -----------------------------------------------------------------
    def _parts(self, size: float) -> list[tuple[str, list[Flowable]]]:
        s = self._styles(size)
        parts: list[tuple[str, list[Flowable]]] = []
        for name in self.blocks:
            block = self.guide.block(name)
            if block is None and name in self.spec.optional:
                continue
            if block is None:
                raise BuildError(
                    f"layout card {self.name}: the guide {self.guide.id} has no block `{name}`."
                )
            kind = g.block_kind(block)
            if kind not in _BLOCKS:
                raise BuildError(
                    f"layout card {self.name}: block `{name}` is a {kind} block; a card side "
                    f"takes only {', '.join(_BLOCKS)} blocks."
                )
            parts.append((name, _BLOCKS[kind](self, block, s, self.limit.get(name))))
        if self.name == "back":
            said = Paragraph(inline(self.guide.disclaimer.short), s.small)
            parts.append(("disclaimer", [Tagged(said, (("P", "disclaimer"),))]))
        return parts

    def _styles(self, size: float) -> Any:
        t, c = self.spec.type, self.spec.colors
        lead, k = t.leading, self.k

        class S:
            body = style("card-body", size, lead, textColor=color(c.text))
            bold = style(
                "card-bold",
                size,
                lead,
                bold=True,
                textColor=color(c.text),
                spaceBefore=size * 0.3 * k,
            )
            item = style(
                "card-item",
                size,
                lead,
                textColor=color(c.text),
                leftIndent=size * 1.6,
                bulletIndent=size * 0.5,
                bulletFontName=fonts.BOLD,
                bulletFontSize=size,
            )
            small = style(
                "card-small",
                max(t.min, size * 0.9),
                lead,
                textColor=color(c.muted),
                spaceBefore=size * 0.3 * k,
            )

        return S

    def _steps(self, block: g.StepsBlock, s, limit: int | None) -> list[Flowable]:
        badge = s.body.fontSize * 1.35
        rows: list[Flowable] = []
        start, stop = self.span.get(id(block), (0, limit))
        drawn = any(step.figure for step in block.steps[start:stop])
        for number, step in enumerate(block.steps[start:stop], start + 1):
            text = f"<b>{inline(step.short)}.</b>"
            text += f" {inline(step.cue)}" if self.cues else ""
            if step.cue_hold:
                hold = said_hold(inline(step.cue_hold), self.guide.language)
                text += f" <b>{hold}</b>"
            if said := dose(step, self.guide.language, short=True):
                text += f" <b>{inline(said)}.</b>"
            mark = icons.Badge(
                number,
                badge,
                color(self.spec.colors.accent),
                max(s.body.fontSize * 0.85, self.spec.type.fine_print),
            )
            item = (("L", block.id), ("LI", number))
            words: Flowable = Tagged(Paragraph(text, s.body), (*item, ("LBody", 0)))
            if self.figures and drawn:  # the drawing before the words; without one, room
                side = s.body.fontSize * self.spec.figure
                picture = self.drawing.of(step, side, (*item, ("LBody", 0))) or Spacer(side, 0)
                words = beside(picture, words, side + s.body.fontSize * 0.45)
            rows.append(
                beside(
                    Tagged(mark, (*item, ("Lbl", 0))),
                    words,
                    badge + s.body.fontSize * 0.45,
                    self.inner_w,
                    "TOP",
                    s.body.fontSize * 0.25 * self.k,
                )
            )
        return rows

    def _callout(self, block: g.CalloutBlock, s, limit: int | None) -> list[Flowable]:
        callout = block.callout
        edge = color(self.spec.colors.warning if callout.alarming else self.spec.colors.accent)
        icon = callout.icon
        flags = callout is self.guide.red_flags()
        title = inline(callout_title(callout, self.guide.language, flags))
        if callout.kind == "caution":  # one line with the steps: its title and short form
            stop, short = caution_said(callout, self.guide.language)
            said = f"<b>{inline(stop)}</b> {inline(short)}"
            return [self._icon_row(icon, said, s, edge, (("P", block.id),))]
        # red flags on a tinted panel with the warning colour's edge at its left: it costs
        # the width of the edge and little height (the card's back is its tightest side)
        boxed, rule, pad = self.panel, 2.5, 1.5
        wide, left = self.inner_w - rule / 2, pad + rule  # the panel, and inside it
        inner = wide - left - pad if boxed else self.inner_w
        out: list[Flowable] = [
            self._icon_row(icon, f"<b>{title}</b>", s, edge, (("H2", block.id),), width=inner)
        ]
        items = callout.items[:limit]
        out += [
            Item(inline(item), s.item, (("L", block.id), ("LI", i))) for i, item in enumerate(items)
        ]
        if callout.text and not items:
            out.append(Tagged(Paragraph(inline(callout.text), s.body), (("P", block.id),)))
        # the closing line as every output says it; without `who`, only the guide's own
        contact = who_to_call(callout, self.guide.language) if self.who else callout.contact
        table = words(self.guide.language)
        write_in = flags and self.who and not self.branded  # no clinic phone: write one on
        if write_in and contact == table["who_to_call"]:  # "… your doctor:" and the line
            contact, write_in = None, contact.rstrip(".") + ":"
        elif write_in:
            write_in = table["write_in"]
        if contact:
            who = Paragraph(f"<b>{inline(contact)}</b>", s.body)
            out.append(Tagged(who, (("P", f"{block.id}-contact"),)))
        if write_in:
            label = fonts.width(write_in, fonts.BOLD, s.body.fontSize) + s.body.fontSize * 0.4
            who = Paragraph(f"<b>{inline(write_in)}</b>", s.body)
            line = WriteIn(s.body.fontSize, color(self.spec.colors.muted))
            tagged = Tagged(who, (("P", f"{block.id}-contact"),))
            out.append(beside(tagged, line, min(label, inner * 0.7), inner, "BOTTOM"))
        if not boxed:  # a clinic's band, or the last give-way, takes the panel's room
            return out
        c = self.spec.colors
        box = Table([[out]], colWidths=[wide])
        box.setStyle(table_style(("LINEBEFORE", (0, 0), (0, -1), rule, edge, 0),  # butt ends
                                 ("BACKGROUND", (0, 0), (-1, -1), color(c.warning_light
                                                                        if callout.alarming
                                                                        else c.accent_light)),
                                 ("LEFTPADDING", (0, 0), (-1, -1), left),
                                 padding=pad))  # fmt: skip
        box.hAlign = "RIGHT"  # the edge's half width inside the safe area
        box.spaceAfter = s.body.fontSize * 0.3 * self.k
        return [box]

    def _habits(self, block: g.HabitsBlock, s, limit: int | None) -> list[Flowable]:
        out: list[Flowable] = []
        if block.title:
            out.append(Tagged(Paragraph(inline(block.title), s.bold), (("H2", block.id),)))
        for i, habit in enumerate(block.habits[:limit]):
            path = (("L", block.id), ("LI", i), ("LBody", 0))
            out.append(self._icon_row(habit.icon, inline(habit.short), s, None, path, habit.avoid))
        return out

    def _paragraph(self, block: g.ParagraphBlock, s, limit: int | None) -> list[Flowable]:
        return [Tagged(Paragraph(inline(block.paragraph), s.body), (("P", block.id),))]

    def _icon_row(self, icon: str, markup: str, s, tint=None, path=(), struck: bool = False,
                  width: float | None = None) -> Flowable:  # fmt: skip
        """An icon (an artifact: the words say it) beside the words of element `path`."""
        size = s.body.fontSize * 1.2
        mark = icons.Icon(icon, size, tint or color(self.spec.colors.accent), struck)
        words = Tagged(Paragraph(markup, s.body), path)
        return beside(mark, words, size + s.body.fontSize * 0.4, width or self.inner_w)

    def slot(self, x: float, y: float) -> Slot:
        """Where the brand goes on this face when the face is placed at (x, y)."""
        safe = self.spec.safe
        return Slot(1, "card", x + safe, y + safe, self.inner_w, self.band, self.spec.brand)

    # drawing -----------------------------------------------------------------
    def draw(self, canv: Canvas, x: float, y: float) -> None:
        safe, size = self.spec.safe, self.size
        canv.saveState()
        canv.translate(x, y)
        top = self.height - safe
        if self.side.title:
            bar = self._bar_height(size)
            canv.setFillColor(color(self.spec.colors.accent))
            pad = self.spec.title_padding
            canv.roundRect(safe, top - bar, self.inner_w, bar, pad, fill=1, stroke=0)
            para = Tagged(self._title(size), (("H1", "title"),))
            para.wrap(self.inner_w - 2 * pad, bar)
            para.drawOn(canv, safe + pad, top - bar + pad)
            top -= bar + size * 0.5 * self.k
        frame = Frame(
            safe,
            safe + (self.band + size * 0.5 * self.k if self.band else 0),
            self.inner_w,
            top - safe - (self.band + size * 0.5 * self.k if self.band else 0),
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            showBoundary=0,
        )
        story = [f for _, part in self._parts(size) for f in part]
        frame.addFromList(story, canv)
        if story:
            raise BuildError(f"guide {self.guide.id}, card {self.name}: content did not fit.")
        canv.restoreState()


def _longest(block: Any) -> tuple[tuple, str]:
    """(key path in the block, what to call it) of the longest text the card prints."""
    if isinstance(block, g.StepsBlock):
        i = max(range(len(block.steps)), key=lambda n: len(block.steps[n].cue))
        return ("steps", i, "cue"), f"step {i + 1}'s cue"
    if isinstance(block, g.HabitsBlock):
        i = max(range(len(block.habits)), key=lambda n: len(block.habits[n].short))
        return ("habits", i, "short"), f"habit {i + 1}"
    if isinstance(block, g.CalloutBlock) and block.callout.items:
        items = block.callout.items
        i = max(range(len(items)), key=lambda n: len(items[n]))
        return ("callout", "items", i), f"item {i + 1}"
    return (), "this block"


def _entries(block: Any) -> tuple[list, str]:
    """A block's countable entries and what to call them."""
    if isinstance(block, g.StepsBlock):
        return list(block.steps), "steps"
    if isinstance(block, g.HabitsBlock):
        return list(block.habits), "habits"
    if isinstance(block, g.CalloutBlock):
        kind = "red flags" if block.callout.kind == "warning" else "items"
        return list(block.callout.items), kind
    return [], "items"


_BLOCKS: dict[str, Callable[..., list[Flowable]]] = {
    "steps": Face._steps,
    "callout": Face._callout,
    "habits": Face._habits,
    "paragraph": Face._paragraph,
}
