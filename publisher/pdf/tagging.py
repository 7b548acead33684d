"""Tagged PDF (PDF/UA-1) for the files patients open: the structure tree the renderers
recorded while drawing (`render.tags`), written into the PDF with its parent tree, every
link annotation inside a Link element, `/Tabs /S` on pages, `/MarkInfo`, `/Lang`, the
document title shown, and XMP metadata that claims PDF/UA-1. Written with pikepdf (qpdf),
which packs the tree's hundreds of small objects into compressed object streams: a
tagged file is no bigger than the untagged one was."""

from __future__ import annotations

import io
import re
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from publisher.draw.markup import escape
from publisher.draw.tags import Record

INFO_KEYS = {
    "title": "/Title",
    "author": "/Author",
    "subject": "/Subject",
    "keywords": "/Keywords",
    "creator": "/Creator",
}  # fmt: skip  (info -> /Info)


def apply(pdf: pikepdf.Pdf, record: Record, info: dict[str, Any]) -> None:
    """Write `record`'s structure into `pdf` (the drawn document)."""
    pages = [page.obj for page in pdf.pages]
    refs = [pdf.make_indirect(Dictionary()) for _ in record.elements]
    parents: dict[int, dict[int, Any]] = {}
    for index, element in enumerate(record.elements):
        node = refs[index]
        node.S = Name("/" + element.role)
        if element.parent is not None:
            node.P = refs[element.parent]
        kids: list[Any] = []
        first = None
        for kid in element.kids:
            if kid[0] == "el":
                kids.append(refs[kid[1]])
                continue
            _, page, mcid = kid
            parents.setdefault(page, {})[mcid] = node
            if first is None:
                first = page
                node.Pg = pages[page]
            kids.append(mcid if page == first else
                        Dictionary(Type=Name.MCR, Pg=pages[page], MCID=mcid))  # fmt: skip
        # one marked sequence: /K is the bare number (as Typst writes it)
        node.K = kids[0] if len(kids) == 1 and index else Array(kids)
        if element.alt:
            node.Alt = String(element.alt)
        given = element.attrs or _numbered(record, element)
        if given:
            attrs = Dictionary(O=Name("/" + given.get("owner", "Table")))
            for key, value in given.items():
                if key != "owner":
                    attrs[Name("/" + key)] = Name("/" + value)
            node.A = attrs
    document = refs[0]
    nums: list[Any] = []
    for page_index, page in enumerate(pages):
        page.StructParents = page_index
        page.Tabs = Name.S
        owners = parents.get(page_index, {})
        nums += [page_index, Array([owners[m] for m in range(len(owners))])]
    root = pdf.make_indirect(Dictionary(
        Type=Name.StructTreeRoot, K=document, ParentTreeNextKey=len(pages),
        ParentTree=pdf.make_indirect(Dictionary(Nums=Array(nums))),
    ))  # fmt: skip
    document.P = root
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    # the internal links are the contents entries', in the order they were drawn
    # (an entry that wraps has one annotation per line, all to the same place: a group)
    internal = [a for page in pages for a in page.get("/Annots", []) if _internal(a)]
    groups: list[list] = []
    for annot in internal:
        if groups and _target(groups[-1][-1]) == _target(annot):
            groups[-1].append(annot)
        else:
            groups.append([annot])
    entries = list(record.owners) if len(groups) == len(record.owners) else []
    leads = {a.objgen: k for group, k in zip(groups, entries, strict=False) for a in group}
    owned = {}
    for annot in internal:
        entry = leads.get(annot.objgen)
        if not str(annot.get("/Contents", "")):
            annot.Contents = String(record.links.get(entry, _go_to(info)))
        owner = record.owners.get(entry)  # a contents entry's link: inside that entry
        owned[annot.objgen] = refs[owner] if owner is not None else document
    add(pdf, [], info, owned)
    unicode_without_nulls(pdf)


