"""The fridge-door sheet, on the real PDF: one large-print page on A4 and Letter."""

from __future__ import annotations

import itertools
import re

import pypdf
import pypdfium2 as pdfium
import pytest

from publisher.errors import BuildError
from publisher.model.load import load_guide
from publisher.pipeline import build
from tests.conftest import (
    FIXTURES,
    GUIDE,
    MM,
    ROOT,
    crowded_guide,
    embedded_fonts,
    flat,
    inked_edges,
    text_sizes,
)

PAPERS = {"a4": (210, 297), "letter": (215.9, 279.4)}
FOOTER_ZONE = 30 * MM  # the disclaimer line may be small; everything above it is large print


@pytest.fixture(scope="module")
def guide():
    return load_guide(GUIDE).model


@pytest.fixture(params=list(PAPERS))
def sheet(request):
    paper = request.param
    return paper, request.getfixturevalue(paper)["fridge-sheet"]


def test_one_page_at_paper_size(sheet):
    paper, path = sheet
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(PAPERS[paper][0] * MM, abs=0.5)
    assert float(box.height) == pytest.approx(PAPERS[paper][1] * MM, abs=0.5)


def test_habits_quick_steps_red_flags_and_disclaimer_printed(sheet, guide):
    _, path = sheet
    text = flat(pypdf.PdfReader(path).pages[0].extract_text())
    wanted = [h.short for h in guide.block("habits").habits]
    wanted += [s.short for s in guide.block("quick-relief").steps]
    wanted += guide.red_flags().items
    wanted += [*guide.block("tracker").tracker.rows, "Mon", "Sun"]
    assert [w for w in wanted if flat(w) not in text] == []
    assert flat(guide.disclaimer.short) in text


def test_large_print_sizes(sheet):
    _, path = sheet
    runs = text_sizes(pypdf.PdfReader(path).pages[0])
    assert all(size >= 10 - 0.01 for size, *_ in runs)
    small = [(round(s, 1), t) for s, _x, y, t in runs if y > FOOTER_ZONE and s < 16 - 0.01]
    assert small == []
    assert max(size for size, *_ in runs) >= 28
    assert all(embedded for _, embedded in embedded_fonts(path))


def _gray(path, dpi=72):
    return pdfium.PdfDocument(str(path))[0].render(scale=dpi / 72, grayscale=True).to_pil()


def test_nothing_within_8mm_of_the_edge(sheet):
    _, path = sheet
    assert inked_edges(path, 8) == []


def test_box_borders_survive_grayscale(sheet):
    """Both boxes keep dark borders when printed in black and white."""
    _, path = sheet
    page = pypdf.PdfReader(path).pages[0]
    runs = text_sizes(page)
    (y_box,) = {y for _s, _x, y, t in runs if t.startswith("If a cramp")} or {None}
    assert y_box is not None
    dpi = 100
    image = _gray(path, dpi).convert("L")
    w, h = image.size
    row = h - int((y_box - 20) * dpi / 72)
    line = [image.getpixel((x, row)) for x in range(w)]
    dark = [x for x, v in enumerate(line) if v < 110]
    assert dark, "no border found"
    edges = [dark[0]] + [b for a, b in itertools.pairwise(dark) if b - a > 3]
    assert len(edges) >= 4, edges  # left and right border of both boxes


def test_overlong_content_fails_with_the_overflowing_part(tmp_path):
    layout = ROOT / "layouts" / "fridge-sheet.yaml"
    with pytest.raises(BuildError) as caught:
        build.build(
            build.plan(
                [FIXTURES / "guides" / "too-many-habits.yaml"], {"fridge-sheet": layout}, tmp_path
            )
        )
    message = caught.value.format_message()
    expected = (
        r"guide too-many-habits, fridge sheet: `habits` is the largest block and the "
        r"page overflows by \d+\.\d mm at the minimum 16 pt"
    )
    assert re.match(expected, message), message
    assert not list(tmp_path.rglob("*"))


