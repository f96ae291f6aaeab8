"""What the single-client commands do: load, plan every file, render, write, convert."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .loader import load_client
from .resources import folders as resolve_folders
from .translations import report, untranslated

Say = Callable[..., None]


def generate_one(client_file: Path, kinds: Sequence[str], lang: str | None, quarter: str | None,
                 out: Path, templates: Path | None, locales: Path | None, pdf: bool,
                 template: Path | None, say: Say, emit: Callable[[Path], None],
                 strict: bool = False, preview: bool = False) -> None:
    """Write the ``kinds`` documents of one client, handing each written path to ``emit``
    (PDFs and, with ``preview``, page pictures and contact sheets too); RenderError after
    the others are written if a PDF or a preview failed. Texts without a version in a
    document's language are warned of, or with ``strict`` (or ``strict = true`` in
    docgen.toml) refused before anything is written."""
    from .i18n import parse_spec  # not needed by validate, nor Babel's formats it loads
    from .pipeline import (
        catalog_warnings,
        check_templates,
        plan_jobs,
        require_catalogs,
        write_jobs,
    )

    folders = resolve_folders(templates, locales, strict=strict)
    if pdf or preview:
        require_converters(preview)
    loaded = load_client(client_file)
    for warning in (*loaded.warnings, *plan_warnings(loaded, kinds)):
        say(f"warning: {warning}")
    specs = [lang] if lang else None
    jobs = plan_jobs(loaded, kinds, specs, quarter, out)
    require_catalogs([j.lang for j in jobs], folders)
    check_templates([job.kind for job in jobs], folders, template)
    for warning in catalog_warnings([j.lang for j in jobs], folders):
        say(warning)
    lines = list(dict.fromkeys(
        line for job in jobs for line in untranslated(
            loaded.path, loaded.client, parse_spec(job.lang), [job.kind], job.quarter)))
    report(lines, sorted({code for job in jobs for code in parse_spec(job.lang)}),
           folders.strict, say)
    from .output import Writer

    writer = Writer()
    try:
        written = write_jobs(jobs, loaded.client, folders, writer, template)
    finally:
        for path in writer.written:  # what was written, even when another file failed
            emit(path)
    if pdf or preview:
        convert(written, emit, preview)


def require_converters(preview: bool) -> None:
    """UsageError (before anything is written) when LibreOffice, or for a preview
    poppler's pdftoppm, is missing."""
    from .render.pdf.convert import require_soffice

    if not preview:
        require_soffice()
        return
    from .render.pdf.preview import require_pdftoppm

    require_soffice("A preview")
    require_pdftoppm()


def plan_warnings(loaded, kinds: Sequence[str]) -> list[str]:
    """What the file asks of the meeting plan that docgen does differently (an onboarding
    item re-timed outside the onboarding months), when ``kinds`` hold the plan or its
    calendar."""
    if not {"plan", "ics"} & set(kinds):
        return []
    from .documents.meetings import onboarding_warnings

    return onboarding_warnings(loaded.client, str(loaded.path))


def convert_many(paths: Sequence[Path], jobs: int = 1) -> dict[Path, Path | str]:
    """PDF beside each document: one converter call per chunk, at most ``jobs`` at a time."""
    from concurrent.futures import ThreadPoolExecutor

    from .render.pdf.convert import convert_to_pdf

    if not paths:
        return {}
    jobs = max(1, min(jobs, len(paths)))
    chunks = [list(paths[i::jobs]) for i in range(jobs)]
    results: dict[Path, Path | str] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for part in pool.map(convert_to_pdf, chunks):
            results.update(part)
    return {p: results[p] for p in paths}


def convert(paths: Sequence[Path], emit: Callable[[Path], None], preview: bool = False) -> None:
    """A PDF beside each office document among ``paths`` (and with ``preview`` its page
    pictures and contact sheet), each handed to ``emit``; RenderError naming the documents
    whose conversion failed."""
    from .errors import RenderError

    office = [p for p in paths if p.suffix in (".docx", ".pptx")]
    failures = list(convert_each(office, emit, preview).values())
    if failures:
        raise RenderError("\n".join(failures))


def convert_each(documents: Sequence[Path], emit: Callable[[Path], None], preview: bool,
                 jobs: int = 1) -> dict[Path, str]:
    """PDFs (and previews) of ``documents``, each written path handed to ``emit``;
    returns why, for each document that failed."""
    from .errors import RenderError

    failures: dict[Path, str] = {}
    for source, made in convert_many(documents, jobs).items():
        if not isinstance(made, Path):
            failures[source] = f"{source}: PDF conversion failed: {made}"
            continue
        emit(made)
        if preview:
            from .render.pdf.preview import preview as pictures

            try:
                for picture in pictures(made):
                    emit(picture)
            except RenderError as exc:
                failures[source] = f"{source}: preview failed: {exc.format_message()}"
    return failures


def print_schedule(client_file: Path, fmt: str, lang: str | None, locales: Path | None) -> str:
    """The plan year's meetings as a terminal table, CSV or iCalendar text."""
    from .documents.schedule_text import schedule_text

    loaded = load_client(client_file)
    return schedule_text(loaded.client, fmt, lang, resolve_folders(None, locales))
