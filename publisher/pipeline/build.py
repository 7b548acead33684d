"""The build pipeline: plan (validated inputs and job settings) → render → press (bleed,
imposition, brand stamp) → write. The CLI calls `run`; everything here works without click."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher import __version__
from publisher.draw.job import SUFFIXES, Job, titled
from publisher.errors import BuildError, InputError
from publisher.inputs.find import load_all
from publisher.inputs.loading import Loaded
from publisher.model.brand import Branded
from publisher.model.guide import Guide
from publisher.pipeline.write import write_set


@dataclass(frozen=True)
class Output:
    """One finished PDF and what it is: which guide and layout, which file of that layout
    (role: main, sheet of cards, imposed booklet), for which paper, profile and brand."""

    path: Path
    data: bytes = field(repr=False)
    guide: str
    layout: str
    kind: str  # booklet | card | sheet
    role: str  # main | sheet | imposed
    paper: str
    profile: str
    grayscale: bool = False
    brand: str | None = None
    notes: tuple[str, ...] = ()  # what the layout left out (shown as info lines)
    bands: tuple = ()  # (page, x0, y0, x1, y1) of the clinic's bands: not body text


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
    only: set[tuple[Path, str]] | None = None  # (guide file, layout) pairs to build; None: all
    drawn_only: bool = False  # validate: the drawing alone (its fit), no press steps or tags

    def job(self, brand: Branded | None) -> Job:
        paper = self.paper or (brand.model.paper if brand else None) or "a4"
        compact = brand is not None and not (brand.logo or brand.qr)
        return Job(paper, self.profile, self.grayscale, brand is not None, compact)

    def folder(self, guide: Guide, brand: Branded | None) -> Path:
        """OUT/[brand]/guide/[letter]/[press]/[grayscale]: A4 files and Letter files of the
        same guide never overwrite each other."""
        from publisher.pipeline import fresh

        paper = self.job(brand).paper
        return fresh.folder(self.out_dir, guide.id, brand.id if brand else None,
                            paper, self.profile, self.grayscale)  # fmt: skip

    def guide(self, guide_id: str) -> Loaded[Guide]:
        return next(g for g in self.guides if g.model.id == guide_id)

    @property
    def options(self) -> tuple:
        """The per-run choices that change the files (as the command line gave them)."""
        return (self.paper, self.profile, self.grayscale)


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


def render_all(plan: Plan, brand: Branded | None = None) -> list[Output]:
    """Every guide × layout for one brand (or none).

    The rendering and its print-production steps (imposition, bleed) depend only on the
    guide, layout, job and colours, and are cached under those; a brand is then stamped
    into the slots the layouts kept free. A batch of brands renders each layout once,
    and every file is byte-identical to what a lone build of that brand gives."""
    job = plan.job(brand)
    chosen = []  # (guide, model, layout name, layout, spec, cache key)
    todo: dict[tuple, tuple] = {}  # what is not rendered yet: the arguments of _prepare
    for guide in plan.guides:
        model = guide.model
        if brand and brand.model.language:
            model = model.model_copy(update={"language": brand.model.language})
        for name, layout in plan.layouts.items():
            if plan.only is not None and (guide.source.path, name) not in plan.only:
                continue
            spec = layout.model
            if brand:
                spec = spec.model_copy(update={"colors": brand.colors(spec.colors)})
            key = (guide.source.digest, layout.source.digest, name, job, spec.colors,
                   model.language)  # fmt: skip
            if key not in plan.cache and key not in todo:
                info = pdf_info(guide, name, layout, job, None, model.language)
                todo[key] = (model, spec, job, info, plan.drawn_only)
            chosen.append((guide, model, name, layout, spec, key))
    if todo:
        from publisher.pipeline import parallel

        kinds = [args[1].kind for args in todo.values()]
        for key, docs in zip(todo, parallel.run(_prepare, list(todo.values()), kinds), strict=True):
            if len(plan.cache) >= max(CACHED, 2 * len(plan.guides) * len(plan.layouts)):
                plan.cache.pop(next(iter(plan.cache)))
            plan.cache[key] = docs
    found: list[tuple[Output, Any, dict, Any]] = []  # output without data, doc, info, colours
    for guide, model, name, layout, spec, key in chosen:
        info = pdf_info(guide, name, layout, job, brand, model.language)
        folder = plan.folder(model, brand)
        for role, doc in plan.cache[key].items():
            data = doc.data  # (tagged in _prepare, but for a brand's band and validate)
            bands = [(b.page, b.x, b.y, b.x + b.width, b.y + b.height) for b in doc.slots]
            output = Output(folder / f"{name}{SUFFIXES[role]}.pdf", data, model.id, name,
                            spec.kind, role, job.paper, job.profile, job.grayscale,
                            brand.id if brand else None, tuple(doc.notes),
                            tuple(bands) if brand else ())  # fmt: skip
            found.append((output, doc, titled(info, role), spec.colors))
    if not brand:
        return [output for output, *_ in found]
    from dataclasses import replace

    from publisher.pdf import press

    urls = {g.model.id: g.model.url for g in plan.guides}
    variants = [(colors, brand.qr_for(o.guide, urls.get(o.guide))) for o, _, _, colors in found]
    docs = [(doc, variant) for (_, doc, _, _), variant in zip(found, variants, strict=True)]
    overlay = press.Overlay(brand, docs, job, {**found[0][2], "title": brand.model.name})
    return [
        replace(output, data=press.stamp(doc, overlay, variant, info, output.role == "main"))
        for (output, doc, info, _), variant in zip(found, variants, strict=True)
    ]


def _prepare(model: Guide, spec, job: Job, info: dict[str, Any],
             drawn_only: bool = False) -> dict[str, Any]:  # fmt: skip
    """Render one layout, then the print-production steps: bleed and marks for the press,
    the imposed booklet for the office."""
    from publisher.kinds import RENDERERS

    docs = RENDERERS[spec.kind](model, spec, job, info)
    if drawn_only:
        return docs
    if job.print.bleed or job.print.crop_marks:
        from publisher.pdf import press

        return {r: press.bleed_doc(doc, titled(info, r), job) for r, doc in docs.items()}
    if spec.kind == "booklet":
        from publisher.pdf import press

        docs["imposed"] = press.impose_doc(docs["main"], titled(info, "imposed"), job.paper)
    if not job.branded:  # the file as people open it: tagged here, where it was drawn
        from dataclasses import replace

        from publisher.pdf.tagging import tag_document

        for role, doc in docs.items():
            if doc.record is not None:
                tagged = tag_document(doc.data, doc.record, titled(info, role))
                docs[role] = replace(doc, data=tagged, record=None)
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
    digest = hashlib.sha256(guide.source.digest + layout.source.digest)
    for part in (
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
        "date": pdf_date(model.reviewed),
    }


def pdf_date(reviewed) -> str:
    """The documents' creation date: SOURCE_DATE_EPOCH when set, else the review date, so
    rebuilds stay byte-identical and the date means something."""
    import datetime
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    else:
        moment = datetime.datetime(reviewed.year, reviewed.month, reviewed.day)
    return f"D:{moment:%Y%m%d%H%M%S}+00'00'"


def write_all(outputs: list[Output], out_dir: Path | None = None) -> list[Path]:
    """Write every output atomically; none may land outside `out_dir` (a brand or guide id
    such as `..` would), checked for all before the first is written."""
    if out_dir is not None:
        root = out_dir.resolve()
        for output in outputs:
            if not output.path.resolve().is_relative_to(root):
                raise InputError(f"{output.path} would lie outside {out_dir}; nothing was written.")
    write_set([(output.path, output.data) for output in outputs])
    return [o.path for o in outputs]


def build(plan: Plan, brand: Branded | None = None) -> list[Path]:
    """Render everything for one brand (or none) in memory, write each file atomically,
    and record what they were made from (so an unchanged build can be skipped)."""
    outputs = render_all(plan, brand)
    written = write_all(outputs, plan.out_dir)
    record(plan, brand, outputs)
    return written


def record(plan: Plan, brand: Branded | None, outputs: list[Output]) -> None:
    """Note in each output folder what these files were made from (see fresh.py)."""
    from publisher.pipeline import fresh

    paths = {g.model.id: g.source.path for g in plan.guides}
    fresh.record(outputs, fresh.Inputs.of(plan, brand), paths)


def current(plan: Plan, brand: Branded | None = None) -> list[Output]:
    """The main outputs as they are on disk when every file is up to date (its content
    hash matches the inputs), else everything built afresh and written."""
    import io

    import pikepdf

    job = plan.job(brand)
    try:
        found = []
        for guide in plan.guides:
            language = (brand.model.language if brand else None) or guide.model.language
            for name, layout in plan.layouts.items():
                info = pdf_info(guide, name, layout, job, brand, language)
                path = plan.folder(guide.model, brand) / f"{name}.pdf"
                data = path.read_bytes()
                with pikepdf.open(io.BytesIO(data)) as pdf:
                    if str(pdf.docinfo.get("/Keywords", "")) != info["keywords"]:
                        raise FileNotFoundError(path)
                found.append(
                    Output(path, data, guide.model.id, name, layout.model.kind, "main",
                           job.paper, job.profile, job.grayscale, brand.id if brand else None)
                )  # fmt: skip
        return found
    except (OSError, AttributeError, pikepdf.PdfError, ValueError, KeyError, TypeError):
        # missing, damaged or stale: built afresh
        outputs = render_all(plan, brand)
        write_all(outputs, plan.out_dir)
        record(plan, brand, outputs)
        return outputs


# the build command --------------------------------------------------------------------


@dataclass
class Report:
    """What a build did: files written, warnings, brands that failed (name, error)."""

    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    brands: int = 0
    jobs: int = 1
    seconds: float = 0.0

    def lines(self) -> list[tuple[str, bool]]:
        """What to tell the user, line by line, and whether it goes to stderr."""
        out = [(f"warning: {warning}", True) for warning in self.warnings]
        out += [(f"info: {note}", False) for note in self.notes]
        if self.brands > 1:
            good = self.brands - len(self.failed)
            out.append((f"built {len(self.written)} PDF(s) for {good} of {self.brands} brands "
                        f"in {self.seconds:.2f} s with {self.jobs} job(s)", False))  # fmt: skip
        else:
            out += [(f"wrote {p} ({p.stat().st_size / 1024:.0f} KB)", False) for p in self.written]
            out.append((f"built {len(self.written)} PDF(s) in {self.seconds:.2f} s", False))
        return out + [(f"failed: {brand}\n  {error}", True) for brand, error in self.failed]


def run(
    plan: Plan,
    brand_files: list[Path],
    jobs: int | None = None,
    measure: bool = False,
    progress: Callable[[int], Any] | None = None,
) -> Report:
    """`publisher build`: the quick gate, then one brand (or none) rendered and written, or
    many brands in parallel. `measure` runs the full gate on what was rendered before
    anything is written."""
    from publisher.gate import checks
    from publisher.gate.findings import enforce

    started = time.perf_counter()
    report = Report(warnings=enforce(checks.quick(plan)))
    if len(brand_files) > 1:
        if measure:
            raise InputError(
                "--check measures every page (about 2 s a brand); use it with one brand, "
                "or run `publisher check --brand FILE` for the brands you want to look at."
            )
        _batch(plan, brand_files, jobs, progress, report)
    else:
        brand = None
        if brand_files:
            from publisher.model.brand import load_brand

            brand = load_brand(brand_files[0])
            report.warnings += brand.warnings
            report.brands = 1
        outputs, failed = _render_each(plan, brand)
        report.failed += failed
        if measure:
            enforce(checks.measured(plan, outputs, brand), "nothing was written.")
        report.written = write_all(outputs, plan.out_dir)
        record(plan, brand, outputs)
        report.notes = [f"{o.guide}/{o.layout}: {note}" for o in outputs for note in o.notes]
    report.seconds = time.perf_counter() - started
    return report


def _render_each(plan: Plan, brand) -> tuple[list[Output], list[tuple[str, str]]]:
    """Every output; when one does not fit, each guide on its own: a guide with a problem
    writes nothing and is reported at its YAML line, the others are built."""
    try:
        return render_all(plan, brand), []
    except BuildError:
        if len(plan.guides) == 1 and len(plan.layouts) == 1:
            raise
    from publisher.inputs.loading import display
    from publisher.pipeline.fit import _located

    outputs, failed, only = [], [], plan.only
    where = plan.job(brand).paper + (f", {brand.id}" if brand else "")
    for guide in plan.guides:
        mine, problems = [], []
        for name in plan.layouts:
            if only is not None and (guide.source.path, name) not in only:
                continue
            plan.only = {(guide.source.path, name)}
            try:
                mine += render_all(plan, brand)
            except BuildError as exc:
                problems.append(_located(guide, exc, f"{name} ({where})"))
        plan.only = only
        if problems:
            failed.append((display(guide.source.path), "\n  ".join(problems)))
        else:
            outputs += mine
    return outputs, failed


def _batch(plan: Plan, files: list[Path], jobs, progress, report: Report) -> None:
    from publisher.inputs.loading import display
    from publisher.pipeline import batch

    report.jobs = jobs or batch.default_jobs()
    report.brands = len(files)
    results, report.jobs = batch.run(plan, files, report.jobs, lambda _: progress and progress(1))
    report.warnings += [w for r in results for w in r.warnings]
    report.written = [p for r in results for p in r.written]
    report.failed = [(display(r.brand), r.error) for r in results if r.error]
