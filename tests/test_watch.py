"""`publisher watch` for real: a subprocess, files edited on disk, its lines read as they
come, Ctrl-C (SIGINT) at the end."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import ROOT


class Watcher:
    def __init__(self, folder, *args: str):
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "publisher", "watch", *args], cwd=folder, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, start: str, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        seen = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            seen.append(line)
            if line.startswith(start):
                return line
        code = self.process.poll()
        raise AssertionError(f"no line starting {start!r} within {seconds} s; saw {seen}; {code}")


@pytest.fixture
def project(tmp_path):
    for name in ("content", "layouts", "brands"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def test_watch_rebuilds_what_an_edit_affects_waits_out_a_bad_save_and_stops_cleanly(project):
    guide = project / "content" / "calf-cramp-massage.yaml"
    card = project / "out" / "calf-cramp-massage" / "pocket-card.pdf"
    watcher = Watcher(project, "-l", "pocket-card", "-l", "fridge-sheet", "--proof")
    try:
        assert watcher.wait_for("rebuilt ").startswith("rebuilt pocket-card, pocket-card-sheet")
        watcher.wait_for("watching ")
        first = card.read_bytes()
        assert (card.parent / "pocket-card-p01.png").is_file()
        layout = project / "layouts" / "pocket-card.yaml"
        layout.write_text(layout.read_text().replace("max: 10", "max: 9"), encoding="utf-8")
        line = watcher.wait_for("rebuilt ")
        assert "pocket-card" in line and "fridge-sheet" not in line  # only the card's layout
        assert card.read_bytes() != first
        text = guide.read_text(encoding="utf-8")
        guide.write_text(text.replace("Slow strokes", "Slow, long strokes", 1), encoding="utf-8")
        assert "pocket-card" in watcher.wait_for("rebuilt ")
        second = card.read_bytes()
        guide.write_text(
            text.replace("title: Calf Cramp Massage", "title: [oops"), encoding="utf-8"
        )
        assert watcher.wait_for("content/calf-cramp-massage.yaml:").count(":") >= 3
        assert card.read_bytes() == second  # the last good PDF stays
        guide.write_text(text, encoding="utf-8")
        assert "pocket-card" in watcher.wait_for("rebuilt ")
    finally:
        watcher.process.send_signal(signal.SIGINT)
        assert watcher.process.wait(timeout=20) == 0
    assert watcher.wait_for("stopped watching")
    assert not list((project / "out").rglob("*.tmp"))


def test_a_logo_saved_again_is_drawn_anew_and_watch_refuses_what_build_refuses(
    project, monkeypatch
):
    """One process (as watch is): a logo replaced under the same name is the new logo in
    the next rebuild, byte for byte what a fresh build draws; and a layout colour that
    `build` refuses (the quick gate) is refused by watch too, writing nothing."""
    from click.testing import CliRunner
    from PIL import Image

    from publisher.cli import main
    from publisher.commands.watch import Session

    monkeypatch.chdir(project)
    brand = project / "brands" / "example-clinic.yaml"
    session = Session((), ("booklet",), brand, None, project / "out", None)
    assert session.rebuild().startswith("rebuilt booklet")
    Image.new("RGB", (600, 600), (200, 30, 30)).save(project / "brands" / "example-clinic-logo.png")
    assert session.rebuild().startswith("rebuilt booklet")
    fresh = subprocess.run(  # another process: nothing cached from before the new logo
        [sys.executable, "-m", "publisher", "build", "-l", "booklet", "--brand", str(brand),
         "-o", "fresh", "--force"], cwd=project, capture_output=True, text=True,
    )  # fmt: skip
    assert fresh.returncode == 0, fresh.stderr
    [watched] = (project / "out").rglob("booklet.pdf")
    [built] = (project / "fresh").rglob("booklet.pdf")
    assert watched.read_bytes() == built.read_bytes()
    layout = project / "layouts" / "booklet.yaml"
    before = watched.read_bytes()
    text = layout.read_text(encoding="utf-8")
    assert "\ncolors:" not in text
    layout.write_text(text + '\ncolors:\n  text: "#bbbbbb"\n', encoding="utf-8")
    refused = CliRunner().invoke(main, ["build", "-l", "booklet", "-o", "refused"])
    assert refused.exit_code != 0 and not (project / "refused").exists(), refused.output
    said = session.rebuild()
    assert "contrast" in said.lower() or "#bbbbbb" in said, said
    assert watched.read_bytes() == before


def test_watch_follows_a_content_folder_made_again_and_never_builds_the_sample(project):
    for extra in (project / "content").glob("*.yaml"):
        if extra.name != "calf-cramp-massage.yaml":
            extra.unlink()
    guide = project / "content" / "calf-cramp-massage.yaml"
    text = guide.read_text(encoding="utf-8")
    card = project / "out" / "calf-cramp-massage" / "pocket-card.pdf"
    watcher = Watcher(project, "-l", "pocket-card")
    try:
        watcher.wait_for("rebuilt ")
        watcher.wait_for("watching ")
        built = card.read_bytes()
        guide.unlink()  # the last guide: the bundled sample must not replace the user's PDFs
        assert "no guides left in" in watcher.wait_for("no guides left", 15)
        assert card.read_bytes() == built
        shutil.rmtree(project / "content")
        time.sleep(1)
        (project / "content").mkdir()
        (project / "content" / "calf-cramp-massage.yaml").write_text(
            text.replace("Slow strokes", "Slow, long strokes", 1), encoding="utf-8"
        )
        watcher.wait_for("rebuilt ", 30)
        time.sleep(1)
        changed = card.read_bytes()
        assert changed != built
        (project / "content" / "calf-cramp-massage.yaml").write_text(text, encoding="utf-8")
        watcher.wait_for("rebuilt ", 30)  # edits in the new folder are seen
        assert card.read_bytes() == built
    finally:
        watcher.process.send_signal(signal.SIGINT)
        assert watcher.process.wait(timeout=20) == 0
