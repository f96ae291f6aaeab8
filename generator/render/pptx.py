"""PowerPoint decks from a view of slides, laid out on a template's named layouts.

A document module describes a :class:`Deck`: a title slide and slides made of
one or two generic blocks (:class:`Text`, :class:`Table`, :class:`Chart`,
:class:`Tiles`) holding print-ready strings and chart values. :func:`write`
only lays them out:

* each slide goes on the template layout named for its blocks
  (``docgen Content``, ``docgen Two Content``, ``docgen Table``,
  ``docgen Chart``; the title slide on ``docgen Title``); a block fills the
  layout's content placeholder, left to right, so a designer moves and
  restyles regions in PowerPoint without touching code. A missing layout is a
  :class:`~generator.errors.TemplateError` naming it;
* text and tables are measured (:mod:`generator.render.measure`) before they
  are placed: what does not fit continues on the next slide under the same
  title marked as continued, a table with its header row repeated;
* charts are native PowerPoint charts with their own embedded workbook, so
  they stay editable;
* the file is the same, byte for byte, for the same deck and template:
  document properties come from the deck, and zip and workbook dates are
  fixed.

The template is read once per process (per file version); each deck starts
from its cached bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.enum.dml import MSO_LINE, MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt
from xlsxwriter import Workbook

from ..errors import TemplateError
from . import measure
from .package import read_package, write_package

TITLE_LAYOUT = "docgen Title"
CONTENT_LAYOUT = "docgen Content"
TWO_CONTENT_LAYOUT = "docgen Two Content"
TABLE_LAYOUT = "docgen Table"
CHART_LAYOUT = "docgen Chart"

STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "green": ("D5EFDD", "1B6B3A"),
    "amber": ("FCE8BF", "8A5300"),
    "red": ("F8D3D0", "A1251B"),
    "grey": ("E4E8ED", "46525E"),
    "blue": ("D6E6F5", "17497A"),
}
"""Status name -> (cell fill, text colour) as RGB hex; the strong colour also
prints a status word in running text."""

Align = Literal["left", "right", "center"]


# --- the view ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """One table cell; ``status`` (a :data:`STATUS_COLOURS` key) fills it."""

    text: str
    status: str | None = None
    bold: bool = False


@dataclass(frozen=True)
class Column:
    """A table column: its header, its share of the table width, its alignment."""

    header: str
    weight: float = 1.0
    align: Align = "left"


@dataclass(frozen=True)
class Table:
    """A table; rows that do not fit continue on the next slide. ``footer`` (a
    totals row, bold) comes after the last row."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    footer: tuple[Cell, ...] | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a text block.

    ``kind``: ``bullet`` (at ``level``, 0 = first), ``heading`` (bold, no
    bullet), ``plain`` (no bullet) or ``status`` (a large bold word in the
    colour of ``status``).
    """

    text: str
    kind: Literal["bullet", "heading", "plain", "status"] = "bullet"
    level: int = 0
    status: str | None = None
    continued: bool = False  # the rest of a paragraph cut at the foot of the last slide


@dataclass(frozen=True)
class Text:
    """Paragraphs in a content placeholder; ``numbered`` bullets count from ``start``."""

    paragraphs: tuple[Paragraph, ...]
    numbered: bool = False
    start: int = 1


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    dashed: bool = False


@dataclass(frozen=True)
class Chart:
    """A native chart: ``line`` (with markers), ``column`` or ``bar`` (clustered).

    ``number_format`` is an Excel number format for the value axis and labels.
    """

    kind: Literal["line", "column", "bar"]
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str = "General"
    value_title: str | None = None
    category_title: str | None = None
    data_labels: bool = False


@dataclass(frozen=True)
class Tile:
    """A big number with a label and an optional note; ``status`` colours it."""

    value: str
    label: str
    note: str = ""
    status: str | None = None


@dataclass(frozen=True)
class Tiles:
    tiles: tuple[Tile, ...]


Block = Text | Table | Chart | Tiles


@dataclass(frozen=True)
class Slide:
    """A titled slide of one or two blocks (two go side by side)."""

    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class TitleSlide:
    title: str
    subtitle: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deck:
    """Everything a deck says. ``continued`` marks a continuation slide's title
    (``{title}`` is replaced); ``logo`` is written into text shapes named "Logo"
    of the master and layouts; ``created`` dates the file and its charts."""

    title_slide: TitleSlide
    slides: tuple[Slide, ...]
    footer: str
    continued: str
    logo: str
    created: dt.datetime
    title: str = ""
    subject: str = ""
    author: str = ""
    language: str = ""


# --- text hygiene --------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """``text`` as a slide shows it: line ends as ``\\n``, other control characters dropped."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# --- the template --------------------------------------------------------------------------

