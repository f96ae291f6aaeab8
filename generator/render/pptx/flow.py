"""How a deck's blocks flow over slides: measured before anything is placed.

Slides have no layout engine: a table row or a text box does not move to the
next slide by itself. :func:`pages` measures each block of a slide
(:mod:`generator.render.measure`) in the content regions of the layout it goes
on, keeps what fits, and carries the rest to continuation slides under the
same title marked as continued: a table with its header row again, in the
same font size and column widths; text at the size it started with. Text is
first shrunk to fit (never below 14 pt); a table that fits one slide at 14 pt
gets 14 pt, else 12 pt (11 pt from seven columns). A paragraph taller than a
whole slide, and a row taller than half of one, is cut between lines where the
slide ends (a cut row shows its first cell again on the next slide).

Pure arithmetic on points and EMU: no python-pptx here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .. import measure
from ..deck import Block, Cell, Chart, Paragraph, Slide, Table, Text, clean_text
from ..measure import FILL

TITLE_LAYOUT = "docgen Title"
CONTENT_LAYOUT = "docgen Content"
TWO_CONTENT_LAYOUT = "docgen Two Content"
TABLE_LAYOUT = "docgen Table"
CHART_LAYOUT = "docgen Chart"

PT = 12700  # EMU per point
TEXT_INSET = 7.2  # default left/right inset of text boxes and table cells, points
CELL_INSET_Y = 3.6
WORD_SHARE = 1.5  # a column's longest word claims at most 1.5 fair shares of the width


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def width_pt(self) -> float:
        return self.width / PT

    @property
    def height_pt(self) -> float:
        return self.height / PT


@dataclass(frozen=True)
class Styles:
    """Font sizes (points) of the master's text styles, per outline level."""

    title: float
    body: tuple[float, ...]
    before: tuple[float, ...]
    indent: tuple[float, ...]


def line_height(size: float) -> float:
    return size * measure.LINE_HEIGHT


_MOST_LINES = int(56 * 72 / line_height(11.0)) + 1
"""More lines than any slide holds (PowerPoint's tallest slide, 56 in, at 11 pt, the
smallest size a deck sets): a text is measured only that far, so that the slides a long
text flows over each cost what they show, not the whole rest of the text."""


@dataclass(frozen=True)
class TablePage:
    """The part of a table one slide shows, with its measured geometry."""

    table: Table
    widths: tuple[int, ...]  # EMU
    heights: tuple[float, ...]  # points: header, rows, footer
    size: float


_TABLE_SIZES = (14.0, 12.0)  # a table that fits one slide at 14 pt gets 14 pt
_WIDE_TABLE = 7  # columns from which a long table is set at 11 pt
_BODY_MIN = 14.0  # text is never shrunk below this
_SHORT = 10  # ems: a column whose cells are no wider is kept on one line


def _column_ems(table: Table) -> tuple[tuple[int, int, int], ...]:
    """Per column, in thousandths of an em: its longest word, its longest line, and the
    longest line below the header."""
    found = []
    for j, column in enumerate(table.columns):
        cells = [(column.header, True), *((row[j].text, row[j].bold) for row in table.rows)]
        if table.footer is not None:
            cells.append((table.footer[j].text, True))
        sizes = [measure.longest(clean_text(text), bold) for text, bold in cells]
        found.append((max(w for w, _ in sizes), max(n for _, n in sizes),
                      max((n for _, n in sizes[1:]), default=0)))
    return tuple(found)


def _column_widths(table: Table, width: int, size: float,
                   ems: Sequence[tuple[int, int, int]] | None = None) -> tuple[int, ...]:
    """Column widths (EMU) from what the columns hold, as a browser lays out a table.

    A column is never narrower than its longest word, nor than its longest cell when
    that is short (dates, amounts, statuses stay on one line; a header may wrap).
    When every cell fits on one line, columns share the width in proportion to
    their longest cells; otherwise each gets its least width plus a share of the
    rest in proportion to how much more its longest cell wants, times its weight.
    ``ems`` are the table's :func:`_column_ems` when known.
    """
    least, most = [], []
    room = width / PT
    longest_word = room * WORD_SHARE / max(len(table.columns), 2)  # longer words break
    for word_em, line_em, body_em in ems or _column_ems(table):
        word, line, body = (em * size / 1000 for em in (word_em, line_em, body_em))
        word = min(word, longest_word)
        if body <= _SHORT * size:  # dates, amounts, statuses: kept on one line
            word = max(word, body)
        least.append(word / FILL + 2 * TEXT_INSET + 1)
        most.append(max(line, word) / FILL + 2 * TEXT_INSET + 1)
    if sum(least) >= room:
        shares = [room * m / sum(least) for m in least]
    elif sum(most) <= room:
        shares = [room * m / sum(most) for m in most]
    else:
        wants = [(m - n) * c.weight for m, n, c in zip(most, least, table.columns, strict=True)]
        spare = room - sum(least)
        shares = [n + spare * w / sum(wants) for n, w in zip(least, wants, strict=True)]
    widths = [int(w * PT) for w in shares]
    widths[-1] = width - sum(widths[:-1])
    return tuple(widths)


