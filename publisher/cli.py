"""The command line: parse, call one core function, print. No layout or content logic here;
ReportLab is imported only by the commands that render."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import click

from publisher import PAPERS, __version__

GUIDES = click.argument("guides", nargs=-1, metavar="[GUIDE]...")


def out_option(default: str, help: str):
    return click.option(
        "--out",
        "-o",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path(default),
        show_default=True,
        help=help,
    )


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
@out_option("out", "Folder the PDFs go into.")
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
@click.option(
    "--check",
    "measure",
    is_flag=True,
    help="Run the full quality gate (as `publisher check`) before writing; errors stop it.",
)
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
    measure: bool,
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
    _gate(plan)
    if len(files) > 1:
        if measure:
            from publisher.errors import InputError

            raise InputError(
                "--check measures every page (about 2 s a brand); use it with one brand, "
                "or run `publisher check --brand FILE` for the brands you want to look at."
            )
        _batch(plan, files, jobs, started)
        return
    brand = None
    if files:
        from publisher.brand import load_brand

        brand = load_brand(files[0])
        for warning in brand.warnings:
            click.echo(f"warning: {warning}", err=True)
    outputs = pipeline.render_all(plan, brand)
    if measure:
        _measured_gate(plan, brand)
    _report(pipeline.write_all(outputs), started)


def _measured_gate(plan, brand) -> None:
    """`build --check`: the full quality gate on what was just rendered, before writing."""
    from publisher import checks

    _enforce(checks.check_outputs(plan, brand), "nothing was written.")


def _gate(plan, brand=None) -> None:
    """The checks every build runs: errors stop it before anything is written."""
    from publisher import checks

    _enforce(checks.quick(plan, brand))


def _enforce(findings, *after: str) -> None:
    """Print the warnings; raise the errors, one line each (exit 1)."""
    from publisher.errors import BuildError

    for finding in findings:
        if finding.level == "warning":
            click.echo(f"warning: {finding.located()}", err=True)
    errors = [f.located() for f in findings if f.level == "error"]
    if errors:
        raise BuildError("\n".join([*errors, *after]))


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


LAYOUTS = click.option(
    "--layout",
    "-l",
    "layouts",
    multiple=True,
    metavar="NAME",
    help="Only this layout (repeatable). See `publisher list`.",
)


@main.command()
@GUIDES
@LAYOUTS
@click.option(
    "--brand",
    "brands",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Check with this brand's colours and contact lines (repeatable).",
)
@click.option("--paper", type=click.Choice(PAPERS), default=None)
@click.option("--grayscale", is_flag=True, help="Check the gray version (contrast in gray).")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def check(
    guides: tuple[str, ...],
    layouts: tuple[str, ...],
    brands: tuple[Path, ...],
    paper: str | None,
    grayscale: bool,
    strict: bool,
    fmt: str,
) -> None:
    """Measure the built PDFs: reading grade, type sizes, contrast, glyphs, fit, red flags
    and disclaimer, review date, PEMAT-P actionability. Errors exit 1."""
    from publisher import build as pipeline
    from publisher import checks
    from publisher.brand import load_brand

    plan = pipeline.plan(
        pipeline.guide_paths(guides),
        pipeline.layout_paths(layouts),
        Path("out"),
        paper,
        grayscale=grayscale,
    )
    findings = []
    for brand in [load_brand(p) for p in pipeline.brand_paths(brands, None)] or [None]:
        findings += checks.check_outputs(plan, brand)
    if fmt == "json":
        click.echo(json.dumps(checks.as_json(findings), indent=2, ensure_ascii=False))
    else:
        click.echo(checks.report(findings))
    failed = any(f.level == "error" or (strict and f.level == "warning") for f in findings)
    if failed:
        raise SystemExit(1)


@main.command()
@GUIDES
@LAYOUTS
@click.option("--dpi", type=click.IntRange(18, 600), default=72, show_default=True)
@out_option("proofs", "Folder the PNGs go into.")
@click.option("--brand", type=click.Path(path_type=Path), metavar="FILE", default=None)
@click.option("--paper", type=click.Choice(PAPERS), default=None)
def proof(
    guides: tuple[str, ...],
    layouts: tuple[str, ...],
    dpi: int,
    out_dir: Path,
    brand: Path | None,
    paper: str | None,
) -> None:
    """PNG images of every page, and a contact sheet per guide with every output."""
    from publisher import build as pipeline
    from publisher.brand import load_brand
    from publisher.proof import proof as make_proofs

    plan = pipeline.plan(
        pipeline.guide_paths(guides), pipeline.layout_paths(layouts), out_dir, paper
    )
    loaded = load_brand(pipeline.brand_paths((brand,), None)[0]) if brand else None
    outputs = [o for o in pipeline.render_all(plan, loaded) if not o.path.stem.endswith("-imposed")]
    written = make_proofs(outputs, dpi)
    for path in written:
        if path.name == "contact-sheet.png":
            click.echo(f"wrote {path}")
    click.echo(f"wrote {len(written)} PNG(s) into {out_dir}")


@main.command()
@click.option("--to", "to", multiple=True, metavar="ADDRESS", help="A recipient (repeatable).")
@click.option(
    "--to-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A CSV of recipients: an `email` column (and optional `name`), or one per line.",
)
@click.option(
    "--guide", "guide_name", metavar="ID", help="The guide to send (default: the only one)."
)
@LAYOUTS
@click.option(
    "--brand",
    type=click.Path(path_type=Path),
    metavar="FILE",
    default=None,
    help="Send as this clinic: its name, colours, contact lines and QR code.",
)
@click.option("--paper", type=click.Choice(PAPERS), default=None, help="a4 or letter.")
@click.option("--subject", help="The subject line (default: the guide's title).")
@click.option(
    "--message",
    "message_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A text file whose words replace the introduction.",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="SMTP settings (host, port, user, from, security, cafile) as YAML; "
    "PUBLISHER_SMTP_* variables override them. The password comes only from "
    "PUBLISHER_SMTP_PASSWORD or a prompt.",
)
@click.option(
    "--max-size", type=float, default=10.0, show_default=True, help="Largest message, MB."
)
@click.option("--dry-run", is_flag=True, help="Show who would get what; send nothing.")
@click.option(
    "--eml",
    "eml_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one .eml file per recipient into this folder instead of sending.",
)
@click.option("--resume", is_flag=True, help="Skip recipients the sent-log says already have it.")
@out_option("out", "Folder the PDFs are built into (and the sent-log kept in).")
def email(
    to: tuple[str, ...],
    to_file: Path | None,
    guide_name: str | None,
    layouts: tuple[str, ...],
    brand: Path | None,
    paper: str | None,
    subject: str | None,
    message_file: Path | None,
    config: Path | None,
    max_size: float,
    dry_run: bool,
    eml_dir: Path | None,
    resume: bool,
    out_dir: Path,
) -> None:
    """Email the handouts: one message per recipient, PDFs attached, a thumbnail of each."""

    from publisher import mail
    from publisher.errors import InputError

    if dry_run and eml_dir:
        raise InputError("choose --dry-run or --eml DIR, not both.")
    people = mail.recipients(to, to_file)
    settings = mail.smtp_settings(config) if not (dry_run or eml_dir) else None
    from publisher import build as pipeline
    from publisher.brand import load_brand

    guides = pipeline.guide_paths((guide_name,) if guide_name else ())
    if len(guides) > 1:
        raise InputError("several guides found; choose one with --guide ID.")
    plan = pipeline.plan(guides, pipeline.layout_paths(layouts), out_dir, paper)
    branded = load_brand(pipeline.brand_paths((brand,), None)[0]) if brand else None
    _gate(plan, branded)
    intro = message_file.read_text(encoding="utf-8").strip() if message_file else None
    sender = settings.sender if settings else os.environ.get("PUBLISHER_SMTP_FROM")
    letter, folder = mail.prepare(plan, branded, sender, subject, intro)
    size = letter.size()
    limit = max_size * 1024 * 1024
    if size > limit:
        raise InputError(
            f"each message would be {size / 2**20:.1f} MB (attachments × {mail.BASE64} for "
            f"base64), over the {max_size:g} MB limit; send fewer layouts with --layout, or "
            "raise --max-size if your mail server accepts more."
        )
    names = ", ".join(a.name for a in letter.attachments)
    if dry_run:
        for person in people:
            click.echo(f"would send to {person.header()}: {names} ({size / 1024:.0f} KB)")
        click.echo(f"{len(people)} message(s), nothing sent (dry run)")
        return
    if eml_dir:
        domain = letter.sender.rsplit("@", 1)[-1].strip("> ")
        for path in mail.write_eml(letter, people, eml_dir, domain):
            click.echo(f"wrote {path}")
        return
    password = None
    if settings.user:
        password = os.environ.get("PUBLISHER_SMTP_PASSWORD")
        if password is None:
            password = click.prompt(f"SMTP password for {settings.user}", hide_input=True)
    log = mail.SentLog(folder / "sent-log.jsonl")
    with click.progressbar(
        length=len(people), label="sending", show_pos=True, hidden=len(people) <= 3
    ) as bar:
        outcome = mail.send(
            letter, people, settings, password, log, resume, lambda _: bar.update(1)
        )
    for address in outcome.sent:
        click.echo(f"sent     {address}")
    for address in outcome.skipped:
        click.echo(f"skipped  {address} (already sent, see {log.path})")
    for address, reason in outcome.failed:
        click.echo(f"FAILED   {address}: {reason}", err=True)
    for address in outcome.not_attempted:
        click.echo(f"not sent {address} (the connection was lost first)", err=True)
    click.echo(
        f"sent {len(outcome.sent)}, failed {len(outcome.failed) + len(outcome.not_attempted)}, "
        f"skipped {len(outcome.skipped)}; {size / 1024:.0f} KB each"
    )
    if outcome.failed or outcome.not_attempted:
        click.echo("rerun with --resume to send only to those who did not get it.", err=True)
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
    """List the guides, layouts and brands that `build` would use."""
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
    brands = sorted(pipeline.data_dir("brands").glob("*.yaml"))
    if brands:
        click.echo("brands (use with --brand ID):")
        for path in brands:
            click.echo(f"  {path.stem:<28} {display(path)}")


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
