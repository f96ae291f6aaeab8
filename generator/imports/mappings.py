"""What each kind of import reads: its columns, and the headers that name them.

A shipped mapping gives each column of a kind its header and the usual other
names exports give it (matched ignoring case, spaces, ``_`` and ``-``), plus the
header ``docgen export`` writes in every shipped language. A team whose export
names a column otherwise maps it in ``docgen.toml``::

    [import.measurements]
    client = "Account"
    kpi = "Metric ID"
    date = "Period end"
    value = "Reading"
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..agenda import N_
from ..errors import UsageError
from . import values


@dataclass(frozen=True)
class Column:
    """A field an import reads: ``parse`` turns a cell into its value."""

    name: str
    parse: Callable[..., Any]
    label: str  # the header docgen writes (a message id of the catalogs)
    aliases: tuple[str, ...] = ()
    required: bool = False


def _col(name: str, parse: Callable[..., Any], label: str, *aliases: str,
         required: bool = False) -> Column:
    return Column(name, parse, label, aliases, required)


STATUSES = {"open": N_("Open"), "in_progress": N_("In progress"), "done": N_("Done")}
"""Action item statuses and the words the exported drop-down shows for them."""
SIDES = ("client", "vendor")
INFO = {"measurements": (N_("Measure"), N_("Target"))}
"""Columns ``docgen export`` adds for the reader (a KPI's name and target): an import
of the returned sheet passes over them without a note."""

_CLIENT = _col("client", values.text, N_("Client"), "customer", "account", "company",
               "client name", "customer name", "account name", "организация",
               required=True)

# A new kind of import (say, the decisions and asks of a quarter, once client files
# hold them) is its columns here, its merge in merge.MERGES, the columns that say which
# item a row sets in merge.IDENTITY, and, to send it to the client, a sheet builder in
# export_sheet.SHEETS whose headers are these columns' labels.
KINDS: dict[str, tuple[Column, ...]] = {
    "measurements": (
        _CLIENT,
        _col("kpi", values.text, N_("KPI id"), "kpi", "kpi_id", "metric", "metric id",
             required=True),
        _col("date", values.date, N_("Date"), "measured", "measured on", "as of",
             "period end", "дата", required=True),
        _col("value", values.number, N_("Value"), "measurement", "reading", "значение",
             required=True),
        _col("note", values.text, N_("Note"), "notes", "comment", "комментарий"),
    ),
    "service": (
        _CLIENT,
        _col("month", values.month, N_("Month"), "period", "месяц", required=True),
        _col("opened", values.count, N_("Opened"), "tickets opened", "created",
             "new tickets", "requests opened", "открыто", required=True),
        _col("closed", values.count, N_("Closed"), "tickets closed", "resolved",
             "requests closed", "закрыто", required=True),
        _col("outstanding", values.count, N_("Outstanding"), "open at month end",
             "backlog", "open tickets", "в работе на конец месяца"),
        _col("avg_response_hours", values.not_negative, N_("Average response (hours)"),
             "avg first response (h)", "avg response hours", "average first response (hours)"),
        _col("avg_resolution_hours", values.not_negative, N_("Average resolution (hours)"),
             "avg resolution (h)", "avg resolution hours", "average resolution time (hours)"),
    ),
    "usage": (
        _CLIENT,
        _col("month", values.month, N_("Month"), "period", "месяц", required=True),
        _col("active_users", values.count, N_("Active users"), "users", "monthly active users",
             "mau"),
        _col("transactions", values.count, N_("Transactions"), "events"),
        _col("orders", values.count, N_("Orders")),
    ),
    "assets": (
        _CLIENT,
        _col("quarter", values.quarter, N_("Quarter"), "квартал"),
        _col("name", values.text, N_("Asset"), "asset name", "device", "device name",
             "hostname", required=True),
        _col("kind", values.text, N_("Kind"), "type", "device type", "model"),
        _col("serial", values.text, N_("Serial number"), "serial", "serial no", "s/n",
             "service tag"),
        _col("location", values.text, N_("Location"), "site"),
        _col("purchased", values.date, N_("Purchased"), "purchase date", "ship date",
             "shipped"),
        _col("warranty_end", values.date, N_("Warranty end"), "warranty expires",
             "warranty expiry", "warranty end date", "expiration date", required=True),
        _col("recommendation", values.text, N_("Recommendation"), "action", "advice"),
    ),
    "actions": (
        _CLIENT,
        _col("quarter", values.quarter, N_("Quarter"), "квартал"),
        _col("item", values.count, N_("No."), "#", "item", "№"),
        _col("action", values.text, N_("Action"), "action item", "task", "what",
             required=True),
        _col("owner", values.text, N_("Owner"), "who", "responsible", "assignee"),
        _col("due", values.date, N_("Due"), "due date", "deadline", "when"),
        _col("status", values.text, N_("Status"), "state"),
    ),
    "contacts": (
        _CLIENT,
        _col("side", values.text, N_("Side"), "company side"),
        _col("role", values.text, N_("Role"), required=True),
        _col("name", values.text, N_("Name"), "full name", "contact", "contact name"),
        _col("title", values.text, N_("Job title"), "title", "position", "job"),
        _col("phone", values.text, N_("Phone"), "telephone", "phone number", "mobile"),
        _col("email", values.text, N_("E-mail"), "email", "email address", "e-mail address"),
    ),
}


def normalise(header: str) -> str:
    """``"Due_Date "`` -> ``"due date"``: headers compare without case, ``_`` or ``-``
    (``e-mail`` and ``s/n`` keep theirs)."""
    header = re.sub(r"[\s_]+", " ", str(header)).strip().casefold()
    return header if header in ("e-mail", "s/n") else header.replace("-", " ")


@cache
def _translations(label: str) -> tuple[str, ...]:
    """``label`` in every shipped catalog (the headers ``docgen export`` writes)."""
    from ..catalogs import languages_in
    from ..i18n import Language
    from ..resources import shipped

    folder = shipped("locales")
    return tuple(Language(lang, (folder,)).gettext(label) for lang in languages_in(folder))


@dataclass(frozen=True)
class Mapping:
    """The columns of one kind and the headers that name each."""

    kind: str
    columns: tuple[Column, ...]
    headers: dict[str, str]  # normalised header -> column name

    def match(self, header: tuple[str, ...]) -> dict[str, int]:
        """Column name -> index in ``header``, for the headers this mapping knows."""
        found: dict[str, int] = {}
        for index, name in enumerate(header):
            column = self.headers.get(normalise(name))
            if column is not None and column not in found:
                found[column] = index
        return found

    def info(self, header: str) -> bool:
        """Whether ``header`` is one of the columns of :data:`INFO` for this kind."""
        return normalise(header) in {normalise(t) for label in INFO.get(self.kind, ())
                                     for t in (label, *_translations(label))}

    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def mapping(kind: str, settings: dict) -> Mapping:
    """The mapping of ``kind``: shipped headers, plus those ``[import.<kind>]`` names."""
    columns = KINDS[kind]
    headers: dict[str, str] = {}
    own = (settings.get("import") or {}).get(kind) or {}
    if not isinstance(own, dict):
        raise UsageError(f"docgen.toml: import.{kind}: expected a table of column = \"header\"")
    names = {c.name for c in columns}
    for name, header in own.items():
        if name not in names:
            raise UsageError(f"docgen.toml: import.{kind}.{name}: unknown column; expected "
                             f"some of {', '.join(c.name for c in columns)}")
        for one in [header] if isinstance(header, str) else header:
            headers[normalise(one)] = name
    for column in columns:
        for header in (column.name, column.label, *_translations(column.label),
                       *column.aliases):
            headers.setdefault(normalise(header), column.name)
    return Mapping(kind, columns, headers)


def check_settings(settings: dict) -> None:
    """UsageError for an ``[import.<kind>]`` table of a kind that does not exist."""
    unknown = set(settings.get("import") or {}) - set(KINDS)
    if unknown:
        raise UsageError(f"docgen.toml: unknown import kind(s) {', '.join(sorted(unknown))}; "
                         f"expected some of {', '.join(KINDS)}")
