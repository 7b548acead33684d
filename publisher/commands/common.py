"""The one path every command takes: render → gate → write → record. `build`, `watch`,
`validate`, `check`, `email` and `proof` differ in what they do around it, never in how a
file is made, checked or judged up to date."""

from __future__ import annotations

from publisher.gate import checks
from publisher.gate.findings import enforce
from publisher.model.brand import Branded
from publisher.pipeline import fresh
from publisher.pipeline.build import Output, Plan, render_all, write_all


def gate(plan: Plan, brand: Branded | None = None) -> list[str]:
    """The quick gate (colours, dates, safety content): its errors stop the command before
    anything is rendered; its warnings are returned to be shown."""
    from publisher.gate.quick import quick

    return enforce(quick(plan, brand))


def rendered(plan: Plan, brand: Branded | None = None, measure: bool = False) -> list[Output]:
    """Every output of the plan, rendered in memory; `measure` runs the full gate on them
    (its errors stop before anything is written)."""
    outputs = render_all(plan, brand)
    if measure:
        enforce(checks.measured(plan, outputs, brand), "nothing was written.")
    return outputs


def written(plan: Plan, brand: Branded | None, outputs: list[Output]) -> list:
    """Write the outputs as one set and record what they were made from (fresh.py)."""
    return write_all(outputs, plan.out_dir, plan, brand)


def current(plan: Plan, brand: Branded | None = None) -> list[Output]:
    """The files people open and print (the main outputs and the sheets of cards) as they
    are on disk when the freshness record says they are what these inputs and this code
    make (the same key `build` skips by), else built afresh through the gate and written."""
    from publisher.draw.job import SUFFIXES

    inputs = fresh.Inputs.of(plan, brand)
    inputs.paper = plan.job(brand).paper
    _, stale = fresh.sort(plan.out_dir, inputs, plan.profile, plan.grayscale)
    if stale:
        gate(plan, brand)
        outputs = rendered(plan, brand)
        written(plan, brand, outputs)
        return [o for o in outputs if o.role in ("main", "cards")]
    job = plan.job(brand)
    found = []
    for guide in plan.guides:
        for name, layout in plan.layouts.items():
            for role in ("main", "cards"):
                path = plan.folder(guide.model, brand) / f"{name}{SUFFIXES[role]}.pdf"
                if role == "main" or path.is_file():
                    found.append(Output(path, path.read_bytes(), guide.model.id, name,
                                        layout.model.kind, role, job.paper, job.profile,
                                        job.grayscale, brand.id if brand else None))  # fmt: skip
    return found
