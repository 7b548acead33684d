"""Building one plan for many brands, in parallel across processes. A brand that fails
(a bad logo, a name too long) is reported and the others go on."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from publisher.errors import UserError
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


def _spawned(recipe: Recipe) -> None:
    """A spawned worker's start: load and validate the inputs again, once."""
    from publisher.pipeline.build import plan as make_plan

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
    used = min(jobs, len(queue), WINDOWS_MOST if os.name == "nt" else jobs) if queue else 1
    if queue:
        context = multiprocessing.get_context(method)
        spawned = {"initializer": _spawned, "initargs": (Recipe.of(plan),)}
        options = spawned if method != "fork" else {}
        with ProcessPoolExecutor(max_workers=used, mp_context=context, **options) as pool:
            futures = [pool.submit(_one, path) for path in queue]
            for future in as_completed(futures):
                result = future.result()
                results[result.brand] = result
                done(result)
    return [results[path] for path in brands], used
