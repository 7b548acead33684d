"""The message a patient receives, parsed part by part: MIME tree, dispositions and names,
headers, the HTML's structure and colours, the words in the guide's language."""

from __future__ import annotations

import email
import re
from email import policy

import pytest

from publisher import colors
from publisher.inputs import find as inputs
from publisher.mail.campaign import prepare
from publisher.mail.letter import DARK, LIGHT, THUMB_WIDTH
from publisher.mail.recipients import Recipient
from publisher.model.brand import load_brand
from publisher.pipeline import build
from tests.conftest import GUIDE, ROOT

BRAND = ROOT / "brands" / "example-clinic.yaml"


def message_for(tmp_path, guide=GUIDE, brand=BRAND, name="Ann Lee", sender=None):
    plan = build.plan([guide], inputs.layout_paths(()), tmp_path / "out")
    letter, _ = prepare(plan, load_brand(brand) if brand else None, sender, None, None)
    raw = letter.compose(Recipient("ann@example.org", name), "riverside-physio.example")
    return email.message_from_bytes(raw.as_bytes(), policy=policy.default), letter


@pytest.fixture(scope="module")
def message(tmp_path_factory):
    return message_for(tmp_path_factory.mktemp("letter"))[0]


def test_mime_tree_keeps_covers_inline_and_pdfs_attached(message):
    tree = [(part.get_content_type(), part.get_content_disposition()) for part in message.walk()]
    assert tree[:4] == [
        ("multipart/mixed", None),
        ("multipart/alternative", None),
        ("text/plain", None),
        ("multipart/related", None),
    ]
    assert tree[4] == ("text/html", None)
    assert tree[5:8] == [("image/png", "inline")] * 3
    assert tree[8:] == [("application/pdf", "attachment")] * 3
    listed = [part.get_filename() for part in message.iter_attachments()]
    assert all(name.endswith(".pdf") for name in listed) and len(listed) == 3
    covers = [p for p in message.walk() if p.get_content_type() == "image/png"]
    html = message.get_body(("html",)).get_content()
    for cover in covers:
        assert cover.get_filename().endswith("-cover.png") and ".pdf" not in cover.get_filename()
        assert f"cid:{cover['Content-ID'].strip('<> ')}" in html


def test_headers_a_mail_administrator_expects(message):
    (sender,) = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        "Riverside Physio & Massage", "hello@riverside-physio.example")  # fmt: skip
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Language"] == "en"
    assert message["Message-ID"].endswith("@riverside-physio.example>")
    assert message["Subject"] == "Calf Cramp Massage: your handouts from Riverside Physio & Massage"


def test_reply_to_is_the_clinic_when_the_sender_is_another_address(tmp_path):
    message, _ = message_for(tmp_path, sender="Mailer <noreply@mailer.example>")
    assert message["Reply-To"].addresses[0].addr_spec == "hello@riverside-physio.example"
    assert message["From"].addresses[0].display_name == "Riverside Physio & Massage"


def test_the_words_greet_explain_and_sign(message):
    text = message.get_body(("plain",)).get_content()
    assert text.startswith("Dear Ann Lee,\n\nRiverside Physio & Massage is sending you")
    for what in ("Print it and put it on your fridge door", "keep it in your wallet",
                 "Read it at home", "Questions? Call us on 01632 960 123.",
                 "It is not medical advice", "12 Mill Lane, Riverside RV1 2AB"):  # fmt: skip
        assert what in text
    html = message.get_body(("html",)).get_content()
    assert 'href="tel:01632960123"' in html and 'href="https://riverside-physio.example"' in html
    assert "Questions? Call us on <a " in html and "{" not in re.sub(r"<style>.*</style>", "", html)


def test_without_a_name_or_a_brand_the_message_still_reads(tmp_path):
    message, _ = message_for(tmp_path, brand=None, name="", sender="clinic@example.org")
    text = message.get_body(("plain",)).get_content()
    assert text.startswith("Hello,\n\nHere are the handouts about Calf Cramp Massage")
    assert "Reply-To" not in message and message["Subject"] == "Calf Cramp Massage: your handouts"


