"""Who gets the handouts: addresses from --to and a recipients CSV, every one checked
before anything is built or sent (header-safe, a real address, a sane name), by the same
code whether the run sends, writes .eml files or only says what it would do. A bad line
is reported at its line and skipped; the others are sent."""

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


@dataclass(frozen=True)
class Recipient:
    address: str  # as it goes on the wire: an IDN domain in its ASCII (punycode) form
    name: str = ""
    origin: str = "--to"

    def header(self) -> str:
        return str(Address(display_name=self.name, addr_spec=self.address))

    @property
    def key(self) -> str:
        """The same mailbox however its domain's case or script is written."""
        local, _, domain = self.address.rpartition("@")
        return f"{local.lower()}@{domain.lower()}"


ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[bBqQ]\?", re.ASCII)  # RFC 2047: mail programs decode it
LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def unsafe(text: str, most: int | None = None) -> str | None:
    """Why `text` cannot go into a mail header (None when it can): line breaks, NUL and
    other control or invisible format characters could inject headers or hide text, and
    an RFC 2047 encoded word (`=?utf-8?q?…?=`) is decoded by mail programs into whatever
    it encodes, line breaks included."""
    for ch in text:
        if ch in "\r\n\u2028\u2029\x85":
            return "contains a line break"
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch != "\t":
            return f"contains the invisible character U+{ord(ch):04X}"
    if ENCODED_WORD.search(text):
        return "contains `=?…?`, an encoded word that mail programs would decode into other text"
    if most is not None and len(text) > most:
        return f"is {len(text)} characters long; at most {most}"
    return None


def wire_address(address: str) -> str | None:
    """`address` as it goes on the wire, or None when it is not a real address: a dot-atom
    local part and a domain of letters, digits and inner hyphens, written in any script
    (sent in its ASCII form, which every server takes)."""
    if unsafe(address) or address.count("@") != 1:
        return None
    local, domain = address.split("@")
    if not local or len(local) > 64 or not LOCAL.fullmatch(local):
        return None
    try:
        ascii_domain = domain.rstrip(".").encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError):
        return None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or len(ascii_domain) > 253 or not all(LABEL.fullmatch(x) for x in labels):
        return None
    if not (labels[-1].isalpha() or labels[-1].startswith("xn--")):
        return None
    try:
        Address(addr_spec=f"{local}@{ascii_domain}")
    except (ValueError, IndexError, TypeError):
        return None
    return f"{local}@{ascii_domain}"


def header_problem(field: str, value) -> str | None:
    """What goes wrong when `value` is written as header `field` and read back by a strict
    parser: anything but one header with the same words (one mailbox, for an address) is
    a problem. The check behind every header, in --dry-run, --eml and a send alike."""
    from email import message_from_bytes, policy
    from email.message import EmailMessage

    message = EmailMessage(policy=policy.SMTP)
    try:
        message[field] = value
        back = message_from_bytes(message.as_bytes(), policy=policy.default)
        headers = back.get_all(field) or []
        if len(headers) != 1 or len(back.keys()) != 1:
            return "would write more than one header line"
        parsed = headers[0]
        if hasattr(parsed, "addresses"):
            sent = [a.addr_spec for a in parsed.addresses]
            if len(sent) != 1 or sent[0] != value.addr_spec or parsed.defects:
                return "does not read back as one address"
        elif str(parsed) != str(value):
            return "does not read back as written"
    except (ValueError, TypeError, IndexError, AttributeError, LookupError) as exc:
        return f"cannot be written as a header ({exc})"
    return None


def _check(name: str, address: str) -> tuple[str | None, str]:
    """(what is wrong with one recipient, in words, or None; the address on the wire)."""
    wire = wire_address(address)
    if wire is None and not address.partition("@")[0].isascii():
        return (f"{address!r} has letters before the @ that most mail servers cannot take "
                "(it needs SMTPUTF8); ask for another address", address)  # fmt: skip
    if wire is None:
        return f"{address!r} is not an email address such as name@example.org", address
    reason = unsafe(name, MAX_NAME)
    if reason:
        return f"the name {reason}", wire
    problem = header_problem("To", Address(display_name=name, addr_spec=wire))
    return (f"the name and address {problem}" if problem else None), wire


def recipients(addresses: tuple[str, ...], csv_file: Path | None
               ) -> tuple[list[Recipient], list[str]]:  # fmt: skip
    """(every good recipient once, what is wrong with the others, a line each). The bad
    ones are skipped, not sent to; when none is good, the problems are the error."""
    found: list[Recipient] = []
    problems: list[Problem | str] = []
    for given in addresses:
        name, address = parseaddr(given.strip()) if "<" in given else ("", given.strip())
        wrong, wire = _check(name, address)
        if wrong:
            problems.append(f"--to {given!r}: {wrong}; write it as name@example.org.")
        else:
            found.append(Recipient(wire, name))
    if csv_file:
        found += _from_csv(csv_file, problems)
    said = [str(p) for p in problems]
    if not found:
        if said:
            shown = said[:SHOWN]
            if len(said) > SHOWN:
                shown.append(f"… and {len(said) - SHOWN:,} more problems; fix these first.")
            raise InputError("\n".join(shown))
        raise InputError("no recipients: give --to ADDRESS or --to-file recipients.csv.")
    unique: dict[str, Recipient] = {}
    for person in found:  # the first spelling of a mailbox is the one used
        unique.setdefault(person.key, person)
    return list(unique.values()), said


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
        wrong, wire = _check(name, address)
        if wrong:
            col = column + 1 if "address" in wrong else (name_col or 0) + 1
            message = f"{wrong}; fix or delete this line."
            problems.append(Problem(shown, number, col, "", message))
        else:
            found.append(Recipient(wire, name, f"{shown}:{number}"))
    return found
