"""The booklet, checked on the real PDF: pages, text, fonts, outline, metadata, pixels."""

from __future__ import annotations

import subprocess
import sys

import pypdf
import pytest

from publisher.model.load import load_guide
from tests.conftest import GUIDE, MM, ROOT, embedded_fonts, flat, inked_edges, text_of, text_sizes

A5 = (148 * MM, 210 * MM)
HALF_LETTER = (5.5 * 72, 8.5 * 72)


@pytest.fixture(scope="module")
def booklet(a4):
    return a4["booklet"]


@pytest.fixture(scope="module")
def guide():
    return load_guide(GUIDE).model


@pytest.mark.parametrize(("paper", "size"), [("a4", A5), ("letter", HALF_LETTER)])
def test_page_size_and_count(request, paper, size):
    path = request.getfixturevalue(paper)["booklet"]
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) % 4 == 0
    assert len(reader.pages) >= 8
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(size[0], abs=0.5)
        assert float(box.height) == pytest.approx(size[1], abs=0.5)


def test_every_section_and_question_is_printed(booklet, guide):
    text = flat(text_of(booklet))
    wanted = [s.title for s in guide.sections]
    wanted += [q.q for _, b in guide.blocks() if hasattr(b, "faq") for q in b.faq]
    wanted += [step.short for step in guide.block("massage-steps").steps]
    wanted += guide.red_flags().items
    missing = [w for w in wanted if flat(w) not in text]
    assert not missing
    assert "Disclaimer" in text and flat(guide.disclaimer.text) in text
    assert "\x00" not in text


def test_padding_pages_are_tools_then_notes_and_back_cover_is_last(tmp_path):
    """The pages that make the count a multiple of four: the guide's tracker, then its
    log (each saying how to use it, in the guide's words; on one page when one page is
    spare), then lined notes; the back cover last."""
    from publisher.pipeline import build

    corpus = ROOT / "tests" / "corpus"
    text = (corpus / "tennis-elbow.yaml").read_text(encoding="utf-8")
    log = """      - id: pain-diary
        log:
          title: My pain diary
          help: Note when it hurt, how much, and what you were doing.
          columns: [Day, How bad, Doing what]
"""
    guide = tmp_path / "tennis-elbow.yaml"
    guide.write_text(text.replace("  - id: get-help\n", log + "\n  - id: get-help\n"),
                     encoding="utf-8")  # fmt: skip
    model = load_guide(guide).model
    layouts = {"booklet": ROOT / "layouts" / "booklet.yaml"}
    [path, _] = build.build(build.plan([guide], layouts, tmp_path / "out"))
    reader = pypdf.PdfReader(path)
    texts = [flat(page.extract_text()) for page in reader.pages]
    assert model.red_flags().items[0] in texts[-1]
    tracker = model.block("tracker").tracker
    week = next(i for i, t in enumerate(texts) if t.startswith(tracker.title) or
                f" {tracker.title} Tick a box" in t)  # fmt: skip
    assert "Tick a box on each day you do it." in texts[week]
    assert all(row in texts[week] for row in tracker.rows)
    diary = next(i for i in (week, week + 1) if "My pain diary" in texts[i])
    assert "Note when it hurt" in texts[diary] and "Day How bad Doing what" in texts[diary]
    assert diary + 1 == len(texts) - 1 or "Notes" in texts[diary + 1]


def test_no_log_page_unless_the_guide_asks_for_one(booklet):
    """The tool's own words never invent a cramp log: the calf guide has none."""
    import re

    assert not re.search(r"\blog\b", text_of(booklet), re.IGNORECASE)


def test_footer_has_title_page_n_of_n_and_review_date(booklet, guide):
    reader = pypdf.PdfReader(booklet)
    total = len(reader.pages)
    for number in range(2, total):
        text = flat(reader.pages[number - 1].extract_text())
        assert f"Page {number} of {total}" in text
        assert guide.title in text and "Reviewed 25 November 2026" in text


