"""Tagged PDF (PDF/UA-1) for the files patients open: the structure tree the renderers
recorded while drawing (`render.tags`), written into the PDF with its parent tree, every
link annotation inside a Link element, `/Tabs /S` on pages, `/MarkInfo`, `/Lang`, the
document title shown, and XMP metadata that claims PDF/UA-1.

Written with pypdf, which the build has already imported to impose and stamp: pikepdf's
import alone costs about as much as a tenth of a cold build."""

from __future__ import annotations

import io
import re
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from publisher.render.tags import Record


def _name(value: str) -> NameObject:
    return NameObject("/" + value)


def apply(writer: PdfWriter, record: Record, info: dict[str, Any],
          figures: list[tuple[int, int, str]] = ()) -> None:  # fmt: skip
    """Write `record`'s structure into `writer` (a copy of the drawn document), and
    `figures`, (page, MCID, description) of what was placed since (a clinic's band)."""
    pages = writer.pages
    refs = [writer._add_object(DictionaryObject()) for _ in record.elements]
    parents: dict[int, dict[int, IndirectObject]] = {}
    for page, mcid, alt in figures:
        figure = writer._add_object(DictionaryObject({
            NameObject("/S"): NameObject("/Figure"),
            NameObject("/P"): refs[0],
            NameObject("/Pg"): pages[page].indirect_reference,
            NameObject("/K"): NumberObject(mcid),
            NameObject("/Alt"): TextStringObject(alt),
        }))  # fmt: skip
        parents.setdefault(page, {})[mcid] = figure
    for index, element in enumerate(record.elements):
        node = refs[index].get_object()
        node[NameObject("/S")] = _name(element.role)  # (/Type /StructElem is optional)
        if element.parent is not None:
            node[NameObject("/P")] = refs[element.parent]
        kids = ArrayObject()
        first_page = None
        for kid in element.kids:
            if kid[0] == "el":
                kids.append(refs[kid[1]])
                continue
            _, page, mcid = kid
            parents.setdefault(page, {})[mcid] = refs[index]
            if first_page is None:
                first_page = page
                node[NameObject("/Pg")] = pages[page].indirect_reference
            if page == first_page:
                kids.append(NumberObject(mcid))
            else:
                kids.append(DictionaryObject({
                    NameObject("/Type"): NameObject("/MCR"),
                    NameObject("/Pg"): pages[page].indirect_reference,
                    NameObject("/MCID"): NumberObject(mcid),
                }))  # fmt: skip
        # one marked sequence: /K is the bare number (as Typst writes it)
        node[NameObject("/K")] = kids[0] if len(kids) == 1 and index else kids
        if element.alt:
            node[NameObject("/Alt")] = TextStringObject(element.alt)
        if element.attrs:
            attrs = DictionaryObject({NameObject("/O"): _name(element.attrs.get("owner", "Table"))})
            for key, value in element.attrs.items():
                if key != "owner":
                    attrs[_name(key)] = _name(value)
            node[NameObject("/A")] = attrs
    refs[0].get_object()["/K"].extend(parents[p][m] for p, m, _ in figures)
    nums = ArrayObject()
    for page_index, page in enumerate(pages):
        page[NameObject("/StructParents")] = NumberObject(page_index)
        page[NameObject("/Tabs")] = NameObject("/S")
        owners = parents.get(page_index, {})
        nums += [NumberObject(page_index),
                 ArrayObject(owners[m] for m in range(len(owners)))]  # fmt: skip
    key = len(pages)
    document = refs[0].get_object()
    for page in pages:
        for annot_ref in page.get("/Annots", []):
            annot = annot_ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            if not annot.get("/Contents"):
                annot[NameObject("/Contents")] = TextStringObject(_words(annot, record))
            link = writer._add_object(DictionaryObject({
                NameObject("/S"): NameObject("/Link"),
                NameObject("/P"): refs[0],
                NameObject("/Pg"): page.indirect_reference,
                NameObject("/Alt"): TextStringObject(str(annot["/Contents"])),
                NameObject("/K"): ArrayObject([DictionaryObject({
                    NameObject("/Type"): NameObject("/OBJR"),
                    NameObject("/Obj"): annot_ref,
                    NameObject("/Pg"): page.indirect_reference,
                })]),
            }))  # fmt: skip
            document["/K"].append(link)
            annot[NameObject("/StructParent")] = NumberObject(key)
            nums += [NumberObject(key), link]
            key += 1
    root = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/StructTreeRoot"),
        NameObject("/K"): refs[0],
        NameObject("/ParentTree"): writer._add_object(
            DictionaryObject({NameObject("/Nums"): nums})
        ),
        NameObject("/ParentTreeNextKey"): NumberObject(key),
    }))  # fmt: skip
    document[NameObject("/P")] = root
    catalog = writer.root_object
    catalog[NameObject("/StructTreeRoot")] = root
    catalog[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )
    catalog[NameObject("/Lang")] = TextStringObject(info["lang"])
    catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    catalog[NameObject("/Metadata")] = writer._add_object(_xmp(info))
    _unicode_without_nulls(writer)


