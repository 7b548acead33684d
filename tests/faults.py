"""Fault injection for the write stage: a child process writes a set of files with every
os.replace, os.link, os.unlink, os.rename and os.fsync counted, and at call N sends itself
a signal (SIGKILL, SIGTERM, SIGINT). The parent then reads the folder as a user would.

Used by tests/test_faults.py and benchmarks/faults.py (which also runs it against an
older checkout to give before-and-after figures)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

NAMES = ("booklet.pdf", "pocket-card.pdf", "fridge-sheet.pdf", ".publisher-build.json")
SIGNALS = {"KILL": signal.SIGKILL, "TERM": signal.SIGTERM, "INT": signal.SIGINT}

CHILD = r"""
import os, signal, sys, time
from pathlib import Path
from publisher.pipeline import write

folder, stop_at, signum, tag = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
getattr(write, "stop_as_interrupt", lambda: None)()
calls = 0

def counted(function):
    def wrapped(*args, **kwargs):
        global calls
        calls += 1
        if calls == stop_at:
            os.kill(os.getpid(), signum)
            time.sleep(5)  # a handled signal raises here; SIGKILL never returns
        return function(*args, **kwargs)
    return wrapped

for name in ("replace", "link", "unlink", "rename", "fsync"):
    setattr(os, name, counted(getattr(os, name)))
names = sys.argv[5:]
try:
    write.write_set([(folder / name, (name + tag).encode() * 20000) for name in names])
except KeyboardInterrupt:
    sys.exit(130)
print(calls)
"""


def content(name: str, tag: str) -> bytes:
    return (name + tag).encode() * 20000


def write(root: Path, folder: Path, tag: str, stop_at: int = 0, signum: int = 0,
          names=NAMES) -> subprocess.CompletedProcess:  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-c", CHILD, str(folder), str(stop_at), str(signum), tag, *names]
    return subprocess.run(command, env=env, cwd=root, capture_output=True, text=True, timeout=60)


def calls(root: Path, folder: Path) -> int:
    """How many counted calls one whole write of the set makes (over an existing set)."""
    write(root, folder, "old")
    done = write(root, folder, "count")
    return int(done.stdout.strip())


@dataclass
class Tally:
    points: int = 0
    runs: int = 0
    missing: list[str] = field(default_factory=list)  # a target absent or not whole
    mixed: list[str] = field(default_factory=list)  # old and new files with no journal
    unrecovered: list[str] = field(default_factory=list)  # the next write did not heal
    leftovers: list[str] = field(default_factory=list)  # temporary files after the next write

    @property
    def failures(self) -> int:
        return len(self.missing) + len(self.mixed) + len(self.unrecovered) + len(self.leftovers)


def matrix(root: Path, work: Path, signals=tuple(SIGNALS)) -> Tally:
    """Every kill point × every signal: a set 'old' is written, then 'new' is killed at
    call N; the folder must hold whole files, old and new mixed only with a journal that
    marks it; the next write (of 'next') must leave exactly that set and no temporary file."""
    probe = work / "probe"
    probe.mkdir(parents=True)
    tally = Tally(points=calls(root, probe))
    for name in signals:
        for point in range(1, tally.points + 1):
            folder = work / f"{name}-{point}"
            folder.mkdir()
            write(root, folder, "old")
            write(root, folder, "new", point, SIGNALS[name])
            tally.runs += 1
            where = f"{name}@{point}"
            found = {}
            for file in NAMES:
                path = folder / file
                data = path.read_bytes() if path.is_file() else None
                found[file] = next((t for t in ("old", "new") if data == content(file, t)), None)
            if None in found.values():
                tally.missing.append(where)
            elif len(set(found.values())) > 1 and not (folder / ".publisher-set.json").exists():
                tally.mixed.append(where)
            write(root, folder, "next")
            healed = [(folder / f).is_file() and (folder / f).read_bytes() == content(f, "next")
                      for f in NAMES]  # fmt: skip
            if not all(healed):
                tally.unrecovered.append(where)
            left = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
            left += [p.name for p in folder.iterdir() if p.name == ".publisher-set.json"]
            if left:
                tally.leftovers.append(f"{where}: {left}")
    return tally


def summary(tally: Tally) -> str:
    return json.dumps(
        {"kill points": tally.points, "runs": tally.runs, "failures": tally.failures,
         "missing or partial": len(tally.missing), "mixed unmarked": len(tally.mixed),
         "not recovered": len(tally.unrecovered), "temporary files left": len(tally.leftovers)}
    )  # fmt: skip
