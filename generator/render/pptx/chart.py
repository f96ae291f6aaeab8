"""Native, editable charts for a deck: the chart part and its embedded workbook.

python-pptx's chart data API writes the chart XML with every value cached in
it (PowerPoint and LibreOffice draw from these), styled here: title, legend
at the bottom, gridlines, number formats, theme colours per series, dashed
lines without markers, data labels. The embedded workbook holds the same
values so that "Edit Data" works (:mod:`generator.render.pptx.chart_workbook`);
each chart gets its own part and workbook.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE

from ..deck import Chart, clean_text
from . import drawingml as ml
from .chart_workbook import workbook
from .drawingml import part_xml

_SERIES_COLOURS = ("accent1", "accent2", "accent5", "accent3", "accent4", "accent6")
_KINDS = {"line": XL_CHART_TYPE.LINE_MARKERS, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
          "bar": XL_CHART_TYPE.BAR_CLUSTERED}


_C = f"{{{ml.NS_C}}}"
_A = f"{{{ml.NS_A}}}"
_PARSER = etree.XMLParser(remove_blank_text=True)
_DECLS = f'xmlns:c="{ml.NS_C}" xmlns:a="{ml.NS_A}" xmlns:r="{ml.NS_R}"'


def chart_parts(chart: Chart, created: dt.datetime, language: str) -> tuple[bytes, bytes]:
    """The chart part's XML (its workbook related as ``rId1``) and the workbook."""
    data = CategoryChartData(chart.number_format)
    data.categories = [clean_text(c) for c in chart.categories]
    for series in chart.series:
        data.add_series(clean_text(series.name), series.values)
    space = etree.fromstring(data.xml_bytes(_KINDS[chart.kind]), _PARSER)
    _unsigned_axis_ids(space)
    _style(space, chart, language)
    return part_xml(space), workbook(data, created)


def _unsigned_axis_ids(space) -> None:
    """python-pptx numbers a bar chart's axes with negative ids, which the schema's
    unsignedInt does not allow (PowerPoint reads them; a strict reader may not): each id
    and every reference to it made positive alike."""
    for element in space.iter(_C + "axId", _C + "crossAx"):
        value = element.get("val", "")
        if value.startswith("-"):
            element.set("val", value[1:])


def _elements(markup: str) -> list:
    """Chart markup (prefixes c, a, r) as elements."""
    return list(etree.fromstring(f"<c:x {_DECLS}>{markup}</c:x>"))


def _title(value: str, size: float, bold: bool) -> str:
    """A chart or axis title: the text's paragraphs, no overlay."""
    first, *more = clean_text(value).split("\n")
    paragraphs = f"<a:p><a:pPr><a:defRPr/></a:pPr>{ml.runs(first, size, bold)}</a:p>"
    paragraphs += "".join(ml.paragraph(ml.runs(line, size, bold)) for line in more)
    return (f"<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/>{paragraphs}</c:rich></c:tx>"
            '<c:layout/><c:overlay val="0"/></c:title>')


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'


def _series(kind: str, n: int, dashed: bool) -> tuple[str, ...]:
    """A series' line or fill in the n-th series colour, and a line's markers."""
    colour = _fill(_SERIES_COLOURS[n % len(_SERIES_COLOURS)])
    if kind != "line":
        return (f"<c:spPr>{colour}</c:spPr>",)
    if dashed:
        return (f'<c:spPr><a:ln w="28575">{colour}<a:prstDash val="dash"/></a:ln></c:spPr>',
                '<c:marker><c:symbol val="none"/></c:marker>')
    return (f'<c:spPr><a:ln w="38100">{colour}</a:ln></c:spPr>',
            '<c:marker><c:symbol val="circle"/><c:size val="8"/>'
            f"<c:spPr>{colour}<a:ln>{colour}</a:ln></c:spPr></c:marker>")


def _set(parent, tag: str, value: str, before: str | None = None) -> None:
    """``parent``'s child ``tag`` with ``val`` = ``value``, added before ``before`` if absent."""
    child = parent.find(_C + tag)
    if child is None:
        child = etree.SubElement(parent, _C + tag)
        if before is not None and parent.find(_C + before) is not None:
            parent.find(_C + before).addprevious(child)
    child.set("val", value)