def _words(annot: DictionaryObject, record: Record) -> str:
    """What an internal link (a contents entry) leads to, in words."""
    dest = annot.get("/A", {}).get("/D") or annot.get("/Dest")
    name = str(dest) if isinstance(dest, str) else ""
    return record.links.get(name, "Go to the section") if name else "Go to the section"


def _xmp(info: dict[str, Any]) -> DecodedStreamObject:
    date = re.sub(r"D:(\d{4})(\d\d)(\d\d).*", r"\1-\2-\3", info["date"])
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(info["title"])}</rdf:li></rdf:Alt>
</dc:title>
<dc:creator><rdf:Seq><rdf:li>{escape(info["author"])}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(info["subject"])}</rdf:li>
</rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{escape(info["lang"])}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{escape(info["keywords"])}</pdf:Keywords>
<pdf:Producer>{escape(info["creator"])}</pdf:Producer>
<xmp:CreatorTool>{escape(info["creator"])}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    stream = DecodedStreamObject()
    stream.set_data(packet.encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    return stream


def _unicode_without_nulls(writer: PdfWriter) -> None:
    """ReportLab maps the subset's code 0 (.notdef, never drawn) to U+0000 in each font's
    ToUnicode; PDF/UA forbids that value, so the entry is dropped (in the pages' fonts
    and in those of the forms they draw, such as a clinic's band)."""
    seen: set[int] = set()
    todo = [page.get("/Resources") for page in writer.pages]
    while todo:
        resources = todo.pop()
        resources = resources.get_object() if resources is not None else None
        if not resources or id(resources) in seen:
            continue
        seen.add(id(resources))
        for ref in resources.get("/Font", {}).values():
            cmap_ref = ref.get_object().get("/ToUnicode")
            if cmap_ref is not None and id(cmap_ref.get_object()) not in seen:
                cmap = cmap_ref.get_object()
                seen.add(id(cmap))
                data = cmap.get_data()
                if (fixed := _drop_nulls(data)) != data:
                    cmap.set_data(fixed)
        for ref in resources.get("/XObject", {}).values():
            todo.append(ref.get_object().get("/Resources"))


def _drop_nulls(data: bytes) -> bytes:
    """bfchar entries mapping to <0000> removed, and each block's count kept true."""

    def block(match: re.Match) -> bytes:
        lines = [
            ln for ln in match[2].split(b"\n") if ln.strip() and not ln.strip().endswith(b"<0000>")
        ]
        return b"%d beginbfchar\n" % len(lines) + b"\n".join(lines) + b"\nendbfchar"

    out = re.sub(rb"(\d+) beginbfchar\n(.*?)\nendbfchar", block, data, flags=re.S)
    return re.sub(rb"0 beginbfchar\n\nendbfchar\n?", b"", out)


def tag_document(data: bytes, record: Record, info: dict[str, Any]) -> bytes:
    """The drawn bytes, tagged."""
    from publisher.press import finish

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    apply(writer, record, info)
    return finish(writer, info)
