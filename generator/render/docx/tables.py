"""Word tables finished after their rows are filled in, from what the rows hold.

* :func:`drop_empty_columns`: a column empty in every row below the header is dropped,
  as decks drop them, and the others share its width. A template's table has one cell
  per column whatever the data; a client with no serial numbers or versions would
  otherwise get columns of blank cells squeezing the ones with text. Only tables in the
  table styles a document names are touched (a form's blank columns, to fill in by hand,
  stay).
* :func:`fit_longest_words`: a column narrower than its longest word is widened, at the
  expense of columns with room to spare, so that no word is broken between two letters
  (a word longer than any share of the table is left to hyphenation).

Only simple grids are changed (one cell per grid column, no nested table, no cell
spanning columns). The markup is read with string searches, not parsed: this runs on
every Word document docgen writes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .. import measure
from ..measure import FILL

DEFAULT_CELL_MARGIN = 108  # twips: Word's left and right cell margin
_EPSILON = 20  # twips (1 pt) to spare: renderers round differently
_GRID_COL = re.compile(r'<w:gridCol w:w="(\d+)"/>')
_CELL_WIDTH = re.compile(r'(<w:tcW\b[^>]*?\bw:w=")(\d+)(")')
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_P_STYLE = re.compile(r'<w:pStyle w:val="([^"]+)"/>')
_R_STYLE = re.compile(r'<w:rStyle w:val="([^"]+)"/>')
_SIZE = re.compile(r'<w:sz w:val="(\d+)"/>')
_BOLD = re.compile(r'<w:b(?: w:val="(\w+)")?/>')
_MARGIN = re.compile(r'<w:(left|start|right|end) w:w="(\d+)" w:type="dxa"/>')
_TABLE_STYLE = re.compile(r'<w:tblStyle w:val="([^"]+)"/>')
_SPACE = re.compile(r"(\s+)")


def _elements(xml: str, tag: str, start: int = 0, end: int | None = None
              ) -> Iterator[tuple[int, int]]:
    """(start, end) of each ``<w:tag>`` element (not nested in itself) in ``xml[start:end]``."""
    end = len(xml) if end is None else end
    opening, closing = f"<w:{tag}", f"</w:{tag}>"
    size = len(opening)
    find = xml.find
    at = start
    while True:
        at = find(opening, at, end)
        if at < 0:
            return
        after = xml[at + size:at + size + 1]
        if after != ">":  # <w:p>, the common case, is neither empty nor another tag
            if after not in (" ", "/"):  # <w:tblPr> is not <w:tbl>
                at += size
                continue
            close_tag = find(">", at)
            if xml[close_tag - 1] == "/":  # <w:p/>
                yield at, close_tag + 1
                at = close_tag + 1
                continue
        stop = find(closing, at, end)
        if stop < 0:
            return
        yield at, stop + len(closing)
        at = stop + len(closing)


@dataclass
class _Grid:
    """A table read for its columns: the grid's widths and each row's cells."""

    table: str
    grid: tuple[int, int]  # the span of <w:tblGrid>...</w:tblGrid>
    widths: list[int]
    rows: list[tuple[tuple[int, int], list[tuple[int, int]]]]  # row span, cell spans

    @classmethod
    def read(cls, table: str) -> _Grid | None:
        """The grid of ``table``, None when it is not a simple grid. The last few tables
        read are remembered: each pass over a document (empty columns, widths, rows kept
        together, pages) reads every table again, most of them unchanged by the passes
        before. A grid is not changed once read."""
        return _read(table)

    @classmethod
    def _read(cls, table: str) -> _Grid | None:
        if table.find("<w:tbl>", 1) >= 0 or "<w:gridSpan" in table or "<w:hMerge" in table:
            return None
        grid_start = table.find("<w:tblGrid>")
        grid_end = table.find("</w:tblGrid>", grid_start)
        if grid_start < 0 or grid_end < 0:
            return None
        widths = [int(w) for w in _GRID_COL.findall(table, grid_start, grid_end)]
        rows = []
        for row in _elements(table, "tr", grid_end):
            cells = list(_elements(table, "tc", *row))
            if len(cells) != len(widths):
                return None
            rows.append((row, cells))
        return cls(table, (grid_start, grid_end + len("</w:tblGrid>")), widths, rows)

    def cell(self, row: int, column: int) -> str:
        start, end = self.rows[row][1][column]
        return self.table[start:end]

    def is_header(self, row: int) -> bool:
        (start, end), cells = self.rows[row]
        return "<w:tblHeader/>" in self.table[start:cells[0][0] if cells else end]

    def write(self, keep: list[int], widths: dict[int, int]) -> str:
        """The table with only the columns ``keep``, at ``widths``."""
        t = self.table
        grid = "".join(f'<w:gridCol w:w="{widths[j]}"/>' for j in keep)
        out = [t[:self.grid[0]], f"<w:tblGrid>{grid}</w:tblGrid>"]
        last = self.grid[1]
        for (_, end), cells in self.rows:
            out.append(t[last:cells[0][0] if cells else end])
            for j in keep:
                cell = t[cells[j][0]:cells[j][1]]
                out.append(_CELL_WIDTH.sub(lambda m, w=widths[j]: f"{m.group(1)}{w}{m.group(3)}",
                                           cell, count=1))
            last = cells[-1][1] if cells else end
        out.append(t[last:])
        return "".join(out)


@lru_cache(maxsize=16)
def _read(table: str) -> _Grid | None:
    return _Grid._read(table)


def _each_table(xml: str, change, with_position: bool = False) -> str:
    out, last = [], 0
    for start, end in _elements(xml, "tbl"):
        table = xml[start:end]
        changed = change(table, start) if with_position else change(table)
        if changed is not None and changed != table:
            out += [xml[last:start], changed]
            last = end
    if not out:
        return xml
    out.append(xml[last:])
    return "".join(out)


# --- empty columns ---------------------------------------------------------------------------

def drop_empty_columns(xml: str, styles: Iterable[str]) -> str:
    """``xml`` (a ``word/document.xml``) with every column that is empty below the header
    rows removed from the tables in ``styles``; unchanged when there is none."""
    marks = tuple(f'<w:tblStyle w:val="{style}"/>' for style in styles)
    if not any(mark in xml for mark in marks):
        return xml

    def drop(table: str) -> str | None:
        head = table[:table.find("</w:tblPr>")]
        if not any(mark in head for mark in marks) or "<w:vMerge" in table:
            return None
        grid = _Grid.read(table)
        if grid is None:
            return None
        body = [r for r in range(len(grid.rows)) if not grid.is_header(r)]
        columns = range(len(grid.widths))
        empty = [j for j in columns if body and
                 all(not _has_content(grid.cell(r, j)) for r in body)]
        if not empty or len(empty) == len(grid.widths):
            return None
        kept = [j for j in columns if j not in empty]
        total, share = sum(grid.widths), sum(grid.widths[j] for j in kept)
        widths = {j: grid.widths[j] * total // share for j in kept}
        widths[kept[-1]] += total - sum(widths.values())
        return grid.write(kept, widths)

    return _each_table(xml, drop)


def _has_content(cell: str) -> bool:
    if any(text.strip() for text in _TEXT.findall(cell)):
        return True
    return any(tag in cell for tag in ("<w:drawing", "<w:pict", "<w:object"))


# --- columns as wide as their longest word ------------------------------------------------

@dataclass(frozen=True)
class Fonts:
    """Font sizes (points) and boldness of a template's styles, inheritance resolved."""

    size: float  # the document default
    paragraph: dict[str, tuple[float | None, bool | None]]
    character: dict[str, tuple[float | None, bool | None]]
    margins: dict[str, tuple[int, int]]  # table style -> left and right cell margins (twips)
    spacing: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    """Paragraph style (and "" for the default) -> space before, after (twips) and line
    spacing (240ths of a line)."""
    widest: dict[str, float] = field(default_factory=dict, compare=False)  # cell -> points
    heights: dict[tuple[str, int, tuple[int, int]], float] = field(default_factory=dict,
                                                                    compare=False)
    """(cell, column width, table's cell margins) -> points (:mod:`.grid`)."""


