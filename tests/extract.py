"""The text of a written document, as plain lines a reviewer can read in a diff.

:func:`document_text` reads a ``.docx`` or ``.pptx`` (a path or its bytes) back with
python-docx / python-pptx and returns every text a reader sees, in reading order:

* Word: headers and footers of each section, then the body's paragraphs (a
  heading as ``#`` marks by level) and tables (``| cell | cell |``, one row a
  line, a nested table indented); fields show their last computed result.
* PowerPoint: per slide, its layout, then each shape's text (title, text
  frames, table rows, a chart's type, categories and series values, a group's
  shapes) and the speaker notes.

Lines are stable for the same file (no ids, no sizes), so the result can be
kept as a golden file and compared; other tests can use the smaller helpers
(:func:`docx_lines`, :func:`pptx_lines`, :func:`slide_lines`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACES = re.compile(r"[ \t]+\n|[ \t]+$")


def document_text(source: Path | bytes, suffix: str | None = None) -> str:
    """The document's lines joined with newlines, ending in one newline."""
    if suffix is None:
        suffix = Path(source).suffix if isinstance(source, Path | str) else _sniff(source)
    blob = source if isinstance(source, bytes) else Path(source).read_bytes()
    lines = docx_lines(blob) if suffix == ".docx" else pptx_lines(blob)
    return "\n".join(lines) + "\n"


def _sniff(blob: bytes) -> str:
    return ".pptx" if b"ppt/presentation.xml" in blob else ".docx"


# --- Word ----------------------------------------------------------------------------------

def docx_lines(blob: bytes) -> list[str]:
    """Every line of a Word document: each section's header and footer, then the body."""
    from docx import Document

    doc = Document(io.BytesIO(blob))
    lines: list[str] = []
    seen: set[int] = set()
    for number, section in enumerate(doc.sections, 1):
        for name in ("header", "first_page_header", "footer", "first_page_footer"):
            part = getattr(section, name)
            if part.is_linked_to_previous or id(part._element) in seen:
                continue
            seen.add(id(part._element))
            text = list(_block_lines(part._element))
            if any(text):
                lines.append(f"[section {number} {name.replace('_', ' ')}]")
                lines.extend(text)
    lines.append("[body]")
    lines.extend(_block_lines(doc.element.body, styles=doc.styles))
    return lines


def _block_lines(parent, styles=None, indent: str = "") -> Iterator[str]:
    for child in parent.iterchildren():
        if child.tag == _W + "p":
            text = paragraph_text(child)
            level = _heading_level(child, styles)
            if level:
                yield f"{indent}{'#' * level} {text}"
            elif text:
                yield indent + ("- " if _is_list_item(child, styles) else "") + text
        elif child.tag == _W + "tbl":
            yield from _table_lines(child, styles, indent)
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _block_lines(content, styles, indent)


def _table_lines(tbl, styles, indent: str) -> Iterator[str]:
    yield indent + "[table]"
    for tr in tbl.iterchildren(_W + "tr"):
        cells, nested = [], []
        for tc in tr.iterchildren(_W + "tc"):
            texts = [paragraph_text(p) for p in tc.iterchildren(_W + "p")]
            cells.append(" / ".join(t for t in texts if t).replace("\n", " / "))
            nested.extend(tc.iterchildren(_W + "tbl"))
        yield indent + "| " + " | ".join(cells) + " |"
        for inner in nested:
            yield from _table_lines(inner, styles, indent + "    ")


def paragraph_text(p) -> str:
    """A ``w:p``'s text as Word shows it: runs, tabs and breaks, field results (not codes),
    deleted text left out."""
    out: list[str] = []
    in_code = []  # a stack: True while between fldChar begin and separate
    for el in p.iter():
        tag = el.tag
        if tag == _W + "fldChar":
            kind = el.get(_W + "fldCharType")
            if kind == "begin":
                in_code.append(True)
            elif kind == "separate" and in_code:
                in_code[-1] = False
            elif kind == "end" and in_code:
                in_code.pop()
        elif any(in_code) or _inside(el, _W + "del"):
            continue
        elif tag == _W + "t":
            out.append(el.text or "")
        elif tag == _W + "tab":
            out.append("\t")
        elif tag == _W + "cr" or (tag == _W + "br" and el.get(_W + "type") in (None, "textWrapping")):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("\u2011")
    return _SPACES.sub(lambda m: "\n" if "\n" in m.group() else "", "".join(out))


