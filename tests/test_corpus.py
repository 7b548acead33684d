"""Any guide fits: every corpus guide x {A4, Letter} x {no brand, the example brand, a
clinic with an 80-character name} through `publisher build --check`, and what the layouts
never give up (steps, red flags, the disclaimer) read back out of every PDF."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from publisher.cli import main
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # the matrix: `pytest -m "not slow"` leaves it out

CORPUS = Path(__file__).resolve().parent / "corpus"
GUIDES = sorted(p.stem for p in CORPUS.glob("*.yaml"))
BRANDS = {
    "plain": None,
    "example-clinic": ROOT / "brands" / "example-clinic.yaml",
    "long-name-clinic": CORPUS / "brands" / "long-name-clinic.yaml",
}
FILES = ("booklet", "booklet-imposed", "pocket-card", "pocket-card-sheet", "fridge-sheet")


def test_the_corpus_spans_the_shapes_clinics_write():
    guides = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.yaml")]
    assert len(guides) >= 6

    def blocks(guide, key):
        return [b for s in guide["sections"] for b in s["blocks"] if key in b]

    from publisher.model.load import load_guide

    models = [load_guide(p).model for p in CORPUS.glob("*.yaml")]
    steps = [len(m.role("routine").steps) for m in models]
    flags = [len(b["callout"]["items"]) for g in guides for b in blocks(g, "callout")
             if b["callout"]["kind"] == "warning"]  # fmt: skip
    habits = [len(b["habits"]) for g in guides for b in blocks(g, "habits")]
    assert min(steps) <= 3 and max(steps) == 8
    assert min(flags) == 1 and max(flags) == 8
    assert min(habits) == 1 and max(habits) == 10
    assert {g["language"] for g in guides} >= {"en", "es"}
    assert any(not blocks(g, "tracker") for g in guides) and any(
        not blocks(g, "faq") for g in guides
    )
    assert max(len(g["title"]) for g in guides) >= 55
    calf_ids = {"massage-steps", "quick-relief", "red-flags", "habits", "tracker"}
    own = [m for m in models if not calf_ids & {b.id for _, b in m.blocks()}]
    assert len(own) >= 3  # guides with their own ids: layouts find blocks by role
    assert {m.role("routine").id for m in own} >= {"elbow-exercises", "shoulder-routine"}


@pytest.fixture(scope="module")
def matrix(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """{(paper, brand): output folder} after one `build --check` of the corpus each."""
    project = tmp_path_factory.mktemp("corpus")
    shutil.copytree(ROOT / "layouts", project / "layouts")
    shutil.copytree(CORPUS, project / "content", ignore=shutil.ignore_patterns("brands"))
    runner = CliRunner()
    built = {}
    for paper in ("a4", "letter"):
        for name, brand in BRANDS.items():
            out = project / f"out-{paper}-{name}"
            args = ["build", "--check", "--paper", paper, "-o", str(out)]
            args += ["--brand", str(brand)] if brand else []
            result = _in(project, runner, args)
            assert result.exit_code == 0, f"{paper}, {name}:\n{result.output}"
            assert "Traceback" not in result.output
            built[paper, name] = out / name if brand else out
    return built


def _in(project: Path, runner: CliRunner, args: list[str]):
    import os

    here = Path.cwd()
    os.chdir(project)
    try:
        return runner.invoke(main, args)
    finally:
        os.chdir(here)


def _folder(root: Path, guide: str, paper: str) -> Path:
    return root / guide / ("letter" if paper == "letter" else "")


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("brand", list(BRANDS))
def test_every_guide_builds_every_output_and_passes_the_gate(matrix, paper, brand):
    for guide in GUIDES:
        folder = _folder(matrix[paper, brand], guide, paper)
        missing = [f for f in FILES if not (folder / f"{f}.pdf").is_file()]
        assert not missing, f"{guide} ({paper}, {brand}): missing {missing}"


def test_every_fridge_sheet_is_one_page_with_its_tracker(matrix):
    """The sheet gives way (icons, tracker rows, the band's short form) before its tracker
    moves to a second page: no corpus guide needs that, on either paper, with any brand.
    Its body stays large print (16 pt or more)."""
    from publisher.model.load import load_guide
    from tests.conftest import text_sizes

    over = []
    for guide in GUIDES:
        model = load_guide(CORPUS / f"{guide}.yaml").model
        said = " ".join(item for callout in model.warnings() for item in callout.items)
        for (paper, brand), root in matrix.items():
            pages = PdfReader(_folder(root, guide, paper) / "fridge-sheet.pdf").pages
            if len(pages) != 1:
                over.append(f"{guide} ({paper}, {brand}): {len(pages)} pages")
                continue
            flags = [size for size, _, _, text in text_sizes(pages[0])
                     if len(text.strip()) > 8 and text.strip() in said]  # fmt: skip
            assert flags and min(flags) >= 15.99, f"{guide} ({paper}, {brand}): {min(flags)}"
    assert not over, over


def _squashed(text: str) -> str:
    """Text without spaces, line breaks or hyphens: a line may break anywhere."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text).casefold()


@pytest.mark.parametrize("guide", GUIDES)
def test_steps_red_flags_and_disclaimer_are_never_dropped(matrix, guide):
    from publisher.model.load import load_guide

    data = yaml.safe_load((CORPUS / f"{guide}.yaml").read_text(encoding="utf-8"))
    model = load_guide(CORPUS / f"{guide}.yaml").model
    flags = [item for callout in model.warnings() for item in callout.items]  # both tiers
    steps = [s.short for s in model.role("routine").steps]
    for (paper, brand), root in matrix.items():
        folder = _folder(root, guide, paper)
        for name, wanted in (
            ("pocket-card", [*steps, *flags, data["disclaimer"]["short"]]),
            ("fridge-sheet", [*flags, data["disclaimer"]["short"]]),
            ("booklet", [*steps, *flags, data["disclaimer"]["text"]]),
        ):
            pages = PdfReader(folder / f"{name}.pdf").pages
            text = _squashed(" ".join(page.extract_text() for page in pages))
            lost = [w for w in wanted if _squashed(w) not in text]
            assert not lost, f"{guide} {name} ({paper}, {brand}) lost: {lost}"


def test_a_repetition_is_not_printed_as_a_hold(matrix):
    """`hold: 10 times each side` reads "10 times each side.", a duration "Hold 20 seconds"."""
    folder = _folder(matrix["a4", "plain"], "low-back-pain", "a4")
    pages = PdfReader(folder / "pocket-card.pdf").pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "10 times each side." in text and "Hold 10 times" not in text
    assert "Hold 20 seconds each leg." in text


def test_a_procedure_crosses_a_page_turn_only_to_fill_a_page(matrix):
    """The routine reads with at most one page turn: on one page, on a spread (an even
    left-hand page and the odd page after it), or across one turn; a turn straight after
    its first page only when it starts in the upper two thirds of that page (moving it
    whole would have left the page more than a third empty)."""
    import pypdfium2 as pdfium

    from publisher.model.load import load_guide

    for (paper, brand), root in matrix.items():
        for guide in GUIDES:
            block = load_guide(CORPUS / f"{guide}.yaml").model.role("routine").model_dump()
            path = _folder(root, guide, paper) / "booklet.pdf"
            texts = [_squashed(p.extract_text()) for p in PdfReader(path).pages]
            found = [next(i + 1 for i, t in enumerate(texts) if _squashed(s["text"][:40]) in t)
                     for s in block["steps"]]  # fmt: skip
            first, last = min(found), max(found)
            said = f"{guide} ({paper}, {brand}): steps on pages {first}–{last}"
            assert sum(p % 2 for p in range(first, last)) <= 1, said  # odd to even: a turn
            if last > first and first % 2:  # a turn after its first page
                page = pdfium.PdfDocument(path)[first - 1]
                searched = page.get_textpage().search(block["steps"][0]["short"])
                at = searched.get_next()
                assert at, said
                box = page.get_textpage().get_charbox(at[0])
                assert box[3] >= page.get_height() / 3, f"{said}, the first step low on its page"


BODY_TOP, BODY_BOTTOM = 15 * 72 / 25.4, 20 * 72 / 25.4  # the booklet layout's margins
SLACK = 0.02  # what the last line's leading and space after it add below its ink


def _emptiest(path: Path, words: dict, boxes: list[str]) -> list[tuple[int, float]]:
    """Each body page's empty share: from its last inked row to the foot of the text
    frame, over the frame's height (pixels at 72 dpi). Not measured: the covers, the
    contents, the notes, the pages from the disclaimer's on (the text ends there; the
    tools and notes after it fill out the booklet's four-page sheets), and a page before
    one that opens with what is never parted (`boxes`: a red-flag or caution box, a
    procedure's head: its title, duration and first step), which may end early rather
    than part it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    found = []
    for index in range(1, len(pdf) - 1):
        page = pdf[index]
        text = page.get_textpage().get_text_range()
        if words["disclaimer"] in text:
            break
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines[3:4] in ([words["contents"]], [words["notes"]]):  # after the footer's 3
            continue
        following = pdf[index + 1].get_textpage().get_text_range().splitlines()[3:6]
        if any(line.strip() in boxes for line in following):
            continue
        image = page.render(scale=1, grayscale=True).to_pil().convert("L")
        top, bottom = round(BODY_TOP), round(image.height - BODY_BOTTOM)
        band = image.crop((0, top, image.width, bottom)).point(lambda v: 255 if v < 200 else 0)
        box = band.getbbox()
        found.append((index + 1, 1.0 if not box else (band.height - box[3]) / band.height))
    return found


def test_a_lead_in_keeps_with_its_list_and_no_list_item_is_left_alone(matrix):
    """In every corpus booklet (A4 and Letter, each brand): no page ends with a line
    ending in ':' (a paragraph that leads into a list keeps with its first items), and a
    list running on from the page before brings at least two items."""
    widowed, hanging = [], []
    for guide in GUIDES:
        for (paper, brand), root in matrix.items():
            pages = PdfReader(_folder(root, guide, paper) / "booklet.pdf").pages
            for n, page in enumerate(pages[1:-1], 2):
                lines = [x.strip() for x in _unfooted(page.extract_text()).splitlines()]
                lines = [x for x in lines if x]
                if lines and lines[-1].endswith(":"):
                    hanging.append(f"{guide} ({paper}, {brand}) page {n}: {lines[-1]}")
                if lines[:1] == ["•"] and lines[:8].count("•") < 2:
                    widowed.append(f"{guide} ({paper}, {brand}) page {n}: {lines[1]}")
    assert not hanging and not widowed, (hanging, widowed)


def test_no_booklet_body_page_is_more_than_a_third_empty(matrix):
    """Measured in pixels on every corpus booklet, A4 and Letter, with and without a
    brand: a step list runs on rather than leave a page a third empty, a question keeps
    with its answer, and the last paragraph's last lines go over with the disclaimer."""
    from publisher.i18n.words import callout_title, words
    from publisher.model.load import load_guide

    over, seen = [], []
    for guide in GUIDES:
        model = load_guide(CORPUS / f"{guide}.yaml").model
        flags = model.warnings()
        boxes = [callout_title(b.callout, model.language, any(b.callout is f for f in flags))
                 for _, b in model.blocks() if getattr(b, "callout", None)
                 and b.callout.alarming]  # fmt: skip
        boxes += [b.title for _, b in model.blocks() if getattr(b, "steps", None) and b.title]
        for (paper, brand), root in matrix.items():
            folder = _folder(root, guide, paper)
            pages = _emptiest(folder / "booklet.pdf", words(model.language), boxes)
            seen.append(len(pages))
            over += [f"{guide} ({paper}, {brand}) page {n}: {share:.0%} empty"
                     for n, share in pages if share > 1 / 3 + SLACK]  # fmt: skip
    assert sum(seen) >= len(GUIDES) * len(matrix) and not over, over


def test_every_corpus_guide_reads_as_its_golden_snapshot(matrix, request):
    """Text and page boxes of every corpus guide's files (A4, no brand) against
    tests/golden/corpus/: a change to any guide's pages shows as a readable diff, not only
    the calf guide's. `pytest --update-golden` rewrites them; look at the diff first."""
    from tests.test_golden import GOLDEN, snapshot

    update = request.config.getoption("--update-golden")
    changed, seen = [], set()
    for guide in GUIDES:
        folder = _folder(matrix["a4", "plain"], guide, "a4")
        for name in FILES:
            golden = GOLDEN / "corpus" / guide / f"{name}.txt"
            seen.add(golden)
            now = snapshot(folder / f"{name}.pdf")
            if update:
                golden.parent.mkdir(parents=True, exist_ok=True)
                golden.write_text(now, encoding="utf-8")
            elif not golden.exists() or golden.read_text(encoding="utf-8") != now:
                changed.append(f"{guide}/{name}")
    assert set((GOLDEN / "corpus").rglob("*.txt")) == seen, "corpus guides added or removed"
    assert not changed, f"text or page boxes changed: {changed}; see git diff after --update-golden"


NOT_PRINTED = {"id", "language", "figure", "icon", "kind", "reviewed", "url", "role", "alt",
               "cover", "days", "side", "urgency"}  # names and settings, not words  # fmt: skip
METADATA = {"keywords", "author"}  # the files' /Keywords and /Author


def _strings(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in NOT_PRINTED:
                yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*path, i))
    elif isinstance(node, str):
        yield path, node


