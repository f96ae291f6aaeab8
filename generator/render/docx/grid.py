"""A long Word table cut into pages by docgen rather than by the word processor, so that
its vertically merged label (the meeting grid's cadence) is printed on every page its
group continues to, and no page holds a lone row.

Word and LibreOffice print a merged cell's text once, on the page where the merge
starts; a group of rows continued on the next page loses its label there. So the rows'
heights are estimated (Noto Sans widths, lines filled to :data:`ROW_FILL` of their
width, the styles' sizes and spacing, :data:`SAFETY` to spare), the rows are spread
over the pages they need with at least three on the last, and the table is split into
one table per page, each with its header rows, the next starting a new page; the first
row of each page restarts the merge with the label.
"""

from __future__ import annotations

import html
import re

from .. import measure
from .tables import _P_STYLE, _TEXT, Fonts, _each_table, _elements, _Grid, _margins

SAFETY = 1.02  # estimated heights are raised by this much: break early, never late
ROW_FILL = 0.97  # share of a line's width text is taken to fill (measure.FILL, 0.94, is
# the decks' margin for renderers that differ; Word and LibreOffice set Noto Sans alike)
MIN_ROWS = 3
_TWIPS = re.compile(r'w:(w|h|top|bottom|left|right)="(\d+)"')
_CELL_WIDTH = re.compile(r'<w:tcW\b[^>]*?\bw:w="(\d+)"')
_ROW_HEIGHT = re.compile(r'<w:trHeight w:val="(\d+)"')
_VERTICAL = re.compile(r'<w:(top|bottom) w:w="(\d+)"')
HEIGHTS_KEPT = 2000  # cell heights remembered per template (headers and blank cells repeat)
_BREAK = ('<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:before="0" w:after="0" '
          'w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>'
          "</w:pPr></w:p>")


def paginate(xml: str, fonts: Fonts, marker: str) -> str:
    """``xml`` (a ``word/document.xml``) with each table holding a paragraph in style
    ``marker`` (the merged label's) cut into pages; unchanged when it fits one page."""
    if f'w:val="{marker}"' not in xml:
        return xml

    def cut(table: str, start: int) -> str | None:
        page = _page_of(xml, start)
        if f'<w:pStyle w:val="{marker}"/>' not in table or page is None:
            return None
        room, width = page
        return _cut(table, fonts, marker, room - _above(xml, start, fonts, width), room)

    return _each_table(xml, cut, with_position=True)


def keep_rows(xml: str, fonts: Fonts) -> str:
    """:func:`.tables.keep_rows_together` with rows and pages measured."""
    from .tables import keep_rows_together

    def height(grid: _Grid, r: int) -> float:
        sides, vertical = _table_margins(grid.table)
        return _row_height(grid, r, fonts, sides, vertical) * SAFETY

    def room(doc: str, at: int) -> float | None:
        page = _page_of(doc, at)
        return page[0] if page else None

    return keep_rows_together(xml, height, room)


def _table_margins(table: str) -> tuple[tuple[int, int], int]:
    properties = table[:table.find("<w:tblGrid>")]
    mar = properties.find("<w:tblCellMar>")
    cell_margins = properties[mar:properties.find("</w:tblCellMar>", mar)] if mar >= 0 else ""
    vertical = sum(int(v) for k, v in _VERTICAL.findall(cell_margins))
    return _margins(cell_margins), vertical


def _page_of(xml: str, at: int) -> tuple[float, float] | None:
    """(height, width) in points of the text area of the section holding ``at``."""
    sect = xml.find("<w:sectPr", at)
    if sect < 0:
        return None
    props = xml[sect:xml.find("</w:sectPr>", sect)]
    size_at, mar = props.find("<w:pgSz"), props.find("<w:pgMar")
    size = dict(_TWIPS.findall(props[size_at:props.find("/>", size_at)]))
    margins = dict(_TWIPS.findall(props[mar:props.find("/>", mar)]))
    try:
        height = int(size["h"]) - int(margins["top"]) - int(margins["bottom"])
        width = int(size["w"]) - int(margins["left"]) - int(margins["right"])
    except KeyError:
        return None
    return height / 20, width / 20


def _above(xml: str, at: int, fonts: Fonts, width: float) -> float:
    """The height of the paragraphs between the start of the section and ``at``."""
    start = xml.rfind("</w:sectPr>", 0, at)
    start = xml.find("</w:p>", start) + 6 if start >= 0 else xml.find("<w:body>")
    paragraphs = list(_elements(xml, "p", start, at))
    height = sum(_paragraph_height(xml[s:e], fonts, width) for s, e in paragraphs)
    if paragraphs:  # the space before the first paragraph of a page is not printed
        style = _P_STYLE.search(xml[slice(*paragraphs[0])])
        before = fonts.spacing.get(style.group(1) if style else "Normal", (0, 0, 0))[0]
        height -= before / 20
    return height * SAFETY


