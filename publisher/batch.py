"""Building one plan for many brands, in parallel across processes. A brand that fails
(a bad logo, a name too long) is reported and the others go on."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from publisher.brand import load_brand
from publisher.build import Plan, build
from publisher.errors import UserError

_PLAN: Plan | None = None  # set in the parent; forked workers inherit it with its cache


@dataclass
class Result:
    brand: Path
    written: list[Path] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


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


def run(
    plan: Plan,
    brands: list[Path],
    jobs: int,
    done: Callable[[Result], None] = lambda _: None,
) -> list[Result]:
    """Build `plan` for every brand; results in the order of `brands`."""
    global _PLAN
    _PLAN = plan
    results: dict[Path, Result] = {}
    queue = list(brands)
    # the first brand in this process fills the render cache that forked workers inherit
    while queue and (jobs <= 1 or not plan.cache):
        result = _one(queue.pop(0))
        results[result.brand] = result
        done(result)
    if queue and "fork" not in multiprocessing.get_all_start_methods():
        jobs = 1  # the workers need the parent's plan and cache: only fork shares them
        for path in queue:
            results[path] = _one(path)
            done(results[path])
        queue = []
    if queue:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = [pool.submit(_one, path) for path in queue]
            for future in as_completed(futures):
                result = future.result()
                results[result.brand] = result
                done(result)
    return [results[path] for path in brands]
