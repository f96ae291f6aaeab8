"""From loaded clients to written files: plan every job first, then render.

A :class:`Job` is one output file. :func:`plan_jobs` works out every job of
a client (and fails on input problems before anything is written);
:func:`render_job` produces a job's bytes; :func:`write_jobs` writes them
atomically, refusing any path twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import documents
from .errors import InputError, RenderError, UsageError
from .i18n import Languages, broken_translations, missing_catalogs, parse_spec
from .loader import Loaded
from .model import Client
from .names import name_in
from .output import Writer, client_dir, write_atomic
from .resources import Folders, check_template
from .schedule import QUARTER_PATTERN


@dataclass(frozen=True)
class Job:
    """One output file: which document of which client, in which language and quarter."""

    source: Path
    kind: str
    lang: str
    quarter: str | None
    path: Path


def resolve_quarter(loaded: Loaded, quarter: str | None) -> str:
    """The quarter asked for, else the latest in the file; InputError when absent."""
    client = loaded.client
    present = sorted(client.quarters)
    if not present:
        raise InputError([
            f"{loaded.path}: quarters: expected at least one quarter (e.g. \"2026-Q4\") "
            "for a QBR deck, found none"
        ])
    if quarter is None:
        return present[-1]
    if not re.match(QUARTER_PATTERN, quarter):
        raise UsageError(f"--quarter {quarter!r}: expected YYYY-Qn, e.g. 2026-Q4")
    if quarter not in client.quarters:
        raise InputError([
            f"{loaded.path}: quarters: no quarter {quarter}; the file has {', '.join(present)}"
        ])
    return quarter


def plan_jobs(loaded: Loaded, kinds: Sequence[str], lang_specs: Sequence[str] | None,
              quarter: str | None, out: Path) -> list[Job]:
    """Every output file of one client, in a stable order."""
    client = loaded.client
    specs = list(lang_specs or [client.client.language])
    for spec in specs:
        parse_spec(spec)
    folder = client_dir(out, name_in(client.client.name, client.client.language,
                                     client.client.language))
    jobs = []
    for kind in kinds:
        doc = documents.KINDS[kind]
        q = resolve_quarter(loaded, quarter) if doc.needs_quarter else None
        for spec in specs:
            # a document written in one language at a time gets one file per language
            singles = [spec] if doc.bilingual else list(parse_spec(spec))
            for one in singles:
                job = Job(loaded.path, kind, one, q, folder / doc.filename(client, one, q))
                if all(j.path != job.path for j in jobs):  # "en,en+ru" asks for en twice
                    jobs.append(job)
    return jobs


def languages(client: Client, spec: str, folders: Folders) -> Languages:
    return Languages(spec, folders.locale_dirs(), client.client.country, client.client.locale)


def template_of(kind: str, folders: Folders, deck: Path | None = None) -> Path | None:
    """The template document ``kind`` is made from (None for the calendar): ``deck``
    (``--template``) for the deck, which is the only document it applies to, else the
    team's file or the shipped one."""
    name = documents.KINDS[kind].template
    if name is None:
        return None
    if deck is not None and Path(name).suffix == ".pptx":
        return deck
    return folders.template(name)


def check_templates(kinds: Iterable[str], folders: Folders, deck: Path | None = None) -> None:
    """TemplateError naming the first template of ``kinds`` (or ``deck``) that is not the
    kind of file its document needs; cheap, so run before anything is written."""
    if deck is not None:
        check_template(deck, ".pptx")
    for kind in dict.fromkeys(kinds):
        path = template_of(kind, folders, deck)
        if path is not None and path != deck:
            check_template(path, path.suffix)


def render_job(job: Job, client: Client, folders: Folders,
               template: Path | None = None) -> bytes:
    """The bytes of ``job``'s file. ``template`` (``--template``) replaces the deck's."""
    tpl = template_of(job.kind, folders, template)
    langs = languages(client, job.lang, folders)
    return documents.module(job.kind).render(client, langs, tpl, job.quarter)


def catalog_warnings(specs: Iterable[str], folders: Folders) -> list[str]:
    """Languages of ``specs`` without a catalog anywhere, and translations of theirs a
    document cannot use (see :func:`~generator.i18n.broken_translations`)."""
    langs = sorted({lang for spec in specs for lang in parse_spec(spec)})
    return [
        f"warning: no catalog for language {lang!r}; labels stay in English "
        f"(start one with: docgen locales init {lang} --to DIR)"
        for lang in missing_catalogs(langs, folders.locale_dirs())
    ] + [f"warning: {line}" for line in broken_translations(langs, folders.locale_dirs())]


def require_catalogs(specs: Iterable[str], folders: Folders) -> None:
    """UsageError naming every language of ``specs`` with no catalog anywhere."""
    langs = sorted({lang for spec in specs for lang in parse_spec(spec)})
    missing = missing_catalogs(langs, folders.locale_dirs())
    if missing:
        where = " or ".join(str(d) for d in folders.locale_dirs())
        raise UsageError("\n".join(
            f"--lang {lang}: no catalog for language {lang!r} in {where}; start one with: "
            f"docgen locales init {lang} --to DIR (then --locales DIR)" for lang in missing))


def write_jobs(jobs: Sequence[Job], client: Client, folders: Folders, writer: Writer,
               template: Path | None = None) -> list[Path]:
    """Render every job, then write them; nothing is written if any render fails. A file
    that cannot be written does not stop the others: RenderError after them, one line
    per file (``writer.written`` holds what was written)."""
    for job in jobs:
        writer.claim(job.path)
    rendered = [(job, render_job(job, client, folders, template)) for job in jobs]
    failures = []
    for job, data in rendered:
        try:
            write_atomic(job.path, data)
        except RenderError as exc:
            failures.append(exc.format_message())
            continue
        writer.written.append(job.path)
    if failures:
        raise RenderError("\n".join(failures))
    return [job.path for job, _ in rendered]
