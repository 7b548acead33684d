"""Handouts that teach: key points first, who it is for, the tracker explained, warnings
at section size, no word alone on a last line, and an honest PEMAT-P report."""

from __future__ import annotations

import re

import pypdf
import pypdfium2 as pdfium
import pytest
from reportlab.platypus import Paragraph

from publisher.draw.markup import inline
from publisher.draw.styles import style
from publisher.gate import checks
from publisher.inputs import find as inputs
from publisher.pipeline import build
from tests.conftest import GUIDE, ROOT, flat, text_of


def test_the_booklet_opens_with_key_points_and_says_who_it_is_for(a4):
    from pypdf import PdfReader

    pages = [flat(p.extract_text()) for p in PdfReader(a4["booklet"]).pages]
    assert "For anyone who gets calf cramps, including at night" in pages[0]
    key = pages[2]
    assert key.index("Key points") < key.index("Calf cramps can strike")  # before the intro
    for said in ("Flex your foot up", "Drink water steadily", "Cramps every day"):
        assert said in key, said


def test_the_sheet_says_how_to_use_its_tracker(a4):
    assert "Tick a box on each day you do it." in flat(text_of(a4["fridge-sheet"]))


def test_red_flag_titles_are_set_at_section_size_in_the_booklet(a4):
    pdf = pdfium.PdfDocument(str(a4["booklet"]))
    sizes = []
    for index in range(3, len(pdf)):  # after the key points, which list them in a line
        text = pdf[index].get_textpage()
        whole = text.get_text_range()
        at = whole.find("See a doctor if you have")
        if at >= 0:
            sizes.append(text.get_char_font_size(at) if hasattr(text, "get_char_font_size")
                         else _size(pdf[index], at))  # fmt: skip
    assert sizes and min(sizes) >= 14.5 - 0.1, sizes


def _size(page, index: int) -> float:
    import ctypes

    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    return raw.FPDFText_GetFontSize(textpage, ctypes.c_int(index))


def _last_line_words(markup: str, width: float) -> int:
    para = Paragraph(markup, style("t", 10, 1.2))
    para.wrap(width, 1000)
    last = para.blPara.lines[-1]
    text = " ".join(map(str, last[1])) if isinstance(last, tuple) else str(last)
    return len(re.split(r"[ \u00a0]+", text.strip()))


def test_no_paragraph_ends_on_a_word_alone():
    text = "Slow strokes from the ankle up to the knee again"
    widths = range(60, 240, 3)
    assert any(_last_line_words(text, w) == 1 for w in widths)  # without: it happens
    assert all(_last_line_words(inline(text), w) >= 2 for w in widths)
    assert inline("Add heat") == "Add heat"  # a short text keeps its ordinary space


def test_pemat_says_it_is_partial_and_names_what_a_person_must_judge(tmp_path):
    """PEMAT-P has 24 items (17 understandability, 7 actionability); the two are counted
    apart, over the items a program can judge, the rest named as needing a reader, and a
    card or sheet marks 8, 9 and 11 not applicable (very short material)."""
    from publisher.gate.pemat import PEMAT_ITEMS

    assert PEMAT_ITEMS == 24
    plan = build.plan([GUIDE], inputs.layout_paths(("booklet", "pocket-card")), tmp_path)
    found = {f.target.split("/")[1]: f for f in checks.check(plan) if f.check == "actionability"}
    booklet, card = found["booklet"], found["pocket-card"]
    for finding in (booklet, card):
        assert finding.message.startswith("PEMAT-P, partial: understandability ")
        assert "need a reader (items 1, 2, 3, 4, 5, 6, 7" in finding.message
        assert "this is not a PEMAT-P score" in finding.message and "%" not in finding.message
        u_met, u_judged = finding.data["understandability"]
        assert 0 <= u_met <= u_judged
        a_met, a_judged = finding.data["actionability"]
        assert 0 <= a_met <= a_judged
        judged = u_judged + a_judged
        assert judged + len(finding.data["reader"]) + len(finding.data["not_applicable"]) == 24
        assert u_judged < 17 and a_judged <= 7
    assert booklet.data["items"]["a summary (key points first)"] is True
    assert booklet.data["items"]["a drawing for each step"] is True  # read from the file
    assert {8, 9, 11} <= set(card.data["not_applicable"]) and 9 in booklet.data["reader"]
    assert not any(f.check == "actionability" and "red flags" in f.message
                   for f in found.values())  # not a PEMAT item: its own check  # fmt: skip


