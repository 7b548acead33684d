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

from publisher import press
from tests.conftest import MM, ROOT, resources

BLEED = 3 * MM


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
    data = press.impose(numbered(count), {k: "x" for k in press.INFO_KEYS})
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


@pytest.mark.parametrize("variant", ["press", "press-brand", "press-grayscale"])
def test_press_pages_are_trim_plus_bleed_with_boxes(profiles, variant):
    office = profiles["office"]
    outputs = profiles[variant]
    assert set(outputs) == {"booklet", "pocket-card", "fridge-sheet"}
    for stem, path in outputs.items():
        assert path.parent.name in ("press", "grayscale")
        trim_size = pypdf.PdfReader(office[stem]).pages[0].mediabox
        for page in pypdf.PdfReader(path).pages:
            media, trim, bleed = page.mediabox, page.trimbox, page.bleedbox
            assert len(page["/TrimBox"]) == 4 and len(page["/BleedBox"]) == 4
            assert float(media.width) == pytest.approx(float(trim_size.width) + 2 * BLEED)
            assert float(media.height) == pytest.approx(float(trim_size.height) + 2 * BLEED)
            assert (float(trim.left), float(trim.bottom)) == pytest.approx((BLEED, BLEED))
            assert float(trim.width) == pytest.approx(float(trim_size.width))
            assert list(bleed) == list(media)


def test_crop_marks_lie_outside_the_trim_and_inside_the_page(profiles):
    for path in profiles["press-brand"].values():
        pdf = pdfium.PdfDocument(str(path))
        for index in range(len(pdf)):
            image = pdf[index].render(scale=200 / 72).to_pil().convert("L")
            w, h = image.size
            b = round(BLEED * 200 / 72)
            ink = image.point(lambda v: 255 if v < 200 else 0)
            # each corner of the bleed has its marks
            for x, y in ((0, 0), (w - b, 0), (0, h - b), (w - b, h - b)):
                assert ink.crop((x, y, x + b, y + b)).getbbox(), (path.name, index, x, y)
            # and nothing else is drawn in the bleed: the edge bands between the corners
            for box in ((b, 0, w - b, b - 1), (b, h - b + 1, w - b, h), (0, b, b - 1, h - b)):
                assert ink.crop(box).getbbox() is None, (path.name, index, box)


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
    from publisher import build, inputs
    from publisher.brand import load_brand

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
