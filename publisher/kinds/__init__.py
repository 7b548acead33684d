"""The output kinds, and the only place they are named. Each kind is one package here with
`spec.py` (its layout model, `Spec`) and `render.py` (`render(guide, spec, job, info)` ->
{role: Doc}, see draw/job.py); everything else asks this registry what a kind is.

Adding a kind: a package beside booklet/, card/ and sheet/, one line in KINDS, a layout
YAML in layouts/, and its email lines (`kinds:`) in every i18n/*.yaml (checked when the
language files load)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True)
class Kind:
    """What the rest of the tool needs to know of an output kind."""

    name: str
    weight: int  # its share of a build's work: the second core takes the lighter part
    whole_guide: bool  # carries the whole guide (reading aim, PEMAT's long-material items)
    imposed: bool = False  # also printed as an imposed 2-up booklet on office paper
    safe_edge: bool = False  # its edge check is the layout's `safe` margin, not the printer's

    @property
    def package(self) -> str:
        return f"{__name__}.{self.name}"

    def spec(self) -> type:
        """The layout model a file of this kind is validated against."""
        return import_module(f"{self.package}.spec").Spec

    def render(self, *args: Any) -> dict:
        """(guide, spec, job, info) -> {role: Doc}; imported only when a build draws it."""
        return import_module(f"{self.package}.render").render(*args)

    @property
    def reading(self) -> str:
        """Which reading aim applies: the whole guide's, or the shorter handouts' (lower)."""
        return "whole" if self.whole_guide else "short"


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("booklet", weight=3, whole_guide=True, imposed=True),
        Kind("card", weight=2, whole_guide=False, safe_edge=True),
        Kind("sheet", weight=1, whole_guide=False),
    )
}
NAMES = tuple(KINDS)


def kind(name: str) -> Kind:
    return KINDS[name]
