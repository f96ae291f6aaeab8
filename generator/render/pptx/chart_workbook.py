"""The workbook embedded in a chart, written fast.

A chart's workbook makes "Edit Data" work. It lays the values out as
python-pptx does (categories in column A, a column per series) in the markup
XlsxWriter writes; text stays text (no formulas, links or numbers guessed
from strings) and the workbook is dated from the deck, so the same deck gives
the same bytes.

Most of a workbook does not depend on the values: the theme, the styles for
a number format, the workbook and document parts. XlsxWriter writes those
once per number format (kept per process) and the zip reuses their
compressed bytes. The worksheet and shared strings are written here for
plain data (text categories, named series of numbers) and by XlsxWriter for
anything else. The first workbook of each kind is also written whole by
XlsxWriter and compared with the fast one; if they differ, XlsxWriter goes on
writing that kind, so a different XlsxWriter can make this slower, never
different. The skeleton of plain data, once confirmed so, is kept in the disk
cache (:mod:`generator.cache`, keyed by its kind and the code of this module,
python-pptx's layout and XlsxWriter), so a later process does not write it
again. (XlsxWriter is still imported: python-pptx's chart data imports it.)
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from xlsxwriter import Workbook
from xlsxwriter.packager import Packager
from xlsxwriter.utility import xl_rowcol_to_cell

from ... import cache
from ..package import Member, deflate, write_package

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
    sheet: tuple[str, str, str] = ("", "", "")  # the worksheet around its dimension and data
    strings: str = ""  # the shared strings before their counts


_SKELETONS: dict[tuple, _Skeleton | None] = {}


def workbook(data: CategoryChartData, created: dt.datetime) -> bytes:
    """The .xlsx holding ``data`` (categories and series), dated ``created``."""
    created = created.replace(tzinfo=None)
    skeleton = values = None
    if _plain(data):
        key = ("plain", data.number_format, any(len(series) for series in data))
        if key not in _SKELETONS:
            _SKELETONS[key] = _kept_plain_skeleton(key, data, created)
        skeleton = _SKELETONS[key]
        if skeleton is not None:
            values = _values(data, skeleton)
    if skeleton is None:
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


# --- plain data: the worksheet and shared strings written here ------------------------------

def _kept_plain_skeleton(key: tuple, data: CategoryChartData,
                         created: dt.datetime) -> _Skeleton | None:
    """:func:`_plain_skeleton`, kept in the disk cache (:mod:`generator.cache`) under its
    kind of data and the code that writes it (this module, python-pptx's layout and
    XlsxWriter), so that a deck's first chart of a kind is not written whole again in each
    process. A skeleton XlsxWriter does not confirm is not kept."""
    name = cache.key("xlsx", repr(key), _stamp())
    skeleton = _thawed(cache.load_value(name))
    if skeleton is None:
        skeleton = _plain_skeleton(data, created)
        if skeleton is not None:
            cache.store_value(name, (
                skeleton.order,
                tuple((m.name, m.method, m.crc, m.size, m.raw)
                      for m in skeleton.members.values()),
                skeleton.core, skeleton.sheet, skeleton.strings))
    return skeleton


def _thawed(value: object) -> _Skeleton | None:
    """The skeleton kept as ``value``, None when it is not one (none kept, or damaged)."""
    try:
        order, members, core, sheet, strings = value  # type: ignore[misc]
        kept = {name: Member(name, method, crc, size, raw)
                for name, method, crc, size, raw in members}
        if not (all(type(n) is str for n in order) and set(order) == set(kept)
                and all(type(m.raw) is bytes and type(m.crc) is int and type(m.size) is int
                        and m.method in (0, 8) for m in kept.values())
                and type(core) is str and _HOLE in core and type(strings) is str
                and len(sheet) == 3 and all(type(part) is str for part in sheet)):
            return None
    except (TypeError, ValueError):
        return None
    return _Skeleton(tuple(order), kept, core, tuple(sheet), strings)


@lru_cache(maxsize=1)
def _stamp() -> str:
    """The code a skeleton comes from: this module, the zip writer, python-pptx's
    workbook layout and every module of XlsxWriter."""
    import os

    import xlsxwriter
    from pptx.chart import xlsx

    here = Path(__file__)
    library = Path(xlsxwriter.__file__).parent
    try:
        modules = sorted(entry.path for entry in os.scandir(library) if entry.name.endswith(".py"))
    except OSError:
        modules = []
    return cache.code_stamp(here, here.parent.parent / "package.py", xlsx.__file__, *modules)


_SHEET = "xl/worksheets/sheet1.xml"
_STRINGS = "xl/sharedStrings.xml"
_AWKWARD = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x|^<r>")
_EDGE_SPACE = re.compile(r"^\s|\s$")


def _plain(data: CategoryChartData) -> bool:
    """Data whose worksheet is written here, as XlsxWriter writes it: one level of text
    categories, and series with a name and numbers (or gaps). XlsxWriter writes the rest
    (text it escapes or cuts, dates, several category levels)."""
    categories = data.categories
    if not len(data) or categories.depth != 1 or categories.number_format != "General":
        return False
    texts = [c.label for c in categories] + [s.name for s in data]
    if not all(type(t) is str and 0 < len(t) <= 8000 and not _AWKWARD.search(t) for t in texts):
        return False
    return all(v is None or (type(v) in (int, float) and math.isfinite(v))
               for series in data for v in series.values)


def _values(data: CategoryChartData, skeleton: _Skeleton) -> dict[str, bytes]:
    """The worksheet and shared strings of plain ``data``: categories down column A from
    row 2, a column per series with its name in row 1 (python-pptx's layout)."""
    strings: dict[str, int] = {}
    count = 0
    rows: dict[int, list[tuple[int, str]]] = {}

    def put(row: int, col: int, markup: str) -> None:
        rows.setdefault(row, []).append((col, markup))

    def shared(text: str) -> int:
        nonlocal count
        count += 1
        return strings.setdefault(text, len(strings))

    for n, category in enumerate(data.categories):
        put(n + 1, 0, f'<c r="A{n + 2}" s="1" t="s"><v>{shared(category.label)}</v></c>')
    style = 1 if data.number_format == data.categories.number_format else 2
    for col, series in enumerate(data, start=1):
        put(0, col, f'<c r="{xl_rowcol_to_cell(0, col)}" t="s"><v>{shared(series.name)}</v></c>')
        for row, value in enumerate(series.values, start=1):
            ref = xl_rowcol_to_cell(row, col)
            put(row, col, f'<c r="{ref}" s="{style}"/>' if value is None
                else f'<c r="{ref}" s="{style}"><v>{value:.16G}</v></c>')
    last = max(rows)
    spans = {}
    for block in range(last // 16 + 1):
        cols = [c for r in range(block * 16, min(block * 16 + 16, last + 1))
                for c, _ in rows.get(r, ())]
        if cols:
            spans[block] = f"{min(cols) + 1}:{max(cols) + 1}"
    body = "".join(f'<row r="{r + 1}" spans="{spans[r // 16]}">'
                   + "".join(m for _, m in sorted(rows[r], key=lambda c: c[0])) + "</row>"
                   for r in sorted(rows))
    before, middle, after = skeleton.sheet
    ref = "A1:" + xl_rowcol_to_cell(last, len(data))
    items = "".join(
        f'<si><t xml:space="preserve">{_escape(t)}</t></si>' if _EDGE_SPACE.search(t)
        else f"<si><t>{_escape(t)}</t></si>" for t in strings)
    return {
        _SHEET: (before + ref + middle + body + after).encode("utf-8"),
        _STRINGS: (f'{skeleton.strings}count="{count}" uniqueCount="{len(strings)}">{items}'
                   "</sst>").encode(),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain_skeleton(data: CategoryChartData, created: dt.datetime) -> _Skeleton | None:
    """The skeleton for plain data in its number format, if what this module writes for
    ``data`` is what XlsxWriter writes (else XlsxWriter keeps writing the values)."""
    whole = _parts(data, created, values_only=False)
    found = dict(whole)
    sheet = found.get(_SHEET, b"").decode("utf-8")
    strings = found.get(_STRINGS, b"").decode("utf-8")
    before, dimension, rest = sheet.partition('<dimension ref="')
    middle, data_open, rest = rest.partition('"/>')
    middle, sheet_data, _ = rest.partition("<sheetData>")
    _, sheet_data_end, after = rest.partition("</sheetData>")
    head, counted, _ = strings.partition("count=")
    if not (dimension and data_open and sheet_data and sheet_data_end and counted):
        return None
    base = _skeleton(data, created, {})
    if base is None:
        return None
    skeleton = _Skeleton(base.order, base.members, base.core,
                         (before + dimension, '"/>' + middle + sheet_data,
                          sheet_data_end + after), head)
    written = _values(data, skeleton)
    if any(found.get(name) != value for name, value in written.items()):
        return None
    return skeleton
