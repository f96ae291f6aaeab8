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
import re
from collections.abc import Callable
from pathlib import Path

from .agenda import N_
from .batch import collect_inputs
from .errors import DocgenError, InputError, UsageError
from .i18n import Language, parse_spec
from .loader import load_client
from .manifest import Manifest
from .output import slugify, write_atomic
from .resources import folders as resolve_folders
from .resources import health_settings
from .schedule import QUARTER_PATTERN

CALENDAR_NAME = N_("Portfolio meetings")


def portfolio_command(inputs: tuple[Path, ...], quarter: str | None, lang: str, out: Path,
                      locales: Path | None, say: Callable[..., None],
                      emit: Callable[[Path], None]) -> int:
    """Write the portfolio; 1 when some client files were bad (the others are in it)."""
    from .documents import ics, portfolio
    from .documents.meetings import client_schedule
    from .documents.qbr import quarter_label
    from .render import html, ics_utc, xlsx

    if quarter is not None and not re.match(QUARTER_PATTERN, quarter):
        raise UsageError(f"--quarter {quarter!r}: expected YYYY-Qn, e.g. 2026-Q4")
    if len(parse_spec(lang)) != 1:
        raise UsageError(f"--lang {lang!r}: expected one language for the portfolio")
    folders = resolve_folders(None, locales)
    settings = health_settings()
    files = collect_inputs(inputs, out)
    loaded, failed = [], []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            client = load_client(path).client
        except InputError as exc:
            failed += exc.problems
            continue
        slug = slugify(client.client.name)
        if slug in seen:
            failed.append(f"{path}: the same client as {seen[slug]} "
                          f"({client.client.name}); left out")
            continue
        seen[slug] = path
        loaded.append((path, client))
    if not loaded:
        for line in failed:
            say(f"  failed: {line}", 0)
        raise InputError(["no client file could be read; nothing written"]) if failed \
            else UsageError("no client files found")
    quarter = quarter or portfolio.latest_quarter([c for _, c in loaded])
    if quarter is None:
        raise InputError(["no client file has a quarter (e.g. \"2026-Q4\"); pass --quarter"])
    language = Language(lang, folders.locale_dirs())
    manifest = Manifest(out)
    written = portfolio.documents_written(manifest.entries) if manifest.path.is_file() else {}
    clients, schedules = [], {}
    for path, client in loaded:
        try:  # the meeting plan of a file can be wrong in ways validation does not see
            schedules[path] = client_schedule(client, str(path))
            clients.append((path, client))
        except DocgenError as exc:
            failed.append(exc.format_message())
    found = portfolio.build(clients, quarter, written, settings, schedules)
    view = portfolio.view(found, language, settings, quarter_label)
    stamp = dt.datetime.combine(found.day, dt.time(0, 0), tzinfo=dt.UTC)
    events = [event for path, client in clients
              for event in ics.build(client, language, schedules[path]).events]
    events.sort(key=lambda e: (e.start.astimezone(dt.UTC), e.uid))
    name = ics.one_line(f"{language.gettext(CALENDAR_NAME)} \u2013 {view.title}")
    outputs = [(out / f"portfolio_{quarter}.xlsx", xlsx.write(view)),
               (out / f"portfolio_{quarter}.html", html.write(view)),
               (out / f"portfolio_{quarter}.ics", ics_utc.write(name, stamp, events))]
    for path, data in outputs:
        write_atomic(path, data)
        emit(path)
    say(f"portfolio of {len(clients)} clients as of {found.day.isoformat()}"
        + (f", {len(files) - len(clients)} left out" if failed else ""))
    for line in failed:
        say(f"  failed: {line}", 0)
    return 1 if failed else 0
