"""The build as a library: plan → render → write → record. Commands call `build` (or its
parts); nothing here reads the command line, the environment or the current folder."""

from __future__ import annotations

from pathlib import Path

from publisher.errors import InputError
from publisher.model.brand import Branded
from publisher.pipeline.plan import Output, Plan, plan
from publisher.pipeline.render import pdf_info, render_all
from publisher.pipeline.write import write_set

__all__ = ["Output", "Plan", "build", "plan", "render_all", "write_all"]


def write_all(outputs: list[Output], out_dir: Path | None = None, plan: Plan | None = None,
              brand: Branded | None = None, recorded: list[Output] | None = None
              ) -> list[Path]:  # fmt: skip
    """Write every output as one set (write.write_set), with each folder's record of what
    the files were made from (fresh.py) when `plan` is given: `recorded`, the outputs the
    record lists (all of them by default; watch writes only the changed ones). None may
    land outside `out_dir` (a brand or guide id such as `..` would), checked for all before
    the first is written."""
    if out_dir is not None:
        root = out_dir.resolve()
        for output in outputs:
            try:
                inside = output.path.resolve().is_relative_to(root)
            except (OSError, RuntimeError):  # a link that leads to itself
                raise InputError(
                    f"{output.path}: a link on the way loops back on itself; remove it (or "
                    "choose another folder with -o). Nothing was written."
                ) from None
            if not inside:
                raise InputError(f"{output.path} would lie outside {out_dir}; nothing was written.")
    files = [(output.path, output.data) for output in outputs]
    if plan is not None:
        files += _manifests(plan, brand, outputs if recorded is None else recorded)
    write_set(files)
    return [o.path for o in outputs]


def build(plan: Plan, brand: Branded | None = None) -> list[Path]:
    """Render everything for one brand (or none) in memory and write it as one set with
    the record of what it was made from (so an unchanged build can be skipped)."""
    outputs = render_all(plan, brand)
    return write_all(outputs, plan.out_dir, plan, brand)


def _manifests(plan: Plan, brand: Branded | None, outputs: list[Output]):
    from publisher.pipeline import fresh

    paths = {g.model.id: g.source.path for g in plan.guides}
    return fresh.manifests(outputs, fresh.Inputs.of(plan, brand), paths)


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
        write_all(outputs, plan.out_dir, plan, brand)
        return outputs
