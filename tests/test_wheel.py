"""The wheel carries the guide, layouts and schema, and works from an empty folder."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-w", str(dist), "-q"],
        check=True, capture_output=True,
    )  # fmt: skip
    (found,) = dist.glob("guide_publisher-*.whl")
    return found


def test_wheel_ships_the_bundled_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for layout in ROOT.glob("layouts/*.yaml"):
        assert f"publisher/bundled/layouts/{layout.name}" in names
    for guide in ROOT.glob("content/*.yaml"):
        assert f"publisher/bundled/content/{guide.name}" in names
    assert "publisher/bundled/schema/guide.schema.json" in names


def test_installed_wheel_builds_in_an_empty_folder(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The dependencies come from this test environment, so the test needs no network.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib, "test-deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    install = ["install", "--no-deps", "--ignore-installed", "-q", str(wheel)]
    subprocess.run([str(python), "-m", "pip", *install], check=True, capture_output=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run([str(env_dir / "bin" / "publisher"), "build"], cwd=empty,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    built = sorted(p.relative_to(empty).as_posix() for p in empty.rglob("*.pdf"))
    expected = sorted(f"out/calf-cramp-massage/{n}" for n in _layout_outputs())
    assert built == expected


def _layout_outputs() -> list[str]:
    names = []
    for layout in ROOT.glob("layouts/*.yaml"):
        names.append(f"{layout.stem}.pdf")
        text = layout.read_text(encoding="utf-8")
        if "kind: card" in text:
            names.append(f"{layout.stem}-sheet.pdf")
        if "kind: booklet" in text:
            names.append(f"{layout.stem}-imposed.pdf")
    return names
