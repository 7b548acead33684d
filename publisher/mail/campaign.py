"""Distributing by email: recipients checked before anything is sent, one message per
recipient (plain text, HTML with a thumbnail of each handout, the PDFs attached), the size
known before sending, and a sent-log so a rerun with --resume never sends twice."""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import smtplib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from publisher.errors import BuildError, InputError
from publisher.i18n.words import dose, words
from publisher.inputs.files import read_text
from publisher.mail.letter import BASE64, Attachment, Clinic, Letter, thumbnail
from publisher.mail.recipients import Recipient, unsafe
from publisher.mail.smtp import Smtp, connect, smtp_settings
from publisher.pipeline.write import write_atomic
from publisher.source import display

# composing ----------------------------------------------------------------------------


def prepare(
    plan, brand, sender: str | None, subject: str | None, intro: str | None
) -> tuple[Letter, Path]:
    """The PDFs (reused when up to date, else built and written) and the message around
    them; the folder the sent-log belongs in."""
    from publisher.commands.common import current

    outputs = current(plan, brand)
    guide = plan.guides[0].model
    attachments = [
        Attachment(f"{guide.id}-{o.path.name}", o.kind, o.data, thumbnail(o.data))
        for o in outputs
        if o.role == "main"
    ]
    sender = sender or (brand.model.email if brand else None)
    if not sender:
        raise InputError("no sender: set PUBLISHER_SMTP_FROM (or give the brand an `email`).")
    language = (brand.model.language if brand else None) or guide.language
    w = words(language)
    clinic = Clinic()
    if brand:
        b = brand.model
        fields = {k: getattr(b, k) or "" for k in ("name", "phone", "address", "website", "email")}
        clinic = Clinic(**fields)
    why = w["why"] if brand else w["why_plain"]
    subject = subject or (w["subject_from"] if brand else w["subject"]).format(
        title=guide.title, clinic=clinic.name
    )
    letter = Letter(
        sender=sender,
        subject=subject,
        topic=guide.title,
        language=language,
        intro=intro or why.format(clinic=clinic.name, topic=guide.title),
        disclaimer=guide.disclaimer.short,
        attachments=attachments,
        clinic=clinic,
        red_flags=_red_flags(guide, w),
        steps=_summary(plan, guide, w),
    )
    return letter, plan.folder(guide, brand)


def _summary(plan, guide, w: dict) -> tuple[str, list[str]]:
    """The steps the layouts show first (the booklet's summary, the sheet's quick box)."""
    for layout in plan.layouts.values():
        content = getattr(layout.model, "content", None)
        name = getattr(content, "summary", None) or getattr(content, "quick", None)
        block = guide.block(name) if name else None
        if block is not None and getattr(block, "steps", None):
            title = block.title or w["what_to_do"]
            doses = [dose(s, guide.language) for s in block.steps]
            return title, [f"{s.short}. {s.cue}" + (f" ({d})" if d else "")
                           for s, d in zip(block.steps, doses, strict=True)]  # fmt: skip
    return "", []


def _red_flags(guide, w: dict) -> tuple[str, list[str]]:
    flags = guide.red_flags()
    return flags.title or w["see_a_doctor"], list(flags.items)


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
    domain = _domain(settings.sender)
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


# the email command ------------------------------------------------------------------------


@dataclass
class Campaign:
    """What `publisher email` did (or would do): the letter, its size, the outcome."""

    letter: Letter
    size: int
    people: list[Recipient]
    dry_run: bool = False
    outcome: Outcome | None = None
    written: list[Path] = field(default_factory=list)
    log: Path | None = None

    @property
    def failed(self) -> int:
        o = self.outcome
        return len(o.failed) + len(o.not_attempted) if o else 0

    def lines(self) -> list[tuple[str, bool]]:
        """What to tell the user, line by line, and whether it goes to stderr."""
        size = f"{self.size / 1024:.0f} KB"
        if self.written:
            total = self.size * len(self.written) / 2**20
            head = f"{len(self.written)} .eml file(s), {total:.1f} MB in all:"
            return [(head, False), *((f"wrote {path}", False) for path in self.written)]
        if self.dry_run:
            names = ", ".join(a.name for a in self.letter.attachments)
            out = [(f"would send to {p.header()}: {names} ({size})", False) for p in self.people]
            return [*out, (f"{len(self.people)} message(s), nothing sent (dry run)", False)]
        out: list[tuple[str, bool]] = []
        o = self.outcome
        if o is None:
            return out
        out += [(f"sent     {address}", False) for address in o.sent]
        out += [(f"skipped  {a} (already sent, see {self.log})", False) for a in o.skipped]
        out += [(f"FAILED   {address}: {reason}", True) for address, reason in o.failed]
        out += [(f"not sent {a} (the connection was lost first)", True) for a in o.not_attempted]
        out.append((f"sent {len(o.sent)}, failed {self.failed}, skipped {len(o.skipped)}; "
                    f"{size} each", False))  # fmt: skip
        if self.failed:
            out.append(("rerun with --resume to send only to those who did not get it.", True))
        return out


