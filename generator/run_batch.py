"""The ``docgen batch`` command: options in, progress and summary out."""

from __future__ import annotations

import re
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import click

from .batch import ALL_KINDS, Report, Result, collect_inputs, default_jobs, run_batch
from .errors import UsageError
from .freshness import stale_files
from .i18n import parse_spec
from .pipeline import check_templates, require_catalogs
from .resources import folders as resolve_folders
from .schedule import QUARTER_PATTERN


def _split(value: str | None, allowed: tuple[str, ...] | None, what: str) -> list[str] | None:
    if value is None:
        return None
    items = [v.strip() for v in value.split(",") if v.strip()]
    if not items:
        raise UsageError(f"--{what}: expected a comma-separated list")
    if allowed:
        unknown = [i for i in items if i not in allowed]
        if unknown:
            raise UsageError(f"--{what}: unknown {', '.join(unknown)}; "
                             f"expected some of {', '.join(allowed)}")
    return list(dict.fromkeys(items))


def batch_command(inputs: tuple[Path, ...], quarter: str | None, langs: str | None,
                  only: str | None, jobs: int | None, force: bool, template: Path | None,
                  options: dict, say: Callable[..., None]) -> int:
    """Run a batch; print written paths on stdout, progress and summary on stderr.
    ``options`` holds the document options, ``timeout`` (each document's time limit in
    seconds, 0 for none) and ``wait`` (for another batch into the same folder)."""
    kinds = _split(only, ALL_KINDS, "only") or list(ALL_KINDS)
    specs = _split(langs, None, "lang")
    for spec in specs or []:
        parse_spec(spec)
    if quarter is not None and not re.match(QUARTER_PATTERN, quarter):
        raise UsageError(f"--quarter {quarter!r}: expected YYYY-Qn, e.g. 2027-Q1")
    folders = resolve_folders(options["templates"], options["locales"],
                              strict=options.get("strict", False))
    if specs:
        require_catalogs(specs, folders)
    check_templates(kinds, folders, template)  # before anything is written
    preview = options.get("preview", False)
    if options["pdf"] or preview:
        from .generate import require_converters

        require_converters(preview)
    out: Path = options["out"]
    files = collect_inputs(inputs, out)
    fresh, stale = stale_files(files, quarter)
    for _, message in stale:
        say(f"{'error' if fresh.error else 'warning'}: {message}")
    if fresh is not None and fresh.error:  # a stale client fails; the others are built
        files = [f for f in files if f not in dict(stale)]
    verbose = options["verbose"]
    bars: list = []
    show_bar = not options["quiet"] and not verbose and sys.stderr.isatty()

    def planned(total: int) -> None:
        if show_bar:
            bars.append(click.progressbar(length=total, label="Building", file=sys.stderr))
            bars[0].__enter__()

    def progress(result: Result) -> None:
        if result.status == "written" and result.path:
            click.echo(str(result.path))
        if bars:
            bars[0].update(1)
        elif result.status != "unchanged" or verbose:
            name = result.path.name if result.path else "-"
            say(f"{result.status}: {result.source} {name}", 2)

    def pdfs(report: Report) -> None:
        """PDFs (and previews) of what was written, and of unchanged documents that have
        none yet."""
        from .generate import convert_each

        office = [r.path for r in report.results if r.path is not None
                  and r.path.suffix in (".docx", ".pptx")
                  and (r.status == "written"
                       or (r.status == "unchanged" and not _converted(r.path, preview)))]
        failures = convert_each(office, lambda path: click.echo(str(path)), preview,
                                jobs or default_jobs())
        for source, why in failures.items():
            origin = next(r.source for r in report.results if r.path == source)
            report.results.append(Result(source, origin, "failed",
                                         why.removeprefix(f"{source}: ")))

    try:  # the PDFs are made while the batch still holds the output folder
        report = run_batch(files, kinds, specs, quarter, out, folders, template,
                           jobs or default_jobs(), force, progress, planned,
                           lambda message: say(message), options["timeout"] or None,
                           wait=options["wait"],
                           then=pdfs if options["pdf"] or preview else None)
    finally:
        if bars:
            bars[0].__exit__(None, None, None)
    if fresh is not None and fresh.error:
        report.results.extend(Result(None, path, "failed", message) for path, message in stale)
    if report.interrupted:
        return _stopped(report, say)
    trouble = bool(report.failed or report.errors)
    for line in report.summary():
        say(line, 0 if trouble else 1)
    return 1 if trouble else 0


def _converted(document: Path, preview: bool) -> bool:
    """Whether the document already has its PDF (and, for a preview, its contact sheet)."""
    if not document.with_suffix(".pdf").exists():
        return False
    if preview:
        from .render.pdf.preview import sheet_path

        return sheet_path(document).exists()
    return True


def _stopped(report: Report, say: Callable[..., None]) -> int:
    """The summary of an interrupted batch, which a further Ctrl-C does not cut short."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for line in report.summary():
            say(line, 0)
    finally:
        signal.signal(signal.SIGINT, previous)
    return 130
