"""The workbook embedded in a chart, written by XlsxWriter, fast.

A chart's workbook makes "Edit Data" work. python-pptx lays the values out
(categories in column A, a column per series) and XlsxWriter writes them;
text stays text (no formulas, links or numbers guessed from strings) and the
workbook is dated from the deck, so the same deck gives the same bytes.

Most of a workbook does not depend on the values: the theme, the styles for
a given number format, the workbook and document parts. XlsxWriter writes
those once per number format (kept per process); for each chart it writes
only the worksheet and the shared strings, and the zip reuses the other
members' compressed bytes. The first workbook of each kind is also written
whole by XlsxWriter and compared with the fast one, so a different XlsxWriter
can only make it slower, never different.
"""

from __future__ import annotations

import datetime as dt
import io
from contextlib import contextmanager
from dataclasses import dataclass

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from xlsxwriter import Workbook
from xlsxwriter.packager import Packager

from .package import Member, deflate, write_package

_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False}
_CORE = "docProps/core.xml"
_STAMP = "%Y-%m-%dT%H:%M:%SZ"
_HOLE = "\ue000"


class _Packager(Packager):
    """XlsxWriter's packager, keeping the parts it writes instead of zipping them; with
    ``values_only`` it writes just the worksheet and the shared strings."""

    values_only = False
    kept: list[tuple[str, bytes]]

    def _create_package(self):
        if self.values_only:
            self._write_worksheet_files()
            self._write_shared_strings_file()
        else:
            super()._create_package()
        for handle, name, binary in self.filenames:
            value = handle.getvalue()
            self.kept.append((name, value if binary else value.encode("utf-8")))
        return []


class _Workbook(Workbook):
    def __init__(self, values_only: bool):
        super().__init__(io.BytesIO(), _OPTIONS)
        self.values_only = values_only
        self.kept: list[tuple[str, bytes]] = []

    def _get_packager(self):
        packager = _Packager()
        packager.values_only = self.values_only
        packager.kept = self.kept
        return packager


class _Writer(CategoryWorkbookWriter):
    """python-pptx's layout of the values, on a :class:`_Workbook`."""

    def __init__(self, data: CategoryChartData, created: dt.datetime, values_only: bool):
        super().__init__(data)
        self.created = created
        self.book = _Workbook(values_only)

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        self.book.set_properties({"created": self.created})
        yield self.book, self.book.add_worksheet()
        self.book.close()


def _parts(data: CategoryChartData, created: dt.datetime,
           values_only: bool) -> list[tuple[str, bytes]]:
    """The workbook's parts as XlsxWriter writes them for ``data``, in its order."""
    writer = _Writer(data, created, values_only)
    writer.xlsx_blob  # noqa: B018 (python-pptx lays out the values, XlsxWriter writes them)
    return writer.book.kept


@dataclass(frozen=True)
class _Skeleton:
    """The parts of a kind of workbook that do not depend on its values."""

    order: tuple[str, ...]
    members: dict[str, Member]  # compressed, by name
    core: str  # the core properties, the date a hole


_SKELETONS: dict[tuple, _Skeleton | None] = {}


def workbook(data: CategoryChartData, created: dt.datetime) -> bytes:
    """The .xlsx holding ``data`` (categories and series), dated ``created``."""
    created = created.replace(tzinfo=None)
    values = dict(_parts(data, created, values_only=True))
    key = (data.number_format, data.categories.number_format,
           any(len(series) for series in data), tuple(values))
    if key not in _SKELETONS:
        _SKELETONS[key] = _skeleton(data, created, values)
    skeleton = _SKELETONS[key]
    if skeleton is None:  # this XlsxWriter writes more than the values for them
        return write_package((), {}, dict(_parts(data, created, values_only=False)))
    stamp = created.strftime(_STAMP)
    members = []
    for name in skeleton.order:
        if name in values:
            members.append(deflate(name, values[name]))
        elif name == _CORE:
            members.append(deflate(name, skeleton.core.replace(_HOLE, stamp).encode("utf-8")))
        else:
            members.append(skeleton.members[name])
    return write_package(tuple(members), {})


def _skeleton(data: CategoryChartData, created: dt.datetime,
              values: dict[str, bytes]) -> _Skeleton | None:
    whole = _parts(data, created, values_only=False)
    found = dict(whole)
    core = found.get(_CORE, b"").decode("utf-8")
    stamp = created.strftime(_STAMP)
    if any(found.get(name) != value for name, value in values.items()) \
            or core.count(stamp) != 2:
        return None
    return _Skeleton(tuple(name for name, _ in whole),
                     {name: deflate(name, value) for name, value in whole},
                     core.replace(stamp, _HOLE))
