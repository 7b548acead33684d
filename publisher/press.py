"""After rendering: stamping a clinic's brand onto a rendered document, and the print
production steps (imposition, bleed and crop marks) done on finished PDFs with pypdf."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    RectangleObject,
    StreamObject,
)

from publisher.render.job import Doc, Job, Slot

INFO_KEYS = {
    "title": "/Title",
    "author": "/Author",
    "subject": "/Subject",
    "keywords": "/Keywords",
    "creator": "/Creator",
}


def finish(writer: PdfWriter, info: dict[str, Any]) -> bytes:
    """Metadata from `info`, a file identifier derived from it (it carries the content hash),
    and the bytes."""
    writer.add_metadata({key: info[name] for name, key in INFO_KEYS.items()})
    ident = hashlib.sha256(repr(sorted(info.items())).encode()).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(ident), ByteStringObject(ident)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class Overlay:
    """One brand drawn once into every distinct slot shape of a build: one small PDF, one
    page per shape, so the logo is encoded and the fonts subset once per brand."""

    def __init__(self, brand, docs: list[tuple[Doc, Any]], job: Job, info: dict[str, Any]):
        from publisher.render import brand as branding
        from publisher.render.styles import canvas

        self.index: dict[tuple, int] = {}
        shapes = []
        for doc, colors in docs:
            for slot in doc.slots:
                key = _shape(slot, colors)
                if key not in self.index:
                    self.index[key] = len(shapes)
                    shapes.append((slot, colors))
        buffer = io.BytesIO()
        canv = canvas(buffer, (100, 100), info, job)
        for slot, colors in shapes:
            canv.setPageSize((slot.width, slot.height))
            origin = Slot(0, slot.kind, 0, 0, slot.width, slot.height, slot.look)
            branding.draw(canv, origin, brand, colors, job)
            canv.showPage()
        canv.save()
        self.reader = PdfReader(buffer) if shapes else None

    def page(self, slot: Slot, colors):
        return self.reader.pages[self.index[_shape(slot, colors)]]


def _shape(slot: Slot, colors) -> tuple:
    return slot.kind, round(slot.width, 2), round(slot.height, 2), slot.look, colors


def stamp(doc: Doc, overlay: Overlay, colors, info: dict[str, Any]) -> bytes:
    """The rendered document with the brand's overlay placed in each of its slots."""
    reader = doc.reader()
    count = len(reader.pages)
    writer = PdfWriter(clone_from=reader)
    forms: dict[int, IndirectObject] = {}
    for number, slot in enumerate(doc.slots):
        page = overlay.page(slot, colors)
        key = id(page)
        if key not in forms:
            forms[key] = _form(writer, page)
        target = writer.pages[slot.page % count]
        _place(writer, target, forms[key], f"/Brand{number}", slot.x, slot.y)
    return finish(writer, info)


SHEETS = {"a4": (841.8898, 595.2756), "letter": (792.0, 612.0)}  # landscape


