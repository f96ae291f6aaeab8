"""The deck writer (generator.render.pptx.writer): layouts by name, measured tables and text
that continue on the next slide, native charts, tiles, and repeatable bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from generator.errors import TemplateError
from generator.render import measure
from generator.render.deck import (
    STATUS_COLOURS,
    Cell,
    Chart,
    Column,
    Deck,
    Paragraph,
    Series,
    Slide,
    Table,
    Text,
    Tile,
    Tiles,
    TitleSlide,
    clean_text,
)
from generator.render.package import read_package, write_package
from generator.render.pptx import drawingml as ml
from generator.render.pptx.writer import SYMBOL_FONT, write

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "qbr.pptx"
CREATED = dt.datetime(2027, 1, 12, 9, 0)


def deck(*slides: Slide, **changes) -> Deck:
    values = dict(
        title_slide=TitleSlide("Client & Co", "Review · Q4 2026", ("12 January 2027",)),
        slides=slides, footer="Client & Co · Q4 2026", continued="{title} (continued)",
        logo="Vendor Ltd", created=CREATED, title="Deck", author="Vendor Ltd", language="en-GB",
    )
    values.update(changes)
    return Deck(**values)


def render(*slides: Slide, template: Path = TEMPLATE, **changes):
    data = write(deck(*slides, **changes), template)
    return data, Presentation(io.BytesIO(data))


def table(rows: int, text: str = "row {n}", columns: int = 3, footer: bool = False) -> Table:
    cols = tuple(Column(f"Head {c}", 1.0, "right" if c else "left") for c in range(columns))
    body = tuple(
        tuple(Cell(text.format(n=n) if c == 0 else str(n * 10 + c)) for c in range(columns))
        for n in range(rows)
    )
    total = tuple(Cell("Total" if c == 0 else "999") for c in range(columns)) if footer else None
    return Table(cols, body, total)


def tables_of(slide):
    return [s for s in slide.shapes if s.has_table]


def cell_texts(shape) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in shape.table.rows]


def with_member(template: Path, name: str, change, target: Path) -> Path:
    members = read_package(template.read_bytes())
    data = next(m for m in members if m.name == name).data().decode("utf-8")
    target.write_bytes(write_package(members, {name: change(data).encode("utf-8")}))
    return target


# --- layouts and the template ----------------------------------------------------------------

class DescribeTheTemplate:
    def it_is_widescreen_with_the_named_layouts_only(self):
        prs = Presentation(str(TEMPLATE))
        assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
        assert [layout.name for layout in prs.slide_layouts] == [
            "docgen Title", "docgen Content", "docgen Two Content", "docgen Table",
            "docgen Chart",
        ]
        assert len(prs.slides) == 0

    def it_sets_noto_sans_for_latin_east_asian_and_complex_scripts(self):
        theme = next(m for m in read_package(TEMPLATE.read_bytes())
                     if m.name == "ppt/theme/theme1.xml").data().decode("utf-8")
        for font in ("majorFont", "minorFont"):
            block = re.search(rf"<a:{font}>(.*?)</a:{font}>", theme).group(1)
            for script in ("latin", "ea", "cs"):
                assert f'<a:{script} typeface="Noto Sans"/>' in block

    def it_has_a_logo_shape_slide_numbers_and_a_footer(self):
        prs = Presentation(str(TEMPLATE))
        assert "Logo" in [s.name for s in prs.slide_master.shapes]
        for layout in list(prs.slide_layouts)[1:]:
            kinds = {ph.placeholder_format.type.name for ph in layout.placeholders}
            assert {"TITLE", "FOOTER", "SLIDE_NUMBER"} <= kinds, layout.name


class DescribeLayouts:
    def it_puts_each_slide_on_the_layout_named_for_its_blocks(self):
        text = Text((Paragraph("one"),))
        chart = Chart("column", "c", ("a",), (Series("s", (1.0,)),))
        _, prs = render(Slide("T", (text,)), Slide("Tb", (table(2),)), Slide("C", (chart,)),
                        Slide("Two", (text, chart)), Slide("Tiles", (Tiles((Tile("1", "x"),)),)))
        assert [s.slide_layout.name for s in prs.slides] == [
            "docgen Title", "docgen Content", "docgen Table", "docgen Chart",
            "docgen Two Content", "docgen Content",
        ]

    def it_names_a_missing_layout(self, tmp_path):
        copy = with_member(TEMPLATE, "ppt/slideLayouts/slideLayout5.xml",
                           lambda xml: xml.replace('name="docgen Chart"', 'name="Chart 2"'),
                           tmp_path / "no-chart.pptx")
        chart = Chart("line", "c", ("a",), (Series("s", (1.0,)),))
        with pytest.raises(TemplateError, match='no slide layout named "docgen Chart"'):
            write(deck(Slide("C", (chart,))), copy)
        write(deck(Slide("T", (Text((Paragraph("fine"),)),))), copy)  # not needed: no error

    def it_names_the_title_layout_even_for_a_deck_of_one_slide(self, tmp_path):
        copy = with_member(TEMPLATE, "ppt/slideLayouts/slideLayout1.xml",
                           lambda xml: xml.replace('name="docgen Title"', 'name="Cover"'),
                           tmp_path / "no-title.pptx")
        with pytest.raises(TemplateError, match='"docgen Title"'):
            write(deck(), copy)

    def it_refuses_a_file_that_is_not_a_presentation(self, tmp_path):
        bad = tmp_path / "qbr.pptx"
        bad.write_bytes(b"not a zip")
        with pytest.raises(TemplateError, match="not a readable PowerPoint template"):
            write(deck(), bad)

    def it_leaves_out_a_template_s_own_slides(self, tmp_path):
        prs = Presentation(str(TEMPLATE))
        sample = prs.slides.add_slide(prs.slide_layouts[1])
        sample.shapes.title.text = "Designer's sample"
        copy = tmp_path / "with-sample.pptx"
        prs.save(copy)
        _, out = render(Slide("Real", (Text((Paragraph("x"),)),)), template=copy)
        titles = [s.shapes.title.text for s in out.slides]
        assert titles == ["Client & Co", "Real"]

    def it_writes_the_vendor_into_the_logo_shapes(self):
        _, prs = render()
        logos = [s for s in prs.slide_master.shapes if s.name == "Logo"]
        logos += [s for layout in prs.slide_layouts for s in layout.shapes if s.name == "Logo"]
        assert logos and all(s.text_frame.text == "Vendor Ltd" for s in logos)

    def it_numbers_slides_and_writes_the_footer(self):
        _, prs = render(Slide("A", (Text((Paragraph("x"),)),)),
                        Slide("B", (Text((Paragraph("y"),)),)))
        for number, slide in enumerate(prs.slides, start=1):
            kinds = {ph.placeholder_format.type.name: ph for ph in slide.placeholders}
            if number == 1:
                assert "FOOTER" not in kinds
                continue
            assert kinds["FOOTER"].text_frame.text == "Client & Co · Q4 2026"
            assert kinds["SLIDE_NUMBER"].text_frame.text == str(number)


# --- tables --------------------------------------------------------------------------------

class DescribeTables:
    def it_sizes_columns_to_what_they_hold_across_the_region(self):
        cols = (Column("Name"), Column("Amount", 1, "right"))
        _, prs = render(Slide("T", (Table(cols, ((Cell("a longer name here"), Cell("1")),)),)))
        shape = tables_of(prs.slides[1])[0]
        widths = [c.width for c in shape.table.columns]
        region = next(ph for ph in prs.slides[1].slide_layout.placeholders
                      if ph.placeholder_format.type.name == "TABLE")
        assert sum(widths) == shape.width == region.width
        assert shape.left == region.left
        assert widths[0] > widths[1]

    def it_gives_wrapping_text_more_room_by_weight(self):
        text = " ".join(["words"] * 200)
        rows = ((Cell(text), Cell(text)),)
        even = render(Slide("T", (Table((Column("A"), Column("B")), rows),)))[1]
        tilted = render(Slide("T", (Table((Column("A", 3.0), Column("B")), rows),)))[1]
        a, b = (c.width for c in tables_of(even.slides[1])[0].table.columns)
        assert abs(a - b) <= 1
        a, b = (c.width for c in tables_of(tilted.slides[1])[0].table.columns)
        assert a > 2 * b

    def it_right_aligns_number_columns_and_fills_status_cells(self):
        cols = (Column("Name"), Column("Amount", 1, "right"), Column("Status"))
        row = (Cell("a"), Cell("1,200"), Cell("At risk", status="amber"))
        _, prs = render(Slide("T", (Table(cols, (row,)),)))
        grid = tables_of(prs.slides[1])[0].table
        assert grid.cell(1, 1).text_frame.paragraphs[0].alignment == 3  # PP_ALIGN.RIGHT
        fill = grid.cell(1, 2).fill.fore_color.rgb
        assert str(fill) == STATUS_COLOURS["amber"][0]
        assert grid.cell(1, 0).fill.type is None  # no fill of its own: the table style's

    def it_continues_a_long_table_with_its_header_and_a_continued_title(self):
        _, prs = render(Slide("Assets", (table(120),)))
        slides = list(prs.slides)[1:]
        assert len(slides) > 3
        assert slides[0].shapes.title.text == "Assets"
        assert {s.shapes.title.text for s in slides[1:]} == {"Assets (continued)"}
        seen = []
        for slide in slides:
            rows = cell_texts(tables_of(slide)[0])
            assert rows[0] == ["Head 0", "Head 1", "Head 2"]
            seen += [r[0] for r in rows[1:]]
        assert seen == [f"row {n}" for n in range(120)]

    def it_keeps_every_table_inside_the_slide(self):
        _, prs = render(Slide("Long", (table(300, "a longer text {n} " * 4),)))
        for slide in list(prs.slides)[1:]:
            shape = tables_of(slide)[0]
            rows = sum(r.height for r in shape.table.rows)
            assert shape.height == rows
            assert shape.top + rows <= prs.slide_height
            assert shape.top + rows <= 6.75 * 914400  # above the footer

    def it_keeps_size_and_widths_on_every_page_of_a_table(self):
        _, prs = render(Slide("Long", (table(80),)))
        pages = [tables_of(s)[0] for s in list(prs.slides)[1:]]
        sizes = {p.table.cell(1, 0).text_frame.paragraphs[0].runs[0].font.size for p in pages}
        widths = {tuple(c.width for c in p.table.columns) for p in pages}
        assert len(sizes) == 1 and len(widths) == 1

    def it_sets_a_short_table_larger_and_never_below_eleven_points(self):
        _, prs = render(Slide("Short", (table(2),)), Slide("Long", (table(200, columns=8),)))
        sizes = [tables_of(s)[0].table.cell(1, 0).text_frame.paragraphs[0].runs[0].font.size.pt
                 for s in list(prs.slides)[1:]]
        assert sizes[0] == 14
        assert min(sizes) >= 11

    def it_puts_the_totals_row_after_the_last_row(self):
        _, prs = render(Slide("Budget", (table(60, footer=True),)))
        pages = [cell_texts(tables_of(s)[0]) for s in list(prs.slides)[1:]]
        assert pages[-1][-1][0] == "Total"
        assert all(row[0] != "Total" for page in pages[:-1] for row in page)
        assert len(pages[-1]) > 2  # the totals row has company

    def it_cuts_a_row_taller_than_a_slide_and_loses_no_word(self):
        long_text = " ".join(f"word{n}" for n in range(1500))
        cols = (Column("Text", 4.0), Column("Note", 1.0))
        _, prs = render(Slide("Story", (Table(cols, ((Cell(long_text), Cell("n")),)),)))
        pages = [tables_of(s)[0] for s in list(prs.slides)[1:]]
        assert len(pages) > 1
        joined = " ".join(cell_texts(p)[1][0] for p in pages)
        assert joined.split() == long_text.split()
        assert all(p.top + p.height <= prs.slide_height for p in pages)

    def it_fills_the_slide_before_cutting_a_long_row(self):
        long_text = " ".join(f"word{n}" for n in range(1500))
        cols = (Column("Text", 4.0), Column("Status", 1.0))
        rows = ((Cell("short"), Cell("ok", status="green")),
                (Cell(long_text), Cell("late", status="red")))
        _, prs = render(Slide("Story", (Table(cols, rows),)))
        pages = [tables_of(s)[0] for s in list(prs.slides)[1:]]
        first = cell_texts(pages[0])
        assert [r[0].split()[0] for r in first[1:]] == ["short", "word0"]
        tail = pages[1].table.cell(1, 1)
        assert tail.text == "" and tail.fill.type is None  # the status stays with its text

    def it_widens_a_column_to_its_longest_word(self):
        cols = (Column("Description", 8.0), Column("Запланировано", 0.5))
        _, prs = render(Slide("T", (Table(cols, ((Cell("x"), Cell("Запланировано")),)),)))
        shape = tables_of(prs.slides[1])[0]
        narrow = shape.table.columns[1].width
        word = measure.text_width("Запланировано", 14, True) * 12700
        assert narrow > word


# --- text ----------------------------------------------------------------------------------

class DescribeText:
    def it_fills_the_placeholder_with_bullets_headings_and_a_status(self):
        text = Text((Paragraph("Health", "heading"), Paragraph("On track", "status", status="green"),
                     Paragraph("plain words", "plain"), Paragraph("a bullet")))
        _, prs = render(Slide("S", (text,)))
        body = next(s for s in prs.slides[1].placeholders if s.placeholder_format.idx == 1)
        paragraphs = body.text_frame.paragraphs
        assert [p.text for p in paragraphs] == ["Health", "On track", "plain words", "a bullet"]
        assert paragraphs[0].runs[0].font.bold
        assert str(paragraphs[1].runs[0].font.color.rgb) == STATUS_COLOURS["green"][1]
        assert paragraphs[3]._p.pPr is None or paragraphs[3]._p.pPr.find(
            "{http://schemas.openxmlformats.org/drawingml/2006/main}buNone") is None

    def it_shrinks_text_to_fit_but_not_below_fourteen_points(self):
        many = Text(tuple(Paragraph(f"item {n} with a few more words") for n in range(14)))
        _, prs = render(Slide("Fits", (many,)))
        assert len(prs.slides) == 2
        sizes = {r.font.size.pt for p in prs.slides[1].placeholders[1].text_frame.paragraphs
                 for r in p.runs}
        assert sizes and min(sizes) >= 14

    def it_continues_text_that_does_not_fit_at_fourteen_points(self):
        items = [f"point number {n} of a long list" for n in range(60)]
        _, prs = render(Slide("List", (Text(tuple(Paragraph(i) for i in items)),)))
        slides = list(prs.slides)[1:]
        assert len(slides) > 1
        assert slides[1].shapes.title.text == "List (continued)"
        shown = [p.text for s in slides for p in s.placeholders[1].text_frame.paragraphs]
        assert shown == items

    def it_cuts_a_paragraph_longer_than_a_slide_where_the_slide_ends(self):
        long_text = " ".join(f"word{n}" for n in range(900))
        _, prs = render(Slide("News", (Text((Paragraph("short"), Paragraph(long_text))),)))
        slides = list(prs.slides)[1:]
        first = [p.text for p in slides[0].placeholders[1].text_frame.paragraphs]
        assert first[0] == "short" and first[1].startswith("word0 ")
        rest = [p for s in slides[1:] for p in s.placeholders[1].text_frame.paragraphs]
        joined = " ".join([first[1], *(p.text for p in rest)])
        assert joined.split() == long_text.split()
        bu_none = "{http://schemas.openxmlformats.org/drawingml/2006/main}buNone"
        assert all(p._p.pPr.find(bu_none) is not None for p in rest)

    def it_numbers_a_list_from_where_the_last_column_stopped(self):
        left = Text((Paragraph("a"), Paragraph("b")), numbered=True)
        right = Text((Paragraph("c"),), numbered=True, start=3)
        _, prs = render(Slide("Agenda", (left, right)))
        xml = prs.slides[1].placeholders[2]._element.xml
        assert 'startAt="3"' in xml and "arabicPeriod" in xml


# --- charts and tiles ----------------------------------------------------------------------

class DescribeCharts:
    def it_writes_native_charts_with_the_values_given(self):
        line = Chart("line", "KPI", ("Jan", "Feb", "Mar"),
                     (Series("Measured", (1.5, None, 3.25)), Series("Target", (4.0,) * 3, True)),
                     number_format='#,##0.0"%"', value_title="%", category_title="Date")
        bars = Chart("bar", "Budget", ("A & B", "<C>"),
                     (Series("Planned", (10.0, 20.0)), Series("Actual", (12.0, 18.0))),
                     data_labels=True)
        _, prs = render(Slide("L", (line,)), Slide("B", (bars,)))
        charts = [s.chart for slide in prs.slides for s in slide.shapes if s.has_chart]
        assert [type(c.plots[0]).__name__ for c in charts] == ["LinePlot", "BarPlot"]
        assert charts[1].chart_type == 57  # XL_CHART_TYPE.BAR_CLUSTERED
        first = charts[0]
        assert first.chart_title.text_frame.text == "KPI"
        assert list(first.plots[0].categories) == ["Jan", "Feb", "Mar"]
        assert [s.values for s in first.plots[0].series] == [(1.5, None, 3.25), (4.0,) * 3]
        assert first.value_axis.axis_title.text_frame.text == "%"
        assert first.has_legend
        assert list(charts[1].plots[0].categories) == ["A & B", "<C>"]

    def it_gives_each_chart_its_own_part_and_workbook(self):
        charts = [Slide(f"C{n}", (Chart("column", "c", ("a",), (Series("s", (n,)),)),))
                  for n in range(3)]
        data, prs = render(*charts)
        parts = [s.chart.part.partname for slide in prs.slides for s in slide.shapes
                 if s.has_chart]
        assert len(set(parts)) == 3
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert len([n for n in names if n.startswith("ppt/embeddings/")]) == 3

    def it_keeps_text_in_the_workbook_as_text(self):
        chart = Chart("column", "c", ("=1+1", "http://x.example"), (Series("=SUM(A1)", (1, 2)),))
        data, _ = render(Slide("C", (chart,)))
        archive = zipfile.ZipFile(io.BytesIO(data))
        xlsx = archive.read(next(n for n in archive.namelist() if n.endswith(".xlsx")))
        sheet = zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet and "hyperlink" not in sheet


class DescribeTiles:
    def it_draws_one_shape_per_tile_inside_the_region(self):
        tiles = Tiles(tuple(Tile(f"{n}%", f"label {n}", "note", "red" if n else None)
                            for n in range(5)))
        _, prs = render(Slide("T", (tiles,)))
        shapes = [s for s in prs.slides[1].shapes if s.has_text_frame
                  and not s.is_placeholder]
        assert [s.text_frame.paragraphs[0].text for s in shapes] == [f"{n}%" for n in range(5)]
        assert str(shapes[1].fill.fore_color.rgb) == STATUS_COLOURS["red"][0]

    def it_sets_the_figures_of_one_slide_in_one_size(self):
        tiles = Tiles((Tile("123 456 789 000 ₽", "invoiced"), Tile("0 ₽", "overdue"),
                       Tile("250", "licences"), Tile("7", "open")))
        _, prs = render(Slide("T", (tiles,)))
        sizes = {s.text_frame.paragraphs[0].runs[0].font.size for s in prs.slides[1].shapes
                 if s.has_text_frame and not s.is_placeholder}
        assert len(sizes) == 1, sizes


# --- the file ------------------------------------------------------------------------------

class DescribeTheFile:
    def it_is_the_same_bytes_for_the_same_deck(self):
        slides = (Slide("T", (table(40),)),
                  Slide("C", (Chart("line", "c", ("a", "b"), (Series("s", (1, 2)),)),)))
        assert write(deck(*slides), TEMPLATE) == write(deck(*slides), TEMPLATE)

    def it_dates_the_file_and_its_workbooks_from_the_deck(self):
        data, prs = render(Slide("C", (Chart("line", "c", ("a",), (Series("s", (1,)),)),)))
        assert prs.core_properties.created == CREATED
        assert prs.core_properties.modified == CREATED
        assert prs.core_properties.last_modified_by == "Vendor Ltd"
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        xlsx = archive.read(next(n for n in archive.namelist() if n.endswith(".xlsx")))
        core = zipfile.ZipFile(io.BytesIO(xlsx)).read("docProps/core.xml").decode()
        assert "2027-01-12T09:00:00Z" in core

    def it_gives_every_shape_of_a_slide_its_own_id(self):
        text = Text((Paragraph("x"),))
        chart = Chart("column", "c", ("a",), (Series("s", (1,)),))
        _, prs = render(Slide("A", (text, chart)), Slide("B", (Tiles((Tile("1", "a"),) * 4),)))
        for slide in prs.slides:
            ids = [s.shape_id for s in slide.shapes]
            assert len(ids) == len(set(ids))

    def it_keeps_every_shape_on_the_slide(self):
        text = Text(tuple(Paragraph("x " * 40) for _ in range(30)))
        _, prs = render(Slide("A", (text, table(50))), Slide("B", (Tiles((Tile("1", "a"),) * 7),)))
        for slide in prs.slides:
            for s in slide.shapes:
                assert s.left >= 0 and s.top >= 0
                assert s.left + s.width <= prs.slide_width
                assert s.top + s.height <= prs.slide_height


class DescribeUserText:
    NASTY = "& < > \" ' {{ 7*7 }} {% if %} 😀 Съешь же ещё этих мягких булок"

    def it_shows_user_text_as_itself_everywhere(self):
        cols = (Column(self.NASTY), Column("b"))
        slides = (
            Slide(self.NASTY, (Text((Paragraph(self.NASTY),)),
                               Table(cols, ((Cell(self.NASTY), Cell("1")),)))),
            Slide("C", (Chart("column", self.NASTY, (self.NASTY,), (Series(self.NASTY, (1,)),)),)),
            Slide("T", (Tiles((Tile(self.NASTY, self.NASTY, self.NASTY),)),)),
        )
        _, prs = render(*slides, footer=self.NASTY, logo=self.NASTY)
        texts = []
        for slide in prs.slides:
            for shape in slide.shapes:
                if shape.has_text_frame:
                    texts += [p.text for p in shape.text_frame.paragraphs]
                if shape.has_table:
                    texts += [c for row in cell_texts(shape) for c in row]
                if shape.has_chart:
                    chart = shape.chart
                    texts += [chart.chart_title.text_frame.text, *chart.plots[0].categories,
                              chart.plots[0].series[0].name]
        assert texts.count(self.NASTY) >= 10
        assert "49" not in " ".join(texts)

    def it_sets_arrows_in_the_symbol_font(self):
        cols = (Column("Trend"),)
        _, prs = render(Slide("T", (Table(cols, ((Cell("▲ Up ▼"),),)),)))
        runs = tables_of(prs.slides[1])[0].table.cell(1, 0).text_frame.paragraphs[0].runs
        assert [r.text for r in runs] == ["▲", " Up ", "▼"]
        assert [r.font.name for r in runs] == [SYMBOL_FONT, None, SYMBOL_FONT]

    def it_drops_control_characters_and_keeps_line_breaks(self):
        assert clean_text("a\x07b\r\nc\x0bd\x00") == "ab\ncd"
        _, prs = render(Slide("x\x1by", (Text((Paragraph("one\x07two"),)),)))
        assert prs.slides[1].shapes.title.text == "xy"
        assert prs.slides[1].placeholders[1].text_frame.text == "onetwo"


class DescribeMeasure:
    def it_knows_noto_sans_widths(self):
        assert measure.text_width("i", 10) < measure.text_width("m", 10)
        assert measure.text_width("Ж", 10) > measure.text_width("ж", 10)
        assert measure.text_width("abc", 20) == 2 * measure.text_width("abc", 10)
        assert measure.text_width("A", 10, bold=True) >= measure.text_width("A", 10)

    def it_wraps_at_spaces_and_breaks_only_overlong_words(self):
        text = "alpha beta gamma delta"
        width = max(measure.text_width(t, 10) for t in ("alpha beta", "gamma delta")) + 0.1
        assert measure.text_width("alpha beta gamma", 10) > width
        lines = measure.wrap(text, width, 10)
        assert [text[s:e] for s, e in lines] == ["alpha beta", "gamma delta"]
        long = "x" * 50
        parts = measure.wrap(long, measure.text_width("x" * 10, 10) + 0.1, 10)
        assert [long[s:e] for s, e in parts] == ["x" * 10] * 5
        assert measure.line_count("a\n\nb", 100, 10) == 3
        assert measure.line_count("", 100, 10) == 1

    def it_measures_a_text_s_longest_word_and_line_once_in_ems(self):
        text = "short words\nand a considerably longer line\nWide"
        word, line = measure.longest(text, bold=True)
        assert word * 12 / 1000 == measure.text_width("considerably", 12, True)
        assert line * 12 / 1000 == measure.text_width("and a considerably longer line", 12, True)
        assert measure.longest("", False) == (0, 0)

    def it_counts_a_text_narrower_than_its_box_as_one_line_and_wraps_the_rest(self):
        text = "alpha beta gamma"
        width = measure.text_width(text, 10)
        assert measure.line_count(text, width, 10) == 1
        assert measure.line_count(text, width - 0.5, 10) == 2
        assert measure.line_count("a\nb", 1000, 10) == 2

    def it_reads_only_as_much_of_a_long_text_as_the_lines_asked_for(self, monkeypatch):
        read = _count_reading(monkeypatch)
        text = "word " * 400_000  # 2 MB
        lines = measure.wrap(text, 100, 10, most=3)
        assert len(lines) == 3 and all(text[s:e].startswith("word w") for s, e in lines)
        assert measure.line_count(text, 100, 10, most=3) == 4
        assert read[0] < 500

    @pytest.mark.parametrize("block", ["table", "text"])
    def it_measures_each_character_of_a_long_text_a_bounded_number_of_times(
            self, monkeypatch, block):
        from generator.render.pptx import flow

        text = ("line of text\n" * 5000)[:60_000]
        content = (Table((Column("Action"), Column("Owner")), ((Cell(text), Cell("Ann")),))
                   if block == "table" else Text((Paragraph(text),)))
        box = flow.Box(0, 0, 9 * 72 * flow.PT, 5 * 72 * flow.PT)
        styles = flow.Styles(28.0, (20.0,) * 9, (6.0,) * 9, (18.0,) * 9)
        read = _count_reading(monkeypatch)
        pages = flow.pages(Slide("Actions", (content,)), lambda name, count: [box] * count,
                           styles, "{title} (continued)")
        assert len(pages) > 100
        shown = "".join(
            (b.table.rows[0][0].text if block == "table" else b.text.paragraphs[0].text)
            for page in pages for b in page.blocks)
        assert shown.replace("\n", "") == text.replace("\n", "")
        assert read[0] < 40 * len(text)  # each slide costs what it shows (it was ~110x)

    def it_counts_unknown_scripts_wide(self):
        assert measure.text_width("中", 10) == 10
        assert Emu(1).pt < 1


def _count_reading(monkeypatch) -> list[int]:
    """A counter of the characters measure reads (all widths go through measure._em)."""
    read = [0]
    em = measure._em

    def counting(text: str, bold: bool) -> int:
        read[0] += len(text)
        return em(text, bold)

    monkeypatch.setattr(measure, "_em", counting)
    return read


class DescribeTheMarkup:
    """generator.render.pptx.drawingml: slide markup written as text."""

    def paragraph(self, markup: str):
        from pptx.oxml import parse_xml
        from pptx.text.text import _Paragraph

        element = parse_xml(f'<a:p xmlns:a="{ml.NS_A}">{markup}</a:p>')
        return _Paragraph(element, None)

    def it_writes_runs_with_breaks_symbols_and_formatting(self):
        markup = ml.runs("up ▲ & <down>\nnext", size=14, bold=True, colour="A1251B",
                         lang="en-GB")
        p = self.paragraph(markup)
        assert p.text == "up ▲ & <down>\vnext"  # python-pptx shows a line break as \v
        runs = p.runs
        assert [r.text for r in runs] == ["up ", "▲", " & <down>", "next"]
        assert [r.font.name for r in runs] == [None, SYMBOL_FONT, None, None]
        assert {r.font.size.pt for r in runs} == {14}
        assert all(r.font.bold for r in runs)
        assert {str(r.font.color.rgb) for r in runs} == {"A1251B"}
        assert all(r._r.rPr.get("lang") == "en-GB" for r in runs)

    def it_rounds_sizes_as_python_pptx_does(self):
        from pptx.util import Pt

        for size in (18.66, 14, 11.5, 40, 13.333):
            assert ml.centipoints(size) == Pt(size).centipoints

    def it_escapes_text_and_attributes(self):
        assert ml.text("a & b < c > d \"e\" 'f'") == "a &amp; b &lt; c &gt; d \"e\" 'f'"
        assert ml.attr('x"y\nz&') == "x&quot;y&#10;z&amp;"

    def it_writes_one_paragraph_per_line_aligned(self):
        markup = ml.lines("one\n\nthree", "right", size=12)
        assert markup.count("<a:p>") == 3 and markup.count('algn="r"') == 3
        assert ml.lines("") == "<a:p/>"


class DescribeTemplatePackages:
    def it_gives_a_template_without_core_properties_its_own(self, tmp_path):
        members = [m for m in read_package(TEMPLATE.read_bytes())
                   if m.name != "docProps/core.xml"]
        rels = next(m for m in members if m.name == "_rels/.rels").data().decode()
        rels = re.sub(r"<Relationship [^>]*core-properties[^>]*/>", "", rels)
        bare = tmp_path / "bare.pptx"
        bare.write_bytes(write_package(tuple(members), {"_rels/.rels": rels.encode()}))
        _, prs = render(Slide("A", (Text((Paragraph("x"),)),)), template=bare)
        assert prs.core_properties.title == "Deck"
        assert prs.core_properties.created == CREATED

    def it_keeps_private_use_characters_a_template_holds(self, tmp_path):
        odd = "\ue000\ue001\ue002"
        with_core = with_member(
            TEMPLATE, "docProps/core.xml",
            lambda xml: xml.replace("</cp:coreProperties>",
                                    f"<dc:identifier>{odd}</dc:identifier></cp:coreProperties>"),
            tmp_path / "core.pptx")
        both = with_member(
            with_core, "ppt/slideLayouts/slideLayout2.xml",
            lambda xml: xml.replace('name="Footer Placeholder"', f'name="Footer {odd}"'),
            tmp_path / "both.pptx")
        _, prs = render(Slide("A", (Text((Paragraph("x"),)),)), template=both)
        assert prs.core_properties.identifier == odd
        assert prs.core_properties.title == "Deck"
        footer = next(s for s in prs.slides[1].placeholders
                      if s.placeholder_format.type.name == "FOOTER")
        assert footer.name == f"Footer {odd}"
        assert footer.text_frame.text == "Client & Co · Q4 2026"

    def it_leaves_out_the_charts_of_a_template_s_own_slides(self, tmp_path):
        from pptx.chart.data import CategoryChartData
        from pptx.enum.chart import XL_CHART_TYPE

        prs = Presentation(str(TEMPLATE))
        data = CategoryChartData()
        data.categories = ["a"]
        data.add_series("designer's", (1,))
        sample = prs.slides.add_slide(prs.slide_layouts[4])
        sample.shapes.add_chart(XL_CHART_TYPE.PIE, 0, 0, 100, 100, data)
        copy = tmp_path / "with-chart.pptx"
        prs.save(copy)
        chart = Chart("column", "mine", ("a",), (Series("s", (2,)),))
        data_out, out = render(Slide("C", (chart,)), template=copy)
        names = zipfile.ZipFile(io.BytesIO(data_out)).namelist()
        assert [n for n in names if n.startswith("ppt/charts/chart")] == ["ppt/charts/chart1.xml"]
        assert len([n for n in names if n.startswith("ppt/embeddings/")]) == 1
        (shape,) = [s for s in out.slides[1].shapes if s.has_chart]
        assert shape.chart.plots[0].series[0].name == "s"


class DescribeChartWorkbooks:
    """generator.render.pptx.chart_workbook: XlsxWriter's workbook, written fast."""

    @staticmethod
    def reference(data, created) -> dict[str, bytes]:
        """What XlsxWriter writes when it writes the whole workbook itself."""
        from contextlib import contextmanager

        from pptx.chart.xlsx import CategoryWorkbookWriter
        from xlsxwriter import Workbook

        class Writer(CategoryWorkbookWriter):
            @contextmanager
            def _open_worksheet(self, xlsx_file):
                book = Workbook(xlsx_file, {
                    "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False})
                book.set_properties({"created": created})
                yield book, book.add_worksheet()
                book.close()

        archive = zipfile.ZipFile(io.BytesIO(Writer(data).xlsx_blob))
        return {name: archive.read(name) for name in archive.namelist()}

    @pytest.mark.parametrize(("number_format", "categories", "series"), [
        ("General", ("a",), {"s": (1,)}),
        ("#,##0", ("Jan", "Feb", "Mar"), {"one": (1, None, 3.25), "two": (0, -1e9, 1e-7)}),
        ('#,##0.0"%"', (" padded ", "=1+1", "http://x.example", "& <x>", "Съешь 😀"),
         {"=SUM(A1)": (1.5, 2, 3, 4, 5), "Ёж": (None,) * 5, "3": (7, 7, 7, 7, 7)}),
        ('"₽"\u00a0#,##0', tuple(f"c{n}" for n in range(40)), {"long": tuple(range(40))}),
        ("0.0%", ("a", "b", "c"), {"short": (1,), "longer": (1, 2, 3, 4, 5, 6, 7, 8)}),
        ("General", ("_x0041_ text", "<r>rich</r>", "bell\x07", "tab\tin"), {"": (1, 2, 3, 4)}),
        ("#,##0", ("a", ""), {"s": (True, 2.5)}),
        ("#,##0", ("a", "b"), {"none yet": ()}),
    ])
    def it_writes_what_xlsxwriter_writes(self, number_format, categories, series):
        from pptx.chart.data import CategoryChartData

        from generator.render.pptx.chart_workbook import workbook

        for created in (CREATED, dt.datetime(2026, 7, 1, 9, 30)):
            data = CategoryChartData(number_format)
            data.categories = categories
            for name, values in series.items():
                data.add_series(name, values)
            fast = zipfile.ZipFile(io.BytesIO(workbook(data, created)))
            assert {n: fast.read(n) for n in fast.namelist()} == self.reference(data, created)
            core = fast.read("docProps/core.xml").decode()
            assert created.strftime("%Y-%m-%dT%H:%M:%SZ") in core
