"""Benchmarks: speed, memory and size, each figure the median of fresh processes.

    python benchmarks/run.py [--runs 7] [--brands 100]

Prints the import floor (a process that only imports reportlab.platypus), the cold build of
the calf guide (all outputs) against that floor in alternating runs, the output sizes, a
batch of generated brands with --jobs 1 and --jobs 2, and a guide four times the calf
guide's length against the calf booklet. Standard library only, plus the project."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "content" / "calf-cramp-massage.yaml"
BRAND = ROOT / "brands" / "example-clinic.yaml"
PUBLISHER = [sys.executable, "-m", "publisher"]
# Python caches compiled modules (.pyc) on the first run, as on any user's machine; an
# environment that forbids it (PYTHONDONTWRITEBYTECODE, set on some build machines) would
# make every process compile the project's sources again and measure that instead.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one fresh process, from the kernel's accounting."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def medians(samples: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return tuple(statistics.median(s[i] for s in samples) for i in range(3))  # type: ignore[return-value]


def row(name: str, wall: float, cpu: float, rss: float, extra: str = "") -> None:
    print(
        f"  {name:<34} {wall * 1000:8.0f} ms wall {cpu * 1000:8.0f} ms CPU {rss:6.1f} MB  {extra}"
    )


def alternate(commands: dict[str, list[str]], runs: int, cwd: Path) -> dict[str, tuple]:
    """Run the commands in turn, `runs` rounds, so drift affects all of them alike."""
    samples: dict[str, list] = {name: [] for name in commands}
    for command in commands.values():  # one warm-up each: disk cache, .pyc files
        measure(command, cwd)
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(measure(command, cwd))
    return {name: medians(found) for name, found in samples.items()}


def brands(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(BRAND.parent / "example-clinic-logo.png", folder)
    text = BRAND.read_text(encoding="utf-8")
    for i in range(count):
        named = re.sub(r"^name: .*$", f"name: Clinic Number {i:03d}", text, flags=re.M)
        (folder / f"clinic-{i:03d}.yaml").write_text(named, encoding="utf-8")
    return folder


def long_guide(folder: Path, times: int) -> Path:
    """The calf guide with its sections repeated `times` times under new ids."""
    text = GUIDE.read_text(encoding="utf-8")
    head, rest = text.split("\nsections:\n", 1)
    body, tail = rest.split("\ndisclaimer:", 1)
    copies = [body]
    for n in range(1, times):
        copy = re.sub(r"(\bid: )([a-z0-9-]+)", rf"\g<1>\g<2>-{n}", body)
        copies.append(copy)
    guide = head.replace("id: calf-cramp-massage", "id: long-guide")
    path = folder / "long-guide.yaml"
    path.write_text(guide + "\nsections:\n" + "\n".join(copies) + "\ndisclaimer:" + tail)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--brands", type=int, default=100)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="publisher-bench-"))
    out = work / "out"
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.runs} runs each\n")

    print("Cold build of the calf guide (all outputs) against the import floor:")
    figures = alternate(
        {
            "floor: import reportlab.platypus": [sys.executable, "-c", "import reportlab.platypus"],
            "publisher build (all outputs)": [
                *PUBLISHER,
                "build",
                str(GUIDE),
                "-o",
                str(out),
                "--force",
            ],
            "publisher build (nothing changed)": [*PUBLISHER, "build", str(GUIDE), "-o", str(out)],
            "publisher --help": [*PUBLISHER, "--help"],
            "publisher validate": [*PUBLISHER, "validate", str(GUIDE)],
        },
        args.runs,
        ROOT,
    )
    floor = figures["floor: import reportlab.platypus"][0]
    for name, (wall, cpu, rss) in figures.items():
        row(name, wall, cpu, rss, f"{wall / floor:4.2f}× floor")

    print("\nOutput sizes (office profile, no brand):")
    for path in sorted(out.rglob("*.pdf")):
        print(f"  {path.relative_to(out)!s:<48} {path.stat().st_size / 1024:6.1f} KB")

    print(f"\nBatch: {args.brands} brands × the calf guide, every layout:")
    folder = brands(work / "brands", args.brands)
    for jobs in (1, 2):
        runs = max(3, args.runs // 2)
        samples = []
        for _ in range(runs):
            target = work / f"batch-{jobs}"
            shutil.rmtree(target, ignore_errors=True)
            command = [
                *PUBLISHER,
                "build",
                str(GUIDE),
                "--brand-dir",
                str(folder),
                "-o",
                str(target),
            ]
            samples.append(measure([*command, "--jobs", str(jobs)], ROOT))
        wall, cpu, rss = medians(samples)
        pdfs = len(list((work / f"batch-{jobs}").rglob("*.pdf")))
        row(
            f"--jobs {jobs}",
            wall,
            cpu,
            rss,
            f"{args.brands / wall:5.1f} sets/s, {pdfs / wall:5.1f} PDFs/s ({pdfs} PDFs)",
        )

    print("\nScaling: a guide 4× the calf guide's length, booklet only:")
    long = long_guide(work, 4)
    figures = alternate(
        {
            "calf booklet": [
                *PUBLISHER,
                "build",
                str(GUIDE),
                "-l",
                "booklet",
                "-o",
                str(out),
                "--force",
            ],
            "4× booklet": [
                *PUBLISHER,
                "build",
                str(long),
                "-l",
                "booklet",
                "-o",
                str(out),
                "--force",
            ],
        },
        max(3, args.runs // 2),
        ROOT,
    )
    base = figures["calf booklet"]
    for name, (wall, cpu, rss) in figures.items():
        pages = _pages(out / ("long-guide" if "4×" in name else "calf-cramp-massage"))
        row(name, wall, cpu, rss, f"{pages} pages, {wall / base[0]:4.2f}× time")
    extra = _pages(out / "long-guide") - _pages(out / "calf-cramp-massage")
    cost = (figures["4× booklet"][0] - base[0]) * 1000 / max(1, extra)
    print(f"  each page beyond the calf booklet's costs {cost:.1f} ms")
    shutil.rmtree(work)


def _pages(folder: Path) -> int:
    import pikepdf  # (a core dependency; pypdf is for the tests)

    with pikepdf.open(folder / "booklet.pdf") as pdf:
        return len(pdf.pages)


if __name__ == "__main__":
    main()
