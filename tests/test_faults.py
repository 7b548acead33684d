"""A build killed or interrupted while it writes never leaves a PDF missing or partial,
never leaves an unmarked mix of two builds, and the next build heals the folder; two
builds into one folder take turns."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests import faults

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "content" / "calf-cramp-massage.yaml"


@pytest.mark.slow
def test_every_kill_point_and_signal_leaves_whole_files_and_heals(tmp_path):
    tally = faults.matrix(ROOT, tmp_path)
    assert tally.points >= 12 and tally.runs == 3 * tally.points
    assert (tally.missing, tally.mixed, tally.unrecovered, tally.leftovers) == ([], [], [], [])


def test_a_set_killed_half_way_is_marked_stale_and_put_back(tmp_path):
    from publisher.pipeline import fresh, write

    faults.write(ROOT, tmp_path, "old")
    # the journal is written, then two of the four files are replaced: a mix on disk
    faults.write(ROOT, tmp_path, "new", 13, signal.SIGKILL)
    found = {n: (tmp_path / n).read_bytes() == faults.content(n, "new") for n in faults.NAMES}
    assert len(set(found.values())) == 2, found
    assert write.mixed(tmp_path)
    restored = write.recover(tmp_path)
    assert restored and not write.mixed(tmp_path)
    assert all((tmp_path / n).read_bytes() == faults.content(n, "old") for n in faults.NAMES)
    assert fresh.JOURNAL == write.JOURNAL


def _shim(folder: Path, stop_at: int, signum: int) -> dict:
    """A sitecustomize that sends the build a signal at its Nth os.replace."""
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(
        textwrap.dedent(f"""
        import os, time
        _replace, _calls = os.replace, [0]
        def replace(*args, **kwargs):
            _calls[0] += 1
            if _calls[0] == {stop_at}:
                os.kill(os.getpid(), {int(signum)})
                time.sleep(5)
            return _replace(*args, **kwargs)
        os.replace = replace
    """)
    )
    return {**os.environ, "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}", "PUBLISHER_SERIAL": "1"}


@pytest.mark.parametrize("name", ["INT", "TERM"])
def test_ctrl_c_or_sigterm_in_a_real_build_keeps_the_last_good_set(tmp_path, name):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "publisher", "build", str(GUIDE), "-o", str(out)]
    first = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert first.returncode == 0, first.stderr
    folder = out / "calf-cramp-massage"
    before = {p.name: p.read_bytes() for p in folder.glob("*.pdf")}
    assert len(before) >= 3
    env = _shim(tmp_path / "shim", 3, faults.SIGNALS[name])  # the journal, then 2 PDFs in
    again = subprocess.run([*command, "--force"], capture_output=True, text=True,
                           cwd=tmp_path, env=env, timeout=120)  # fmt: skip
    assert again.returncode == (130 if name == "INT" else 143), again.stderr
    assert "Traceback" not in again.stderr
    assert {p.name: p.read_bytes() for p in folder.glob("*.pdf")} == before
    assert not list(folder.glob(".*.tmp")) and not (folder / ".publisher-set.json").exists()


def test_two_builds_into_one_folder_take_turns_and_a_reader_always_finds_whole_files(tmp_path):
    faults.write(ROOT, tmp_path, "a0")
    loop = textwrap.dedent("""
        import sys
        from pathlib import Path
        from publisher.pipeline import write
        folder, me = Path(sys.argv[1]), sys.argv[2]
        for n in range(25):
            tag = f"{me}{n}"
            write.write_set([(folder / name, (name + tag).encode() * 20000)
                             for name in sys.argv[3:]])
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", loop, str(tmp_path)]
    pipe = {"env": env, "cwd": ROOT, "text": True, "stderr": subprocess.PIPE}
    writers = [subprocess.Popen([*command, me, *faults.NAMES], **pipe) for me in ("a", "b")]
    reads = 0
    while any(w.poll() is None for w in writers):
        for name in faults.NAMES:
            data = (tmp_path / name).read_bytes()  # never missing
            unit = len(data) // 20000
            assert data == data[:unit] * 20000, name  # never a part of a file
            reads += 1
        time.sleep(0.005)
    assert [w.wait() for w in writers] == [0, 0], [w.stderr.read() for w in writers]
    assert reads > 20
    tags = {(tmp_path / n).read_bytes()[: len(n) + 3].decode()[len(n) :] for n in faults.NAMES}
    assert len(tags) == 1, tags  # the last set written is whole: one build's files
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_folder_where_a_pdf_should_be_is_one_line(tmp_path):
    from tests.test_hardening import run  # the CLI runner with a clean-output check

    out = tmp_path / "out"
    (out / "calf-cramp-massage" / "pocket-card.pdf").mkdir(parents=True)
    result = run("build", str(GUIDE), "-l", "pocket-card", "-o", out)
    assert result.exit_code == 1, result.output
    line = result.output.strip()
    assert len(line.splitlines()) == 1 and "a folder has that name" in line, line