_PT = 12700  # EMU per point
_TEXT_INSET = 7.2  # default left/right inset of text boxes and table cells, points
_CELL_INSET_Y = 3.6
_FILL = 0.94  # share of a line's width that text is assumed to fill (renderers differ)
_REGION_TYPES_SKIPPED = ("TITLE", "CENTER_TITLE", "SUBTITLE", "FOOTER", "SLIDE_NUMBER", "DATE")


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def width_pt(self) -> float:
        return self.width / _PT

    @property
    def height_pt(self) -> float:
        return self.height / _PT


@dataclass(frozen=True)
class _Layout:
    name: str
    regions: tuple[Box, ...]
    title: Box | None


@dataclass(frozen=True)
class _Styles:
    """Font sizes (points) of the master's text styles, per outline level."""

    title: float
    body: tuple[float, ...]
    before: tuple[float, ...]
    indent: tuple[float, ...]


@dataclass(frozen=True)
class _Template:
    path: Path
    blob: bytes
    width: int
    height: int
    layouts: dict[str, _Layout]
    styles: _Styles

    def layout(self, name: str) -> _Layout:
        try:
            return self.layouts[name]
        except KeyError:
            found = ", ".join(f'"{n}"' for n in self.layouts) or "none"
            raise TemplateError(
                f'{self.path}: the template has no slide layout named "{name}" '
                f"(its layouts: {found})"
            ) from None


def _region_placeholders(layout) -> list:
    regions = [ph for ph in layout.placeholders
               if ph.placeholder_format.type.name not in _REGION_TYPES_SKIPPED]
    return sorted(regions, key=lambda ph: (ph.left, ph.top))


def _box(shape) -> Box:
    return Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))


def _styles(master) -> _Styles:
    def sizes(style: str, attr: str, default: float, scale: float) -> tuple[float, ...]:
        out = []
        for level in range(1, 10):
            found = master._element.xpath(f"p:txStyles/p:{style}/a:lvl{level}pPr/{attr}")
            out.append(int(found[0]) / scale if found else default)
        return tuple(out)

    title = sizes("titleStyle", "a:defRPr/@sz", 28, 100)[0]
    body = sizes("bodyStyle", "a:defRPr/@sz", 18, 100)
    before = sizes("bodyStyle", "a:spcBef/a:spcPts/@val", 0, 100)
    indent = sizes("bodyStyle", "@marL", 0, _PT)
    return _Styles(title, body, before, indent)


@lru_cache(maxsize=8)
def _read_template(path: Path, mtime_ns: int, size: int) -> _Template:

    try:
        blob = path.read_bytes()
        prs = Presentation(io.BytesIO(blob))
    except Exception as exc:  # python-pptx raises several types for a file it cannot read
        raise TemplateError(f"{path}: not a readable PowerPoint template ({exc})") from None
    layouts = {}
    for layout in prs.slide_layouts:
        title = next((ph for ph in layout.placeholders
                      if ph.placeholder_format.type.name in ("TITLE", "CENTER_TITLE")), None)
        layouts.setdefault(layout.name, _Layout(
            layout.name, tuple(_box(ph) for ph in _region_placeholders(layout)),
            _box(title) if title is not None else None,
        ))
    return _Template(path, blob, prs.slide_width, prs.slide_height, layouts,
                     _styles(prs.slide_master))