def _words(text: str) -> str:
    """Text as a reader sees it: no emphasis marks, hyphen breaks joined, words only."""
    text = re.sub(r"\*+", "", text).replace("-\n", "")
    return " ".join(re.sub(r"[^\w]+", " ", text).lower().split())


def _unfooted(text: str) -> str:
    """A page's text without the running footer it starts with (title, "Page n of m",
    review date), so that a paragraph running over a page reads on."""
    lines = text.splitlines()
    if len(lines) > 2 and re.fullmatch(r"\D*\d+\D+\d+", lines[1].strip()):
        return "\n".join(lines[3:])
    return text


@pytest.mark.parametrize("guide", GUIDES)
def test_nothing_the_guide_says_is_lost(matrix, guide):
    """Every string the guide gives is printed: in the booklet, except the short forms the
    small outputs print (`cue`, a caution's `short`) and a block the booklet layout's
    `skip` sends elsewhere, which the build says; and in some output (booklet, card or
    sheet) without exception.
    Names of things (ids, drawings, icons) are not words to print; keywords and the
    author are the files' metadata."""
    from publisher.model.load import load_guide

    path = CORPUS / f"{guide}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    model = load_guide(path).model
    layout = yaml.safe_load((ROOT / "layouts" / "booklet.yaml").read_text(encoding="utf-8"))
    skipped = [model.block(name) for name in layout["content"].get("skip", [])]
    skipped_at = [("sections", i, "blocks", j) for i, s in enumerate(model.sections)
                  for j, b in enumerate(s.blocks) if any(b is k for k in skipped)]  # fmt: skip
    folder = _folder(matrix["a4", "plain"], guide, "a4")
    texts = {name: _words(" ".join(_unfooted(p.extract_text()) for p in PdfReader(file).pages))
             for name in ("booklet", "pocket-card", "fridge-sheet")
             for file in [folder / f"{name}.pdf"]}  # fmt: skip
    meta = PdfReader(folder / "booklet.pdf").metadata
    nowhere, not_in_booklet = [], []
    for where, said in _strings(data):
        words = _words(said)
        if not words:
            continue
        if where[0] in METADATA:
            assert said in str(meta.get(f"/{where[0].title()}", "")), where
            continue
        if not any(words in text for text in texts.values()):
            nowhere.append((where, said))
        elif (
            words not in texts["booklet"]
            and where[-1] != "cue"
            and where[-2:] != ("callout", "short")  # a caution's line for the card and sheet
            and not any(where[: len(at)] == at for at in skipped_at)
        ):
            not_in_booklet.append((where, said))
    assert nowhere == [] and not_in_booklet == []