def _inside(el, tag: str) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _style_name(p, styles) -> str:
    ppr = p.find(_W + "pPr")
    style = ppr.find(_W + "pStyle") if ppr is not None else None
    if style is None or styles is None:
        return ""
    style_id = style.get(_W + "val")
    try:
        return styles.element.get_by_id(style_id).name_val or ""
    except AttributeError:
        return style_id or ""


def _is_list_item(p, styles) -> bool:
    ppr = p.find(_W + "pPr")
    return (ppr is not None and ppr.find(_W + "numPr") is not None) or \
        "list" in _style_name(p, styles).lower()


def _heading_level(p, styles) -> int:
    name = _style_name(p, styles)
    match = re.fullmatch(r"(?:heading|Heading) ?(\d)", name or "")
    if match:
        return int(match.group(1))
    return 1 if (name or "").lower() == "title" else 0


# --- PowerPoint ----------------------------------------------------------------------------

def pptx_lines(blob: bytes) -> list[str]:
    """Every line of a deck, slide by slide."""
    from pptx import Presentation

    lines: list[str] = []
    for number, slide in enumerate(Presentation(io.BytesIO(blob)).slides, 1):
        lines.append(f"=== slide {number} ({slide.slide_layout.name}) ===")
        lines.extend(slide_lines(slide))
    return lines


def slide_lines(slide) -> list[str]:
    """A slide's shapes in order, then its speaker notes."""
    lines: list[str] = []
    for shape in slide.shapes:
        lines.extend(shape_lines(shape))
    if slide.has_notes_slide:
        notes = slide.notes_slide.notes_text_frame
        if notes is not None and notes.text.strip():
            lines.append("[notes]")
            lines.extend(_frame_lines(notes))
    return lines


def shape_lines(shape, indent: str = "") -> list[str]:
    """One shape's text: a text frame's paragraphs, a table's rows, a chart's data, a
    group's shapes."""
    lines: list[str] = []
    if getattr(shape, "has_table", False) and shape.has_table:
        lines.append(indent + "[table]")
        for row in shape.table.rows:
            lines.append(indent + "| " + " | ".join(_cell_text(c) for c in row.cells) + " |")
    elif getattr(shape, "has_chart", False) and shape.has_chart:
        lines.extend(indent + line for line in chart_lines(shape.chart))
    elif shape.shape_type is not None and shape.shape_type == 6:  # group
        for inner in shape.shapes:
            lines.extend(shape_lines(inner, indent + "    "))
    elif shape.has_text_frame and shape.text_frame.text.strip():
        frame = [indent + line for line in _frame_lines(shape.text_frame)]
        if _is_number_placeholder(shape):
            return []
        lines.extend(frame)
    return lines


def _is_number_placeholder(shape) -> bool:
    if not shape.is_placeholder:
        return False
    try:
        return shape.placeholder_format.type == 13  # PP_PLACEHOLDER.SLIDE_NUMBER
    except ValueError:
        return False


def _frame_lines(frame) -> list[str]:
    lines = []
    for paragraph in frame.paragraphs:
        text = paragraph.text.replace("\v", " / ")
        if text.strip():
            lines.append("  " * paragraph.level + ("- " if paragraph.level else "") + text)
    return lines


def _cell_text(cell) -> str:
    return " / ".join(p.text.replace("\v", " / ") for p in cell.text_frame.paragraphs if p.text)


def chart_lines(chart) -> list[str]:
    """A chart's type and title, its categories and each series' values (as cached in the
    chart, which is what PowerPoint draws)."""
    title = chart.chart_title.text_frame.text if chart.has_title else ""
    lines = [f"[chart {chart.chart_type!s}{': ' + title if title else ''}]"]
    for name in ("category_axis", "value_axis"):
        try:
            axis = getattr(chart, name)
        except (ValueError, KeyError):
            continue
        if axis.has_title and axis.axis_title.text_frame.text:
            lines.append(f"{name.replace('_', ' ')}: {axis.axis_title.text_frame.text}")
    plots = list(chart.plots)
    if plots:
        categories = [str(c) for c in plots[0].categories]
        lines.append("categories: " + " | ".join(categories))
    for plot in plots:
        for series in plot.series:
            values = " | ".join(_number(v) for v in series.values)
            lines.append(f"{series.name}: {values}")
    return lines


def _number(value) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if isinstance(value, float) else str(value)
