"""Builds that skip what has not changed: each kind of input changed in turn rebuilds the
outputs that use it and only those; a damaged or hand-edited PDF is rebuilt; --force."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from publisher.cli import main
from publisher.pipeline import fresh
from tests.conftest import ROOT

CARD = {"pocket-card.pdf", "pocket-card-sheet.pdf"}
BOOKLET = {"booklet.pdf", "booklet-imposed.pdf"}
SHEET = {"fridge-sheet.pdf"}
EVERY = CARD | BOOKLET | SHEET


def build(*args: str) -> tuple[set[str], str]:
    """The names of the files a build wrote, and its output."""
    result = CliRunner().invoke(main, ["build", *args])
    assert result.exit_code == 0, result.output
    wrote = {line.split()[1].rsplit("/", 1)[-1] for line in result.output.splitlines()
             if line.startswith("wrote ")}  # fmt: skip
    return wrote, result.output


@pytest.fixture
def project(tmp_path, monkeypatch):
    for name in ("content", "layouts", "brands"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_means_nothing_built(project):
    assert build()[0] == EVERY
    wrote, output = build()
    assert (
        wrote == set() and output.strip() == "up to date: 5 PDF(s) in out (--force rebuilds them)"
    )
    assert build("--force")[0] == EVERY


@pytest.mark.parametrize(
    ("change", "rebuilt"),
    [
        (lambda p: edit(p / "layouts" / "booklet.yaml", "body: 12.5", "body: 12.6"), BOOKLET),
        (lambda p: edit(p / "layouts" / "pocket-card.yaml", "max: 10", "max: 9.5"), CARD),
        (lambda p: edit(p / "layouts" / "fridge-sheet.yaml", "footer: 12", "footer: 13"), SHEET),
        (lambda p: edit(p / "content" / "calf-cramp-massage.yaml", "fast", "quickly"), EVERY),
        (lambda p: (p / "out" / "calf-cramp-massage" / "fridge-sheet.pdf").write_bytes(b""), SHEET),
        (lambda p: (p / "out" / "calf-cramp-massage" / "pocket-card.pdf").open("ab").write(b"%"),
         CARD),
        (lambda p: (p / "out" / "calf-cramp-massage" / "booklet-imposed.pdf").unlink(), BOOKLET),
    ],
)  # fmt: skip
def test_a_change_rebuilds_the_outputs_that_use_it_and_only_those(project, change, rebuilt):
    build()
    change(project)
    assert build()[0] == rebuilt
    assert build()[0] == set()


def test_brand_logo_options_and_versions_each_count(project, monkeypatch):
    brand = ["--brand", "example-clinic"]
    assert build(*brand)[0] == EVERY
    assert build(*brand)[0] == set()
    edit(project / "brands" / "example-clinic.yaml", "01632 960 123", "01632 960 124")
    assert build(*brand)[0] == EVERY
    logo = project / "brands" / "example-clinic-logo.png"
    logo.write_bytes(logo.read_bytes() + b"\0")  # a different file, still a PNG
    assert build(*brand)[0] == EVERY
    assert build(*brand, "--paper", "letter")[0] == EVERY  # another paper: built afresh
    assert build(*brand, "--paper", "letter")[0] == set()
    monkeypatch.setattr(fresh, "_versions", lambda: b"reportlab 99")  # an upgrade
    assert build(*brand, "--paper", "letter")[0] == EVERY


def test_a_skipped_build_imports_neither_pydantic_nor_reportlab(project):
    import subprocess
    import sys

    build()
    code = (
        "import sys; from publisher.cli import main\n"
        "try: main(['build'])\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('pydantic', 'reportlab', 'pypdf') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=project, check=True)  # fmt: skip
    assert "up to date: 5 PDF(s)" in result.stdout and result.stdout.strip().endswith("[]")


def test_new_code_of_this_tool_rebuilds_whatever_its_version_says(project, tmp_path, monkeypatch):
    """An upgrade that keeps the version number, or an edited checkout: the tool's files
    are part of every output's key, by what they say (a copy of the same code elsewhere,
    written at another time, is the same tool)."""
    import os

    package = os.path.dirname(os.path.dirname(fresh.__file__))
    copy = tmp_path / "copy"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert fresh._own(str(copy)) == fresh._own()
    card = copy / "kinds" / "card" / "render.py"
    card.write_text(card.read_text(encoding="utf-8") + "\n# new code\n", encoding="utf-8")
    assert fresh._own(str(copy)) != fresh._own()
    assert build()[0] == EVERY
    assert build()[0] == set()
    edited = fresh._own(str(copy))
    monkeypatch.setattr(fresh, "_own", lambda: edited)
    assert build()[0] == EVERY


def test_email_reuses_pdfs_only_when_the_skip_key_says_they_are_current(project, monkeypatch):
    """`email` attached whatever PDFs carried the guide's content hash, even when this
    tool's code had changed since they were drawn; it now asks the same freshness record
    as `build`: reused when current, drawn and written again after new code."""
    from publisher.commands.common import current
    from publisher.inputs import find as inputs
    from publisher.pipeline import build as pipeline

    plan = pipeline.plan(inputs.guide_paths(()), inputs.layout_paths(()), project / "out")
    pipeline.build(plan)
    card = next((project / "out").rglob("pocket-card.pdf"))
    stamp = card.stat().st_mtime_ns
    reused = current(plan)
    assert card.stat().st_mtime_ns == stamp and len(reused) == 4  # the card also as its sheet
    assert {o.path for o in reused} >= {card}
    monkeypatch.setattr(fresh, "_own", lambda: "new code")
    again = current(plan)
    assert card.stat().st_mtime_ns != stamp, "drawn by older code, yet reused"
    assert [o.data for o in again] == [o.path.read_bytes() for o in again]
