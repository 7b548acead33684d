"""The CLI as an adapter: exit codes, messages, atomic writes, scaffolding."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from publisher import __version__
from publisher.cli import main
from tests.conftest import FIXTURES, GUIDE, ROOT


@pytest.fixture
def runner():
    return CliRunner()


def test_version_and_help(runner):
    assert __version__ in runner.invoke(main, ["--version"]).output
    for command in ("build", "validate", "list", "schema", "new", "check", "proof", "email"):
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_build_with_no_arguments_builds_everything_into_out(runner, project):
    result = runner.invoke(main, ["build", "--layout", "booklet"])
    assert result.exit_code == 0, result.output
    assert (project / "out" / "calf-cramp-massage" / "booklet.pdf").stat().st_size > 10_000


@pytest.mark.parametrize("name", sorted(p.stem for p in (FIXTURES / "guides").glob("*.expected")))
def test_failed_build_keeps_the_last_good_pdf_and_leaves_no_file(runner, project, name):
    good = project / "out" / "calf-cramp-massage" / "booklet.pdf"
    assert runner.invoke(main, ["build", "-l", "booklet"]).exit_code == 0
    before = good.read_bytes()
    broken = project / "content" / "calf-cramp-massage.yaml"
    shutil.copy(FIXTURES / "guides" / f"{name}.yaml", broken)
    listing = sorted(p.name for p in (project / "out").rglob("*"))
    result = runner.invoke(main, ["build", "-l", "booklet"])
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output
    assert good.read_bytes() == before
    assert sorted(p.name for p in (project / "out").rglob("*")) == listing
    assert result.output.strip().startswith("content/calf-cramp-massage.yaml:")


def test_exit_codes(runner, project):
    assert runner.invoke(main, ["build", "no-such-guide"]).exit_code == 2
    assert runner.invoke(main, ["build", "--layout", "nope"]).exit_code == 2
    assert "known layouts: booklet" in runner.invoke(main, ["build", "-l", "nope"]).output
    assert runner.invoke(main, ["build", "--paper", "a3"]).exit_code == 2
    emoji = FIXTURES / "guides" / "emoji.yaml"
    assert runner.invoke(main, ["build", str(emoji)]).exit_code == 1


def test_validate_and_list(runner, project):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0 and "calf-cramp-massage" in result.output
    result = runner.invoke(main, ["list"])
    assert "calf-cramp-massage" in result.output and "booklet" in result.output
    assert "brands" in result.output and "example-clinic" in result.output


def test_new_scaffolds_a_guide_that_builds(runner, project):
    result = runner.invoke(main, ["new", "back-pain"])
    assert result.exit_code == 0, result.output
    assert (project / "content" / "back-pain.yaml").exists()
    assert runner.invoke(main, ["new", "back-pain"]).exit_code == 2
    assert runner.invoke(main, ["new", "Back Pain"]).exit_code == 2
    result = runner.invoke(main, ["build", "back-pain"])
    assert result.exit_code == 0, result.output
    assert (project / "out" / "back-pain" / "booklet.pdf").exists()


def test_schema_command_prints_the_guide_schema(runner):
    schema = json.loads(runner.invoke(main, ["schema"]).output)
    assert "sections" in schema["properties"]
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("what", ["guide", "layout", "brand"])
def test_committed_schema_is_up_to_date(runner, what):
    committed = json.loads((ROOT / "schema" / f"{what}.schema.json").read_text(encoding="utf-8"))
    current = json.loads(runner.invoke(main, ["schema", what]).output)
    assert committed == current, f"run: publisher schema {what} > schema/{what}.schema.json"


def test_guide_file_points_editors_at_the_schema():
    first = GUIDE.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/guide.schema.json"


def test_layout_naming_a_missing_block_points_at_the_layout_line(runner, project):
    layout = project / "layouts" / "pocket-card.yaml"
    text = layout.read_text(encoding="utf-8")
    text = text.replace("[emergency, red-flags, habits]", "[emergency, red-flag, habits]")
    layout.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "red-flag," in row)
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"layouts/pocket-card.yaml:{line}:23: back.blocks.1: guide calf-cramp-massage has no "
        "block `red-flag`. Did you mean `red-flags`?"
    )


def test_unwritable_output_folder_is_one_clean_line(runner, project):
    blocker = project / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    result = runner.invoke(main, ["build", "-l", "booklet", "-o", str(blocker / "out")])
    assert result.exit_code == 1
    assert result.output.startswith("cannot write ") and len(result.output.splitlines()) == 1


def test_layout_typo_gets_line_and_hint(runner, project):
    layout = project / "layouts" / "fridge-sheet.yaml"
    text = layout.read_text(encoding="utf-8").replace("margin: 10mm", "margn: 10mm")
    layout.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("margn:"))
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"layouts/fridge-sheet.yaml:{line}:1: margn: unknown key `margn`. Did you mean `margin`?"
    )


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["proof", "-l", "pocket-card", "-o"], "-o"),
        (["email", "--to", "ann@example.org", "-l", "pocket-card", "--eml"], "--eml"),
    ],
)
def test_unwritable_folders_for_proofs_and_eml_are_one_line(runner, project, args, option):
    blocker = project / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    env = {"PUBLISHER_SMTP_FROM": "hello@riverside-physio.example"}
    result = runner.invoke(main, [*args, str(blocker / "sub")], env=env)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("cannot write ") and result.output.count("\n") == 1
    assert f"choose another folder with {option}." in result.output


def test_validate_reports_every_output_that_does_not_fit_at_its_yaml_line(runner, project):
    """Both papers, every layout, all guides: one run, one line each, nothing written."""
    for name in ("long-steps", "too-many-habits"):
        shutil.copy(FIXTURES / "guides" / f"{name}.yaml", project / "content" / f"{name}.yaml")
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    card = [line for line in lines if "pocket-card" in line]
    assert {line.split(": ")[0] for line in card} == {
        "content/long-steps.yaml:95:18"
    }  # step 4, the longest cue
    assert {"pocket-card (a4)", "pocket-card (letter)"} <= {line.split(": ")[2] for line in card}
    assert any(line.startswith("content/too-many-habits.yaml:") and "fridge-sheet" in line
               for line in lines)  # fmt: skip
    assert lines[-1].startswith(f"{len(lines) - 1} output(s) do not fit")
    assert not (project / "out").exists()


def test_a_long_clinic_gives_way_on_the_card_and_keeps_its_name_and_phone(
    runner, project, tmp_path
):
    import shutil as sh

    from pypdf import PdfReader

    sh.copytree(ROOT / "brands", project / "brands")
    result = runner.invoke(main, ["validate", "--brand", "example-clinic"])
    assert result.exit_code == 0 and "fits on A4 and Letter" in result.output, result.output
    long = tmp_path / "long.yaml"  # a clinic whose lines cannot all fit the card's band
    long.write_text("name: " + "Clinic " * 11 + "\naddress: " + "Long Street " * 13 + "\n"
                    "phone: 0123 456 789\nwebsite: " + "w" * 70 + ".example\n")  # fmt: skip
    result = runner.invoke(main, ["validate", "--brand", str(long)])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    result = runner.invoke(main, ["build", "--brand", str(long), "-l", "pocket-card"])
    assert result.exit_code == 0, result.output
    back = PdfReader(project / "out" / "long" / "calf-cramp-massage" / "pocket-card.pdf").pages[1]
    text = " ".join(back.extract_text().split())
    assert "Clinic Clinic" in text and "0123 456 789" in text  # the name and phone stay
    assert "Long Street Long Street" not in text  # the address gave way


def test_one_guide_that_does_not_fit_does_not_stop_the_others(runner, project):
    shutil.copy(FIXTURES / "guides" / "too-many-habits.yaml", project / "content")
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    failed = result.output[result.output.index("failed: content/too-many-habits.yaml") :]
    assert re.search(r"content/too-many-habits\.yaml:\d+:\d+: .*fridge-sheet \(a4\): `habits`",
                     failed), failed  # fmt: skip
    assert (project / "out" / "calf-cramp-massage" / "fridge-sheet.pdf").is_file()
    assert not (project / "out" / "too-many-habits").exists()  # all or nothing per guide


def test_the_command_ends_at_once_with_its_status_and_every_line_said(project):
    """`publisher` (python -m publisher) ends without Python's teardown: every line it
    printed still arrives through a pipe, the exit status is the command's, and the files
    are whole."""
    import subprocess
    import sys

    def publisher(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "publisher", *args], cwd=project,
                              capture_output=True, text=True)  # fmt: skip

    built = publisher("build", "-o", "made", "--force")
    assert built.returncode == 0, built.stderr
    wrote = [line.split()[1] for line in built.stdout.splitlines() if line.startswith("wrote ")]
    assert len(wrote) == 5 and built.stdout.rstrip().splitlines()[-1].startswith("built 5 PDF")
    for path in wrote:
        data = (project / path).read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path
    assert not [p for p in (project / "made").rglob("*.tmp")]  # no temporary file left
    bad = project / "content" / "calf-cramp-massage.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("title:", "title: [", 1), "utf-8")
    failed = publisher("validate")
    assert failed.returncode == 2 and "calf-cramp-massage.yaml:" in failed.stderr  # bad input
    assert "Traceback" not in failed.stderr
    assert publisher("--version").stdout.strip().endswith(__version__)


def test_source_date_epoch_sets_the_creation_date_of_every_file(runner, project):
    import pypdf

    result = runner.invoke(main, ["build", "--force"], env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.exit_code == 0, result.output
    files = sorted((project / "out").rglob("*.pdf"))
    assert len(files) == 5
    dates = {str(pypdf.PdfReader(path).metadata["/CreationDate"]) for path in files}
    assert dates == {"D:20231114221320+00'00'"}