def send_campaign(
    plan,
    brand,
    people: list[Recipient],
    config: Path | None = None,
    subject: str | None = None,
    message_file: Path | None = None,
    max_size: float = 10.0,
    dry_run: bool = False,
    eml_dir: Path | None = None,
    resume: bool = False,
    ask_password: Callable[[str], str] = lambda user: "",
    progress: Callable[[str], None] = lambda _: None,
    env: Mapping[str, str] | None = None,
) -> Campaign:
    """Check the settings, build or reuse the PDFs, compose, check the size; then send one
    message per recipient (or write .eml files, or only say what would be sent). `env`:
    the PUBLISHER_SMTP_* settings the command line read from the environment."""
    env = env or {}
    if dry_run and eml_dir:
        raise InputError("choose --dry-run or --eml DIR, not both.")
    if len(plan.guides) > 1:
        raise InputError("several guides found; choose one with --guide ID.")
    intro = read_text(message_file, "message", 100_000).strip() if message_file else None
    if not math.isfinite(max_size) or max_size <= 0:
        raise InputError(f"--max-size {max_size}: give the largest message in MB, such as 10.")
    settings = smtp_settings(config, env) if not (dry_run or eml_dir) else None
    from publisher.commands.common import gate

    gate(plan, brand)
    sender = settings.sender if settings else env.get("PUBLISHER_SMTP_FROM")
    letter, folder = prepare(plan, brand, sender, subject, intro)
    _check_headers(letter, brand)
    campaign = Campaign(letter, letter.size(), people, dry_run)
    if campaign.size > max_size * 1024 * 1024:
        raise InputError(
            f"each message would be {campaign.size / 2**20:.1f} MB (attachments × {BASE64} "
            f"for base64), over the {max_size:g} MB limit; send fewer layouts with --layout, "
            "or raise --max-size if your mail server accepts more."
        )
    if dry_run:
        return campaign
    if eml_dir:
        _room(eml_dir, campaign.size * len(people))
        campaign.written = write_eml(letter, people, eml_dir, _domain(letter.sender))
        return campaign
    assert settings is not None
    password = None
    if settings.user:
        password = env.get("PUBLISHER_SMTP_PASSWORD")
        if password is None:
            password = ask_password(settings.user)
    log = SentLog(folder / "sent-log.jsonl")
    campaign.log = log.path
    campaign.outcome = send(letter, people, settings, password, log, resume, progress)
    return campaign


def _check_headers(letter: Letter, brand) -> None:
    """Every value that goes into a header, checked before the first message is sent."""
    values = [("--subject (or the guide's title)", letter.subject), ("the sender", letter.sender)]
    if brand:
        values += [(f"{display(brand.source.path)}: name", brand.model.name)]
        values += [(f"{display(brand.source.path)}: email", brand.model.email or "")]
    for what, value in values:
        reason = unsafe(value, 300)
        if reason:
            raise InputError(f"{what} {reason}; it cannot go into an email header.")


def _room(folder: Path, total: int) -> None:
    """Refuse before writing when the disk cannot take the .eml files."""
    import shutil

    existing = next(p for p in (folder, *folder.resolve().parents) if p.exists())
    free = shutil.disk_usage(existing).free
    if free < total + 2**20:
        raise BuildError(
            f"the .eml files need {total / 2**20:.1f} MB and {existing} has "
            f"{free / 2**20:.1f} MB free; choose another folder with --eml or free some space."
        )


def _domain(sender: str) -> str:
    return sender.rsplit("@", 1)[-1].strip("> ")
