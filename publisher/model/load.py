"""Loading a guide file: the model's own validation, then the rules that span several
keys (unique ids, red flags present) and the pictures its steps name."""

from __future__ import annotations

from pathlib import Path

from publisher.errors import InputError, Problem
from publisher.inputs.files import checked_image, with_files
from publisher.inputs.loading import load
from publisher.model.guide import CalloutBlock, Guide
from publisher.source import Loaded, Source


def load_guide(path: Path) -> Loaded[Guide]:
    """Load and validate a guide, including the rules that span several keys."""
    loaded = load(path, Guide)
    problems = _cross_checks(loaded.model, loaded.source)
    if problems:
        raise InputError(problems)
    _check_images(loaded)
    return loaded


def _check_images(loaded: Loaded[Guide]) -> None:
    """The steps' pictures from files: each one checked like a logo and described in
    words; their bytes join the guide's digest, so a changed picture rebuilds."""
    guide, source = loaded.model, loaded.source
    problems = []
    for at, step in guide.steps():
        if not step.image:
            continue
        if not step.alt:
            problems.append(source.problem((*at, "figure"), "a picture from a file needs "
                            "`alt:` beside it: a few words saying what it shows, which a "
                            "screen reader reads out."))  # fmt: skip
            continue
        try:
            guide._images[step.image] = checked_image(source, (*at, "figure"), step.image,
                                                      "figure", "guide file")  # fmt: skip
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    if guide._images:
        source.digest = with_files(source.digest, guide._images.values())


def _cross_checks(guide: Guide, source: Source) -> list[Problem]:
    problems = []
    seen: dict[str, tuple] = {}
    for i, section in enumerate(guide.sections):
        named = [(("sections", i, "id"), section.id)]
        named += [
            (("sections", i, "blocks", j, "id"), block.id)
            for j, block in enumerate(section.blocks)
            if block.id
        ]
        for path, name in named:
            if name in seen:
                first = source.where(seen[name])[0]
                problems.append(
                    source.problem(
                        path,
                        f"the id `{name}` is already used on line {first}; ids must be unique.",
                    )
                )
            seen.setdefault(name, path)
    if not any(
        isinstance(b, CalloutBlock) and b.callout.kind == "warning" for _, b in guide.blocks()
    ):
        problems.append(
            source.problem(
                ("sections",),
                "the guide has no red flags: add a `callout` with `kind: warning` "
                "that lists when to see a doctor.",
                at_key=True,
            )
        )
    return problems
