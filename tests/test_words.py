"""Every word the layouts print themselves comes from the guide language's table: a
Spanish guide gets Spanish furniture (contents, page numbers, dates, weekdays, "hold")."""

from __future__ import annotations

import datetime

import pypdf
import pytest

from publisher.i18n import words
from publisher.inputs import find as inputs
from publisher.pipeline import build
from tests.conftest import GUIDE, flat, text_of


@pytest.fixture(scope="module")
def spanish(tmp_path_factory):
    folder = tmp_path_factory.mktemp("es")
    guide = folder / "guia.yaml"
    text = GUIDE.read_text(encoding="utf-8").replace("language: en", "language: es")
    guide.write_text(text.replace("title: If a cramp strikes", "title: Si da un calambre"), "utf-8")
    plan = build.plan([guide], inputs.layout_paths(()), folder / "out")
    return {p.stem: p for p in build.build(plan)}


def test_the_booklet_speaks_the_guides_language(spanish):
    text = flat(text_of(spanish["booklet"]))
    pages = len(pypdf.PdfReader(spanish["booklet"]).pages)
    for said in ("Contenido", f"Página 2 de {pages}", "Revisado el 25 de noviembre de 2026",
                 "Aviso"):  # fmt: skip
        assert said in text, said
    for english in ("Contents", "Page 2 of", "Reviewed", "My cramp log", "Disclaimer"):
        assert english not in text, english


def test_the_card_and_sheet_too(spanish):
    card = flat(text_of(spanish["pocket-card"]))
    assert "Mantenga 15–20 seconds." in card and "Hold" not in card
    sheet = flat(text_of(spanish["fridge-sheet"]))
    assert all(day in sheet for day in words.WORDS["es"]["days"])
    assert "Revisado el 25 de noviembre de 2026." in sheet and "Mon" not in sheet


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "5 March 2026"), ("en_GB", "5 March 2026"), ("es", "5 de marzo de 2026"),
     ("de", "5 March 2026")],
)  # fmt: skip
def test_dates_are_written_as_the_language_writes_them(language, expected):
    assert words.date(datetime.date(2026, 3, 5), language) == expected.replace(" ", "\u00a0")


def test_a_date_never_breaks_in_the_sheet_footer(tmp_path):
    """On Letter with a brand the footer used to end with "2026." alone on a line."""
    from publisher.model.brand import load_brand
    from tests.conftest import ROOT

    plan = build.plan([GUIDE], inputs.layout_paths(["fridge-sheet"]), tmp_path, "letter")
    (sheet,) = build.build(plan, load_brand(ROOT / "brands" / "example-clinic.yaml"))
    lines = [line.strip() for line in text_of(sheet).splitlines()]
    assert not any(line in ("2026.", "November 2026.") for line in lines), lines[-8:]


def test_every_language_table_has_every_word():
    english = words.WORDS["en"]
    for language, table in words.WORDS.items():
        assert set(table) == set(english), language
        assert len(table["days"]) == 7 and len(table["months"]) == 12


def test_spanish_is_graded_with_a_spanish_formula(tmp_path):
    """Fernández-Huerta ease, counted by hand for two short sentences: 7 words,
    14 syllables (be-ba a-gua ca-da dí-a / es-ti-re la pier-na), 2 sentences:
    206.84 − 0.60 × 200 − 1.02 × 28.57 = 57.70."""
    from publisher.gate import readability

    units = ["Beba agua cada día.", "Estire la pierna."]
    assert readability.fernandez_huerta(units, "es") == pytest.approx(57.70, abs=0.05)
    counted = {"agua": 2, "día": 2, "músculo": 3, "aéreo": 4, "oído": 3, "pierna": 2,
               "calambre": 3, "pantorrilla": 4, "María": 3, "muy": 1, "que": 1,
               "guía": 2, "pingüino": 3}  # fmt: skip
    assert {w: readability.spanish_syllables(w) for w in counted} == counted
    assert readability.scale_for("es").name == "Fernández-Huerta"
    assert readability.scale_for("de") is None


def test_check_grades_a_spanish_guide_in_spanish_and_skips_what_it_cannot_judge(tmp_path):
    from publisher.gate import checks

    guide = tmp_path / "guia.yaml"
    text = GUIDE.read_text(encoding="utf-8").replace("language: en", "language: es")
    guide.write_text(text, encoding="utf-8")
    plan = build.plan([guide], inputs.layout_paths(["pocket-card"]), tmp_path / "out")
    found = checks.check(plan)
    reading = [f for f in found if f.check == "reading"]
    assert reading and all("Fernández-Huerta" in f.message for f in reading)
    assert all(f.data.get("scale") == "Fernández-Huerta" for f in reading)
    german = tmp_path / "de.yaml"
    german.write_text(text.replace("language: es", "language: de"), encoding="utf-8")
    plan = build.plan([german], inputs.layout_paths(["pocket-card"]), tmp_path / "out-de")
    found = checks.check(plan)
    assert [f.message for f in found if f.check == "reading"] == [
        "no reading formula for language `de` here; not graded"
    ] * 2
    (pemat,) = [f for f in found if f.check == "actionability"]
    assert 21 in pemat.data["reader"]  # "addresses the reader as you": a reader judges it


def test_every_language_file_names_every_word_and_each_kind(tmp_path):
    """Languages are data: each i18n/<code>.yaml is validated with every key required, and
    has a line for every registered output kind and alt text for every drawing."""
    import yaml
    from pydantic import ValidationError

    from publisher.i18n import HERE, languages
    from publisher.i18n.model import Language
    from publisher.kinds import KINDS

    found = languages()
    assert {"en", "es"} <= set(found)
    assert all(set(table["kinds"]) == set(KINDS) for table in found.values())
    english = yaml.safe_load((HERE / "en.yaml").read_text(encoding="utf-8"))
    for key in ("contents", "kinds", "reading"):
        broken = {k: v for k, v in english.items() if k != key}
        with pytest.raises(ValidationError, match=key):
            Language.model_validate(broken)
    english["kinds"] = {k: v for k, v in english["kinds"].items() if k != "card"}
    with pytest.raises(ValidationError, match="kinds: needs exactly"):
        Language.model_validate(english)


def test_a_language_file_is_part_of_the_code_digest(tmp_path):
    """An edited word rebuilds: the skip key holds the language files with the code."""
    import shutil
    from pathlib import Path

    import publisher
    from publisher.pipeline import fresh

    copy = tmp_path / "publisher"
    shutil.copytree(Path(publisher.__file__).parent, copy,
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    before = fresh._own(str(copy))
    table = copy / "i18n" / "es.yaml"
    table.write_text(
        table.read_text(encoding="utf-8").replace("Notas", "Apuntes"), encoding="utf-8"
    )
    assert fresh._own(str(copy)) != before
