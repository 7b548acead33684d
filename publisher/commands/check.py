"""`publisher check`: the full quality gate over what the plan renders, for each brand (or
none), reported as text or JSON."""

from __future__ import annotations

import json


def run(plan, brands: list, fmt: str, strict: bool) -> tuple[list[tuple[str, bool]], bool]:
    """(lines to print, whether the command fails): errors fail; warnings with `strict`."""
    from publisher.gate import checks
    from publisher.gate.findings import as_json, report

    found = [f for brand in brands or [None] for f in checks.check(plan, brand)]
    text = json.dumps(as_json(found), indent=2, ensure_ascii=False) if fmt == "json" else None
    failed = any(f.level == "error" or (strict and f.level == "warning") for f in found)
    return [(text if text is not None else report(found), False)], failed