def test_fonts_all_embedded_and_only_the_house_family(booklet):
    fonts = embedded_fonts(booklet)
    assert fonts, "no fonts found"
    assert all(embedded for _, embedded in fonts), fonts
    assert all("AtkinsonHyperlegible" in name for name, _ in fonts), fonts
    assert all(name.split("+")[0].strip("/").isalpha() for name, _ in fonts)  # subset tag


def test_outline_points_at_the_page_with_each_heading(booklet, guide):
    reader = pypdf.PdfReader(booklet)
    entries = {
        item.title: reader.get_destination_page_number(item)
        for item in reader.outline
        if not isinstance(item, list)
    }
    for section in guide.sections:
        assert section.title in entries, section.title
        page_text = flat(reader.pages[entries[section.title]].extract_text())
        assert flat(section.title) in page_text


def test_contents_page_links_and_page_numbers(booklet, guide):
    reader = pypdf.PdfReader(booklet)
    contents = reader.pages[1]
    links = [a.get_object() for a in contents.get("/Annots", [])]
    links = [a for a in links if a.get("/Subtype") == "/Link"]
    assert len(links) >= len(guide.sections)
    text = flat(contents.extract_text())
    outline = {i.title: reader.get_destination_page_number(i) + 1 for i in reader.outline}
    for section in guide.sections:  # each entry's number is the page its heading is on
        assert f"{flat(section.title)} {outline[section.title]}" in text


def test_metadata(booklet, guide):
    meta = pypdf.PdfReader(booklet).metadata
    assert meta.title == guide.title
    assert meta.author and meta.subject == guide.subtitle
    assert "content-sha256:" in meta["/Keywords"]
    catalog = pypdf.PdfReader(booklet).trailer["/Root"]
    assert catalog["/Lang"] == "en"


def test_body_text_at_least_12pt(booklet):
    bottom_margin = 20 * MM
    reader = pypdf.PdfReader(booklet)
    small = [
        (number, round(size, 2), text)
        for number, page in enumerate(reader.pages, 1)
        for size, _x, y, text in text_sizes(page)
        if y > bottom_margin and size < 12 - 0.01
    ]
    assert not small, small[:5]
    sizes = [size for page in reader.pages for size, *_ in text_sizes(page)]
    assert len(sizes) > 200


def test_rebuild_in_a_new_process_is_byte_identical(booklet, tmp_path):
    subprocess.run(
        [sys.executable, "-m", "publisher", "build", str(GUIDE), "-l", "booklet", "-o",
         str(tmp_path)],
        check=True, capture_output=True, cwd=ROOT,
    )  # fmt: skip
    again = tmp_path / "calf-cramp-massage" / "booklet.pdf"
    assert again.read_bytes() == booklet.read_bytes()


def test_pages_keep_a_5mm_unprintable_margin_clear(booklet):
    """Office profile: nothing drawn in the outer 5 mm of any page."""
    assert inked_edges(booklet, 5, dpi=60) == []


@pytest.mark.parametrize("name", ["calambres-nocturnos", "neck-stiffness", "tennis-elbow"])
def test_a_trackers_row_labels_keep_their_words_whole_on_letter(tmp_path, name):
    """The day columns give way (down to their own widest name) before a row label's
    word is hyphenated ("Bebí su-/ficiente agua")."""
    import re

    from pypdf import PdfReader

    from publisher.inputs import find as inputs
    from publisher.pipeline import build

    guide = ROOT / "tests" / "corpus" / f"{name}.yaml"
    plan = build.plan([guide], inputs.layout_paths(("booklet",)), tmp_path, "letter")
    [booklet] = [p for p in build.build(plan) if p.stem == "booklet"]
    pages = [p.extract_text() for p in PdfReader(booklet).pages]
    tracked = [t for t in pages if re.search(r"\b(Mon|Lun)\b", t)]
    assert tracked and not [t for t in tracked if re.search(r"\w-\n\w", t)]


