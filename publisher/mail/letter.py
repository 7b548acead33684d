"""The message a patient receives: a greeting by name, why it came, what each handout is
and what to do with it, the clinic's signature and the short disclaimer, in the guide's
language. Plain text and HTML say the same; the HTML is one column that reads on a 320 px
phone, in light and dark clients, and with images blocked. The cover thumbnails are
inline parts of the HTML, never listed as attachments; the PDFs are the attachments."""

from __future__ import annotations

import hashlib
import html
import io
import re
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from publisher.i18n.words import words
from publisher.mail.recipients import Recipient

# address headers are never folded (a display name with a comma lost its quotes when
# folded, so Python read two mailboxes); 998 is the line length RFC 5322 allows
UNFOLDED = policy.default.clone(max_line_length=998)
BASE64 = 1.37  # what base64 and line breaks make of an attachment's bytes
THUMB_WIDTH = 160  # CSS pixels; rendered at twice that for sharp phone screens
# a message whose HTML with the covers is shorter than this goes without them: pictures in
# a short message read as an image-only mail to spam filters (SpamAssassin's HTML_IMAGE_ONLY
# rules flag pictures in HTML of up to 3,200 characters); the PDFs are still attached
FEW_WORDS = 3400
LIGHT = {"background": "#ffffff", "text": "#1a1a1a", "muted": "#4a4a4a", "link": "#0b5563"}
DARK = {"background": "#121212", "text": "#f2f2f2", "muted": "#d0d0d0", "link": "#9fd3ff"}


@dataclass
class Attachment:
    name: str  # the file name in the message
    kind: str  # booklet | card | sheet
    data: bytes
    thumbnail: bytes = b""


def thumbnail(data: bytes, width: int = 2 * THUMB_WIDTH) -> bytes:
    """The first page as a PNG `width` pixels wide, for the HTML part."""
    from publisher.gate.measure import page_images

    image = page_images(data, width=width, count=1)[0]
    buffer = io.BytesIO()  # 64 colours: a cover is flat colour and type, a third the bytes
    image.convert("RGB").quantize(64, dither=0).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@dataclass
class Clinic:
    """Who sends: the clinic's name and the lines of its signature (any may be missing)."""

    name: str = ""
    phone: str = ""
    address: str = ""
    website: str = ""
    email: str = ""


