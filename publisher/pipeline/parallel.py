"""The second core: a build's layouts rendered in two processes. The work is split in
two by weight (a booklet outweighs a card, a card a sheet); this process renders one
part while a forked child renders the other and sends it back. The child starts from
this process's state (fonts loaded, modules imported), so what it renders is byte for
byte what this process would. Where fork is not safe (Windows, macOS) or the build has
one layout, everything is rendered here, in order; `serial` asks for that."""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import Any


def run(render: Callable[..., Any], tasks: list[tuple], weights: list[int],
        serial: bool = False) -> list[Any]:  # fmt: skip
    """`render(*task)` for every task, in the tasks' order; `weights`: each task's share of
    the work (kinds/: a booklet outweighs a card)."""
    if len(tasks) < 2 or serial or not _forkable():
        return [render(*task) for task in tasks]
    _warm()
    here, there = _split(weights)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render its part, send it, leave without cleanup
        os.close(read)
        try:
            payload = pickle.dumps([render(*tasks[i]) for i in there])
        except BaseException:  # this process renders it again and says what is wrong
            payload = pickle.dumps(None)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write)
    try:
        results = {i: render(*tasks[i]) for i in here}
    finally:
        with os.fdopen(read, "rb") as pipe:
            sent = pipe.read()
        _, status = os.waitpid(pid, 0)
    try:  # a child killed before it sent everything (out of memory, a signal) sends nothing
        theirs = pickle.loads(sent) if os.waitstatus_to_exitcode(status) == 0 else None
    except (pickle.UnpicklingError, EOFError):
        theirs = None
    if theirs is None:
        theirs = [render(*tasks[i]) for i in there]
    results.update(zip(there, theirs, strict=True))
    return [results[i] for i in range(len(tasks))]


def _forkable() -> bool:
    import threading

    pool = sys.modules.get("multiprocessing")  # not imported: not a batch worker
    worker = pool is not None and pool.current_process().daemon  # one core each
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and not worker
        and threading.active_count() == 1  # forking beside Python threads is not safe
        and (os.cpu_count() or 1) > 1
    )


def _warm() -> None:
    """What both processes need, done once before the fork: the fonts loaded. Each
    process imports the renderers it uses, and pikepdf (the imposition, the tagging)
    where it needs it, while the other renders."""
    from publisher.draw import fonts

    fonts.register()


def _split(weights: list[int]) -> tuple[list[int], list[int]]:
    """Two parts of about equal weight, the heaviest task first in this process."""
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    here: list[int] = []
    there: list[int] = []
    for i in order:
        mine = sum(weights[j] for j in here)
        theirs = sum(weights[j] for j in there)
        (here if mine <= theirs else there).append(i)
    return sorted(here), sorted(there)