def _cell_lines(text: str, width: int, size: float, bold: bool) -> int:
    room = (width / PT - 2 * TEXT_INSET) * FILL
    return measure.line_count(clean_text(text), room, size, bold, _MOST_LINES)


def _row_height(cells: Sequence[Cell], widths: Sequence[int], size: float,
                bold: bool = False) -> float:
    """A row's height in points: its tallest cell (a line holding a symbol is taller).
    Remembered: a table is measured at several sizes, and again for each slide it
    continues to."""
    if len(cells) != len(widths):
        raise ValueError("a row has as many cells as its table has columns")
    return _measured_row(tuple((c.text, bold or c.bold) for c in cells), tuple(widths), size)


@lru_cache(maxsize=1024)
def _measured_row(cells: tuple[tuple[str, bool], ...], widths: tuple[int, ...],
                  size: float) -> float:
    tallest = max(_cell_lines(text, w, size, bold) * measure.line_spacing(text)
                  for (text, bold), w in zip(cells, widths, strict=True))
    return tallest * size + 2 * CELL_INSET_Y


def _split(text: str, width: float, size: float, bold: bool, keep: int) -> tuple[str, str]:
    """``text`` cut after its first ``keep`` lines (at least one) at ``width`` points."""
    text = clean_text(text)
    lines = measure.wrap(text, width, size, bold, max(keep, 1) + 1)
    if len(lines) <= keep:
        return text, ""
    cut = lines[max(keep, 1)][0]
    if 0 < cut < len(text) and not text[cut - 1].isspace() and not text[cut].isspace():
        # a word measured longer than the line: the renderer may well fit it, so the cut
        # goes before it (between characters only when the word alone fills the lines)
        space = max(text.rfind(" ", 0, cut), text.rfind("\n", 0, cut))
        if space > 0:
            cut = space + 1
    return text[:cut].rstrip(), text[cut:]


