"""Clinic branding: the brand shows on every output, its QR code scans, its colours are
checked, bad logos are refused, and a batch of brands survives one broken brand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from publisher.cli import main
from publisher.inputs import find as inputs
from publisher.model.brand import load_brand
from publisher.pipeline import build
from tests.conftest import GUIDE, MM, ROOT, flat, text_of, text_sizes

BRAND = ROOT / "brands" / "example-clinic.yaml"
URL = "https://riverside-physio.example/guides/calf-cramp-massage"
# output stem -> (page index with the brand, smallest QR code side in mm)
WHERE = {"booklet": (0, 20), "fridge-sheet": (0, 20), "pocket-card": (1, 12)}


def brand_file(folder: Path, stem: str = "clinic", **fields: str) -> Path:
    """A copy of the example brand with some lines replaced, and its logo beside it."""
    lines = BRAND.read_text().splitlines()
    for key, value in fields.items():
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(BRAND.parent / "example-clinic-logo.png", folder)
    path = folder / f"{stem}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="session")
def branded(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("branded")
    plan = build.plan([GUIDE], inputs.layout_paths(()), out)
    return {p.stem: p for p in build.build(plan, load_brand(BRAND))}


def qr_codes(path: Path, page: int, dpi: int = 200) -> list:
    image = pdfium.PdfDocument(str(path))[page].render(scale=dpi / 72).to_pil()
    return [(code, dpi) for code in zxingcpp.read_barcodes(image)]


def test_outputs_go_to_the_brand_folder(branded):
    assert {p.parent.parent.name for p in branded.values()} == {"example-clinic"}
    assert set(branded) == {
        "booklet",
        "booklet-imposed",
        "pocket-card",
        "pocket-card-sheet",
        "fridge-sheet",
    }


@pytest.mark.parametrize("stem", ["booklet", "pocket-card", "pocket-card-sheet", "fridge-sheet"])
def test_name_and_phone_in_every_output(branded, stem):
    text = flat(text_of(branded[stem]))
    assert "Riverside Physio & Massage" in text
    assert "01632 960 123" in text
    assert pypdf.PdfReader(branded[stem]).metadata.author == "Riverside Physio & Massage"


@pytest.mark.parametrize("stem", sorted(WHERE))
def test_qr_code_decodes_to_the_brand_url_at_print_size(branded, stem):
    page, smallest_mm = WHERE[stem]
    codes = qr_codes(branded[stem], page)
    assert [c.text for c, _ in codes] == [URL]
    code, dpi = codes[0]
    assert code.format == zxingcpp.BarcodeFormat.QRCode
    assert code.ec_level in ("M", "Q", "H")
    corners = code.position
    side_px = abs(corners.top_right.x - corners.top_left.x)
    assert side_px / dpi * 72 / MM >= smallest_mm - 0.5


def test_every_card_on_the_sheet_scans(branded):
    codes = qr_codes(branded["pocket-card-sheet"], 1, dpi=200)
    assert len(codes) >= 8 and {c.text for c, _ in codes} == {URL}


def test_brand_colour_replaces_the_accent(branded, tmp_path):
    image = pdfium.PdfDocument(str(branded["booklet"]))[0].render(scale=0.5).to_pil()
    assert (0x1D, 0x5E, 0x7A) in {rgb for _, rgb in image.getcolors(1 << 20)}


def test_unbranded_outputs_carry_no_clinic(a4, branded):
    """The brand's words appear only in the branded files (the stamp goes nowhere else)."""
    for stem in ("booklet", "pocket-card", "fridge-sheet"):
        assert "Riverside" in text_of(branded[stem])
        assert "Riverside" not in text_of(a4[stem])


def test_letter_brand_gives_letter_sizes_and_the_option_overrides_it(tmp_path):
    brand = brand_file(tmp_path / "b", paper="letter")
    assert run("build", GUIDE, "-o", tmp_path / "out", "--brand", brand).exit_code == 0
    folder = tmp_path / "out" / "clinic" / "calf-cramp-massage" / "letter"
    size = pypdf.PdfReader(folder / "booklet.pdf").pages[0].mediabox
    assert (round(size.width), round(size.height)) == (396, 612)
    size = pypdf.PdfReader(folder / "fridge-sheet.pdf").pages[0].mediabox
    assert (round(size.width), round(size.height)) == (612, 792)
    assert (
        run("build", GUIDE, "-o", tmp_path / "out", "--brand", brand, "--paper", "a4").exit_code
        == 0
    )
    size = pypdf.PdfReader(folder.parent / "booklet.pdf").pages[0]
    assert round(size.mediabox.height) == 595  # A5, beside the Letter files, not over them
    size = pypdf.PdfReader(folder / "booklet.pdf").pages[0].mediabox
    assert (round(size.width), round(size.height)) == (396, 612)


