"""Distributing by email: recipients and headers checked before anything is sent, one
message per recipient (plain text, HTML with a thumbnail of each handout, the PDFs
attached), the size known before sending; sending itself is in sending.py."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from publisher.errors import BuildError, InputError
from publisher.i18n.words import callout_title, caution_said, dose, words
from publisher.inputs.files import read_text
from publisher.mail.letter import BASE64, Attachment, Clinic, Letter, thumbnail
from publisher.mail.recipients import Recipient, header_problem, unsafe, wire_address
from publisher.mail.sending import Outcome, SentLog, send
from publisher.mail.smtp import smtp_settings
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
    language = guide.language  # the handouts' language is the message's, whatever the brand's
    w = words(language)
    attachments = [
        Attachment(_file_name(guide.id, w["names"][o.kind]), o.kind, o.data, thumbnail(o.data))
        for o in _printable(outputs)
    ]
    sender = sender or (brand.model.email if brand else None)
    if not sender:
        raise InputError("no sender: set PUBLISHER_SMTP_FROM (or give the brand an `email`).")
    from email.utils import parseaddr

    clinic = Clinic(name=parseaddr(sender)[0])  # without a brand: the sender's own name
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
        disclaimer=guide.disclaimer.text,  # an email has room for the whole of it
        about=re.sub(r"\*+", "", guide.intro or ""),
        attachments=attachments,
        clinic=clinic,
        urgent=_urgent(brand.dialled(guide) if brand else guide),
        red_flags=_red_flags(guide, w),
        habits=_habits(guide, w),
        steps=_summary(plan, guide, w),
        caution=_caution(guide),
    )
    return letter, plan.folder(guide, brand)


def _printable(outputs) -> list:
    """What a patient prints at home: each main file, but the card as its office sheet
    (cards with cut marks on A4 or Letter), not the bare 85 x 55 mm card."""
    sheets = {(o.guide, o.layout): o for o in outputs if o.role == "cards"}
    return [sheets.get((o.guide, o.layout), o) for o in outputs if o.role == "main"]


def _file_name(guide_id: str, name: str) -> str:
    """`calambres-nocturnos-tarjeta-de-bolsillo.pdf`: the guide's id and the file's name in
    its language, in plain letters (no accents: every mail program and disk takes them)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return f"{guide_id}-{re.sub(r'[^a-z0-9]+', '-', plain).strip('-')}.pdf"


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


def _caution(guide) -> str:
    """The guide's caution as the card and sheet print it: its title, then its short form."""
    block = guide.role("cautions")
    if block is None:
        return ""
    return " ".join(caution_said(block.callout, guide.language))


def _habits(guide, w: dict) -> tuple[str, list[str]]:
    block = guide.block("habits")
    habits = getattr(block, "habits", None) or []
    return (getattr(block, "title", None) or w["every_day"]), [h.short for h in habits]


def _urgent(guide) -> tuple[str, list[str]]:
    """The red flags that mean calling an emergency number now, when the guide has them,
    under the title the printed handouts give them (the clinic's number in it)."""
    flags = guide.emergency()
    if flags is None:
        return "", []
    return callout_title(flags, guide.language, True), list(flags.items)


def _red_flags(guide, w: dict) -> tuple[str, list[str]]:
    flags = guide.red_flags()
    return flags.title or w["see_a_doctor"], list(flags.items)


def write_eml(letter: Letter, people: list[Recipient], folder: Path, domain: str) -> list[Path]:
    """One .eml file per recipient, named by the address; an address whose name had to
    change to be a file name (`ann+x@`, `ann&x@`) also gets a few letters of its digest,
    so no two recipients share a file (nor two that differ only in case)."""
    import hashlib

    written = []
    for person in people:
        message = letter.compose(person, domain)
        safe = re.sub(r"[^a-z0-9@._-]", "_", person.address.lower())
        if safe != person.address:
            safe += "-" + hashlib.sha256(person.address.encode()).hexdigest()[:8]
        path = folder / f"{safe}.eml"
        unchanged = (f"it is as it was; the {len(written)} .eml file(s) before it were "
                     f"written, and those after it were not") if written else (
                     "no file was changed")  # fmt: skip
        write_atomic(path, message.as_bytes(), "--eml", unchanged)
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
    rejected: list[str] = field(default_factory=list)  # recipients' lines that were wrong

    @property
    def failed(self) -> int:
        o = self.outcome
        sending = len(o.failed) + len(o.not_attempted) + len(o.unknown) if o else 0
        return sending + len(self.rejected)

    def lines(self) -> list[tuple[str, bool]]:
        """What to tell the user, line by line, and whether it goes to stderr."""
        size = f"{self.size / 1024:.0f} KB"
        out = [(f"skipped  {line}", True) for line in self.rejected]
        if self.written:
            total = self.size * len(self.written) / 2**20
            head = f"{len(self.written)} .eml file(s), {total:.1f} MB in all:"
            return [*out, (head, False), *((f"wrote {path}", False) for path in self.written)]
        if self.dry_run:
            names = ", ".join(a.name for a in self.letter.attachments)
            out += [(f"would send to {p.header()}: {names} ({size})", False) for p in self.people]
            return [*out, (f"{len(self.people)} message(s), nothing sent (dry run)", False)]
        o = self.outcome
        if o is None:
            return out
        out += [(f"sent     {address}", False) for address in o.sent]
        out += [(f"skipped  {a} (already sent, see {self.log})", False) for a in o.skipped]
        out += [(f"FAILED   {address}: {reason}", True) for address, reason in o.failed]
        out += [(f"unknown  {a}: a send to them was cut off, so it may have arrived; "
                 "--resume leaves them out, --resend-unknown sends again", True)
                for a in o.unknown]  # fmt: skip
        why = "the connection was lost first" if not o.stopped.startswith("cannot") else "stopped"
        out += [(f"not sent {a} ({why})", True) for a in o.not_attempted]
        if o.stopped:
            out.append((f"stopped: {o.stopped}", True))
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
    resend_unknown: bool = False,
    rejected: list[str] | None = None,
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
    campaign = Campaign(letter, letter.size(), people, dry_run, rejected=list(rejected or ()))
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
    campaign.outcome = send(letter, people, settings, password, log, resume, progress,
                            resend_unknown)  # fmt: skip
    return campaign


def _check_headers(letter: Letter, brand) -> None:
    """Every value that goes into a header, checked before the first message is sent, and
    each header written and read back (recipients.header_problem): the same checks in a
    dry run, for .eml files and for a send."""
    from email.headerregistry import Address
    from email.utils import parseaddr

    name, address = parseaddr(letter.sender)
    where = f"{display(brand.source.path)}: " if brand else ""
    shown = letter.clinic.name or name
    subject = "--subject (or the guide's title)"
    texts = [("the sender", letter.sender), (subject, letter.subject)]
    addresses = [("the sender", address, "From")]
    if brand:  # first: the subject may say the clinic's name
        texts[:0] = [(f"{where}name", brand.model.name), (f"{where}email", brand.model.email or "")]
        if brand.model.email:
            addresses.append((f"{where}email", brand.model.email, "Reply-To"))
    problems = [(what, unsafe(value, 300)) for what, value in texts]
    for what, value, header in addresses:
        wire = wire_address(value)
        problems.append((what, header_problem(header, Address(shown, addr_spec=wire)) if wire
                         else "is not one email address such as name@example.org"))  # fmt: skip
    problems.append((subject, header_problem("Subject", letter.subject)))
    for what, reason in problems:
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