@pytest.mark.parametrize("guide", ["tennis-elbow", "shoulder-pain", "ankle-sprain"])
def test_a_guide_with_its_own_ids_gets_its_routine_on_the_card_and_doses_everywhere(matrix, guide):
    """Guides written from other regions' leaflets name no block as the calf guide does:
    the card's front carries their routine (found by role), each step's dose in its short
    form, the booklet the full form, and no output speaks of calves or cramps."""
    from publisher.i18n.words import dose
    from publisher.model.load import load_guide

    model = load_guide(CORPUS / f"{guide}.yaml").model
    assert all(b.id not in {"massage-steps", "quick-relief", "red-flags", "habits"}
               for _, b in model.blocks())  # fmt: skip
    routine = model.role("routine")
    folder = _folder(matrix["a4", "plain"], guide, "a4")
    card = PdfReader(folder / "pocket-card.pdf")
    front = _words(card.pages[0].extract_text())
    booklet = _words(" ".join(p.extract_text() for p in PdfReader(folder / "booklet.pdf").pages))
    for step in routine.steps:
        assert _words(step.short) in front
        if dose(step, model.language):
            assert _words(dose(step, model.language, short=True)) in front
            assert _words(dose(step, model.language)) in booklet
    every = " ".join(_words(" ".join(p.extract_text() for p in PdfReader(f).pages))
                     for f in folder.glob("*.pdf"))  # fmt: skip
    assert not re.search(r"\b(calf|calves|cramps?)\b", every)


