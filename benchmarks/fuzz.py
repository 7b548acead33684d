"""Fuzz counts: thousands of mutated guides, brand files and recipient lists through the
real CLI, in this process, with the rules of tests/fuzzing.py; prints how many cases
broke each rule and the slowest case.

    python benchmarks/fuzz.py [--cases 5000] [--seed-base 0]

To count against another version of the code, put it first on the path:
    PYTHONPATH=/path/to/old/checkout python benchmarks/fuzz.py --cases 1000"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: tests/

from tests.fuzzing import run_case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000, help="in all, split 50/30/20")
    parser.add_argument("--seed-base", type=int, default=0)
    args = parser.parse_args()
    import publisher

    print(f"publisher from {Path(publisher.__file__).parent}")
    shares = {"guide": 0.5, "brand": 0.3, "csv": 0.2}
    started = time.perf_counter()
    for kind, share in shares.items():
        count = round(args.cases * share)
        exits: collections.Counter = collections.Counter()
        broken: collections.Counter = collections.Counter()
        examples: dict[str, int] = {}
        times = []
        with tempfile.TemporaryDirectory() as folder:
            for seed in range(args.seed_base, args.seed_base + count):
                outcome = run_case(kind, seed, Path(folder))
                exits[outcome.exit_code] += 1
                times.append(outcome.seconds)
                for rule in outcome.broken:
                    name = (
                        rule.split(":")[0]
                        if rule.startswith("traceback")
                        else rule.split(" in ")[0]
                    )
                    name = rule[: rule.find(":", 11)] if rule.startswith("traceback") else name
                    broken[name] += 1
                    examples.setdefault(name, seed)
        print(f"\n{kind}: {count} cases, exit codes {dict(sorted(exits.items()))}")
        print(f"  median {statistics.median(times) * 1000:.0f} ms, slowest {max(times):.2f} s")
        print(f"  broke a rule: {sum(broken.values())} times")
        for name, times_broken in broken.most_common():
            print(f"    {times_broken:5}  {name}  (e.g. seed {examples[name]})")
    print(f"\n{time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
