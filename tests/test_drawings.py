"""Drawings of the technique: every bundled drawing inside its box at the sizes the
outputs use; each step that names one shows it beside its words as a Figure with its
description; a clinic's own picture is checked and described; the card shows drawings
only when its text keeps its size; the gate judges "a drawing for each step"."""

from __future__ import annotations

import io
import re
import shutil

import pikepdf
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from reportlab.lib.colors import HexColor, white
from reportlab.pdfgen.canvas import Canvas

from publisher.cli import main
from publisher.draw import drawings
from publisher.i18n.words import WORDS
from publisher.model.guide import StepsBlock
from publisher.model.layout import load_layout
from publisher.model.vocabulary import FIGURES
from publisher.pdf.tagging import step_figures
from publisher.pipeline import fresh
from tests.conftest import GUIDE, MM, ROOT

PALETTE = drawings.Palette(HexColor("#1a1a1a"), HexColor("#0b5563"), HexColor("#e3f0f2"), white)
SIZES = {"card": 7 * 2.8, "sheet": 16 * 2.6, "booklet": 30 * MM, "cover": 60 * MM}


def _ink(name: str, size: float, palette: drawings.Palette, ground: str = "white"):
    margin = 20
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(size + 2 * margin, size + 2 * margin))
    if ground != "white":
        canvas.setFillColor(HexColor(ground))
        canvas.rect(0, 0, size + 2 * margin, size + 2 * margin, fill=1, stroke=0)
    drawings.draw(canvas, name, margin, margin, size, palette)
    canvas.save()
    scale = 6
    image = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=scale).to_pil().convert("RGB")
    background = image.getpixel((1, 1))
    diff = image.point(lambda v: v).convert("L")
    mask = [int(sum(abs(a - b) for a, b in zip(px, background, strict=True)) > 60)
            for px in image.get_flattened_data()]  # fmt: skip
    diff.putdata([255 * m for m in mask])
    inside = (margin * scale - 2, margin * scale - 2,
              (margin + size) * scale + 2, (margin + size) * scale + 2)  # fmt: skip
    return diff.getbbox(), inside, sum(mask) / len(mask)


@pytest.mark.parametrize("name", sorted(drawings.DRAWINGS))
def test_every_drawing_stays_inside_its_box_at_every_size(name):
    for where, size in SIZES.items():
        box, inside, share = _ink(name, size, PALETTE)
        assert box and share > 0.01, (name, where)  # it draws something real
        assert box[0] >= inside[0] and box[1] >= inside[1], (name, where, box, inside)
        assert box[2] <= inside[2] and box[3] <= inside[3], (name, where, box, inside)


@pytest.mark.parametrize("name", ["massage", "bridge", "head-turn", "wrist-lift"])
def test_the_one_colour_form_draws_on_a_coloured_panel(name):
    box, inside, share = _ink(name, 60 * MM, drawings.one_colour(white, HexColor("#0b5563")),
                              ground="#0b5563")  # fmt: skip
    assert box and share > 0.01 and box[0] >= inside[0] and box[2] <= inside[2]


def test_the_body_has_drawings_for_every_region_a_clinic_treats():
    """Beyond the calf's ten: at least 24 drawings, of the neck, shoulder, back, hip,
    knee, ankle and wrist and elbow, each naming the parts it shows."""
    from publisher.model.vocabulary import BODY_PARTS, SHOWS

    calf = {"strokes-up", "thumb-circles", "strokes-across", "tennis-ball", "toes-to-shin",
            "toes-to-shin-warm", "flex-foot", "calf-stretch", "calf-stretch-bent", "warm-pack",
            "massage"}  # fmt: skip
    body = set(drawings.DRAWINGS) - calf
    assert len(body) >= 24
    regions = {SHOWS[name][0] for name in body}
    assert {"neck", "shoulder", "back", "hip", "knee", "ankle", "arm"} <= regions
    assert all(set(parts) <= set(BODY_PARTS) for parts in SHOWS.values())