def fonts(styles_xml: bytes) -> Fonts:
    """The :class:`Fonts` of a ``word/styles.xml``."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(styles_xml)
    default = root.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr/{w}sz")
    size = int(default.get(w + "val")) / 2 if default is not None else 10.0
    own: dict[tuple[str, str], tuple[float | None, bool | None, str | None]] = {}
    margins: dict[str, tuple[int, int]] = {}
    gaps: dict[str, tuple[str | None, dict[str, int]]] = {}

    def spacing_of(element) -> dict[str, int]:
        found = element.find(f"{w}pPr/{w}spacing") if element is not None else None
        if found is None:
            return {}
        return {k: int(found.get(w + k)) for k in ("before", "after", "line")
                if (found.get(w + k) or "").lstrip("-").isdigit()}

    default_gap = {"before": 0, "after": 0, "line": 240,
                   **spacing_of(root.find(f"{w}docDefaults/{w}pPrDefault"))}
    for style in root.iter(w + "style"):
        kind, sid = style.get(w + "type"), style.get(w + "styleId")
        if kind == "paragraph":
            up = style.find(w + "basedOn")
            gaps[sid] = (up.get(w + "val") if up is not None else None, spacing_of(style))
        sz = style.find(f"{w}rPr/{w}sz")
        bold = style.find(f"{w}rPr/{w}b")
        based = style.find(w + "basedOn")
        own[(kind, sid)] = (
            int(sz.get(w + "val")) / 2 if sz is not None else None,
            None if bold is None else bold.get(w + "val", "true") not in ("0", "false"),
            based.get(w + "val") if based is not None else None)
        mar = style.find(f"{w}tblPr/{w}tblCellMar")
        if kind == "table" and mar is not None:
            margins[sid] = _margins(etree.tostring(mar, encoding="unicode"))

    def resolve(kind: str, sid: str, depth: int = 0) -> tuple[float | None, bool | None]:
        sz, bold, based = own.get((kind, sid), (None, None, None))
        if based and depth < 20 and (sz is None or bold is None):
            up_sz, up_bold = resolve(kind, based, depth + 1)
            sz = up_sz if sz is None else sz
            bold = up_bold if bold is None else bold
        return sz, bold

    by_kind: dict[str, dict[str, tuple[float | None, bool | None]]] = {
        "paragraph": {}, "character": {}}
    for kind, sid in own:
        if kind in by_kind:
            by_kind[kind][sid] = resolve(kind, sid)

    def gap(sid: str, depth: int = 0) -> dict[str, int]:
        based, mine = gaps.get(sid, (None, {}))
        return {**(gap(based, depth + 1) if based and depth < 20 else default_gap), **mine}

    spacing = {sid: (g["before"], g["after"], g["line"]) for sid in gaps for g in [gap(sid)]}
    spacing[""] = (default_gap["before"], default_gap["after"], default_gap["line"])
    return Fonts(size, by_kind["paragraph"], by_kind["character"], margins, spacing)


def _margins(xml: str, fallback: tuple[int, int] = (DEFAULT_CELL_MARGIN,) * 2) -> tuple[int, int]:
    found = {side: int(w) for side, w in _MARGIN.findall(xml)}
    return (found.get("left", found.get("start", fallback[0])),
            found.get("right", found.get("end", fallback[1])))


def fit_longest_words(xml: str, fonts: Fonts) -> str:
    """``xml`` (a ``word/document.xml``) with each table column widened where it is
    narrower than its longest word, at the expense of the columns with room to spare (the
    table keeps its width). Words are measured in Noto Sans (:mod:`.measure`) at their
    styles' sizes."""
    return _each_table(xml, lambda table: _fit(table, fonts))