def _split_row(row: tuple[Cell, ...], widths: Sequence[int], size: float,
               room: float) -> tuple[tuple[Cell, ...], tuple[Cell, ...]]:
    spacing = max(measure.line_spacing(c.text) for c in row)
    keep = max(int((room - 2 * CELL_INSET_Y) // (spacing * size)), 1)
    head, tail = [], []
    for cell, width in zip(row, widths, strict=True):
        first, rest = _split(cell.text, (width / PT - 2 * TEXT_INSET) * FILL, size,
                             cell.bold, keep)
        head.append(replace(cell, text=first))
        tail.append(replace(cell, text=rest, status=cell.status if rest else None))
    if tail and not tail[0].text and any(c.text for c in tail):
        tail[0] = head[0]  # the row's name (an asset, an action) again where it goes on
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
    ems = _column_ems(table)
    for size in _TABLE_SIZES:
        widths = _column_widths(table, width, size, ems)
        if _table_fits(table, widths, size, room):
            return size, widths
    size = 11.0 if len(table.columns) >= _WIDE_TABLE else _TABLE_SIZES[-1]
    return size, _column_widths(table, width, size, ems)


def _fit_table(table: Table, box: Box,
               like: TablePage | None = None) -> tuple[TablePage, Table | None]:
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
    limit = _balanced_room(rows, footer, widths, size, room)
    taken: list[tuple[Cell, ...]] = []
    heights: list[float] = []
    used = 0.0
    cut = False  # the last row taken is the first part of a row cut here
    while rows:
        h = _row_height(rows[0], widths, size)
        if used + h <= limit:
            taken.append(rows.pop(0))
            heights.append(h)
            used += h
            continue
        left = room - used
        at = left if not taken else _cut_at(h, left, room, size, last=len(rows) == 1)
        if at is not None:
            # a row taller than a whole slide, or than half of one: cut it, filling this
            # slide first, rather than leave most of the slide empty
            head, tail = _split_row(rows.pop(0), widths, size, at)
            rows.insert(0, tail)
            cut = True
            taken.append(head)
            heights.append(min(_row_height(head, widths, size), left))
            used += heights[-1]
        break
    if rows and footer is None and len(rows) < LAST_ROWS and not cut:
        _carry_tall_row(taken, heights, rows, widths, size, room)
    placed_footer = None
    if footer is not None and not rows:
        h = _row_height(footer, widths, size, bold=True)
        if used + h <= room:
            placed_footer, footer = footer, None
            heights.append(h)
        elif len(taken) > 1:  # keep the totals row with at least one row
            rows.insert(0, taken.pop())
            heights.pop()
    page = TablePage(replace(table, rows=tuple(taken), footer=placed_footer), widths,
                      (header_h, *heights), size)
    if rows or footer is not None:
        return page, replace(table, rows=tuple(rows), footer=footer)
    return page, None


TALL_ROW = 0.5  # a row taller than this share of a slide is cut where the slide ends
CUT_LINES = (3, 2)  # ... when this many of its lines stay on the slide and go to the next


def _cut_at(height: float, left: float, room: float, size: float,
            last: bool) -> float | None:
    """Where (points of the ``left`` on a slide of ``room``) a row of ``height`` that does
    not fit is cut, or None: a row taller than a slide always (when two lines fit), a tall
    one (:data:`TALL_ROW`) when :data:`CUT_LINES` of it stay and go on (as many staying as
    leave that many going) and rows follow it (the ``last`` row goes whole to the last
    slide)."""
    line = line_height(size)
    if height > room:
        return left if left >= 2 * line + 2 * CELL_INSET_Y else None
    stay, go = (n * line for n in CUT_LINES)
    at = min(left, height - go)
    if last or height <= room * TALL_ROW or at < stay + 2 * CELL_INSET_Y:
        return None
    return at


LAST_ROWS = 3  # fewer rows left for a last slide go with the second half of a tall row


def _carry_tall_row(taken: list, heights: list[float], rows: list, widths: Sequence[int],
                    size: float, room: float) -> None:
    """When the ``rows`` left over are the last slide's and too few (:data:`LAST_ROWS`)
    to fill half of it, the tall row ending this slide (``taken``) is cut in two and its
    second half goes on with them, rather than leave a row or two alone (in place)."""
    if not taken or heights[-1] <= room * TALL_ROW:
        return
    rest = [_row_height(row, widths, size) for row in rows]
    if sum(rest) > room * TALL_ROW:
        return
    head, tail = _split_row(taken[-1], widths, size, heights[-1] / 2)
    if not any(c.text for c in tail) or _row_height(tail, widths, size) + sum(rest) > room:
        return
    taken[-1], heights[-1] = head, _row_height(head, widths, size)
    rows.insert(0, tail)


def _balanced_room(rows: Sequence[tuple[Cell, ...]], footer: tuple[Cell, ...] | None,
                   widths: Sequence[int], size: float, room: float) -> float:
    """How much of ``room`` this slide's rows may take so that a table continued over
    several slides spreads its rows evenly: the least height per slide at which the rows
    (the last one with the totals row) still take no more slides than at ``room``.

    ``room`` itself when everything fits, or when a row is taller than half a slide (tall
    rows are cut where a slide ends, so slides are filled rather than balanced).
    """
    heights = [_row_height(row, widths, size) for row in rows]
    if footer is not None and heights:
        heights[-1] += _row_height(footer, widths, size, bold=True)
    if not heights or sum(heights) <= room or max(heights) > room * TALL_ROW:
        return room
    slides = _slides_needed(heights, room)
    low, high = max(max(heights), sum(heights) / slides), room
    for _ in range(24):  # to well under a point
        middle = (low + high) / 2
        if _slides_needed(heights, middle) <= slides:
            high = middle
        else:
            low = middle
    return high


def _slides_needed(heights: Sequence[float], room: float) -> int:
    """How many slides rows of ``heights`` fill, taken in order, ``room`` points each."""
    slides, used = 1, 0.0
    for h in heights:
        if used + h > room and used > 0:
            slides, used = slides + 1, 0.0
        used += h
    return slides


@dataclass(frozen=True)
class TextPage:
    """The paragraphs one placeholder shows, at ``scale`` times the template's sizes."""

    text: Text
    scale: float


def paragraph_metrics(p: Paragraph, styles: Styles,
                       scale: float) -> tuple[float, bool, float, float]:
    """(size, bold, left indent, space before) of a paragraph, in points."""
    level = min(p.level, 8) if p.kind == "bullet" else 0
    base = 24.0 if p.kind == "status" else styles.body[level]
    size = min(base, max(base * scale, _BODY_MIN))
    indent = styles.indent[level] if p.kind == "bullet" else 0.0
    return size, p.kind in ("heading", "status"), indent, styles.before[level] * scale


def _paragraph_height(p: Paragraph, width: float, styles: Styles, scale: float) -> float:
    size, bold, indent, before = paragraph_metrics(p, styles, scale)
    text = clean_text(p.text)
    lines = measure.line_count(text, (width - indent) * FILL, size, bold, _MOST_LINES)
    return before + lines * size * measure.line_spacing(text)


def _text_room(box: Box) -> tuple[float, float]:
    return box.width_pt - 2 * TEXT_INSET, box.height_pt - 2 * CELL_INSET_Y - 2


def _text_scale(text: Text, box: Box, styles: Styles) -> float:
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


def _fit_text(text: Text, box: Box, styles: Styles,
              scale: float) -> tuple[TextPage, Text | None]:
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
        size, bold, indent, before = paragraph_metrics(paragraphs[0], styles, scale)
        left = room - used - before
        if not taken or (h > room and left >= 2 * line_height(size)):
            # a paragraph taller than a whole slide: cut it, filling this slide first
            p = paragraphs.pop(0)
            keep = int(left // (size * measure.line_spacing(clean_text(p.text))))
            head, tail = _split(p.text, (width - indent) * FILL, size, bold, keep)
            paragraphs.insert(0, replace(p, text=tail, continued=True))
            taken.append(replace(p, text=head))
        break
    if paragraphs and len(taken) > 1 and taken[-1].kind == "heading":
        paragraphs.insert(0, taken.pop())  # a heading stays with what it heads
    bullets_before = sum(1 for p in taken if p.kind == "bullet" and not p.continued)
    head = TextPage(replace(text, paragraphs=tuple(taken)), scale)
    if not paragraphs:
        return head, None
    return head, replace(text, paragraphs=tuple(paragraphs), start=text.start + bullets_before)


def layout_name(blocks: Sequence[Block]) -> str:
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
class Page:
    layout: str
    title: str
    blocks: tuple = field(default_factory=tuple)  # TextPage | TablePage | Chart | Tiles
    notes: tuple[str, ...] = ()
    as_of: str = ""


def pages(slide: Slide, regions: Callable[[str, int], Sequence[Box]], styles: Styles,
          continued: str) -> list[Page]:
    """The slides ``slide`` takes: its blocks, then what did not fit, under a continued
    title (a continued block keeps the font size it started with).

    ``regions(layout, count)`` gives the first ``count`` content regions of the
    named layout (and raises when the template cannot); ``continued`` is the
    pattern of a continued title, ``{title}`` standing for the title.
    """
    found: list[Page] = []
    blocks: list[tuple[Block, object]] = [(b, None) for b in slide.blocks]
    while blocks:
        name = layout_name([b for b, _ in blocks])
        boxes = tuple(regions(name, len(blocks)))
        scale = min((like.scale if like is not None else _text_scale(b, box, styles)
                     for (b, like), box in zip(blocks, boxes, strict=True)
                     if isinstance(b, Text)), default=1.0)
        placed, rest = [], []
        for (block, like), box in zip(blocks, boxes, strict=True):
            if isinstance(block, Table):
                head, tail = _fit_table(block, box, like)
            elif isinstance(block, Text):
                head, tail = _fit_text(block, box, styles, scale)
            else:
                head, tail = block, None
            placed.append(head)
            if tail is not None:
                rest.append((tail, head))
        title = slide.title if not found else continued.replace("{title}", slide.title)
        if rest and [tail for tail, _ in rest] == [block for block, _ in blocks]:
            # nothing could be placed (a block taller than any slide even when cut):
            # put it on this slide as it is rather than repeat the page for ever
            found.append(Page(name, title, tuple(block for block, _ in blocks),
                              slide.notes, slide.as_of))
            break
        found.append(Page(name, title, tuple(placed), slide.notes, slide.as_of))
        blocks = rest
    return found


def fit_size(text: str, width: float, height: float, base: float, smallest: float,
              bold: bool) -> float:
    """The largest size from ``base`` down (2 pt steps) at which ``text`` fits the box."""
    size = base
    text = clean_text(text)
    while size > smallest:
        lines = measure.line_count(text, width * FILL, size, bold)
        if lines * size * measure.line_spacing(text) <= height:
            return size
        size -= 2
    return smallest


