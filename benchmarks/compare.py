"""Two or more installs of publisher, side by side: cold builds in alternating fresh
processes, each against the import floor measured in the same run.

    python benchmarks/compare.py OLD/.venv NEW/.venv [--runs 15] [--guide FILE]

Each VENV is a virtual environment with publisher installed (`pip install .` from a
checkout or a `git worktree` of the commit to measure). Prints the median wall time,
its ratio to the floor (a process of that venv's Python that only imports
reportlab.platypus) and the median peak memory. Standard library only."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import GUIDE, measure  # the same timing as benchmarks/run.py


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("venvs", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--guide", type=Path, default=GUIDE)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="publisher-compare-"))
    floor_name = "floor: import reportlab.platypus"
    python = str(args.venvs[0] / "bin" / "python")
    commands = {floor_name: [python, "-c", "import reportlab.platypus"]}
    for n, venv in enumerate(args.venvs):
        commands[str(venv)] = [str(venv / "bin" / "publisher"), "build", str(args.guide.resolve()),
                               "-o", str(out / str(n)), "--force"]  # fmt: skip
    samples: dict[str, list] = {name: [] for name in commands}
    for command in commands.values():  # one warm-up each: disk cache, compiled modules
        measure(command, out)
    for _ in range(args.runs):
        for name, command in commands.items():
            samples[name].append(measure(command, out))
    floor = statistics.median(wall for wall, _, _ in samples[floor_name])
    print(f"{args.runs} alternating runs each, medians: a cold build of {args.guide.name}")
    for name, found in samples.items():
        wall = statistics.median(w for w, _, _ in found)
        rss = statistics.median(r for _, _, r in found)
        print(f"  {name:<40} {wall * 1000:6.0f} ms  {wall / floor:4.2f}× floor  {rss:6.1f} MB")


if __name__ == "__main__":
    main()
