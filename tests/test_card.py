"""The pocket card and its office sheet, on the real PDFs, for every card size and paper."""

from __future__ import annotations

import math
import random
import re
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.draw.styles import largest_fit
from publisher.errors import BuildError
from publisher.model.load import load_guide
from publisher.pipeline import build
from tests.conftest import (
    FIXTURES,
    GUIDE,
    MM,
    ROOT,
    embedded_fonts,
    flat,
    inked_edges,
    text_sizes,
)

SIZES = {"85x55": (85, 55), "id-1": (85.6, 53.98), "us-business": (88.9, 50.8)}
PAPERS = {"a4": (210, 297), "letter": (215.9, 279.4)}
# Ten cards (2 × 5) wherever five rows leave room for marks inside a 5 mm margin; on
# Letter, 5 × 55 mm rows leave 2.2 mm, so those sizes go 2 × 4.
CARDS_PER_SHEET = {("letter", "85x55"): 8, ("letter", "id-1"): 8}


@pytest.fixture(scope="module", params=[(s, p) for s in SIZES for p in PAPERS],
                ids=lambda v: f"{v[0]}-{v[1]}")  # fmt: skip
def card(request, tmp_path_factory):
    size, paper = request.param
    tmp = tmp_path_factory.mktemp(f"card-{size}-{paper}")
    layout = tmp / "pocket-card.yaml"
    text = (ROOT / "layouts" / "pocket-card.yaml").read_text(encoding="utf-8")
    layout.write_text(re.sub(r"(?m)^size: .*$", f"size: {size}", text), encoding="utf-8")
    written = build.build(build.plan([GUIDE], {"pocket-card": layout}, tmp / "out", paper))
    files = {p.stem: p for p in written}
    return size, paper, files["pocket-card"], files["pocket-card-sheet"]


@pytest.fixture(scope="module")
def guide():
    return load_guide(GUIDE).model


def test_card_is_two_pages_at_trim_size(card):
    size, _, path, _ = card
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(SIZES[size][0] * MM, abs=0.3)
        assert float(page.mediabox.height) == pytest.approx(SIZES[size][1] * MM, abs=0.3)


def test_front_has_steps_and_back_has_red_flags_and_disclaimer(card, guide):
    _, _, path, _ = card
    front, back = (flat(p.extract_text()) for p in pypdf.PdfReader(path).pages)
    assert guide.title in front
    assert all(flat(s.short) in front for s in guide.block("massage-steps").steps)
    assert "15–20 seconds" in front
    assert all(flat(item) in back for item in guide.red_flags().items)
    # without a brand nothing follows the disclaimer: no band, no write-in lines
    assert back.endswith(flat(guide.disclaimer.short)), back[-80:]


def test_no_character_below_7pt_and_fonts_embedded(card):
    _, _, path, sheet = card
    sizes = [s for page in pypdf.PdfReader(path).pages for s, *_ in text_sizes(page)]
    assert sizes and min(sizes) >= 7 - 0.01
    assert all(embedded for _, embedded in embedded_fonts(path) + embedded_fonts(sheet))


def test_nothing_drawn_within_3mm_of_the_trim(card):
    _, _, path, _ = card
    assert inked_edges(path, 3, dpi=300) == []
    image = pdfium.PdfDocument(str(path))[0].render(scale=1).to_pil().convert("L")
    assert image.getextrema()[0] < 100  # and something is printed


def _placements(page: pypdf.PageObject) -> list[tuple[float, float]]:
    """Lower-left corners where the page draws a form XObject (`cm ... Do`)."""
    content = pypdf.generic.ContentStream(page.get_contents(), page.pdf)
    spots, matrix = [], None
    for operands, operator in content.operations:
        if operator == b"cm":
            matrix = [float(v) for v in operands]
        elif operator == b"Do" and matrix:
            spots.append((matrix[4], matrix[5]))
    return spots


