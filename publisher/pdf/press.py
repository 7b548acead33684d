"""After rendering: stamping a clinic's brand onto a rendered document, and the print
production steps (imposition, bleed and crop marks) done on finished PDFs, all with
pikepdf (qpdf), which the tagged files are written with too."""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from publisher.draw.job import Doc, Job, Slot


class Overlay:
    """One brand drawn once into every distinct slot shape of a build: one small PDF, one
    page per shape, so the logo is encoded and the fonts subset once per brand. A shape is
    a slot with a variant: the layout's colours and the QR address (per guide)."""

    def __init__(self, brand, docs: list[tuple[Doc, Any]], job: Job, info: dict[str, Any]):
        from publisher.draw import band as branding
        from publisher.draw.styles import canvas

        self.brand, self.job = brand, job
        self.index: dict[tuple, int] = {}
        self.links: list[list] = []  # per shape: (rectangle, address, what it is)
        shapes = []
        for doc, variant in docs:
            for slot in doc.slots:
                key = _shape(slot, variant)
                if key not in self.index:
                    self.index[key] = len(shapes)
                    shapes.append((slot, variant))
        buffer = io.BytesIO()
        canv = canvas(buffer, (100, 100), info, job)
        for slot, (colors, url) in shapes:
            canv.setPageSize((slot.width, slot.height))
            origin = Slot(0, slot.kind, 0, 0, slot.width, slot.height, slot.look)
            self.links.append(branding.draw(canv, origin, brand, colors, job, url))
            canv.showPage()
        canv.save()
        self.data = _retag_fonts(buffer.getvalue(), brand.digest)
        self._pdf = None
        self._forms: dict[int, Any] = {}

    def form(self, slot: Slot, variant):
        """The shape's page as a Form XObject (made once per brand, copied into each file)."""
        if self._pdf is None:
            from publisher.pdf import tagging

            self._pdf = pikepdf.open(io.BytesIO(self.data))
            tagging.unicode_without_nulls(self._pdf)  # as in the documents it goes into
        index = self.index[_shape(slot, variant)]
        if index not in self._forms:
            self._forms[index] = self._pdf.pages[index].as_form_xobject()
        return index, self._forms[index]

    def said(self, slot: Slot, variant, language: str) -> str:
        """The band in words, for its figure's description, as this slot draws it: the
        logo, the name, the contact lines it shows and the QR code's address, in the
        document's language."""
        from publisher.draw.band import shown_fields
        from publisher.i18n.words import words

        w, model = words(language), self.brand.model
        _, fields = shown_fields(slot, self.job)
        logo = self.brand.logo and slot.look.logo
        lines = [w["band"]["logo"].format(name=model.name) if logo else "", model.name]
        lines += [getattr(model, f) or "" for f in fields]
        url = variant[1]
        code = f"{w['band']['qr']}: {url}" if url else ""
        return ". ".join(line for line in [*lines, code] if line)

    def said_link(self, what: str, language: str) -> str:
        """A link's words in the document's language (the QR code's are drawn in English)."""
        from publisher.draw.band import QR
        from publisher.i18n.words import words

        if what.startswith(QR):
            return f"{words(language)['band']['qr']}: {what.removeprefix(QR)}"
        return what

    def links_for(self, slot: Slot, variant) -> list:
        return self.links[self.index[_shape(slot, variant)]]


def _retag_fonts(data: bytes, seed: bytes) -> bytes:
    """Give the overlay's font subsets their own tags: ReportLab names every first subset
    AAAAAA+, and two different subsets under one name confuse a print shop's RIP. The names
    stand uncompressed in the font dictionaries and a tag is six letters, so a same-length
    replacement in the bytes keeps every offset (and costs nothing)."""

    def retag(match: re.Match) -> bytes:
        digest = hashlib.sha256(seed + match[2]).digest()
        return b"/" + bytes(65 + b % 26 for b in digest[:6]) + b"+" + match[2]

    return re.sub(rb"/([A-Z]{6})\+(AtkinsonHyperlegible-[A-Za-z]+)", retag, data)


def _shape(slot: Slot, variant) -> tuple:
    """A slot's shape and variant (the layout's colours, the QR address): one overlay page."""
    return slot.kind, round(slot.width, 2), round(slot.height, 2), slot.look, variant