def test_low_contrast_colour_is_refused_with_its_ratio(tmp_path):
    brand = brand_file(tmp_path, **{"  primary": "'#7fb3d5'"})
    result = run("build", GUIDE, "-o", tmp_path / "out", "--brand", brand)
    assert result.exit_code == 2
    line = result.output.strip()
    assert "clinic.yaml:" in line and "colors.primary" in line and "#7fb3d5" in line
    assert "2.26:1" in line and "4.5:1" in line and "darker" in line  # WCAG by hand: 2.256
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("phon: 123", "unknown key `phon`. Did you mean `phone`?"),
        ("qr: not a url", "expected a web address such as https://example.org/page"),
        ("colors: {primary: blue}", "write a hex colour like #1d5e7a"),
        ("paper: a5", "expected one of 'a4' or 'letter'"),
        ("emergency: call the doctor", "expected the emergency number in digits, such as 999"),
    ],
)
def test_brand_file_mistakes_point_at_their_line(tmp_path, line, says):
    brand = tmp_path / "clinic.yaml"
    brand.write_text(f"name: X Clinic\n{line}\n")
    result = run("build", GUIDE, "-o", tmp_path / "out", "--brand", brand)
    assert result.exit_code == 2
    assert result.output.startswith(f"{brand}:2:") and says in result.output, result.output
    assert not (tmp_path / "out").exists()


def test_empty_brand_folder_is_an_error(tmp_path):
    (tmp_path / "brands").mkdir()
    result = run("build", GUIDE, "-o", tmp_path / "out", "--brand-dir", tmp_path / "brands")
    assert result.exit_code == 2 and "no brand files" in result.output


def test_non_web_qr_address_is_refused(tmp_path):
    brand = brand_file(tmp_path, qr="ftp://riverside.example/x")
    result = run("build", GUIDE, "-o", tmp_path / "out", "--brand", brand)
    assert result.exit_code == 2 and "qr" in result.output and "http" in result.output


def _not_an_image(path: Path) -> None:
    path.write_text("this is not a picture")


def _too_many_pixels(path: Path) -> None:
    Image.new("1", (8000, 6000)).save(path)


def _too_many_bytes(path: Path) -> None:
    path.write_bytes(b"\x89PNG" + bytes(11 * 1024 * 1024))


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_not_an_image, "not a readable PNG or JPEG"),
        (_too_many_pixels, "megapixels"),
        (_too_many_bytes, "larger than 10 MiB"),
    ],
)
def test_bad_logo_is_a_clear_error(tmp_path, make, says):
    brand = brand_file(tmp_path)
    make(tmp_path / "example-clinic-logo.png")
    result = run("build", GUIDE, "-o", tmp_path / "out", "--brand", brand)
    assert result.exit_code == 2, result.output
    line = next(i for i, t in enumerate(brand.read_text().splitlines(), 1) if t.startswith("logo"))
    assert says in result.output and f"clinic.yaml:{line}:7: logo:" in result.output
    assert "Traceback" not in result.output


def test_low_resolution_logo_warns(tmp_path):
    brand = brand_file(tmp_path)
    Image.new("RGB", (60, 60), "#1d5e7a").save(tmp_path / "example-clinic-logo.png")
    assert "dpi" in " ".join(load_brand(brand).warnings)


def test_same_brand_twice_is_byte_identical(branded, tmp_path):
    plan = build.plan([GUIDE], inputs.layout_paths(()), tmp_path)
    again = {p.stem: p for p in build.build(plan, load_brand(BRAND))}
    for stem, path in branded.items():
        assert again[stem].read_bytes() == path.read_bytes(), stem


