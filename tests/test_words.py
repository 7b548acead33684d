"""Every word the layouts print themselves comes from the guide language's table: a
Spanish guide gets Spanish furniture (contents, page numbers, dates, weekdays, "hold")."""

from __future__ import annotations

import datetime

import pytest

from publisher import build, inputs, words
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
    for said in ("Contenido", "Página 2 de 16", "Revisado el 25 de noviembre de 2026", "Notas",
                 "Aviso"):  # fmt: skip
        assert said in text, said
    for english in ("Contents", "Page 2 of", "Reviewed", "Notes", "Disclaimer"):
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
    from publisher.brand import load_brand
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