def test_the_red_flags_end_with_who_to_call_on_every_output(a4):
    said = "Worried? Call your doctor"  # the unbranded card ends it with ':' and a line
    for stem in ("booklet", "pocket-card", "fridge-sheet"):
        text = flat(text_of(a4[stem]))
        assert said + (":" if stem == "pocket-card" else ".") in text, stem
        assert text.index("A sudden rise in cramps") < text.index(said), stem


@pytest.mark.parametrize(("name", "said"), [("sparse", "Worried? Call your doctor."),
                                            ("calambres-nocturnos",
                                             "¿Le preocupa? Llame a su médico.")])  # fmt: skip
def test_red_flags_without_their_own_contact_end_with_the_languages_words(tmp_path, name, said):
    """A guide whose warning has no `contact:` still ends its red flags, on every output,
    with whom to call, in its own language."""
    from publisher.model.load import load_guide

    path = ROOT / "tests" / "corpus" / f"{name}.yaml"
    last = load_guide(path).model.red_flags().items[-1]
    assert not load_guide(path).model.red_flags().contact
    plan = build.plan([path], inputs.layout_paths(()), tmp_path / "out")
    files = {p.stem: p for p in build.build(plan)}
    for stem in ("booklet", "pocket-card", "fridge-sheet"):
        text = flat(text_of(files[stem]))
        end = ":" if stem == "pocket-card" else "."  # the card's, before a line to write on
        assert said[:-1] + end in text, stem
        assert text.index(flat(last)[:20]) < text.index(said[:-1]), stem


def test_a_guide_may_write_its_own_key_points(tmp_path):
    from pypdf import PdfReader

    own = ("key_points:\n  - title: Right now\n    items: [Sit down, Stretch the calf]\n"
           "  - title: Later\n    items: [Drink water]\nsections:")  # fmt: skip
    guide = tmp_path / "g.yaml"
    guide.write_text(GUIDE.read_text(encoding="utf-8").replace("sections:", own, 1))
    plan = build.plan([guide], inputs.layout_paths(("booklet",)), tmp_path / "out")
    booklet = next(p for p in build.build(plan) if p.stem == "booklet")
    key = flat(PdfReader(booklet).pages[2].extract_text())
    assert "Right now • Sit down • Stretch the calf Later • Drink water" in key, key
    assert "Everyday habits" not in key.split("Calf cramps can strike")[0]


def test_key_points_are_bullets_under_their_titles_not_run_ons(a4):
    """Each group's title, then each of its items as a list item (a reader hears "list,
    3 items"), never joined with semicolons."""
    import pikepdf
    from pypdf import PdfReader

    text = flat(PdfReader(a4["booklet"]).pages[2].extract_text())
    box = text.split("Key points")[1].split("Calf cramps can strike")[0]
    assert ";" not in box and "If a cramp strikes • Flex your foot up • Massage slowly" in box
    with pikepdf.open(a4["booklet"]) as pdf:
        boxes = [[str(k.get("/S")) for k in o.K if isinstance(k, pikepdf.Dictionary)]
                 for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                 and o.get("/S") == "/Div" and isinstance(o.get("/K"), pikepdf.Array)]  # fmt: skip
    key = max((kids for kids in boxes if kids[:1] == ["/H2"]), key=lambda k: k.count("/L"))
    assert key.count("/L") == 3 and key.count("/P") == 3, key  # a title and a list each


def test_the_procedure_box_has_its_own_icon_not_the_tips_tick(monkeypatch):
    from publisher.draw import icons
    from publisher.kinds.booklet import ends
    from publisher.kinds.booklet.render import Story
    from publisher.model.layout import load_layout
    from publisher.model.load import load_guide
    from tests.conftest import ROOT

    drawn: list[str] = []
    original = icons.Icon.__init__

    def record(self, name, *args, **kwargs):
        drawn.append(name)
        original(self, name, *args, **kwargs)

    monkeypatch.setattr(icons.Icon, "__init__", record)
    guide = load_guide(GUIDE).model
    story = Story(guide, load_layout(ROOT / "layouts" / "booklet.yaml").model, 300, 400)
    ends.cover_summary(story)
    assert drawn == ["hand"]
    caution = guide.block("gentle-pressure")  # a caution: the warning icon, no tick
    story.block_callout(caution)
    assert drawn[-1] == "warning"
    tip = caution.model_copy(update={"callout": caution.callout.model_copy(update={"kind": "tip"})})
    story.block_callout(tip)
    assert drawn[-1] == "check"