def test_sheet_backs_mirror_fronts_for_long_edge_duplex(card):
    size, paper, _, sheet = card
    reader = pypdf.PdfReader(sheet)
    assert len(reader.pages) == 2
    width_pt = PAPERS[paper][0] * MM
    assert float(reader.pages[0].mediabox.width) == pytest.approx(width_pt, abs=0.5)
    fronts, backs = _placements(reader.pages[0]), _placements(reader.pages[1])
    expected = CARDS_PER_SHEET.get((paper, size), 10)
    assert len(fronts) == len(backs) == expected
    card_w = SIZES[size][0] * MM
    for x, y in fronts:
        mirror = (width_pt - x - card_w, y)
        assert any(abs(bx - mirror[0]) < 0.5 * MM and abs(by - y) < 0.5 * MM for bx, by in backs)
    forms = reader.pages[0]["/Resources"]["/XObject"]
    assert len(forms) == 1  # drawn once, placed many times


def test_sheet_keeps_marks_and_ink_5mm_inside_the_edge(card):
    _, _, _, sheet = card
    assert inked_edges(sheet, 5) == []


def test_overlong_steps_fail_naming_side_block_and_overflow(tmp_path):
    layout = ROOT / "layouts" / "pocket-card.yaml"
    with pytest.raises(BuildError) as caught:
        build.build(
            build.plan([FIXTURES / "guides" / "long-steps.yaml"], {"pocket-card": layout}, tmp_path)
        )
    message = caught.value.format_message()
    assert re.fullmatch(
        r"guide long-steps, card front: block `massage-steps` overflows the card by "
        r"\d+\.\d mm at the minimum 7 pt, about \d+ characters; step 4's cue is its longest\. .*",
        message,
    ), message
    assert not list(Path(tmp_path).rglob("*"))


def test_a_card_past_every_other_give_way_drops_its_cues_before_it_fails(tmp_path):
    """The low-back guide's eight moves twice over (short cues, too many for the card):
    the steps carried to the back and the habits trimmed do not make room; the steps
    keep their names and doses, all sixteen, the red flags stay whole, and the build
    says so. An overlong cue still fails, at its line (above)."""
    import yaml

    data = yaml.safe_load((ROOT / "tests" / "corpus" / "low-back-pain.yaml").read_text("utf-8"))
    routine = next(
        b for s in data["sections"] for b in s["blocks"] if b.get("id") == "massage-steps"
    )
    routine["steps"] += [{**step, "short": f"{step['short']} again"} for step in routine["steps"]]
    guide = tmp_path / "low-back-pain.yaml"
    guide.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    layout = ROOT / "layouts" / "pocket-card.yaml"
    plan = build.plan([guide], {"pocket-card": layout}, tmp_path / "out")
    card = next(p for p in build.build(plan) if p.stem == "pocket-card")
    model = load_guide(guide).model
    pages = [flat(p.extract_text()) for p in pypdf.PdfReader(card).pages]
    for n, step in enumerate(model.role("routine").steps, 1):
        assert f"{n} {step.short}." in " ".join(pages), step.short
        assert step.cue[:30] not in " ".join(pages)
    assert all(item in " ".join(pages) for item in model.red_flags().items)
    rendered = build.render_all(plan)
    notes = [n for o in rendered for n in o.notes]
    assert any("leave out their cues (`routine`)" in n for n in notes), notes


def test_a_hold_the_cue_already_says_is_printed_once(tmp_path):
    text = GUIDE.read_text(encoding="utf-8")
    cue = next(line for line in text.splitlines() if "cue:" in line and "ball" in line.lower())
    guide = tmp_path / "g.yaml"
    guide.write_text(text.replace(cue, cue.rstrip(".") + ", 15–20 seconds."), encoding="utf-8")
    layout = ROOT / "layouts" / "pocket-card.yaml"
    for path, count in ((GUIDE, 1), (guide, 1)):
        written = build.build(build.plan([path], {"pocket-card": layout}, tmp_path / path.stem))
        front = flat(pypdf.PdfReader(written[0]).pages[0].extract_text())
        assert front.count("15–20 seconds") == count, front
    assert "Hold 15–20 seconds" not in front  # the cue says it; no second "Hold …"


