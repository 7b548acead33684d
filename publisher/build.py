"""The build pipeline: find inputs, load and validate them, render, write. The CLI calls
`build`; everything here is usable without click."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher import __version__
from publisher.brand import Branded
from publisher.errors import InputError, UserError
from publisher.guide import Guide, load_guide
from publisher.loading import Loaded
from publisher.render import Job, titled
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


def brand_paths(files: tuple[Path, ...], folder: Path | None) -> list[Path]:
    """Brand files named one by one and found in a folder; two with one id would collide."""
    known = {path.stem: path for path in sorted(data_dir("brands").glob("*.yaml"))}
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
    return list(dict.fromkeys(paths))


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


CACHED = 24  # renderings kept (at least two colour sets' worth): brands may each differ


@dataclass
class Plan:
    """What one build makes: validated guides and layouts, the job settings, and the
    renderings already made (shared by every brand with the same colours and paper)."""

    guides: list[Loaded]
    layouts: dict[str, Loaded]
    out_dir: Path
    paper: str | None = None
    profile: str = "office"
    grayscale: bool = False
    cache: dict[tuple, dict] = field(default_factory=dict)

    def job(self, brand: Branded | None) -> Job:
        paper = self.paper or (brand.model.paper if brand else None) or "a4"
        compact = brand is not None and not (brand.logo or brand.qr)
        return Job(paper, self.profile, self.grayscale, brand is not None, compact)

    def folder(self, guide: Guide, brand: Branded | None) -> Path:
        base = self.out_dir / brand.id if brand else self.out_dir
        base = base / guide.id
        base = base / "press" if self.profile == "press" else base
        return base / "grayscale" if self.grayscale else base


def render_all(plan: Plan, brand: Branded | None = None) -> list[Output]:
    """Every guide × layout for one brand (or none).

    The rendering and its print-production steps (imposition, bleed) depend only on the
    guide, layout, job and colours, and are cached under those; a brand is then stamped
    into the slots the layouts kept free. A batch of brands renders each layout once,
    and every file is byte-identical to what a lone build of that brand gives."""
    job = plan.job(brand)
    found: list[tuple[Path, str, Any, dict, Any]] = []  # path, suffix, doc, info, colours
    for guide in plan.guides:
        model = guide.model
        if brand and brand.model.language:
            model = model.model_copy(update={"language": brand.model.language})
        for name, layout in plan.layouts.items():
            spec = layout.model
            if brand:
                spec = spec.model_copy(update={"colors": brand.colors(spec.colors)})
            key = (guide.source.path, name, job, spec.colors, model.language)
            if key not in plan.cache:
                if len(plan.cache) >= max(CACHED, 2 * len(plan.guides) * len(plan.layouts)):
                    plan.cache.pop(next(iter(plan.cache)))
                info = pdf_info(guide, name, layout, job, None, model.language)
                plan.cache[key] = _prepare(model, spec, job, info)
            info = pdf_info(guide, name, layout, job, brand, model.language)
            folder = plan.folder(model, brand)
            for suffix, doc in plan.cache[key].items():
                found.append((folder / f"{name}{suffix}.pdf", suffix, doc, info, spec.colors))
    if not brand:
        return [Output(path, doc.data) for path, _, doc, _, _ in found]
    from publisher import press

    overlay = press.Overlay(brand, [(doc, colors) for _, _, doc, _, colors in found], job, {
        **found[0][3], "title": brand.model.name
    })  # fmt: skip
    return [
        Output(path, press.stamp(doc, overlay, colors, titled(info, suffix)))
        for path, suffix, doc, info, colors in found
    ]


def _prepare(model: Guide, spec, job: Job, info: dict[str, Any]) -> dict[str, Any]:
    """Render one layout, then the print-production steps: bleed and marks for the press,
    the imposed booklet for the office."""
    from publisher.render import RENDERERS

    docs = RENDERERS[spec.kind](model, spec, job, info)
    if job.profile == "press":
        from publisher import press

        return {s: press.bleed_doc(doc, titled(info, s), job) for s, doc in docs.items()}
    if spec.kind == "booklet":
        from publisher import press

        docs["-imposed"] = press.impose_doc(docs[""], titled(info, "-imposed"), job.paper)
    return docs


def pdf_info(
    guide: Loaded[Guide],
    name: str,
    layout: Loaded,
    job: Job,
    brand: Branded | None,
    language: str,
) -> dict[str, Any]:
    """Document metadata; the content hash (guide, layout, brand, job) keeps different
    documents' /ID apart."""
    model = guide.model
    digest = hashlib.sha256()
    for part in (
        guide.source.path.read_bytes(),
        layout.source.path.read_bytes(),
        repr((job, language)).encode(),
        brand.digest if brand else b"",
        __version__.encode(),
    ):
        digest.update(hashlib.sha256(part).digest())
    keywords = [*model.keywords, f"content-sha256:{digest.hexdigest()[:32]}"]
    return {
        "title": model.title if layout.model.kind == "booklet" else f"{model.title} ({name})",
        "author": brand.model.name if brand else (model.author or "guide-publisher"),
        "subject": model.subtitle or model.title,
        "keywords": ", ".join(keywords),
        "creator": f"publisher {__version__}",
        "lang": language.replace("_", "-"),
    }


def write_all(outputs: list[Output]) -> list[Path]:
    for output in outputs:
        write_atomic(output.path, output.data)
    return [o.path for o in outputs]


def build(plan: Plan, brand: Branded | None = None) -> list[Path]:
    """Render everything for one brand (or none) in memory, then write each file atomically."""
    return write_all(render_all(plan, brand))


def current(plan: Plan, brand: Branded | None = None) -> list[Output]:
    """The outputs as they are on disk when every file is up to date (its content hash
    matches the inputs), else built afresh and written."""
    import io

    from pypdf import PdfReader

    expected = expected_info(plan, brand)
    try:
        found = []
        for path, info in expected.items():
            data = path.read_bytes()
            if PdfReader(io.BytesIO(data)).metadata.get("/Keywords") != info["keywords"]:
                raise FileNotFoundError(path)
            found.append(Output(path, data))
        return found
    except (OSError, AttributeError):
        outputs = render_all(plan, brand)
        write_all(outputs)
        return outputs


def expected_info(plan: Plan, brand: Branded | None) -> dict[Path, dict[str, Any]]:
    """The main file of each guide × layout and the metadata it must carry."""
    job = plan.job(brand)
    found = {}
    for guide in plan.guides:
        language = (brand.model.language if brand else None) or guide.model.language
        for name, layout in plan.layouts.items():
            info = pdf_info(guide, name, layout, job, brand, language)
            found[plan.folder(guide.model, brand) / f"{name}.pdf"] = info
    return found


def plan(
    guides: list[Path],
    layouts: dict[str, Path],
    out_dir: Path,
    paper: str | None = None,
    profile: str = "office",
    grayscale: bool = False,
) -> Plan:
    loaded_guides, loaded_layouts = load_all(guides, layouts)
    return Plan(loaded_guides, loaded_layouts, out_dir, paper, profile, grayscale)
