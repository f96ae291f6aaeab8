"""Native, editable charts for a deck: the chart part and its embedded workbook.

python-pptx's chart data API writes the chart XML with every value cached in
it (PowerPoint and LibreOffice draw from these), styled here: title, legend
at the bottom, gridlines, number formats, theme colours per series, dashed
lines without markers, data labels. The embedded workbook holds the same
values so that "Edit Data" works; each chart gets its own part and workbook.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from pptx.chart.chart import Chart as PptxChart
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
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Pt
from xlsxwriter import Workbook

from .deck import Chart, clean_text
from .drawingml import lines
from .pptx_template import part_xml

_SERIES_COLOURS = ("ACCENT_1", "ACCENT_2", "ACCENT_5", "ACCENT_3", "ACCENT_4", "ACCENT_6")
_KINDS = {"line": XL_CHART_TYPE.LINE_MARKERS, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
          "bar": XL_CHART_TYPE.BAR_CLUSTERED}


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


def chart_parts(chart: Chart, created: dt.datetime, language: str) -> tuple[bytes, bytes]:
    """The chart part's XML (its workbook related as ``rId1``) and the workbook."""
    data = _chart_data(created.replace(tzinfo=None), chart.number_format)
    data.categories = [clean_text(c) for c in chart.categories]
    for series in chart.series:
        data.add_series(clean_text(series.name), series.values)
    space = parse_xml(data.xml_bytes(_KINDS[chart.kind]))
    space.get_or_add_externalData().rId = "rId1"
    _style(PptxChart(space, None), chart, language)
    return part_xml(space), data.xlsx_blob


def _set_title(frame, value: str, size: float, bold: bool) -> None:
    """``value`` as the title frame's paragraphs (the first keeps its properties)."""
    body = frame._txBody
    first = body.p_lst[0]
    for extra in body.p_lst[1:]:
        body.remove(extra)
    for child in list(first):
        if child.tag in (qn("a:r"), qn("a:br"), qn("a:fld")):
            first.remove(child)
    markup = lines(clean_text(value), size=size, bold=bold)
    parsed = parse_xml(f'<a:txBody xmlns:a="{_NS_A}">{markup}</a:txBody>')
    paragraphs = list(parsed)
    end = first.find(qn("a:endParaRPr"))
    for child in list(paragraphs[0]):
        if end is None:
            first.append(child)
        else:
            end.addprevious(child)
    for p in paragraphs[1:]:
        body.append(p)


_NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _style(c, chart: Chart, language: str) -> None:
    if language:
        space = c._chartSpace
        lang = space.makeelement(qn("c:lang"), {"val": language})
        space.insert(list(space).index(space.find(qn("c:date1904"))) + 1, lang)
    c.font.size = Pt(12)
    c.has_title = True
    _set_title(c.chart_title.text_frame, chart.title, 16, True)
    c.has_legend = True
    c.legend.position = XL_LEGEND_POSITION.BOTTOM
    c.legend.include_in_layout = False
    values = c.value_axis
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = RGBColor.from_string("D9DEE4")
    values.format.line.fill.background()
    values.tick_labels.number_format = chart.number_format
    values.tick_labels.number_format_is_linked = False
    categories = c.category_axis
    categories.has_major_gridlines = False
    for axis, title in ((values, chart.value_title), (categories, chart.category_title)):
        if title:
            axis.has_title = True
            _set_title(axis.axis_title.text_frame, title, 12, False)
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
