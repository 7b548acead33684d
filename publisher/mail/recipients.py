"""Who gets the handouts: addresses from --to and a recipients CSV, every one checked
before anything is built or sent (header-safe, a real address, a sane name), every bad
line reported at once (the first 20 of them, and how many more)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from pathlib import Path

from publisher.errors import InputError, Problem
from publisher.inputs.files import read_text
from publisher.source import display

MAX_CSV = 10 * 2**20
MAX_NAME = 200
SHOWN = 20  # problems listed before "and N more"
EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str = ""
    origin: str = "--to"

    def header(self) -> str:
        return str(Address(display_name=self.name, addr_spec=self.address))


def unsafe(text: str, most: int | None = None) -> str | None:
    """Why `text` cannot go into a mail header (None when it can): line breaks, NUL and
    other control or invisible format characters could inject headers or hide text."""
    for ch in text:
        if ch in "\r\n\u2028\u2029\x85":
            return "contains a line break"
        if unicodedata.category(ch) in ("Cc", "Cf") and ch != "\t":
            return f"contains the invisible character U+{ord(ch):04X}"
    if most is not None and len(text) > most:
        return f"is {len(text)} characters long; at most {most}"
    return None


def _valid(address: str) -> bool:
    if not EMAIL.match(address) or unsafe(address):
        return False
    try:
        Address(addr_spec=address)
    except (ValueError, IndexError, TypeError):
        return False
    return True


def _check(name: str, address: str) -> str | None:
    """What is wrong with one recipient, in words; None when nothing is."""
    if not _valid(address):
        return f"{address!r} is not an email address such as name@example.org"
    reason = unsafe(name, MAX_NAME)
    return f"the name {reason}" if reason else None


def recipients(addresses: tuple[str, ...], csv_file: Path | None) -> list[Recipient]:
    """Every recipient, each address checked; all bad ones reported at once."""
    found: list[Recipient] = []
    problems: list[Problem | str] = []
    for given in addresses:
        name, address = parseaddr(given.strip()) if "<" in given else ("", given.strip())
        wrong = _check(name, address) if address else f"{given!r} is not an email address"
        if wrong:
            problems.append(f"--to {given!r}: {wrong}; write it as name@example.org.")
        else:
            found.append(Recipient(address, name))
    if csv_file:
        found += _from_csv(csv_file, problems)
    if problems:
        shown = [str(p) for p in problems[:SHOWN]]
        if len(problems) > SHOWN:
            shown.append(f"… and {len(problems) - SHOWN:,} more problems; fix these first.")
        raise InputError("\n".join(shown))
    if not found:
        raise InputError("no recipients: give --to ADDRESS or --to-file recipients.csv.")
    return list({r.address.lower(): r for r in found}.values())


def _from_csv(csv_file: Path, problems: list[Problem | str]) -> list[Recipient]:
    shown = display(csv_file)
    hint = "in Excel use Save As › CSV UTF-8 (comma delimited)"
    text = read_text(csv_file, "recipients file", MAX_CSV, hint)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise InputError(f"{shown}: cannot read the recipients file as CSV ({exc}).") from None
    header = [c.strip().lower() for c in rows[0]] if rows else []
    has_header = "email" in header
    column = header.index("email") if has_header else 0
    name_col = header.index("name") if has_header and "name" in header else None
    found = []
    for number, row in enumerate(rows, 1):
        if (has_header and number == 1) or not any(cell.strip() for cell in row):
            continue
        address = row[column].strip() if column < len(row) else ""
        name = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
        wrong = _check(name, address)
        if wrong:
            col = column + 1 if "address" in wrong else (name_col or 0) + 1
            message = f"{wrong}; fix or delete this line."
            problems.append(Problem(shown, number, col, "", message))
        else:
            found.append(Recipient(address, name, f"{shown}:{number}"))
    return found
