"""Watch mode latency: save → every affected PDF renamed into place, in a running
`publisher watch`, over repeated edits of the guide (all layouts) and of one layout.

    python benchmarks/watch.py [--edits 20]

Prints the median and the slowest of the edits. The time runs from just before the file
is written to when the last affected PDF has a new inode (it was renamed into place)."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def inodes(paths: list[Path]) -> list[int]:
    found = []
    for path in paths:
        try:
            found.append(os.stat(path).st_ino)
        except OSError:
            found.append(-1)
    return found


def edit_and_wait(target: Path, text: str, pdfs: list[Path]) -> float:
    before = inodes(pdfs)
    started = time.perf_counter()
    target.write_text(text, encoding="utf-8")
    while True:
        now = inodes(pdfs)
        if all(a != b for a, b in zip(now, before, strict=True)):
            return time.perf_counter() - started
        if time.perf_counter() - started > 30:
            raise SystemExit(f"no rebuild within 30 s after editing {target}")
        time.sleep(0.001)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="publisher-watch-"))
    for name in ("content", "layouts"):
        shutil.copytree(ROOT / name, work / name)
    guide = work / "content" / "calf-cramp-massage.yaml"
    card_layout = work / "layouts" / "pocket-card.yaml"
    folder = work / "out" / "calf-cramp-massage"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "publisher", "watch"], cwd=work, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    while not process.stdout.readline().startswith("watching"):
        pass
    text, layout = guide.read_text(encoding="utf-8"), card_layout.read_text(encoding="utf-8")
    every = sorted(folder.glob("*.pdf"))
    card = [folder / "pocket-card.pdf", folder / "pocket-card-sheet.pdf"]
    results = {}
    for name, target, original, pdfs in (
        ("guide edit (5 PDFs)", guide, text, every),
        ("card layout edit (2 PDFs)", card_layout, layout, card),
    ):
        times = []
        for n in range(args.edits):
            if name.startswith("guide"):
                changed = original.replace("Slow strokes", f"Slow strokes {n}", 1)
            else:
                changed = original.replace("max: 10", f"max: {9 + (n % 10) / 10:.1f}", 1)
            times.append(edit_and_wait(target, changed, pdfs))
            time.sleep(0.3)  # let the watcher settle between saves
        results[name] = times
    process.terminate()
    process.wait()
    for name, times in results.items():
        print(f"{name:<28} median {statistics.median(times) * 1000:5.0f} ms, "
              f"slowest {max(times) * 1000:5.0f} ms over {len(times)} edits")  # fmt: skip


if __name__ == "__main__":
    main()