def test_a_check_off_grid_row_is_as_tall_as_its_label_needs():
    from publisher.kinds.booklet.render import Story
    from publisher.kinds.booklet.tools import grid
    from publisher.model.layout import load_layout
    from publisher.model.load import load_guide
    from tests.conftest import ROOT

    story = Story(load_guide(GUIDE).model, load_layout(ROOT / "layouts" / "booklet.yaml").model,
                  300, 400)  # fmt: skip
    label = "A long row label that has to wrap onto three or four lines here"
    table = grid(story, [["", "Mon", "Tue"], [label, "", ""], ["Short", "", ""]], [60, 30, 30])
    table.wrap(120, 1000)
    cell = table._cellvalues[1][0].flowable
    needed = cell.wrap(60 - 8, 1000)[1] + 8
    assert table._rowHeights[1] >= needed - 0.01 > story.spec.type.body * 2.6
    assert abs(table._rowHeights[2] - story.spec.type.body * 2.6) < 0.01  # room to write


def test_every_section_of_every_guide_reads_at_grade_8_or_lower_over_its_paragraphs(tmp_path):
    """Measured over each section's paragraphs, step texts, answers and box texts alone:
    its lists (habits, bullets, red flags) are short lines that would hide a hard
    paragraph ("Prevention" read 10.4 over its paragraphs, 7.2 with its habits)."""
    from publisher.gate.readability import section_text

    corpus = [p for p in (ROOT / "tests" / "corpus").glob("*.yaml")
              if "language: es" not in p.read_text(encoding="utf-8")]  # fmt: skip
    hard = []
    for guide in [GUIDE, *corpus]:
        plan = build.plan([guide], inputs.layout_paths(("booklet",)), tmp_path / guide.stem)
        model = plan.guides[0].model
        for section in model.sections:
            assert "Drink water steadily" not in section_text(section)  # a habit's short
        hard += [f.message for f in checks.check(plan)
                 if f.check == "reading" and f.level != "info"]  # fmt: skip
    assert hard == []


def test_steps_set_side_by_side_count_as_numbered_steps(tmp_path):
    """The sheet sets its quick steps on one line ("1 Sit down 2 Roll a cold bottle 3
    Stretch gently"); they are numbered steps all the same (PEMAT-P item 22)."""
    guide = ROOT / "tests" / "corpus" / "plantar-fasciitis.yaml"
    plan = build.plan([guide], inputs.layout_paths(("fridge-sheet",)), tmp_path)
    (finding,) = [f for f in checks.check(plan) if f.check == "actionability"]
    assert finding.data["items"]["actions in explicit numbered steps"] is True, finding.message


def _cautions(path):
    from publisher.model.load import load_guide

    model = load_guide(path).model
    return model.role("cautions").callout, model.red_flags()


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_cautions_are_on_every_output_that_carries_the_technique(request, paper):
    """Pressure, pregnancy and when to stop: the card's front carries them with its steps,
    the sheet's quick box with its steps, the booklet every word; and 'stop massaging'
    is a red flag on all three (the article: sharp, persistent pain or swelling)."""
    built = request.getfixturevalue(paper)
    caution, flags = _cautions(GUIDE)
    stop = next(item for item in flags.items if "stop massaging" in item)
    card = [flat(page.extract_text()) for page in pypdf.PdfReader(built["pocket-card"]).pages]
    assert flat(caution.short) in card[0]  # the front, with the steps
    sheet = flat(text_of(built["fridge-sheet"]))
    quick, red = sheet.index("If a cramp strikes"), sheet.index("See a doctor if you have")
    assert quick < sheet.index(flat(caution.short)) < red  # in the quick steps' box
    booklet = flat(text_of(built["booklet"]))
    assert flat(caution.text) in booklet
    for name, text in (("card", " ".join(card)), ("sheet", sheet), ("booklet", booklet)):
        said = text.casefold()
        assert "heavy pressure" in said and "pregnant" in said, name
        assert flat(stop) in text, name