def test_a_lead_in_keeps_with_its_list_and_a_list_never_leaves_one_item_alone(tmp_path):
    """A paragraph ending in ':' and the list after it, set lower and lower on a page (a
    filler paragraph grows a sentence at a time): the lead-in never ends a page, and no
    page holds a single item of the list at its foot or its top."""
    from publisher.pipeline import build

    base = (ROOT / "tests" / "corpus" / "sparse.yaml").read_text(encoding="utf-8")
    items = [f"Item {n} of the list, said in a full line of plain words." for n in range(1, 6)]
    layouts = {"booklet": ROOT / "layouts" / "booklet.yaml"}
    turned = 0
    for filler in range(34, 48):
        words = " ".join(["Rest helps a sore wrist heal."] * filler)
        section = (f"  - id: more\n    title: More\n    blocks:\n      - paragraph: {words}\n"
                   "      - paragraph: 'These help:'\n      - bullets:\n"
                   + "".join(f"          - {item}\n" for item in items))  # fmt: skip
        guide = tmp_path / f"g{filler}.yaml"
        guide.write_text(base.replace("disclaimer:", section + "disclaimer:", 1), "utf-8")
        [path, _] = build.build(build.plan([guide], layouts, tmp_path / f"out{filler}"))
        pages = [flat(p.extract_text()) for p in pypdf.PdfReader(path).pages]
        where = [next(i for i, t in enumerate(pages) if item in t) for item in items]
        lead = next(i for i, t in enumerate(pages) if "These help:" in t)
        assert lead == where[0], (filler, lead, where)  # with its first item
        assert where.count(where[0]) >= 2 and where.count(where[-1]) >= 2, (filler, where)
        turned += where[0] != where[-1]
    assert turned, "the list never ran over a page: the test set nothing to check"


@pytest.mark.parametrize(
    ("flag", "paper", "columns", "smaller"),
    [
        ("Red, hot skin on day {n}", "a4", 2, False),  # short: two columns, body size
        ("Warning sign {n} that needs a longer line, and more words", "a4", 1, True),
        ("Warning sign {n} that needs a longer line, and more words", "letter", 1, True),
    ],
)
def test_a_crowded_back_cover_gives_way_and_keeps_every_red_flag_above_the_band(
    tmp_path, flag, paper, columns, smaller
):
    """Many red flags and a clinic's band: the back cover drops its title, then sets the
    flags smaller (said) or in two columns (said), and keeps every one, above the band;
    inside, every flag is still at the body size."""
    import yaml
    from click.testing import CliRunner

    from publisher.cli import main

    data = yaml.safe_load(GUIDE.read_text(encoding="utf-8"))
    flags = [flag.format(n=n) for n in range(1, 21 if columns == 2 else 15)]
    for section in data["sections"]:
        for block in section["blocks"]:
            if block.get("callout", {}).get("kind") == "warning":
                block["callout"]["items"] = flags
    path = tmp_path / "g.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    brand = ROOT / "brands" / "example-clinic.yaml"
    args = ["build", path, "-l", "booklet", "--brand", brand, "--paper", paper, "-o", tmp_path]
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    assert "back cover leaves out its title" in result.output
    assert ("back cover is set at" in result.output) == smaller, result.output
    assert ("in two columns" in result.output) == (columns == 2), result.output
    reader = pypdf.PdfReader(next(tmp_path.rglob("booklet.pdf")))
    assert len(reader.pages) % 4 == 0
    back = text_sizes(reader.pages[-1])
    name = min(y for _, _, y, text in back if "Riverside" in text)  # the band's first line
    runs = [(size, x, y) for size, x, y, text in back if "day" in text or "Warning" in text]
    assert all(flat(f) in flat(reader.pages[-1].extract_text()) for f in flags)
    assert min(y for *_, y in runs) > name + 12  # every flag above the clinic's band
    assert len({round(x) for _, x, _ in runs}) == columns
    sizes = {round(size, 1) for size, *_ in runs}
    assert (max(sizes) < 12.5) == smaller and min(sizes) >= 10, sizes
    inside = [s for page in reader.pages[3:-1] for s, _, _, t in text_sizes(page) if "Warning" in t]
    assert not smaller or min(inside) == pytest.approx(12.5, abs=0.05)