def add(pdf: pikepdf.Pdf, figures: list[tuple[int, int, str]], info: dict[str, Any],
        owned: dict | None = None) -> None:  # fmt: skip
    """Into a tagged `pdf`: `figures`, (page, MCID, description) of what was placed since
    its structure was written (a clinic's band), each a Figure at the document's end, and
    a Link element for every link annotation not yet in the tree (inside its `owned`
    element, else the document's); the XMP metadata of `info`."""
    root = pdf.Root.StructTreeRoot
    document = root.K
    pages = [page.obj for page in pdf.pages]
    nums = root.ParentTree.Nums
    firsts = {p.objgen: i for i, p in enumerate(pages)}
    for page, mcid, alt in figures:
        figure = pdf.make_indirect(
            Dictionary(S=Name.Figure, P=document, Pg=pages[page], K=mcid, Alt=String(alt))
        )
        _in_page_order(document, figure, page, firsts)
        marks = nums[2 * page + 1]
        assert len(marks) == mcid, "a figure's MCID follows the page's marks"
        marks.append(figure)
    key = int(root.ParentTreeNextKey)
    for page in pages:
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != Name.Link or "/StructParent" in annot:
                continue
            if not str(annot.get("/Contents", "")):  # a screen reader says where it goes
                action = annot.get("/A")
                uri = action.get("/URI") if action is not None else None
                annot.Contents = String(str(uri) if uri is not None else _go_to(info))
            parent = (owned or {}).get(annot.objgen, document)
            link = pdf.make_indirect(Dictionary(
                S=Name.Link, P=parent, Pg=page,
                K=Array([Dictionary(Type=Name.OBJR, Obj=annot, Pg=page)]),
            ))  # fmt: skip
            if not isinstance(parent.get("/K"), Array):
                parent.K = Array([parent.K] if "/K" in parent else [])
            if parent.objgen == document.objgen:  # a clinic's link: where its page is read
                _in_page_order(document, link, firsts[page.objgen], firsts)
            else:
                _words_into(link, parent, pages, nums)
                parent.K.append(link)
            annot.StructParent = key
            nums.extend([key, link])
            key += 1
    root.ParentTreeNextKey = key
    pdf.Root.Metadata = pdf.make_stream(_xmp(info), Type=Name.Metadata, Subtype=Name.XML)


def base(doc) -> bytes:
    """A drawn document with its structure written, once however many brands are stamped
    on it (`add` puts in each band's figure and links)."""
    if doc.tagged is None:
        with pikepdf.open(io.BytesIO(doc.data)) as pdf:
            apply(pdf, doc.record, BLANK)
            out, packed = io.BytesIO(), pikepdf.ObjectStreamMode.generate
            pdf.save(
                out, object_stream_mode=packed, fix_metadata_version=False, deterministic_id=True
            )  # packed, each brand's file is written 3× faster
            doc.tagged = out.getvalue()
    return doc.tagged


BLANK = dict.fromkeys(("title", "author", "subject", "lang", "keywords", "creator"), "")
BLANK["date"] = "D:20000101000000"


def finish(pdf: pikepdf.Pdf, info: dict[str, Any], pack: bool = True) -> bytes:
    """Metadata from `info` (dates, language, title shown) and the bytes, the file
    identifier derived from the content (so a rebuild is byte-identical). `pack`: objects
    in compressed object streams (a tagged file's hundreds of small ones); a print file
    is written as it is, which is four times faster."""
    pdf.docinfo = pdf.make_indirect(Dictionary({
        **{key: String(info[name]) for name, key in INFO_KEYS.items()},
        "/CreationDate": String(info["date"]), "/ModDate": String(info["date"]),
    }))  # fmt: skip
    pdf.Root.Lang = String(info["lang"])
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    one_filter(pdf)
    out = io.BytesIO()
    same = {"fix_metadata_version": False, "deterministic_id": True}
    if pack:
        mode = pikepdf.ObjectStreamMode.generate
        pdf.save(out, object_stream_mode=mode, recompress_flate=False, **same)
    else:
        none = pikepdf.StreamDecodeLevel.none
        pdf.save(out, stream_decode_level=none, **same)  # new streams (forms) compressed
    return out.getvalue()


def one_filter(pdf: pikepdf.Pdf) -> None:
    """ReportLab writes `/Filter [/FlateDecode]`; qpdf inflates and deflates every such
    stream again on each save (fonts, pages, a logo: ten times the cost of the save),
    but passes `/Filter /FlateDecode`, the same filter, through untouched."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            chain = obj.get("/Filter")
            if isinstance(chain, Array) and len(chain) == 1:
                obj.Filter = chain[0]
                parms = obj.get("/DecodeParms")
                if isinstance(parms, Array) and len(parms) == 1:
                    obj.DecodeParms = parms[0]


def _go_to(info: dict[str, Any]) -> str:
    """What a contents link says when its entry's words are unknown, in the language."""
    from publisher.i18n.words import words

    return words(info["lang"])["go_to"]


def _target(annot) -> tuple:
    """Where an internal link leads: its destination's page and position."""
    dest = annot.get("/Dest")
    if dest is None:
        dest = annot.A.get("/D")
    if isinstance(dest, Array):
        return tuple(x.objgen if isinstance(x, Dictionary) else str(x) for x in dest)
    return (str(dest),)


def _internal(annot) -> bool:
    """A link within the document (a contents entry), not to the web."""
    action = annot.get("/A")
    return annot.get("/Subtype") == Name.Link and (
        "/Dest" in annot or (action is not None and action.get("/S") == Name.GoTo)
    )


def _xmp(info: dict[str, Any]) -> bytes:
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
    return packet.encode("utf-8")


