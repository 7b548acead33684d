"""One test per use of ReportLab's private names (publisher/draw/compat.py), against the
installed ReportLab: when an upgrade renames one, the test that names it fails here."""

from __future__ import annotations

import io

import pikepdf
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from publisher.draw import compat


class Probe(Flowable):
    """Records what compat reads while ReportLab lays it out."""

    def __init__(self, seen: list, height: float = 10):
        super().__init__()
        self.seen, self.height = seen, height

    def wrap(self, aW, aH):
        frame = compat.frame_of(self)
        self.seen.append(("wrap", frame is not None, compat.at_top(frame),
                          compat.frame_height(frame) if frame else None,
                          compat.page_number(self)))  # fmt: skip
        return aW, self.height

    def draw(self):
        pass


def _doc(story, **kw) -> io.BytesIO:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=(200, 200), leftMargin=10, rightMargin=10,
                            topMargin=10, bottomMargin=10, invariant=1, **kw)  # fmt: skip
    doc.build(story)
    return buffer


def test_kept_height_is_the_sum_a_keeptogether_holds():
    kept = KeepTogether([Spacer(10, 30), Spacer(10, 45)])
    kept.canv = Canvas(io.BytesIO())
    kept.wrap(100, 1000)
    assert compat.kept_height(kept) == 75


def test_kept_opens_a_nested_keeptogether_so_the_group_stays_where_it_fits():
    """A KeepTogether inside another moves the group to the next page though it fits
    (its `wrap` answers a huge height): kept() opens it."""
    for group, page in ((KeepTogether, 2), (compat.kept, 1)):
        seen: list = []
        inner = KeepTogether([Probe(seen, 20)])
        _doc([Spacer(1, 60), group([Probe(seen, 20), inner])])
        assert seen[-1][4] == page, (group, seen)


def test_frame_page_and_top_are_what_the_layout_is_at():
    seen: list = []
    _doc([Probe(seen), Probe(seen), Spacer(1, 140), Probe(seen)])
    first, second, third = seen[0], seen[1], seen[-1]
    assert first == ("wrap", True, True, 180, 1)  # a 180 pt frame, nothing drawn yet
    assert second[2] is False  # something is drawn above it
    assert third[4] == 2 and third[2] is True  # the last one starts page 2


def test_hand_down_gives_a_wrapped_flowable_its_canvas_and_frame():
    seen = []

    class Wrapper(Flowable):
        def wrap(self, aW, aH):
            inner = Spacer(1, 1)
            compat.hand_down(self, inner)
            seen.append((getattr(inner, "canv", None), compat.frame_of(inner)))
            return aW, 10

        def draw(self):
            pass

    _doc([Wrapper()])
    assert seen and all(canv is not None and frame is not None for canv, frame in seen)


def test_frame_y_is_where_the_next_flowable_goes():
    from reportlab.platypus import Frame

    frame = Frame(0, 0, 100, 100, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0)  # fmt: skip
    canv = Canvas(io.BytesIO())
    assert compat.frame_y(frame) == 100
    frame.add(Spacer(10, 30), canv)
    assert compat.frame_y(frame) == 70


def test_toc_entries_are_what_the_contents_draws():
    toc = TableOfContents()
    toc.levelStyles = [getSampleStyleSheet()["Normal"]]
    toc.canv = Canvas(io.BytesIO())
    placeholder = toc.wrap(100, 500)[1]
    compat.toc_entries(toc).extend([(0, f"Section {n}", n, None) for n in range(1, 6)])
    assert toc.wrap(100, 500)[1] > placeholder + 40


def test_defer_save_leaves_the_file_to_the_caller():
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=(200, 200), invariant=1)
    compat.defer_save(doc)
    doc.build([Spacer(1, 10)])
    assert buffer.getvalue() == b""
    doc.canv.save()
    assert buffer.getvalue().startswith(b"%PDF")


def test_prepend_literal_opens_the_page_content():
    buffer = io.BytesIO()
    canv = Canvas(buffer, pageCompression=0, invariant=1)
    canv.drawString(10, 10, "words")
    compat.prepend_literal(canv, "/Artifact BMC")
    canv.addLiteral("EMC")
    canv.showPage()
    canv.save()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        content = pdf.pages[0].Contents.read_bytes().strip()
    assert content.index(b"/Artifact BMC") < content.index(b"(words)")
    assert content.endswith(b"EMC")