def load_template(path: Path) -> _Template:
    """The template at ``path``, read once per process and file version."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot open template ({exc.strerror})") from None
    return _read_template(path, stat.st_mtime_ns, stat.st_size)


# --- fitting: what goes on which slide -----------------------------------------------------

def _line_height(size: float) -> float:
    return size * measure.LINE_HEIGHT


@dataclass(frozen=True)
class _TablePage:
    """The part of a table one slide shows, with its measured geometry."""

    table: Table
    widths: tuple[int, ...]  # EMU
    heights: tuple[float, ...]  # points: header, rows, footer
    size: float


_TABLE_SIZES = (14.0, 12.0)  # a table that fits one slide at 14 pt gets 14 pt
_WIDE_TABLE = 7  # columns from which a long table is set at 11 pt
_BODY_MIN = 14.0  # text is never shrunk below this
_SHORT = 10  # ems: a column whose cells are no wider is kept on one line


def _longest_word(text: str, size: float, bold: bool) -> float:
    return max((measure.text_width(w, size, bold) for w in clean_text(text).split()), default=0)


def _longest_line(text: str, size: float, bold: bool) -> float:
    return max(measure.text_width(line, size, bold) for line in clean_text(text).split("\n"))


def _column_widths(table: Table, width: int, size: float) -> tuple[int, ...]:
    """Column widths (EMU) from what the columns hold, as a browser lays out a table.

    A column is never narrower than its longest word, nor than its longest cell when
    that is short (dates, amounts, statuses stay on one line; a header may wrap).
    When every cell fits on one line, columns share the width in proportion to
    their longest cells; otherwise each gets its least width plus a share of the
    rest in proportion to how much more its longest cell wants, times its weight.
    """
    least, most = [], []
    for j, column in enumerate(table.columns):
        cells = [(column.header, True), *((row[j].text, row[j].bold) for row in table.rows)]
        if table.footer is not None:
            cells.append((table.footer[j].text, True))
        word = max(_longest_word(text, size, bold) for text, bold in cells)
        line = max(_longest_line(text, size, bold) for text, bold in cells)
        body = max((_longest_line(text, size, bold) for text, bold in cells[1:]), default=0)
        if body <= _SHORT * size:  # dates, amounts, statuses: kept on one line
            word = max(word, body)
        least.append(word / _FILL + 2 * _TEXT_INSET + 1)
        most.append(max(line, word) / _FILL + 2 * _TEXT_INSET + 1)
    room = width / _PT
    if sum(least) >= room:
        shares = [room * m / sum(least) for m in least]
    elif sum(most) <= room:
        shares = [room * m / sum(most) for m in most]
    else:
        wants = [(m - n) * c.weight for m, n, c in zip(most, least, table.columns, strict=True)]
        spare = room - sum(least)
        shares = [n + spare * w / sum(wants) for n, w in zip(least, wants, strict=True)]
    widths = [int(w * _PT) for w in shares]
    widths[-1] = width - sum(widths[:-1])
    return tuple(widths)


def _cell_lines(text: str, width: int, size: float, bold: bool) -> int:
    room = (width / _PT - 2 * _TEXT_INSET) * _FILL
    return measure.line_count(clean_text(text), room, size, bold)


def _row_height(cells: Sequence[Cell], widths: Sequence[int], size: float,
                bold: bool = False) -> float:
    lines = max(_cell_lines(c.text, w, size, bold or c.bold)
                for c, w in zip(cells, widths, strict=True))
    return lines * _line_height(size) + 2 * _CELL_INSET_Y


def _split(text: str, width: float, size: float, bold: bool, keep: int) -> tuple[str, str]:
    """``text`` cut after its first ``keep`` lines (at least one) at ``width`` points."""
    text = clean_text(text)
    lines = measure.wrap(text, width, size, bold)
    if len(lines) <= keep:
        return text, ""
    cut = lines[max(keep, 1)][0]
    return text[:cut].rstrip(), text[cut:]


def _split_row(row: tuple[Cell, ...], widths: Sequence[int], size: float,
               room: float) -> tuple[tuple[Cell, ...], tuple[Cell, ...]]:
    keep = max(int((room - 2 * _CELL_INSET_Y) // _line_height(size)), 1)
    head, tail = [], []
    for cell, width in zip(row, widths, strict=True):
        first, rest = _split(cell.text, (width / _PT - 2 * _TEXT_INSET) * _FILL, size,
                             cell.bold, keep)
        head.append(replace(cell, text=first))
        tail.append(replace(cell, text=rest, status=cell.status if rest else None))
    return tuple(head), tuple(tail)


def _table_fits(table: Table, widths: Sequence[int], size: float, room: float) -> bool:
    header = tuple(Cell(c.header) for c in table.columns)
    used = _row_height(header, widths, size, bold=True)
    for row in table.rows:
        used += _row_height(row, widths, size)
        if used > room:
            return False
    if table.footer is not None:
        used += _row_height(table.footer, widths, size, bold=True)
    return used <= room


def _table_size(table: Table, width: int, room: float) -> tuple[float, tuple[int, ...]]:
    """The table's font size (14 pt when it fits one slide so) and its column widths."""
    for size in _TABLE_SIZES:
        widths = _column_widths(table, width, size)
        if _table_fits(table, widths, size, room):
            return size, widths
    size = 11.0 if len(table.columns) >= _WIDE_TABLE else _TABLE_SIZES[-1]
    return size, _column_widths(table, width, size)