def _scale(axis, low: float, high: float, step: float) -> None:
    """The value axis from ``low`` to ``high`` in steps of ``step``."""
    scaling = axis.find(_C + "scaling")
    for tag, value in (("max", high), ("min", low)):
        child = scaling.find(_C + tag)
        if child is None:
            child = etree.SubElement(scaling, _C + tag)
        child.set("val", f"{value:.15g}")
    unit = axis.find(_C + "majorUnit")
    if unit is None:
        unit = etree.Element(_C + "majorUnit")
        before = axis.find(_C + "crossBetween")
        (before if before is not None else axis.find(_C + "crosses")).addnext(unit)
    unit.set("val", f"{step:.15g}")


class _Edits:
    """New chart elements, parsed in one go and each then put in its place."""

    def __init__(self):
        self.markup: list[str] = []
        self.places: list = []

    def add(self, markup: str, place) -> None:
        """``markup`` (one element) goes where ``place(element)`` puts it."""
        self.markup.append(markup)
        self.places.append(place)

    def apply(self) -> None:
        for place, element in zip(self.places, _elements("".join(self.markup)), strict=True):
            place(element)


def _style(space, chart: Chart, language: str) -> None:
    """Title, legend at the bottom, light gridlines, no value axis line, number formats,
    axis titles, data labels and a theme colour per series, on python-pptx's chart XML."""
    edits = _Edits()
    number_format = ml.attr(chart.number_format)
    if language:
        edits.add(f'<c:lang val="{ml.attr(language)}"/>', space.find(_C + "date1904").addnext)
    space.find(f"{_C}txPr/{_A}p/{_A}pPr/{_A}defRPr").set("sz", "1200")
    edits.add('<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>',
              space.append)
    root = space.find(_C + "chart")
    edits.add(_title(chart.title, 16, True), lambda e: root.insert(0, e))
    _set(root, "autoTitleDeleted", "0")
    area = root.find(_C + "plotArea")
    legend = root.find(_C + "legend")
    if legend is None:
        edits.add('<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>',
                  area.addnext)
    else:
        _set(legend, "legendPos", "b", "layout")
        _set(legend, "overlay", "0")
    values, categories = area.find(_C + "valAx"), area.find(_C + "catAx")
    grid = values.find(_C + "majorGridlines")
    if grid is None:
        grid = etree.Element(_C + "majorGridlines")
        values.find(_C + "axPos").addnext(grid)
    edits.add('<c:spPr><a:ln><a:solidFill><a:srgbClr val="D9DEE4"/></a:solidFill></a:ln>'
              "</c:spPr>", grid.append)
    axis_format = ml.attr(chart.axis_format or chart.number_format)
    edits.add(f'<c:numFmt formatCode="{axis_format}" sourceLinked="0"/>',
              values.find(_C + "majorTickMark").addprevious)
    if chart.scale is not None:
        _scale(values, *chart.scale)
    edits.add("<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>", values.find(_C + "crossAx").addprevious)
    for axis, title in ((values, chart.value_title), (categories, chart.category_title)):
        if title:  # before the number format (added above) or the tick marks
            edits.add(_title(title, 12, False), lambda e, axis=axis: (
                axis.find(_C + "numFmt") if axis.find(_C + "numFmt") is not None
                else axis.find(_C + "majorTickMark")).addprevious(e))
    plot = area[0]
    if chart.kind == "bar":  # first category on top, values along the bottom
        categories.find(f"{_C}scaling/{_C}orientation").set("val", "maxMin")
        values.find(_C + "crosses").set("val", "max")
    series = plot.findall(_C + "ser")
    after = []  # after the last series, in this order
    if chart.data_labels:
        after.append(
            f'<c:dLbls><c:numFmt formatCode="{number_format}" sourceLinked="0"/>'
            '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1100"/></a:pPr></a:p>'
            '</c:txPr><c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
            '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
            '<c:showBubbleSize val="0"/><c:showLeaderLines val="1"/></c:dLbls>')
    if chart.kind in ("column", "bar"):
        after += ['<c:gapWidth val="60"/>', '<c:overlap val="-5"/>']
    for markup in reversed(after):
        edits.add(markup, series[-1].addnext)
    for n, (ser, view) in enumerate(zip(series, chart.series, strict=True)):
        colour = n if view.colour is None else view.colour
        for markup in reversed(_series(chart.kind, colour, view.dashed)):
            edits.add(markup, ser.find(_C + "tx").addnext)
        if chart.kind == "line":
            _set(ser, "smooth", "0")
    edits.apply()
