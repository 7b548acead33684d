"""Finding and loading the inputs of a build: guides, layouts and brands named on the
command line or found in ./content, ./layouts and ./brands (else the bundled copies);
everything validated before anything renders, every file's problems reported at once."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.errors import InputError, UserError

if TYPE_CHECKING:  # finding files must not import pydantic: `build` skips what is current
    from publisher.model.guide import Guide
    from publisher.source import Loaded

PACKAGE = Path(__file__).parent.parent  # publisher/


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


def available_brands() -> dict[str, Path]:
    return {path.stem: path for path in sorted(data_dir("brands").glob("*.yaml"))}


def catalog() -> list[str]:
    """What `publisher list` prints: every guide, layout (with its kind) and brand."""
    from publisher.inputs.loading import read_yaml
    from publisher.source import display

    lines = ["guides:"]
    lines += [f"  {name:<28} {display(path)}" for name, path in available_guides().items()]
    lines.append("layouts:")
    for name, path in available_layouts().items():
        data = read_yaml(path).data
        kind = str(data.get("kind", "?")) if isinstance(data, dict) else "?"
        lines.append(f"  {name:<28} {kind:<8} {display(path)}")
    brands = available_brands()
    if brands:
        lines.append("brands (--brand ID):")
        lines += [f"  {name:<28} {display(path)}" for name, path in brands.items()]
    return lines


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


def brand_paths(files: tuple[Path, ...], folder: Path | None) -> list[Path]:
    """Brand files named one by one and found in a folder; two with one id would collide."""
    known = available_brands()
    paths = [known.get(str(f), f) if not f.is_file() else f for f in files]
    if folder:
        found = sorted(folder.glob("*.yaml"))
        if not found:
            raise InputError(f"no brand files (*.yaml) in {folder}; add one per clinic.")
        paths += found
    seen: dict[str, Path] = {}
    for path in paths:
        if not path.is_file():
            raise InputError(
                f"no brand file {path}; give the path to a brand's .yaml file"
                f" (or a brand id: {', '.join(known) or 'none'})."
            )
        if path.stem in seen and seen[path.stem].resolve() != path.resolve():
            raise InputError(
                f"brands {seen[path.stem]} and {path} have the same id `{path.stem}`; "
                "rename one file (the file name is the output folder)."
            )
        seen[path.stem] = path
    return list({path.resolve(): path for path in paths}.values())


def named_brand(name: Path | None):
    """The brand a command names (a file, or an id from ./brands), loaded; None for none."""
    from publisher.model.brand import load_brand

    return load_brand(brand_paths((name,), None)[0]) if name else None


def load_all(
    guides: list[Path], layouts: dict[str, Path]
) -> tuple[list[Loaded], dict[str, Loaded]]:
    """Validate every input before rendering anything; report all files' problems at once."""
    from publisher.model.layout import load_layout
    from publisher.model.load import load_guide

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
    from publisher.draw import fonts

    for guide in loaded_guides:
        fonts.check_glyphs(guide.source)
    return loaded_guides, loaded_layouts


def _missing(guide: Loaded[Guide], layout: Loaded) -> list:
    """Roles (or block ids) a layout picks that the guide lacks, at the layout's line."""
    from publisher.model.roles import ROLE_KINDS, ROLES

    known = [b.id for _, b in guide.model.blocks() if b.id]
    problems = []
    for path, name in layout.model.references():
        if guide.model.block(name) is not None or name in layout.model.optional:
            continue
        if name in ROLES:
            message = (f"guide {guide.model.id} has no block for the role `{name}`: mark its "
                       f"{ROLE_KINDS[name]} block with `role: {name}`.")  # fmt: skip
        else:
            close = difflib.get_close_matches(name, [*ROLES, *known], n=1)
            hint = f"Did you mean `{close[0]}`?" if close else f"Roles: {', '.join(ROLES)}."
            message = f"guide {guide.model.id} has no block `{name}`. {hint}"
        problems.append(layout.source.problem(path, message))
    return problems