def test_what_a_layout_limit_leaves_out_is_said_and_red_flags_and_steps_are_never_cut(project):
    from click.testing import CliRunner

    from publisher.cli import main

    result = CliRunner().invoke(main, ["build", "-l", "pocket-card"])
    assert result.exit_code == 0
    assert ("info: calf-cramp-massage/pocket-card: the card's back shows 3 of the 7 habits "
            "in `habits` (the layout's limit)") in result.output  # fmt: skip
    layout = project / "layouts" / "pocket-card.yaml"
    text = layout.read_text()
    for limit, what in (("{habits: 3, red-flags: 2}", "red flags"),):
        layout.write_text(text.replace("limit: {habits: 3}", f"limit: {limit}"))
        result = CliRunner().invoke(main, ["build", "-l", "pocket-card", "--force"])
        assert result.exit_code == 1 and f"{what} are never cut" in result.output, result.output
        assert "would leave out 3 of the 5 red flags" in result.output
    front = text.replace("  blocks: [routine, cautions]", "  blocks: [routine, cautions]\n"
                         "  limit: {routine: 3}")  # fmt: skip
    assert front != text
    layout.write_text(front)
    result = CliRunner().invoke(main, ["build", "-l", "pocket-card", "--force"])
    assert result.exit_code == 1 and "steps are never cut" in result.output, result.output


def _lines_over(root: float, power: float, lines: int, tried: list[float]):
    """An overflow that grows with the size, steeply or gently, in whole lines as they
    break; nothing overflows at 7 pt."""

    def overflow(z: float) -> float:
        tried.append(z)
        return math.floor(lines * (z / root) ** power) - lines + 0.5

    return overflow


@settings(max_examples=300, deadline=None)
@given(root=st.floats(7.2, 12.5), power=st.floats(0.3, 4.0), lines=st.integers(3, 60))
def test_the_type_search_answers_what_trying_every_size_would(root, power, lines):
    """The card and the sheet search their type size by false position: the answer must
    be what trying every size from the top would give, never in many more tries than
    halving takes (9, with the first tries of the top and the bottom)."""
    tried: list[float] = []
    found = largest_fit(7.0, 12.0, 0.05, _lines_over(root, power, lines, tried))
    tries = len(tried)
    overflow = _lines_over(root, power, lines, [])
    fitting = [z for n in range(101) if overflow(z := round(7.0 + n * 0.05, 6)) <= 0]
    assert found == fitting[-1]
    assert tries <= 12, tries


def test_the_type_search_takes_fewer_tries_than_halving_on_average():
    rng = random.Random(7)
    tried: list[float] = []
    for _ in range(2000):
        overflow = _lines_over(rng.uniform(7.2, 12.5), rng.uniform(0.3, 4), rng.randint(3, 60),
                               tried)  # fmt: skip
        largest_fit(7.0, 12.0, 0.05, overflow)
    assert len(tried) / 2000 < 7  # halving: 9


def test_an_untitled_tip_on_the_card_is_titled_as_a_tip_not_as_red_flags(tmp_path):
    """The card titled every untitled callout "When to see a doctor"; a tip says "Tip"
    as in the booklet, and only the guide's red flags take the doctor's title."""
    text = GUIDE.read_text(encoding="utf-8").replace("          title: Start gently\n", "")
    text = text.replace("kind: caution           # printed", "kind: tip  # printed")
    guide = tmp_path / "g.yaml"
    guide.write_text(text, encoding="utf-8")
    layout = tmp_path / "card.yaml"
    card_layout = (ROOT / "layouts" / "pocket-card.yaml").read_text(encoding="utf-8")
    back_blocks = card_layout.replace("[emergency, red-flags, habits]", "[gentle-pressure]")
    layout.write_text(back_blocks, encoding="utf-8")
    written = build.build(build.plan([guide], {"pocket-card": layout}, tmp_path / "out"))
    back = flat(pypdf.PdfReader(written[0]).pages[1].extract_text())
    assert back.startswith("Tip") and "When to see a doctor" not in back, back
    assert "heavy pressure can make it worse" in back


CORPUS = ROOT / "tests" / "corpus"