def _runs(image, colour, tolerance=6) -> dict[int, int]:
    """Row -> the longest horizontal run of `colour` in it, in pixels (every third row)."""
    width, height = image.size
    pixels = image.load()
    rows = {}
    for y in range(0, height, 3):
        best = run = 0
        for x in range(width):
            close = max(abs(a - b) for a, b in zip(pixels[x, y], colour, strict=True))
            run = run + 1 if close <= tolerance else 0
            best = max(best, run)
        if best:
            rows[y] = best
    return rows


def test_the_red_flags_and_what_to_do_now_each_take_the_full_width(sheet):
    """Warnings that dominate: the red box spans the sheet's text width, below the
    "what to do now" box, which spans it too (each box's fill, read from the pixels)."""
    paper, path = sheet
    scale = 1.5
    image = pdfium.PdfDocument(path.read_bytes())[0].render(scale=scale).to_pil().convert("RGB")
    text_width = (PAPERS[paper][0] - 2 * 10) * MM * scale  # the layout's 10 mm margins
    boxes = {}
    for name, fill in (("red", (0xFB, 0xEA, 0xEA)), ("quick", (0xE3, 0xF0, 0xF2))):
        wide = [y for y, run in _runs(image, fill).items() if run >= text_width - 8 * scale]
        assert wide, f"{paper}: the {name} box is not the full width"
        boxes[name] = (min(wide), max(wide))
    assert boxes["red"][0] > boxes["quick"][1], "the red flags are not below the steps"


@pytest.mark.parametrize("paper", list(PAPERS))
def test_the_shipped_guide_keeps_one_page_with_a_clinics_band(tmp_path, paper):
    """A fridge sheet is one page: with the example clinic's band on A4 and on Letter the
    calf guide's sheet gives way (type, then the quick steps' drawings) but stays one."""
    from click.testing import CliRunner

    from publisher.cli import main

    brand = str(ROOT / "brands" / "example-clinic.yaml")
    result = CliRunner().invoke(main, ["build", str(GUIDE), "-l", "fridge-sheet", "--paper",
                                       paper, "--brand", brand, "-o", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.rglob("fridge-sheet.pdf")
    assert len(pypdf.PdfReader(path).pages) == 1, result.output


def _crowded(tmp_path, extra_flags: int):
    """The low-back corpus guide (10 habits, 5 red flags, a 3-row tracker) on Letter with
    the example clinic's band, with `extra_flags` more red flags: (its sheet, the output)."""
    from click.testing import CliRunner

    from publisher.cli import main

    guide = crowded_guide(tmp_path, extra_flags)
    brand = str(ROOT / "brands" / "example-clinic.yaml")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(guide), "-l", "fridge-sheet", "--paper",
                                       "letter", "--brand", brand, "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    (path,) = out.rglob("fridge-sheet.pdf")
    return pypdf.PdfReader(path), result.output


def test_a_crowded_sheet_gives_way_in_order_and_keeps_one_page(tmp_path):
    """Type to 16 pt, smaller habit icons, shorter tracker rows, then the band's short
    form: each said, and the page keeps its tracker, the clinic's name and phone."""
    reader, output = _crowded(tmp_path, 0)
    assert len(reader.pages) == 1, output
    said = [line for line in output.splitlines() if "fridge-sheet" in line]
    steps = ("body type is 16 pt", "habit icons are smaller", "has shorter rows",
             "band on the fridge sheet is its short form")  # fmt: skip
    found = [next(i for i, line in enumerate(said) if step in line) for step in steps]
    assert found == sorted(found), said
    text = flat(reader.pages[0].extract_text())
    assert "My week" in text and "Morning moves" in text
    assert "Riverside Physio & Massage" in text and "01632 960 123" in text
    assert "second page" not in output


def test_a_sheet_past_every_give_way_moves_its_tracker_with_the_red_flags(tmp_path):
    """Three red flags more, and the tracker moves to its own page, which repeats the
    red flags (every printed piece carries them) and the disclaimer; the first page is
    then back to the band's full form."""
    reader, output = _crowded(tmp_path, 3)
    assert len(reader.pages) == 2, output
    assert "grid moved to a second page" in output
    first, second = (flat(page.extract_text()) for page in reader.pages)
    assert "Morning moves" not in first and "Morning moves" in second
    for page in (first, second):
        assert "Pain that gets worse every day in week 3" in page
        assert "For information only" in page
    assert "short form" not in output
