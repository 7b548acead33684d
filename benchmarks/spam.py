"""Score a sample message with SpamAssassin (offline rules, `spamassassin -L -t`) when it is
installed (Debian: apt-get install spamassassin): prints the score and the rules that hit.

    python benchmarks/spam.py [--eml FILE | --all]

Without --eml it composes the calf guide's message from the example clinic to a named
recipient, exactly as `publisher email` would; --all scores every guide of content/ and
tests/corpus/, with the example clinic's brand and without one (sent from a bare
address), one line each."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sample(guide: Path | None = None, brand: Path | None = None, sender: str | None = None
           ) -> bytes:  # fmt: skip
    sys.path.insert(0, str(ROOT))
    from publisher.inputs import find as inputs
    from publisher.mail.campaign import prepare
    from publisher.mail.recipients import Recipient
    from publisher.model.brand import load_brand
    from publisher.pipeline import build

    out = Path(tempfile.mkdtemp(prefix="publisher-spam-"))
    guide = guide or ROOT / "content" / "calf-cramp-massage.yaml"
    plan = build.plan([guide], inputs.layout_paths(()), out)
    letter, _ = prepare(plan, load_brand(brand) if brand else None, sender, None, None)
    return letter.compose(
        Recipient("ann@example.org", "Ann Lee"), "riverside-physio.example"
    ).as_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eml", type=Path)
    parser.add_argument("--all", action="store_true")
    args = parser.parse_args()
    if not shutil.which("spamassassin"):
        raise SystemExit("spamassassin is not installed (Debian: apt-get install spamassassin)")
    if args.all:
        brand = ROOT / "brands" / "example-clinic.yaml"
        guides = [*sorted((ROOT / "content").glob("*.yaml")),
                  *sorted((ROOT / "tests" / "corpus").glob("*.yaml"))]  # fmt: skip
        for guide in guides:
            for clinic, sender in ((brand, None), (None, "hello@riverside-physio.example")):
                text = _score(sample(guide, clinic, sender))
                found = re.search(r"score=(-?[\d.]+)", text)
                rules = re.findall(r"^\s*(-?\d+\.\d+)\s+(\S+)", text.split("details:")[-1], re.M)
                hits = ", ".join(f"{name} {points}" for points, name in rules if float(points))
                print(
                    f"{guide.stem:24} {'branded' if clinic else 'plain':8} "
                    f"{found[1] if found else '?':>5}  {hits}"
                )
        return
    raw = args.eml.read_bytes() if args.eml else sample()
    text = _score(raw)
    score = re.search(r"X-Spam-Status: \w+, score=(-?[\d.]+) required=([\d.]+)", text)
    print(f"score {score[1]} (spam at {score[2]})" if score else "no score found")
    table = text.split("Content analysis details:", 1)[-1].split("\n\n", 1)[0]
    rules = [line for line in table.splitlines() if re.match(r"\s*-?\d+\.\d+\s+\S", line)]
    print("\n".join(rules) if rules else "no rules hit")


def _score(raw: bytes) -> str:
    report = subprocess.run(["spamassassin", "-L", "-t"], input=raw, capture_output=True).stdout
    return report.decode(errors="replace")


if __name__ == "__main__":
    main()
