"""The files people open are tagged PDF/UA-1: two independent checkers find nothing, the
structure tree read in order says the guide in YAML order, every link sits in a Link
element, and print files (imposed booklet, card sheet, press) carry language and title."""

from __future__ import annotations

import re

import page
import pdfua
import pikepdf
import pytest
import yaml
from pypdf import PdfReader

from publisher.inputs import find as inputs
from publisher.model.brand import load_brand
from publisher.pipeline import build
from tests.conftest import GUIDE, ROOT

OPENED = ("booklet", "pocket-card", "fridge-sheet")
CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, str], dict]:
    """{(paper, "plain" | "brand"): {stem: path}} for the calf guide."""
    brand = load_brand(ROOT / "brands" / "example-clinic.yaml")
    out = {}
    for paper in ("a4", "letter"):
        folder = tmp_path_factory.mktemp(paper)
        plan = build.plan([GUIDE], inputs.layout_paths(()), folder, paper)
        out[paper, "plain"] = {p.stem: p for p in build.build(plan)}
        out[paper, "brand"] = {p.stem: p for p in build.build(plan, brand)}
    return out


@pytest.mark.parametrize("stem", OPENED)
def test_no_pdfua_rule_fails_in_either_checker(built, stem):
    for (paper, which), files in built.items():
        report = page.validate_pdf(str(files[stem]), profile="ua1")
        failed = [f"{f.rule_id}: {f.message}" for f in report.failures]
        assert report.rules.failed == 0 and report.is_compliant, (paper, which, failed)
        found = pdfua.validate(str(files[stem])).findings
        assert not found, (paper, which, [str(f) for f in found])


def test_the_grayscale_files_too(profiles):
    for stem in OPENED:
        for name in ("grayscale", "grayscale-brand"):
            report = page.validate_pdf(str(profiles[name][stem]), profile="ua1")
            assert report.rules.failed == 0, (name, stem, [f.rule_id for f in report.failures])


# reading order -----------------------------------------------------------------------


def _unicode(font) -> dict[int, str]:
    """A simple font's codes -> text, from its ToUnicode map."""
    if "/ToUnicode" not in font:
        return {}
    data = font.ToUnicode.read_bytes().decode("latin-1")
    table = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    return table