def test_a_step_that_adds_heat_is_drawn_with_warmth():
    """Every step of the calf guide and the corpus whose words add heat or warmth has
    a drawing that shows it (the calf's step 5, "Stretch, then add heat", drew only
    the stretch); the warmth is drawn in the movement's colour above the calf."""
    from publisher.model.load import load_guide

    heated = []
    for path in [GUIDE, *sorted((ROOT / "tests" / "corpus").glob("*.yaml"))]:
        model = load_guide(path).model
        if not model.language.startswith("en"):
            continue
        steps = [s for _, b in model.blocks() if isinstance(b, StepsBlock) for s in b.steps]
        heated += [s for s in steps if s.figure in FIGURES
                   and re.search(r"\b(heat|warmth)\b", f"{s.short} {s.text}", re.I)]  # fmt: skip
    assert len(heated) >= 2
    assert all("warm" in WORDS["en"]["figures"][s.figure] for s in heated), heated


def test_the_guide_offers_every_drawing_and_each_is_described_in_every_language():
    assert set(FIGURES) == set(drawings.DRAWINGS)
    for language, table in WORDS.items():
        assert set(table["figures"]) == set(FIGURES), language
        assert all(len(alt) > 20 for alt in table["figures"].values()), language


def _figures(path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(obj.Alt) for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure"
                and "/Alt" in obj]  # fmt: skip


def test_each_step_of_the_booklet_and_sheet_shows_its_drawing_as_a_described_figure(a4):
    import yaml

    data = yaml.safe_load(GUIDE.read_text(encoding="utf-8"))
    blocks = {b.get("id"): b for s in data["sections"] for b in s["blocks"]}
    alt = WORDS["en"]["figures"]
    routine = [alt[s["figure"]] for s in blocks["massage-steps"]["steps"]]
    quick = [alt[s["figure"]] for s in blocks["quick-relief"]["steps"]]
    # the booklet prints every step in its section, the quick relief's too (nothing lost)
    assert step_figures(a4["booklet"].read_bytes()) == (8, 8)
    assert [f for f in _figures(a4["booklet"]) if f.startswith("Drawing")] == routine + quick
    assert step_figures(a4["fridge-sheet"].read_bytes()) == (3, 3)
    assert [f for f in _figures(a4["fridge-sheet"]) if f.startswith("Drawing")] == quick


