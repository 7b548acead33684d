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
    default="a4",
    show_default=True,
    help="a4 gives an A5 booklet and A4 sheets; letter gives half-letter and Letter.",
)
def build(guides: tuple[str, ...], layouts: tuple[str, ...], out_dir: Path, paper: str) -> None:
    """Build PDFs into OUT/<guide-id>/<layout>.pdf (every guide and layout by default)."""
    from publisher import build as pipeline

    started = time.perf_counter()
    written = pipeline.build(
        pipeline.guide_paths(guides), pipeline.layout_paths(layouts), out_dir, paper
    )
    for path in written:
        click.echo(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")
    click.echo(f"built {len(written)} PDF(s) in {time.perf_counter() - started:.2f} s")


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
@click.argument("what", type=click.Choice(["guide", "layout"]), default="guide")
def schema(what: str) -> None:
    """Print the JSON Schema of a guide (or a layout) for editor autocompletion."""
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
