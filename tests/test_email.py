"""Email against a real SMTP server (aiosmtpd on 127.0.0.1): what arrives, STARTTLS with
certificate checks, resuming after a refused recipient, bad addresses, the size limit,
.eml files and no password option."""

from __future__ import annotations

import email
import json
import shutil
import socket
import ssl
from email import policy

import pypdf
import pytest
import trustme
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from publisher.cli import main
from tests.conftest import ROOT

BRAND = ROOT / "brands" / "example-clinic.yaml"
LAYOUTS = ["-l", "booklet", "-l", "pocket-card", "-l", "fridge-sheet"]
PEOPLE = ["ann@example.org", "bob@example.org", "cy@example.org"]


class Sink:
    """An SMTP handler that keeps what it receives and can refuse an address once."""

    def __init__(self, refuse_once: set[str] | None = None):
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse_once = set(refuse_once or ())

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_once:
            self.refuse_once.discard(address)
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        self.ehlo = session.host_name
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server():
    """Start a plain SMTP server; yields (sink, environment for publisher)."""
    started = []

    def start(sink: Sink, **kwargs):
        port = free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=port, **kwargs)
        controller.start()
        started.append(controller)
        env = {
            "PUBLISHER_SMTP_HOST": "127.0.0.1",
            "PUBLISHER_SMTP_PORT": str(port),
            "PUBLISHER_SMTP_FROM": "Riverside Physio <hello@riverside-physio.example>",
            "PUBLISHER_SMTP_SECURITY": "none",
        }
        return env

    yield start
    for controller in started:
        controller.stop()


def run(env, *args):
    """`publisher email ARGS` in the current folder (the `folder` fixture's)."""
    return CliRunner().invoke(main, ["email", *map(str, args)], env=env, catch_exceptions=False)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_three_recipients_get_everything(server, folder):
    sink = Sink()
    env = server(sink)
    to = [a for person in PEOPLE for a in ("--to", person)]
    result = run(env, *to, "--brand", BRAND, *LAYOUTS)
    assert result.exit_code == 0, result.output
    assert "sent 3, failed 0, skipped 0" in result.output
    assert sorted(rcpt for _, rcpts, _ in sink.messages for rcpt in rcpts) == PEOPLE
    built = folder / "out" / "example-clinic" / "calf-cramp-massage"
    for mail_from, (rcpt,), raw in sink.messages:
        assert mail_from == "hello@riverside-physio.example"
        message = email.message_from_bytes(raw, policy=policy.default)
        assert message["To"] == rcpt and "Riverside Physio" in message["From"]
        assert "Calf Cramp Massage" in message["Subject"]
        assert message["Date"] and message["Message-ID"].endswith("@riverside-physio.example>")
        pdfs = {
            part.get_filename(): part.get_payload(decode=True)
            for part in message.iter_attachments()
            if part.get_content_type() == "application/pdf"
        }
        assert set(pdfs) == {
            "calf-cramp-massage-booklet.pdf",
            "calf-cramp-massage-pocket-card.pdf",
            "calf-cramp-massage-fridge-sheet.pdf",
        }
        files = {
            "booklet": "booklet.pdf",
            "pocket-card": "pocket-card-sheet.pdf",
            "fridge-sheet": "fridge-sheet.pdf",
        }  # the card as its sheet to print at home
        for name, data in pdfs.items():
            kind = name.removeprefix("calf-cramp-massage-").removesuffix(".pdf")
            assert data == (built / files[kind]).read_bytes()
        text = message.get_body(("plain",)).get_content()
        page = message.get_body(("html",)).get_content()
        assert "Riverside Physio & Massage" in text and "not medical advice" in text.lower()
        assert "Riverside Physio &amp; Massage" in page
        images = [p for p in message.walk() if p.get_content_type() == "image/png"]
        assert len(images) == 3
        for image in images:
            assert image.get_payload(decode=True).startswith(b"\x89PNG")
            assert f"cid:{image['Content-ID'].strip()[1:-1]}" in page
    log = (built / "sent-log.jsonl").read_text().splitlines()
    entries = [json.loads(line) for line in log]
    assert sorted(e["to"] for e in entries if e["state"] == "sent") == PEOPLE
    assert sorted(e["to"] for e in entries if e["state"] == "attempt") == PEOPLE  # first
    assert sink.ehlo == "riverside-physio.example"  # the sender's domain, not [127.0.0.1]


def test_starttls_checks_the_certificate(server, folder, tmp_path):
    authority = trustme.CA()
    cert = authority.issue_cert("127.0.0.1")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    sink = Sink()
    env = server(sink, tls_context=context, require_starttls=True)
    env["PUBLISHER_SMTP_SECURITY"] = "starttls"
    refused = run(env, "--to", PEOPLE[0], "-l", "pocket-card")
    assert refused.exit_code == 1
    assert "certificate" in refused.output and "nothing was sent" in refused.output
    assert not sink.messages
    ca = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca))
    env["PUBLISHER_SMTP_CAFILE"] = str(ca)
    trusted = run(env, "--to", PEOPLE[0], "-l", "pocket-card")
    assert trusted.exit_code == 0, trusted.output
    assert len(sink.messages) == 1


def test_refused_recipient_is_reported_and_resume_sends_only_the_rest(server, folder):
    sink = Sink(refuse_once={"bob@example.org"})
    env = server(sink)
    to = [a for person in PEOPLE for a in ("--to", person)]
    first = run(env, *to, "-l", "pocket-card")
    assert first.exit_code == 1
    assert "FAILED   bob@example.org: 550" in first.output
    assert "sent 2, failed 1" in first.output
    again = run(env, *to, "-l", "pocket-card", "--resume")
    assert again.exit_code == 0, again.output
    assert "sent 1, failed 0, skipped 2" in again.output
    received = [rcpt for _, rcpts, _ in sink.messages for rcpt in rcpts]
    assert sorted(received) == PEOPLE  # everyone once, nobody twice


