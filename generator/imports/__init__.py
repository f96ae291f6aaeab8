"""``docgen import``: rows of a CSV or XLSX export into the client files of a folder.

:func:`run_import` reads every sheet, maps its columns by header
(:mod:`.mappings`), parses each cell (:mod:`.values`), finds each row's client
file by slug or name (:mod:`.clients`), merges the row (:mod:`.merge`) and
splices the changes into each file's text (:mod:`.jsonedit`). Any bad row is
an :class:`~generator.errors.InputError` listing every problem, and then no
file is changed; writing is the caller's (see :func:`write`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import values
from .clients import ClientFile, Clients
from .mappings import KINDS, Mapping, check_settings, mapping
from .merge import IDENTITY, MERGES, Row, RowError
from .readers import Table, read_tables

NUMERIC = {values.number, values.count, values.not_negative, values.percent}
KEYS = {"client", "quarter", "item", "kpi"}
"""Columns an exported sheet fills in for the client: a row with nothing else is blank."""


@dataclass
class Imported:
    """What an import changes: each client file with its new text, and the warnings."""

    changed: list[tuple[ClientFile, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0

    def diff(self) -> str:
        """The change of every file, as ``git diff`` would show it."""
        out = []
        for client, text in self.changed:
            name = str(client.path)
            out.extend(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                       for line in difflib.unified_diff(
                           client.text.splitlines(keepends=True),
                           text.splitlines(keepends=True), name, name, n=1))
        return "".join(out)


def run_import(sources: Sequence[Path], client_files: Sequence[Path], kind: str | None,
               settings: dict) -> Imported:
    """Every row of ``sources`` merged into ``client_files``; InputError if any row is
    bad (one line per problem), and then nothing is to be changed."""
    check_settings(settings)
    tables = [t for source in sources for t in read_tables(Path(source))]
    clients = Clients(list(client_files))
    result = Imported()
    problems: list[str] = []
    seen: dict[tuple, tuple[tuple[str, int], dict]] = {}
    for table in tables:
        found = _mapping(table, kind, settings, problems)
        if found is None:
            continue
        chosen, columns = found
        ignored = [h for i, h in enumerate(table.header)
                   if h and i not in columns.values() and not chosen.info(h)]
        if ignored:
            result.notes.append(f"{table.where()}: columns not imported: "
                                + ", ".join(f'"{h}"' for h in ignored))
        _rows(table, chosen, columns, clients, result, problems, seen)
    if problems:
        raise InputError(problems)
    for client in clients.files:
        if not client.changes:
            continue
        text = _edited(client, problems)
        if text is not None and text != client.text:
            result.changed.append((client, text))
    if problems:
        raise InputError(problems)
    return result


def _mapping(table: Table, kind: str | None, settings: dict,
             problems: list[str]) -> tuple[Mapping, dict[str, int]] | None:
    """The kind of ``table`` (``kind``, else the one whose columns its headers name) and
    where each column is; None after adding a problem."""
    kinds = [kind] if kind else list(KINDS)
    candidates = []
    for name in kinds:
        one = mapping(name, settings)
        columns = one.match(table.header)
        if all(c in columns for c in one.required()):
            candidates.append((len(columns), name, one, columns))
    candidates.sort(key=lambda c: -c[0])
    if candidates and (len(candidates) == 1 or candidates[0][0] > candidates[1][0]):
        return candidates[0][2], candidates[0][3]
    headers = ", ".join(f'"{h}"' for h in table.header if h) or "none"
    where = f"{table.where()}: row {table.header_row}"
    if kind:
        one = mapping(kind, settings)
        columns = one.match(table.header)
        unmatched = [h for i, h in enumerate(table.header) if h and i not in columns.values()]
        for name in one.required():
            if name not in columns:
                close = difflib.get_close_matches(name, unmatched, n=1, cutoff=0.5)
                hint = f"; did you mean \"{close[0]}\"?" if close else ""
                problems.append(
                    f"{where}: expected a column \"{name}\" for a {kind} import (or its header "
                    f"in docgen.toml [import.{kind}]), found headers {headers}{hint}")
        return None
    if candidates:
        names = " and ".join(c[1] for c in candidates if c[0] == candidates[0][0])
        problems.append(f"{where}: expected the headers of one kind of import, found those "
                        f"of {names}; give --kind")
        return None

    def fit(name: str) -> tuple[int, int]:
        one = mapping(name, settings)
        columns = one.match(table.header)
        return -sum(1 for n in one.required() if n not in columns), len(columns)

    best = max(KINDS, key=fit)
    closest = mapping(best, settings)
    lacking = [n for n in closest.required() if n not in closest.match(table.header)]
    problems.append(
        f"{where}: expected the headers of a kind of import, found {headers}; the closest "
        f"is {best}, which needs a column for {', '.join(lacking)} (give --kind {best} "
        f"and name the headers in docgen.toml [import.{best}])")
    return None


def _column_name(table: Table, index: int) -> str:
    """``C "date"`` in a workbook, ``3 "date"`` in a CSV file."""
    if table.sheet is None:
        label = str(index + 1)
    else:
        label, n = "", index + 1
        while n:
            n, rest = divmod(n - 1, 26)
            label = chr(65 + rest) + label
    return f"{label} \"{table.header[index]}\""


def _rows(table: Table, chosen: Mapping, columns: dict[str, int], clients: Clients,
          result: Imported, problems: list[str], seen: dict) -> None:
    """Parse and merge every row of ``table``; a problem met on several rows is one
    message listing them."""
    parsers = [(c.name, columns[c.name], c.parse, c.parse in NUMERIC) for c in chosen.columns
               if c.name in columns]
    required = [(name, columns[name]) for name in chosen.required()]
    decimal = table.decimal
    merge = MERGES[chosen.kind]
    identity = IDENTITY[chosen.kind]
    where = table.where()
    met: dict[tuple[str | None, str, str], list[int]] = {}

    def problem(number: int, column: str | None, expected: str, found: str) -> None:
        met.setdefault((column, expected, found), []).append(number)

    for number, cells in table.rows:
        row: dict[str, Any] = {}
        bad = False
        width = len(cells)
        for name, index, parse, numeric in parsers:
            cell = cells[index] if index < width else None
            if cell is None or cell == "" or (type(cell) is str and not cell.strip()):
                continue
            try:
                row[name] = parse(cell, decimal) if numeric else parse(cell)
            except values.CellError as exc:
                problem(number, name, exc.expected, values.shown(cell))
                bad = True
        if all(name in KEYS for name in row):
            continue  # a blank row of an exported sheet
        result.rows += 1
        for name, index in required:
            if name not in row and not _had(cells, index):
                problem(number, name, "a value", "an empty cell")
                bad = True
        client = _client(clients, row.get("client"), number, problem)
        if bad or client is None:
            continue
        key = (client.path, chosen.kind, *(row.get(n) for n in identity))
        if key in seen:
            (first_where, first_number), before = seen[key]
            first = (f"row {first_number}" if first_where == where
                     else f"{first_where}: row {first_number}")
            differ = [n for n in {**before, **row} if str(before.get(n)) != str(row.get(n))
                      and n not in identity and n != "client"]
            if differ:
                same = ", ".join(("client", *identity[:-1])) + f" and {identity[-1]}"
                problem(number, differ[0], f"the same {differ[0]} as {first} (same {same})",
                        f"{values.shown(row.get(differ[0]))} here and "
                        f"{values.shown(before.get(differ[0]))} there")
                continue
        else:
            seen[key] = ((where, number), row)
        try:
            merge(client, Row(where, number, row), result.warnings.append)
        except RowError as exc:
            problem(number, exc.column, exc.expected, exc.found or "this row")
    for (column, expected, found), rows in met.items():
        shown = ", ".join(map(str, rows[:5])) + (f" and {len(rows) - 5} more"
                                                 if len(rows) > 5 else "")
        place = f", column {_column_name(table, columns[column])}" if column in columns else ""
        problems.append(f"{where}: row{'s' if len(rows) > 1 else ''} {shown}{place}: "
                        f"expected {expected}, found {found}")


def _client(clients: Clients, value: str | None, number: int, problem) -> ClientFile | None:
    """The client file a row names; None after a problem (or when the cell was bad)."""
    if value is None:
        return None
    found = clients.find(value)
    if len(found) == 1:
        return found[0]
    if found:
        problem(number, "client", "one client file",
                f"\"{value}\", which names " + " and ".join(str(c.path) for c in found))
        return None
    close = clients.suggest(value)
    hint = f"; did you mean \"{close}\"?" if close else ""
    problem(number, "client", "a client of the folder (a file's name or a client's name)",
            f"\"{value}\"{hint}")
    return None


def _had(cells: tuple, index: int) -> bool:
    return index < len(cells) and not values.is_empty(cells[index])


def _edited(client: ClientFile, problems: list[str]) -> str | None:
    """The file's new text, checked against the client model (a problem when the merged
    data would not validate)."""
    from pydantic import ValidationError

    from ..loader import describe
    from ..model import Client
    from .jsonedit import edit

    try:
        text = edit(client.text, client.data)
    except ValueError as exc:  # a defect: the file is left as it is
        problems.append(f"{client.path}: cannot change the file in place ({exc})")
        return None
    try:
        Client.model_validate(client.data)  # what the new text holds (edit checks it)
    except ValidationError as after:
        error, when = after, "after the import"
        try:
            Client.model_validate(json.loads(client.text.removeprefix("\ufeff")))
        except ValidationError as before:  # the file was invalid before: say so
            error, when = before, "already before the import; docgen validate lists it"
        problems.extend(f"{client.path}: {line} ({when})" for line in describe(error))
        return None
    return text


def write(imported: Imported) -> list[Path]:
    """Write every changed file atomically, keeping its permissions; the paths written."""
    import stat

    from ..output import write_atomic

    written = []
    for client, text in imported.changed:
        mode = stat.S_IMODE(client.path.stat().st_mode)
        write_atomic(client.path, text.encode("utf-8"), mode)
        written.append(client.path)
    return written


def summary(imported: Imported) -> list[str]:
    """One line per changed file: what the import did to it."""
    lines = []
    for client, _ in imported.changed:
        kinds: dict[str, list[str]] = {}
        for (what, how), count in sorted(client.changes.items()):
            if how != "unchanged":
                kinds.setdefault(what, []).append(f"{count} {how}")
        lines.append(f"{client.path}: " + "; ".join(
            f"{what} {', '.join(counts)}" for what, counts in kinds.items()))
    return lines
