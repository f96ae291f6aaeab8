"""PowerPoint decks from a view of slides, laid out on a template's named layouts.

A document module describes a :class:`~generator.render.deck.Deck`: a title
slide and slides made of one or two generic blocks (text, table, chart,
tiles) holding print-ready strings and chart values. :func:`write` only lays
them out:

* each slide goes on the template layout named for its blocks
  (``docgen Content``, ``docgen Two Content``, ``docgen Table``,
  ``docgen Chart``; the title slide on ``docgen Title``); a block fills the
  layout's content placeholder, left to right, so a designer moves and
  restyles regions in PowerPoint without touching code. A missing layout is a
  :class:`~generator.errors.TemplateError` naming it;
* text and tables are measured before they are placed
  (:mod:`generator.render.flow`): what does not fit continues on the next
  slide under the same title marked as continued, a table with its header
  row repeated;
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
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

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
from .deck import (
    STATUS_COLOURS,
    Align,
    Cell,
    Chart,
    Deck,
    Tiles,
    TitleSlide,
    clean_text,
)
from .flow import (
    CELL_INSET_Y,
    PT,
    TEXT_INSET,
    TITLE_LAYOUT,
    Box,
    Page,
    Styles,
    TablePage,
    TextPage,
    fit_size,
    line_height,
    pages,
    paragraph_metrics,
)
from .package import read_package, write_package

_REGION_TYPES_SKIPPED = ("TITLE", "CENTER_TITLE", "SUBTITLE", "FOOTER", "SLIDE_NUMBER", "DATE")


# --- the template --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Layout:
    """A layout's name and its content regions, left to right."""

    name: str
    regions: tuple[Box, ...]
    indexes: tuple[int, ...]  # the regions' placeholder idx
    labels: tuple[str, ...]  # and names


@dataclass(frozen=True)
class _Template:
    """A template read once: its bytes, its layouts by name, its text sizes."""

    path: Path
    blob: bytes
    layouts: dict[str, _Layout]
    styles: Styles

    def layout(self, name: str) -> _Layout:
        try:
            return self.layouts[name]
        except KeyError:
            found = ", ".join(f'"{n}"' for n in self.layouts) or "none"
            raise TemplateError(
                f'{self.path}: the template has no slide layout named "{name}" '
                f"(its layouts: {found})"
            ) from None

    def regions(self, name: str, count: int) -> tuple[Box, ...]:
        """The first ``count`` content regions of layout ``name``; TemplateError if fewer."""
        layout = self.layout(name)
        if len(layout.regions) < count:
            raise TemplateError(
                f'{self.path}: layout "{layout.name}" needs {count} content '
                f"placeholder(s), it has {len(layout.regions)}"
            )
        return layout.regions[:count]


def _region_placeholders(layout) -> list:
    regions = [ph for ph in layout.placeholders
               if ph.placeholder_format.type.name not in _REGION_TYPES_SKIPPED]
    return sorted(regions, key=lambda ph: (ph.left, ph.top))


def _box(shape) -> Box:
    return Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))


def _styles(master) -> Styles:
    def sizes(style: str, attr: str, default: float, scale: float) -> tuple[float, ...]:
        out = []
        for level in range(1, 10):
            found = master._element.xpath(f"p:txStyles/p:{style}/a:lvl{level}pPr/{attr}")
            out.append(int(found[0]) / scale if found else default)
        return tuple(out)

    title = sizes("titleStyle", "a:defRPr/@sz", 28, 100)[0]
    body = sizes("bodyStyle", "a:defRPr/@sz", 18, 100)
    before = sizes("bodyStyle", "a:spcBef/a:spcPts/@val", 0, 100)
    indent = sizes("bodyStyle", "@marL", 0, PT)
    return Styles(title, body, before, indent)


@lru_cache(maxsize=8)
def _read_template(path: Path, mtime_ns: int, size: int) -> _Template:
    try:
        blob = path.read_bytes()
        prs = Presentation(io.BytesIO(blob))
    except Exception as exc:  # python-pptx raises several types for a file it cannot read
        raise TemplateError(f"{path}: not a readable PowerPoint template ({exc})") from None
    layouts = {}
    for layout in prs.slide_layouts:
        found = _region_placeholders(layout)
        layouts.setdefault(layout.name, _Layout(
            layout.name, tuple(_box(ph) for ph in found),
            tuple(ph.placeholder_format.idx for ph in found), tuple(ph.name for ph in found),
        ))
    return _Template(path, blob, layouts, _styles(prs.slide_master))


