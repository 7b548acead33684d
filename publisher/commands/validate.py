"""Does every output fit? `publisher validate` renders each guide × layout in memory on
both papers (and for each brand), writes nothing, and reports every output that does not
fit in one run, each at the YAML line of the block to shorten."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from publisher.errors import BuildError
from publisher.pipeline.build import Plan, render_all
from publisher.pipeline.build import plan as make_plan
from publisher.pipeline.render import located


def fit_problems(loaded: Plan, brands: list[Path]) -> list[str]:
    """Every guide × layout of the plan rendered in memory on both papers (and for each
    brand): every output that does not fit, each at the YAML line of the block to shorten.
    Only the drawing is made: no imposition, no tagging, nothing written."""
    from publisher import PAPERS
    from publisher.model.brand import load_brand

    brands_ = [load_brand(path) for path in brands] or [None]
    problems: list[str] = []
    for paper in PAPERS:
        plan_ = replace(loaded, paper=paper, cache={}, drawn_only=True)
        for brand in brands_:
            where = paper + (f", {brand.id}" if brand else "")
            try:  # everything at once (on two cores); one by one only to find what failed
                render_all(plan_, brand)
                continue
            except BuildError:
                pass
            for guide in plan_.guides:
                for name in plan_.layouts:
                    single = replace(plan_, only={(guide.source.path, name)})
                    try:
                        render_all(single, brand)
                    except BuildError as exc:
                        problems.append(located(guide, exc, f"{name} ({where})"))
    return list(dict.fromkeys(problems))


def validate(guides: list[Path], brands: list[Path]) -> list[str]:
    """`publisher validate`: every input checked, then the fit of every output; the lines
    to print, or every problem raised at once (exit 1)."""
    from publisher.inputs.find import layout_paths

    layouts = layout_paths(())
    loaded = make_plan(guides, layouts, Path("out"))
    problems = fit_problems(loaded, brands)
    if problems:
        summary = f"{len(problems)} output(s) do not fit; shorten the blocks named above."
        raise BuildError("\n".join([*problems, summary]))
    from publisher.source import display

    lines = [f"ok  {display(g.source.path)}  ({g.model.id})" for g in loaded.guides]
    return [*lines, f"ok  every layout fits on A4 and Letter: {', '.join(layouts)}"]
