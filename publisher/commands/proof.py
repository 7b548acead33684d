"""`publisher proof`: every page as a PNG and a contact sheet per guide, from what the
plan renders after the same quick gate as a build."""

from __future__ import annotations

from pathlib import Path


def run(plan, brand, dpi: int, out_dir: Path) -> list[tuple[str, bool]]:
    from publisher.commands.common import gate, rendered
    from publisher.pipeline.proof import proof

    warnings = gate(plan, brand)
    written = proof(rendered(plan, brand), dpi)
    lines = [(f"warning: {w}", True) for w in warnings]
    lines += [(f"wrote {p}", False) for p in written if p.name == "contact-sheet.png"]
    return [*lines, (f"wrote {len(written)} PNG(s) into {out_dir}", False)]
