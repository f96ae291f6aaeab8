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
from .errors import DocgenError

EXAMPLES = """
\b
Examples:
  docgen validate samples/*.json
  docgen plan samples/harbourline-foods.json --ics
  docgen csp client.json --lang en+ru
  docgen qbr client.json --quarter 2026-Q4
  docgen batch clients/ --quarter 2027-Q1 --lang en,ru --jobs 2
"""


def _say(ctx: click.Context, message: str, level: int = 1) -> None:
    """Write a message to stderr unless --quiet (level 2 needs --verbose)."""
    verbosity = ctx.find_root().obj.get("verbosity", 1) if ctx.find_root().obj else 1
    if verbosity >= level:
        click.echo(message, err=True)


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
        click.option("--quiet", "-q", is_flag=True, help="Only errors on stderr."),
        click.option("--verbose", "-v", is_flag=True, help="More detail on stderr."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


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
              out: Path, templates, locales, pdf: bool, quiet: bool, verbose: bool,
              template: Path | None = None) -> None:
    from .generate import generate_one

    ctx.obj["verbosity"] = 0 if quiet else (2 if verbose else 1)
    generate_one(
        client_file, kinds, lang, quarter, out, templates, locales, pdf, template,
        say=lambda message, level=1: _say(ctx, message, level),
        emit=lambda path: click.echo(str(path)),
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
@document_options
@click.pass_context
def all_(ctx, client_file, quarter, lang, ics, **options):
    """Write every document of one client."""
    kinds = ["plan", "csp", "qbr"] + (["ics"] if ics else [])
    _generate(ctx, client_file, kinds, lang, quarter, **options)


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
@document_options
@click.pass_context
def batch(ctx, inputs, quarter, langs, only, jobs, force, template, **options):
    """Build every client's documents: DIR or FILE..., two phases, in parallel.

    Bad files never stop the others: the summary on stderr lists what was
    written, unchanged (skipped: inputs did not change) and failed, and why.
    """
    from .run_batch import batch_command

    ctx.obj["verbosity"] = 0 if options["quiet"] else (2 if options["verbose"] else 1)
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
def validate(client_files):
    """Check client files; every problem as file: json.path: message."""
    from .errors import InputError
    from .generate import plan_warnings
    from .loader import load_client

    problems: list[str] = []
    for path in client_files:
        try:
            loaded = load_client(path)
            warnings = [*loaded.warnings, *plan_warnings(loaded, ["plan"])]
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        for warning in warnings:
            click.echo(f"warning: {warning}", err=True)
        click.echo(f"{path}: ok", err=True)
    if problems:
        raise InputError(problems)


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
def locales():
    """Check the translation catalogs, or start a new language."""


@locales.command("check")
@click.option("--locales", "folder", type=click.Path(path_type=Path),
              help="Check this folder instead of the shipped catalogs.")
def locales_check(folder):
    """Count messages per language; list missing, empty and fuzzy ones (exit 1 if any)."""
    from .catalogs import check

    report, complete = check(folder)
    click.echo(report, err=True, nl=False)
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
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 1
    return status if isinstance(status, int) else 0


def run() -> None:  # pragma: no cover - console script
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
