"""Building one plan for many brands, in parallel across processes. A brand that fails
(a bad logo, a name too long) is reported and the others go on."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from publisher.errors import Interrupted, UserError, held_interrupt
from publisher.model.brand import load_brand
from publisher.pipeline.build import Plan, build
from publisher.pipeline.settings import Settings

_PLAN: Plan | None = None  # set in the parent; forked workers inherit it with its cache


@dataclass
class Result:
    brand: Path
    written: list[Path] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


WINDOWS_MOST = 61  # ProcessPoolExecutor refuses more workers on Windows (ValueError)
SYSTEM = os.name


def pool_size(jobs: int, waiting: int) -> int:
    """The workers to start: no more than asked, than brands waiting, or than Windows allows."""
    return max(1, min(jobs, waiting, WINDOWS_MOST if SYSTEM == "nt" else jobs))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _one(path: Path) -> Result:
    assert _PLAN is not None
    try:
        brand = load_brand(path)
        return Result(path, build(_PLAN, brand), warnings=brand.warnings)
    except UserError as exc:
        return Result(path, error=exc.format_message())
    except Exception as exc:  # a bug: reported for this brand; the others still build
        return Result(path, error=f"internal error ({type(exc).__name__}: {exc}); please report it")


def start_method(chosen: str | None = None) -> str:
    """fork where it is safe (Linux): workers inherit the parent's renderings; spawn where
    it is the platform's default (Windows, macOS). `chosen` (PUBLISHER_START_METHOD)
    overrides."""
    methods = multiprocessing.get_all_start_methods()
    if chosen in methods:
        return chosen
    return "fork" if sys.platform.startswith("linux") and "fork" in methods else "spawn"


@dataclass(frozen=True)
class Recipe:
    """What a spawned worker needs to make the same plan again (all of it picklable)."""

    guides: tuple[Path, ...]
    layouts: tuple[tuple[str, Path], ...]
    out_dir: Path
    paper: str | None
    profile: str
    grayscale: bool
    settings: Settings

    @classmethod
    def of(cls, plan: Plan) -> Recipe:
        guides = tuple(g.source.path for g in plan.guides)
        layouts = tuple((name, layout.source.path) for name, layout in plan.layouts.items())
        return cls(guides, layouts, plan.out_dir, plan.paper, plan.profile, plan.grayscale,
                   plan.settings)  # fmt: skip


def _leave_ctrl_c_to_the_parent() -> None:
    """A worker ignores SIGINT (the terminal sends Ctrl-C to every process of the group),
    so the build it is doing finishes its set of files and the parent alone decides to
    stop. It starts so (the parent ignored SIGINT while it started the workers); this
    keeps it so whatever ran before (Windows gives a new process its own console state)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _spawned(recipe: Recipe) -> None:
    """A spawned worker's start: load and validate the inputs again, once."""
    from publisher.pipeline.build import plan as make_plan

    _leave_ctrl_c_to_the_parent()
    global _PLAN
    _PLAN = make_plan(list(recipe.guides), dict(recipe.layouts), recipe.out_dir,
                      recipe.paper, recipe.profile, recipe.grayscale, recipe.settings)  # fmt: skip


def run(
    plan: Plan,
    brands: list[Path],
    jobs: int,
    done: Callable[[Result], None] = lambda _: None,
) -> tuple[list[Result], int]:
    """Build `plan` for every brand; results in the order of `brands`, and the number of
    processes that really built them."""
    global _PLAN
    _PLAN = plan
    results: dict[Path, Result] = {}
    queue = list(brands)
    method = start_method(plan.settings.start_method)
    # the first brand in this process fills the render cache that forked workers inherit
    while queue and (jobs <= 1 or (method == "fork" and not plan.cache)):
        result = _one(queue.pop(0))
        results[result.brand] = result
        done(result)
    used = pool_size(jobs, len(queue)) if queue else 1
    if queue:
        _in_pool(plan, queue, used, method, results, done, len(brands))
    return [results[path] for path in brands], used


def _in_pool(plan: Plan, queue: list[Path], used: int, method: str,
             results: dict[Path, Result], done: Callable[[Result], None], total: int
             ) -> None:  # fmt: skip
    """The waiting brands across `used` worker processes. One Ctrl-C: the brands being
    built finish their sets, those not started are cancelled, and the command stops with
    one line (Interrupted) once every worker has exited."""
    before = len(results)  # built in this process, before the pool
    context = multiprocessing.get_context(method)
    start = _spawned if method != "fork" else _leave_ctrl_c_to_the_parent
    initargs = (Recipe.of(plan),) if method != "fork" else ()
    pool, futures = None, []
    try:
        with held_interrupt(deliver=False):  # the workers start with Ctrl-C ignored
            pool = ProcessPoolExecutor(max_workers=used, mp_context=context,
                                       initializer=start, initargs=initargs)  # fmt: skip
            futures = [pool.submit(_one, path) for path in queue]
        for future in as_completed(futures):
            result = future.result()
            results[result.brand] = result
            done(result)
    except KeyboardInterrupt:
        if pool is not None:
            with held_interrupt(deliver=False):  # a second Ctrl-C changes nothing
                pool.shutdown(wait=True, cancel_futures=True)
        finished = [f for f in futures if f.done() and not f.cancelled()]
        built = before + sum(1 for f in finished if f.exception() is None)
        raise Interrupted(
            f"interrupted: {built} of {total} brand(s) were built; the builds under way "
            "finished their files, and the other brands' PDFs are as they were. Run the "
            "same command again to build the rest."
        ) from None
    pool.shutdown(wait=True)
