"""The command line: parse, call one core function, print. No layout or content logic here;
ReportLab is imported only by the commands that render."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from publisher import __version__
from publisher.specs import PAPERS

GUIDES = click.argument("guides", nargs=-1, metavar="[GUIDE]...")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="publisher")
def main() -> None:
    """Turn YAML health guides into print-ready PDFs: a booklet, a pocket card, a fridge sheet.

    GUIDE is a guide id (a file in ./content) or a path to a guide's .yaml file.
    """


@main.command()
@GUIDES
@click.option(
    "--layout",
    "-l",
    "layouts",
    multiple=True,
    metavar="NAME",
    help="Build only this layout (repeatable). See `publisher list`.",
)
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder the PDFs go into.",
)
@click.option(
    "--paper",
    type=click.Choice(PAPERS),
    default=None,
    help="a4 (default) gives an A5 booklet and A4 sheets; letter gives half-letter and "
    "Letter. Overrides the brand's paper.",
)
@click.option(
    "--brand",
    "brands",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="A clinic's brand file (repeatable); outputs go to OUT/<brand>/<guide>/.",
)
@click.option(
    "--brand-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Build for every brand file (*.yaml) in this folder.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Brands built in parallel (default: the number of cores).",
)
@click.option(
    "--profile",
    type=click.Choice(["office", "press"]),
    default="office",
    show_default=True,
    help="office: RGB for office printers; press: CMYK, 3 mm bleed, crop marks, into press/.",
)
@click.option("--grayscale", is_flag=True, help="Every colour and image as gray (saves ink).")
def build(
    guides: tuple[str, ...],
    layouts: tuple[str, ...],
    out_dir: Path,
    paper: str | None,
    brands: tuple[Path, ...],
    brand_dir: Path | None,
    jobs: int | None,
    profile: str,
    grayscale: bool,
) -> None:
    """Build PDFs into OUT/<guide-id>/<layout>.pdf (every guide and layout by default)."""
    from publisher import build as pipeline

    started = time.perf_counter()
    plan = pipeline.plan(
        pipeline.guide_paths(guides),
        pipeline.layout_paths(layouts),
        out_dir,
        paper,
        profile,
        grayscale,
    )
    files = pipeline.brand_paths(brands, brand_dir)
    if not files:
        _report(pipeline.build(plan), started)
    elif len(files) == 1:
        from publisher.brand import load_brand

        brand = load_brand(files[0])
        for warning in brand.warnings:
            click.echo(f"warning: {warning}", err=True)
        _report(pipeline.build(plan, brand), started)
    else:
        _batch(plan, files, jobs, started)


def _report(written: list[Path], started: float) -> None:
    for path in written:
        click.echo(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")
    click.echo(f"built {len(written)} PDF(s) in {time.perf_counter() - started:.2f} s")


def _batch(plan, files: list[Path], jobs: int | None, started: float) -> None:
    from publisher import batch
    from publisher.loading import display

    jobs = jobs or batch.default_jobs()
    with click.progressbar(length=len(files), label="brands", show_pos=True) as bar:
        results = batch.run(plan, files, jobs, lambda _: bar.update(1))
    for warning in (w for r in results for w in r.warnings):
        click.echo(f"warning: {warning}", err=True)
    failed = [r for r in results if r.error]
    built = sum(len(r.written) for r in results)
    seconds = time.perf_counter() - started
    click.echo(
        f"built {built} PDF(s) for {len(results) - len(failed)} of {len(results)} brands "
        f"in {seconds:.2f} s with {jobs} job(s)"
    )
    if failed:
        for result in failed:
            click.echo(f"failed: {display(result.brand)}", err=True)
            click.echo(f"  {result.error}", err=True)
        raise SystemExit(1)


@main.command()
@GUIDES
def validate(guides: tuple[str, ...]) -> None:
    """Check guides and layouts without rendering; every problem on its own line."""
    from publisher import build as pipeline
    from publisher.loading import display

    loaded, layouts = pipeline.load_all(pipeline.guide_paths(guides), pipeline.layout_paths(()))
    for guide in loaded:
        click.echo(f"ok  {display(guide.source.path)}  ({guide.model.id})")
    for name in layouts:
        click.echo(f"ok  layout {name}")


@main.command(name="list")
def list_() -> None:
    """List the guides and layouts that `build` would use."""
    from publisher import build as pipeline
    from publisher.loading import display, read_yaml

    click.echo("guides:")
    for name, path in pipeline.available_guides().items():
        click.echo(f"  {name:<28} {display(path)}")
    click.echo("layouts:")
    for name, path in pipeline.available_layouts().items():
        data = read_yaml(path).data
        kind = data.get("kind", "?") if isinstance(data, dict) else "?"
        click.echo(f"  {name:<28} {kind:<8} {display(path)}")


@main.command()
@click.argument("what", type=click.Choice(["guide", "layout", "brand"]), default="guide")
def schema(what: str) -> None:
    """Print the JSON Schema of a guide, layout or brand file for editor autocompletion."""
    from publisher.schema import schema_for

    click.echo(json.dumps(schema_for(what), indent=2, ensure_ascii=False))


@main.command()
@click.argument("guide_id")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
)
def new(guide_id: str, folder: Path) -> None:
    """Start a new guide: write a valid starter file FOLDER/GUIDE_ID.yaml to edit."""
    from publisher.scaffold import scaffold

    path = scaffold(guide_id, folder)
    click.echo(f"wrote {path}; edit it, then run `publisher build {guide_id}`")
