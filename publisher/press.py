"""After rendering: stamping a clinic's brand onto a rendered document, and the print
production steps (imposition, bleed and crop marks) done on finished PDFs with pypdf."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject, StreamObject

from publisher.render import Doc, Job

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


def stamp(doc: Doc, brand, colors, job: Job, info: dict[str, Any]) -> bytes:
    """The rendered document with the brand drawn into each of its slots."""
    from publisher.render import brand as branding
    from publisher.render.styles import canvas

    reader = PdfReader(io.BytesIO(doc.data))
    count = len(reader.pages)
    by_page: dict[int, list] = {}
    for slot in doc.slots:
        by_page.setdefault(slot.page % count, []).append(slot)
    buffer = io.BytesIO()
    first = reader.pages[0].mediabox
    canv = canvas(buffer, (float(first.width), float(first.height)), info, job)
    order = sorted(by_page)
    for index in order:
        box = reader.pages[index].mediabox
        canv.setPageSize((float(box.width), float(box.height)))
        for slot in by_page[index]:
            branding.draw(canv, slot, brand, colors, job)
        canv.showPage()
    canv.save()
    overlay = PdfReader(buffer)
    writer = PdfWriter(clone_from=reader)
    for index, page in zip(order, overlay.pages, strict=True):
        _overlay(writer, writer.pages[index], page, "Brand")
    return finish(writer, info)


def _overlay(writer: PdfWriter, target, page, name: str) -> None:
    """Draw `page` over `target` as a Form XObject: no content stream is parsed or renamed
    (pypdf's merge_page does both, and costs 50 times as much)."""
    contents = page["/Contents"].get_object()
    form = StreamObject()
    form.set_data(contents.get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): page.mediabox,
            NameObject("/Resources"): page["/Resources"].clone(writer),
        }
    )
    form = form.flate_encode()
    resources = target["/Resources"].get_object()
    xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
    xobjects[NameObject(f"/{name}")] = writer._add_object(form)
    before, after = StreamObject(), StreamObject()
    before.set_data(b"q\n")
    after.set_data(f"\nQ q /{name} Do Q\n".encode())
    old = target.raw_get("/Contents")  # the reference: a stream inside an array must stay one
    parts = list(old.get_object()) if isinstance(old.get_object(), ArrayObject) else [old]
    target[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *parts, writer._add_object(after)]
    )