def _texts_by_mcid(pdf: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text drawn in that marked-content sequence."""
    out: dict[tuple[int, int], str] = {}
    for index, pg in enumerate(pdf.pages):
        fonts = pg.Resources.get("/Font", {})
        maps = {str(name): _unicode(fonts[name]) for name in fonts}
        current, stack, font = None, [], {}
        for operands, op in pikepdf.parse_content_stream(pg):
            name = str(op)
            if name == "BDC":
                props = operands[1]
                mcid = (
                    int(props.MCID)
                    if isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                    else None
                )
                stack.append(mcid)
                current = mcid if mcid is not None else current
            elif name == "BMC":
                stack.append(None)
            elif name == "EMC" and stack:
                stack.pop()
                current = next((m for m in reversed(stack) if m is not None), None)
            elif name == "Tf":
                font = maps.get(str(operands[0]), {})
            elif name in ("Tj", "TJ", "'", '"') and current is not None:
                parts = operands[-1] if name == "TJ" else [operands[-1]]
                text = "".join(
                    "".join(font.get(b, "") for b in bytes(p))
                    for p in parts if isinstance(p, pikepdf.String)
                )  # fmt: skip
                out[index, current] = out.get((index, current), "") + text + " "
    return out


def structure_text(path) -> str:
    """The text of the structure tree read in order (the tree's MCIDs, depth first)."""
    with pikepdf.open(path) as pdf:
        texts = _texts_by_mcid(pdf)
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        words: list[str] = []

        def walk(node, page_index):
            if isinstance(node, pikepdf.Dictionary):
                if "/Pg" in node:
                    page_index = pages[node.Pg.objgen]
                if node.get("/Type") == "/MCR":
                    words.append(texts.get((pages[node.Pg.objgen], int(node.MCID)), ""))
                    return
                kids = node.get("/K")
                if kids is None:
                    return
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    walk(kid, page_index)
            elif isinstance(node, int):
                words.append(texts.get((page_index, int(node)), ""))

        walk(pdf.Root.StructTreeRoot.K, None)
    return " ".join(words)


def _squashed(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010\u2011•]+", "", text).casefold()


def _in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles not found in order in the haystack (each after the one before)."""
    at, lost = 0, []
    for needle in needles:
        found = haystack.find(_squashed(needle), at)
        if found < 0:
            lost.append(needle)
        else:
            at = found + len(_squashed(needle))
    return lost


def _guide(path=GUIDE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_booklets_structure_reads_the_guide_in_yaml_order(built):
    data = _guide()
    wanted = [data["title"], data["intro"][:60]]
    for section in data["sections"]:
        wanted.append(section["title"])
        for block in section["blocks"]:
            if "paragraph" in block:
                wanted.append(block["paragraph"][:60])
            elif "steps" in block and block.get("id") != "quick-relief":  # on the cover
                wanted += [s["text"][:60] for s in block["steps"]]
            elif "faq" in block:
                wanted += [x for q in block["faq"] for x in (q["q"], q["a"][:60])]
            elif "callout" in block:
                wanted += block["callout"].get("items") or [block["callout"]["text"][:60]]
    wanted.append(data["disclaimer"]["text"][:60])
    for which in ("plain", "brand"):
        text = _squashed(structure_text(built["a4", which]["booklet"]))
        assert not _in_order(text, wanted), _in_order(text, wanted)


def test_the_card_and_sheet_structures_read_in_order(built):
    data = _guide()
    blocks = {b.get("id"): b for s in data["sections"] for b in s["blocks"]}
    card = [data["title"], *(s["cue"] for s in blocks["massage-steps"]["steps"]),
            *blocks["red-flags"]["callout"]["items"], data["disclaimer"]["short"]]  # fmt: skip
    sheet = [*(h["short"] for h in blocks["habits"]["habits"]),
             *(s["short"] for s in blocks["quick-relief"]["steps"]),
             *blocks["red-flags"]["callout"]["items"], *blocks["tracker"]["tracker"]["rows"],
             data["disclaimer"]["short"]]  # fmt: skip
    for stem, wanted in (("pocket-card", card), ("fridge-sheet", sheet)):
        text = _squashed(structure_text(built["letter", "brand"][stem]))
        assert not _in_order(text, wanted), (stem, _in_order(text, wanted))


def _lists(pdf: pikepdf.Pdf) -> list[tuple[str | None, list[list[str]]]]:
    """Each L of the structure tree: (its ListNumbering, the roles of each LI's kids)."""
    found, todo = [], [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        kids = _kids(node)
        if node.get("/S") == "/L":
            numbering = node.get("/A", {}).get("/ListNumbering")
            items = [[str(k.S) for k in _kids(li)] for li in kids if li.S == "/LI"]
            found.append((str(numbering) if numbering else None, items))
        todo += kids
    return found


def _kids(node) -> list:
    kids = node.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def test_the_red_flags_on_card_and_sheet_are_a_bulleted_list_of_label_and_body(built):
    """A bullet is the item's Lbl, its words the LBody, in that order, and the list says
    it is bulleted (ListNumbering Disc); the numbered steps' lists do not."""
    data = _guide()
    blocks = {b.get("id"): b for s in data["sections"] for b in s["blocks"]}
    flags = len(blocks["red-flags"]["callout"]["items"])
    for (paper, which), files in built.items():
        for stem in ("pocket-card", "fridge-sheet"):
            with pikepdf.open(files[stem]) as pdf:
                lists = _lists(pdf)
            bulleted = [entries for numbering, entries in lists if numbering == "/Disc"]
            assert flags in [len(entries) for entries in bulleted], (paper, which, stem)
            for entries in bulleted:
                assert all(kids == ["/Lbl", "/LBody"] for kids in entries), (stem, entries)
            steps = [e for n, e in lists if n == "/Decimal" and e and e[0][0] == "/Lbl"]
            assert steps, (paper, which, stem)  # the numbered steps: labels, Decimal


def test_every_list_whose_items_have_labels_says_how_they_are_numbered(built):
    for files in built.values():
        for stem in OPENED:
            with pikepdf.open(files[stem]) as pdf:
                lists = _lists(pdf)
            labelled = [n for n, entries in lists if any("/Lbl" in kids for kids in entries)]
            assert labelled and all(n in ("/Decimal", "/Disc") for n in labelled), (stem, lists)


def test_a_spanish_corpus_guide_is_tagged_in_spanish(tmp_path):
    guide = CORPUS / "calambres-nocturnos.yaml"
    plan = build.plan([guide], inputs.layout_paths(()), tmp_path)
    files = {p.stem: p for p in build.build(plan)}
    for stem in OPENED:
        with pikepdf.open(files[stem]) as pdf:
            assert str(pdf.Root.Lang) == "es"
        assert page.validate_pdf(str(files[stem]), profile="ua1").rules.failed == 0
    text = _squashed(structure_text(files["fridge-sheet"]))
    assert not _in_order(text, ["Cómo prevenir los calambres", "¿Calambre ahora?"])


def line_pairs(path) -> list[tuple[str, str]]:
    """(the text before, the text after) each soft line end inside marked content."""
    pairs = []
    with pikepdf.open(path) as pdf:
        for pg in pdf.pages:
            fonts = pg.Resources.get("/Font", {})
            maps = {str(name): _unicode(fonts[name]) for name in fonts}
            depth, font, last, pending = [], {}, "", False
            for operands, op in pikepdf.parse_content_stream(pg):
                name = str(op)
                if name in ("BDC", "BMC", "EMC"):  # a new sequence: not a soft line end
                    marked = name == "BDC" and isinstance(operands[1], pikepdf.Dictionary)
                    if name == "EMC":
                        depth and depth.pop()
                    else:
                        depth.append(marked and "/MCID" in operands[1])
                    pending = False
                elif name == "Tf":
                    font = maps.get(str(operands[0]), {})
                elif name == "T*":
                    pending = True
                elif name in ("Tj", "TJ") and any(depth):
                    parts = operands[-1] if name == "TJ" else [operands[-1]]
                    text = "".join("".join(font.get(b, "") for b in bytes(p))
                                   for p in parts if isinstance(p, pikepdf.String))  # fmt: skip
                    if text and pending:
                        pairs.append((last, text))
                    if text:
                        last, pending = text, False
    return pairs


def line_ends(path) -> tuple[int, list[str]]:
    """(soft line ends inside marked content, the joins there with no space between the
    words: what structure-based reading glues together, e.g. "crampingmuscles")."""
    pairs = line_pairs(path)
    glued = [f"{a.split()[-1] if a.split() else a}|{b.split()[0]}" for a, b in pairs
             if not (a[-1:].isspace() or b[:1].isspace() or a.endswith(("-", "/")))]  # fmt: skip
    return len(pairs), glued


def split_words(path, vocabulary: set[str]) -> list[str]:
    """Line ends that cut a word of the guide in two without a hyphen: the text before
    ends in a part of a word, and that part joined to the next line's first letters is a
    word the guide uses."""
    found = []
    for before, after in line_pairs(path):
        tail = re.search(r"(\w+)\s*$", before)
        head = re.match(r"\s*(\w+)", after)
        if tail and head and not before.rstrip().endswith("-"):
            joined = (tail[1] + head[1]).casefold()
            if joined in vocabulary and tail[1].casefold() not in vocabulary:
                found.append(f"{tail[1]}|{head[1]}")
    return found


def test_every_soft_line_end_has_a_space_so_words_are_read_apart(built, tmp_path):
    """Structure-based reading (a screen reader, pdfinfo -struct-text) takes the text as
    drawn: a line that ends without a space glues its last word to the next one's first."""
    spanish = build.build(build.plan([CORPUS / "calambres-nocturnos.yaml"],
                                     inputs.layout_paths(()), tmp_path, "letter"))  # fmt: skip
    total = 0
    for path in [*(p for files in built.values() for p in files.values()), *spanish]:
        ends, glued = line_ends(path)
        total += ends
        assert glued == [], (path.name, glued[:5])
    assert total > 300  # the check saw the paragraphs' line ends


# links and print files ---------------------------------------------------------------


def test_every_link_is_in_a_link_element_with_words(built):
    for stem in OPENED:
        path = built["a4", "brand"][stem]
        with pikepdf.open(path) as pdf:
            links = [a for p in pdf.pages for a in p.get("/Annots", []) if a.Subtype == "/Link"]
            assert links, stem
            nums = pdf.Root.StructTreeRoot.ParentTree.Nums
            owners = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            for annot in links:
                assert str(annot.Contents), stem
                element = owners[int(annot.StructParent)]
                objr = [k for k in element.K if k.get("/Type") == "/OBJR"]
                assert element.S == "/Link" and objr[0].Obj.objgen == annot.objgen


def _figures(path) -> list[str]:
    figures = []
    with pikepdf.open(path) as pdf:

        def walk(node):
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    figures.append(str(node.Alt))
                kids = node.get("/K")
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids else []:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot.K)
    return figures


def test_figures_carry_words_and_the_band_says_what_that_output_shows(built):
    card = _figures(built["a4", "brand"]["pocket-card"])
    assert card and all(card)
    band = card[-1]  # the card's back: name, phone, website, the code; no logo, no address
    assert (
        band.startswith("Riverside Physio & Massage. 01632 960 123") and "QR code: https://" in band
    )
    assert "logo" not in band and "hello@" not in band and "Riverside Road" not in band
    booklet = [f for f in _figures(built["a4", "brand"]["booklet"]) if "QR code" in f]
    assert booklet and all("Riverside Physio & Massage logo" in f for f in booklet), booklet


def test_a_spanish_files_band_and_titles_are_in_spanish(tmp_path):
    brand = load_brand(ROOT / "brands" / "example-clinic.yaml")
    plan = build.plan([CORPUS / "calambres-nocturnos.yaml"], inputs.layout_paths(()), tmp_path)
    files = {p.stem: p for p in build.build(plan, brand)}
    for stem in OPENED:
        said = " ".join(_figures(files[stem]))
        assert "código QR: https://" in said and not re.search(r"QR code|\blogo\b", said), said
        with pikepdf.open(files[stem]) as pdf:
            title = str(pdf.docinfo.Title)
            links = [str(a.Contents) for pg in pdf.pages for a in pg.get("/Annots", [])]
        assert "(" not in title and stem not in title, title
        assert not [x for x in links if "QR code" in x or x == "Go to the section"], links
    with pikepdf.open(files["pocket-card"]) as pdf:
        assert str(pdf.docinfo.Title).endswith(" — tarjeta de bolsillo")


def test_print_files_carry_language_title_and_no_false_claim(built, profiles):
    files = [built["a4", "plain"]["booklet-imposed"], built["a4", "plain"]["pocket-card-sheet"],
             profiles["press"]["booklet"]]  # fmt: skip
    for path in files:
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "en" and reader.metadata.title, path
        assert "/StructTreeRoot" not in root, path  # not tagged: not claimed


def test_check_reports_the_rules_per_output_and_fails_an_untagged_file(built, tmp_path):
    from dataclasses import replace

    from publisher.gate import checks

    plan = build.plan([GUIDE], inputs.layout_paths(()), tmp_path)
    outputs = build.render_all(plan)
    main = next(o for o in outputs if o.role == "main" and o.kind == "card")
    good = checks.accessibility(main, "card")
    assert good.level == "info" and good.data["failed"] == 0 and good.data["rules"] > 100
    imposed = next(o for o in outputs if o.role == "imposed")  # a print file, untagged
    bad = checks.accessibility(replace(imposed, role="main"), "imposed")
    assert bad.level == "error" and "PDFUA1-STRUCT-TREE-ROOT-001" in bad.data["failed_rules"]


def test_each_contents_link_sits_in_its_entry_and_names_the_section(built):
    with pikepdf.open(built["a4", "plain"]["booklet"]) as pdf:
        toc = next(k for k in pdf.Root.StructTreeRoot.K.K if k.get("/S") == "/TOC")
        entries = list(toc.K)
        titles = []
        for entry in entries:
            links = [k for k in entry.K if isinstance(k, pikepdf.Dictionary) and k.S == "/Link"]
            assert len(links) == 1 and list(entry.K) == links, entry.K  # the words: in it
            objr = [k for k in links[0].K if k.get("/Type") == "/OBJR"]
            marked = [k for k in links[0].K if k.get("/Type") == "/MCR"]
            assert len(objr) == 1 and len(marked) >= 2, links[0].K  # the title, the page
            titles.append(str(objr[0].Obj.Contents))
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        for entry in entries:  # the parent tree names the Link as its words' owner
            link = entry.K[0]
            for mark in (k for k in link.K if k.get("/Type") == "/MCR"):
                owner = nums[2 * pages[mark.Pg.objgen] + 1][int(mark.MCID)]
                assert owner.objgen == link.objgen
    said = _squashed(structure_text(built["a4", "plain"]["booklet"]))
    data = _guide()
    assert titles == [s["title"] for s in data["sections"]][: len(titles)]
    assert len(titles) >= 10 and all(_squashed(t) in said for t in titles)


def test_a_two_page_sheet_reads_its_red_flags_once_under_one_h1(tmp_path):
    """The red flags repeated on the tracker's page are drawn for the eye and read once."""
    from tests.conftest import crowded_guide

    guide = crowded_guide(tmp_path, 5)
    plan = build.plan([guide], inputs.layout_paths(("fridge-sheet",)), tmp_path / "out", "letter")
    [sheet] = build.build(plan)
    assert len(PdfReader(sheet).pages) == 2  # the case: the tracker moved to page 2
    data = yaml.safe_load(guide.read_text(encoding="utf-8"))
    flags = [
        i
        for s in data["sections"]
        for b in s["blocks"]
        if b.get("callout", {}).get("kind") == "warning"
        for i in b["callout"]["items"]
    ]
    said = _squashed(structure_text(sheet))
    assert flags and all(said.count(_squashed(flag)) == 1 for flag in flags)
    page_two = _squashed(PdfReader(sheet).pages[1].extract_text())
    assert all(_squashed(flag) in page_two for flag in flags)  # still printed there
    with pikepdf.open(sheet) as pdf:
        roles = []
        todo = [pdf.Root.StructTreeRoot]
        while todo:
            node = todo.pop()
            roles.append(str(node.get("/S")))
            todo += _kids(node)
    assert roles.count("/H1") == 1


def test_a_contents_entry_that_wraps_keeps_its_links_in_its_entry_with_its_words(tmp_path):
    data = yaml.safe_load((CORPUS / "calambres-nocturnos.yaml").read_text(encoding="utf-8"))
    data["sections"][0]["title"] = ("Qué hacer cuando un calambre le despierta por la noche y "
                                    "no le deja volver a dormir")  # fmt: skip
    guide = tmp_path / "largo.yaml"
    guide.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plan = build.plan([guide], inputs.layout_paths(("booklet",)), tmp_path / "out", "letter")
    [booklet] = [p for p in build.build(plan) if p.stem == "booklet"]
    with pikepdf.open(booklet) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        owners = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        internal = [a for pg in pdf.pages for a in pg.get("/Annots", []) if "/Dest" in a]
        assert len(internal) > len(data["sections"])  # the long entry: a link per line
        for annot in internal:
            element = owners[int(annot.StructParent)]
            assert element.S == "/Link" and element.P.S == "/TOCI", str(element.P.S)
            assert str(annot.Contents) in {s["title"] for s in data["sections"]}


def test_a_references_web_address_is_a_link_and_read_apart_from_its_title(tmp_path):
    guide = CORPUS / "knee-exercises.yaml"
    url = "https://www.versusarthritis.org/about-arthritis/exercising-with-arthritis/"
    made = build.build(build.plan([guide], inputs.layout_paths(("booklet",)), tmp_path))
    [booklet] = [p for p in made if p.stem == "booklet"]
    with pikepdf.open(booklet) as pdf:
        uris = [str(a.A.URI) for pg in pdf.pages for a in pg.get("/Annots", [])
                if "/A" in a and a.A.get("/S") == "/URI"]  # fmt: skip
    assert url in uris
    assert re.search(r"knees\s+https://www\.versusarthritis", structure_text(booklet))
    assert line_ends(booklet)[1] == []


def test_a_tracker_of_several_weeks_is_a_table_for_each_week_headed_once(tmp_path):
    guide = CORPUS / "neck-stiffness.yaml"
    made = build.build(build.plan([guide], inputs.layout_paths(("booklet",)), tmp_path))
    [booklet] = [p for p in made if p.stem == "booklet"]
    with pikepdf.open(booklet) as pdf:
        tables, todo = [], [pdf.Root.StructTreeRoot]
        while todo:
            node = todo.pop(0)
            if node.get("/S") == "/Table":
                tables.append(node)
            todo += _kids(node)
        assert len(tables) >= 2, len(tables)
        for table in tables:
            rows = [r for r in _kids(table) if r.S == "/TR"]
            heads = [r for r in rows if all(c.S == "/TH" and c.get("/A", {}).get("/Scope")
                                            == "/Column" for c in _kids(r)[1:])]  # fmt: skip
            assert heads == rows[:1], "one header row, the table's first"


def test_no_word_is_cut_without_a_hyphen_in_narrow_columns(tmp_path):
    """A word too long for its line is split at a syllable with a hyphen (pyphen, in the
    guide's language), never between any two letters."""
    found = []
    for name in ("calambres-nocturnos", "tennis-elbow", "knee-exercises"):
        guide = CORPUS / f"{name}.yaml"
        vocabulary = {w.casefold() for w in re.findall(r"\w+", guide.read_text(encoding="utf-8"))}
        for paper in ("a4", "letter"):
            plan = build.plan([guide], inputs.layout_paths(()), tmp_path / paper, paper)
            for path in build.build(plan):
                if path.stem in OPENED:
                    found += [
                        f"{name} {paper} {path.stem}: {cut}"
                        for cut in split_words(path, vocabulary)
                    ]
    assert found == []
