"""Who gets the handouts: addresses from --to and a recipients CSV, every one checked
before anything is built or sent, every bad line reported at once."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from email.headerregistry import Address
from pathlib import Path

from publisher.errors import InputError, Problem
from publisher.files import read_text
from publisher.loading import display

MAX_CSV = 10 * 2**20

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str = ""
    origin: str = "--to"

    def header(self) -> str:
        return str(Address(display_name=self.name, addr_spec=self.address))


def _valid(address: str) -> bool:
    if not EMAIL.match(address):
        return False
    try:
        Address(addr_spec=address)
    except (ValueError, IndexError, TypeError):
        return False
    return True


def recipients(addresses: tuple[str, ...], csv_file: Path | None) -> list[Recipient]:
    """Every recipient, each address checked; all bad ones reported at once."""
    found: list[Recipient] = []
    problems: list[Problem | str] = []
    for address in addresses:
        if _valid(address.strip()):
            found.append(Recipient(address.strip()))
        else:
            problems.append(f"--to {address!r}: not an email address such as name@example.org.")
    if csv_file:
        shown = display(csv_file)
        text = read_text(
            csv_file,
            "recipients file",
            MAX_CSV,
            "in Excel use Save As › CSV UTF-8 (comma delimited)",
        )
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error as exc:
            raise InputError(f"{shown}: cannot read the recipients file as CSV ({exc}).") from None
        header = [c.strip().lower() for c in rows[0]] if rows else []
        has_header = "email" in header
        column = header.index("email") if has_header else 0
        name_col = header.index("name") if has_header and "name" in header else None
        for number, row in enumerate(rows, 1):
            if (has_header and number == 1) or not any(cell.strip() for cell in row):
                continue
            address = row[column].strip() if column < len(row) else ""
            name = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
            if _valid(address):
                found.append(Recipient(address, name, f"{shown}:{number}"))
            else:
                problems.append(
                    Problem(
                        shown,
                        number,
                        column + 1,
                        "",
                        f"{address!r} is not an email address such as name@example.org; "
                        "fix or delete this line.",
                    )
                )
    if problems:
        raise InputError(problems if all(isinstance(p, Problem) for p in problems) else
                         "\n".join(str(p) for p in problems))  # fmt: skip
    if not found:
        raise InputError("no recipients: give --to ADDRESS or --to-file recipients.csv.")
    unique = list({r.address.lower(): r for r in found}.values())
    return unique