def unicode_without_nulls(pdf: pikepdf.Pdf) -> None:
    """ReportLab maps the subset's code 0 (.notdef, never drawn) to U+0000 in each font's
    ToUnicode; PDF/UA forbids that value, so the entry is dropped (in the pages' fonts
    and in those of the forms they draw, such as a clinic's band)."""
    seen: set[tuple[int, int]] = set()
    todo = [page.obj.get("/Resources") for page in pdf.pages]
    while todo:
        resources = todo.pop()
        if resources is None or (resources.is_indirect and resources.objgen in seen):
            continue
        if resources.is_indirect:
            seen.add(resources.objgen)
        for _, font in resources.get("/Font", {}).items():  # (pikepdf 8: no .values())
            cmap = font.get("/ToUnicode")
            if cmap is not None and cmap.objgen not in seen:
                seen.add(cmap.objgen)
                data = cmap.read_bytes()
                if (fixed := _drop_nulls(data)) != data:
                    cmap.write(fixed)
        for _, xobject in resources.get("/XObject", {}).items():
            todo.append(xobject.get("/Resources"))


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
    with pikepdf.open(io.BytesIO(data)) as pdf:
        apply(pdf, record, info)
        return finish(pdf, info)


def _words_into(link, parent, pages, nums) -> None:
    """A contents entry's words (and its page number) go inside its Link, so a reader
    hears the link's words as the link: the entry's marked content moves from the entry
    (TOCI) to the Link, and the parent tree says so. A second link of a wrapped entry
    holds only its annotation."""
    kids = list(parent.K)
    words = [k for k in kids if not (isinstance(k, Dictionary) and "/S" in k)]
    if not words:
        return
    parent.K = Array([k for k in kids if isinstance(k, Dictionary) and "/S" in k])
    first = parent.get("/Pg")
    for kid in words:
        page = kid.Pg if isinstance(kid, Dictionary) else first
        mcid = int(kid.MCID) if isinstance(kid, Dictionary) else int(kid)
        index = next(i for i, p in enumerate(pages) if p.objgen == page.objgen)
        nums[2 * index + 1][mcid] = link
        if not isinstance(kid, Dictionary):
            kid = Dictionary(Type=Name.MCR, Pg=page, MCID=mcid)
        link.K = _inserted(link.K, len(link.K) - 1, kid)


def _in_page_order(document, element, page: int, firsts: dict) -> None:
    """Put `element` among the document's kids after everything that starts on its page
    or before, so a clinic's band on the cover is read with the cover, not at the end."""
    kids = document.K
    at = len(kids)
    for index, kid in enumerate(kids):
        start = _first_page(kid, firsts)
        if start is not None and start > page:
            at = index
            break
    document.K = _inserted(kids, at, element)


def _inserted(array: Array, at: int, item) -> Array:
    """`array` with `item` before its element `at`: a new array (pikepdf 8, the newest
    with wheels for macOS 11-13 on Apple Silicon, cannot insert into one)."""
    items = list(array)
    return Array([*items[:at], item, *items[at:]])


def _first_page(node, firsts: dict) -> int | None:
    """The first page an element's content is on (its /Pg, else its kids')."""
    if not isinstance(node, Dictionary):
        return None
    if "/Pg" in node:
        return firsts.get(node.Pg.objgen)
    kids = node.get("/K")
    for kid in kids if isinstance(kids, Array) else [kids] if kids is not None else []:
        found = _first_page(kid, firsts)
        if found is not None:
            return found
    return None


def _numbered(record, element) -> dict[str, str]:
    """A list's ListNumbering when its items carry labels and it has none (the steps: a
    bulleted list says Disc where it is drawn): Decimal, so a reader says "1 of 5"."""
    if element.role != "L":
        return {}
    items = [record.elements[k[1]] for k in element.kids if k[0] == "el"]
    labelled = any(record.elements[k[1]].role == "Lbl" for item in items for k in item.kids
                   if k[0] == "el")  # fmt: skip
    return {"owner": "List", "ListNumbering": "Decimal"} if labelled else {}


def step_figures(data: bytes) -> tuple[int, int] | None:
    """(numbered items with a Figure, numbered items) in a tagged PDF's structure tree:
    the steps with a drawing, of all steps (items with a label, not in a bulleted list nor
    in a box); None for an untagged file."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return None
        steps = drawn = 0
        todo = [(root, False)]
        while todo:
            node, bulleted = todo.pop()
            kids = _elements(node)
            if node.get("/S") == Name.Div:  # a box (the cover's quick steps, key points)
                continue
            if node.get("/S") == Name.L:
                bulleted = node.get("/A", {}).get("/ListNumbering") == Name.Disc
            if node.get("/S") == Name.LI and not bulleted and any(Name.Lbl == k.S for k in kids):
                steps += 1
                drawn += _has_figure(node)
            todo += [(kid, bulleted) for kid in kids]
        return drawn, steps


def _has_figure(node) -> bool:
    return any(Name.Figure == kid.S or _has_figure(kid) for kid in _elements(node))


def _elements(node) -> list:
    """A structure element's child elements (not its marked-content ids or objects)."""
    kids = node.get("/K")
    kids = list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []
    return [kid for kid in kids if isinstance(kid, Dictionary) and "/S" in kid]
