"""The ``docgen portfolio`` command: client files in, the CS lead's portfolio out.

Reads every client file (folders as ``docgen batch`` takes them), reports each
bad file and goes on with the others, then writes to OUT, each atomically:
``portfolio_<Q>.xlsx`` (the table and the calendar sheet), ``portfolio_<Q>.html``
(the same table, sortable, with charts, offline) and ``portfolio_<Q>.ics`` (every
client's meetings of the plan year in one calendar for the team, in UTC). The
documents written come from ``OUT/manifest.json`` when a batch left one there.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from .agenda import N_
from .batch import collect_inputs
from .errors import DocgenError, InputError, UsageError
from .i18n import Language, parse_spec
from .loader import load_client
from .manifest import Manifest
from .model import QUARTER_KEY_PATTERN
from .output import write_atomic
from .resources import folders as resolve_folders
from .resources import health_settings
from .schedule import QUARTER_PATTERN

CALENDAR_NAME = N_("Portfolio meetings")


@dataclass(frozen=True)
class Part:
    """One client file read for the portfolio: its row and meetings, or its problems."""

    source: Path
    problems: tuple[str, ...] = ()
    quarters: tuple[str, ...] = ()
    row: object = None  # documents.portfolio.Row
    events: tuple = ()  # render.ics.Event


def read_part(source: Path, quarter: str, documents: dict, settings, lang: str,
              locale_dirs: tuple[Path, ...]) -> Part:
    """Read and validate ``source`` and work out its row and meetings (runs in a worker)."""
    from .documents import ics, portfolio
    from .documents.meetings import client_schedule

    try:
        client = load_client(source).client
        # the meeting plan of a file can be wrong in ways validation does not see
        schedule = client_schedule(client, str(source))
    except InputError as exc:
        return Part(source, tuple(exc.problems))
    except DocgenError as exc:
        return Part(source, (exc.format_message(),))
    except Exception as exc:  # reported for this file; the others go on
        return Part(source, (f"{source}: internal error: {type(exc).__name__}: {exc}",))
    row = portfolio.row(source, client, quarter, documents, settings, schedule)
    events = ics.build(client, Language(lang, locale_dirs), schedule).events
    return Part(source, quarters=tuple(client.quarters), row=row, events=events)


def guess_quarter(files: list[Path]) -> str | None:
    """The latest quarter key in any of ``files``, read as plain JSON (cheap; the files
    are validated after)."""
    found = []
    for path in files:
        try:
            quarters = json.loads(path.read_bytes().decode("utf-8-sig")).get("quarters", {})
            found += [k for k in quarters if re.fullmatch(QUARTER_KEY_PATTERN, str(k))]
        except (OSError, ValueError, AttributeError):
            continue
    return max(found, default=None)


def read_parts(files: list[Path], quarter: str, documents: dict, settings, lang: str,
               locale_dirs: tuple[Path, ...], jobs: int) -> list[Part]:
    """Every file's part, in the order of ``files``, in ``jobs`` processes."""
    args = (repeat(quarter), repeat(documents), repeat(settings), repeat(lang),
            repeat(locale_dirs))
    workers = min(jobs, max(1, len(files) // 20))
    if workers <= 1:
        return list(map(read_part, files, *args))
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(read_part, files, *args,
                             chunksize=max(1, len(files) // (4 * workers))))


def portfolio_command(inputs: tuple[Path, ...], quarter: str | None, lang: str, out: Path,
                      locales: Path | None, say: Callable[..., None],
                      emit: Callable[[Path], None], jobs: int | None = None) -> int:
    """Write the portfolio; 1 when some client files were bad (the others are in it)."""
    from .batch import default_jobs

    # imported here, before the workers start, so that they share the modules
    from .documents import ics, meetings, portfolio  # noqa: F401
    from .documents.qbr import quarter_label
    from .render.html import page as html
    from .render.ics import utc as team_calendar
    from .render.xlsx import workbook as xlsx

    if quarter is not None and not re.match(QUARTER_PATTERN, quarter):
        raise UsageError(f"--quarter {quarter!r}: expected YYYY-Qn, e.g. 2026-Q4")
    if len(parse_spec(lang)) != 1:
        raise UsageError(f"--lang {lang!r}: expected one language for the portfolio")
    folders = resolve_folders(None, locales)
    settings = health_settings()
    files = collect_inputs(inputs, out)
    manifest = Manifest(out)
    written = portfolio.documents_written(manifest.entries) if manifest.path.is_file() else {}
    asked = quarter
    quarter = quarter or guess_quarter(files) or "1900-Q1"
    jobs = jobs or default_jobs()
    while True:
        parts = read_parts(files, quarter, written, settings, lang, folders.locale_dirs(), jobs)
        latest = max((k for p in parts if not p.problems for k in p.quarters), default=None)
        if asked or latest in (None, quarter):
            break
        quarter = latest  # the latest quarter was a bad file's: read again for the good ones
    failed: list[str] = []
    rows, events = [], []
    seen: dict[str, Path] = {}
    for part in parts:
        if part.problems:
            failed += part.problems
            continue
        if part.row.slug in seen:
            failed.append(f"{part.source}: the same client as {seen[part.row.slug]} "
                          f"({part.row.name}); left out")
            continue
        seen[part.row.slug] = part.source
        rows.append(part.row)
        events += part.events
    if not rows:
        for line in failed:
            say(f"  failed: {line}", 0)
        raise InputError(["no client file could be read; nothing written"])
    if not asked and latest is None:
        raise InputError(["no client file has a quarter (e.g. \"2026-Q4\"); pass --quarter"])
    language = Language(lang, folders.locale_dirs())
    found = portfolio.assemble(quarter, rows)
    view = portfolio.view(found, language, settings, quarter_label)
    stamp = dt.datetime.combine(found.day, dt.time(0, 0), tzinfo=dt.UTC)
    events.sort(key=lambda e: (e.start.astimezone(dt.UTC), e.uid))
    name = ics.one_line(f"{language.gettext(CALENDAR_NAME)} \u2013 {view.title}")
    outputs = [(out / f"portfolio_{quarter}.xlsx", xlsx.write(view)),
               (out / f"portfolio_{quarter}.html", html.write(view)),
               (out / f"portfolio_{quarter}.ics", team_calendar.write(name, stamp, events))]
    for path, data in outputs:
        write_atomic(path, data)
        emit(path)
    say(f"portfolio of {len(rows)} clients as of {found.day.isoformat()}"
        + (f", {len(files) - len(rows)} left out" if failed else ""))
    for line in failed:
        say(f"  failed: {line}", 0)
    return 1 if failed else 0
