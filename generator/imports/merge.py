"""Rows into client data: the merge rules of each kind of import.

Each ``merge_<kind>`` takes a client file's data (plain JSON data, changed in
place) and one row's values, and records what it did on the file
(:meth:`ClientFile.count`). A row that cannot be merged raises
:class:`RowError`; a change a user should notice (a measurement replaced by a
different value) goes to ``warn``.
"""

from __future__ import annotations

import bisect
import difflib
import typing
from collections.abc import Callable
from typing import Any

from ..model import ClientRole, VendorRole
from .clients import ClientFile
from .mappings import SIDES, STATUSES, normalise

Warn = Callable[[str], None]


class RowError(ValueError):
    """A row that cannot be merged: ``column`` (None: the row as a whole), ``expected``
    and ``found`` in words."""

    def __init__(self, column: str | None, expected: str, found: str = "") -> None:
        super().__init__(expected)
        self.column, self.expected, self.found = column, expected, found


class Row:
    """One row's values by column name (empty cells left out) and where it is."""

    __slots__ = ("number", "sheet", "values")

    def __init__(self, sheet: str, number: int, values: dict[str, Any]) -> None:
        self.sheet, self.number, self.values = sheet, number, values

    @property
    def where(self) -> str:
        """``file: sheet "S": row 7``, for messages."""
        return f"{self.sheet}: row {self.number}"

    def get(self, name: str) -> Any:
        return self.values.get(name)


def _quarter_of_month(month: str) -> str:
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def _quarter(client: ClientFile, row: Row) -> str:
    """The row's quarter, else the file's latest; RowError when there is neither."""
    quarter = row.get("quarter")
    if quarter is not None:
        return quarter
    quarters = client.data.get("quarters") or {}
    if not quarters:
        raise RowError("quarter", f"a quarter (YYYY-Qn): {client.path} has no quarters yet",
                       "no quarter column or an empty cell")
    return max(quarters)


def _texts(value: Any) -> list[str]:
    """Every language's text of a free-text value, for comparing."""
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, str)]
    return [value] if isinstance(value, str) else []


def _same_text(a: Any, b: str) -> bool:
    wanted = " ".join(b.split()).casefold()
    return any(" ".join(t.split()).casefold() == wanted for t in _texts(a))


def _set_text(obj: dict, key: str, new: str, lang: str) -> bool:
    """Set free text ``key`` of ``obj`` to ``new``; a text kept in several languages gets
    ``new`` in the client's language. Whether anything changed."""
    old = obj.get(key)
    if old is not None and _same_text(old, new):
        return False
    if isinstance(old, dict):
        obj[key] = {**old, lang: new}
    else:
        obj[key] = new
    return True


def _set(obj: dict, key: str, new: Any) -> bool:
    if key in obj and obj[key] == new:
        return False
    obj[key] = new
    return True


def _lang(client: ClientFile) -> str:
    return client.data["client"].get("language") or "en"


# --- measurements ---------------------------------------------------------------------

NOTE = "note"
"""Where a measurement keeps the note of an export's row: the measurement's own note,
which the deck's table of measurements prints beside it."""


def merge_measurements(client: ClientFile, row: Row, warn: Warn) -> None:
    """A measurement on an existing date replaces it (a warning when the value differs);
    a new one is added in date order. A row's note becomes the measurement's note."""
    kpi, by_date, dates = _kpi_index(client, row.get("kpi"))
    date, value, note = row.get("date"), row.get("value"), row.get("note")
    old = by_date.get(date)
    if old is not None:
        replaced = old.get("value") != value
        if replaced:
            warn(f"{row.where}: {client.path}: KPI \"{kpi['id']}\" on {date}: "
                 f"{_number(old.get('value'))} replaced by {_number(value)}")
            old["value"] = value
        noted = note is not None and _set(old, NOTE, note)
        client.count("measurements", "replaced" if replaced else "updated" if noted
                     else "unchanged")
        return
    new = {"date": date, "value": value} | ({NOTE: note} if note is not None else {})
    measurements = kpi.setdefault("measurements", [])
    if dates is not None:  # the file keeps them in date order: so does the import
        at = bisect.bisect(dates, date)
        dates.insert(at, date)
        measurements.insert(at, new)
    else:
        measurements.append(new)
    by_date[date] = new
    client.count("measurements", "added")


