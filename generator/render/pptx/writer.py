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
  (:mod:`generator.render.pptx.flow`): what does not fit continues on the next
  slide under the same title marked as continued, a table with its header
  row repeated;
* charts are native PowerPoint charts with their own embedded workbook, so
  they stay editable (:mod:`generator.render.pptx.chart`);
* the file is the same, byte for byte, for the same deck and template:
  document properties come from the deck, and zip and workbook dates are
  fixed.

The template is read once per process (per file version,
:mod:`generator.render.pptx.template`); each slide is then written as markup
in one go (:mod:`generator.render.pptx.drawingml`) and the package is assembled
around the template's unchanged members (:mod:`generator.render.pptx.package`).
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

from ...errors import TemplateError
from ..deck import (
    STATUS_COLOURS,
    Cell,
    Chart,
    Deck,
    Picture,
    Tiles,
    TitleSlide,
    clean_text,
)
from . import drawingml as ml
from .chart import chart_parts
from .drawingml import SYMBOL_FONT
from .flow import (
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
from .package import (
    CT_CHART,
    CT_NOTES,
    CT_SLIDE,
    CT_XLSX,
    RT_CHART,
    RT_LAYOUT,
    RT_NOTES,
    RT_NOTES_MASTER,
    RT_PACKAGE,
    RT_SLIDE,
    NewPart,
)
from .template import RT_IMAGE, Layout, Template, footers, load_template, title_size

__all__ = ["SYMBOL_FONT", "load_template", "write"]

_NUMBER_INDENT = 0.42 * 914400  # room for "10." before a numbered entry, EMU


class _Slide:
    """A slide being written: its shapes, the shape ids in use (a new shape gets one more
    than the largest, as python-pptx numbers them) and its relationships."""

    def __init__(self, layout: Layout, language: str):
        self.layout = layout
        self.language = language
        self.shapes: list[str] = []
        self.ids: list[int] = []
        self.rels: list[tuple[str, str, str]] = [("rId1", RT_LAYOUT, layout.target)]

    def next_id(self) -> int:
        """python-pptx's next shape id: one more than the largest on the slide."""
        shape_id = max(self.ids, default=1) + 1
        self.ids.append(shape_id)
        return shape_id

    def add(self, markup: str, shape_id: int) -> None:
        self.shapes.append(markup)
        self.ids.append(shape_id)


# --- text --------------------------------------------------------------------------------------

def _text_paragraphs(page: TextPage, styles: Styles, lang: str) -> str:
    """The paragraphs of a text block: bullets (numbered or not), headings, plain text and
    status words, at the block's scale."""
    text = page.text
    out = []
    for para in text.paragraphs:
        size, _, _, _ = paragraph_metrics(para, styles, page.scale)
        colour, theme, level, attrs, bullet = None, None, 0, "", ""
        if para.kind == "bullet":
            level = min(para.level, 8)
            attrs = f' lvl="{level}"' if level else ""
            margin = f' marL="{int(_NUMBER_INDENT * (level + 1))}"'
            if para.continued:  # no bullet or number of its own, aligned with the text
                attrs += ' indent="0"' + (margin if text.numbered else "")
                bullet = "<a:buNone/>"
            elif text.numbered:
                attrs += margin + f' indent="{-int(_NUMBER_INDENT)}"'
                start = f' startAt="{text.start}"' if text.start != 1 else ""
                bullet = f'<a:buAutoNum type="arabicPeriod"{start}/>'
        else:
            attrs, bullet = ' marL="0" indent="0"', "<a:buNone/>"
            if para.kind == "heading":
                theme = "tx2"
            elif para.kind == "status":
                colour = STATUS_COLOURS.get(para.status or "grey", STATUS_COLOURS["grey"])[1]
        base = 24.0 if para.kind == "status" else styles.body[level]
        strong = para.kind in ("heading", "status")
        props = f"<a:pPr{attrs}>{bullet}</a:pPr>" if bullet else f"<a:pPr{attrs}/>"
        out.append(ml.paragraph(ml.runs(
            clean_text(para.text), size if size != base or para.kind == "status" else None,
            True if strong else None, colour, theme, lang), props))
    return "".join(out)


def _title_paragraphs(value: str, box: Box | None, base: float, lang: str) -> str:
    value = clean_text(value)
    size = title_size(value, box, base) if box is not None else base
    return ml.lines(value, size=size if size != base else None, lang=lang)


# --- tables and tiles --------------------------------------------------------------------------

def _table(slide: _Slide, page: TablePage, box: Box) -> None:
    table = page.table
    header = tuple(Cell(c.header, bold=True) for c in table.columns)
    rows = [header, *table.rows]
    if table.footer is not None:
        rows.append(tuple(replace(c, bold=True) for c in table.footer))
    aligns = [c.align for c in table.columns]
    lang = slide.language
    body = []
    for r, (cells, h) in enumerate(zip(rows, page.heights, strict=True)):
        out = []
        for cell, align in zip(cells, aligns, strict=True):
            fill = colour = None
            if cell.status and r > 0:
                fill, colour = STATUS_COLOURS.get(cell.status, STATUS_COLOURS["grey"])
            font = ml.font(page.size, cell.bold or None, colour, None, lang)
            out.append(ml.table_cell(font.lines(clean_text(cell.text), align), fill))
        body.append((round(h * PT), out))
    shape_id = slide.next_id()
    slide.shapes.append(ml.table(shape_id, box.left, box.top, page.widths, body,
                                 table.footer is not None))


def _tiles(slide: _Slide, tiles: Tiles, box: Box) -> None:
    count = len(tiles.tiles)
    gap = 14 * PT
    columns = count if box.width_pt / max(count, 1) >= 150 else max(1, min(count, 2))
    if box.width_pt < 220:
        columns = 1
    rows = math.ceil(count / columns)
    width = (box.width - gap * (columns - 1)) // columns
    height = min((box.height - gap * (rows - 1)) // rows, 170 * PT)
    top = box.top + (box.height - rows * height - (rows - 1) * gap) // 3  # a little above centre
    lang = slide.language
    centre = '<a:pPr algn="ctr"/>'
    inner = width / PT - 2 * TEXT_INSET
    value_size = min(fit_size(tile.value, inner, 1.05 * line_height(40), 40, 16, True)
                     for tile in tiles.tiles)  # the figures side by side in one size
    for n, tile in enumerate(tiles.tiles):
        row, col = divmod(n, columns)
        strong = fill = None
        if tile.status:
            fill, strong = STATUS_COLOURS.get(tile.status, STATUS_COLOURS["grey"])
        paragraphs = [ml.paragraph(ml.runs(clean_text(tile.value), value_size, True, strong,
                                           None if strong else "tx2", lang), centre)]
        texts = [(tile.label, 16.0)] + ([(tile.note, 14.0)] if tile.note else [])
        for k, (value, size) in enumerate(texts, start=1):
            keep = k == 1 and strong
            paragraphs.append(ml.paragraph(ml.runs(
                clean_text(value), size, False, strong if keep else None,
                None if keep else "tx1", lang), centre))
        shape_id = slide.next_id()
        slide.shapes.append(ml.rectangle(
            shape_id, box.left + col * (width + gap), top + row * (height + gap), width, height,
            "".join(paragraphs), fill, None if fill else "bg2"))


# --- slides ------------------------------------------------------------------------------------

class _Writer:
    """One deck being written: its slides, charts and workbooks."""

    def __init__(self, deck: Deck, template: Template):
        self.deck = deck
        self.template = template
        self.slides: list[NewPart] = []
        self.parts: list[NewPart] = []
        self._slide_names = template.free_names("ppt/slides/slide%d.xml")
        self._chart_names = template.free_names("ppt/charts/chart%d.xml")
        self._book_names = template.free_names("ppt/embeddings/Microsoft_Excel_Sheet%d.xlsx")
        self._notes_names = template.free_names("ppt/notesSlides/notesSlide%d.xml")
        self._media: dict[bytes, str] = {}

    def finish(self, slide: _Slide, notes: tuple[str, ...] = ()) -> None:
        name = next(self._slide_names)
        base = name.rsplit("/", 1)[1]
        notes_name = next(self._notes_names)
        rid = f"rId{len(slide.rels) + 1}"
        slide.rels.append((rid, RT_NOTES, "../notesSlides/" + notes_name.rsplit("/", 1)[1]))
        self.slides.append(NewPart(name, CT_SLIDE, ml.slide(slide.shapes), tuple(slide.rels)))
        lang = self.deck.language
        paragraphs = "".join(ml.paragraph(ml.runs(clean_text(n).replace("\n", " "), lang=lang))
                             for n in notes)
        master = "../" + self.template.notes_master.split("/", 1)[1]
        self.parts.append(NewPart(notes_name, CT_NOTES, ml.notes_slide(paragraphs), (
            ("rId1", RT_NOTES_MASTER, master), ("rId2", RT_SLIDE, "../slides/" + base))))

    def media(self, picture: Picture) -> str:
        """The zip name of ``picture``'s image part: one part per picture, however many
        slides, layouts or masters show it."""
        name = self._media.get(picture.data)
        if name is None:
            ext = "png" if picture.kind == "png" else "jpeg"
            taken = set(self._media.values())
            name = next(n for n in self.template.free_names(f"ppt/media/docgen-image%d.{ext}")
                        if n not in taken)
            self._media[picture.data] = name
            self.parts.append(NewPart(name, f"image/{picture.kind}", picture.data))
        return name

    def title_slide(self, view: TitleSlide) -> None:
        template = self.template
        layout = template.layouts[TITLE_LAYOUT]
        slide = _Slide(layout, self.deck.language)
        kinds = {}
        for n, ph in enumerate(layout.placeholders):
            kinds[ph.kind] = n
        title = kinds.get("CENTER_TITLE", kinds.get("TITLE"))
        subtitle = kinds.get("SUBTITLE")
        body = kinds.get("BODY")
        for needed, found in (("title", title), ("subtitle", subtitle), ("text", body)):
            if found is None:
                raise TemplateError(
                    f'{template.path}: layout "{TITLE_LAYOUT}" needs a {needed} placeholder'
                )
        lang = self.deck.language
        box = layout.placeholders[title].box
        filled = {
            title: _title_paragraphs(view.title, box, layout.title_size or 40.0, lang),
            subtitle: ml.lines(clean_text(view.subtitle), lang=lang),
        }
        if view.lines:
            filled[body] = ml.lines(clean_text("\n".join(view.lines)), lang=lang)
        for n, ph in enumerate(layout.placeholders):
            if n == body and not view.lines:
                continue
            slide.add(ph.filled(filled[n]) if n in filled else ph.markup, n + 2)
        if self.deck.client_logo is not None:
            self.picture(slide, self.deck.client_logo, template.client_logo, "Client Logo")
        self.finish(slide, view.notes)

    def picture(self, slide: _Slide, picture: Picture, box: Box, name: str) -> None:
        media = self.media(picture)
        rid = f"rId{len(slide.rels) + 1}"
        slide.rels.append((rid, RT_IMAGE, "../media/" + media.rsplit("/", 1)[1]))
        left, top, width, height = ml.fit_picture(
            (box.left, box.top, box.width, box.height), picture.width, picture.height)
        slide.shapes.append(ml.picture(slide.next_id(), name, left, top, width, height, rid))

    def page(self, page: Page, number: int) -> None:
        template, deck = self.template, self.deck
        layout = template.layouts[page.layout]
        if layout.title is None:
            raise TemplateError(
                f'{template.path}: layout "{layout.name}" needs a title placeholder')
        slide = _Slide(layout, deck.language)
        lang = deck.language
        placeholders = list(layout.placeholders)
        present = {n: ph.markup for n, ph in enumerate(placeholders)}
        slide.ids = [n + 2 for n in range(len(placeholders))]
        title = next(n for n, ph in enumerate(placeholders) if ph.idx == 0)
        present[title] = placeholders[title].filled(
            _title_paragraphs(page.title, layout.title, template.styles.title, lang))
        by_idx = {ph.idx: n for n, ph in enumerate(placeholders)}
        for n, idx in enumerate(layout.indexes):  # blocks drawn go after the placeholders
            target = by_idx.get(idx)
            block = page.blocks[n] if n < len(page.blocks) else None
            if isinstance(block, TextPage):
                if target is None:
                    raise TemplateError(
                        f'{template.path}: layout "{layout.name}": placeholder '
                        f'"{layout.labels[n]}" cannot hold text'
                    )
                present[target] = placeholders[target].filled(
                    _text_paragraphs(block, template.styles, lang))
                continue
            if target is not None and target in present:
                del present[target]
                slide.ids.remove(target + 2)
            box = layout.regions[n]
            if isinstance(block, TablePage):
                _table(slide, block, box)
            elif isinstance(block, Chart):
                self.chart(slide, block, box)
            elif isinstance(block, Tiles):
                _tiles(slide, block, box)
        slide.shapes[:0] = [present[n] for n in sorted(present)]
        for footer in footers(layout, lang):
            shape_id = str(slide.next_id())
            if footer.field:
                values = (shape_id, str(number), "")
            else:
                text = deck.footer + (" \u00b7 " + page.as_of if page.as_of else "")
                value = clean_text(text if footer.kind == "FOOTER" else str(number))
                first, *more = value.split("\n")
                values = (shape_id, ml.runs(first, lang=lang),
                          "".join(ml.paragraph(ml.runs(line, lang=lang)) for line in more))
            slide.shapes.append(footer.markup.fill(values))
        self.finish(slide, page.notes)

    def chart(self, slide: _Slide, chart: Chart, box: Box) -> None:
        chart_name = next(self._chart_names)
        book_name = next(self._book_names)
        xml, book = chart_parts(chart, self.deck.created, self.deck.language)
        self.parts.append(NewPart(chart_name, CT_CHART, xml, (
            ("rId1", RT_PACKAGE, "../embeddings/" + book_name.rsplit("/", 1)[1]),)))
        self.parts.append(NewPart(book_name, CT_XLSX, book))
        rid = f"rId{len(slide.rels) + 1}"
        slide.rels.append((rid, RT_CHART, "../charts/" + chart_name.rsplit("/", 1)[1]))
        shape_id = slide.next_id()
        slide.shapes.append(ml.chart(shape_id, box.left, box.top, box.width, box.height, rid))


def write(deck: Deck, template_path: Path) -> bytes:
    """The finished .pptx of ``deck`` on the template at ``template_path``."""
    template = load_template(template_path)
    template.layout(TITLE_LAYOUT)
    found = [page for slide in deck.slides
             for page in pages(slide, template.regions, template.styles, deck.continued)]
    writer = _Writer(deck, template)
    picture = None
    if deck.vendor_logo is not None:
        picture = (deck.vendor_logo, writer.media(deck.vendor_logo))
    writer.title_slide(deck.title_slide)
    for number, page in enumerate(found, start=2):
        writer.page(page, number)
    created = deck.created.replace(tzinfo=None)
    properties = {
        "title": deck.title, "subject": deck.subject, "author": deck.author,
        "last_modified_by": deck.author, "comments": "", "keywords": "", "category": "",
        "language": deck.language,
    }
    return template.package(writer.slides, writer.parts, properties, created, deck.logo,
                            picture)