def test_the_email_says_the_caution_after_its_steps(tmp_path):
    """The message lists the quick steps, so it carries their caution after them, in its
    plain text and its HTML."""
    import email
    from email import policy

    from click.testing import CliRunner

    from publisher.cli import main

    caution, _ = _cautions(GUIDE)
    brand = str(ROOT / "brands" / "example-clinic.yaml")
    result = CliRunner().invoke(main, ["email", "--guide", str(GUIDE), "--to", "ann@example.org",
                                       "--brand", brand, "--eml", str(tmp_path / "eml"),
                                       "-o", str(tmp_path / "out")])  # fmt: skip
    assert result.exit_code == 0, result.output
    (path,) = (tmp_path / "eml").glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    said = f"{caution.title}. {caution.short}"
    for kind in ("plain", "html"):
        body = message.get_body((kind,)).get_content()
        body = " ".join(re.sub(r"<[^>]+>", " ", body).split())
        assert said in body, kind
        assert body.index("Add heat") < body.index(said) < body.index("Everyday habits"), kind


def test_a_guides_caution_in_its_own_language_goes_on_the_card_and_sheet(tmp_path):
    path = ROOT / "tests" / "corpus" / "calambres-nocturnos.yaml"
    caution, _ = _cautions(path)
    plan = build.plan([path], inputs.layout_paths(()), tmp_path / "out")
    files = {p.stem: p for p in build.build(plan)}
    for stem in ("pocket-card", "fridge-sheet"):
        assert f"¡Con suavidad! {flat(caution.short)}" in flat(text_of(files[stem])), stem
    assert flat(caution.text) in flat(text_of(files["booklet"]))


def test_a_caution_without_its_short_form_is_refused_at_its_line(tmp_path):
    from click.testing import CliRunner

    from publisher.cli import main

    text = GUIDE.read_text(encoding="utf-8")
    start = text.index("          short: Heavy pressure")
    end = text.index("          text: >-\n            While the muscle")
    guide = tmp_path / "content" / "calf-cramp-massage.yaml"
    guide.parent.mkdir()
    guide.write_text(text[:start] + text[end:], encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(guide)])
    assert result.exit_code != 0
    line = text[: text.index("          kind: caution")].count("\n") + 1  # the callout's
    assert (
        f"calf-cramp-massage.yaml:{line}:11: sections.4.blocks.2.callout: a caution needs "
        "`short:`" in result.output
    ), result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_the_calf_handouts_use_plain_words_and_explain_the_one_term_they_keep(a4):
    """The article's jargon ("perpendicular", "cross-fiber", "spasm", "stimulate
    circulation") is said in plain words on every output; "trigger points" stays, with
    what it means beside it."""
    for name in ("booklet", "pocket-card", "fridge-sheet"):
        text = flat(text_of(a4[name])).lower()
        for word in ("perpendicular", "cross-fiber", "spasm", "stimulate circulation"):
            assert word not in text, (name, word)
    booklet = flat(text_of(a4["booklet"]))
    assert "tight, tender spots (often called trigger points)" in booklet
    assert booklet.count("trigger point") == 1


def test_no_sentence_of_the_calf_guide_is_the_articles_word_for_word():
    """The article's advice is put in plain words, not pasted in: no sentence of six
    words or more of the guide's prose (intro, paragraphs, steps, cues, boxes, answers,
    the disclaimer) or of its questions is the article's own (`tests/fixtures/source`
    holds the article the guide was written from). Its section titles may be."""
    from publisher.gate.readability import prose, sentences, squashed
    from publisher.model.load import load_guide

    article = squashed((ROOT / "tests" / "fixtures" / "source" / "calf-cramp-massage.txt")
                       .read_text(encoding="utf-8"))  # fmt: skip
    guide = load_guide(GUIDE).model
    questions = [q.q for _, b in guide.blocks() if hasattr(b, "faq") for q in b.faq]
    said = prose(guide) + [u for q in questions for u in sentences(q)]
    assert len(said) > 100
    copied = [u for u in said if len(u.split()) >= 6 and squashed(u) in article]
    assert copied == []