def _kpi_index(client: ClientFile, kpi_id: str) -> tuple[dict, dict, list | None]:
    """The KPI ``kpi_id`` of the file, its measurements by date and their dates in order
    (None when the file does not keep them in order); made once per KPI and import."""
    cache = client.cache.get(("kpi", kpi_id))
    if cache is None:
        kpi = _kpi(client, kpi_id)
        measurements = kpi.get("measurements") or []
        dates = [m.get("date") for m in measurements]
        ordered = all(isinstance(d, str) for d in dates) and dates == sorted(dates)
        cache = client.cache[("kpi", kpi_id)] = (
            kpi, {m.get("date"): m for m in measurements}, dates if ordered else None)
    return cache


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _kpi(client: ClientFile, kpi_id: str) -> dict:
    kpis = client.data.get("kpis") or []
    for kpi in kpis:
        if kpi.get("id") == kpi_id:
            return kpi
    ids = [k.get("id") for k in kpis if isinstance(k.get("id"), str)]
    close = difflib.get_close_matches(kpi_id, ids, n=1, cutoff=0.5)
    hint = f"; did you mean \"{close[0]}\"?" if close else ""
    known = f" ({', '.join(ids)})" if ids and not close else ""
    raise RowError("kpi", f"a KPI id of {client.path}{known}",
                   f"\"{kpi_id}\"{hint}" if ids else f"\"{kpi_id}\" (the file has no KPIs)")


# --- a quarter's monthly figures ------------------------------------------------------------

SERVICE_FIELDS = ("opened", "closed", "outstanding", "avg_response_hours",
                  "avg_resolution_hours")
USAGE_FIELDS = ("active_users", "transactions", "orders")


def _month_entry(months: list, month: str) -> tuple[dict, bool]:
    """The entry of ``month`` in ``months``, added in month order when missing."""
    for entry in months:
        if entry.get("month") == month:
            return entry, False
    entry = {"month": month}
    keys = [m.get("month", "") for m in months]
    at = bisect.bisect(keys, month) if keys == sorted(keys) else len(months)
    months.insert(at, entry)
    return entry, True


def _set_month(client: ClientFile, row: Row, months: list, fields: tuple[str, ...],
               what: str) -> None:
    entry, added = _month_entry(months, row.get("month"))
    changed = False
    for name in fields:
        if row.get(name) is not None:
            changed |= _set(entry, name, row.get(name))
    client.count(what, "added" if added else "updated" if changed else "unchanged")


def merge_service(client: ClientFile, row: Row, warn: Warn) -> None:
    """Sets the month's service-desk figures in the quarter the month belongs to."""
    quarter = client.data.setdefault("quarters", {}).setdefault(
        _quarter_of_month(row.get("month")), {})
    service = quarter.setdefault("service", {})
    _set_month(client, row, service.setdefault("months", []), SERVICE_FIELDS,
               "service months")


def merge_usage(client: ClientFile, row: Row, warn: Warn) -> None:
    """Sets the month's usage figures in the quarter the month belongs to."""
    if not any(row.get(name) is not None for name in USAGE_FIELDS):
        raise RowError(None, "at least one of active_users, transactions and orders",
                       "none")
    quarter = client.data.setdefault("quarters", {}).setdefault(
        _quarter_of_month(row.get("month")), {})
    _set_month(client, row, quarter.setdefault("usage", []), USAGE_FIELDS, "usage months")


# --- assets -------------------------------------------------------------------------

ASSET_FIELDS = ("name", "kind", "serial", "location", "purchased", "warranty_end",
                "recommendation")
ASSET_TEXTS = ("kind", "location", "recommendation")


def merge_assets(client: ClientFile, row: Row, warn: Warn) -> None:
    """An asset of the quarter (the row's, else the file's latest), found by serial
    number, else by name, is updated; another is added."""
    quarter = client.data.setdefault("quarters", {}).setdefault(_quarter(client, row), {})
    assets = quarter.setdefault("assets", [])
    serial, name = row.get("serial"), row.get("name")
    found = next((a for a in assets if serial and str(a.get("serial", "")).casefold()
                  == serial.casefold()), None)
    if found is None:
        found = next((a for a in assets if str(a.get("name", "")).casefold()
                      == name.casefold()), None)
    if found is None:
        assets.append({k: row.get(k) for k in ASSET_FIELDS if row.get(k) is not None})
        client.count("assets", "added")
        return
    changed = False
    for field_name in ASSET_FIELDS:
        new = row.get(field_name)
        if new is None:
            continue
        if field_name in ASSET_TEXTS:
            changed |= _set_text(found, field_name, new, _lang(client))
        else:
            changed |= _set(found, field_name, new)
    client.count("assets", "updated" if changed else "unchanged")


# --- action items ---------------------------------------------------------------------

def status(value: str) -> str:
    """An action item status from its key (``in_progress``) or its word in any shipped
    language (``In progress``, ``В работе``)."""
    from .mappings import _translations

    wanted = normalise(value)
    for key, label in STATUSES.items():
        if wanted in {normalise(key), normalise(label),
                      *(normalise(t) for t in _translations(label))}:
            return key
    raise RowError("status", "a status: " + ", ".join(STATUSES.values()).lower()
                   .replace(", done", " or done"), f"\"{value}\"")