def _fit_table(table: Table, box: Box,
               like: _TablePage | None = None) -> tuple[_TablePage, Table | None]:
    """The rows of ``table`` that fit ``box``, and the rest. A continued table keeps the
    size and (in a box as wide) the column widths of its first slide, ``like``."""
    if like is None:
        size, widths = _table_size(table, box.width, box.height_pt - 1)
    elif sum(like.widths) == box.width:
        size, widths = like.size, like.widths
    else:
        size, widths = like.size, _column_widths(table, box.width, like.size)
    header = tuple(Cell(c.header) for c in table.columns)
    header_h = _row_height(header, widths, size, bold=True)
    room = box.height_pt - header_h - 1
    rows = list(table.rows)
    footer = table.footer
    taken: list[tuple[Cell, ...]] = []
    heights: list[float] = []
    used = 0.0
    while rows:
        h = _row_height(rows[0], widths, size)
        if used + h <= room:
            taken.append(rows.pop(0))
            heights.append(h)
            used += h
            continue
        left = room - used
        if not taken or (h > room and left >= 2 * _line_height(size) + 2 * _CELL_INSET_Y):
            # a row taller than a whole slide: cut it, filling this slide first
            head, tail = _split_row(rows.pop(0), widths, size, left)
            rows.insert(0, tail)
            taken.append(head)
            heights.append(min(_row_height(head, widths, size), left))
            used += heights[-1]
        break
    placed_footer = None
    if footer is not None and not rows:
        h = _row_height(footer, widths, size, bold=True)
        if used + h <= room:
            placed_footer, footer = footer, None
            heights.append(h)
        elif len(taken) > 1:  # keep the totals row with at least one row
            rows.insert(0, taken.pop())
            heights.pop()
    page = _TablePage(replace(table, rows=tuple(taken), footer=placed_footer), widths,
                      (header_h, *heights), size)
    if rows or footer is not None:
        return page, replace(table, rows=tuple(rows), footer=footer)
    return page, None


@dataclass(frozen=True)
class _TextPage:
    """The paragraphs one placeholder shows, at ``scale`` times the template's sizes."""

    text: Text
    scale: float


def _paragraph_metrics(p: Paragraph, styles: _Styles,
                       scale: float) -> tuple[float, bool, float, float]:
    """(size, bold, left indent, space before) of a paragraph, in points."""
    level = min(p.level, 8) if p.kind == "bullet" else 0
    base = 24.0 if p.kind == "status" else styles.body[level]
    size = min(base, max(base * scale, _BODY_MIN))
    indent = styles.indent[level] if p.kind == "bullet" else 0.0
    return size, p.kind in ("heading", "status"), indent, styles.before[level] * scale


def _paragraph_height(p: Paragraph, width: float, styles: _Styles, scale: float) -> float:
    size, bold, indent, before = _paragraph_metrics(p, styles, scale)
    lines = measure.line_count(clean_text(p.text), (width - indent) * _FILL, size, bold)
    return before + lines * _line_height(size)


def _text_room(box: Box) -> tuple[float, float]:
    return box.width_pt - 2 * _TEXT_INSET, box.height_pt - 2 * _CELL_INSET_Y - 2


def _text_scale(text: Text, box: Box, styles: _Styles) -> float:
    """The largest scale (body text down to 14 pt) at which all of ``text`` fits ``box``."""
    width, room = _text_room(box)
    base = styles.body[0]
    size = base
    while size > _BODY_MIN:
        scale = size / base
        if sum(_paragraph_height(p, width, styles, scale) for p in text.paragraphs) <= room:
            return scale
        size -= 2
    return _BODY_MIN / base