def stamp(doc: Doc, overlay: Overlay, variant, info: dict[str, Any], links: bool = True) -> bytes:
    """The rendered document with the brand's overlay placed in each of its slots, and its
    phone, email, website and QR code made clickable (`links`: not on files only printed);
    a tagged document's band is a figure described in words."""
    from publisher.pdf import tagging

    with pikepdf.open(io.BytesIO(tagging.base(doc) if doc.record else doc.data)) as pdf:
        count = len(pdf.pages)
        forms: dict[int, Any] = {}
        record, bands = doc.record, []  # the record is shared by every brand: not changed
        next_mcid = dict(record.next_mcid) if record is not None else {}
        for number, slot in enumerate(doc.slots):
            index, form = overlay.form(slot, variant)
            if index not in forms:
                forms[index] = pdf.copy_foreign(form)
            page_index = slot.page % count
            target = pdf.pages[page_index]
            mark = end = ""
            if record is not None:  # the band is one figure, its words in its description
                mcid = next_mcid.get(page_index, 0)
                next_mcid[page_index] = mcid + 1
                bands.append((page_index, mcid, overlay.said(slot, variant, info["lang"])))
                mark, end = f"/Figure <</MCID {mcid}>> BDC ", " EMC"
            _put(target, forms[index], f"/Brand{number}", slot.x, slot.y, mark, end)
            for (x0, y0, x1, y1), address, what in (
                overlay.links_for(slot, variant) if links else ()
            ):
                rect = [x0 + slot.x, y0 + slot.y, x1 + slot.x, y1 + slot.y]
                link = pdf.make_indirect(Dictionary(
                    Type=Name.Annot, Subtype=Name.Link, Rect=Array(rect), Border=Array([0, 0, 0]),
                    A=Dictionary(S=Name.URI, URI=String(address)),
                    Contents=String(overlay.said_link(what, info["lang"])),
                ))  # fmt: skip
                if "/Annots" not in target.obj:
                    target.obj.Annots = Array()
                target.obj.Annots.append(link)
        if record is not None:
            tagging.add(pdf, bands, info)
        return tagging.finish(pdf, info, pack=record is not None)


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


def impose(data: bytes, info: dict[str, Any], paper: str = "a4") -> bytes:
    """The booklet's pages two-up in saddle-stitch order (see `saddle`), each page a form:
    fonts stay embedded once, text stays selectable; each bookmark goes to its page on
    the printed sheet."""
    from publisher.pdf.tagging import finish

    with pikepdf.open(io.BytesIO(data)) as source, pikepdf.new() as out:
        width, height = _size(source.pages[0])
        where = saddle(len(source.pages), width, height, paper)
        for _ in range(len(source.pages) // 2):
            out.add_blank_page(page_size=SHEETS[paper])
        for index, page in enumerate(source.pages):
            side, x, y = where[index]
            form = out.copy_foreign(page.as_form_xobject())
            _put(out.pages[side], form, f"/P{index + 1}", x, y)
        pages = {page.objgen: i for i, page in enumerate(source.pages)}
        with source.open_outline() as read, out.open_outline() as written:
            for item in read.root:
                dest = item.destination
                side, x, y = where[pages[dest[0].objgen]]
                left, top = (float(dest[i]) + at for i, at in ((2, x), (3, y)))
                target = pikepdf.make_page_destination(out, side, "XYZ", left=left, top=top)
                written.root.append(pikepdf.OutlineItem(item.title, target))
        return finish(out, info, pack=False)


def _size(page) -> tuple[float, float]:
    box = page.mediabox
    return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])


def impose_doc(doc: Doc, info: dict[str, Any], paper: str) -> Doc:
    """The imposed document, its brand slots moved to where their pages landed."""
    data = impose(doc.data, info, paper)
    with pikepdf.open(io.BytesIO(doc.data)) as source:
        count, (width, height) = len(source.pages), _size(source.pages[0])
    where = saddle(count, width, height, paper)
    slots = []
    for slot in doc.slots:
        side, x, y = where[slot.page % count]
        slots.append(slot.moved(side, x, y))
    return Doc(data, slots)


def bleed_doc(doc: Doc, info: dict[str, Any], job: Job) -> Doc:
    """The press document, its brand slots moved with the artwork (bleed and slug)."""
    amount = job.print.bleed + job.print.slug
    slots = [s.moved(s.page, amount, amount) for s in doc.slots]
    return Doc(bleed(doc.data, info, job), slots)