def test_a_bad_csv_line_is_named_and_skipped_and_the_others_are_sent(server, folder):
    sink = Sink()
    env = server(sink)
    people = folder / "people.csv"
    people.write_text("name,email\nAnn,ann@example.org\nBob,bob@\nCy,cy@example.org\n")
    result = run(env, "--to-file", people, "-l", "pocket-card")
    assert result.exit_code == 1, result.output
    assert (
        "skipped  people.csv:3:2: 'bob@' is not an email address such as name@example.org; "
        "fix or delete this line."
    ) in result.output
    assert "sent 2, failed 1" in result.output
    assert sorted(r for _, rcpts, _ in sink.messages for r in rcpts) == [
        "ann@example.org", "cy@example.org"]  # fmt: skip
    dry = run(env, "--to-file", people, "-l", "pocket-card", "--dry-run")
    assert dry.exit_code == 1 and "skipped  people.csv:3:2:" in dry.output
    bad = run(env, "--to", "not-an-address")
    assert bad.exit_code == 2 and "not-an-address" in bad.output
    assert len(sink.messages) == 2


def test_size_limit_is_checked_before_sending(server, folder):
    sink = Sink()
    env = server(sink)
    result = run(env, "--to", PEOPLE[0], "--max-size", "0.05")
    assert result.exit_code == 2
    assert "MB" in result.output and "over the 0.05 MB limit" in result.output
    assert not sink.messages


def test_size_estimate_is_not_below_what_is_sent(server, folder):
    sink = Sink()
    env = server(sink)
    result = run(env, "--to", PEOPLE[0], "--brand", BRAND, *LAYOUTS)
    estimate = int(result.output.rsplit("; ", 1)[1].split()[0]) * 1024
    actual = len(sink.messages[0][2])
    assert actual * 0.98 <= estimate <= actual * 1.1, (estimate, actual)


def test_eml_files_parse_back(folder):
    env = {"PUBLISHER_SMTP_FROM": "hello@riverside-physio.example"}
    result = run(env, "--to", PEOPLE[0], "--to", PEOPLE[1], "--eml", folder / "eml")
    assert result.exit_code == 0, result.output
    files = sorted((folder / "eml").glob("*.eml"))
    assert [f.name for f in files] == ["ann@example.org.eml", "bob@example.org.eml"]
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert not message.defects
        assert message["To"] in PEOPLE and message["Message-ID"]
        assert (
            len(
                [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
            )
            == 3
        )


def test_dry_run_sends_nothing(server, folder):
    sink = Sink()
    env = server(sink)
    result = run(env, "--to", PEOPLE[0], "--dry-run")
    assert result.exit_code == 0
    assert "would send to ann@example.org" in result.output and "nothing sent" in result.output
    assert not sink.messages


def test_clear_text_is_refused_for_a_remote_server(folder):
    env = {
        "PUBLISHER_SMTP_HOST": "smtp.example.org",
        "PUBLISHER_SMTP_FROM": "a@example.org",
        "PUBLISHER_SMTP_SECURITY": "none",
    }
    result = run(env, "--to", PEOPLE[0])
    assert result.exit_code == 2 and "clear text" in result.output


def test_no_password_option_and_password_never_printed(server, folder):
    help_text = CliRunner().invoke(main, ["email", "--help"]).output
    assert "--password" not in help_text and "PUBLISHER_SMTP_PASSWORD" in help_text
    env = server(Sink())
    env.update(PUBLISHER_SMTP_USER="clinic", PUBLISHER_SMTP_PASSWORD="s3cret-Pa55")
    result = run(env, "--to", PEOPLE[0], "-l", "pocket-card")
    assert result.exit_code == 1 and "offers no login" in result.output  # no AUTH in clear
    assert "s3cret-Pa55" not in result.output


def test_up_to_date_pdfs_are_reused_and_stale_ones_rebuilt(folder):
    env = {"PUBLISHER_SMTP_FROM": "hello@riverside-physio.example"}
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copytree(ROOT / "layouts", folder / "layouts")
    card = folder / "out" / "calf-cramp-massage" / "pocket-card.pdf"
    assert run(env, "--to", PEOPLE[0], "-l", "pocket-card", "--dry-run").exit_code == 0
    first = card.stat().st_mtime_ns
    assert run(env, "--to", PEOPLE[0], "-l", "pocket-card", "--dry-run").exit_code == 0
    assert card.stat().st_mtime_ns == first  # up to date: not rebuilt
    guide = folder / "content" / "calf-cramp-massage.yaml"
    guide.write_text(guide.read_text().replace("Warm the calf", "Warm up the calf"))
    assert run(env, "--to", PEOPLE[0], "-l", "pocket-card", "--dry-run").exit_code == 0
    assert card.stat().st_mtime_ns != first
    assert "Warm up the calf" in pypdf.PdfReader(card).pages[0].extract_text()


def test_a_server_without_starttls_gets_advice_that_is_not_the_current_setting(server, folder):
    sink = Sink()
    env = {**server(sink), "PUBLISHER_SMTP_SECURITY": "starttls"}
    result = run(env, "--to", PEOPLE[0], "-l", "pocket-card")
    assert result.exit_code == 1 and "does not offer STARTTLS" in result.output
    assert "PUBLISHER_SMTP_SECURITY=ssl" in result.output and "=starttls" not in result.output
    assert "Nothing was sent" in result.output and sink.messages == []
