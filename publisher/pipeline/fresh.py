"""Builds that skip what has not changed. Each output folder keeps a manifest: for every
layout, a key made of everything its files depend on (the guide's, layout's and brand's
bytes, the logo's, the options, the versions of this tool and of what renders) and the
sha256 of each file written. A layout is current when the key matches and every file is
there, byte for byte as written (a hand-edited or damaged PDF is rebuilt).

Only the standard library and PyYAML are used here, so a build with nothing to do never
imports pydantic or ReportLab."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

from publisher import __version__
from publisher.errors import InputError
from publisher.inputs.files import read_bytes, with_files
from publisher.pipeline.write import JOURNAL

MANIFEST = ".publisher-build.json"
RENDERERS = ("reportlab", "pikepdf", "PIL", "pypdfium2", "fontpkg_atkinson_hyperlegible")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _versions() -> bytes:
    """What the installed renderers are, cheaply: their package files' size and time
    (an upgrade changes them), without importing or scanning package metadata; and what
    this tool's own files say, so that new code rebuilds whatever its version number
    says (an upgrade without a new number, an edited checkout)."""
    parts = [__version__, _own()]
    for name in RENDERERS:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else ""
        stat = os.stat(origin) if origin else None
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}" if stat else f"{name}:-")
    return "|".join(parts).encode()


def _own(root: str = os.path.dirname(os.path.dirname(__file__))) -> str:
    """A digest of this tool's code, its .py files and its language files (under 1 ms):
    the same code gives the same digest wherever it is installed and whenever its files
    were written. (The layouts and guides a build uses are in its key by their own bytes.)"""
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        own = (".py", ".yaml") if os.path.basename(folder) == "i18n" else (".py",)
        for name in sorted(f for f in files if f.endswith(own)):
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                content = hashlib.sha256(handle.read()).digest()
            digest.update(os.path.relpath(path, root).replace(os.sep, "/").encode() + content)
    return digest.hexdigest()


def _yaml(path: Path) -> dict[str, str]:
    """The plain top-level `key: value` lines of a YAML file (id, logo). The file is only
    composed, never constructed, so aliases are not expanded here; {} when unreadable."""
    try:
        root = yaml.compose(read_bytes(path, "file", 2**20), Loader=_LOADER)
    except (InputError, yaml.YAMLError, ValueError, RecursionError):
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {
        key.value: value.value
        for key, value in root.value
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
    }


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Inputs:
    """What one build's files depend on, as digests: guides, layouts, a brand and its logo,
    the options and the versions."""

    def __init__(self, guides: dict[Path, bytes], layouts: dict[str, bytes], brand: bytes,
                 brand_id: str | None, options: tuple, epoch: int | None = None
                 ) -> None:  # fmt: skip
        self.guides, self.layouts, self.brand, self.brand_id = guides, layouts, brand, brand_id
        self.paper = "a4"
        said = repr((options, epoch)).encode()  # SOURCE_DATE_EPOCH changes every file's date
        self.options = hashlib.sha256(said + _versions()).digest()

    @classmethod
    def read(cls, guides: list[Path], layouts: dict[str, Path], brand: Path | None,
             options: tuple, epoch: int | None = None) -> Inputs:  # fmt: skip
        """From the files on disk, before anything is validated."""

        def read(path: Path) -> bytes:  # only plain files, within the size limits
            return read_bytes(path, "file", 10 * 2**20)

        brand_bytes, brand_id, paper = b"", None, None
        if brand:
            brand_bytes = read(brand)
            data = _yaml(brand)
            brand_id = data.get("id") or brand.stem
            paper = data.get("paper")
            logo = data.get("logo")
            if isinstance(logo, str) and (brand.parent / logo).is_file():
                brand_bytes += read(brand.parent / logo)
        inputs = cls(
            {path: _guide_digest(path, read(path)) for path in guides},
            {name: _digest(read(path)) for name, path in layouts.items()},
            _digest(brand_bytes) if brand else b"",
            brand_id,
            options,
            epoch,
        )
        inputs.paper = options[0] or paper or "a4"  # as build.Plan.job decides it
        return inputs

    @classmethod
    def of(cls, plan, brand) -> Inputs:
        """From what a build loaded (the bytes it rendered, not what is on disk now)."""
        return cls(
            {g.source.path: g.source.digest for g in plan.guides},
            {name: layout.source.digest for name, layout in plan.layouts.items()},
            brand.digest if brand else b"",
            brand.id if brand else None,
            plan.options,
            plan.settings.epoch,
        )

    def key(self, guide: Path, layout: str) -> str:
        parts = (self.guides[guide], self.layouts[layout], self.brand, self.options)
        return hashlib.sha256(b"".join(parts)).hexdigest()


FIGURE = re.compile(  # a step's `figure:` that names a picture file
    rb"""^[ \t-]*figure:[ \t]*["']?([^"'\r\n#]*?\.(?:png|jpe?g))["']?[ \t]*(?:#[^\r\n]*)?\r?$""",
    re.IGNORECASE | re.MULTILINE,
)


