"""Structured doses: reps, sets, side, how often and rest, said in plain words the same way
on every output (the card in its short form), in the guide's language."""

from __future__ import annotations

import pypdf
import pytest

from publisher.errors import InputError
from publisher.model.load import load_guide
from publisher.pipeline import build
from tests.conftest import GUIDE, ROOT, flat

DOSE = "".join(
    f"            {line}\n"
    for line in ("reps: 10", "sets: 3", "side: each", "per_day: 2", "rest: 30 seconds")
)


def _guide(tmp_path, text: str, name: str = "dosed.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _dosed(text: str) -> str:
    """The calf guide with a dose on the routine's fourth step (after its hold)."""
    hold = "            hold: 15–20 seconds\n"
    assert text.count(hold) == 1
    return text.replace(hold, hold + DOSE)


def test_a_dose_reads_the_same_in_the_booklet_and_on_the_card(tmp_path):
    guide = _guide(tmp_path, _dosed(GUIDE.read_text(encoding="utf-8")))
    layouts = {n: ROOT / "layouts" / f"{n}.yaml" for n in ("booklet", "pocket-card")}
    written = build.build(build.plan([guide], layouts, tmp_path / "out"))
    texts = {p.stem: flat(" ".join(page.extract_text() for page in pypdf.PdfReader(p).pages))
             for p in written}  # fmt: skip
    full = "10 times, 3 sets, each side, twice a day; rest 30 seconds between sets"
    assert full in texts["booklet"]
    assert "10 ×, 3 sets, each side, twice a day." in texts["pocket-card"]
    assert "rest 30 seconds" not in texts["pocket-card"]  # the card's short form


def test_a_dose_is_said_in_the_guides_language(tmp_path):
    text = (ROOT / "tests" / "corpus" / "calambres-nocturnos.yaml").read_text(encoding="utf-8")
    first = text.index("          - short: ")
    end = text.index("\n", text.index("            cue:", first)) + 1  # a one-line cue
    spanish = DOSE.replace("30 seconds", "30 segundos")
    guide = _guide(tmp_path, text[:end] + spanish + text[end:], "calambres.yaml")
    layouts = {"booklet": ROOT / "layouts" / "booklet.yaml"}
    [booklet, _] = build.build(build.plan([guide], layouts, tmp_path / "out"))
    said = flat(" ".join(page.extract_text() for page in pypdf.PdfReader(booklet).pages))
    assert "10 veces, 3 series, cada lado, dos veces al día; descanse 30 segundos entre" in said


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("            per_week: 3\n", "per_day` or `per_week`, not both"),
        ("            reps: 0\n", "reps"),
    ],
)
def test_a_dose_that_cannot_be_is_an_error_at_its_line(tmp_path, extra, message):
    guide = _guide(tmp_path, _dosed(GUIDE.read_text(encoding="utf-8")).replace(DOSE, DOSE + extra))
    with pytest.raises(InputError, match=message) as caught:
        load_guide(guide)
    assert caught.value.problems[0].line > 1
