"""Golden snapshots of the shipped guide's outputs in every profile: each file's page boxes
and extracted text as a readable diff, and its sha256 (byte-identical builds).

Regenerate with `pytest tests/test_golden.py --update-golden`, then look at the diff
(`git diff tests/golden`) and at the rendered pages before committing."""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

import pypdf
import pytest

GOLDEN = Path(__file__).parent / "golden"
HASHES = GOLDEN / "hashes.json"
# the bytes depend on these packages; the text and boxes do not (much)
VERSIONED = ("reportlab", "pypdf", "pikepdf", "fontpkg-atkinson-hyperlegible", "pillow")


def _versions() -> dict[str, str]:
    found = {}
    for name in VERSIONED:
        try:
            found[name] = version(name)
        except Exception:  # not installed
            found[name] = "-"
    return found


def snapshot(path: Path) -> str:
    """Page boxes and text, page by page: what a reviewer can read in a diff."""
    reader = pypdf.PdfReader(path)
    lines = [f"pages: {len(reader.pages)}"]
    for number, page in enumerate(reader.pages, 1):
        boxes = []
        for name in ("/MediaBox", "/TrimBox", "/BleedBox"):
            if name in page:
                box = ", ".join(f"{float(v):.2f}" for v in page[name])
                boxes.append(f"{name[1:]} [{box}]")
        lines.append(f"--- page {number}: {'; '.join(boxes)}")
        lines += [line.rstrip() for line in page.extract_text().splitlines() if line.strip()]
    return "\n".join(lines) + "\n"


def _cases(profiles) -> list[tuple[str, Path]]:
    return [
        (f"{variant}/{stem}", path)
        for variant, files in sorted(profiles.items())
        for stem, path in sorted(files.items())
    ]


def test_text_and_boxes_match_golden(profiles, request):
    update = request.config.getoption("--update-golden")
    cases = _cases(profiles)
    assert len(cases) >= 30
    changed = []
    for name, path in cases:
        golden = GOLDEN / f"{name}.txt"
        now = snapshot(path)
        if update:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(now, encoding="utf-8")
        elif not golden.exists() or golden.read_text(encoding="utf-8") != now:
            changed.append(name)
    expected = {
        p.relative_to(GOLDEN).with_suffix("").as_posix()
        for p in GOLDEN.rglob("*.txt")
        if p.relative_to(GOLDEN).parts[0] != "corpus"
    }  # (test_corpus.py has those)
    assert sorted(expected) == sorted(n for n, _ in cases), "outputs added or removed"
    assert not changed, f"text or page boxes changed: {changed}; see git diff after --update-golden"


def test_bytes_match_golden(profiles, request):
    hashes = {n: hashlib.sha256(p.read_bytes()).hexdigest() for n, p in _cases(profiles)}
    record = {"versions": _versions(), "sha256": hashes}
    if request.config.getoption("--update-golden"):
        HASHES.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    golden = json.loads(HASHES.read_text(encoding="utf-8"))
    if golden["versions"] != record["versions"]:
        said = f"bytes recorded with {golden['versions']}, running {record['versions']}"
        if os.environ.get("CI"):  # CI installs .ci/constraints.txt: the bytes must match
            pytest.fail(f"{said}; CI pins these versions in .ci/constraints.txt")
        pytest.skip(said)
    differ = sorted(n for n in hashes if golden["sha256"].get(n) != hashes[n])
    assert set(golden["sha256"]) == set(hashes)
    assert not differ, f"bytes changed: {differ}"


def test_ci_pins_the_versions_the_bytes_were_recorded_with():
    """The constraints CI installs name exactly the versions in hashes.json."""
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    pinned = {}
    for line in (GOLDEN.parents[1] / ".ci" / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, wanted = line.partition("==")
            pinned[canonicalize_name(name)] = Version(wanted)
    recorded = json.loads(HASHES.read_text(encoding="utf-8"))["versions"]
    assert {canonicalize_name(n): Version(v) for n, v in recorded.items()} == {
        name: pinned[name] for name in map(canonicalize_name, recorded)
    }
