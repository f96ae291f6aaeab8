"""The meeting grid cut into pages by docgen (generator.render.docx.grid): every page's
table starts with a row that carries its cadence label, and no page holds a lone row."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from generator.documents import KINDS, plan
from generator.i18n import Languages
from generator.render.docx.grid import _spread
from generator.resources import Folders

from .goldens import SAMPLES, client


def it_fills_pages_in_order_and_leaves_at_least_three_rows_on_the_last():
    assert _spread([10.0] * 10, first=35, room=50) == [3, 4, 3]
    assert _spread([10.0] * 6, first=100, room=100) == [6]
    assert _spread([10.0] * 7, first=60, room=60) == [4, 3]


def it_never_moves_more_rows_than_a_page_holds():
    assert _spread([40.0, 40.0, 40.0, 10.0], first=120, room=60) == [3, 1]


def grid_tables(doc):
    return [t for t in doc.tables if any(p.style.name == "Grid Cadence"
                                         for row in t.rows[1:2] for p in row.cells[0].paragraphs)]


def it_starts_every_page_of_the_grid_with_its_cadence_label():
    folders = Folders()
    sample = next(s for s in SAMPLES if "kestonbury" in s.name)
    c = client(sample)
    langs = Languages("ru", folders.locale_dirs(), c.client.country)
    doc = Document(io.BytesIO(plan.render(c, langs, folders.template(KINDS["plan"].template),
                                          None)))
    tables = grid_tables(doc)
    assert len(tables) >= 2
    labels = {langs.primary.gettext(m) for m in plan.CADENCE_LABELS.values()}
    for table in tables:
        assert table.rows[1].cells[0].text in labels
        assert len(table.rows) - 1 >= 3
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    for table in tables[1:]:
        before = table._tbl.getprevious()
        assert before.tag == qn("w:p") and before.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    rows = sum(len(t.rows) - 1 for t in tables)
    expected = sum(len(g.rows) for g in plan.build(c, langs.primary).groups)
    assert rows == expected


def it_puts_a_grid_of_fifteen_rows_on_two_landscape_pages():
    """Kamnegrad's English grid fits two pages, as LibreOffice draws it (a cell's line is
    measured at 97 % of its width, not 94 %, which made three pages, the last a third
    full); tests/test_pdf_samples.py checks that no page's rows spill onto the next."""
    folders = Folders()
    c = client(next(s for s in SAMPLES if "kamnegrad" in s.name))
    langs = Languages("en", folders.locale_dirs(), c.client.country)
    doc = Document(io.BytesIO(plan.render(c, langs, folders.template(KINDS["plan"].template),
                                          None)))
    assert [len(t.rows) - 1 for t in grid_tables(doc)] == [7, 8]
