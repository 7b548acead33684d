"""The command line: parse, call one core function, print. No layout or content logic here;
ReportLab and pydantic are imported only by the commands that need them."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import click

from publisher import PAPERS, __version__
from publisher.commands.help import HELP
from publisher.draw.job import PROFILES
from publisher.errors import printable
from publisher.model.schema import FILES as SCHEMA_FILES
from publisher.model.schema import schema_for
from publisher.pipeline import write

FILE = click.Path(path_type=Path)  # what a file may be is checked when it is read
FOLDER = click.Path(file_okay=False, path_type=Path)
GUIDES = click.argument("guides", nargs=-1, metavar="[GUIDE]...")
LAYOUTS = click.option("--layout", "-l", "layouts", multiple=True, metavar="NAME",
                       help=HELP["layout"])  # fmt: skip
PAPER = click.option("--paper", type=click.Choice(PAPERS), default=None, help=HELP["paper"])
BRAND = click.option("--brand", type=FILE, metavar="FILE", default=None, help=HELP["brand"])


def out_option(default: str, help: str):
    return click.option("--out", "-o", "out_dir", type=FOLDER, default=Path(default),
                        show_default=True, help=help)  # fmt: skip


def _settings():
    """The environment's switches, read here and nowhere else (see pipeline/plan.py)."""
    from publisher.pipeline.settings import Settings

    return Settings.of(os.environ)


def _plan(guides, layouts, *options):  # options: out, paper, profile, grayscale
    from publisher.inputs import find as inputs
    from publisher.pipeline import build

    paths, names = inputs.guide_paths(guides), inputs.layout_paths(layouts)
    return build.plan(paths, names, *options, settings=_settings())


def _brand(file: Path | None):  # (pydantic: only when a brand is named)
    from publisher.inputs.find import named_brand

    return named_brand(file)


def _say(lines, failed: bool = False) -> None:  # each line to stdout or stderr; 1: failed
    for line, err in lines:
        click.echo(printable(line), err=err)
    if failed:
        raise SystemExit(1)


class Commands(click.Group):
    """A user error (a plain exception below here): its message and exit status (2, 1;
    Ctrl-C 130)."""

    def invoke(self, ctx: click.Context):
        from publisher.errors import Interrupted, UserError

        try:  # (Ctrl-C: each set being written was put back)
            return super().invoke(ctx)
        except (UserError, KeyboardInterrupt) as caught:
            exc = caught if isinstance(caught, UserError) else Interrupted()
            click.echo(exc.format_message(), err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="publisher")
def main() -> None:
    """Turn YAML health guides into print-ready PDFs: a booklet, a pocket card, a fridge sheet.

    GUIDE is a guide id (a file in ./content) or a path to a guide's .yaml file."""
    for stream in (sys.stdout, sys.stderr):  # a cp1252 console pipe cannot print every name
        getattr(stream, "reconfigure", lambda **_: None)(errors="replace")


@main.command()
@GUIDES
@LAYOUTS
@out_option("out", "Folder the PDFs go into.")
@PAPER
@click.option("--brand", "brands", multiple=True, type=FILE, metavar="FILE", help=HELP["brands"])
@click.option("--brand-dir", type=FOLDER, help=HELP["brand-dir"])
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help=HELP["jobs"])
@click.option("--profile", type=click.Choice(PROFILES), default="office", help=HELP["profile"])
@click.option("--grayscale", is_flag=True, help=HELP["grayscale"])
@click.option("--check", "measure", is_flag=True, help=HELP["check"])
@click.option("--force", is_flag=True, help="Rebuild even the PDFs that are up to date.")
def build(guides, layouts, out_dir, paper, brands, brand_dir, jobs, profile, grayscale, measure,
          force):  # fmt: skip
    """Build PDFs into OUT/<guide-id>/<layout>.pdf (every guide and layout by default)."""
    from publisher.commands.build import command
    from publisher.inputs.find import brand_paths

    files = brand_paths(brands, brand_dir)
    with click.progressbar(length=len(files), label="brands", hidden=len(files) < 2) as bar:
        said, report = command(guides, layouts, files, out_dir, (paper, profile, grayscale),
                               force, measure, _settings(), jobs, bar.update)  # fmt: skip
    if said:
        click.echo(said)
    if report is not None:
        _say(report.lines(), bool(report.failed))


@main.command()
@GUIDES
@LAYOUTS
@click.option("--brand", "brands", multiple=True, type=FILE, metavar="FILE", help=HELP["brand"])
@PAPER
@click.option("--grayscale", is_flag=True, help="Check the gray version (contrast in gray).")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def check(guides, layouts, brands, paper, grayscale, strict, fmt):
    """Measure the built PDFs: reading grade, type sizes, contrast, glyphs, fit, red flags
    and disclaimer, review date, PEMAT-P actionability. Errors exit 1."""
    from publisher.commands import check as checking

    plan = _plan(guides, layouts, Path("out"), paper, "office", grayscale)
    _say(*checking.run(plan, [_brand(p) for p in brands], fmt, strict))