def _guide_digest(path: Path, data: bytes) -> bytes:
    """As the loaded guide's digest: its bytes and those of the pictures it names. Found
    by a line scan, not by loading; a `figure:` written another way (a flow mapping) only
    makes this key differ from the recorded one, so that guide is always rebuilt, never
    wrongly skipped."""
    folder = path.parent.resolve()
    files = []
    for match in FIGURE.finditer(data):
        try:
            file = (folder / match.group(1).decode()).resolve()
        except (OSError, ValueError, UnicodeDecodeError):
            continue
        if file.is_relative_to(folder) and file.is_file():
            files.append(file)
    return with_files(_digest(data), files) if files else _digest(data)


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def folder(out_dir: Path, guide_id: str, brand_id: str | None, paper: str, profile: str,
           gray: bool) -> Path:  # fmt: skip
    """Where a guide's outputs go (build.Plan.folder asks here): a4 is the default paper;
    Letter files go into a `letter` folder beside them, so neither overwrites the other."""
    from publisher.draw.job import PRINT_PROFILES

    base = (out_dir / brand_id if brand_id else out_dir) / guide_id
    base = base / ("letter" if paper == "letter" else "") / PRINT_PROFILES[profile].folder
    return base / "grayscale" if gray else base


def check(guides: list[Path], layouts: dict[str, Path], brands: list[Path], out_dir: Path,
          options: tuple, epoch: int | None = None
          ) -> tuple[list[Path], set[tuple[Path, str]]]:  # fmt: skip
    """`build` without --force: what is current, what must be built (for one brand or none)."""
    _, profile, gray = options
    try:
        inputs = Inputs.read(guides, layouts, brands[0] if brands else None, options, epoch)
    except (OSError, ValueError, InputError):  # not plain files: the full build says why
        return [], {(guide, name) for guide in guides for name in layouts}
    return sort(out_dir, inputs, profile, gray)


def sort(out_dir: Path, inputs: Inputs, profile: str, gray: bool
         ) -> tuple[list[Path], set[tuple[Path, str]]]:  # fmt: skip
    """(the files that are current, the (guide, layout) pairs that must be built). A guide
    that cannot be read here is all stale: the full build then says what is wrong."""
    done: list[Path] = []
    stale: set[tuple[Path, str]] = set()
    for guide in inputs.guides:
        guide_id = _yaml(guide).get("id")
        manifest: dict = {}
        if isinstance(guide_id, str):
            place = folder(out_dir, guide_id, inputs.brand_id, inputs.paper, profile, gray)
            try:
                manifest = json.loads(_read(place / MANIFEST))
                if (place / JOURNAL).exists():  # a killed build's half-replaced set
                    manifest = {}
            except (OSError, ValueError, InputError):
                manifest = {}
        for layout in inputs.layouts:
            entry = manifest.get(layout) if isinstance(manifest, dict) else None
            files = _current(place, entry, inputs.key(guide, layout)) if entry else None
            if files is None:
                stale.add((guide, layout))
            else:
                done += files
    return done, stale


def _current(place: Path, entry: Any, key: str) -> list[Path] | None:
    if not isinstance(entry, dict) or entry.get("key") != key or not entry.get("files"):
        return None
    found = []
    for name, sha in entry["files"].items():
        try:
            if _sha(_read(place / name)) != sha:
                return None
        except (OSError, InputError):
            return None
        found.append(place / name)
    return found


def manifests(outputs: list, inputs: Inputs, guide_paths: dict[str, Path]
              ) -> list[tuple[Path, bytes]]:  # fmt: skip
    """Each output folder's manifest with these outputs' keys and files' hashes, as files
    to write in the same set as the PDFs (so the record never disagrees with the files)."""
    by_folder: dict[Path, dict[str, Any]] = {}
    for output in outputs:
        place = output.path.parent
        if place not in by_folder:
            try:
                by_folder[place] = json.loads(_read(place / MANIFEST))
            except (OSError, ValueError, InputError):
                by_folder[place] = {}
            if not isinstance(by_folder[place], dict):
                by_folder[place] = {}
        key = inputs.key(guide_paths[output.guide], output.layout)
        entry = by_folder[place].get(output.layout)
        if not isinstance(entry, dict) or entry.get("key") != key:
            entry = by_folder[place][output.layout] = {"key": key, "files": {}}
        entry["files"][output.path.name] = _sha(output.data)
    return [
        (place / MANIFEST, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
        for place, manifest in by_folder.items()
    ]


def _read(path: Path) -> bytes:
    """A file this tool wrote, read as every input is (inputs.files.read_bytes): a plain
    file only, so a pipe put in its place is never opened (it would block)."""
    return read_bytes(path, "file", 1024 * 2**20)