def test_html_is_one_column_for_phones_with_colours_for_light_and_dark(message):
    html = message.get_body(("html",)).get_content()
    assert re.search(r'<html lang="en">', html) and "<title>Calf Cramp Massage" in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert 'name="color-scheme" content="light dark"' in html
    assert "<table" not in html  # nothing side by side: it stacks on a 320 px screen
    fixed = [int(w) for w in re.findall(r"(?<![-\w])width[:=]\s*\"?(\d+)", html)]
    assert fixed and max(fixed) <= 400, fixed
    assert f"width:{THUMB_WIDTH}px;max-width:100%" in html
    body = re.search(r'<body style="([^"]*)"', html)[1]
    assert f"background:{LIGHT['background']}" in body and f"color:{LIGHT['text']}" in body
    for scheme in (LIGHT, DARK):
        back = colors.rgb(scheme["background"])
        for ink in ("text", "muted", "link"):
            assert colors.contrast(colors.rgb(scheme[ink]), back) >= 7, (scheme, ink)
        assert scheme["background"] in html and scheme["text"] in html


def test_images_blocked_the_covers_are_described_and_the_text_says_it_all(message):
    html = message.get_body(("html",)).get_content()
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', html)
    assert alts == [
        "Cover of the full guide as a booklet",
        "Cover of a large-print sheet",
        "Cover of a pocket card with the steps",
    ]
    without_images = re.sub(r"<img [^>]*>", "", html)
    for what in ("The full guide as a booklet", "A pocket card with the steps", "fridge door"):
        assert what in without_images


def test_covers_are_rendered_at_twice_their_shown_width(message):
    from PIL import Image

    for part in (p for p in message.walk() if p.get_content_type() == "image/png"):
        import io

        assert Image.open(io.BytesIO(part.get_payload(decode=True))).width == 2 * THUMB_WIDTH


def test_a_spanish_guide_gets_a_spanish_message(tmp_path):
    guide = tmp_path / "es.yaml"
    guide.write_text(GUIDE.read_text(encoding="utf-8").replace("language: en", "language: es"))
    message, _ = message_for(tmp_path, guide=guide)
    text = message.get_body(("plain",)).get_content()
    assert text.startswith("Hola, Ann Lee:") and "puerta de la nevera" in text
    assert message["Content-Language"] == "es" and "sus hojas informativas" in message["Subject"]
    assert '<html lang="es">' in message.get_body(("html",)).get_content()