def saddle(count: int, width: float, height: float, paper: str) -> dict[int, tuple]:
    """Where each page of a `count`-page booklet lands when imposed: page index ->
    (sheet side, x, y). Side k carries pages (n-k, k+1), or (k+1, n-k) on the backs, so it
    prints double-sided (flip on the short edge), folds and staples into the booklet; the
    pair is centred on A4 (Letter) landscape."""
    if count % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {count}")
    sheet_w, sheet_h = SHEETS[paper]
    x, y = (sheet_w - 2 * width) / 2, (sheet_h - height) / 2
    where = {}
    for side in range(count // 2):
        left, right = (count - side, side + 1) if side % 2 == 0 else (side + 1, count - side)
        where[left - 1], where[right - 1] = (side, x, y), (side, x + width, y)
    return where


def impose(data: bytes | PdfReader, info: dict[str, Any], paper: str = "a4") -> bytes:
    """The booklet's pages two-up in saddle-stitch order (see `saddle`), each page a form:
    fonts stay embedded once, text stays selectable."""
    reader = data if isinstance(data, PdfReader) else PdfReader(io.BytesIO(data))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    where = saddle(len(reader.pages), width, height, paper)
    writer = PdfWriter()
    sheets = [writer.add_blank_page(*SHEETS[paper]) for _ in range(len(reader.pages) // 2)]
    for index, page in enumerate(reader.pages):
        side, x, y = where[index]
        _place(writer, sheets[side], _form(writer, page), f"/P{index + 1}", x, y)
    return finish(writer, info)


def impose_doc(doc: Doc, info: dict[str, Any], paper: str) -> Doc:
    """The imposed document, its brand slots moved to where their pages landed."""
    reader = doc.reader()
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    count = len(reader.pages)
    where = saddle(count, width, height, paper)
    slots = []
    for slot in doc.slots:
        side, x, y = where[slot.page % count]
        slots.append(slot.moved(side, x, y))
    return Doc(impose(reader, info, paper), slots)


def bleed_doc(doc: Doc, info: dict[str, Any], job: Job) -> Doc:
    """The press document, its brand slots moved in by the bleed."""
    amount = job.print.bleed
    slots = [s.moved(s.page, amount, amount) for s in doc.slots]
    return Doc(bleed(doc.data, info, job), slots)


def bleed(data: bytes, info: dict[str, Any], job: Job) -> bytes:
    """Press pages: each page grown by `amount` on every side, its artwork moved in by the
    same amount (so nothing is stretched), TrimBox and BleedBox set, crop marks drawn in
    the corners of the bleed, outside the trim."""
    amount = job.print.bleed
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    marks: dict[tuple[float, float], Any] = {}
    for page in writer.pages:
        width, height = (float(v) for v in page.mediabox.upper_right)
        full = RectangleObject([0, 0, width + 2 * amount, height + 2 * amount])
        _wrap(writer, page, f"q 1 0 0 1 {amount:.4f} {amount:.4f} cm\n".encode(), b"\nQ\n")
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            annot[NameObject("/Rect")] = RectangleObject(
                [x0 + amount, y0 + amount, x1 + amount, y1 + amount]
            )
        page.mediabox = full
        page.cropbox = full
        page.bleedbox = full
        page.trimbox = RectangleObject([amount, amount, width + amount, height + amount])
        if (width, height) not in marks:
            marks[(width, height)] = _form(writer, _crop_marks(width, height, amount, info, job))
        _place(writer, page, marks[(width, height)], "/CropMarks", 0, 0)
    return finish(writer, info)


def _crop_marks(width: float, height: float, amount: float, info, job: Job):
    """A page of corner marks on the trim lines' extensions, in registration colour."""
    from reportlab.lib.colors import CMYKColor

    from publisher.render.styles import canvas

    buffer = io.BytesIO()
    canv = canvas(buffer, (width + 2 * amount, height + 2 * amount), info, job)
    canv.setStrokeColor(CMYKColor(1, 1, 1, 1))
    canv.setLineWidth(0.25)
    gap = amount / 6  # marks stop short of the trim corner
    for x in (amount, amount + width):
        for y0, y1 in ((0, amount - gap), (height + amount + gap, height + 2 * amount)):
            canv.line(x, y0, x, y1)
    for y in (amount, amount + height):
        for x0, x1 in ((0, amount - gap), (width + amount + gap, width + 2 * amount)):
            canv.line(x0, y, x1, y)
    canv.showPage()
    canv.save()
    return PdfReader(buffer).pages[0]


def _form(writer: PdfWriter, page) -> IndirectObject:
    """A page of another PDF as a Form XObject in `writer`: its content stream(s) as they
    are (a single stream keeps its compression: nothing is decoded), its resources cloned
    once (fonts shared by several pages stay one object)."""
    contents = page["/Contents"]
    form = StreamObject()
    if isinstance(contents, StreamObject):
        form._data = contents._data
        for key in ("/Filter", "/DecodeParms"):
            if key in contents:
                form[NameObject(key)] = contents[key].clone(writer)
    else:
        form.set_data(page.get_contents().get_data())
        form = form.flate_encode()
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): RectangleObject(page.mediabox),
            NameObject("/Resources"): page["/Resources"].clone(writer),
        }
    )
    return writer._add_object(form)


def _place(writer: PdfWriter, target, form: IndirectObject, name: str, x: float, y: float):
    """Draw a Form XObject on `target` at (x, y), over what is there: no content stream is
    parsed or renamed (pypdf's merge_page does both and costs 50 times as much)."""
    resources = target.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
    xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
    xobjects[NameObject(name)] = form
    _wrap(writer, target, b"q\n", f"\nQ q 1 0 0 1 {x:.4f} {y:.4f} cm {name} Do Q\n".encode())


def _wrap(writer: PdfWriter, target, before: bytes, after: bytes) -> None:
    """Put `before` ahead of the page's content streams and `after` behind them."""
    old = target.raw_get("/Contents") if "/Contents" in target else None
    if old is None:
        parts = []
    else:  # a reference: a stream inside an array must stay an indirect object
        parts = list(old.get_object()) if isinstance(old.get_object(), ArrayObject) else [old]
    streams = []
    for data in (before, after):
        stream = StreamObject()
        stream.set_data(data)
        streams.append(writer._add_object(stream))
    target[NameObject("/Contents")] = ArrayObject([streams[0], *parts, streams[1]])