def _fit(table: str, fonts: Fonts) -> str | None:
    grid = _Grid.read(table)
    if grid is None or len(grid.widths) < 2:
        return None
    properties = table[:grid.grid[0]]
    style = _TABLE_STYLE.search(properties)
    base = fonts.margins.get(style.group(1), (DEFAULT_CELL_MARGIN,) * 2) if style else \
        (DEFAULT_CELL_MARGIN,) * 2
    mar = properties.find("<w:tblCellMar>")
    left, right = (_margins(properties[mar:properties.find("</w:tblCellMar>", mar)], base)
                   if mar >= 0 else base)
    need = [0.0] * len(grid.widths)
    for r in range(len(grid.rows)):
        for j in range(len(need)):
            need[j] = max(need[j], _longest_word(grid.cell(r, j), fonts))
    need = [w * 20 / FILL + left + right + _EPSILON if w else 0.0 for w in need]
    new = _widen(grid.widths, need)
    if new == grid.widths:
        return None
    return grid.write(list(range(len(new))), dict(enumerate(new)))


def _widen(widths: list[int], need: list[float]) -> list[int]:
    """Widths (same total) giving each column what it needs where the others can spare it."""
    short = [max(0.0, n - w) for w, n in zip(widths, need, strict=True)]
    if not any(s >= 1 for s in short):
        return widths
    spare = [max(0.0, w - n) for w, n in zip(widths, need, strict=True)]
    wanted, available = sum(short), sum(spare)
    if available <= 0:
        return widths
    give = min(1.0, available / wanted)
    take = wanted * give / available
    new = [round(w + s * give - p * take) for w, s, p in zip(widths, short, spare, strict=True)]
    new[max(range(len(new)), key=lambda j: spare[j])] += sum(widths) - sum(new)
    return new