def bleed(data: bytes, info: dict[str, Any], job: Job) -> bytes:
    """Press pages: each page grown by the bleed and a slug on every side, its artwork moved
    in (never stretched), links and bookmarks moved with it; TrimBox and BleedBox set; crop
    marks in the slug, on the trim lines' extensions, outside the bleed."""
    from publisher.pdf.tagging import finish

    profile = job.print
    move = profile.bleed + profile.slug
    shifted: set = set()
    keep: list[pikepdf.Pdf] = []  # the crop marks' drawing, until the file is written
    with pikepdf.open(io.BytesIO(data)) as pdf:
        marks: dict[tuple[float, float], Any] = {}
        for page in pdf.pages:
            width, height = _size(page)
            page.contents_add(f"q 1 0 0 1 {move:.4f} {move:.4f} cm\n".encode(), prepend=True)
            page.contents_add(b"\nQ\n")
            for annot in page.obj.get("/Annots", []):
                x0, y0, x1, y1 = (float(v) for v in annot.Rect)
                annot.Rect = Array([x0 + move, y0 + move, x1 + move, y1 + move])
                if "/Dest" in annot:
                    _shift(annot.Dest, move, shifted)
            page.obj.MediaBox = page.obj.CropBox = Array([0, 0, width + 2 * move,
                                                         height + 2 * move])  # fmt: skip
            page.obj.BleedBox = Array(_grown(move, width, height, profile.bleed))
            page.obj.TrimBox = Array(_grown(move, width, height, 0))
            if profile.crop_marks:
                if (width, height) not in marks:
                    marks[(width, height)] = _crop_marks(pdf, width, height, info, job, keep)
                _put(page, marks[(width, height)], "/CropMarks", 0, 0)
        outlines = pdf.Root.get("/Outlines")
        item = outlines.get("/First") if outlines is not None else None
        while item is not None:  # the booklet's bookmarks are one level deep
            _shift(item.Dest, move, shifted)
            item = item.get("/Next")
        written = finish(pdf, info, pack=False)
    for drawn in keep:
        drawn.close()
    return written


def _grown(move: float, width: float, height: float, by: float) -> list[float]:
    return [move - by, move - by, move + width + by, move + height + by]


def _shift(dest, move: float, done: set) -> None:
    """Move an explicit destination [page /XYZ left top zoom] with its page's artwork."""
    if dest.is_indirect:  # shared by a link and a bookmark: moved once
        if dest.objgen in done:
            return
        done.add(dest.objgen)
    if len(dest) < 4 or dest[1] != Name.XYZ:
        return
    for index in (2, 3):  # left, top; null keeps the viewer's own position
        if dest[index] is not None:
            dest[index] = float(dest[index]) + move


def _crop_marks(pdf: pikepdf.Pdf, width: float, height: float, info, job: Job, keep: list):
    """A form of corner marks on the trim lines' extensions in registration colour (all
    four inks), each from `mark_offset` beyond the trim, outside the bleed, to the page
    edge; drawn with ReportLab, copied into `pdf`."""
    from reportlab.lib.colors import CMYKColor

    from publisher.draw.styles import canvas

    profile = job.print
    move = profile.bleed + profile.slug
    size = (width + 2 * move, height + 2 * move)
    buffer = io.BytesIO()
    canv = canvas(buffer, size, info, job)
    canv.setStrokeColor(CMYKColor(1, 1, 1, 1))
    canv.setLineWidth(0.25)
    near, far = move - profile.mark_offset, 0.0  # from the trim outwards, to the page edge
    for x in (move, move + width):
        canv.line(x, far, x, near)
        canv.line(x, size[1] - near, x, size[1] - far)
    for y in (move, move + height):
        canv.line(far, y, near, y)
        canv.line(size[0] - near, y, size[0] - far, y)
    canv.showPage()
    canv.save()
    drawn = pikepdf.open(io.BytesIO(buffer.getvalue()))
    keep.append(drawn)  # qpdf reads the copied streams from it when `pdf` is written
    return pdf.copy_foreign(drawn.pages[0].as_form_xobject())


def _put(page, form, name: str, x: float, y: float, mark: str = "", end: str = "") -> None:
    """Draw a Form XObject on `page` at (x, y), over what is there, without parsing or
    renaming any content: the page's own drawing is wrapped in q ... Q first. `mark` and
    `end` enclose the placement in a marked-content sequence."""
    page.add_resource(form, Name.XObject, Name(name))
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(f"\nQ {mark}q 1 0 0 1 {x:.4f} {y:.4f} cm {name} Do Q{end}\n".encode())