def test_a_booklet_drawing_sits_beside_its_step_inside_the_text_column(a4):
    """On the page of the first step, the drawings' tint (the leg) is inked only in the
    right-hand column of the body, no wider than the drawing, and the drawing is large:
    the layout's 40 mm, the leg itself most of that."""
    pdf = pdfium.PdfDocument(a4["booklet"].read_bytes())
    page = next(i for i in range(len(pdf))
                if "1 Warm the calf" in pdf[i].get_textpage().get_text_range())  # fmt: skip
    scale = 3
    image = pdf[page].render(scale=scale).to_pil().convert("RGB")
    tint = (0xE3, 0xF0, 0xF2)  # the layout's accent_light, which the leg is filled with
    mask = image.point(lambda v: v).convert("L")
    mask.putdata([255 * (max(abs(a - b) for a, b in zip(px, tint, strict=True)) <= 3)
                  for px in image.get_flattened_data()])  # fmt: skip
    # columns with a real run of tint (anti-aliased edges of other shapes have a pixel)
    columns = [x for x in range(mask.width)
               if mask.crop((x, 0, x + 1, mask.height)).histogram()[255] >= 12]  # fmt: skip
    assert columns, "no drawing on the page of the first step"
    width = image.width / scale  # points
    right_edge = width - (16 * MM if page % 2 == 0 else 14 * MM)  # index 1 is a left page
    assert max(columns) / scale <= right_edge + 1, (max(columns), right_edge)
    figure = load_layout(ROOT / "layouts" / "booklet.yaml").model.figure
    assert figure >= 40 * MM  # large enough to show the technique (issue 31)
    assert min(columns) / scale >= right_edge - figure - 1, "the drawing is not in its column"
    assert (max(columns) - min(columns)) / scale >= 22 * MM  # the leg alone (18 mm at 30 mm)


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "tests" / "corpus", tmp_path / "corpus")
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "corpus"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_clinics_own_picture_is_drawn_and_described(corpus):
    result = run("build", "corpus/plantar-fasciitis.yaml", "-o", "out")
    assert result.exit_code == 0, result.output
    booklet = corpus.parent / "out" / "plantar-fasciitis" / "booklet.pdf"
    assert "A foot rolls a cold bottle on the floor, from the heel to the toes." in _figures(
        booklet)  # fmt: skip
    with pikepdf.open(booklet) as pdf:
        images = [
            x
            for page in pdf.pages
            for x in (  # (pikepdf 8 has no get_images)
                page.get_images() if hasattr(page, "get_images") else dict(page.images.items())
            )
        ]
    assert images, "the picture is not in the booklet"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("figure: calf-stretch-bent", "figure: calf-strech-bent",
         "there is no drawing called `calf-strech-bent`. Did you mean `calf-stretch-bent`?"),
        ("            alt: A foot rolls a cold bottle on the floor, from the heel to the toes.\n",
         "", "a picture from a file needs `alt:`"),
        ("figure: pictures/roll-the-arch.png", "figure: pictures/missing.png",
         "no figure file at"),
        ("figure: pictures/roll-the-arch.png", "figure: ../../etc/passwd.png",
         "the figure must be in the guide file's folder"),
        ("figure: calf-stretch-bent", "figure: CALF-STRETCH",
         "Did you mean `calf-stretch`?"),
        ("figure: calf-stretch-bent", 'figure: ""', "the figure is empty"),
        ("figure: pictures/roll-the-arch.png", "figure: pictures/notes.png",
         "the figure is not a readable PNG or JPEG image; export it again as a PNG."),
    ],
)  # fmt: skip
def test_a_wrong_figure_is_one_line_at_its_yaml_line(corpus, old, new, expected):
    guide = corpus / "plantar-fasciitis.yaml"
    (corpus / "pictures" / "notes.png").write_text("not a picture", encoding="utf-8")
    text = guide.read_text(encoding="utf-8")
    assert old in text
    guide.write_text(text.replace(old, new), encoding="utf-8")
    line = text.splitlines().index(next(t for t in text.splitlines() if old.strip() in t)) + 1
    result = run("validate", str(guide))
    assert result.exit_code != 0 and "Traceback" not in result.output
    said = next(t for t in result.output.splitlines() if expected in t)
    where = int(said.split(":")[1])
    assert abs(where - line) <= 1, (said, line)  # the figure's line (alt: the step's)


def test_a_changed_picture_rebuilds_and_an_unchanged_one_does_not(corpus):
    assert run("build", "corpus/plantar-fasciitis.yaml", "-o", "out").exit_code == 0
    again = run("build", "corpus/plantar-fasciitis.yaml", "-o", "out")
    assert again.output.startswith("up to date"), again.output
    picture = corpus / "pictures" / "roll-the-arch.png"
    picture.write_bytes(picture.read_bytes() + b"\0")  # still a readable PNG
    changed = run("build", "corpus/plantar-fasciitis.yaml", "-o", "out")
    assert changed.exit_code == 0 and "wrote" in changed.output, changed.output
    assert fresh.FIGURE.search(b"  figure: pictures/a.PNG  # mine\n").group(1) == b"pictures/a.PNG"