def test_draw_cached_image_registers_the_image_once_per_document():
    from PIL import Image

    image = PDFImageXObject("logo-test", ImageReader(Image.new("RGB", (8, 8), (200, 30, 30))))
    sizes = []
    for _ in range(2):  # the same cached object serves a second document
        buffer = io.BytesIO()
        canv = Canvas(buffer, invariant=1)
        for _ in range(2):  # two pages, one image object
            compat.draw_cached_image(canv, image, 50, 50)
            canv.showPage()
        canv.save()
        with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
            images = {xobj.objgen for page in pdf.pages
                      for _, xobj in page.Resources.XObject.items()}  # fmt: skip
            sizes.append(len(images))
            assert all(b"Do" in page.Contents.read_bytes() for page in pdf.pages)
    assert sizes == [1, 1]


def test_spaced_text_ends_each_paragraph_line_with_a_space_and_moves_nothing():
    """Paragraph draws a line with `_textOut(text, 1)`: the space must reach the page, and
    the words must stand where they stood (a trailing space adds no width before them)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    from publisher.draw.tags import TaggedCanvas

    pages, pdfs = [], []
    for maker in (Canvas, TaggedCanvas):
        buffer = io.BytesIO()
        canv = maker(buffer, pageCompression=0)
        style = ParagraphStyle("p", fontName="Helvetica", fontSize=12, leading=14)
        para = Paragraph("Massage slowly and gently along the cramping muscles " * 3, style)
        para.wrap(200, 500)
        para.drawOn(canv, 50, 300)
        canv.showPage()
        canv.save()
        pdfs.append(pikepdf.open(io.BytesIO(buffer.getvalue())))
        pages.append(pdfs[-1].pages[0])
    shown = [[bytes(ops[0]) for ops, op in pikepdf.parse_content_stream(page)
              if str(op) == "Tj"] for page in pages]  # fmt: skip
    assert len(shown[0]) == len(shown[1]) > 2
    assert all(not line.endswith(b" ") for line in shown[0])  # plain ReportLab: glued
    assert all(line.endswith(b" ") for line in shown[1])
    assert [line.rstrip(b" ") for line in shown[1]] == shown[0]
    moves = [[list(ops) for ops, op in pikepdf.parse_content_stream(page)
              if str(op) in ("Td", "Tm", "TL")] for page in pages]  # fmt: skip
    assert moves[0] == moves[1]


def test_no_private_reportlab_name_is_used_outside_compat():
    """The rule this file keeps: a private ReportLab attribute appears in compat.py only."""
    import pathlib
    import re

    import publisher

    private = re.compile(r"\b(?:canv|doc|frame|flowable|kept|head|contents)\._[a-zA-Z]")
    named = re.compile(r"\b_(?:H|doSave|lastEntries|doctemplateAttr|atTop|setXObjects|"
                       r"formsinuse|currentPageHasImages|code|frame)\b|\"_frame\"")  # fmt: skip
    root = pathlib.Path(publisher.__file__).parent
    found = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        if path.name != "compat.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if private.search(line) or named.search(line)
    ]
    assert found == []


def test_a_word_longer_than_its_line_splits_at_a_syllable_with_a_hyphen():
    """`paragraph._splitWord` is what ReportLab calls for a word wider than the line."""
    from reportlab.platypus import Paragraph

    from publisher.draw.styles import style

    compat.hyphenate_long_words("es")
    para = Paragraph("las pantorrillas suficientemente", style("t", 16, 1.2))
    para.wrap(70, 1000)
    lines = [" ".join(str(w) for w in line[1]).strip() for line in para.blPara.lines]
    assert lines == ["las pan-", "torrillas", "suficien-", "temente"], lines
    compat.hyphenate_long_words("en")
    url = "https://www.versusarthritis.org/about-arthritis/exercising-with-arthritis/"
    para = Paragraph(url, style("t", 16, 1.2))
    para.wrap(120, 1000)
    lines = [" ".join(str(w) for w in line[1]).strip() for line in para.blPara.lines]
    assert "".join(lines) == url and all(line[-1] in "/.-" for line in lines[:-1]), lines
    assert "arthri-" not in lines  # an address breaks at its own marks, no made-up hyphen
