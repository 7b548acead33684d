"""Print production: saddle-stitch imposition, the press profile (bleed, boxes, crop marks,
CMYK), grayscale, and a self-check every output of every profile passes."""

from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import ImageChops
from pypdf.generic import ContentStream
from reportlab.pdfgen.canvas import Canvas

from publisher.draw.job import PRINT_PROFILES
from publisher.pdf import press
from publisher.pdf.tagging import INFO_KEYS
from tests.conftest import MM, ROOT, resources

PRESS = PRINT_PROFILES["press"]
GUIDE = ROOT / "content" / "calf-cramp-massage.yaml"
BRAND = ROOT / "brands" / "example-clinic.yaml"


def numbered(count: int, size=(419.5, 595.3)) -> bytes:
    """A PDF whose page n says only `Page n`."""
    buffer = io.BytesIO()
    canv = Canvas(buffer, pagesize=size, invariant=1)
    for n in range(1, count + 1):
        canv.setFont("Helvetica", 30)
        canv.drawString(100, 300, f"Page {n}")
        canv.showPage()
    canv.save()
    return buffer.getvalue()


def halves(data: bytes) -> list[tuple[str, str]]:
    """(left text, right text) of every sheet side of an imposed PDF, read by pdfium
    within each half of the sheet."""
    sides = []
    pdf = pdfium.PdfDocument(data)
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        text = page.get_textpage()
        left = text.get_text_bounded(0, 0, width / 2, height)
        right = text.get_text_bounded(width / 2, 0, width, height)
        sides.append((" ".join(left.split()), " ".join(right.split())))
    return sides


@pytest.mark.parametrize(
    ("count", "order"),
    [
        (8, [(8, 1), (2, 7), (6, 3), (4, 5)]),
        (12, [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]),
        (16, [(16, 1), (2, 15), (14, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9)]),
    ],
)
def test_saddle_stitch_order(count, order):
    info = {**{k: "x" for k in INFO_KEYS}, "lang": "en", "date": "D:20261125000000"}
    data = press.impose(numbered(count), info)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == count // 2
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (842, 595)  # A4 landscape
    assert halves(data) == [(f"Page {a}", f"Page {b}") for a, b in order]


def test_shipped_booklet_is_imposed_two_up_on_landscape_a4(a4):
    reading = pypdf.PdfReader(a4["booklet"])
    imposed = pypdf.PdfReader(a4["booklet-imposed"])
    n = len(reading.pages)
    assert len(imposed.pages) == n // 2
    box = imposed.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (842, 595)

    # the fonts are embedded once, not once per sheet side
    def font_objects(path):
        return {f.idnum for res in resources(path) for f in res.get("/Font", {}).values()}

    assert len(font_objects(a4["booklet-imposed"])) == len(font_objects(a4["booklet"]))
    sides = halves(a4["booklet-imposed"].read_bytes())
    assert f"Page 2 of {n}" in sides[1][0] and f"Page {n - 1} of {n}" in sides[1][1]
    centre = sides[-1]  # the innermost side: the centre spread
    assert f"Page {n // 2} of {n}" in centre[0] and f"Page {n // 2 + 1} of {n}" in centre[1]


def test_imposed_letter_booklet_is_on_landscape_letter(letter):
    box = pypdf.PdfReader(letter["booklet-imposed"]).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (792, 612)


@pytest.fixture(scope="session")
def press_letter(tmp_path_factory) -> dict[str, Path]:
    """The calf guide for a print shop on Letter, with the example brand."""
    from publisher.inputs import find as inputs
    from publisher.model.brand import load_brand
    from publisher.pipeline import build

    out = tmp_path_factory.mktemp("press-letter")
    plan = build.plan([GUIDE], inputs.layout_paths(()), out, "letter", "press")
    return {p.stem: p for p in build.build(plan, load_brand(BRAND))}


def _press_files(profiles, press_letter) -> list[tuple[str, Path]]:
    found = [(f"letter-brand/{stem}", path) for stem, path in press_letter.items()]
    for variant in ("press", "press-brand", "press-grayscale"):
        found += [(f"{variant}/{stem}", path) for stem, path in profiles[variant].items()]
    return found


