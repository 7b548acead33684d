"""The build pipeline: find inputs, load and validate them, render, write. The CLI calls
`build`; everything here is usable without click."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher import __version__
from publisher.errors import BuildError, InputError, UserError
from publisher.guide import Guide, load_guide
from publisher.loading import Loaded
from publisher.specs import load_layout
from publisher.write import write_atomic

PACKAGE = Path(__file__).parent


def data_dir(name: str) -> Path:
    """./NAME when it holds YAML files, else the copy bundled in the package (or the repo)."""
    local = Path.cwd() / name
    if local.is_dir() and any(local.glob("*.yaml")):
        return local
    bundled = PACKAGE / "bundled" / name
    return bundled if bundled.is_dir() else PACKAGE.parent / name


def available_layouts() -> dict[str, Path]:
    return {path.stem: path for path in sorted(data_dir("layouts").glob("*.yaml"))}


def available_guides() -> dict[str, Path]:
    return {path.stem: path for path in sorted(data_dir("content").glob("*.yaml"))}


def guide_paths(names: tuple[str, ...] | list[str]) -> list[Path]:
    """Guides named as files or by id; none named means every guide in ./content."""
    if not names:
        found = list(available_guides().values())
        if not found:
            raise InputError("no guides found in ./content; run `publisher new ID` to start one.")
        return found
    known = available_guides()
    paths = []
    for name in names:
        path = Path(name)
        if path.suffix in (".yaml", ".yml") or path.exists():
            paths.append(path)
        elif name in known:
            paths.append(known[name])
        else:
            raise InputError(
                f"no guide `{name}`; known guides: {', '.join(known) or 'none'} "
                f"(or give a path to a .yaml file)."
            )
    return paths


def layout_paths(names: tuple[str, ...] | list[str]) -> dict[str, Path]:
    known = available_layouts()
    if not names:
        return known
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputError(f"no layout `{unknown[0]}`; known layouts: {', '.join(known)}.")
    return {n: known[n] for n in names}


@dataclass
class Output:
    path: Path
    data: bytes


def load_all(
    guides: list[Path], layouts: dict[str, Path]
) -> tuple[list[Loaded], dict[str, Loaded]]:
    """Validate every input before rendering anything; report all files' problems at once."""
    problems = []
    loaded_guides, loaded_layouts = [], {}
    for path in guides:
        try:
            loaded_guides.append(load_guide(path))
        except UserError as exc:
            problems += exc.problems
    for name, path in layouts.items():
        try:
            loaded_layouts[name] = load_layout(path)
        except UserError as exc:
            problems += exc.problems
    for guide in loaded_guides:
        for layout in loaded_layouts.values():
            problems += _missing(guide, layout)
    if problems:
        raise InputError(problems)
    from publisher.render import fonts

    for guide in loaded_guides:
        fonts.check_glyphs(guide.source)
    return loaded_guides, loaded_layouts


def _missing(guide: Loaded[Guide], layout: Loaded) -> list:
    """Block ids a layout picks that the guide lacks, reported at the layout's line."""
    known = [b.id for _, b in guide.model.blocks() if b.id]
    problems = []
    for path, name in layout.model.references():
        if guide.model.block(name) is None:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"Did you mean `{close[0]}`?" if close else f"Its block ids: {', '.join(known)}."
            message = f"guide {guide.model.id} has no block `{name}`. {hint}"
            problems.append(layout.source.problem(path, message))
    return problems


def render_all(
    guides: list[Loaded], layouts: dict[str, Loaded], out_dir: Path, paper: str
) -> list[Output]:
    from publisher.render import RENDERERS

    outputs = []
    for guide in guides:
        for name, layout in layouts.items():
            info = pdf_info(guide, name, layout, paper)
            pages = RENDERERS[layout.model.kind](guide.model, layout.model, paper=paper, info=info)
            files = pages if isinstance(pages, dict) else {"": pages}
            for suffix, data in files.items():
                outputs.append(Output(out_dir / guide.model.id / f"{name}{suffix}.pdf", data))
    return outputs


def pdf_info(guide: Loaded[Guide], name: str, layout: Loaded, paper: str) -> dict[str, Any]:
    """Document metadata; the content hash keeps different documents' /ID apart."""
    model = guide.model
    digest = hashlib.sha256()
    for part in (
        guide.source.path.read_bytes(),
        layout.source.path.read_bytes(),
        paper.encode(),
        __version__.encode(),
    ):
        digest.update(hashlib.sha256(part).digest())
    keywords = [*model.keywords, f"content-sha256:{digest.hexdigest()[:32]}"]
    return {
        "title": model.title if layout.model.kind == "booklet" else f"{model.title} ({name})",
        "author": model.author or "guide-publisher",
        "subject": model.subtitle or model.title,
        "keywords": ", ".join(keywords),
        "creator": f"publisher {__version__}",
        "lang": model.language.replace("_", "-"),
    }


def build(
    guides: list[Path], layouts: dict[str, Path], out_dir: Path, paper: str = "a4"
) -> list[Path]:
    """Validate everything, render everything in memory, then write each file atomically."""
    loaded_guides, loaded_layouts = load_all(guides, layouts)
    outputs = render_all(loaded_guides, loaded_layouts, out_dir, paper)
    for output in outputs:
        try:
            write_atomic(output.path, output.data)
        except OSError as exc:
            raise BuildError(
                f"cannot write {output.path}: {exc.strerror or exc}; choose another folder with -o."
            ) from None
    return [o.path for o in outputs]
