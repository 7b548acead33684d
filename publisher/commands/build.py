"""`publisher build`: the quick gate, then one brand (or none) rendered and written, or
many brands in parallel; what to tell the user."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.errors import BuildError, InputError

if TYPE_CHECKING:  # a skipped build imports neither pydantic nor ReportLab
    from publisher.pipeline.build import Output, Plan


@dataclass
class Report:
    """What a build did: files written, warnings, brands that failed (name, error)."""

    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    brands: int = 0
    jobs: int = 1
    seconds: float = 0.0

    def lines(self) -> list[tuple[str, bool]]:
        """What to tell the user, line by line, and whether it goes to stderr."""
        out = [(f"warning: {warning}", True) for warning in self.warnings]
        out += [(f"info: {note}", False) for note in self.notes]
        if self.brands > 1:
            good = self.brands - len(self.failed)
            out.append((f"built {len(self.written)} PDF(s) for {good} of {self.brands} brands "
                        f"in {self.seconds:.2f} s with {self.jobs} job(s)", False))  # fmt: skip
        else:
            out += [(f"wrote {p} ({p.stat().st_size / 1024:.0f} KB)", False) for p in self.written]
            out.append((f"built {len(self.written)} PDF(s) in {self.seconds:.2f} s", False))
        return out + [(f"failed: {brand}\n  {error}", True) for brand, error in self.failed]


def command(guides, layouts, files: list[Path], out_dir: Path, options: tuple,
            force: bool, measure: bool, settings, jobs: int | None = None,
            progress: Callable[[int], Any] | None = None,
            ) -> tuple[str | None, Report | None]:  # fmt: skip
    """`publisher build`: what is up to date is skipped (one brand or none, no --force or
    --check); the rest is planned and run. (the "up to date" line or None, the report or
    None when nothing was left to build)."""
    from publisher.inputs import find as inputs
    from publisher.pipeline import fresh

    done, stale, said = [], None, None
    if not (force or measure) and len(files) <= 1:
        paths, names = inputs.guide_paths(guides), inputs.layout_paths(layouts)
        done, stale = fresh.check(paths, names, files, out_dir, options, settings.epoch)
    if done:
        said = f"up to date: {len(done)} PDF(s) in {out_dir} (--force rebuilds them)"
    if stale == set():
        return said, None
    from publisher.pipeline.plan import plan as make_plan

    plan = make_plan(inputs.guide_paths(guides), inputs.layout_paths(layouts), out_dir,
                     *options, settings=settings, only=stale)  # fmt: skip
    return said, run(plan, files, jobs, measure, progress)


def run(
    plan: Plan,
    brand_files: list[Path],
    jobs: int | None = None,
    measure: bool = False,
    progress: Callable[[int], Any] | None = None,
) -> Report:
    """`publisher build`: the quick gate, then one brand (or none) rendered and written, or
    many brands in parallel. `measure` runs the full gate on what was rendered before
    anything is written."""
    from publisher.gate import checks
    from publisher.gate.findings import enforce

    started = time.perf_counter()
    from publisher.commands.common import gate, written

    report = Report(warnings=gate(plan))
    if len(brand_files) > 1:
        if measure:
            raise InputError(
                "--check measures every page (about 2 s a brand); use it with one brand, "
                "or run `publisher check --brand FILE` for the brands you want to look at."
            )
        _batch(plan, brand_files, jobs, progress, report)
    else:
        brand = None
        if brand_files:
            from publisher.model.brand import load_brand

            brand = load_brand(brand_files[0])
            report.warnings += brand.warnings
            report.brands = 1
        outputs, failed = _render_each(plan, brand)
        report.failed += failed
        if measure:
            enforce(checks.measured(plan, outputs, brand), "nothing was written.")
        report.written = written(plan, brand, outputs)
        report.notes = [f"{o.guide}/{o.layout}: {note}" for o in outputs for note in o.notes]
    report.seconds = time.perf_counter() - started
    return report


def _render_each(plan: Plan, brand) -> tuple[list[Output], list[tuple[str, str]]]:
    """Every output; when one does not fit, each guide on its own: a guide with a problem
    writes nothing and is reported at its YAML line, the others are built."""
    from publisher.pipeline.build import render_all

    try:
        return render_all(plan, brand), []
    except BuildError:
        if len(plan.guides) == 1 and len(plan.layouts) == 1:
            raise
    from publisher.pipeline.render import located
    from publisher.source import display

    outputs, failed, only = [], [], plan.only
    from dataclasses import replace

    where = plan.job(brand).paper + (f", {brand.id}" if brand else "")
    for guide in plan.guides:
        mine, problems = [], []
        for name in plan.layouts:
            if only is not None and (guide.source.path, name) not in only:
                continue
            single = replace(plan, only={(guide.source.path, name)})
            try:
                mine += render_all(single, brand)
            except BuildError as exc:
                problems.append(located(guide, exc, f"{name} ({where})"))
        if problems:
            failed.append((display(guide.source.path), "\n  ".join(problems)))
        else:
            outputs += mine
    return outputs, failed


def _batch(plan: Plan, files: list[Path], jobs, progress, report: Report) -> None:
    from publisher.pipeline import batch
    from publisher.source import display

    report.jobs = jobs or batch.default_jobs()
    report.brands = len(files)
    results, report.jobs = batch.run(plan, files, report.jobs, lambda _: progress and progress(1))
    report.warnings += [w for r in results for w in r.warnings]
    report.written = [p for r in results for p in r.written]
    report.failed = [(display(r.brand), r.error) for r in results if r.error]
