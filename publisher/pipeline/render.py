"""Rendering a plan: every guide × layout drawn once per job and colours (cached in the
plan), the print-production steps, then a clinic's brand stamped into its slots."""

from __future__ import annotations

import hashlib
from typing import Any

from publisher import __version__
from publisher.draw.job import SUFFIXES, Job, titled
from publisher.i18n.words import words
from publisher.kinds import KINDS
from publisher.model.brand import Branded
from publisher.model.guide import Guide
from publisher.pipeline.plan import CACHED, Output, Plan
from publisher.source import Loaded, display


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
        model = brand.dialled(model) if brand else model  # its emergency number, if given
        number = brand.model.emergency if brand else None
        for name, layout in plan.layouts.items():
            if plan.only is not None and (guide.source.path, name) not in plan.only:
                continue
            spec = layout.model
            if brand:
                spec = spec.model_copy(update={"colors": brand.colors(spec.colors)})
            key = (guide.source.digest, layout.source.digest, name, job, spec.colors,
                   model.language, number)  # fmt: skip
            if key not in plan.cache and key not in todo:
                info = pdf_info(guide, name, layout, job, None, model.language, plan.settings.epoch)
                todo[key] = (model, spec, job, info, plan.drawn_only)
            chosen.append((guide, model, name, layout, spec, key))
    if todo:
        from publisher.pipeline import parallel

        weights = [KINDS[args[1].kind].weight for args in todo.values()]
        made = parallel.run(_prepare, list(todo.values()), weights, plan.settings.serial)
        for key, docs in zip(todo, made, strict=True):
            if len(plan.cache) >= max(CACHED, 2 * len(plan.guides) * len(plan.layouts)):
                plan.cache.pop(next(iter(plan.cache)))
            plan.cache[key] = docs
    found: list[tuple[Output, Any, dict, Any]] = []  # output without data, doc, info, colours
    for guide, model, name, layout, spec, key in chosen:
        info = pdf_info(guide, name, layout, job, brand, model.language, plan.settings.epoch)
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
    from publisher.draw import compat
    from publisher.kinds import KINDS

    compat.hyphenate_long_words(model.language)  # a word too long for a line: its syllables
    docs = KINDS[spec.kind].render(model, spec, job, info)
    if drawn_only:
        return docs
    if job.print.bleed or job.print.crop_marks:
        from publisher.pdf import press

        return {r: press.bleed_doc(doc, titled(info, r), job) for r, doc in docs.items()}
    if KINDS[spec.kind].imposed:
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
    epoch: int | None = None,
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
        "title": model.title
        if KINDS[layout.model.kind].whole_guide
        else f"{model.title} — {words(language)['names'][layout.model.kind]}",
        "author": brand.model.name if brand else (model.author or "guide-publisher"),
        "subject": model.subtitle or model.title,
        "keywords": ", ".join(keywords),
        "creator": f"publisher {__version__}",
        "lang": language.replace("_", "-"),
        "date": pdf_date(model.reviewed, epoch),
    }


def pdf_date(reviewed, epoch: int | None = None) -> str:
    """The documents' creation date: `epoch` (SOURCE_DATE_EPOCH) when given, else the
    review date, so rebuilds stay byte-identical and the date means something."""
    import datetime

    if epoch is not None:
        moment = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
    else:
        moment = datetime.datetime(reviewed.year, reviewed.month, reviewed.day)
    return f"D:{moment:%Y%m%d%H%M%S}+00'00'"


def located(guide: Loaded[Guide], exc, label: str) -> str:
    """`file:line:col: key: output (paper): message`, at the first block to shorten."""
    message = exc.format_message().split(": ", 1)[-1]
    if getattr(exc, "at", None):
        return f"{exc.at}: {label}: {message}"
    for block in getattr(exc, "blocks", ()):
        target = guide.model.block(block)  # an id or a role
        for i, section in enumerate(guide.model.sections):
            for j, item in enumerate(section.blocks):
                if item is target:
                    at = guide.source.locate(("sections", i, "blocks", j, *exc.item))
                    return f"{at}: {label}: {message}"
    return f"{display(guide.source.path)}: {label}: {message}"
