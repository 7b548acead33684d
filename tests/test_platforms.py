"""What a clinic's Windows PC or Mac brings: a cp1252 console pipe, a PDF open in a
viewer, text files from Notepad and Excel, the `spawn` start method, no trusted
certificate authorities in a fresh python.org install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import main
from tests.conftest import GUIDE, ROOT

BRAND = ROOT / "brands" / "example-clinic.yaml"


def run(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], **kw)


def test_a_cp1252_console_pipe_never_crashes_on_a_name(tmp_path):
    folder = tmp_path / "Łódź ≥ clinic"
    (folder / "content").mkdir(parents=True)
    shutil.copytree(ROOT / "layouts", folder / "layouts")
    text = GUIDE.read_text(encoding="utf-8")
    (folder / "content" / "łydka.yaml").write_text(
        text.replace("title: Calf Cramp Massage", "title: Calf Cramp Massage ł ≥ Ł"), "utf-8"
    )
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    commands = (["validate"], ["list"], ["build", "-l", "pocket-card", "-o", "Łout ≥"], ["check"])
    for command in commands:
        result = subprocess.run([sys.executable, "-m", "publisher", *command], cwd=folder,
                                env=env, capture_output=True)  # fmt: skip
        err = result.stderr.decode("cp1252", errors="replace")
        assert "Traceback" not in err and "UnicodeEncodeError" not in err, (command, err)
        assert result.returncode in (0, 1), (command, err)
        assert b"?" in result.stdout + result.stderr or command == ["check"], command  # Ł→?


def test_a_pdf_open_in_a_viewer_leaves_the_whole_set_as_it_was(tmp_path, monkeypatch):
    from publisher.pipeline import write

    out = tmp_path / "out"
    assert run("build", GUIDE, "-o", out).exit_code == 0
    folder = out / "calf-cramp-massage"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    guide = tmp_path / "calf-cramp-massage.yaml"
    guide.write_text(GUIDE.read_text(encoding="utf-8").replace("fast", "quickly"), "utf-8")
    real = os.replace

    def refuse(src, dst):  # what Windows does while Acrobat has the file open
        if str(dst).endswith("fridge-sheet.pdf") or str(src).endswith("fridge-sheet.pdf"):
            raise PermissionError(13, "Access is denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(write.os, "replace", refuse)
    result = run("build", guide, "-o", out)
    assert (
        result.exit_code == 1
        and "close fridge-sheet.pdf in the program that has it open (a PDF viewer" in result.output
    )
    assert "no file was changed" in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # nothing half-new


def test_notepad_and_excel_text_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    message = tmp_path / "message.txt"
    message.write_bytes("Hola, aquí está su guía.".encode("utf-16"))  # with its BOM
    result = run("email", "--to", "a@b.org", "--brand", BRAND, "-l", "pocket-card",
                 "--message", message, "--eml", tmp_path / "eml")  # fmt: skip
    assert result.exit_code == 0, result.output
    import email
    from email import policy

    sent = email.message_from_bytes(next((tmp_path / "eml").iterdir()).read_bytes(),
                                    policy=policy.default)  # fmt: skip
    text = sent.get_body(("plain",)).get_content()
    assert "Hola, aquí está su guía." in text and "\ufeff" not in text
    people = tmp_path / "people.csv"
    people.write_bytes("\ufeffname,email\nAnn,ann@example.org\n".encode())  # Excel's UTF-8
    assert run("email", "--to-file", people, "--brand", BRAND, "--dry-run").exit_code == 0
    people.write_bytes("name,email\nRené,rene@example.org\n".encode("cp1252"))  # Excel's ANSI
    result = run("email", "--to-file", people, "--brand", BRAND, "--dry-run")
    assert (
        result.exit_code == 2 and "CSV UTF-8" in result.output and "Traceback" not in result.output
    )


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_the_batch_works_under_spawn_and_fork_with_identical_files(tmp_path, method):
    folder = tmp_path / "brands"
    folder.mkdir()
    for n in range(3):
        (folder / f"clinic-{n}.yaml").write_text(f"name: Clinic {n}\nphone: 0123 {n}\n")
    env = {**os.environ, "PUBLISHER_START_METHOD": method}
    result = subprocess.run(
        [sys.executable, "-m", "publisher", "build", str(GUIDE), "--brand-dir", str(folder),
         "-l", "pocket-card", "-o", str(tmp_path / "out"), "--jobs", "2"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "for 3 of 3 brands" in result.stdout and "with 2 job(s)" in result.stdout
    lone = tmp_path / "lone"
    assert run("build", GUIDE, "--brand", folder / "clinic-2.yaml", "-l", "pocket-card",
               "-o", lone).exit_code == 0  # fmt: skip
    for name in ("pocket-card.pdf", "pocket-card-sheet.pdf"):
        built = tmp_path / "out" / "clinic-2" / "calf-cramp-massage" / name
        assert built.read_bytes() == (lone / "clinic-2" / "calf-cramp-massage" / name).read_bytes()


def test_brand_ids_are_lower_case_so_no_two_share_a_folder_on_windows_or_macos(tmp_path):
    brand = tmp_path / "Clinic.yaml"
    brand.write_text("name: Clinic\n")
    out = run("build", GUIDE, "--brand", brand, "-o", tmp_path / "out").output
    assert "cannot be the brand's id" in out
    brand.write_text("id: Clinic\nname: Clinic\n")
    assert "Clinic.yaml:1:5: id: has the wrong form" in run(
        "build", GUIDE, "--brand", brand, "-o", tmp_path / "out").output  # fmt: skip


def test_no_trusted_authorities_is_explained(monkeypatch):
    import ssl

    from publisher.errors import InputError
    from publisher.mail import smtp

    monkeypatch.setattr(
        ssl, "create_default_context", lambda: ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    )
    none = ssl.DefaultVerifyPaths("/nonexistent.pem", "/nonexistent", "", "", "", "")
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: none)
    settings = smtp.Smtp.model_validate({"host": "mail.example.org", "from": "a@b.org"})
    with pytest.raises(InputError, match=r"Install Certificates\.command"):
        smtp.connect(settings, None)
    assert Path(smtp.__file__).is_file()


@pytest.mark.parametrize("name", ["con", "aux", "nul", "com1", "lpt1", "prn"])
def test_names_windows_keeps_for_devices_are_refused_as_ids(tmp_path, name):
    guide = tmp_path / "g.yaml"
    guide.write_text(GUIDE.read_text(encoding="utf-8").replace(
        "id: calf-cramp-massage", f"id: {name}", 1), encoding="utf-8")  # fmt: skip
    result = run("build", guide, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "Windows keeps for a device" in result.output, result.output
    brand = tmp_path / f"{name}.yaml"
    brand.write_text("name: Clinic\n")
    result = run("build", GUIDE, "--brand", brand, "-l", "pocket-card", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "cannot be the brand's id" in result.output, result.output
    assert not (tmp_path / "out").exists()


def test_a_guide_saved_with_crlf_and_a_picture_is_up_to_date_the_second_time(tmp_path):
    corpus = ROOT / "tests" / "corpus"
    text = (corpus / "plantar-fasciitis.yaml").read_text(encoding="utf-8")
    assert "figure: pictures/" in text
    shutil.copytree(corpus / "pictures", tmp_path / "pictures")
    guide = tmp_path / "plantar-fasciitis.yaml"
    guide.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    args = ("build", guide, "-l", "pocket-card", "-o", tmp_path / "out")
    assert run(*args).exit_code == 0
    again = run(*args)
    assert "up to date" in again.output and "built" not in again.output, again.output


def test_the_checkout_keeps_lf_line_ends_everywhere():
    """Without it, Git for Windows writes CRLF and the golden hashes of YAML-made PDFs
    would differ; the attributes file says LF for every text file."""
    rules = (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert "* text=auto eol=lf" in rules and "*.png binary" in rules


def test_an_eml_open_in_a_mail_program_says_which_files_were_written(tmp_path, monkeypatch):
    """Three recipients' .eml files; the second is held open (Windows refuses to replace
    it): the message names it and says the first was written and the third was not."""
    from publisher.pipeline import write

    people = tmp_path / "people.csv"
    people.write_text("name,email\nAnn,ann@example.org\nBo,bo@example.org\nCy,cy@example.org\n")
    eml = tmp_path / "eml"
    real = os.replace

    def refuse(src, dst):
        if str(dst).endswith("bo@example.org.eml"):
            raise PermissionError(13, "Access is denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(write.os, "replace", refuse)
    result = run("email", "--guide", GUIDE, "--to-file", people, "--brand", BRAND,
                 "--eml", eml, "-o", tmp_path / "out")  # fmt: skip
    assert result.exit_code == 1, result.output
    said = result.output.strip().splitlines()[-1]
    assert "bo@example.org.eml" in said and "in the program that has it open" in said, said
    assert "the 1 .eml file(s) before it were written" in said and "no file was changed" not in said
    assert sorted(p.name for p in eml.iterdir()) == ["ann@example.org.eml"]