def _box(page, name: str) -> tuple[float, ...]:
    return tuple(float(v) for v in page[name])


def test_press_pages_have_bleed_and_a_slug_for_the_marks(profiles, press_letter):
    """MediaBox = BleedBox + slug (≥ 5 mm) = TrimBox + bleed + slug on every side."""
    office = {"a4": profiles["office"], "letter": None}
    assert set(profiles["press"]) == {"booklet", "pocket-card", "fridge-sheet"}
    for name, path in _press_files(profiles, press_letter):
        for page in pypdf.PdfReader(path).pages:
            media, trim, bleed = (_box(page, k) for k in ("/MediaBox", "/TrimBox", "/BleedBox"))
            assert _box(page, "/CropBox") == media, name
            assert all(b - m >= 5 * MM - 1e-3 for b, m in zip(bleed[:2], media[:2], strict=True)), (
                name
            )
            assert all(m - b >= 5 * MM - 1e-3 for b, m in zip(bleed[2:], media[2:], strict=True)), (
                name
            )
            assert [t - b for t, b in zip(trim, bleed, strict=True)] == pytest.approx(
                [PRESS.bleed, PRESS.bleed, -PRESS.bleed, -PRESS.bleed]
            ), name
        if name.startswith("press/"):  # the trim is the office page's size
            trim_page = pypdf.PdfReader(office["a4"][path.stem]).pages[0].mediabox
            assert trim[2] - trim[0] == pytest.approx(float(trim_page.width)), name
            assert trim[3] - trim[1] == pytest.approx(float(trim_page.height)), name


def test_crop_marks_lie_outside_the_bleed_and_nothing_else_does(profiles, press_letter):
    """Render at 200 dpi: the band between TrimBox and BleedBox has ink only where a
    background crosses the trim line; the slug has ink only on the trim lines' extensions,
    from at least 3 mm beyond the trim, and every one of the eight marks is there."""
    scale = 200 / 72
    for name, path in _press_files(profiles, press_letter):
        reader = pypdf.PdfReader(path)
        pdf = pdfium.PdfDocument(str(path))
        for index, page in enumerate(reader.pages):
            gray = pdf[index].render(scale=scale).to_pil().convert("L")
            ink = gray.point(lambda v: 255 if v < 200 else 0)
            w, h = ink.size
            x0, y0, x1, y1 = (round(v * scale) for v in _box(page, "/TrimBox"))
            y0, y1 = h - y1, h - y0  # image rows run downwards
            b, near = round(PRESS.bleed * scale), round(3 * MM * scale)
            # the bleed band, side by side: ink only where the pixel just inside the trim
            # (the same column or row) is inked too
            for band, inside in (
                ((x0 - b, y0 - b, x1 + b, y0 - 1), (x0 - b, y0 + 2, x1 + b, y0 + 3)),
                ((x0 - b, y1 + 1, x1 + b, y1 + b), (x0 - b, y1 - 3, x1 + b, y1 - 2)),
                ((x0 - b, y0 - b, x0 - 1, y1 + b), (x0 + 2, y0 - b, x0 + 3, y1 + b)),
                ((x1 + 1, y0 - b, x1 + b, y1 + b), (x1 - 3, y0 - b, x1 - 2, y1 + b)),
            ):
                strip = ink.crop(band)
                continued = ink.crop(inside).resize(strip.size)
                assert ImageChops.subtract(strip, continued).getbbox() is None, (name, index)
            # the slug: blank out the bleed and trim area and the marks' lanes; nothing left
            rest = ink.copy()
            rest.paste(0, (x0 - b, y0 - b, x1 + b, y1 + b))
            lanes = [(v - 2, 0, v + 3, y0 - near) for v in (x0, x1)]
            lanes += [(v - 2, y1 + near, v + 3, h) for v in (x0, x1)]
            lanes += [(0, v - 2, x0 - near, v + 3) for v in (y0, y1)]
            lanes += [(x1 + near, v - 2, w, v + 3) for v in (y0, y1)]
            marks = [ink.crop(lane) for lane in lanes]
            for lane in lanes:
                rest.paste(0, lane)
            assert rest.getbbox() is None, (name, index, rest.getbbox())
            assert all(mark.getbbox() for mark in marks), (name, index)