def merge_actions(client: ClientFile, row: Row, warn: Warn) -> None:
    """An action item of the quarter (the row's, else the file's latest), found by its
    number in an exported sheet or else by its text, gets the row's owner, due date and
    status; another is added (it needs an owner and a due date)."""
    quarter_key = _quarter(client, row)
    quarter = client.data.setdefault("quarters", {}).setdefault(quarter_key, {})
    items = quarter.setdefault("action_items", [])
    action = row.get("action")
    new_status = status(row.get("status")) if row.get("status") is not None else None
    number = row.get("item")
    if number is not None:
        if not 1 <= number <= len(items):
            raise RowError("item", f"the number of one of {quarter_key}'s {len(items)} action "
                           f"items in {client.path}", str(number))
        found = items[number - 1]
        if not _same_text(found.get("action"), action):
            raise RowError("action", f"the text of action item {number} as exported, "
                           f"\"{_texts(found.get('action'))[0]}\" (the client file changed "
                           "since the sheet was exported)", f"\"{action}\"")
    else:
        found = next((i for i in items if _same_text(i.get("action"), action)), None)
    if found is None:
        missing = [n for n in ("owner", "due") if row.get(n) is None]
        if missing:
            raise RowError(missing[0], f"an {' and a '.join(missing)} for a new action item",
                           "an empty cell")
        items.append({"action": action, "owner": row.get("owner"), "due": row.get("due"),
                      "status": new_status or "open"})
        client.count("action items", "added")
        return
    changed = False
    for name, new in (("owner", row.get("owner")), ("due", row.get("due")),
                      ("status", new_status)):
        if new is not None:
            changed |= _set(found, name, new)
    client.count("action items", "updated" if changed else "unchanged")


# --- contacts ---------------------------------------------------------------------------

ROLES = {"client": typing.get_args(ClientRole), "vendor": typing.get_args(VendorRole)}
CONTACT_FIELDS = ("role", "name", "title", "phone", "email")


def merge_contacts(client: ClientFile, row: Row, warn: Warn) -> None:
    """A contact found by e-mail, else by role and name (or a role's unnamed placeholder),
    is updated; another is added."""
    side = normalise(row.get("side") or "client")
    side = {"customer": "client", "supplier": "vendor", "us": "vendor"}.get(side, side)
    if side not in SIDES:
        raise RowError("side", "client or vendor", f"\"{row.get('side')}\"")
    role = normalise(row.get("role")).replace(" ", "_")
    if role not in ROLES[side]:
        close = difflib.get_close_matches(role, ROLES[side], n=1, cutoff=0.6)
        hint = f"; did you mean \"{close[0]}\"?" if close else ""
        raise RowError("role", f"a {side} role ({', '.join(ROLES[side])})",
                       f"\"{row.get('role')}\"{hint}")
    email = row.get("email")
    if email is not None and (" " in email or "@" not in email.strip("@")):
        raise RowError("email", "an e-mail address", f"\"{email}\"")
    people = client.data.setdefault("contacts", {}).setdefault(side, [])
    name = row.get("name")
    found = next((p for p in people if email and str(p.get("email", "")).casefold()
                  == email.casefold()), None)
    if found is None and name:
        found = next((p for p in people if p.get("role") == role
                      and str(p.get("name", "")).casefold() == name.casefold()), None)
    if found is None:
        found = next((p for p in people if p.get("role") == role and not p.get("name")), None)
    values = {"role": role} | {k: row.get(k) for k in CONTACT_FIELDS[1:]
                               if row.get(k) is not None}
    if found is None:
        people.append(values)
        client.count("contacts", "added")
        return
    changed = False
    for name_, new in values.items():
        if name_ == "title":
            changed |= _set_text(found, name_, new, _lang(client))
        else:
            changed |= _set(found, name_, new)
    client.count("contacts", "updated" if changed else "unchanged")


MERGES: dict[str, Callable[[ClientFile, Row, Warn], None]] = {
    "measurements": merge_measurements,
    "service": merge_service,
    "usage": merge_usage,
    "assets": merge_assets,
    "actions": merge_actions,
    "contacts": merge_contacts,
}
"""The merge of each kind (the keys of :data:`generator.imports.mappings.KINDS`)."""

IDENTITY: dict[str, tuple[str, ...]] = {
    "measurements": ("kpi", "date"),
    "service": ("month",),
    "usage": ("month",),
    "assets": ("quarter", "serial", "name"),
    "actions": ("quarter", "item", "action"),
    "contacts": ("side", "email", "role", "name"),
}
"""The columns that say which value of a client file a row sets: two rows of one import
that agree on these (and the client) but not on the rest contradict each other."""