def _longest_word(cell: str, fonts: Fonts) -> float:
    """The widest word of a cell's paragraphs, in points (remembered per cell markup: grid
    cells repeat)."""
    found = fonts.widest.get(cell)
    if found is None:
        if len(fonts.widest) > 20000:
            fonts.widest.clear()
        found = fonts.widest[cell] = _measure_cell(cell, fonts) if "</w:t>" in cell else 0.0
    return found


def _measure_cell(cell: str, fonts: Fonts) -> float:
    widest = 0.0
    for p_start, p_end in _elements(cell, "p"):
        paragraph = cell[p_start:p_end]
        style = _P_STYLE.search(paragraph)
        p_size, p_bold = fonts.paragraph.get(style.group(1) if style else "Normal",
                                             (None, None))
        word = 0.0
        for r_start, r_end in _elements(paragraph, "r"):
            run = paragraph[r_start:r_end]
            size, bold = p_size or fonts.size, bool(p_bold)
            r_style = _R_STYLE.search(run)
            if r_style:
                c_size, c_bold = fonts.character.get(r_style.group(1), (None, None))
                size, bold = c_size or size, bold if c_bold is None else c_bold
            sz = _SIZE.search(run)
            if sz:
                size = int(sz.group(1)) / 2
            b = _BOLD.search(run)
            if b:
                bold = b.group(1) not in ("0", "false")
            for text in _TEXT.findall(run):
                for k, part in enumerate(_SPACE.split(html.unescape(text))):
                    if k % 2:  # white space ends a word
                        widest, word = max(widest, word), 0.0
                    elif part:
                        word += measure.text_width(part, size, bold)
            if "<w:br" in run or "<w:tab" in run:
                widest, word = max(widest, word), 0.0
        widest = max(widest, word)
    return widest


# --- rows kept together ------------------------------------------------------------------------

KEEP_ROWS = 3  # a table never starts or ends a page with fewer body rows than this
LEAST_ROWS = 2  # ... unless its rows are so tall that three take more than half a page
FITS = 0.9  # share of a page a block kept together may fill (the heights are estimates)
TALL_ROW = 0.4  # a row taller than this share of a page may break across pages