def _operators(path: Path) -> set[str]:
    found = set()
    reader = pypdf.PdfReader(path)
    for page in reader.pages:
        found |= {op.decode() for _, op in page.get_contents().operations}
    for res in resources(path):
        for ref in res.get("/XObject", {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                found |= {op.decode() for _, op in ContentStream(xobject, reader).operations}
    return found


def _image_spaces(path: Path) -> set[str]:
    return {
        str(ref.get_object().get("/ColorSpace"))
        for res in resources(path)
        for ref in res.get("/XObject", {}).values()
        if ref.get_object().get("/Subtype") == "/Image"
    }


@pytest.mark.parametrize("variant", ["press", "press-brand"])
def test_press_output_is_cmyk_only(profiles, variant):
    for path in profiles[variant].values():
        ops = _operators(path)
        assert "k" in ops and not ops & {"rg", "RG", "g", "G", "sc", "scn"}, path.name
        assert _image_spaces(path) <= {"/DeviceCMYK"}, path.name


def test_office_output_is_rgb(profiles):
    assert "rg" in _operators(profiles["office-brand"]["booklet"])
    assert "/DeviceRGB" in _image_spaces(profiles["office-brand"]["booklet"])


@pytest.mark.parametrize("variant", ["grayscale", "grayscale-brand"])
def test_grayscale_renders_are_neutral_on_every_page(profiles, variant):
    for path in profiles[variant].values():
        pdf = pdfium.PdfDocument(str(path))
        for index in range(len(pdf)):
            r, g, b = pdf[index].render(scale=60 / 72).to_pil().convert("RGB").split()
            assert ImageChops.difference(r, g).getbbox() is None, (path.name, index)
            assert ImageChops.difference(g, b).getbbox() is None, (path.name, index)


def test_press_grayscale_uses_black_ink_only(profiles):
    """K-only CMYK (pdfium previews K as a faintly blue gray, so pixels can't tell)."""
    for path in profiles["press-grayscale-brand"].values():
        reader = pypdf.PdfReader(path)
        streams = [page.get_contents() for page in reader.pages]
        for res in resources(path):
            for ref in res.get("/XObject", {}).values():
                if ref.get_object().get("/Subtype") == "/Form":
                    streams.append(ContentStream(ref.get_object(), reader))
        inks = [
            tuple(float(v) for v in args[:3])
            for stream in streams
            for args, op in stream.operations
            if op in (b"k", b"K")
        ]
        assert inks and set(inks) == {(0.0, 0.0, 0.0)}, path.name
        assert _image_spaces(path) <= {"/DeviceGray"}, path.name


def test_grayscale_keeps_meaning_in_shape_and_words(profiles):
    """The red-flag box still has its warning word and border in gray: not colour alone."""
    text = pypdf.PdfReader(profiles["grayscale"]["fridge-sheet"]).pages[0].extract_text()
    assert "See a doctor" in text
    image = pdfium.PdfDocument(str(profiles["grayscale"]["fridge-sheet"]))[0]
    pixels = image.render(scale=40 / 72).to_pil().convert("L")
    assert pixels.getextrema()[0] < 80  # dark borders and text survive the conversion


@pytest.mark.parametrize("variant", ["office", "press", "grayscale", "press-grayscale"])
def test_rebuild_is_byte_identical(profiles, variant, tmp_path):
    from publisher.inputs import find as inputs
    from publisher.model.brand import load_brand
    from publisher.pipeline import build

    profile = "press" if "press" in variant else "office"
    plan = build.plan(
        [ROOT / "content" / "calf-cramp-massage.yaml"],
        inputs.layout_paths(()),
        tmp_path,
        None,
        profile,
        "grayscale" in variant,
    )
    again = build.build(plan, load_brand(ROOT / "brands" / "example-clinic.yaml"))
    for path in again:
        assert path.read_bytes() == profiles[f"{variant}-brand"][path.stem].read_bytes()


def every_output(profiles):
    return [(name, stem, path) for name, out in profiles.items() for stem, path in out.items()]


def test_every_output_passes_the_pdf_self_check(profiles, caplog):
    ids = {}
    for name, stem, path in every_output(profiles):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            caplog.clear()
            with caplog.at_level(logging.WARNING, logger="pypdf"):
                reader = pypdf.PdfReader(path, strict=True)
                for page in reader.pages:
                    page.extract_text()
            assert not caplog.records, (name, stem, caplog.text)
            pdf = pdfium.PdfDocument(str(path))
            assert len(pdf) == len(reader.pages)
        fonts = [f for f, _ in _fonts(path)]
        assert fonts and all(embedded for _, embedded in _fonts(path)), (name, stem)
        assert all("Atkinson" in f for f in fonts), (name, stem, fonts)
        for page in reader.pages:
            media = page.mediabox
            trim, bleed = page.trimbox, page.bleedbox
            assert _inside(trim, bleed) and _inside(bleed, media), (name, stem)
            assert "/ArtBox" not in page, (name, stem)  # none written; a stale one would lie
        ident = bytes(reader.trailer["/ID"][0].original_bytes)
        assert ident not in ids, (name, stem, ids.get(ident))
        ids[ident] = (name, stem)


def _fonts(path):
    from tests.conftest import embedded_fonts

    return embedded_fonts(path)


def _inside(inner, outer) -> bool:
    return (
        float(inner.left) >= float(outer.left) - 1e-3
        and float(inner.bottom) >= float(outer.bottom) - 1e-3
        and float(inner.right) <= float(outer.right) + 1e-3
        and float(inner.top) <= float(outer.top) + 1e-3
    )


def test_the_pypdf_internals_press_relies_on_still_work():
    """press.py places pages as Form XObjects without parsing content streams, which pypdf
    offers no public API for; pyproject.toml pins pypdf to versions where this passes."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, IndirectObject, StreamObject

    writer = PdfWriter()
    stream = StreamObject()
    stream._data = b"q Q"
    ref = writer._add_object(stream)
    assert isinstance(ref, IndirectObject) and ref.get_object().get_data() == b"q Q"
    writer._ID = ArrayObject([ByteStringObject(b"x" * 16)] * 2)
    writer.add_blank_page(10, 10)
    out = io.BytesIO()
    writer.write(out)
    assert pypdf.PdfReader(out).trailer["/ID"][0].original_bytes == b"x" * 16


def test_one_cmyk_conversion_for_pixels_and_vectors():
    """colors.cmyk_image applies colors.cmyk's formula pixel by pixel."""
    from PIL import Image

    from publisher import colors

    samples = [(29, 94, 122), (0, 0, 0), (255, 255, 255), (242, 177, 52), (128, 128, 128),
               (200, 30, 60), (1, 2, 3)]  # fmt: skip
    image = Image.new("RGB", (len(samples), 1))
    for x, rgb in enumerate(samples):
        image.putpixel((x, 0), rgb)
    converted = colors.cmyk_image(image)
    for x, rgb in enumerate(samples):
        expected = [round(v * 255) for v in colors.cmyk(tuple(c / 255 for c in rgb))]
        got = converted.getpixel((x, 0))
        assert all(abs(a - b) <= 1 for a, b in zip(got, expected, strict=True)), (rgb, got)


def _images(path: Path) -> list:
    """Every image XObject (pypdf image objects) of a PDF, forms included."""
    found = []
    for res in resources(path):
        for ref in res.get("/XObject", {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                found.append(xobject.decode_as_image())
    return found


def test_logo_prints_with_the_same_inks_as_the_panel_it_sits_on(profiles, press_letter):
    """The example logo is mostly the brand's primary colour: its commonest inked pixel
    must match the CMYK fill of the cover panel (drawn in that colour) within 2%."""
    for path in (profiles["press-brand"]["booklet"], press_letter["booklet"]):
        ops = ContentStream(pypdf.PdfReader(path).pages[0].get_contents(), None).operations
        fills = {tuple(round(float(v), 3) for v in args) for args, op in ops if op == b"k"}
        logo = next(i for i in _images(path) if i.mode == "CMYK")
        count, ink = max(logo.getcolors(1 << 20), key=lambda c: c[0] if any(c[1]) else 0)
        panel = [
            f for f in fills if all(abs(a - b / 255) <= 0.02 for a, b in zip(f, ink, strict=True))
        ]
        assert panel, (ink, fills)
        assert count > logo.width * logo.height / 3


def _outline(path: Path) -> list[tuple[str, int, float, float]]:
    reader = pypdf.PdfReader(path)
    return [
        (item.title, reader.get_destination_page_number(item), float(item.left), float(item.top))
        for item in reader.outline
    ]


def test_bookmarks_land_where_they_do_in_the_office_file(profiles):
    office = _outline(profiles["office-brand"]["booklet"])
    press_file = profiles["press-brand"]["booklet"]
    trim = _box(pypdf.PdfReader(press_file).pages[0], "/TrimBox")
    pressed = _outline(press_file)
    assert len(pressed) == len(office) > 10
    for (title, page, left, top), (t2, p2, l2, top2) in zip(office, pressed, strict=True):
        assert (title, page) == (t2, p2)
        assert (l2 - trim[0], top2 - trim[1]) == pytest.approx((left, top))
        assert trim[0] <= l2 <= trim[2] and trim[1] <= top2 <= trim[3]


def test_imposed_booklet_has_language_title_and_bookmarks_on_its_sheets(a4):
    reader = pypdf.PdfReader(a4["booklet-imposed"])
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title.endswith("imposed for printing")
    booklet = _outline(a4["booklet"])
    imposed = _outline(a4["booklet-imposed"])
    assert [t for t, *_ in imposed] == [t for t, *_ in booklet]
    count = len(pypdf.PdfReader(a4["booklet"]).pages)
    for (_, page, _, _), (_, side, left, _) in zip(booklet, imposed, strict=True):
        assert side == press.saddle(count, 419.5276, 595.2756, "a4")[page][0]
        half = float(reader.pages[side].mediabox.width) / 2
        first_on_left = (count - side if side % 2 == 0 else side + 1) - 1 == page
        assert (left < half) == first_on_left


def test_subset_tags_name_one_subset_each(profiles):
    """A tag+name (AAAAAA+AtkinsonHyperlegible-Regular) stands for one embedded subset."""
    import hashlib

    for variant, files in profiles.items():
        for stem, path in files.items():
            streams: dict[str, set[str]] = {}
            for res in resources(path):
                for ref in res.get("/Font", {}).values():
                    font = ref.get_object()
                    data = (
                        font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
                    )
                    digest = hashlib.sha256(data).hexdigest()
                    streams.setdefault(str(font["/BaseFont"]), set()).add(digest)
            assert streams and all(len(s) == 1 for s in streams.values()), (variant, stem, streams)


def test_every_file_is_dated_by_the_review_and_structurally_valid(profiles, press_letter):
    import pikepdf

    from publisher.model.load import load_guide

    reviewed = load_guide(GUIDE).model.reviewed
    date = f"D:{reviewed:%Y%m%d}000000+00'00'"
    files = [p for files in profiles.values() for p in files.values()]
    for path in [*files, *press_letter.values()]:
        meta = pypdf.PdfReader(path).metadata
        assert meta["/CreationDate"] == meta["/ModDate"] == date, path
        with pikepdf.open(path) as pdf:
            check = getattr(pdf, "check_pdf_syntax", None) or pdf.check  # (pikepdf 8: check)
            assert check() == [], path


def test_the_imposed_booklet_is_about_the_size_of_the_booklet(a4):
    """The pages are placed as forms that share their fonts and keep their compression:
    imposing adds sheets, not a second copy of everything (it once wrote the forms'
    content uncompressed: 124 KB for a 49 KB booklet)."""
    assert a4["booklet-imposed"].stat().st_size < 1.25 * a4["booklet"].stat().st_size
