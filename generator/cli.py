"""The ``docgen`` command line.

Standard output carries only the paths of written files (or the requested
schema / schedule); messages, warnings and progress go to standard error.
Exit status: 0 all written, 1 some documents failed, 2 usage or input errors.
Only :func:`main` turns a :class:`~generator.errors.DocgenError` into output.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import DocgenError, printable
from .startup import end, no_pydantic_plugins

no_pydantic_plugins()

EXAMPLES = """
\b
Examples (in a copy of docgen's repository, which has samples/):
  docgen init acme.json
  docgen validate acme.json samples/*.json
  docgen plan samples/kestonbury-print.json --ics
  docgen csp samples/kamnegrad-mashzavod.json --lang en+ru
  docgen qbr samples/caddo-ridge-dental.json --quarter 2026-Q4
  docgen all acme.json --out documents
  docgen schedule samples/kestonbury-print.json --format csv
  docgen batch samples/ --lang en,ru --jobs 2
  docgen import samples/imports/product-analytics-kpis.csv --into samples/ --dry-run
  docgen export actions samples/kestonbury-print.json --out documents
"""
"""Each example runs as shown (a test runs them all)."""


def _say(ctx: click.Context, message: str, level: int = 1) -> None:
    """Write a message to stderr unless --quiet (level 2 needs --verbose)."""
    verbosity = ctx.find_root().obj.get("verbosity", 1) if ctx.find_root().obj else 1
    if verbosity >= level:
        click.echo(printable(message), err=True)


def document_options(func):
    """Options every document command takes."""
    options = [
        click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
                     default=Path("out"), show_default=True, help="Output folder."),
        click.option("--templates", type=click.Path(path_type=Path),
                     help="Your own templates folder (missing files fall back to the shipped)."),
        click.option("--locales", type=click.Path(path_type=Path),
                     help="Your own locales folder (missing messages fall back to the shipped)."),
        click.option("--pdf", is_flag=True, help="Also write a PDF beside each document."),
        click.option("--strict", is_flag=True, help="Texts without a version in a document's "
                     "language are errors, not warnings (also: strict = true in docgen.toml)."),
        click.option("--quiet", "-q", is_flag=True, help="Only errors on stderr."),
        click.option("--verbose", "-v", is_flag=True, help="More detail on stderr."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


deck_template_option = click.option(
    "--template", type=click.Path(dir_okay=False, path_type=Path),
    help="A rebranded copy of the deck template (.pptx).")


@click.group(epilog=EXAMPLES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Client documents for Customer Success Managers and vCIOs, from one JSON file per client.

    Writes a Word engagement plan with a dated twelve-month meeting grid, a
    bilingual Word customer success plan and a PowerPoint QBR / vCIO deck.
    """
    ctx.ensure_object(dict)


def _generate(ctx, client_file: Path, kinds: list[str], lang: str | None, quarter: str | None,
              out: Path, templates, locales, pdf: bool, strict: bool, quiet: bool,
              verbose: bool, template: Path | None = None, preview: bool = False) -> None:
    from .generate import generate_one

    ctx.obj["verbosity"] = 0 if quiet else (2 if verbose else 1)
    generate_one(
        client_file, kinds, lang, quarter, out, templates, locales, pdf, template,
        say=lambda message, level=1: _say(ctx, message, level),
        emit=lambda path: click.echo(str(path)), strict=strict,
        preview=preview,
    )


@cli.command()
@click.argument("client_file", type=click.Path(path_type=Path))
@click.option("--lang", help="Output language (default: the client's language).")
@click.option("--ics", is_flag=True, help="Also write the meetings as an iCalendar file.")
@document_options
@click.pass_context
def plan(ctx, client_file, lang, ics, **options):
    """Write the engagement plan with its twelve-month meeting grid (.docx)."""
    _generate(ctx, client_file, ["plan", "ics"] if ics else ["plan"], lang, None, **options)


@cli.command()
@click.argument("client_file", type=click.Path(path_type=Path))
@click.option("--lang", help="en, ru or en+ru (default: the client's language).")
@document_options
@click.pass_context
def csp(ctx, client_file, lang, **options):
    """Write the customer success plan (.docx), in one language or two."""
    _generate(ctx, client_file, ["csp"], lang, None, **options)


@cli.command()
@click.argument("client_file", type=click.Path(path_type=Path))
@click.option("--quarter", help="YYYY-Qn (default: the latest quarter in the file).")
@click.option("--lang", help="Output language (default: the client's language).")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="A rebranded copy of the deck template (.pptx).")
@document_options
@click.pass_context
def qbr(ctx, client_file, quarter, lang, template, **options):
    """Write the QBR / vCIO deck (.pptx) for a quarter."""
    _generate(ctx, client_file, ["qbr"], lang, quarter, template=template, **options)


@cli.command(name="all")
@click.argument("client_file", type=click.Path(path_type=Path))
@click.option("--quarter", help="YYYY-Qn for the deck (default: the latest).")
@click.option("--lang", help="Output language (default: the client's language).")
@click.option("--ics", is_flag=True, help="Also write the meetings as an iCalendar file.")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="A rebranded copy of the deck template (.pptx); the Word documents keep "
                   "theirs.")
@document_options
@click.pass_context
def all_(ctx, client_file, quarter, lang, ics, template, **options):
    """Write every document of one client."""
    kinds = ["plan", "csp", "qbr"] + (["ics"] if ics else [])
    _generate(ctx, client_file, kinds, lang, quarter, template=template, **options)


@cli.command()
@click.argument("client_file", type=click.Path(path_type=Path))
@click.option("--lang", help="Output language (default: the client's language).")
@click.option("--quarter", help="YYYY-Qn for the deck (default: the latest).")
@deck_template_option
@document_options
@click.pass_context
def preview(ctx, client_file, quarter, lang, template, **options):
    """Write every document of one client, its PDF, a PNG of each page or slide
    (DOC-pages/01.png...) and a contact sheet of its pages (DOC-sheet.png).

    Needs LibreOffice and poppler's pdftoppm.
    """
    options["pdf"] = False
    _generate(ctx, client_file, ["plan", "csp", "qbr"], lang, quarter, template=template,
              preview=True, **options)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quarter", help="YYYY-Qn for the decks (default: each file's latest).")
@click.option("--lang", "langs", help="Languages, comma-separated: en,ru,en+ru "
              "(default: each client's language).")
@click.option("--only", help="Documents to build, comma-separated: plan,ics,csp,qbr "
              "(default: all; ics is the plan's calendar).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes "
              "(default: the number of CPUs).")
@click.option("--force", is_flag=True, help="Rebuild documents whose inputs did not change.")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="A rebranded copy of the deck template (.pptx).")
@click.option("--timeout", type=click.FloatRange(min=0), default=60, show_default=True,
              metavar="SECONDS", help="Time limit per document, in seconds (0: none); "
              "a document over it fails and the batch goes on.")
@click.option("--wait", is_flag=True, help="When another batch is writing to the output "
              "folder, wait for it to finish (default: stop with status 2).")
@click.option("--preview", is_flag=True, help="Also a PDF, page pictures and a contact sheet "
              "of each document (as docgen preview).")
@document_options
@click.pass_context
def batch(ctx, inputs, quarter, langs, only, jobs, force, template, preview, **options):
    """Build every client's documents: DIR or FILE..., two phases, in parallel.

    Bad files never stop the others: the summary on stderr lists what was
    written, unchanged (skipped: inputs did not change) and failed, and why.
    One batch at a time writes to an output folder: a second one exits with
    status 2, naming the first (or waits for it, with --wait).
    """
    from .run_batch import batch_command

    ctx.obj["verbosity"] = 0 if options["quiet"] else (2 if options["verbose"] else 1)
    options["preview"] = preview
    status = batch_command(
        inputs, quarter, langs, only, jobs, force, template, options,
        say=lambda message, level=1: _say(ctx, message, level),
    )
    ctx.exit(status)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quarter", help="YYYY-Qn (default: the latest quarter of any file).")
@click.option("--lang", default="en", show_default=True, help="Language of the portfolio.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True,
              help="Output folder (its manifest.json lists the documents written).")
@click.option("--locales", type=click.Path(path_type=Path), help="Your own locales folder.")
@click.option("--quiet", "-q", is_flag=True, help="Only errors on stderr.")
@click.option("--verbose", "-v", is_flag=True, help="More detail on stderr.")
@click.pass_context
def portfolio(ctx, inputs, quarter, lang, out, locales, quiet, verbose):
    """Write the portfolio of DIR or FILE...: health, renewals, meetings (.xlsx, .html, .ics)."""
    from .run_portfolio import portfolio_command

    ctx.obj["verbosity"] = 0 if quiet else (2 if verbose else 1)
    ctx.exit(portfolio_command(inputs, quarter, lang, out, locales,
                               say=lambda message, level=1: _say(ctx, message, level),
                               emit=lambda path: click.echo(str(path))))


@cli.command()
@click.argument("client_file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "ics"]), default="table",
              show_default=True)
@click.option("--lang", help="Language of dates and titles (default: the client's language).")
@click.option("--locales", type=click.Path(path_type=Path), help="Your own locales folder.")
def schedule(client_file, fmt, lang, locales):
    """Print the plan year's meetings (table, CSV or iCalendar) on stdout."""
    from .generate import print_schedule

    click.echo(print_schedule(client_file, fmt, lang, locales), nl=False)


@cli.command()
@click.argument("client_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", "langs", help="Also list the texts without a version in these "
              "languages, comma-separated (en,ru).")
@click.option("--strict", is_flag=True, help="Texts without a version in a --lang language "
              "are errors (also: strict = true in docgen.toml).")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="YYYY-MM-DD: also check that each client's newest figures are recent "
              "(see [freshness] in docgen.toml).")
def validate(client_files, langs, strict, as_of):
    """Check client files; every problem as file: json.path: message."""
    from .errors import InputError
    from .generate import plan_warnings
    from .loader import load_client
    from .resources import folders
    from .translations import summary, untranslated

    codes: list[str] = []
    if langs:
        from .i18n import parse_spec

        codes = list(dict.fromkeys(code for spec in langs.split(",") if spec.strip()
                                   for code in parse_spec(spec.strip())))
    strict = folders(None, None, strict=strict).strict
    problems: list[str] = []
    missing: list[str] = []
    fresh = None
    if as_of:
        from .freshness import Freshness

        fresh = Freshness.from_settings()
    for path in client_files:
        try:
            loaded = load_client(path)
            warnings = [*loaded.warnings, *plan_warnings(loaded, ["plan"])]
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        for warning in warnings:
            click.echo(printable(f"warning: {warning}"), err=True)
        stale = fresh.check(path, as_of.date()) if fresh else None
        if stale and fresh.error:
            problems.append(stale)
            continue
        if stale:
            click.echo(printable(f"warning: {stale}"), err=True)
        lines = untranslated(loaded.path, loaded.client, codes) if codes else []
        missing += lines
        if strict:
            problems += lines
        else:
            for line in lines:
                click.echo(printable(f"warning: {line}"), err=True)
        if not (strict and lines):
            click.echo(printable(f"{path}: ok"), err=True)
    if missing:
        said = summary(missing, codes)
        if strict:
            problems.append(said.replace(" (--strict makes this an error)", ""))
        else:
            click.echo(f"warning: {said}", err=True)
    if problems:
        raise InputError(problems)


@cli.command(name="import")
@click.argument("sources", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The folder of client files (its *.json files).")
@click.option("--kind", type=click.Choice(["measurements", "service", "usage", "assets",
                                           "actions", "contacts"]),
              help="What the rows are (default: found from each sheet's headers).")
@click.option("--dry-run", is_flag=True, help="Print the change per file; write nothing.")
@click.option("--quiet", "-q", is_flag=True, help="Only errors on stderr.")
def import_(sources, into, kind, dry_run, quiet):
    """Merge rows of CSV or XLSX exports (FILE.csv|FILE.xlsx...) into the client files.

    Any bad row: every problem listed, exit 2, no client file changed.
    """
    from .imports.command import import_command

    import_command(sources, into, kind, dry_run, quiet)


@cli.group()
def export():
    """Write a worksheet for a client to fill in and send back (docgen import reads it)."""


@export.command("actions")
@click.argument("client_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--quarter", help="YYYY-Qn (default: the latest quarter in the file).")
@click.option("--lang", help="Language of the sheet (default: the client's language).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Output folder.")
def export_actions(client_file, quarter, lang, out):
    """Action items and KPI values to confirm, as an XLSX workbook (.xlsx)."""
    from .export_sheet import export_actions as write

    click.echo(str(write(client_file, quarter, lang, out)))


@cli.command()
def schema():
    """Print the JSON Schema of a client file (point "$schema" at a saved copy)."""
    import json

    from .model import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@cli.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(file, force):
    """Write a starter client file (default: client.json) that validates."""
    from .starter import write_starter

    path = write_starter(file or Path("client.json"), force)
    click.echo(str(path))


@cli.group()
def templates():
    """Check a folder of templates before a batch."""


@templates.command("check")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option("--client", "clients", multiple=True, type=click.Path(path_type=Path),
              help="A client file to preview with (repeatable; default: the samples).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out/templates-check"), show_default=True,
              help="Folder for the preview documents, their PDFs and page pictures.")
@click.option("--no-preview", is_flag=True, help="Only check; render nothing.")
def templates_check(folder, clients, out, no_preview):
    """Check FOLDER's templates (default: docgen.toml's, else the shipped ones).

    Kind of file, split tags, variables the view lacks, deck layouts, fonts
    not installed, and a preview of each sample client: PNG paths on stdout.
    Exit status 1 when something is wrong.
    """
    from .resources import folders, sample_clients
    from .template_check import check

    problems = check(folders(folder, None), list(clients) or sample_clients(),
                     None if no_preview else out,
                     say=lambda message: click.echo(message, err=True),
                     emit=lambda path: click.echo(str(path)))
    if problems:
        sys.exit(1)


@cli.group()
def locales():
    """Check the translation catalogs, or start a new language."""


@locales.command("check")
@click.option("--locales", "folder", type=click.Path(path_type=Path),
              help="Check this folder instead of the shipped catalogs.")
def locales_check(folder):
    """Count messages per language; list missing, empty and fuzzy ones (exit 1 if any)."""
    from .catalogs import check

    report, complete = check(folder)
    click.echo(printable(report, lines=True), err=True, nl=False)
    if not complete:
        sys.exit(1)


@locales.command("init")
@click.argument("lang")
@click.option("--to", "to", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Your locales folder.")
def locales_init(lang, to):
    """Start catalog LANG in folder TO from the English catalog."""
    from .catalogs import init_language

    click.echo(str(init_language(lang, to)))


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the command, print a DocgenError as its message, return the status."""
    try:
        status = cli.main(args=argv, prog_name="docgen", standalone_mode=False)
    except DocgenError as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("interrupted", err=True)
        return 130
    except click.ClickException as exc:
        exc.message = printable(exc.message, lines=True)
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 1
    return status if isinstance(status, int) else 0


def run() -> None:  # pragma: no cover - console script
    end(main())


if __name__ == "__main__":  # pragma: no cover
    run()