def load_template(path: Path) -> _Template:
    """The template at ``path``, read once per process and file version."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot open template ({exc.strerror})") from None
    return _read_template(path, stat.st_mtime_ns, stat.st_size)


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
        _put_text(p, line)
        if align:
            p.alignment = {"left": PP_ALIGN.LEFT, "right": PP_ALIGN.RIGHT,
                           "center": PP_ALIGN.CENTER}[align]
        for run in p.runs:
            _format_run(run, size and Pt(size), bold, colour)


SYMBOL_FONT = "Noto Sans Symbols2"
"""The font for arrows and geometric shapes (▲ ▼ ▶), which Noto Sans lacks."""
_SYMBOLS = re.compile(r"([\u2190-\u21ff\u25a0-\u25ff]+)")


def _put_text(paragraph, text: str) -> None:
    """``text`` as the paragraph's runs: line feeds as line breaks, symbols in
    :data:`SYMBOL_FONT` so that no viewer substitutes a font of its own."""
    for child in list(paragraph._p):
        if child.tag in (qn("a:r"), qn("a:br"), qn("a:fld")):
            paragraph._p.remove(child)
    for n, line in enumerate(text.split("\n")):
        if n:
            paragraph.add_line_break()
        for part in _SYMBOLS.split(line):
            if not part:
                continue
            run = paragraph.add_run()
            run.text = part
            if _SYMBOLS.fullmatch(part):
                props = run._r.get_or_add_rPr()
                for tag in ("a:latin", "a:ea", "a:cs"):
                    props.append(props.makeelement(qn(tag), {"typeface": SYMBOL_FONT}))


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


def _set_title(shape, text: str, base: float) -> None:
    width = shape.width / PT - 2 * TEXT_INSET
    height = shape.height / PT - 2 * CELL_INSET_Y
    size = fit_size(text, width, height, base, 16, True)
    _set_text(shape.text_frame, text, size=size if size != base else None)


def _remove(shape) -> None:
    element = shape._element
    element.getparent().remove(element)


_NUMBER_INDENT = 0.42 * 914400  # room for "10." before a numbered entry, EMU


def _fill_text(placeholder, page: TextPage, styles: Styles) -> None:
    text = page.text
    frame = placeholder.text_frame
    for n, para in enumerate(text.paragraphs):
        p = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        _put_text(p, clean_text(para.text))
        p_pr = p._p.get_or_add_pPr()
        size, _, _, _ = paragraph_metrics(para, styles, page.scale)
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


def _draw_table(slide, page: TablePage, box: Box) -> None:
    table = page.table
    rows = [tuple(Cell(c.header, bold=True) for c in table.columns), *table.rows]
    if table.footer is not None:
        rows.append(tuple(replace(c, bold=True) for c in table.footer))
    height = sum(round(h * PT) for h in page.heights)
    frame = slide.shapes.add_table(len(rows), len(table.columns), box.left, box.top,
                                   box.width, height)
    grid = frame.table
    grid.first_row = True
    grid.horz_banding = True
    grid.last_row = table.footer is not None
    for column, width in zip(grid.columns, page.widths, strict=True):
        column.width = width
    for row, h in zip(grid.rows, page.heights, strict=True):
        row.height = round(h * PT)
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
    gap = 14 * PT
    columns = count if box.width_pt / max(count, 1) >= 150 else max(1, min(count, 2))
    if box.width_pt < 220:
        columns = 1
    rows = math.ceil(count / columns)
    width = (box.width - gap * (columns - 1)) // columns
    height = min((box.height - gap * (rows - 1)) // rows, 170 * PT)
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
        inner = width / PT - 2 * TEXT_INSET
        value_size = fit_size(tile.value, inner, 1.05 * line_height(40), 40, 16, True)
        texts = [(tile.value, value_size), (tile.label, 16.0)]
        if tile.note:
            texts.append((tile.note, 14.0))
        for k, (text, size) in enumerate(texts):
            p = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
            _put_text(p, clean_text(text))
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


def _footer_parts(layout) -> list[tuple[str, object]]:
    """The layout's footer and slide-number placeholders (kind, element), to copy."""
    return [(ph.placeholder_format.type.name, ph._element) for ph in layout.placeholders
            if ph.placeholder_format.type.name in ("FOOTER", "SLIDE_NUMBER")]


def _add_footers(slide, parts, footer: str, number: int) -> None:
    """Copies of the layout's footer and slide-number placeholders, filled in."""
    for kind, original in parts:
        element = copy.deepcopy(original)
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
            fitted = fit_size(text, shape.width / PT, shape.height / PT, size, 8, True)
            if runs:
                runs[0].text = clean_text(text).replace("\n", " ")
                for run in runs[1:]:
                    run._r.getparent().remove(run._r)
                if fitted != size:
                    runs[0].font.size = fitted * PT
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


def _page(prs, layout, footers, page: Page, number: int, deck: Deck,
          template: _Template) -> None:
    slide = prs.slides.add_slide(layout)
    title = slide.shapes.title
    if title is None:
        raise TemplateError(f'{template.path}: layout "{layout.name}" needs a title placeholder')
    _set_title(title, page.title, template.styles.title)
    info = template.layouts[page.layout]
    by_idx = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
    for n, (idx, box, label) in enumerate(zip(info.indexes, info.regions, info.labels,
                                              strict=True)):
        target = by_idx.get(idx)
        block = page.blocks[n] if n < len(page.blocks) else None
        if isinstance(block, TextPage):
            if target is None or not target.has_text_frame:
                raise TemplateError(
                    f'{template.path}: layout "{layout.name}": placeholder '
                    f'"{label}" cannot hold text'
                )
            _fill_text(target, block, template.styles)
            continue
        if target is not None:
            _remove(target)
        if isinstance(block, TablePage):
            _draw_table(slide, block, box)
        elif isinstance(block, Chart):
            _draw_chart(slide, block, box, deck.created, deck.language)
        elif isinstance(block, Tiles):
            _draw_tiles(slide, block, box)
    _add_footers(slide, footers, deck.footer, number)
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
    found = [page for slide in deck.slides
             for page in pages(slide, template.regions, template.styles, deck.continued)]
    prs = Presentation(io.BytesIO(template.blob))
    _drop_slides(prs)
    _fill_logos(prs, deck.logo)
    layouts = {}
    for layout in prs.slide_layouts:
        layouts.setdefault(layout.name, layout)
    _title_slide(prs, layouts[TITLE_LAYOUT], deck.title_slide, template)
    if deck.language:
        _mark_language(prs.slides[0], deck.language)
    footers = {name: _footer_parts(layouts[name]) for name in {p.layout for p in found}}
    for number, page in enumerate(found, start=2):
        _page(prs, layouts[page.layout], footers[page.layout], page, number, deck, template)
    _properties(prs, deck)
    buffer = io.BytesIO()
    prs.save(buffer)
    return write_package(read_package(buffer.getvalue()), {})