def _paragraph_height(paragraph: str, fonts: Fonts, width: float) -> float:
    style = _P_STYLE.search(paragraph)
    sid = style.group(1) if style else "Normal"
    size, bold = fonts.paragraph.get(sid, (None, None))
    size = size or fonts.size
    before, after, line = fonts.spacing.get(sid, fonts.spacing.get("", (0, 0, 240)))
    text = html.unescape("".join(_TEXT.findall(paragraph)))
    lines = measure.line_count(text, width * ROW_FILL, size, bool(bold)) if text else 1
    return (before + after) / 20 + lines * size * measure.LINE_HEIGHT * max(line, 240) / 240


def _cut(table: str, fonts: Fonts, marker: str, first: float, room: float) -> str | None:
    grid = _Grid.read(table)
    if grid is None:
        return None
    header = [r for r in range(len(grid.rows)) if grid.is_header(r)]
    body = [r for r in range(len(grid.rows)) if r not in header]
    sides, vertical = _table_margins(table)
    heights = {r: _row_height(grid, r, fonts, sides, vertical) * SAFETY
               for r in range(len(grid.rows))}
    head = sum(heights[r] for r in header)
    pages = _spread([heights[r] for r in body], first - head, room - head)
    if len(pages) < 2:
        return None
    t = grid.table
    top = t[:grid.grid[1]]
    header_rows = "".join(t[slice(*grid.rows[r][0])] for r in header)
    label = _label_cells(grid, body, marker)
    tables, at = [], 0
    for count in pages:
        rows = body[at:at + count]
        markup = [t[slice(*grid.rows[r][0])] for r in rows]
        if label.get(rows[0]):
            markup[0] = label[rows[0]]
        tables.append(top + header_rows + "".join(markup) + "</w:tbl>")
        at += count
    return _BREAK.join(tables)


def _row_height(grid: _Grid, r: int, fonts: Fonts, sides: tuple[int, int],
                vertical: int) -> float:
    tallest = 0.0
    for j in range(len(grid.widths)):
        tallest = max(tallest, _cell_height(grid.cell(r, j), grid.widths[j], sides, fonts))
    row = grid.table[slice(*grid.rows[r][0])]
    least = _ROW_HEIGHT.search(row)
    return max(tallest + vertical / 20 + 0.5, int(least.group(1)) / 20 if least else 0)


# The height of a cell's paragraphs (points), in a grid column ``column`` twips wide and a
# table whose cells have the margins ``sides``; remembered per cell markup, column and
# margins, as header and blank cells repeat from table to table. (A comment: as a docstring
# here, the catalogs' extractor took it for a label.)
def _cell_height(cell: str, column: int, sides: tuple[int, int], fonts: Fonts) -> float:
    key = (cell, column, sides)
    found = fonts.heights.get(key)
    if found is None:
        if len(fonts.heights) > HEIGHTS_KEPT:
            fonts.heights.clear()
        width = _CELL_WIDTH.search(cell)
        inner = int(width.group(1)) if width else column
        own = cell.find("<w:tcMar>")
        left, right = _margins(cell[own:cell.find("</w:tcMar>", own)], sides) if own >= 0 \
            else sides
        inner = max(1.0, (inner - left - right) / 20)
        found = fonts.heights[key] = sum(
            _paragraph_height(cell[s:e], fonts, inner) for s, e in _elements(cell, "p"))
    return found


def _spread(heights: list[float], first: float, room: float) -> list[int]:
    """How many rows each page takes: filled in order, then rows moved from the end of each
    page to the next until the last holds at least :data:`MIN_ROWS`."""
    pages: list[int] = []
    used, count, limit = 0.0, 0, first
    for h in heights:
        if count and used + h > limit:
            pages.append(count)
            used, count, limit = 0.0, 0, room
        used += h
        count += 1
    pages.append(count)
    for n in range(len(pages) - 1, 0, -1):
        while pages[n] < MIN_ROWS and pages[n - 1] > MIN_ROWS:
            start = sum(pages[:n]) - 1  # the row to move
            moved = sum(heights[start:start + pages[n] + 1])
            if moved > room:
                break
            pages[n - 1] -= 1
            pages[n] += 1
    return pages


def _label_cells(grid: _Grid, body: list[int], marker: str) -> dict[int, str]:
    """For each body row that continues a merged label, that row with the merge restarted
    and the label written in (used where the row starts a page)."""
    t = grid.table
    column = next((j for j in range(len(grid.widths))
                   if any(f'w:val="{marker}"' in grid.cell(r, j) for r in body)), None)
    if column is None:
        return {}
    rows: dict[int, str] = {}
    label = None
    for r in body:
        cell = grid.cell(r, column)
        if "<w:vMerge/>" not in cell and '<w:vMerge w:val="continue"/>' not in cell:
            label = cell
            continue
        if label is None:
            continue
        (row_start, row_end), cells = grid.rows[r]
        c_start, c_end = cells[column]
        rows[r] = t[row_start:c_start] + label + t[c_end:row_end]
    return rows
