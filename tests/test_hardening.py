"""Bad input of every kind found by fuzzing and attack runs: one clean line, exit 2 for
input (1 for a build that cannot be made), nothing written, nothing left behind."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import main
from tests.conftest import GUIDE, ROOT

BRAND = ROOT / "brands" / "example-clinic.yaml"
CALF = GUIDE.read_text(encoding="utf-8")


def run(*args, seconds: float = 20, **kw):
    """`publisher ARGS` in-process; fails (rather than hanging the suite) past `seconds`."""
    box: dict = {}
    worker = threading.Thread(
        target=lambda: box.update(r=CliRunner().invoke(main, [str(a) for a in args], **kw)),
        daemon=True,
    )
    started = time.perf_counter()
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"publisher {' '.join(map(str, args))} hung"
    result = box["r"]
    result.seconds = time.perf_counter() - started
    return result


def clean(result, code: int = 2) -> str:
    """The output of a clean refusal: the exit status, no traceback, a located message."""
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.output


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def guide_with(folder: Path, old: str, new: str, name: str = "g.yaml") -> Path:
    assert old in CALF
    path = folder / name
    path.write_text(CALF.replace(old, new, 1), encoding="utf-8")
    return path


# content is never lost silently ------------------------------------------------------


def test_duplicate_key_in_a_guide_is_an_error_at_the_second_key(here):
    line = CALF.splitlines().index("title: Calf Cramp Massage") + 1
    path = guide_with(here, "title: Calf Cramp Massage\n", "title: A\ntitle: B\n")
    out = clean(run("build", path, "-o", here / "out"))
    assert out.startswith(f"g.yaml:{line + 1}:1: `title` is given twice (first on line {line})")
    assert not (here / "out").exists()


@pytest.mark.parametrize("kind", ["layout", "brand", "config"])
def test_duplicate_keys_in_layouts_brands_and_smtp_settings(here, kind):
    if kind == "layout":
        (here / "layouts").mkdir()
        text = (ROOT / "layouts" / "pocket-card.yaml").read_text()
        (here / "layouts" / "pocket-card.yaml").write_text(text + "size: 85x55\n")
        (here / "content").mkdir()
        (here / "content" / "calf.yaml").write_text(CALF)
        result = run("validate")
        where = "layouts/pocket-card.yaml:"
    elif kind == "brand":
        (here / "b.yaml").write_text("name: A\nname: B\n")
        result = run("build", GUIDE, "--brand", here / "b.yaml", "-o", here / "out")
        where = "b.yaml:2:1"
    else:
        (here / "smtp.yaml").write_text("host: a\nfrom: x@y.org\nhost: b\n")
        result = run("email", "--to", "a@b.org", "--config", here / "smtp.yaml", "-l", "booklet")
        where = "smtp.yaml:3:1"
    out = clean(result)
    assert where in out and "given twice" in out, out


@pytest.mark.parametrize(
    "value", ["!!timestamp hello", "!!bool maybe", "!!binary aGVsbG8=", "!!set {a, b}", "!c x"]
)
def test_yaml_tags_are_refused_at_their_line(here, value):
    line = next(n for n, t in enumerate(CALF.splitlines(), 1) if t.startswith("subtitle:"))
    path = guide_with(here, "subtitle: Simple", f"subtitle: {value}\nx: Simple")
    out = clean(run("validate", path))
    assert out.startswith(f"g.yaml:{line}:11: the YAML tag"), out


# files that are not plain files --------------------------------------------------------


def _special(folder: Path, kind: str) -> Path:
    path = folder / f"{kind}.yaml"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        return Path("/dev/zero")
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        folder.joinpath(".keep").write_text("")  # the socket stays bound for the test
        _special.sockets.append(server)
    elif kind == "broken-link":
        path.symlink_to(folder / "gone.yaml")
    return path


_special.sockets = []


@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "socket", "broken-link"])
@pytest.mark.parametrize("role", ["guide", "brand", "logo", "config", "to-file", "message"])
def test_a_file_that_is_not_a_plain_file_is_one_line_at_once(here, kind, role):
    special = _special(here, kind)
    smtp = ["--to", "a@b.org", "--dry-run", "-l", "pocket-card", "--brand", BRAND]
    if role == "guide":
        args = ["build", special]
    elif role == "brand":
        args = ["build", GUIDE, "--brand", special]
    elif role == "logo":
        brand = here / "clinic.yaml"
        brand.write_text(
            f"name: Clinic\nlogo: {special.name if kind != 'device' else '/dev/zero'}\n"
        )
        args = ["build", GUIDE, "--brand", brand]
    elif role == "config":
        args = ["email", "--to", "a@b.org", "--config", special, "-l", "pocket-card"]
    elif role == "to-file":
        args = ["email", "--to-file", special, *smtp[3:]]
    else:
        args = ["email", *smtp, "--message", special]
    result = run(*args, "-o", here / "out", seconds=10)
    out = clean(result)
    assert len(out.strip().splitlines()) == 1, out
    assert result.seconds < 5
    assert not (here / "out").exists() or role in ("to-file", "message", "config")


def test_a_killed_builds_temporary_files_are_swept_by_the_next_build(here):
    out = here / "out" / "calf-cramp-massage"
    out.mkdir(parents=True)
    stale = out / ".pocket-card.pdf.abcd1234.tmp"
    young = out / ".fridge-sheet.pdf.wxyz6789.old.tmp"  # a moment ago: the lock says dead
    mine = out / ".notes.tmp"  # not the tool's pattern: left alone
    for path in (stale, young, mine):
        path.write_bytes(b"%PDF-half")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    from publisher.pipeline import write

    write._swept.clear()
    assert run("build", GUIDE, "-l", "pocket-card", "-o", here / "out").exit_code == 0
    assert not stale.exists() and not young.exists() and mine.exists()


# long content within the limits ------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("title: Calf Cramp Massage", "title: " + "Long " * 20_000, "at most 120 characters"),
        ("title: Calf Cramp Massage", "title: " + "x" * 70, "no word may be longer than 60"),
        ("  - id: causes\n    title: What Causes Calf Cramps?",
         "  - id: causes\n    title: " + "Why " * 250, "at most 120 characters"),
    ],
)  # fmt: skip
def test_long_fields_are_schema_errors_in_seconds(here, old, new, says):
    path = guide_with(here, old, new)
    result = run("build", path, "-o", here / "out")
    out = clean(result)
    assert says in out and out.startswith("g.yaml:"), out
    assert result.seconds < 5


def test_a_one_word_paragraph_of_600_kb_fails_in_seconds(here):
    path = guide_with(here, "intro: ", "intro: " + "a" * 600_000 + " ")
    result = run("build", path, "-o", here / "out")
    assert "at most 5000 characters" in clean(result) and result.seconds < 5


def test_a_guide_longer_than_the_booklet_limit_is_refused(here):
    paragraph = ("Rest the leg and breathe slowly. " * 140).strip()
    extra = "".join(f"      - paragraph: {paragraph}\n" for _ in range(14))
    path = guide_with(here, "    blocks:\n", "    blocks:\n" + extra)
    out = clean(run("validate", path))
    assert "the limit is 60,000 (about 60 booklet pages)" in out, out


def test_a_back_cover_too_tall_for_one_page_fails_cleanly(here):
    import yaml

    data = yaml.safe_load(CALF)
    for section in data["sections"]:
        for block in section["blocks"]:
            if block.get("callout", {}).get("kind") == "warning":
                block["callout"]["items"] = [  # the most a box may hold, each long
                    f"Warning sign {i} that needs a longer line, and then a few more words "
                    "so that it takes two or three lines" for i in range(20)
                ]  # fmt: skip
    path = here / "g.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = clean(run("build", path, "-l", "booklet", "-o", here / "out"), code=1)
    assert "back cover" in out and "even without its title, in two columns at 10 pt" in out
    assert "Every red flag stays" in out and "remove" not in out.lower()
    assert not (here / "out").exists()


def test_a_back_cover_floor_above_the_body_size_is_one_line_at_its_place(here):
    """`back_min` larger than the body would leave the back cover no size to try: refused
    at its line, before anything is built, and the last good PDF stays as it was."""
    import shutil

    shutil.copytree(ROOT / "layouts", here / "layouts")
    layout = here / "layouts" / "booklet.yaml"
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace("  footer: 9\n", "  footer: 9\n  back_min: 14\n"), "utf-8")
    line = text.splitlines().index("  footer: 9") + 2
    (here / "out").mkdir()
    (here / "out" / "booklet.pdf").write_bytes(b"%PDF-1.7 the last good one")
    out = clean(run("build", GUIDE, "-l", "booklet", "-o", here / "out"))
    assert out.startswith(f"layouts/booklet.yaml:{line}:13: type.back_min:"), out
    assert "give 12.5 or less" in out and len(out.strip().splitlines()) == 1
    assert (here / "out" / "booklet.pdf").read_bytes() == b"%PDF-1.7 the last good one"


# brands ------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", ["..", ".", "Upper Case"])
def test_a_brand_file_name_that_cannot_name_a_folder_is_refused(here, stem):
    brand = here / f"{stem}.yaml"
    brand.write_text("name: Clinic\n")
    out = clean(run("build", GUIDE, "--brand", brand, "-l", "pocket-card", "-o", here / "out"))
    assert "cannot be the brand's id" in out
    assert not (here / "out").exists() and not (here / "calf-cramp-massage").exists()


def test_a_brand_id_field_names_the_folder(here):
    brand = here / "Our Clinic.yaml"
    brand.write_text("id: our-clinic\nname: Our Clinic\n")
    assert (
        run("build", GUIDE, "--brand", brand, "-l", "pocket-card", "-o", here / "out").exit_code
        == 0
    )
    assert (here / "out" / "our-clinic" / "calf-cramp-massage" / "pocket-card.pdf").is_file()


def test_a_qr_address_too_long_for_a_code_is_a_brand_error(here):
    brand = here / "clinic.yaml"
    brand.write_text(f"name: Clinic\nqr: https://example.org/{'a' * 2500}\n")
    out = clean(run("build", GUIDE, "--brand", brand, "-o", here / "out"))
    assert "clinic.yaml:2:5: qr:" in out and "2,000" in out


def test_one_broken_brand_of_any_kind_never_stops_the_batch(here):
    folder = here / "brands"
    folder.mkdir()
    (folder / "good.yaml").write_text("name: Good Clinic\n")
    (folder / "long-qr.yaml").write_text(f"name: Clinic\nqr: https://example.org/{'a' * 2500}\n")
    (folder / "emoji.yaml").write_text("name: Clinic 😀\n")
    result = run("build", GUIDE, "--brand-dir", folder, "-l", "pocket-card", "-o", here / "out")
    assert result.exit_code == 1 and "for 1 of 3 brands" in result.output, result.output
    assert (here / "out" / "good" / "calf-cramp-massage" / "pocket-card.pdf").is_file()


@pytest.mark.parametrize(
    ("name", "shown"),
    [("診療所", "U+8A3A"), ("Clinic 😀", "U+1F600"), ('"A\\0B"', "U+0000"),
     ('"A\\x07B"', "U+0007"), ('"A\\u202eB"', "U+202E")],
)  # fmt: skip
def test_brand_text_goes_through_the_glyph_check(here, name, shown):
    brand = here / "clinic.yaml"
    brand.write_text(f"name: {name}\n", encoding="utf-8")
    out = clean(run("build", GUIDE, "--brand", brand, "-o", here / "out"), code=1)
    assert out.startswith("clinic.yaml:1:7: name: the font has no glyph") and shown in out


def test_a_100_megapixel_logo_is_refused_without_pillows_warning(here):
    from PIL import Image

    Image.new("1", (10_000, 10_000)).save(here / "big.png")
    brand = here / "clinic.yaml"
    brand.write_text("name: Clinic\nlogo: big.png\n")
    out = clean(run("build", GUIDE, "--brand", brand, "-o", here / "out"))
    assert "megapixels" in out and "DecompressionBomb" not in out


def test_a_logo_outside_the_brand_folder_is_refused_whether_or_not_it_exists(here):
    (here / "brand").mkdir()
    (here / "secret.png").write_bytes(b"x")
    brand = here / "brand" / "clinic.yaml"
    answers = []
    for target in ("../secret.png", "../missing.png", "/etc/passwd"):
        brand.write_text(f"name: Clinic\nlogo: {target}\n")
        out = clean(run("build", GUIDE, "--brand", brand, "-o", here / "out"))
        answers.append(out.split(": ", 2)[-1])
    assert len(set(answers)) == 1 and "brand file's folder" in answers[0]


# email -------------------------------------------------------------------------------

DRY = ["--dry-run", "-l", "pocket-card", "--brand", BRAND]


@pytest.mark.parametrize(
    ("row", "says"),
    [('"Ann\r\nBcc: x@evil.org",ann@example.org', "line break"),
     ('"Ann\nBcc: x@evil.org",ann@example.org', "line break"),
     ("Ann\u2028Bcc,ann@example.org", "line break"),
     ("Ann\x00,ann@example.org", "U+0000"),
     ("A" * 2000 + ",ann@example.org", "at most 200")],
)  # fmt: skip
def test_recipient_names_that_could_inject_headers_are_refused_at_their_line(here, row, says):
    (here / "people.csv").write_text("name,email\n" + row + "\n", encoding="utf-8", newline="")
    out = clean(run("email", "--to-file", here / "people.csv", *DRY))
    assert out.startswith("people.csv:2:1: the name") and says in out, out


def test_subject_and_brand_name_are_checked_before_anything_is_sent(here):
    out = clean(run("email", "--to", "a@b.org", *DRY, "--subject", "Hi\r\nBcc: x@evil.org"))
    assert "--subject" in out and "line break" in out


@pytest.mark.parametrize("given", ["<ann@example.org>", "Ann Lee <ann@example.org>"])
def test_an_address_in_angle_brackets_works(here, given):
    result = run("email", "--to", given, *DRY)
    assert result.exit_code == 0 and "ann@example.org" in result.output, result.output


@pytest.mark.parametrize("size", ["nan", "inf", "-1", "0"])
def test_max_size_must_be_a_positive_number(here, size):
    assert "--max-size" in clean(run("email", "--to", "a@b.org", *DRY, "--max-size", size))


def test_many_bad_csv_lines_print_the_first_twenty_and_a_count(here):
    rows = "".join(f"Person {i},not-an-address-{i}\n" for i in range(100_000))
    (here / "people.csv").write_text("name,email\n" + rows)
    out = clean(run("email", "--to-file", here / "people.csv", *DRY))
    lines = out.strip().splitlines()
    assert len(lines) == 21 and lines[-1] == "… and 99,980 more problems; fix these first."


@pytest.mark.parametrize("damage", [b"", b"%PDF-1.4\n1 0 obj", b"\x00garbage" * 100])
def test_a_damaged_previous_pdf_is_rebuilt(here, damage):
    assert run("build", GUIDE, "-l", "pocket-card", "--brand", BRAND).exit_code == 0
    target = here / "out" / "example-clinic" / "calf-cramp-massage" / "pocket-card.pdf"
    target.write_bytes(damage)
    result = run("email", "--to", "a@b.org", *DRY)
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF") and len(target.read_bytes()) > 10_000


def test_eml_says_its_total_and_refuses_a_full_disk(here, monkeypatch):
    import shutil
    from collections import namedtuple

    result = run("email", "--to", "a@b.org", "--to", "c@d.org", *DRY[1:], "--eml", here / "eml")
    assert result.output.startswith("2 .eml file(s), ") and " MB in all:" in result.output
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage(10**9, 10**9, 1000))
    out = clean(run("email", "--to", "a@b.org", *DRY[1:], "--eml", here / "eml2"), code=1)
    assert "free" in out and not (here / "eml2").exists()


@pytest.mark.parametrize(
    ("env", "says"),
    [({"PUBLISHER_SMTP_CAFILE": "/nonexistent/ca.pem"}, "there is no file"),
     ({"PUBLISHER_SMTP_CAFILE": str(BRAND)}, "not a certificate file"),
     ({"PUBLISHER_SMTP_USER": "u", "PUBLISHER_SMTP_PASSWORD": "pässword"}, "app password"),
     ({"PUBLISHER_SMTP_HOST": "mail.example.org", "PUBLISHER_SMTP_SECURITY": "none"},
      "clear text"),
     ({"PUBLISHER_SMTP_HOST": "::1", "PUBLISHER_SMTP_SECURITY": "none",
       "PUBLISHER_SMTP_PORT": "1"}, "cannot reach")],
)  # fmt: skip
def test_smtp_setting_problems_are_one_clean_line(here, env, says):
    base = {"PUBLISHER_SMTP_HOST": "127.0.0.1", "PUBLISHER_SMTP_PORT": "1",
            "PUBLISHER_SMTP_FROM": "clinic@example.org"}  # fmt: skip
    result = run("email", "--to", "a@b.org", *DRY[1:], env={**base, **env})
    out = result.output
    assert result.exit_code in (1, 2) and "Traceback" not in out and says in out, out
    assert len(out.strip().splitlines()) == 1, out


def test_a_logo_name_too_long_for_the_disk_is_one_line(here):
    """Found by benchmarks/fuzz.py (brand seed 100714): the name raised OSError."""
    brand = here / "clinic.yaml"
    brand.write_text(f"name: Clinic\nlogo: {'😀' * 400}.png\n", encoding="utf-8")
    out = clean(run("build", GUIDE, "--brand", brand, "-o", here / "out"))
    assert "clinic.yaml:2:7: logo: the logo's file name cannot be used" in out


def test_the_second_core_renders_the_same_bytes(tmp_path, monkeypatch):
    """The layouts rendered in two processes (parallel.py) give the files one process
    gives, byte for byte."""
    from click.testing import CliRunner

    from publisher.cli import main

    out = {}
    for mode in ("0", "1"):
        monkeypatch.setenv("PUBLISHER_SERIAL", mode)
        result = CliRunner().invoke(main, ["build", "-o", str(tmp_path / mode), "--force"])
        assert result.exit_code == 0, result.output
        out[mode] = {p.name: p.read_bytes() for p in (tmp_path / mode).rglob("*.pdf")}
    assert len(out["0"]) == 5 and out["0"] == out["1"]


# found by the attack run of issue 28 ------------------------------------------------------


def _guide(folder: Path, change) -> Path:
    import yaml

    data = yaml.safe_load(CALF)
    change(data)
    path = folder / "g.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("text", ["***Warning*** read this", "*a **b* c**", "***", "**x*y**"])
def test_stars_that_nest_or_cross_build_and_print_their_words(here, text):
    import pypdf

    path = _guide(here, lambda d: d.update(intro=f"{text}. Rest the leg."))
    result = run("build", path, "-l", "booklet", "-o", here / "out")
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(here / "out" / "calf-cramp-massage" / "booklet.pdf")
    extracted = " ".join(page.extract_text() for page in reader.pages)
    words = [w.strip("*").split("*")[0] for w in text.split() if w.strip("*")]
    assert "Rest the leg" in extracted and all(w in extracted for w in words)


def test_inline_markup_is_always_well_nested():
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from reportlab.platypus import Paragraph

    from publisher.draw.markup import inline

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(["*", "**", "***", "a", " ", "b c", "<", "&"]), max_size=14))
    def check(parts):
        Paragraph(inline("".join(parts)))  # ReportLab's parser refuses crossed tags

    check()


@pytest.mark.parametrize(("key", "count", "most"), [("steps", 300, 20), ("items", 3000, 20)])
def test_huge_lists_are_refused_in_a_second_at_their_line(here, key, count, most):
    def change(data):
        for section in data["sections"]:
            for block in section["blocks"]:
                if key == "steps" and "steps" in block:
                    block["steps"] = (block["steps"] * count)[:count]
                    return
                if key == "items" and block.get("callout", {}).get("kind") == "warning":
                    block["callout"]["items"] = [f"Sign {i}" for i in range(count)]
                    return

    result = run("validate", _guide(here, change))
    out = clean(result)
    assert f"{key}: allows at most {most} item(s)" in out and out.startswith("g.yaml:"), out
    assert result.seconds < 5


def test_a_link_that_loops_where_the_pdfs_go_is_one_line(here):
    (here / "out").mkdir()
    (here / "out" / "calf-cramp-massage").symlink_to("calf-cramp-massage")
    out = clean(run("build", GUIDE, "-l", "pocket-card", "-o", here / "out"))
    assert "loops back on itself" in out and len(out.strip().splitlines()) == 1


def test_control_characters_from_a_file_are_printed_as_escapes(here):
    (here / "clinic.yaml").write_text('name: Clinic\n"evil\\e[2J\\a\\rkey": 1\n')
    out = clean(run("build", GUIDE, "--brand", here / "clinic.yaml", "-o", here / "out"))
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    assert "\\x1b[2J" in out, out


def test_an_unknown_key_is_quoted_short(here):
    (here / "clinic.yaml").write_text("name: Clinic\n" + "root" * 50 + ": 1\n")
    out = clean(run("build", GUIDE, "--brand", here / "clinic.yaml", "-o", here / "out"))
    assert "root" * 9 + "roo…" in out and "root" * 11 not in out, out


def test_a_brand_that_links_to_a_file_in_another_folder_is_refused(here):
    secret = here / "private"
    secret.mkdir()
    (secret / "shadow").write_text("root:*:19000:0:99999:7:::\n")
    (here / "brands").mkdir()
    (here / "brands" / "clinic.yaml").symlink_to(secret / "shadow")
    out = clean(run("build", GUIDE, "--brand", here / "brands" / "clinic.yaml", "-o", here / "out"))
    assert "a link to a file in another folder" in out and "root:*" not in out, out


def test_two_guides_with_one_id_are_an_error_not_an_overwrite(here):
    (here / "a.yaml").write_text(CALF, encoding="utf-8")
    (here / "b.yaml").write_text(CALF, encoding="utf-8")
    out = clean(run("build", here / "a.yaml", here / "b.yaml", "-o", here / "out"))
    assert out.startswith("b.yaml:") and "is also the id of a.yaml" in out, out
    assert not (here / "out").exists()


def test_source_date_epoch_is_part_of_what_makes_a_build_current(here, monkeypatch):
    args = ("build", GUIDE, "-l", "pocket-card", "-o", here / "out")
    assert run(*args).exit_code == 0
    assert "up to date" in run(*args).output
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    again = run(*args)
    assert "up to date" not in again.output and "built 2 PDF(s)" in again.output, again.output


@pytest.mark.parametrize("where", ["manifest", "pdf"])
def test_a_pipe_in_the_output_folder_is_never_opened(here, where):
    args = ("build", GUIDE, "-l", "pocket-card", "-o", here / "out")
    assert run(*args).exit_code == 0
    folder = here / "out" / "calf-cramp-massage"
    target = folder / (".publisher-build.json" if where == "manifest" else "pocket-card.pdf")
    target.unlink()
    os.mkfifo(target)
    result = run(*args, seconds=15)  # a blocked open would hang here
    assert result.exit_code == 0, result.output
    assert (folder / "pocket-card.pdf").is_file()


def test_a_full_disk_leaves_the_last_good_set_and_no_temporary_file(here, monkeypatch):
    import errno

    from publisher.pipeline import write

    args = ("build", GUIDE, "-o", here / "out", "--force")
    assert run(*args).exit_code == 0
    folder = here / "out" / "calf-cramp-massage"
    before = {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.endswith(".lock")}
    real, calls = os.fsync, []

    def full(fd):
        calls.append(fd)
        if len(calls) == 3:  # the third file of the set
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(write.os, "fsync", full)
    out = clean(run(*args), code=1)
    monkeypatch.setattr(write.os, "fsync", real)
    assert "No space left on device" in out and len(out.strip().splitlines()) == 1, out
    after = {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.endswith(".lock")}
    assert after == before  # the PDFs and their manifest, untouched; nothing left over


def test_a_png_whose_header_promises_more_than_its_data_is_one_line(here):
    import struct
    import zlib

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 6000, 6000, 8, 2, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 999)[:40])
    )
    (here / "logo.png").write_bytes(png)
    (here / "clinic.yaml").write_text("name: Clinic\nlogo: logo.png\n")
    out = clean(run("build", GUIDE, "--brand", here / "clinic.yaml", "-l", "pocket-card"))
    assert out.startswith("clinic.yaml:2:7: logo:") and "truncated" in out, out


def test_a_box_taller_than_a_page_is_one_plain_line(here):
    import yaml

    data = yaml.safe_load(CALF)
    for section in data["sections"]:
        for block in section["blocks"]:
            if block.get("callout", {}).get("kind") == "warning":
                block["callout"]["items"] = [
                    f"Warning sign {i} that needs a longer line, and then a few more words "
                    "so that it takes two or three lines" for i in range(20)
                ]  # fmt: skip
    path = here / "g.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = clean(run("build", path, "-l", "booklet", "-o", here / "out"), code=1)
    assert len(out.strip().splitlines()) == 1 and "Flowable" not in out and "<" not in out, out
    # the key points list them one by one, so the first thing too tall is the back cover
    assert "the back cover" in out and "needs 2 pages" in out and "fewer words" in out, out
