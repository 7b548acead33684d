"""Score a sample message with SpamAssassin (offline rules, `spamassassin -L -t`) when it is
installed (Debian: apt-get install spamassassin): prints the score and the rules that hit.

    python benchmarks/spam.py [--eml FILE]

Without --eml it composes the calf guide's message from the example clinic to a named
recipient, exactly as `publisher email` would."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sample() -> bytes:
    sys.path.insert(0, str(ROOT))
    from publisher.inputs import find as inputs
    from publisher.mail.campaign import prepare
    from publisher.mail.recipients import Recipient
    from publisher.model.brand import load_brand
    from publisher.pipeline import build

    out = Path(tempfile.mkdtemp(prefix="publisher-spam-"))
    plan = build.plan([ROOT / "content" / "calf-cramp-massage.yaml"], inputs.layout_paths(()), out)
    letter, _ = prepare(plan, load_brand(ROOT / "brands" / "example-clinic.yaml"), None, None, None)
    return letter.compose(
        Recipient("ann@example.org", "Ann Lee"), "riverside-physio.example"
    ).as_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eml", type=Path)
    args = parser.parse_args()
    if not shutil.which("spamassassin"):
        raise SystemExit("spamassassin is not installed (Debian: apt-get install spamassassin)")
    raw = args.eml.read_bytes() if args.eml else sample()
    report = subprocess.run(["spamassassin", "-L", "-t"], input=raw, capture_output=True).stdout
    text = report.decode(errors="replace")
    score = re.search(r"X-Spam-Status: \w+, score=(-?[\d.]+) required=([\d.]+)", text)
    print(f"score {score[1]} (spam at {score[2]})" if score else "no score found")
    table = text.split("Content analysis details:", 1)[-1].split("\n\n", 1)[0]
    rules = [line for line in table.splitlines() if re.match(r"\s*-?\d+\.\d+\s+\S", line)]
    print("\n".join(rules) if rules else "no rules hit")


if __name__ == "__main__":
    main()