@pytest.mark.parametrize(
    ("guide_file", "said"),
    [
        (GUIDE, "Worried? Call your doctor:"),  # the usual closing line, and a line
        (CORPUS / "calambres-nocturnos.yaml", "¿Le preocupa? Llame a su médico:"),
        (CORPUS / "ankle-sprain.yaml", "Your doctor:"),  # after the guide's own contact line
    ],
)
@pytest.mark.parametrize("branded", [False, True])
def test_the_back_has_a_line_for_the_doctors_number_or_the_clinics_phone(
    tmp_path, guide_file, said, branded
):
    """Without a clinic's brand the card's back ends its red flags with a line to write
    the doctor's number on (after "Worried? Call your doctor:" or the guide's own
    contact line); with a brand, the clinic's phone stands there instead."""
    from publisher.model.brand import load_brand

    brand = load_brand(ROOT / "brands" / "example-clinic.yaml") if branded else None
    plan = build.plan([guide_file], {"pocket-card": ROOT / "layouts" / "pocket-card.yaml"},
                      tmp_path / "out")  # fmt: skip
    path = next(p for p in build.build(plan, brand) if p.stem == "pocket-card")
    page = pypdf.PdfReader(path).pages[1]
    back = flat(page.extract_text())
    guide = load_guide(guide_file).model
    if branded:
        assert said not in back and "01632 960 123" in back
        return
    last_flag = flat(guide.red_flags().items[-1])
    assert back.index(last_flag) < back.index(said) < back.index(guide.disclaimer.short[:20])
    size, x, y, _ = next(r for r in text_sizes(page) if r[3].startswith(said[:6]))
    scale = 150 / 72
    image = pdfium.PdfDocument(str(path))[1].render(scale=scale).to_pil().convert("L")
    left = int((x + len(said) * size * 0.6) * scale)  # past the label's words
    right = int((float(page.mediabox.width) - 3 * MM - 6) * scale)  # inside the flags' box
    rows = range(int((float(page.mediabox.height) - y - size * 0.3) * scale),
                 int((float(page.mediabox.height) - y + size * 0.4) * scale))  # fmt: skip
    inked = max(sum(image.getpixel((c, r)) < 200 for c in range(left, right)) for r in rows)
    assert inked > 0.95 * (right - left), (inked, right - left)  # a line across to the edge


@pytest.mark.parametrize("branded", [False, True])
def test_the_backs_red_flags_are_set_on_a_panel_in_the_warning_colours(tmp_path, branded):
    """Without a brand the back's red flags (the title, every flag, the line to write
    on) sit on a tinted panel with the warning colour's edge at its left, inside the
    safe area; with a brand the clinic's band takes that room, and there is no panel."""
    from publisher.model.brand import load_brand
    from publisher.model.layout import Colors

    brand = load_brand(ROOT / "brands" / "example-clinic.yaml") if branded else None
    plan = build.plan([GUIDE], {"pocket-card": ROOT / "layouts" / "pocket-card.yaml"},
                      tmp_path / "out")  # fmt: skip
    path = next(p for p in build.build(plan, brand) if p.stem == "pocket-card")
    scale = 150 / 72
    image = pdfium.PdfDocument(str(path))[1].render(scale=scale).to_pil().convert("RGB")

    def near(px, hex_: str) -> bool:
        return (
            max(abs(a - int(hex_[i : i + 2], 16)) for a, i in zip(px, (1, 3, 5), strict=True)) < 12
        )

    tint, edge = Colors().warning_light, Colors().warning
    panel = [y for y in range(image.height)
             if sum(near(image.getpixel((x, y)), tint) for x in range(image.width))
             > 0.6 * image.width]  # fmt: skip
    if branded:
        assert panel == []
        return
    top, bottom = min(panel), max(panel)
    left = min(
        x for x in range(image.width) if near(image.getpixel((x, (top + bottom) // 2)), edge)
    )
    assert left >= 3 * MM * scale - 1 and top >= 3 * MM * scale - 1  # inside the safe area
    page = pypdf.PdfReader(path).pages[1]
    height = float(page.mediabox.height)
    items = load_guide(GUIDE).model.red_flags().items
    flags = [y for _, _, y, text in text_sizes(page)
             if text.strip() and any(text.strip() in f for f in items)]  # fmt: skip
    assert len(flags) >= len(items)
    assert all(top < (height - y) * scale < bottom for y in flags)
    write_in = next(y for _, _, y, t in text_sizes(page) if t.startswith("Worried?"))
    assert top < (height - write_in) * scale < bottom
