"""Roles: what a block is for (the routine, the quick relief, habits, red flags, the
tracker), so that layouts ask for content by its role and never by a guide's block ids.
A guide marks a block's `role:` only where the default guess is wrong."""

from __future__ import annotations

from typing import Any, Literal

ROLES = ("routine", "quick-relief", "habits", "red-flags", "emergency", "tracker", "cautions")
Role = Literal[ROLES]  # type: ignore[valid-type]
LEGACY_IDS = {"massage-steps": "routine"}  # the ids the first layouts named, still honoured
ROLE_KINDS = {"routine": "steps", "quick-relief": "steps", "habits": "habits",
              "red-flags": "callout", "emergency": "callout", "tracker": "tracker",
              "cautions": "callout"}  # fmt: skip


CALLOUT_ROLES = {"red-flags": "warning", "emergency": "warning", "cautions": "caution"}


def misplaced(block) -> str | None:
    """Why `block` cannot play the role it is marked with (a role on the wrong kind of
    block would be ignored without a word), or None."""
    if block.role is None:
        return None
    kind = ROLE_KINDS[block.role]
    if not hasattr(block, kind):
        return f"`role: {block.role}` is for a {kind} block; this block has no `{kind}:`"
    wanted = CALLOUT_ROLES.get(block.role)
    if wanted and block.callout.kind != wanted:
        return (f"`role: {block.role}` is for a callout with `kind: {wanted}`; this one is "
                f"`kind: {block.callout.kind}`")  # fmt: skip
    return None


def find(guide, name: str) -> Any:
    """The block that plays a role: the one marked with it; else the one whose id says
    it (`quick-relief`, `massage-steps` for the routine); else the default guess."""
    kind = ROLE_KINDS[name]
    fits = [b for _, b in guide.blocks() if hasattr(b, kind)]  # its kind's key: steps, ...
    if name in ("red-flags", "emergency"):  # the two tiers: soon, and now
        warnings = [b for b in fits if b.callout.kind == "warning"]
        urgent = [b for b in warnings if b.callout.urgency == "emergency"]
        soon = [b for b in warnings if b.callout.urgency != "emergency"]
        if name == "emergency":  # only where the guide splits its red flags in two
            return urgent[0] if urgent and soon else None
        fits = soon or urgent
    if name == "cautions":  # how to do the routine safely: the first caution box
        fits = [b for b in fits if b.callout.kind == "caution"]
    marked = [b for b in fits if b.role == name]
    if marked:
        return marked[0]
    named = [b for b in fits if b.role is None and LEGACY_IDS.get(b.id, b.id) == name]
    if named:
        return named[0]
    unmarked = [b for b in fits if b.role is None and LEGACY_IDS.get(b.id, b.id) not in ROLES]
    if name == "quick-relief" or not unmarked:
        return None
    if name == "routine":  # the longest steps block that plays no other role
        return max(unmarked, key=lambda b: len(b.steps))
    return unmarked[0]


def urgent_first(guide, blocks: list) -> list:
    """`blocks` with the urgent red flags moved before the others when both stand among
    them: the urgent tier is read first, wherever the guide wrote it."""
    urgent, soon = find(guide, "emergency"), find(guide, "red-flags")
    if urgent is None or not any(b is urgent for b in blocks) or not any(b is soon for b in blocks):
        return blocks
    rest = [b for b in blocks if b is not urgent]
    at = next(i for i, b in enumerate(rest) if b is soon)
    return [*rest[:at], urgent, *rest[at:]]


def dialled(guide, title: str):
    """`guide` with `title` on its urgent red flags' box ("Call 999 now if you have", from
    a brand's emergency number) when the box has no title of its own; else `guide`."""
    urgent = find(guide, "emergency")
    if urgent is None or urgent.callout.title:
        return guide
    callout = urgent.callout.model_copy(update={"title": title})
    block = urgent.model_copy(update={"callout": callout})
    sections = [s.model_copy(update={"blocks": [block if b is urgent else b for b in s.blocks]})
                for s in guide.sections]  # fmt: skip
    return guide.model_copy(update={"sections": sections})