def test_batch_of_twenty_with_one_broken(tmp_path):
    folder = tmp_path / "brands"
    for i in range(20):
        brand_file(folder, f"clinic-{i:02d}", name=f"Clinic Number {i}")
    (folder / "clinic-07.yaml").write_text(
        (folder / "clinic-07.yaml").read_text().replace("example-clinic-logo.png", "gone.png")
    )
    result = run("build", GUIDE, "-o", tmp_path / "out", "--brand-dir", folder, "--jobs", "2")
    assert result.exit_code == 1
    assert "clinic-07.yaml" in result.output and "gone.png" in result.output
    assert "for 19 of 20 brands" in result.output
    pdfs = sorted((tmp_path / "out").rglob("*.pdf"))
    outputs = [p for p in pdfs if p.name in ("booklet.pdf", "pocket-card.pdf", "fridge-sheet.pdf")]
    assert len(outputs) == 57  # 19 brands × 3 outputs
    assert len(pdfs) == 95  # plus each brand's imposed booklet and sheet of cards
    assert not (tmp_path / "out" / "clinic-07").exists()
    text = flat(text_of(tmp_path / "out" / "clinic-12" / GUIDE.stem / "pocket-card.pdf"))
    assert "Clinic Number 12" in text and "Clinic Number 1 " not in text + " "


def test_batch_output_equals_a_single_build(tmp_path):
    """The render cache a batch shares across brands changes no byte, whatever mix of
    colours and logos the brands have."""
    folder = tmp_path / "brands"
    for i in range(3):
        brand_file(folder, f"clinic-{i}", name=f"Clinic Number {i}")
    brand_file(folder, "clinic-3", **{"  primary": "'#6a1b4d'"})
    (folder / "clinic-4.yaml").write_text("name: Northside Gym\nphone: 0161 496 0000\n")
    assert run("build", GUIDE, "-o", tmp_path / "batch", "--brand-dir", folder).exit_code == 0
    for stem in ("clinic-2", "clinic-3", "clinic-4"):
        one = tmp_path / stem
        assert run("build", GUIDE, "-o", one, "--brand", folder / f"{stem}.yaml").exit_code == 0
        for path in one.rglob("*.pdf"):
            twin = tmp_path / "batch" / path.relative_to(one)
            assert twin.read_bytes() == path.read_bytes(), path.name


def test_brand_without_logo_or_qr_gets_a_short_band(tmp_path):
    brand = tmp_path / "northside.yaml"
    brand.write_text("name: Northside Gym\nphone: 0161 496 0000\n")
    assert run("build", GUIDE, "-o", tmp_path / "out", "--brand", brand).exit_code == 0
    sheet = tmp_path / "out" / "northside" / GUIDE.stem / "fridge-sheet.pdf"
    runs = [r for r in text_sizes(pypdf.PdfReader(sheet).pages[0]) if "Northside" in r[3]]
    assert runs and runs[0][2] < 30 * MM  # the name sits low: no room kept for a QR code
    assert not qr_codes(sheet, 0)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_qr_address_overlaps_no_other_text(tmp_path, paper):
    """Measured from the characters' boxes: the QR code's address under the code never
    touches the clinic's name or contact lines (on Letter it once ran into the website)."""
    from publisher.gate.measure import measure

    plan = build.plan([GUIDE], inputs.layout_paths(()), tmp_path, paper)
    shown = URL.split("://", 1)[1]
    for path in build.build(plan, load_brand(BRAND)):
        if path.stem.endswith(("-sheet", "-imposed")):
            continue
        for chars in measure(path.read_bytes(), dpi=20).pages:
            joined = "".join(c.text for c in chars)
            at = joined.find(shown)
            if at < 0:
                continue
            caption = chars[at : at + len(shown)]
            others = chars[:at] + chars[at + len(shown) :]
            for a in caption:
                for b in others:
                    side = a.box[2] <= b.box[0] + 0.2 or b.box[2] <= a.box[0] + 0.2
                    above = a.box[3] <= b.box[1] + 0.2 or b.box[3] <= a.box[1] + 0.2
                    apart = side or above
                    assert apart, (path.name, paper, a.text, b.text, a.box, b.box)


