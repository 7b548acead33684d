"""Shared fixtures: real PDFs built once per session from the shipped guide and layouts."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from publisher.inputs import find as inputs
from publisher.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GUIDE = ROOT / "content" / "calf-cramp-massage.yaml"
MM = 72 / 25.4


def build_outputs(tmp: Path, paper: str, layouts: tuple[str, ...] = ()) -> dict[str, Path]:
    written = build.build(
        build.plan(inputs.guide_paths([str(GUIDE)]), inputs.layout_paths(layouts), tmp, paper)
    )
    return {p.stem: p for p in written}


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the repository's content and layouts in a scratch folder."""
    import shutil

    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def a4(tmp_path_factory) -> dict[str, Path]:
    """Every layout of the calf guide on A4 paper (A5 booklet)."""
    return build_outputs(tmp_path_factory.mktemp("a4"), "a4")


@pytest.fixture(scope="session")
def profiles(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """The calf guide in every profile, plain and with the example brand:
    {"office" | "press" | "grayscale" | "press-grayscale" [+ "-brand"]: {stem: path}}."""
    from publisher.model.brand import load_brand

    brand = load_brand(ROOT / "brands" / "example-clinic.yaml")
    built = {}
    for name, profile, gray in (
        ("office", "office", False),
        ("press", "press", False),
        ("grayscale", "office", True),
        ("press-grayscale", "press", True),
    ):
        out = tmp_path_factory.mktemp(name)
        plan = build.plan([GUIDE], inputs.layout_paths(()), out, None, profile, gray)
        built[name] = {p.stem: p for p in build.build(plan)}
        built[f"{name}-brand"] = {p.stem: p for p in build.build(plan, brand)}
    return built


@pytest.fixture(scope="session")
def letter(tmp_path_factory) -> dict[str, Path]:
    return build_outputs(tmp_path_factory.mktemp("letter"), "letter")


def crowded_guide(folder: Path, extra_flags: int) -> Path:
    """The low-back corpus guide (10 habits, 5 red flags, a 3-row tracker) with
    `extra_flags` more red flags, written into `folder`: a fridge sheet short of room."""
    source = Path(__file__).resolve().parent / "corpus" / "low-back-pain.yaml"
    text = source.read_text(encoding="utf-8")
    more = "".join(f"            - Pain that gets worse every day in week {n}\n"
                   for n in range(1, extra_flags + 1))  # fmt: skip
    anchor = "            - Pain after a fall or accident\n"
    assert anchor in text
    guide = folder / "low-back-pain.yaml"
    guide.write_text(text.replace(anchor, anchor + more), encoding="utf-8")
    return guide


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def flat(text: str) -> str:
    """Text with line breaks and hyphenation joins folded, for phrase searches."""
    return " ".join(text.replace("-\n", "-").split())


def text_sizes(page: pypdf.PageObject) -> list[tuple[float, float, float, str]]:
    """(size in points, x, y, text) of every text run on a page."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((size * scale, x, y, text))

    page.extract_text(visitor_text=visit)
    return runs


def resources(path: Path):
    """Every resource dictionary of a PDF: each page's and, recursively, each form's."""
    seen: set[int] = set()

    def walk(res):
        res = res.get_object() if res is not None else None
        if not res or id(res) in seen:
            return
        seen.add(id(res))
        yield res
        for _, ref in res.get("/XObject", {}).items():  # (pikepdf 8: no .values())
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from walk(xobject.get("/Resources"))

    for page in pypdf.PdfReader(path).pages:
        yield from walk(page.get("/Resources"))


def embedded_fonts(path: Path) -> list[tuple[str, bool]]:
    """(base font name, embedded?) of every font any page or form references."""
    found = {}
    for res in resources(path):
        for _, ref in res.get("/Font", {}).items():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            desc = desc.get_object() if desc else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[name] = found.get(name, True) and embedded
    return sorted(found.items())


def inked_edges(path: Path, margin_mm: float, dpi: int = 100) -> list[tuple[int, tuple]]:
    """(page, band) for every page edge band, `margin_mm` wide, that has any ink in it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    band = int(margin_mm * MM * dpi / 72) - 1
    inked = []
    for index in range(len(pdf)):
        image = pdf[index].render(scale=dpi / 72).to_pil().convert("L")
        w, h = image.size
        for box in ((0, 0, w, band), (0, h - band, w, h), (0, 0, band, h), (w - band, 0, w, h)):
            if image.crop(box).getextrema()[0] < 250:
                inked.append((index + 1, box))
    return inked


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden from the current outputs (look at the diff before committing)",
    )