def _fit_text(text: Text, box: Box, styles: _Styles,
              scale: float) -> tuple[_TextPage, Text | None]:
    width, room = _text_room(box)
    paragraphs = list(text.paragraphs)
    taken: list[Paragraph] = []
    used = 0.0
    while paragraphs:
        h = _paragraph_height(paragraphs[0], width, styles, scale)
        if used + h <= room:
            taken.append(paragraphs.pop(0))
            used += h
            continue
        size, bold, indent, before = _paragraph_metrics(paragraphs[0], styles, scale)
        left = room - used - before
        if not taken or (h > room and left >= 2 * _line_height(size)):
            # a paragraph taller than a whole slide: cut it, filling this slide first
            p = paragraphs.pop(0)
            keep = int(left // _line_height(size))
            head, tail = _split(p.text, (width - indent) * _FILL, size, bold, keep)
            paragraphs.insert(0, replace(p, text=tail, continued=True))
            taken.append(replace(p, text=head))
        break
    if paragraphs and len(taken) > 1 and taken[-1].kind == "heading":
        paragraphs.insert(0, taken.pop())  # a heading stays with what it heads
    bullets_before = sum(1 for p in taken if p.kind == "bullet" and not p.continued)
    head = _TextPage(replace(text, paragraphs=tuple(taken)), scale)
    if not paragraphs:
        return head, None
    return head, replace(text, paragraphs=tuple(paragraphs), start=text.start + bullets_before)


def _layout_name(blocks: Sequence[Block]) -> str:
    if len(blocks) == 2:
        return TWO_CONTENT_LAYOUT
    if len(blocks) != 1:
        raise ValueError(f"a slide holds one or two blocks, not {len(blocks)}")
    if isinstance(blocks[0], Table):
        return TABLE_LAYOUT
    if isinstance(blocks[0], Chart):
        return CHART_LAYOUT
    return CONTENT_LAYOUT


@dataclass(frozen=True)
class _Page:
    layout: str
    title: str
    blocks: tuple = field(default_factory=tuple)  # _TextPage | _TablePage | Chart | Tiles


def _pages(slide: Slide, template: _Template, continued: str) -> list[_Page]:
    """The slides ``slide`` takes: its blocks, then what did not fit, under a continued
    title (a continued block keeps the font size it started with)."""
    pages: list[_Page] = []
    blocks: list[tuple[Block, object]] = [(b, None) for b in slide.blocks]
    while blocks:
        layout = template.layout(_layout_name([b for b, _ in blocks]))
        if len(layout.regions) < len(blocks):
            raise TemplateError(
                f'{template.path}: layout "{layout.name}" needs {len(blocks)} content '
                f"placeholder(s), it has {len(layout.regions)}"
            )
        boxes = layout.regions[:len(blocks)]
        scale = min((like.scale if like is not None else _text_scale(b, box, template.styles)
                     for (b, like), box in zip(blocks, boxes, strict=True)
                     if isinstance(b, Text)), default=1.0)
        placed, rest = [], []
        for (block, like), box in zip(blocks, boxes, strict=True):
            if isinstance(block, Table):
                head, tail = _fit_table(block, box, like)
            elif isinstance(block, Text):
                head, tail = _fit_text(block, box, template.styles, scale)
            else:
                head, tail = block, None
            placed.append(head)
            if tail is not None:
                rest.append((tail, head))
        title = slide.title if not pages else continued.replace("{title}", slide.title)
        pages.append(_Page(layout.name, title, tuple(placed)))
        blocks = rest
    return pages


# --- drawing -------------------------------------------------------------------------------

def _rgb(hex_: str):

    return RGBColor.from_string(hex_)


def _set_text(frame, text: str, size: float | None = None, bold: bool | None = None,
              colour: str | None = None, align: Align | None = None) -> None:
    """Write ``text`` into a text frame: a paragraph per line, each run formatted."""

    lines = clean_text(text).split("\n")
    paragraphs = list(frame.paragraphs)
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for n, line in enumerate(lines):
        p = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        p.text = line
        if align:
            p.alignment = {"left": PP_ALIGN.LEFT, "right": PP_ALIGN.RIGHT,
                           "center": PP_ALIGN.CENTER}[align]
        for run in p.runs:
            _format_run(run, size and Pt(size), bold, colour)


def _format_run(run, size=None, bold=None, colour=None, theme=None) -> None:
    font = run.font
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    if colour is not None:
        font.color.rgb = _rgb(colour)
    elif theme is not None:
        font.color.theme_color = theme


def _fit_size(text: str, width: float, height: float, base: float, smallest: float,
              bold: bool) -> float:
    """The largest size from ``base`` down (2 pt steps) at which ``text`` fits the box."""
    size = base
    while size > smallest:
        lines = measure.line_count(clean_text(text), width * _FILL, size, bold)
        if lines * _line_height(size) <= height:
            return size
        size -= 2
    return smallest


def _set_title(shape, text: str, base: float) -> None:
    width = shape.width / _PT - 2 * _TEXT_INSET
    height = shape.height / _PT - 2 * _CELL_INSET_Y
    size = _fit_size(text, width, height, base, 16, True)
    _set_text(shape.text_frame, text, size=size if size != base else None)


def _remove(shape) -> None:
    element = shape._element
    element.getparent().remove(element)


_NUMBER_INDENT = 0.42 * 914400  # room for "10." before a numbered entry, EMU


def _fill_text(placeholder, page: _TextPage, styles: _Styles) -> None:
    text = page.text
    frame = placeholder.text_frame
    for n, para in enumerate(text.paragraphs):
        p = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        p.text = clean_text(para.text)
        p_pr = p._p.get_or_add_pPr()
        size, _, _, _ = _paragraph_metrics(para, styles, page.scale)
        colour, theme = None, None
        if para.kind == "bullet":
            p.level = min(para.level, 8)
            if para.continued:  # no bullet or number of its own, aligned with the text
                p_pr.set("indent", "0")
                if text.numbered:
                    p_pr.set("marL", str(int(_NUMBER_INDENT * (p.level + 1))))
                p_pr.append(p_pr.makeelement(qn("a:buNone"), {}))
            elif text.numbered:
                p_pr.set("marL", str(int(_NUMBER_INDENT * (p.level + 1))))
                p_pr.set("indent", str(-int(_NUMBER_INDENT)))
                number = p_pr.makeelement(qn("a:buAutoNum"), {"type": "arabicPeriod"})
                if text.start != 1:
                    number.set("startAt", str(text.start))
                p_pr.append(number)
        else:
            p_pr.set("marL", "0")
            p_pr.set("indent", "0")
            p_pr.append(p_pr.makeelement(qn("a:buNone"), {}))
            if para.kind == "heading":
                theme = MSO_THEME_COLOR.TEXT_2
            elif para.kind == "status":
                colour = STATUS_COLOURS.get(para.status or "grey", STATUS_COLOURS["grey"])[1]
        base = 24.0 if para.kind == "status" else styles.body[min(p.level, 8)]
        for run in p.runs:
            _format_run(run, Pt(size) if size != base or para.kind == "status" else None,
                        True if para.kind in ("heading", "status") else None, colour, theme)


def _draw_table(slide, page: _TablePage, box: Box) -> None:

    table = page.table
    rows = [tuple(Cell(c.header, bold=True) for c in table.columns), *table.rows]
    if table.footer is not None:
        rows.append(tuple(replace(c, bold=True) for c in table.footer))
    height = sum(round(h * _PT) for h in page.heights)
    frame = slide.shapes.add_table(len(rows), len(table.columns), box.left, box.top,
                                   box.width, height)
    grid = frame.table
    grid.first_row = True
    grid.horz_banding = True
    grid.last_row = table.footer is not None
    for column, width in zip(grid.columns, page.widths, strict=True):
        column.width = width
    for row, h in zip(grid.rows, page.heights, strict=True):
        row.height = round(h * _PT)
    for r, cells in enumerate(rows):
        for c, (cell, column) in enumerate(zip(cells, table.columns, strict=True)):
            target = grid.cell(r, c)
            target.vertical_anchor = MSO_ANCHOR.MIDDLE
            colour = None
            if cell.status and r > 0:
                fill, colour = STATUS_COLOURS.get(cell.status, STATUS_COLOURS["grey"])
                target.fill.solid()
                target.fill.fore_color.rgb = _rgb(fill)
            _set_text(target.text_frame, cell.text, size=page.size, bold=cell.bold or None,
                      colour=colour, align=column.align)


def _draw_tiles(slide, tiles: Tiles, box: Box) -> None:

    count = len(tiles.tiles)
    gap = 14 * _PT
    columns = count if box.width_pt / max(count, 1) >= 150 else max(1, min(count, 2))
    if box.width_pt < 220:
        columns = 1
    rows = math.ceil(count / columns)
    width = (box.width - gap * (columns - 1)) // columns
    height = min((box.height - gap * (rows - 1)) // rows, 170 * _PT)
    top = box.top + (box.height - rows * height - (rows - 1) * gap) // 3  # a little above centre
    for n, tile in enumerate(tiles.tiles):
        row, col = divmod(n, columns)
        shape = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, box.left + col * (width + gap), top + row * (height + gap),
            width, height,
        )
        shape.line.fill.background()
        shape.shadow.inherit = False
        strong = None
        if tile.status:
            fill, strong = STATUS_COLOURS.get(tile.status, STATUS_COLOURS["grey"])
            shape.fill.solid()
            shape.fill.fore_color.rgb = _rgb(fill)
        else:
            shape.fill.solid()
            shape.fill.fore_color.theme_color = MSO_THEME_COLOR.BACKGROUND_2
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        inner = width / _PT - 2 * _TEXT_INSET
        value_size = _fit_size(tile.value, inner, 1.05 * _line_height(40), 40, 16, True)
        texts = [(tile.value, value_size), (tile.label, 16.0)]
        if tile.note:
            texts.append((tile.note, 14.0))
        for k, (text, size) in enumerate(texts):
            p = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
            p.text = clean_text(text)
            p.alignment = PP_ALIGN.CENTER
            for run in p.runs:
                if k == 0:
                    _format_run(run, Pt(size), True, strong,
                                None if strong else MSO_THEME_COLOR.TEXT_2)
                else:
                    _format_run(run, Pt(size), False, strong if k == 1 and strong else None,
                                None if strong and k == 1 else MSO_THEME_COLOR.TEXT_1)


_SERIES_COLOURS = ("ACCENT_1", "ACCENT_2", "ACCENT_5", "ACCENT_3", "ACCENT_4", "ACCENT_6")


def _chart_data(created: dt.datetime, number_format: str):

    class Writer(CategoryWorkbookWriter):
        """The embedded workbook, dated from the deck and with text kept as text."""

        @contextmanager
        def _open_worksheet(self, xlsx_file):
            workbook = Workbook(xlsx_file, {
                "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False,
            })
            workbook.set_properties({"created": created})
            yield workbook, workbook.add_worksheet()
            workbook.close()

    class Data(CategoryChartData):
        @property
        def _workbook_writer(self):
            return Writer(self)

    return Data(number_format)


def _draw_chart(slide, chart: Chart, box: Box, created: dt.datetime, language: str) -> None:

    data = _chart_data(created.replace(tzinfo=None), chart.number_format)
    data.categories = [clean_text(c) for c in chart.categories]
    for series in chart.series:
        data.add_series(clean_text(series.name), series.values)
    kind = {"line": XL_CHART_TYPE.LINE_MARKERS, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
            "bar": XL_CHART_TYPE.BAR_CLUSTERED}[chart.kind]
    graphic = slide.shapes.add_chart(kind, box.left, box.top, box.width, box.height, data)
    c = graphic.chart
    if language:
        space = c._chartSpace
        lang = space.makeelement(qn("c:lang"), {"val": language})
        space.insert(list(space).index(space.find(qn("c:date1904"))) + 1, lang)
    c.font.size = Pt(12)
    c.has_title = True
    _set_text(c.chart_title.text_frame, chart.title, size=16, bold=True)
    c.has_legend = True
    c.legend.position = XL_LEGEND_POSITION.BOTTOM
    c.legend.include_in_layout = False
    values = c.value_axis
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = _rgb("D9DEE4")
    values.format.line.fill.background()
    values.tick_labels.number_format = chart.number_format
    values.tick_labels.number_format_is_linked = False
    categories = c.category_axis
    categories.has_major_gridlines = False
    for axis, title in ((values, chart.value_title), (categories, chart.category_title)):
        if title:
            axis.has_title = True
            _set_text(axis.axis_title.text_frame, title, size=12, bold=False)
    plot = c.plots[0]
    if chart.kind == "bar":  # first category on top, values along the bottom
        categories.reverse_order = True
        crosses = values._element.find(qn("c:crosses"))  # the value axis meets the last one
        if crosses is not None:
            crosses.set("val", "max")
    if chart.kind in ("column", "bar"):
        plot.gap_width = 60
        plot.overlap = -5
    if chart.data_labels:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = chart.number_format
        labels.number_format_is_linked = False
        labels.font.size = Pt(11)
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
    for n, (series, view) in enumerate(zip(plot.series, chart.series, strict=True)):
        colour = getattr(MSO_THEME_COLOR, _SERIES_COLOURS[n % len(_SERIES_COLOURS)])
        if chart.kind == "line":
            series.smooth = False
            line = series.format.line
            line.width = Pt(2.25 if view.dashed else 3)
            line.color.theme_color = colour
            if view.dashed:
                line.dash_style = MSO_LINE.DASH
                series.marker.style = XL_MARKER_STYLE.NONE
            else:
                series.marker.style = XL_MARKER_STYLE.CIRCLE
                series.marker.size = 8
                series.marker.format.fill.solid()
                series.marker.format.fill.fore_color.theme_color = colour
                series.marker.format.line.color.theme_color = colour
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.theme_color = colour


def _add_footers(slide, layout, footer: str, number: int) -> None:
    """Copies of the layout's footer and slide-number placeholders, filled in."""

    for ph in layout.placeholders:
        kind = ph.placeholder_format.type.name
        if kind not in ("FOOTER", "SLIDE_NUMBER"):
            continue
        element = copy.deepcopy(ph._element)
        element.nvSpPr.cNvPr.id = slide.shapes._next_shape_id
        slide.shapes._spTree.append(element)
        if kind == "FOOTER":
            _set_text(slide.shapes[-1].text_frame, footer)
            continue
        fields = element.findall(f".//{qn('a:fld')}")
        if fields:
            fields[0].find(qn("a:t")).text = str(number)
        else:
            _set_text(slide.shapes[-1].text_frame, str(number))


def _fill_logos(prs, text: str) -> None:
    """Write ``text`` into the text shapes named "Logo" (a picture stays as it is)."""
    for owner in (prs.slide_master, *prs.slide_layouts):
        for shape in owner.shapes:
            if shape.name != "Logo" or shape.is_placeholder or not shape.has_text_frame:
                continue
            frame = shape.text_frame
            runs = [r for p in frame.paragraphs for r in p.runs]
            size = runs[0].font.size.pt if runs and runs[0].font.size else 18.0
            fitted = _fit_size(text, shape.width / _PT, shape.height / _PT, size, 8, True)
            if runs:
                runs[0].text = clean_text(text).replace("\n", " ")
                for run in runs[1:]:
                    run._r.getparent().remove(run._r)
                if fitted != size:
                    runs[0].font.size = fitted * _PT
            else:
                frame.text = clean_text(text)


def _drop_slides(prs) -> None:
    """A template's own slides (e.g. a designer's samples) are not part of the deck."""
    ids = prs.slides._sldIdLst
    for slide_id in list(ids):
        prs.part.drop_rel(slide_id.rId)
        ids.remove(slide_id)


def _title_slide(prs, layout, view: TitleSlide, template: _Template) -> None:
    slide = prs.slides.add_slide(layout)
    kinds = {ph.placeholder_format.type.name: ph for ph in slide.placeholders}
    title = kinds.get("CENTER_TITLE") or kinds.get("TITLE")
    subtitle = kinds.get("SUBTITLE")
    body = kinds.get("BODY")
    for needed, shape in (("title", title), ("subtitle", subtitle), ("text", body)):
        if shape is None:
            raise TemplateError(
                f'{template.path}: layout "{TITLE_LAYOUT}" needs a {needed} placeholder'
            )
    _set_title(title, view.title, _layout_title_size(layout, 40.0))
    _set_text(subtitle.text_frame, view.subtitle)
    if view.lines:
        _set_text(body.text_frame, "\n".join(view.lines))
    else:
        _remove(body)


def _layout_title_size(layout, default: float) -> float:
    for ph in layout.placeholders:
        if ph.placeholder_format.type.name in ("CENTER_TITLE", "TITLE"):
            found = ph._element.xpath("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr/@sz")
            if found:
                return int(found[0]) / 100
    return default


def _page(prs, layout, page: _Page, number: int, deck: Deck, template: _Template) -> None:
    slide = prs.slides.add_slide(layout)
    title = slide.shapes.title
    if title is None:
        raise TemplateError(f'{template.path}: layout "{layout.name}" needs a title placeholder')
    _set_title(title, page.title, template.styles.title)
    regions = _region_placeholders(layout)
    by_idx = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
    for n, region in enumerate(regions):
        target = by_idx.get(region.placeholder_format.idx)
        block = page.blocks[n] if n < len(page.blocks) else None
        if isinstance(block, _TextPage):
            if target is None or not target.has_text_frame:
                raise TemplateError(
                    f'{template.path}: layout "{layout.name}": placeholder '
                    f'"{region.name}" cannot hold text'
                )
            _fill_text(target, block, template.styles)
            continue
        box = _box(target if target is not None else region)
        if target is not None:
            _remove(target)
        if isinstance(block, _TablePage):
            _draw_table(slide, block, box)
        elif isinstance(block, Chart):
            _draw_chart(slide, block, box, deck.created, deck.language)
        elif isinstance(block, Tiles):
            _draw_tiles(slide, block, box)
    _add_footers(slide, layout, deck.footer, number)
    if deck.language:
        _mark_language(slide, deck.language)


def _mark_language(slide, language: str) -> None:
    """Tag the slide's text with the deck's language (spelling, hyphenation, fonts)."""
    for run in slide._element.iter(qn("a:r")):
        run.get_or_add_rPr().set("lang", language)
    for props in slide._element.iter(qn("a:endParaRPr")):
        props.set("lang", language)


def _properties(prs, deck: Deck) -> None:
    props = prs.core_properties
    props.title = deck.title
    props.subject = deck.subject
    props.author = deck.author
    props.last_modified_by = deck.author
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = deck.language
    props.revision = 1
    created = deck.created.replace(tzinfo=None)
    props.created = created
    props.modified = created
    if props.last_printed is not None:
        props.last_printed = created


def write(deck: Deck, template_path: Path) -> bytes:
    """The finished .pptx of ``deck`` on the template at ``template_path``."""

    template = load_template(template_path)
    template.layout(TITLE_LAYOUT)
    pages = [page for slide in deck.slides for page in _pages(slide, template, deck.continued)]
    prs = Presentation(io.BytesIO(template.blob))
    _drop_slides(prs)
    _fill_logos(prs, deck.logo)
    layouts = {}
    for layout in prs.slide_layouts:
        layouts.setdefault(layout.name, layout)
    _title_slide(prs, layouts[TITLE_LAYOUT], deck.title_slide, template)
    if deck.language:
        _mark_language(prs.slides[0], deck.language)
    for number, page in enumerate(pages, start=2):
        _page(prs, layouts[page.layout], page, number, deck, template)
    _properties(prs, deck)
    buffer = io.BytesIO()
    prs.save(buffer)
    return write_package(read_package(buffer.getvalue()), {})