@main.command()
@GUIDES
@LAYOUTS
@click.option("--dpi", type=click.IntRange(18, 600), default=72, show_default=True)
@out_option("proofs", "Folder the PNGs go into.")
@BRAND
@PAPER
def proof(guides, layouts, dpi, out_dir, brand, paper):
    """PNG images of every page, and a contact sheet per guide with every output."""
    from publisher.commands import proof as proofs

    _say(proofs.run(_plan(guides, layouts, out_dir, paper), _brand(brand), dpi, out_dir))


@main.command()
@click.option("--to", "to", multiple=True, metavar="ADDRESS", help="A recipient (repeatable).")
@click.option("--to-file", type=FILE, help=HELP["to-file"])
@click.option("--guide", "guide_name", metavar="ID", help=HELP["guide"])
@LAYOUTS
@BRAND
@PAPER
@click.option("--subject", help="The subject line (default: the guide's title).")
@click.option("--message", "message_file", type=FILE, help=HELP["message"])
@click.option("--config", type=FILE, help=HELP["config"])
@click.option("--max-size", type=float, default=10.0, show_default=True, help=HELP["max-size"])
@click.option("--dry-run", is_flag=True, help="Show who would get what; send nothing.")
@click.option("--eml", "eml_dir", type=FOLDER, help=HELP["eml"])
@click.option("--resume", is_flag=True, help=HELP["resume"])
@click.option("--resend-unknown", is_flag=True, help=HELP["resend-unknown"])
@out_option("out", "Folder the PDFs are built into (and the sent-log kept in).")
def email(to, to_file, guide_name, layouts, brand, paper, out_dir, **sending):
    """Email the handouts: one message per recipient, PDFs attached, a thumbnail of each."""
    from publisher.mail import campaign as mail
    from publisher.mail.recipients import recipients

    people, rejected = recipients(to, to_file)
    plan = _plan((guide_name,) if guide_name else (), layouts, out_dir, paper)
    quiet = len(people) <= 3 or sending["dry_run"] or bool(sending["eml_dir"])
    with click.progressbar(length=len(people), label="sending", hidden=quiet) as bar:
        sent = mail.send_campaign(
            plan, _brand(brand), people, progress=lambda _: bar.update(1),
            ask_password=lambda user: click.prompt(f"SMTP password for {user}", hide_input=True),
            env=os.environ, rejected=rejected, **sending,
        )  # fmt: skip
    _say(sent.lines(), bool(sent.failed))


@main.command()
@GUIDES
@LAYOUTS
@BRAND
@PAPER
@click.option("--proof", "dpi", type=int, flag_value=72, default=None, help=HELP["proof"])
@out_option("out", "Folder the PDFs go into.")
def watch(guides, layouts, brand, paper, dpi, out_dir):
    """Rebuild the PDFs an edit affects each time a guide, layout or brand is saved."""
    from publisher.commands import watch as watching

    watching.watch(watching.Session(guides, layouts, brand, paper, out_dir, dpi), click.echo)
    click.echo("stopped watching")


@main.command()
@GUIDES
@click.option("--brand", "brands", multiple=True, type=FILE, metavar="FILE", help=HELP["brand"])
def validate(guides: tuple[str, ...], brands: tuple[Path, ...]) -> None:
    """Check guides and layouts, and that every output fits on A4 and Letter (and with each
    brand); every problem on its own line, at the YAML line to change. Writes nothing."""
    from publisher.commands import validate as fit
    from publisher.inputs import find as inputs

    _say((line, False) for line in fit.validate(inputs.guide_paths(guides),
                                                inputs.brand_paths(brands, None)))  # fmt: skip


@main.command(name="list")
def list_() -> None:
    """List the guides, layouts and brands that `build` would use."""
    from publisher.inputs.find import catalog

    click.echo("\n".join(catalog()))


@main.command()
@click.argument("what", type=click.Choice(SCHEMA_FILES), default="guide")
def schema(what: str) -> None:
    """Print the JSON Schema of a guide, layout or brand file for editor autocompletion."""
    click.echo(json.dumps(schema_for(what), indent=2, ensure_ascii=False))


@main.command()
@click.argument("guide_id")
@click.option("--dir", "folder", type=FOLDER, default=Path("content"), show_default=True)
def new(guide_id: str, folder: Path) -> None:
    """Start a new guide: write a valid starter file FOLDER/GUIDE_ID.yaml to edit."""
    from publisher.commands.new import scaffold

    click.echo(f"wrote {scaffold(guide_id, folder)}; edit it, then run `publisher build "
               f"{guide_id}`")  # fmt: skip


def run() -> None:
    """The `publisher` command (SIGTERM stops it as Ctrl-C does). Its files are written and
    closed when a command is done, so the process ends at once (no module teardown)."""
    write.stop_as_interrupt()
    try:
        main()
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            click.echo(exc.code, err=True)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that went away
            stream.flush()
    os._exit(status)