def test_the_card_shows_drawings_only_when_its_text_keeps_its_size(corpus):
    guide = corpus / "sparse.yaml"
    text = guide.read_text(encoding="utf-8")
    step = next(t for t in text.splitlines() if t.strip().startswith("- short:"))
    indent = " " * (len(step) - len(step.lstrip()) + 2)
    guide.write_text(text.replace(step, f"{step}\n{indent}figure: strokes-up", 1), "utf-8")
    result = run("build", str(guide), "-l", "pocket-card", "-o", "out")
    assert result.exit_code == 0, result.output
    card = corpus.parent / "out" / "sparse" / "pocket-card.pdf"
    assert step_figures(card.read_bytes()) == (1, 1)
    assert "drawings" not in result.output
    # the calf card's five steps and its caution leave no room for them at 7.5 pt
    brand = str(ROOT / "brands" / "example-clinic.yaml")
    for options, folder in (([], "."), (["--brand", brand], "example-clinic")):
        said = run("build", str(GUIDE), "-l", "pocket-card", "-o", "out", *options)
        assert "the card leaves out the steps' drawings" in said.output
        calf = corpus.parent / "out" / folder / "calf-cramp-massage" / "pocket-card.pdf"
        assert step_figures(calf.read_bytes()) == (0, 5)


def test_the_gate_judges_a_drawing_for_each_step():
    plain = run("check", str(GUIDE))
    judged, output = {}, None
    for line in plain.output.splitlines():
        if line and not line.startswith(" "):
            output = line  # each output's findings follow its name
        elif "PEMAT-P" in line:
            judged[output.split("/")[-1]] = line.split("not met: ")[-1].split("; not appl")[0]
    assert sorted(judged) == ["booklet", "fridge-sheet", "pocket-card"], judged
    assert "a drawing for each step" not in judged["booklet"] + judged["fridge-sheet"]
    assert "a drawing for each step" in judged["pocket-card"]  # it has none: no room


@pytest.mark.parametrize(("options", "space"), [(["--profile", "press"], "/DeviceCMYK"),
                                                (["--grayscale"], "/DeviceGray")])  # fmt: skip
def test_a_clinics_picture_takes_the_jobs_colour_space(corpus, options, space):
    result = run("build", "corpus/plantar-fasciitis.yaml", "-l", "booklet", "-o", "out",
                 *options)  # fmt: skip
    assert result.exit_code == 0, result.output
    (booklet,) = (corpus.parent / "out").rglob("booklet.pdf")
    with pikepdf.open(booklet) as pdf:
        spaces = {str(o.get("/ColorSpace")) for o in pdf.objects
                  if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"}  # fmt: skip
    assert spaces == {space}


def test_a_corpus_guide_shows_its_own_body_drawings_in_the_booklet(corpus):
    result = run("build", "corpus/tennis-elbow.yaml", "-l", "booklet", "-o", "out")
    assert result.exit_code == 0, result.output
    alt = WORDS["en"]["figures"]
    shown = [f for f in _figures(corpus.parent / "out" / "tennis-elbow" / "booklet.pdf")
             if f.startswith("Drawing")]  # fmt: skip
    assert shown == [alt[n] for n in ("wrist-lift", "wrist-bend", "forearm-turn",
                                      "ball-squeeze", "forearm-stretch")]  # fmt: skip
    assert "warning" not in result.output  # each drawing shows what its step names


@pytest.mark.parametrize(("guide", "old", "figure", "part"), [
    ("tennis-elbow.yaml", "wrist-lift", "calf-stretch", "arm"),
    ("low-back-pain.yaml", "bridge", "wrist-lift", "back"),
    ("calambres-nocturnos.yaml", "calf-stretch", "head-turn", "leg"),  # in Spanish words
])  # fmt: skip
def test_a_drawing_of_another_body_part_is_a_warning_at_its_line(corpus, guide, old, figure,
                                                                 part):  # fmt: skip
    path = corpus / guide
    text = path.read_text(encoding="utf-8")
    assert f"figure: {old}\n" in text
    text = text.replace(f"figure: {old}\n", f"figure: {figure}\n", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if f"figure: {figure}" in t)
    for command in (["build", str(path), "-l", "booklet", "-o", "out"], ["check", str(path)]):
        result = run(*command)
        said = [t for t in result.output.splitlines() if f"`{figure}` shows" in t]
        assert len(said) == 1 and f"{guide}:{line}:" in said[0], result.output
        about = said[0].split("is about the ")[1].split(", but")[0]
        assert part in about, said[0]