@pytest.mark.parametrize("guide", ["shoulder-pain", "ankle-sprain", "tennis-elbow"])
def test_the_urgent_red_flags_come_first_on_every_output(matrix, guide):
    """A guide that splits its red flags into "call now" and "see your doctor" tiers gets
    both on the booklet, the card and the sheet, on every paper and brand, the urgent one
    first (and its words, not the doctor's default line, close it)."""
    from publisher.model.load import load_guide

    model = load_guide(CORPUS / f"{guide}.yaml").model
    urgent, soon = model.emergency(), model.red_flags()
    assert urgent is not None and urgent is not soon
    for (paper, brand), root in matrix.items():
        folder = _folder(root, guide, paper)
        for name in ("booklet", "pocket-card", "fridge-sheet"):
            pages = PdfReader(folder / f"{name}.pdf").pages
            said = f"{guide} {name} ({paper}, {brand})"
            # the booklet: its sections (after the cover, contents and key points), its back
            parts = [pages[3:-1], pages[-1:]] if name == "booklet" else [pages]
            for part in parts:
                text = _squashed(" ".join(page.extract_text() for page in part))
                first, later = _squashed(urgent.items[0]), _squashed(soon.items[0])
                assert first in text and later in text, said
                assert text.index(first) < text.index(later), said


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("brand", list(BRANDS))
def test_what_a_screen_reader_hears_over_the_whole_corpus(matrix, paper, brand):
    """Issue 29 over every corpus guide: words apart at every line end, no word cut
    without a hyphen, one H1, numbered lists that say so, no English in a Spanish file."""
    import re

    import pikepdf

    from tests.test_accessible import _kids, line_ends, split_words

    for guide in GUIDES:
        folder = _folder(matrix[paper, brand], guide, paper)
        text = (CORPUS / f"{guide}.yaml").read_text(encoding="utf-8")
        vocabulary = {w.casefold() for w in re.findall(r"\w+", text)}
        for stem in ("booklet", "pocket-card", "fridge-sheet"):
            path = folder / f"{stem}.pdf"
            where = f"{guide}/{stem} ({paper}, {brand})"
            assert line_ends(path)[1] == [], where
            assert split_words(path, vocabulary) == [], where
            with pikepdf.open(path) as pdf:
                roles, todo, lists = [], [pdf.Root.StructTreeRoot], []
                while todo:
                    node = todo.pop()
                    kids = _kids(node)
                    roles.append(str(node.get("/S")))
                    if node.get("/S") == "/L" and any(
                        k.S == "/Lbl" for li in kids for k in _kids(li)
                    ):
                        lists.append(str(node.get("/A", {}).get("/ListNumbering")))
                    todo += kids
                assert roles.count("/H1") == 1, where
                assert lists and set(lists) <= {"/Decimal", "/Disc"}, (where, lists)
                if str(pdf.Root.Lang).startswith("es"):
                    said = [str(pdf.docinfo.get("/Title", ""))]
                    said += [str(a.get("/Contents", "")) for p in pdf.pages
                             for a in p.get("/Annots", [])]  # fmt: skip
                    assert not [s for s in said if re.search(r"QR code|Go to the", s)], where


def test_every_card_keeps_its_ink_inside_the_safe_area_and_a_line_for_the_doctor(matrix):
    """Every corpus card, A4 and Letter, with and without a brand: nothing within 3 mm of
    the trim (the red-flag panels, the write-in line and the band included), and a card
    without a brand ends its red flags with a line for the doctor's number, one with a
    brand shows the clinic's instead."""
    from publisher.i18n.words import words
    from publisher.model.load import load_guide
    from tests.conftest import inked_edges

    edged, unlined = [], []
    for guide in GUIDES:
        model = load_guide(CORPUS / f"{guide}.yaml").model
        table = words(model.language)
        said = [table["write_in"], table["who_to_call"].rstrip(".") + ":"]
        for (paper, brand), root in matrix.items():
            card = _folder(root, guide, paper) / "pocket-card.pdf"
            edged += [f"{guide} ({paper}, {brand}) side {n}"
                      for n, _ in inked_edges(card, 3, dpi=100)]  # fmt: skip
            back = " ".join(PdfReader(card).pages[1].extract_text().split())
            if any(s in back for s in said) != (BRANDS[brand] is None):
                unlined.append(f"{guide} ({paper}, {brand})")
    assert not edged and not unlined, (edged, unlined)
