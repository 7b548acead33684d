"""The corpus matrix: every guide in tests/corpus/ on A4 and Letter, with no brand, the
example brand and a clinic with an 80-character name, and the type each output got.

    python benchmarks/corpus.py

Each cell is `body/smallest` in points as `publisher check` measures them (the clinic's
band aside), then the number of pages when a card or sheet gave way to more, and a
letter for each give-way step the build reported: s = type below the layout's size,
c = card steps continued on the back, h = habits left the card, b = clinic band in its
short form, t = tracker on a second sheet page, d = the sheet's quick drawings left
out, w = the card's default 'who to call' line left out, v = cover summary left off
the cover (its section prints it), r = the booklet's back cover without its title.
A cell `FAIL` did not fit. Regressions show as smaller numbers or new letters.
In-process (the figures are sizes, not times)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publisher.errors import BuildError  # noqa: E402
from publisher.gate.checks import type_findings  # noqa: E402
from publisher.gate.measure import measure  # noqa: E402
from publisher.inputs import find as inputs  # noqa: E402
from publisher.model.brand import load_brand  # noqa: E402
from publisher.pipeline import build  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
BRANDS = {
    "plain": None,
    "example": ROOT / "brands" / "example-clinic.yaml",
    "long-name": CORPUS / "brands" / "long-name-clinic.yaml",
}
STEPS = {
    "body type is": "s",
    "continue": "c",
    "leaves out `habits`": "h",
    "short form": "b",
    "moved to a second page": "t",
    "quick steps' drawings": "d",
    "who to call": "w",
    "cover has no room": "v",
    "back cover leaves out its title": "r",
}
KINDS = ("booklet", "pocket-card", "fridge-sheet")


def cell(output: build.Output, spec) -> str:
    measured = measure(output.data, dpi=20)
    found = type_findings(measured.pages, spec.kind, spec.type.min_body,
                          spec.type.fine_print, "", output.bands)  # fmt: skip
    data = found[-1].data
    pages = f" {len(measured.pages)}p" if spec.kind != "booklet" and len(measured.pages) > (
        2 if spec.kind == "card" else 1) else ""  # fmt: skip
    steps = "".join(sorted({m for n in output.notes for k, m in STEPS.items() if k in n}))
    return f"{data['body_pt']:g}/{data['smallest_pt']:g}{pages}{(' ' + steps) if steps else ''}"


def main() -> None:
    guides = sorted(CORPUS.glob("*.yaml"))
    layouts = inputs.layout_paths(())
    columns = [(paper, brand) for paper in ("a4", "letter") for brand in BRANDS]
    table: dict[tuple[str, str], dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for paper, name in columns:
            brand = load_brand(BRANDS[name]) if BRANDS[name] else None
            for guide in guides:
                plan = build.plan([guide], layouts, Path(tmp), paper)
                try:
                    outputs = build.render_all(plan, brand)
                except BuildError:
                    for kind in KINDS:
                        table.setdefault((guide.stem, kind), {})[paper, name] = "FAIL"
                    continue
                for output in outputs:
                    if output.role == "main":
                        spec = plan.layouts[output.layout].model
                        row = table.setdefault((guide.stem, output.layout), {})
                        row[paper, name] = cell(output, spec)
    head = ["guide", "output", *(f"{p} {b}" for p, b in columns)]
    rows = [[g, k, *(table[g, k].get(c, "") for c in columns)] for g, k in sorted(table)]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, ["-" * w for w in widths], *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
