"""Word tables finished after their rows are filled in: a column empty in every row is
dropped, as decks drop them, and the others share its width.

A template's table has one cell per column whatever the data; a client with no serial
numbers or versions would otherwise get a column of blank cells squeezing the ones with
text. Only tables in the table styles a document names are touched (a form's blank
columns, to fill in by hand, stay), and only simple grids: a table with merged cells is
left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"


def drop_empty_columns(xml: str, styles: Iterable[str]) -> str:
    """``xml`` (a ``word/document.xml``) with every column that is empty below the header
    rows removed from the tables in ``styles``; unchanged when there is none."""
    styles = frozenset(styles)
    if not any(f'w:tblStyle w:val="{style}"' in xml for style in styles):
        return xml
    head, _, body = xml.partition("?>") if xml.startswith("<?xml") else ("", "", xml)
    root = etree.fromstring(body.encode("utf-8"))
    changed = False
    for table in root.iter(_W + "tbl"):
        style = table.find(f"{_W}tblPr/{_W}tblStyle")
        if style is not None and style.get(_W + "val") in styles:
            changed |= _drop(table)
    if not changed:
        return xml
    out = etree.tostring(root, encoding="unicode")
    return f"{head}?>{out}" if head else out


def _drop(table) -> bool:
    rows = table.findall(_W + "tr")
    cells = [row.findall(_W + "tc") for row in rows]
    grid = table.find(_W + "tblGrid")
    columns = grid.findall(_W + "gridCol") if grid is not None else []
    if not columns or any(len(r) != len(columns) for r in cells) or _merged(table):
        return False
    body = [r for row, r in zip(rows, cells, strict=True) if not _is_header(row)]
    if not body:
        return False
    empty = [j for j in range(len(columns)) if all(not _has_content(r[j]) for r in body)]
    if not empty or len(empty) == len(columns):
        return False
    widths = [int(c.get(_W + "w", "0")) for c in columns]
    total = sum(widths)
    kept = [j for j in range(len(columns)) if j not in empty]
    share = sum(widths[j] for j in kept)
    new = {j: widths[j] * total // share for j in kept}
    new[kept[-1]] += total - sum(new.values())
    for j in reversed(empty):
        grid.remove(columns[j])
        for r in cells:
            r[j].getparent().remove(r[j])
    for j in kept:
        columns[j].set(_W + "w", str(new[j]))
        for r in cells:
            width = r[j].find(f"{_W}tcPr/{_W}tcW")
            if width is not None and width.get(_W + "type", "dxa") == "dxa":
                width.set(_W + "w", str(new[j]))
    return True


def _is_header(row) -> bool:
    return row.find(f"{_W}trPr/{_W}tblHeader") is not None


def _merged(table) -> bool:
    return any(True for _ in table.iter(_W + "gridSpan", _W + "vMerge", _W + "hMerge"))


def _has_content(cell) -> bool:
    if any((t.text or "").strip() for t in cell.iter(_W + "t")):
        return True
    return any(True for _ in cell.iter(_W + "drawing", _W + "pict", _W + "object"))
