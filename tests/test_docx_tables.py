"""Word tables drop the columns empty in every row (generator.render.docx.tables), as
decks do: in the success plan's tables, not in a form's blank columns."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from generator.documents import KINDS, csp
from generator.i18n import Languages
from generator.model import Client
from generator.render.docx.tables import drop_empty_columns
from generator.resources import Folders

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def grid_table(style: str, header: list[str], rows: list[list[str]], widths: list[int]) -> str:
    def cell(text: str, width: int) -> str:
        run = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>{run}</w:p></w:tc>'

    head = "<w:tr><w:trPr><w:tblHeader/></w:trPr>" + "".join(
        cell(t, w) for t, w in zip(header, widths, strict=True)) + "</w:tr>"
    body = "".join("<w:tr>" + "".join(cell(t, w) for t, w in zip(r, widths, strict=True))
                   + "</w:tr>" for r in rows)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{head}{body}</w:tbl>")


def document(*tables: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f"<w:document {W}><w:body>{''.join(tables)}</w:body></w:document>")


def read(xml: str):
    from lxml import etree

    root = etree.fromstring(xml.split("?>", 1)[1].encode())
    out = []
    for tbl in root.iter(qn("w:tbl")):
        widths = [int(c.get(qn("w:w"))) for c in tbl.iter(qn("w:gridCol"))]
        rows = [["".join(t.text for t in tc.iter(qn("w:t"))) for tc in tr.iter(qn("w:tc"))]
                for tr in tbl.iter(qn("w:tr"))]
        cell_widths = {tuple(int(w.get(qn("w:w"))) for w in tr.iter(qn("w:tcW")))
                       for tr in tbl.iter(qn("w:tr"))}
        out.append((rows, widths, cell_widths))
    return out


def it_drops_a_column_empty_below_its_header_and_shares_out_its_width():
    xml = document(grid_table("PlanTable", ["Product", "Serial", "Why"],
                              [["A", "", "Because"], ["B", "", ""]], [3000, 2000, 5000]))
    [(rows, widths, cell_widths)] = read(drop_empty_columns(xml, ["PlanTable"]))
    assert rows == [["Product", "Why"], ["A", "Because"], ["B", ""]]
    assert widths == [3750, 6250] and sum(widths) == 10000
    assert cell_widths == {(3750, 6250)}


def it_keeps_a_column_with_text_in_one_row_and_tables_of_other_styles():
    form = grid_table("FormTable", ["Name", "Signature"], [["Ann", ""]], [4000, 4000])
    plan = grid_table("PlanTable", ["Product", "Serial"], [["A", ""], ["B", "S-1"]], [4000, 4000])
    xml = document(form, plan)
    assert drop_empty_columns(xml, ["PlanTable"]) == xml


def it_leaves_a_table_with_merged_cells_or_no_rows_alone():
    empty = grid_table("PlanTable", ["Product", "Serial"], [], [4000, 4000])
    merged = grid_table("PlanTable", ["A", "B"], [["x", ""]], [4000, 4000]).replace(
        "<w:tcPr>", "<w:tcPr><w:vMerge/>", 1)
    for xml in (document(empty), document(merged)):
        assert drop_empty_columns(xml, ["PlanTable"]) == xml


def it_prints_no_empty_column_in_the_success_plan(minimal_data):
    minimal_data["solution"] = [
        {"product": "Spend Cloud", "sku": "SC-1", "quantity": 10},
        {"product": "Supplier portal", "quantity": 1, "reason": "Suppliers quote online"},
    ]
    client = Client.model_validate(minimal_data)
    folders = Folders()
    langs = Languages("en", folders.locale_dirs(), "GB")
    doc = Document(io.BytesIO(csp.render(client, langs, folders.template(KINDS["csp"].template))))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Product")
    assert [c.text for c in table.rows[0].cells] == [
        "Product", "SKU / licence", "Quantity", "Why it was bought"]
    assert [c.text for c in table.rows[2].cells] == [
        "Supplier portal", "", "1", "Suppliers quote online"]
    widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert sum(widths) == 14798 and len(widths) == 4


# --- columns as wide as their longest word ---------------------------------------------------

STYLES = (b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          b'<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="18"/></w:rPr></w:rPrDefault>'
          b'</w:docDefaults><w:style w:type="paragraph" w:styleId="Head"><w:rPr><w:b/>'
          b'<w:sz w:val="20"/></w:rPr></w:style></w:styles>')


def it_widens_a_column_to_its_longest_word_from_the_widest_one():
    from generator.render.docx.tables import fit_longest_words, fonts

    head = '<w:p><w:pPr><w:pStyle w:val="Head"/></w:pPr><w:r>'
    xml = document(grid_table("Any", ["Уровень", "Кто"], [["1", "Руководитель группы"]],
                              [700, 6000]).replace("<w:p><w:r>", head, 1))
    [(rows, widths, cell_widths)] = read(fit_longest_words(xml, fonts(STYLES)))
    from generator.render import measure

    word = measure.text_width("Уровень", 10, bold=True) * 20 / 0.94 + 2 * 108
    assert word > 700 and widths[0] >= word and sum(widths) == 6700
    assert cell_widths == {tuple(widths)}
    assert rows[0] == ["Уровень", "Кто"]


def it_leaves_a_table_whose_words_fit_as_the_template_has_it():
    from generator.render.docx.tables import fit_longest_words, fonts

    xml = document(grid_table("Any", ["Level", "Who"], [["1", "Support lead"]], [1500, 6000]))
    assert fit_longest_words(xml, fonts(STYLES)) == xml


def it_gives_what_the_others_can_spare_when_a_word_is_longer_than_the_table():
    from generator.render.docx.tables import fit_longest_words, fonts

    long = "Donaudampfschifffahrtsgesellschaftskapitän" * 3
    xml = document(grid_table("Any", ["A", "B"], [[long, "x"]], [2000, 2000]))
    [(_, widths, _)] = read(fit_longest_words(xml, fonts(STYLES)))
    assert sum(widths) == 4000 and widths[0] > 3500


# --- rows kept together ----------------------------------------------------------------------

def kept_rows(xml: str) -> list[bool]:
    from lxml import etree

    root = etree.fromstring(xml.split("?>", 1)[1].encode())
    return [all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
                for p in tr.iter(qn("w:p"))) for tr in root.iter(qn("w:tr"))]


def it_keeps_three_rows_at_the_start_and_the_end_of_a_long_table_together():
    from generator.render.docx.tables import keep_rows_together

    body = [[f"row {n}", "x"] for n in range(8)]
    xml = keep_rows_together(document(grid_table("Any", ["A", "B"], body, [4000, 4000])))
    assert kept_rows(xml) == [True, True, True, False, False, False, True, True, False]


def it_keeps_a_short_table_whole_and_leaves_a_merged_grid_alone():
    from generator.render.docx.tables import keep_rows_together

    short = document(grid_table("Any", ["Level", "Who"], [["1", "a"], ["2", "b"], ["3", "c"]],
                                [2000, 4000]))
    assert kept_rows(keep_rows_together(short)) == [True, True, True, False]
    merged = short.replace("<w:tcPr>", "<w:tcPr><w:vMerge/>", 1)
    assert keep_rows_together(merged) == merged


def tall_rows(heights: list[float], page: float) -> list[bool]:
    """The rows kept with the next in a table of a header and rows of ``heights``."""
    from generator.render.docx.tables import keep_rows_together

    body = [[f"row {n}", "x"] for n in range(len(heights) - 1)]
    xml = document(grid_table("Any", ["A", "B"], body, [4000, 4000]))
    return kept_rows(keep_rows_together(xml, lambda grid, r: heights[r], lambda doc, at: page))


def it_cuts_a_short_table_too_tall_for_a_page_into_two_alike_parts():
    # a header and four rows of a bilingual KPI table, together taller than a page: two
    # rows on each page, never the header with one tall row at the foot of a page
    assert tall_rows([50, 135, 110, 142, 141], 521) == [True, True, False, True, False]
    assert tall_rows([50, 200, 200, 200], 521) == [True, False, True, False]


def it_keeps_a_short_table_whole_when_a_page_holds_it_and_parts_rows_too_tall_to_share():
    assert tall_rows([30, 50, 50, 50, 50], 521) == [True, True, True, True, False]
    assert tall_rows([30, 150, 150, 150], 521) == [True, False, True, False]
    assert tall_rows([30, 400, 400, 400], 521) == [True, False, False, False]


# --- the closing section -----------------------------------------------------------------------

def paragraph(style: str, text: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


def kept_paragraphs(xml: str) -> list[tuple[str, bool]]:
    from lxml import etree

    root = etree.fromstring(xml.split("?>", 1)[1].encode())
    body = root.find(qn("w:body"))
    return [("".join(t.text for t in p.iter(qn("w:t"))),
             p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None)
            for p in body.iterchildren(qn("w:p"))]


def it_keeps_the_sign_off_with_the_end_of_the_section_before_it():
    from generator.render.docx.closing import keep_closing_section

    sign_off = paragraph("Heading1", "Agreed by") + grid_table("Any", ["", "A"], [["Name", "x"]],
                                                               [2000, 4000])
    xml = document(paragraph("Heading1", "Support"), paragraph("Normal", "Intro"),
                   paragraph("Heading2", "Closing a request"),
                   "<w:p><w:pPr/><w:r><w:t>First</w:t></w:r></w:p>",
                   paragraph("Normal", "Second"), sign_off)
    assert kept_paragraphs(keep_closing_section(xml)) == [
        ("Support", False), ("Intro", False), ("Closing a request", True), ("First", True),
        ("Second", True), ("Agreed by", False)]
    after_table = document(paragraph("Heading2", "Outcomes"),
                           grid_table("Any", ["A", "B"], [["1", "x"], ["2", "y"]], [2000, 2000]),
                           sign_off)
    assert kept_rows(keep_closing_section(after_table))[:3] == [False, False, True]


def it_lets_a_row_taller_than_two_fifths_of_a_page_break_across_pages():
    """Kept whole, a row of most of a page leaves the page before it mostly empty."""
    from generator.render.docx.tables import keep_rows_together

    body = [[f"row {n}", "x"] for n in range(4)]
    xml = document(grid_table("Any", ["A", "B"], body, [4000, 4000]))
    xml = xml.replace("<w:tr><w:tc>", "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>")
    heights = [30, 40, 300, 40, 40]
    out = keep_rows_together(xml, lambda grid, r: heights[r], lambda doc, at: 521)
    rows = out.split("<w:tr>")[1:]
    assert ["<w:cantSplit/>" in row for row in rows] == [False, True, False, True, True]