@dataclass
class Letter:
    """What every recipient gets; compose() addresses one copy."""

    sender: str
    subject: str
    topic: str  # the guide's title
    language: str
    intro: str  # why the message came (the guide's default, or --message)
    disclaimer: str
    attachments: list[Attachment]
    clinic: Clinic = field(default_factory=Clinic)
    urgent: tuple[str, list[str]] = ("", [])  # its "call an emergency number now" ones
    red_flags: tuple[str, list[str]] = ("", [])  # the guide's "see a doctor" title and items
    habits: tuple[str, list[str]] = ("", [])  # its everyday habits, in their short forms
    steps: tuple[str, list[str]] = ("", [])  # the guide's summary: what to do right now
    caution: str = ""  # how to do those steps safely (the guide's caution), after them
    campaign: str = ""
    about: str = ""  # the guide's opening paragraph (markup removed)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(self.subject.encode())
        for item in self.attachments:
            digest.update(hashlib.sha256(item.data).digest())
        self.campaign = digest.hexdigest()[:16]

    def size(self) -> int:
        """Bytes on the wire, estimated before sending: attachments and images in base64."""
        sample = Recipient("someone@example.org", "A Name")
        covers = self.with_covers(sample)
        binary = sum(len(a.data) + len(a.thumbnail) * covers for a in self.attachments)
        text = len(self.text(sample).encode()) + len(self.html(sample, []).encode())
        return int((binary + text) * BASE64) + 1024 * (2 + len(self.attachments))

    def with_covers(self, to: Recipient) -> bool:
        """Whether the message to `to` has the words to carry the covers' pictures."""
        return len(self.html(to, self._cids())) >= FEW_WORDS

    def _cids(self) -> list[str]:
        """The covers' Content-IDs: short, ASCII and never folded whatever the sender's
        domain (a folded Content-ID no longer matches its cid: in strict mail programs)."""
        return [f"cover{n}.{self.campaign}@publisher.local" for n in range(len(self.attachments))]

    # the words -------------------------------------------------------------------------
    def _greeting(self, to: Recipient) -> str:
        w = words(self.language)
        return w["dear"].format(name=_as_said(to.name)) if to.name else w["hello"]

    def _paragraphs(self) -> list[str]:
        """The intro's paragraphs: a --message of several keeps them (a blank line apart),
        each one's lines joined; then what the guide is about, in its own opening words."""
        found = [" ".join(p.split()) for p in re.split(r"\n\s*\n", self.intro)]
        return [p for p in [*found, " ".join(self.about.split())] if p]

    def _items(self) -> list[tuple[Attachment, str, str]]:
        kinds = words(self.language)["kinds"]
        return [(a, *kinds[a.kind]) for a in self.attachments]

    def _signature(self) -> list[str]:
        c = self.clinic
        return [line for line in (c.name, c.phone, c.address, c.website) if line]

    def text(self, to: Recipient) -> str:
        w = words(self.language)
        lines = [self._greeting(to), "", "\n\n".join(self._paragraphs()), "",
                 _colon(w["attached"])]  # fmt: skip
        lines += [f"- {a.name}: {what}. {todo}" for a, what, todo in self._items()]
        for (title, items), mark in ((self.steps, "{n}."), (self.habits, "-"),
                                     (self.urgent, "-"), (self.red_flags, "-")):  # fmt: skip
            if items:
                lines += ["", _colon(title)]
                lines += [f"{mark.format(n=n)} {item}" for n, item in enumerate(items, 1)]
                if mark == "{n}." and self.caution:
                    lines += ["", self.caution]
        lines += ["", w["questions"].format(phone=self.clinic.phone) if self.clinic.phone
                  else w["questions_plain"]]  # fmt: skip
        lines += ["", self.disclaimer]
        signature = self._signature()
        return "\n".join([*lines, "", *signature] if signature else lines) + "\n"

    def html(self, to: Recipient, cids: list[str]) -> str:
        e, w = html.escape, words(self.language)
        body = (f"background:{LIGHT['background']};color:{LIGHT['text']};font-family:Arial,"
                "Helvetica,sans-serif;font-size:16px;line-height:1.5")  # fmt: skip
        content = (
            f"<p>{e(self._greeting(to))}</p>"
            + "".join(f"<p>{e(p)}</p>" for p in self._paragraphs())
            + f'<h2 style="font-size:20px;margin:24px 0 12px 0">{e(w["attached"])}</h2>'
            + self._covers_html(cids)
            + self._lists_html()
            + self._questions_html()
            + f'<p class="muted" style="font-size:14px;color:{LIGHT["muted"]}">'
            f"{e(self.disclaimer)}</p>" + self._signature_html()
        )
        return (
            f'<!DOCTYPE html><html lang="{e(self.language.replace("_", "-"))}"><head>'
            '<meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="color-scheme" content="light dark">'
            '<meta name="supported-color-schemes" content="light dark">'
            f"<title>{e(self.subject)}</title><style>@media (prefers-color-scheme: dark) {{"
            f" body, .page {{ background:{DARK['background']} !important;"
            f" color:{DARK['text']} !important }} a {{ color:{DARK['link']} !important }}"
            f" .muted {{ color:{DARK['muted']} !important }} }}</style></head>"
            f'<body style="margin:0;padding:0;{body}">'
            f'<div class="page" style="max-width:600px;margin:0 auto;padding:16px;{body}">'
            f"{content}</div></body></html>"
        )

    def _covers_html(self, cids: list[str]) -> str:
        """Each handout: its cover (described for readers who block images), what it is
        and what to do with it."""
        e, w = html.escape, words(self.language)
        out = []
        for index, (attachment, what, todo) in enumerate(self._items()):
            named = what.lower() if self.language.startswith("en") else what
            image = ""
            if index < len(cids):
                image = (f'<img src="cid:{cids[index]}" width="{THUMB_WIDTH}" '
                         f'alt="{e(w["cover"].format(what=named))}" style="display:block;'
                         f"width:{THUMB_WIDTH}px;max-width:100%;height:auto;"
                         f'border:1px solid #767676;margin:0 0 8px 0">')  # fmt: skip
            name = f'<span style="word-break:break-all">{e(attachment.name)}</span>'
            text = f"<b>{e(what)}</b> ({name})<br>{e(todo)}"
            out.append(f'<div style="margin:0 0 20px 0">{image}<p style="margin:0">{text}</p>')
            out.append("</div>")
        return "".join(out)

    def _lists_html(self) -> str:
        """The guide's quick steps (numbered) and red flags (bulleted)."""
        out = ""
        for (title, entries), tag in ((self.steps, "ol"), (self.habits, "ul"),
                                      (self.urgent, "ul"), (self.red_flags, "ul")):  # fmt: skip
            if entries:
                listed = "".join(f"<li>{html.escape(item)}</li>" for item in entries)
                out += f'<h2 style="font-size:20px;margin:24px 0 8px 0">{html.escape(title)}</h2>'
                out += f'<{tag} style="margin:0 0 16px 0;padding-left:24px">{listed}</{tag}>'
                if tag == "ol" and self.caution:
                    out += f"<p><strong>{html.escape(self.caution)}</strong></p>"
        return out

    def _phone_html(self) -> str:
        phone = self.clinic.phone
        return f'<a href="tel:{_tel(phone)}" style="color:{LIGHT["link"]}">{html.escape(phone)}</a>'

    def _questions_html(self) -> str:
        if not self.clinic.phone:  # who to ask, even without a clinic's phone
            return f"<p>{html.escape(words(self.language)['questions_plain'])}</p>"
        asked = html.escape(words(self.language)["questions"].format(phone=self.clinic.phone))
        return f"<p>{asked.replace(html.escape(self.clinic.phone), self._phone_html())}</p>"

    def _signature_html(self) -> str:
        c, e = self.clinic, html.escape
        lines = [f"<b>{e(c.name)}</b>"] if c.name else []
        lines += [self._phone_html()] if c.phone else []
        lines += [e(c.address)] if c.address else []
        if c.website:
            url = c.website if "://" in c.website else f"https://{c.website}"
            lines.append(f'<a href="{e(url)}" style="color:{LIGHT["link"]}">{e(c.website)}</a>')
        return f"<p>{'<br>'.join(lines)}</p>" if lines else ""

    # the message -----------------------------------------------------------------------
    def compose(self, to: Recipient, domain: str) -> EmailMessage:
        message = EmailMessage()  # the parts' base64 lines at 76 characters, as RFC 2045 says
        name, address = parseaddr(self.sender)  # the setting may be `Name <address>`
        message["From"] = Address(self.clinic.name or name, addr_spec=address)
        message["To"] = to.header()
        if self.clinic.email and self.clinic.email.lower() != self.sender.lower():
            message["Reply-To"] = Address(self.clinic.name, addr_spec=self.clinic.email)
        message["Subject"] = self.subject
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid("publisher", domain=domain)
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(self.text(to))
        cids = self._cids() if self.with_covers(to) else []
        message.add_alternative(self.html(to, cids), subtype="html")
        related = message.get_payload()[1]
        for attachment, cid in zip(self.attachments[: len(cids)], cids, strict=True):
            name = f"{attachment.name.rsplit('.', 1)[0]}-cover.png"
            related.add_related(attachment.thumbnail, "image", "png", cid=f"<{cid}>", filename=name,
                                disposition="inline")  # fmt: skip
        for attachment in self.attachments:
            message.add_attachment(
                attachment.data, maintype="application", subtype="pdf", filename=attachment.name
            )
        message["Content-Language"] = self.language.replace("_", "-")  # set_content drops it
        message.policy = UNFOLDED  # written out with no header folded
        return message


def _tel(phone: str) -> str:
    """A phone number as a tel: link (RFC 3966): its digits and a leading +, and an
    extension ("ext. 12", "extension 12", "x12", "#12") as `;ext=12`, never run on into
    the number (that would dial another one)."""
    found = re.search(r"(?i)\s*(?:ext(?:ension)?\.?|x|#)\s*(\d+)\s*$", phone)
    number, extension = (phone[: found.start()], found[1]) if found else (phone, "")
    digits = re.sub(r"[^\d+]", "", number)
    return f"{digits};ext={extension}" if extension else digits


def _colon(title: str) -> str:
    """A title followed by a colon, unless it ends in punctuation of its own ("¿Calambre
    ahora?" stays as it is)."""
    return title if title.rstrip()[-1:] in "?!:.;" else f"{title}:"


def _as_said(name: str) -> str:
    """A name as it is said: "Lee, Ann" (a list's Last, First) becomes "Ann Lee"."""
    parts = [p.strip() for p in name.split(",")]
    return f"{parts[1]} {parts[0]}" if len(parts) == 2 and all(parts) else name
