"""Mutated inputs and the rules every run must keep, shared by tests/test_fuzz.py (a few
hundred cases in CI) and benchmarks/fuzz.py (thousands, with counts).

A case is a seed: the same seed makes the same mutation. The rules: no traceback, exit
0, 1 or 2, no empty-box characters in a PDF that was written, a file with a key given
twice never builds, and every run ends within 5 seconds."""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
import yaml
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "content" / "calf-cramp-massage.yaml"
BRAND = ROOT / "brands" / "example-clinic.yaml"
TOKENS = [
    "😀", "\u202e", "診", "\t", ": ", "- ", "!!binary ", "!!set ", "!!timestamp ", "!x ",
    "&a ", "*a", "{", "}", "[", "]", "'", '"', "#", "\\", "<b>", "&amp;", "<link>", "**",
    "x" * 200, "a" * 70, "\\0", "\ufeff", "\r", "2026-13-45", "yes", "~", "null", "1e999",
    "? ", "|", ">", "%", "@", "`", ",", "\u00a0", "ñ ¿¡", "—", "\x07",
]  # fmt: skip


def mutate(text: str, rng: random.Random) -> str:
    """One to three edits of the kinds people and tools make to a YAML file."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        op = rng.choice(["delete", "duplicate", "swap", "token", "value", "indent", "cut"])
        i = rng.randrange(len(lines))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "token":
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + rng.choice(TOKENS) + lines[i][at:]
        elif op == "value" and ": " in lines[i]:
            key = lines[i].split(": ", 1)[0]
            value = rng.choice(TOKENS) * rng.choice([1, 1, 5, 300, 20_000])
            lines[i] = f"{key}: {value}"
        elif op == "indent":
            lines[i] = ("  " + lines[i]) if rng.random() < 0.5 else lines[i].removeprefix("  ")
        elif op == "cut":
            lines = lines[: max(1, i)]
    return "\n".join(lines)


def duplicate_keys(text: str) -> bool:
    """Whether any mapping in the YAML has a key twice (False when it does not parse)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return False
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
            if len(keys) != len(set(keys)):
                return True
            stack += [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return False


def csv_rows(rng: random.Random) -> str:
    def cell() -> str:
        text = "".join(
            rng.choice([*TOKENS, "Ann", "Lee", "\n", "\r\n", "\u2028"]) for _ in range(3)
        )
        return '"' + text.replace('"', '""') + '"' if rng.random() < 0.5 else text

    rows = ["name,email"]
    for _ in range(rng.randint(1, 6)):
        address = rng.choice(["ann@example.org", "bob@", "<cy@example.org>", cell(), ""])
        rows.append(f"{cell()},{address}")
    return "\r\n".join(rows) + "\r\n"


@dataclass
class Outcome:
    kind: str  # guide | brand | csv
    seed: int
    exit_code: int
    seconds: float
    broken: list[str] = field(default_factory=list)  # the rules this run broke


def run_case(kind: str, seed: int, folder: Path) -> Outcome:
    """Make the mutated input for (kind, seed) in `folder`, run publisher on it in this
    process, and check the rules."""
    from publisher.cli import main

    rng = random.Random(f"{kind}-{seed}")
    out = folder / "out"
    shutil.rmtree(out, ignore_errors=True)
    if kind == "guide":
        text = mutate(GUIDE.read_text(encoding="utf-8"), rng)
        target = folder / "guide.yaml"
        target.write_text(text, encoding="utf-8")
        args = ["build", target, "-o", out]
    elif kind == "brand":
        text = mutate(BRAND.read_text(encoding="utf-8"), rng)
        shutil.copy(BRAND.parent / "example-clinic-logo.png", folder)
        target = folder / "clinic.yaml"
        target.write_text(text, encoding="utf-8")
        args = [
            "build",
            GUIDE,
            "--brand",
            target,
            "-l",
            "pocket-card",
            "-l",
            "fridge-sheet",
            "-o",
            out,
        ]
    else:
        text = ""
        target = folder / "people.csv"
        target.write_text(csv_rows(rng), encoding="utf-8", newline="")
        args = [
            "email",
            "--to-file",
            target,
            "--dry-run",
            "-l",
            "pocket-card",
            "--brand",
            BRAND,
            "-o",
            out,
        ]
    started = time.perf_counter()
    result = CliRunner().invoke(main, [str(a) for a in args])
    outcome = Outcome(kind, seed, result.exit_code, time.perf_counter() - started)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        outcome.broken.append(f"traceback: {type(result.exception).__name__}: {result.exception}")
    if result.exit_code not in (0, 1, 2):
        outcome.broken.append(f"exit status {result.exit_code}")
    if outcome.seconds > 5:
        outcome.broken.append(f"took {outcome.seconds:.1f} s")
    if text and duplicate_keys(text) and result.exit_code == 0:
        outcome.broken.append("a key given twice was built")
    for pdf in out.rglob("*.pdf") if result.exit_code == 0 else []:
        words = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
        if "\x00" in words or "\ufffd" in words:
            outcome.broken.append(f"empty-box characters in {pdf.name}")
    return outcome
