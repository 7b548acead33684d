"""Distributing by email: recipients checked before anything is sent, one message per
recipient (plain text, HTML with a thumbnail of each handout, the PDFs attached), the size
known before sending, and a sent-log so a rerun with --resume never sends twice."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import html
import io
import ipaddress
import json
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from publisher.errors import BuildError, InputError, Problem
from publisher.loading import display, load
from publisher.models import Strict
from publisher.write import write_atomic

BASE64 = 1.37  # what base64 and line breaks make of an attachment's bytes
DESCRIPTIONS = {
    "booklet": "the full guide as a booklet to read at home",
    "card": "a pocket card with the steps",
    "sheet": "a large-print sheet for the fridge door",
}


class Smtp(Strict):
    """SMTP settings: a config file's keys; PUBLISHER_SMTP_* variables override them."""

    host: str = Field(min_length=1)
    port: int | None = Field(None, ge=1, le=65535)
    user: str | None = None
    sender: str = Field(alias="from", min_length=3)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    cafile: str | None = Field(None, description="Extra certificate authority to trust.")

    @property
    def default_port(self) -> int:
        return self.port or {"starttls": 587, "ssl": 465, "none": 25}[self.security]


def smtp_settings(config: Path | None, env: dict[str, str] | None = None) -> Smtp:
    env = os.environ if env is None else env
    data: dict = {}
    if config:
        source = load(config, Smtp).source  # validates the file with line numbers
        data.update(source.data)
    for key in ("host", "port", "user", "from", "security", "cafile"):
        value = env.get(f"PUBLISHER_SMTP_{key.upper()}")
        if value:
            data[key] = value
    if "host" not in data or "from" not in data:
        raise InputError(
            "no SMTP server: set PUBLISHER_SMTP_HOST and PUBLISHER_SMTP_FROM (or give "
            "--config FILE with `host:` and `from:`)."
        )
    try:
        settings = Smtp.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = str(first["loc"][0])
        raise InputError(
            f"SMTP setting `{key}` (PUBLISHER_SMTP_{key.upper()}): {first['msg']}."
        ) from None
    if settings.security == "none" and not _loopback(settings.host):
        raise InputError(
            f"SMTP security `none` sends passwords and handouts in clear text; it is allowed "
            f"only for a server on this machine, not {settings.host}. Use starttls or ssl."
        )
    return settings


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


# recipients ----------------------------------------------------------------------------

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
        try:
            rows = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{shown}: cannot read the recipients file ({exc}).") from None
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


# composing -----------------------------------------------------------------------------


@dataclass
class Attachment:
    name: str  # the file name in the message
    kind: str  # booklet | card | sheet
    data: bytes
    thumbnail: bytes = b""


