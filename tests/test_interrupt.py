"""One Ctrl-C stops a batch of brands cleanly, under fork (Linux) and spawn (Windows,
macOS): the terminal sends SIGINT to the whole process group; the running builds finish
their sets, the rest are cancelled, no worker is left behind, no traceback is printed,
and every brand's PDFs are its last good set or its new one, never a mix."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publisher.pipeline import batch
from tests.conftest import GUIDE

pytestmark = [
    pytest.mark.slow,  # two batches of 120 brands' booklets, each built twice
    pytest.mark.skipif(os.name == "nt", reason="a POSIX process group is sent the signal"),
]


def _sets(out) -> dict[str, dict[str, bytes]]:
    """{brand: {file name: bytes}} of every PDF under `out`."""
    found: dict[str, dict[str, bytes]] = {}
    for path in sorted(out.rglob("*.pdf")):
        found.setdefault(path.relative_to(out).parts[0], {})[path.name] = path.read_bytes()
    return found


def _alive(group: int) -> list[str]:
    """The processes of a process group still running (not exited: an orphan's exit
    waits for init to collect it); from /proc where there is one."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return []
        return [f"group {group}"]
    found = []
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # it exited meanwhile
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(stat.parent.name)
    return found


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_one_ctrl_c_stops_a_batch_and_keeps_each_brands_set_whole(tmp_path, method):
    folder = tmp_path / "brands"
    folder.mkdir()
    for n in range(120):  # after the first, a brand takes about 50 ms: a long batch
        (folder / f"clinic-{n:03}.yaml").write_text(f"name: Clinic {n}\nphone: 0123 {n}\n")
    guide = tmp_path / "calf-cramp-massage.yaml"
    text = GUIDE.read_text(encoding="utf-8")
    guide.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "publisher", "build", str(guide), "--brand-dir",
               str(folder), "-l", "booklet", "-o", str(out), "--jobs", "2"]  # fmt: skip
    env = {**os.environ, "PUBLISHER_START_METHOD": method}
    first = subprocess.run(command, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    old = _sets(out)
    assert len(old) == 120
    guide.write_text(text.replace("title: Calf Cramp Massage", "title: Calf Cramp Care", 1),
                     encoding="utf-8")  # fmt: skip
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while _sets(out) == old and time.monotonic() < deadline:  # until a brand is rebuilt
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # as the terminal does: every process of the group
    stdout, stderr = proc.communicate(timeout=60)  # it stops, it does not hang
    said = stdout + stderr
    assert proc.returncode == 130, said
    assert "Traceback" not in said and "KeyboardInterrupt" not in said, said
    assert "interrupted" in stderr and "as they were" in stderr, stderr
    deadline = time.monotonic() + 10  # no worker and no resource tracker left running
    while _alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(proc.pid), _alive(proc.pid)
    now = _sets(out)
    assert sorted(now) == sorted(old)
    kept = [b for b in now if now[b] == old[b]]
    new = [b for b in now if all(now[b][f] != old[b][f] for f in old[b])]
    assert sorted(kept + new) == sorted(now), "a brand has a mix of old and new files"
    assert kept and new, (kept, new)  # the signal came mid-batch: some done, some left
    leftovers = [p.name for p in out.rglob("*") if p.is_file() and p.suffix != ".pdf"
                 and p.name != ".publisher-manifest.json"]  # fmt: skip
    assert not [n for n in leftovers if "tmp" in n or n == ".publisher-set.json"], leftovers


def test_the_pool_never_asks_windows_for_more_than_61_workers(monkeypatch, tmp_path):
    """ProcessPoolExecutor raises ValueError for more than 61 workers on Windows: `--jobs 62`
    (or a machine with more cores) gets 61 there, and what it asks for elsewhere."""
    from publisher.inputs import find as inputs
    from publisher.pipeline import build

    asked = []

    class Pool:  # records the size asked for, then stops the batch
        def __init__(self, max_workers, **options):
            asked.append(max_workers)
            raise RuntimeError("stop here")

    monkeypatch.setattr(batch, "ProcessPoolExecutor", Pool)
    plan = build.plan([GUIDE], inputs.layout_paths(("pocket-card",)), tmp_path)
    plan = dataclasses.replace(
        plan, settings=dataclasses.replace(plan.settings, start_method="spawn")
    )
    brands = [tmp_path / f"clinic-{n}.yaml" for n in range(70)]  # each fails alone: fast
    for system, most in (("nt", 61), ("posix", 62)):
        monkeypatch.setattr(batch, "SYSTEM", system)
        with pytest.raises(RuntimeError):
            batch.run(plan, brands, 62)
        assert asked[-1] == most
    assert batch.pool_size(8, 3) == 3 and batch.pool_size(2, 70) == 2