def test_the_message_carries_what_to_do_now_and_when_to_see_a_doctor(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "If a cramp strikes:\n1. Flex your foot up." in text
    assert "See a doctor if you have:\n- Cramps every day" in text
    assert "<ol" in html and "<li>A cramp that lasts over 10 minutes</li>" in html


# as a second mail program reads it (issue 30) ------------------------------------------


def _raw_headers(block: bytes) -> list[tuple[str, str]]:
    """A header block read by hand: each header with its folded lines joined."""
    found: list[list[str]] = []
    for line in block.decode("ascii").split("\n"):
        line = line.rstrip("\r")
        if line[:1] in (" ", "\t") and found:
            found[-1][1] += " " + line.strip()
        elif ":" in line:
            name, value = line.split(":", 1)
            found.append([name, value.strip()])
    return [(n, v) for n, v in found]


def _parts(raw: bytes) -> list[tuple[list[tuple[str, str]], bytes]]:
    """Every MIME part's headers and body, split on the boundaries named in the raw bytes."""
    boundaries = re.findall(rb'boundary="([^"]+)"', raw)
    pieces = [raw]
    for boundary in boundaries:
        pieces = [p for piece in pieces for p in piece.split(b"--" + boundary)]
    out = []
    for piece in pieces:
        head, _, body = piece.strip(b"\r\n").partition(b"\n\n")
        out.append((_raw_headers(head), body))
    return out


@pytest.mark.parametrize("domain", ["riverside-physio.example", "a" * 40 + ".example",
                                    "b" * 63 + ".example"])  # fmt: skip
@pytest.mark.parametrize("brand", [BRAND, ROOT / "tests" / "corpus" / "brands" /
                                   "long-name-clinic.yaml"])  # fmt: skip
def test_a_second_parser_finds_every_cover_and_one_sender(tmp_path, domain, brand):
    plan = build.plan([GUIDE], inputs.layout_paths(()), tmp_path / "out")
    clinic = load_brand(brand)
    letter, _ = prepare(plan, clinic, f"hello@{domain}", None, None)
    raw = letter.compose(Recipient("ann@example.org", "Lee, Ann"), domain).as_bytes()
    parts = _parts(raw)
    ids = [v for headers, _ in parts for n, v in headers if n.lower() == "content-id"]
    html_part = next(b for h, b in parts if ("Content-Type", 'text/html; charset="utf-8"') in h)
    import quopri

    page = quopri.decodestring(html_part).decode("utf-8")
    cids = re.findall(r'src="cid:([^"]+)"', page)
    assert len(cids) == 3 and sorted(f"<{c}>" for c in cids) == sorted(ids), (ids, cids)
    assert all(i.isascii() and "=?" not in i and len(i) < 78 for i in ids)
    top = dict(_raw_headers(raw.split(b"\n\n", 1)[0]))
    strict = email.message_from_bytes(raw, policy=policy.strict)
    for name in ("From", "Reply-To"):
        if name in top:
            assert len(strict[name].addresses) == 1, (name, top[name])
            assert strict[name].addresses[0].domain, top[name]
    assert strict["From"].addresses[0].display_name == clinic.model.name


def test_phone_extensions_names_paragraphs_and_punctuation(tmp_path):
    from publisher.mail.letter import _tel

    assert _tel("+44 1632 960 123 extension 4567") == "+441632960123;ext=4567"
    assert _tel("01632 960 123") == "01632960123"
    plan = build.plan([GUIDE], inputs.layout_paths(()), tmp_path / "out")
    letter, _ = prepare(
        plan, load_brand(BRAND), None, None, "First paragraph.\n\nSecond one\nwraps."
    )
    text = letter.text(Recipient("ann@example.org", "Lee, Ann"))
    page = letter.html(Recipient("ann@example.org", "Lee, Ann"), [])
    assert (
        text.startswith("Dear Ann Lee,")
        and "<p>First paragraph.</p><p>Second one wraps.</p>" in page
    )
    assert "First paragraph.\n\nSecond one wraps." in text


def test_a_spanish_guide_is_written_in_spanish_whatever_the_brand(tmp_path):
    guide = ROOT / "tests" / "corpus" / "calambres-nocturnos.yaml"
    brand_file = tmp_path / "clinic.yaml"
    brand_file.write_text(BRAND.read_text(encoding="utf-8") + "language: en_GB\n", encoding="utf-8")
    for logo in BRAND.parent.glob("*.png"):
        (tmp_path / logo.name).write_bytes(logo.read_bytes())
    plan = build.plan([guide], inputs.layout_paths(()), tmp_path / "out")
    letter, _ = prepare(plan, load_brand(brand_file), None, None, None)
    message = email.message_from_bytes(
        letter.compose(Recipient("ana@example.org", "Ana"), "x.example").as_bytes(),
        policy=policy.default)  # fmt: skip
    assert message["Content-Language"] == "es"
    names = sorted(p.get_filename() for p in message.iter_attachments())
    assert "calambres-nocturnos-tarjeta-de-bolsillo.pdf" in names, names
    text = message.get_body(("plain",)).get_content()
    assert "?:" not in text and "Hola, Ana:" in text


def test_the_card_goes_as_its_sheet_to_print_at_home_and_covers_are_small(tmp_path):
    import io

    from pypdf import PdfReader

    plan = build.plan([GUIDE], inputs.layout_paths(("pocket-card",)), tmp_path / "out")
    letter, _ = prepare(plan, load_brand(BRAND), None, None, None)
    [card] = letter.attachments
    width, height = (float(x) for x in PdfReader(io.BytesIO(card.data)).pages[0].mediabox[2:])
    assert min(width, height) > 500  # A4 or Letter with the cards on it, not 85 x 55 mm
    assert len(card.thumbnail) < 40_000, len(card.thumbnail)


@pytest.mark.parametrize(("guide", "brand", "covers"), [
    (ROOT / "tests" / "corpus" / "sparse.yaml", BRAND, 0),
    (ROOT / "tests" / "corpus" / "sparse.yaml", None, 0),
    (GUIDE, None, 3),
])  # fmt: skip
def test_a_short_message_goes_without_covers_so_it_is_not_an_image_only_mail(
    tmp_path, guide, brand, covers
):
    """SpamAssassin's HTML_IMAGE_ONLY rules flag pictures in HTML of 3,200 characters or
    less (2.2 to 2.8 points for the sparse guide's message): a message with covers has
    more, one without still attaches every PDF and says what each is."""
    sender = None if brand else "hello@riverside-physio.example"
    message, _ = message_for(tmp_path, guide, brand, sender=sender)
    page = message.get_body(("html",)).get_content()
    images = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert len(images) == covers and page.count('src="cid:') == covers
    if covers:
        assert len(page) > 3200 * 1.05, len(page)
    assert len(list(message.iter_attachments())) == 3
    assert "booklet.pdf" in page and "pocket-card.pdf" in page and "fridge-sheet.pdf" in page
