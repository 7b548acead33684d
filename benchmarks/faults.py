"""Kill the write stage at every rename, link, unlink and sync, with SIGKILL, SIGTERM and
SIGINT, and count what a user would find: a PDF missing or partial, old and new files
mixed with nothing marking the set as half written, a next build that does not heal,
temporary files left behind.

    python benchmarks/faults.py [CHECKOUT ...]

Each CHECKOUT is a folder holding a `publisher` package (this checkout by default; a
`git worktree` of an older commit gives the before figures). Prints one JSON line each."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import faults  # noqa: E402 (the harness the tests use)


def main() -> None:
    roots = [Path(arg).resolve() for arg in sys.argv[1:]] or [HERE.parent]
    for root in roots:
        with tempfile.TemporaryDirectory() as work:
            tally = faults.matrix(root, Path(work))
        print(f"{root}: {faults.summary(tally)}")


if __name__ == "__main__":
    main()