def keep_rows_together(xml: str, height=None, room=None) -> str:
    """``xml`` (a ``word/document.xml``) with "keep with next" on the rows that must not be
    parted from the next: the header and the first body rows (a table starts a page with at
    least :data:`KEEP_ROWS` rows), the last rows but one (no page ends a table with fewer),
    and every row of a short table (kept whole). Tables with merged rows (the meeting grid,
    paginated by :mod:`.grid`) are left alone.

    ``height(grid, row)`` and ``room(xml, at)`` (points), when given, estimate a row's
    height and the page's (:func:`_kept_blocks`): tall rows are kept together only as far
    as a page holds them, and a short table too tall for one page is cut where its two
    parts are most alike, never leaving one tall row alone at the top of a page. A row
    taller than :data:`TALL_ROW` of a page may break across pages (its "can't split" is
    dropped): kept whole, it would leave most of a page empty when it does not fit.
    """

    def keep(table: str, at: int) -> str | None:
        if "<w:vMerge" in table or table.find("<w:tbl>", 1) >= 0:
            return None
        rows = list(_elements(table, "tr"))
        header = [r for r, (s, e) in enumerate(rows) if "<w:tblHeader/>" in
                  table[s:table.find("<w:tc", s, e) if table.find("<w:tc", s, e) > 0 else e]]
        body = [r for r in range(len(rows)) if r not in header]
        if len(body) < 2:
            return None
        split: set[int] = set()
        if height is None or room is None:
            first, last = header + body[:KEEP_ROWS], body[-KEEP_ROWS:]
            blocks = [first, last]
        else:
            grid = _Grid.read(table)
            page = room(xml, at)
            if grid is None or page is None or len(grid.rows) != len(rows):
                return None
            heights = {r: height(grid, r) for r in range(len(rows))}
            blocks = _kept_blocks(header, body, heights, page)
            split = {r for r in body if heights[r] > page * TALL_ROW}
        kept = {r for block in blocks for r in block[:-1]}
        if not kept and not split:
            return None
        out, done = [], 0
        for r in sorted(kept | split):
            start, end = rows[r]
            row = table[start:end]
            if r in split:  # may run on to the next page rather than leave this one empty
                row = row.replace("<w:cantSplit/>", "", 1)
            out += [table[done:start], _keep_with_next(row) if r in kept else row]
            done = end
        out.append(table[done:])
        return "".join(out)

    return _each_table(xml, keep, with_position=True)


def _kept_blocks(header: list[int], body: list[int], heights: dict[int, float],
                 page: float) -> list[list[int]]:
    """The runs of rows to keep on one page: the header with the first body rows and the
    last rows, each of :data:`KEEP_ROWS` rows cut down (to :data:`LEAST_ROWS`) while it
    takes more than half a ``page``, and further (to one) while a page cannot hold it. When
    the two runs meet, the table is kept whole if a page holds it, else cut in two where
    the parts' heights are most alike (each with the header, which repeats)."""
    def tall(rows: list[int]) -> float:
        return sum(heights[r] for r in rows)

    first, last = header + body[:KEEP_ROWS], body[-KEEP_ROWS:]
    for least, limit in ((LEAST_ROWS, page / 2), (1, page * FITS)):
        while len(first) > len(header) + least and tall(first) > limit:
            first = first[:-1]
        while len(last) > least and tall(last) > limit:
            last = last[1:]
    if first[-1] < last[0]:  # the runs do not meet: rows between them may part
        return [first, last]
    if tall(header) + tall(body) <= page * FITS:
        return [header + body]
    head = tall(header)
    cut = min(range(1, len(body)),
              key=lambda n: max(tall(body[:n]), tall(body[n:])))
    parts = [header + body[:cut], body[cut:]]
    if max(tall(parts[0]), head + tall(parts[1])) > page * FITS:
        return [header + body[:1]]  # rows too tall for any two to share a page
    return parts


_P_OPEN = re.compile(r"<w:p(?: [^>]*)?>(?:<w:pPr>(<w:pStyle [^>]*/>)?)?|<w:p/>")


def _keep_with_next(row: str) -> str:
    """``row`` (a table row or a paragraph) with "keep with next" on every paragraph."""
    def mark(m: re.Match) -> str:
        text = m.group()
        if text == "<w:p/>":
            return "<w:p><w:pPr><w:keepNext/></w:pPr></w:p>"
        if text.endswith("<w:pPr>") or m.group(1):
            return text + "<w:keepNext/>"
        return text + "<w:pPr><w:keepNext/></w:pPr>"

    marked = _P_OPEN.sub(mark, row.replace("<w:pPr/>", "<w:pPr></w:pPr>"))
    return marked.replace("<w:keepNext/><w:keepNext/>", "<w:keepNext/>").replace(
        "<w:keepNext/><w:keepNext", "<w:keepNext")