def test_a_qr_with_guide_sends_each_guides_readers_to_its_own_page(tmp_path):
    second = tmp_path / "back-pain.yaml"
    second.write_text(GUIDE.read_text(encoding="utf-8").replace(
        "id: calf-cramp-massage", "id: back-pain"), encoding="utf-8")  # fmt: skip
    brand = brand_file(tmp_path / "b", qr="https://clinic.example/guides/{guide}")
    plan = build.plan([GUIDE, second], inputs.layout_paths(["pocket-card"]), tmp_path / "out")
    for path in build.build(plan, load_brand(brand)):
        if path.name != "pocket-card.pdf":
            continue
        (code, _), *_ = qr_codes(path, 1)
        guide = path.parent.name
        assert code.text == f"https://clinic.example/guides/{guide}", (path, code.text)
        assert f"clinic.example/guides/{guide}" in flat(text_of(path))


def _links(path: Path) -> list[tuple[int, tuple, str, str]]:
    """(page, rectangle, address, description) of every link annotation."""
    found = []
    for index, page in enumerate(pypdf.PdfReader(path).pages):
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link" and "/URI" in annot.get("/A", {}):
                rect = tuple(float(v) for v in annot["/Rect"])
                found.append((index, rect, str(annot["/A"]["/URI"]), str(annot["/Contents"])))
    return found


def test_the_clinics_phone_email_website_and_qr_code_are_links_over_their_text(branded):
    wanted = {"tel:01632960123", "https://riverside-physio.example", URL,
              "mailto:hello@riverside-physio.example"}  # fmt: skip
    back = _links(branded["booklet"])
    assert wanted <= {address for *_, address, _ in back}
    for stem in ("pocket-card", "fridge-sheet"):
        assert wanted - {"mailto:hello@riverside-physio.example"} <= {
            address for *_, address, _ in _links(branded[stem])
        }
    for stem in ("booklet", "pocket-card", "fridge-sheet"):
        pdf = pdfium.PdfDocument(str(branded[stem]))
        for index, (x0, y0, x1, y1), address, what in _links(branded[stem]):
            if what.startswith("QR code: "):
                assert what == f"QR code: {address}"
                continue
            text = pdf[index].get_textpage().get_text_bounded(x0 - 1, y0 - 1, x1 + 1, y1 + 1)
            assert flat(what) in flat(text), (stem, address, what, text)


def test_a_guide_names_its_own_page_for_a_clinics_fixed_qr_code(tmp_path):
    """`qr: {guide}` in the brand wins; else the guide's `url:`; else the brand's `qr`."""
    guide = tmp_path / "guide.yaml"
    text = GUIDE.read_text(encoding="utf-8")
    guide.write_text(
        text.replace("\nlanguage: en", "\nurl: https://clinic.example/calf\nlanguage: en")
    )
    fixed = brand_file(tmp_path, qr="https://clinic.example/all-guides")
    plan = build.plan([guide], inputs.layout_paths(("pocket-card",)), tmp_path / "out")
    card = next(p for p in build.build(plan, load_brand(fixed)) if p.stem == "pocket-card")
    assert {a for *_, a, _ in _links(card)} >= {"https://clinic.example/calf"}
    assert "https://clinic.example/all-guides" not in {a for *_, a, _ in _links(card)}
    plan = build.plan([guide], inputs.layout_paths(("pocket-card",)), tmp_path / "out2")
    card = next(p for p in build.build(plan, load_brand(BRAND)) if p.stem == "pocket-card")
    assert URL in {a for *_, a, _ in _links(card)}  # the brand's {guide} address wins


def test_a_brands_emergency_number_is_said_on_every_output_and_in_the_email(tmp_path):
    """The urgent red flags say the brand's number ("Call 999 now if you have") on the
    booklet, card and sheet and in the email; without a brand, the words say "an
    emergency number": the tool never guesses one."""
    from publisher.mail.campaign import prepare
    from publisher.mail.recipients import Recipient

    guide = ROOT / "tests" / "corpus" / "tennis-elbow.yaml"
    cases = (
        (load_brand(BRAND), "Call 999 now if you have", "Call an emergency number"),
        (None, "Call an emergency number now if you have", "999"),
    )
    for brand, said, unsaid in cases:
        plan = build.plan([guide], inputs.layout_paths(()), tmp_path / str(bool(brand)))
        for path in build.build(plan, brand):
            if path.stem in ("booklet", "pocket-card", "fridge-sheet"):
                text = flat(text_of(path))
                assert said in text and unsaid not in text, (path.stem, brand)
        letter, _ = prepare(plan, brand, "hello@x.example", None, None)
        mail = letter.text(Recipient("ann@example.org", "Ann"))
        assert said in mail and "You hurt your elbow in a fall" in mail, mail
