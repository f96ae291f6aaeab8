"""What the single-client commands do: load, plan every file, render, write, convert."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .i18n import parse_spec
from .loader import load_client
from .output import Writer
from .pipeline import catalog_warnings, check_templates, plan_jobs, require_catalogs, write_jobs
from .resources import folders as resolve_folders
from .translations import report, untranslated

Say = Callable[..., None]


def generate_one(client_file: Path, kinds: Sequence[str], lang: str | None, quarter: str | None,
                 out: Path, templates: Path | None, locales: Path | None, pdf: bool,
                 template: Path | None, say: Say, emit: Callable[[Path], None],
                 strict: bool = False) -> None:
    """Write the ``kinds`` documents of one client, handing each written path to ``emit``
    (PDFs too); RenderError after the others are written if a PDF conversion failed.
    Texts without a version in a document's language are warned of, or with ``strict``
    (or ``strict = true`` in docgen.toml) refused before anything is written."""
    folders = resolve_folders(templates, locales, strict=strict)
    if pdf:
        from .render.pdf import require_soffice

        require_soffice()
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
    written = write_jobs(jobs, loaded.client, folders, Writer(), template)
    for path in written:
        emit(path)
    if pdf:
        convert(written, emit)


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

    from .render.pdf import convert_to_pdf

    if not paths:
        return {}
    jobs = max(1, min(jobs, len(paths)))
    chunks = [list(paths[i::jobs]) for i in range(jobs)]
    results: dict[Path, Path | str] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for part in pool.map(convert_to_pdf, chunks):
            results.update(part)
    return {p: results[p] for p in paths}


def convert(paths: Sequence[Path], emit: Callable[[Path], None]) -> None:
    """A PDF beside each office document among ``paths``, each handed to ``emit``;
    RenderError naming the documents whose conversion failed."""
    from .errors import RenderError

    office = [p for p in paths if p.suffix in (".docx", ".pptx")]
    failures = []
    for source, made in convert_many(office).items():
        if isinstance(made, Path):
            emit(made)
        else:
            failures.append(f"{source}: PDF conversion failed: {made}")
    if failures:
        raise RenderError("\n".join(failures))


def print_schedule(client_file: Path, fmt: str, lang: str | None, locales: Path | None) -> str:
    """The plan year's meetings as a terminal table, CSV or iCalendar text."""
    from .documents.schedule_text import schedule_text

    loaded = load_client(client_file)
    return schedule_text(loaded.client, fmt, lang, resolve_folders(None, locales))