def thumbnail(data: bytes, width: int = 200) -> bytes:
    """The first page as a PNG `width` pixels wide, for the HTML part."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(data)[0]
    image = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@dataclass
class Letter:
    """What every recipient gets; compose() addresses one copy."""

    sender: str
    subject: str
    clinic: str
    intro: str
    disclaimer: str
    attachments: list[Attachment]
    campaign: str = ""
    bodies: tuple[str, str] = ("", "")

    def __post_init__(self) -> None:
        digest = hashlib.sha256(self.subject.encode())
        for item in self.attachments:
            digest.update(hashlib.sha256(item.data).digest())
        self.campaign = digest.hexdigest()[:16]
        self.bodies = (self._text(), self._html())

    def size(self) -> int:
        """Bytes on the wire, estimated before sending: attachments and images in base64."""
        binary = sum(len(a.data) + len(a.thumbnail) for a in self.attachments)
        text = sum(len(b.encode()) for b in self.bodies)
        return int((binary + text) * BASE64) + 1024 * (2 + len(self.attachments))

    def _text(self) -> str:
        lines = [f"Hello from {self.clinic},", "", self.intro, "", "Attached:"]
        lines += [f"  - {a.name}: {DESCRIPTIONS[a.kind]}" for a in self.attachments]
        lines += ["", self.disclaimer, "", self.clinic]
        return "\n".join(lines) + "\n"

    def _html(self) -> str:
        e = html.escape
        cards = "".join(
            f'<td style="padding:8px;vertical-align:top;text-align:center">'
            f'<img src="cid:{{cid{i}}}" width="160" alt="{e(a.name)}, first page" '
            f'style="border:1px solid #999"><br><b>{e(a.name)}</b><br>'
            f"<span>{e(DESCRIPTIONS[a.kind])}</span></td>"
            for i, a in enumerate(self.attachments)
        )
        return (
            '<!DOCTYPE html><html><body style="font-family:Arial,sans-serif;font-size:16px;'
            f'color:#1a1a1a;line-height:1.5"><h2>{e(self.clinic)}</h2><p>{e(self.intro)}</p>'
            f"<p>Attached:</p><table><tr>{cards}</tr></table>"
            f'<p style="font-size:14px;color:#4a4a4a">{e(self.disclaimer)}</p></body></html>'
        )

    def compose(self, to: Recipient, domain: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to.header()
        message["Subject"] = self.subject
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid("publisher", domain=domain)
        message.set_content(self.bodies[0])
        cids = [make_msgid("thumb", domain=domain) for _ in self.attachments]
        page = self.bodies[1]
        for i, cid in enumerate(cids):
            page = page.replace(f"{{cid{i}}}", cid[1:-1])
        message.add_alternative(page, subtype="html")
        related = message.get_payload()[1]
        for attachment, cid in zip(self.attachments, cids, strict=True):
            related.add_related(
                attachment.thumbnail, "image", "png", cid=cid, filename=f"{attachment.name}.png"
            )
        for attachment in self.attachments:
            message.add_attachment(
                attachment.data, maintype="application", subtype="pdf", filename=attachment.name
            )
        return message


def prepare(
    plan, brand, sender: str | None, subject: str | None, intro: str | None
) -> tuple[Letter, Path]:
    """The PDFs (reused when up to date, else built and written) and the message around
    them; the folder the sent-log belongs in."""
    from publisher import build as pipeline

    outputs = pipeline.current(plan, brand)
    guide = plan.guides[0].model
    kinds = {name: layout.model.kind for name, layout in plan.layouts.items()}
    attachments = [
        Attachment(f"{guide.id}-{o.path.name}", kinds[o.path.stem], o.data, thumbnail(o.data))
        for o in outputs
        if o.path.stem in kinds
    ]
    sender = sender or (brand.model.email if brand else None)
    if not sender:
        raise InputError("no sender: set PUBLISHER_SMTP_FROM (or give the brand an `email`).")
    clinic = brand.model.name if brand else guide.title
    first = " ".join(re.split(r"(?<=[.!?])\s+", guide.intro or guide.subtitle or "")[:2])
    letter = Letter(
        sender=sender,
        subject=subject or f"{guide.title}: your handouts" + (f" from {clinic}" if brand else ""),
        clinic=clinic,
        intro=intro or first,
        disclaimer=guide.disclaimer.text,
        attachments=attachments,
    )
    return letter, plan.folder(guide, brand)


# the sent-log and sending --------------------------------------------------------------


class SentLog:
    """One JSON line per message sent: recipient, campaign (subject and attachments), id."""

    def __init__(self, path: Path):
        self.path = path
        self.done: set[tuple[str, str]] = set()
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self.done.add((entry["to"].lower(), entry["campaign"]))
                except (ValueError, KeyError):
                    continue

    def sent(self, to: Recipient, campaign: str) -> bool:
        return (to.address.lower(), campaign) in self.done

    def add(self, to: Recipient, campaign: str, message_id: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"to": to.address, "campaign": campaign, "id": message_id}))
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.done.add((to.address.lower(), campaign))


@dataclass
class Outcome:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    not_attempted: list[str] = field(default_factory=list)


def connect(settings: Smtp, password: str | None) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=settings.cafile)
    port = settings.default_port
    try:
        if settings.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, port, context=context, timeout=30
            )
        else:
            client = smtplib.SMTP(settings.host, port, timeout=30)
            if settings.security == "starttls":
                client.starttls(context=context)
        if settings.user:
            client.login(settings.user, password or "")
    except ssl.SSLCertVerificationError as exc:
        raise BuildError(
            f"the SMTP server {settings.host}:{port} has a certificate that cannot be "
            f"verified ({exc.verify_message}); nothing was sent. If it is your own server, "
            "set PUBLISHER_SMTP_CAFILE to its certificate authority."
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise BuildError(
            f"the SMTP server {settings.host}:{port} offers no login on this connection; "
            "use PUBLISHER_SMTP_SECURITY=starttls or ssl, or leave PUBLISHER_SMTP_USER unset. "
            "Nothing was sent."
        ) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise BuildError(
            f"the SMTP server refused the login for {settings.user} ({exc.smtp_code}); "
            "check PUBLISHER_SMTP_USER and PUBLISHER_SMTP_PASSWORD. Nothing was sent."
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise BuildError(
            f"cannot reach the SMTP server {settings.host}:{port} ({exc}); nothing was sent."
        ) from None
    return client


def send(
    letter: Letter,
    people: list[Recipient],
    settings: Smtp,
    password: str | None,
    log: SentLog,
    resume: bool,
    done: Callable[[str], None] = lambda _: None,
) -> Outcome:
    """Send one message per recipient; stop at a broken connection, go on past a refused
    recipient; every message sent is in the log before the next is tried."""
    outcome = Outcome()
    todo = []
    for person in people:
        if resume and log.sent(person, letter.campaign):
            outcome.skipped.append(person.address)
        else:
            todo.append(person)
    if not todo:
        return outcome
    domain = settings.sender.rsplit("@", 1)[-1].strip("> ")
    client = connect(settings, password)
    try:
        for index, person in enumerate(todo):
            message = letter.compose(person, domain)
            try:
                client.send_message(message)
            except smtplib.SMTPRecipientsRefused as exc:
                code, reason = next(iter(exc.recipients.values()))
                outcome.failed.append((person.address, f"{code} {reason.decode(errors='replace')}"))
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                outcome.failed.append((person.address, str(exc) or "connection lost"))
                outcome.not_attempted = [p.address for p in todo[index + 1 :]]
                break
            except smtplib.SMTPResponseException as exc:
                reason = exc.smtp_error.decode(errors="replace")
                outcome.failed.append((person.address, f"{exc.smtp_code} {reason}"))
            else:
                log.add(person, letter.campaign, message["Message-ID"])
                outcome.sent.append(person.address)
            done(person.address)
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            client.quit()
    return outcome


def write_eml(letter: Letter, people: list[Recipient], folder: Path, domain: str) -> list[Path]:
    written = []
    for person in people:
        message = letter.compose(person, domain)
        safe = re.sub(r"[^A-Za-z0-9@._-]", "_", person.address)
        path = folder / f"{safe}.eml"
        write_atomic(path, message.as_bytes(), option="--eml")
        written.append(path)
    return written
