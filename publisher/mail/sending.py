"""Sending: one message per recipient over one connection, each step in a sent-log that
is synced to disk, so that a rerun with --resume never sends twice and never skips a
recipient it cannot be sure about without saying so."""

from __future__ import annotations

import contextlib
import json
import os
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from publisher.errors import BuildError, InputError
from publisher.inputs.files import read_text
from publisher.mail.letter import Letter
from publisher.mail.recipients import Recipient
from publisher.mail.smtp import Smtp, connect


class SentLog:
    """One JSON line per step, synced to disk: `attempt` before a message is handed to the
    server, then `sent` or `failed` after. A recipient whose last line is `attempt` was
    being sent to when the run stopped: the outcome is unknown (it may have arrived), and
    `--resume` leaves them for the user to decide (`--resend-unknown` sends again)."""

    def __init__(self, path: Path):
        self.path = path
        self.state: dict[tuple[str, str], str] = {}
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise InputError(
                f"{path} is not a plain file (a link, a folder or a pipe); move it away so "
                "the sent-log can be written there. Nothing was sent."
            )
        if path.exists():
            text = read_text(path, "sent-log", 200 * 2**20)
            for line in text.splitlines():
                try:
                    entry = json.loads(line)
                    key = (entry["to"].lower(), entry["campaign"])
                    self.state[key] = entry.get("state", "sent")  # older logs: sent lines
                except (ValueError, KeyError, AttributeError, TypeError):
                    continue

    def of(self, to: Recipient, campaign: str) -> str | None:
        """`sent`, `attempt` (outcome unknown), `failed`, or None (never tried)."""
        return self.state.get((to.address.lower(), campaign))

    def add(self, to: Recipient, campaign: str, message_id: str, state: str) -> None:
        """Append one line and sync it; a log that cannot be written stops the campaign."""
        line = json.dumps({"to": to.address, "campaign": campaign, "id": message_id,
                           "state": state}) + "\n"  # fmt: skip
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(self.path, flags | getattr(os, "O_NONBLOCK", 0), 0o644)
            try:
                os.write(fd, line.encode())
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise LogError(
                f"cannot write the sent-log {self.path} ({exc.strerror or exc}); the campaign "
                "stopped so that nobody gets a message twice. Free some space (or close the "
                "program that holds the file), then rerun with --resume."
            ) from None
        self.state[(to.address.lower(), campaign)] = state


class LogError(BuildError):
    """The sent-log cannot be written: sending stops."""


@dataclass
class Outcome:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    not_attempted: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # an earlier run stopped mid-send
    stopped: str = ""  # why sending stopped before the end


RETRIES = (2.0, 10.0, 30.0)  # seconds before each new try after a temporary (4xx) refusal


def send(
    letter: Letter,
    people: list[Recipient],
    settings: Smtp,
    password: str | None,
    log: SentLog,
    resume: bool,
    done: Callable[[str], None] = lambda _: None,
    resend_unknown: bool = False,
    retries: tuple[float, ...] = RETRIES,
) -> Outcome:
    """Send one message per recipient. A permanent refusal (5xx) is that recipient's
    failure; a temporary one (4xx) is tried again after a pause, a few times; only a lost
    connection (or a sent-log that cannot be written) stops the rest, for --resume."""
    outcome = Outcome()
    todo = []
    for person in people:
        state = log.of(person, letter.campaign) if resume else None
        if state == "sent":
            outcome.skipped.append(person.address)
        elif state == "attempt" and not resend_unknown:
            outcome.unknown.append(person.address)
        else:
            todo.append(person)
    if not todo:
        return outcome
    domain = settings.sender.rsplit("@", 1)[-1].strip("> ")
    client = connect(settings, password)
    try:
        for index, person in enumerate(todo):
            message = letter.compose(person, domain)
            msgid = message["Message-ID"]
            try:
                log.add(person, letter.campaign, msgid, "attempt")
            except LogError as exc:  # nothing was handed to the server
                outcome.stopped, outcome.not_attempted = str(exc), [p.address for p in todo[index:]]
                break
            try:
                failure = _deliver(client, message, retries)
            except (smtplib.SMTPServerDisconnected, _Lost) as exc:  # it may have arrived
                outcome.stopped = f"the connection was lost ({exc or 'closed'})"
                outcome.unknown.append(person.address)
                outcome.not_attempted = [p.address for p in todo[index + 1 :]]
                break
            (outcome.failed.append((person.address, failure)) if failure
             else outcome.sent.append(person.address))  # fmt: skip
            done(person.address)
            try:
                log.add(person, letter.campaign, msgid, "failed" if failure else "sent")
            except LogError as exc:  # its `attempt` line stays: --resume will not resend
                outcome.stopped = str(exc)
                outcome.not_attempted = [p.address for p in todo[index + 1 :]]
                break
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            client.quit()
    return outcome


class _Lost(Exception):
    """The connection failed below SMTP (a reset, a timeout)."""


def _deliver(client: smtplib.SMTP, message, retries: tuple[float, ...]) -> str | None:
    """Hand one message to the server: None when accepted, else the permanent reason."""
    import time

    for pause in (*retries, None):
        try:
            client.send_message(message)
            return None
        except smtplib.SMTPRecipientsRefused as exc:
            code, reason = next(iter(exc.recipients.values()))
            said = f"{code} {reason.decode(errors='replace')}"
        except smtplib.SMTPServerDisconnected:
            raise
        except smtplib.SMTPResponseException as exc:
            code, said = exc.smtp_code, f"{exc.smtp_code} {exc.smtp_error.decode(errors='replace')}"
        except smtplib.SMTPNotSupportedError as exc:  # an address in another script
            return f"the server cannot take this address ({exc})"
        except smtplib.SMTPException as exc:
            return str(exc)
        except OSError as exc:
            raise _Lost(str(exc) or type(exc).__name__) from None
        if not 400 <= code < 500 or pause is None:
            return said
        time.sleep(pause)
        with contextlib.suppress(smtplib.SMTPException, OSError):
            client.rset()
    return None  # not reached
