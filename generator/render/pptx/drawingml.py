"""Slide markup written as text: runs, paragraphs, tables, shapes and whole slides.

The deck writer (:mod:`generator.render.pptx.writer`) builds each slide's XML in one
go from these pieces instead of growing an object tree node by node. The
markup is what python-pptx writes for the same calls (element and attribute
order included), so a slide reads back the same in python-pptx, PowerPoint
and LibreOffice. Every text and attribute value is escaped here; callers pass
plain strings.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from lxml import etree

from ..measure import SYMBOL_CHARACTERS

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"

SYMBOL_FONT = "Noto Sans Symbols2"
"""The font for arrows and geometric shapes (▲ ▼ ▶), which Noto Sans lacks."""
_SYMBOLS = re.compile(f"([{SYMBOL_CHARACTERS}]+)")

TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # PowerPoint's default table style
ALIGN = {"left": "l", "right": "r", "center": "ctr"}


def text(value: str) -> str:
    """``value`` escaped for element content."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


_ATTR_SPECIAL = re.compile('[&<>"\n\t\r]')


def attr(value: str) -> str:
    """``value`` escaped for a double-quoted attribute."""
    if _ATTR_SPECIAL.search(value) is None:
        return value
    return (text(value).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\t", "&#9;").replace("\r", "&#13;"))


def centipoints(size: float) -> int:
    """A font size in points as DrawingML's ``sz`` (whole hundredths, as python-pptx rounds)."""
    return int(size * 12700) // 127


# --- runs and paragraphs -----------------------------------------------------------------------

@lru_cache(maxsize=1024)
def run_properties(size: float | None = None, bold: bool | None = None,
                   colour: str | None = None, theme: str | None = None, lang: str = "",
                   symbol: bool = False) -> str:
    """An ``a:rPr``: size (points), bold, an RGB ``colour`` or a ``theme`` colour
    (``tx1``, ``bg2``...), language, and the symbol font."""
    attrs = ""
    if size is not None:
        attrs += f' sz="{centipoints(size)}"'
    if bold is not None:
        attrs += f' b="{1 if bold else 0}"'
    if lang:
        attrs += f' lang="{attr(lang)}"'
    inner = ""
    if colour is not None:
        inner += f'<a:solidFill><a:srgbClr val="{attr(colour)}"/></a:solidFill>'
    elif theme is not None:
        inner += f'<a:solidFill><a:schemeClr val="{attr(theme)}"/></a:solidFill>'
    if symbol:
        inner += "".join(f'<a:{tag} typeface="{SYMBOL_FONT}"/>' for tag in ("latin", "ea", "cs"))
    if inner:
        return f"<a:rPr{attrs}>{inner}</a:rPr>"
    return f"<a:rPr{attrs}/>"


class Font:
    """How runs look: their ``a:rPr`` with and without the symbol font (see
    :func:`run_properties` for the arguments)."""

    __slots__ = ("plain", "symbol")

    def __init__(self, size: float | None = None, bold: bool | None = None,
                 colour: str | None = None, theme: str | None = None, lang: str = ""):
        self.plain = run_properties(size, bold, colour, theme, lang)
        self.symbol = run_properties(size, bold, colour, theme, lang, True)

    def runs(self, value: str) -> str:
        """``value`` as runs: line feeds as line breaks, symbols in :data:`SYMBOL_FONT` so
        that no viewer substitutes a font of its own. ``value`` is already clean text."""
        if "\n" not in value and _SYMBOLS.search(value) is None:
            return f"<a:r>{self.plain}<a:t>{text(value)}</a:t></a:r>" if value else ""
        out = []
        for n, line in enumerate(value.split("\n")):
            if n:
                out.append("<a:br/>")
            for k, part in enumerate(_SYMBOLS.split(line)):
                if part:
                    props = self.symbol if k % 2 else self.plain
                    out.append(f"<a:r>{props}<a:t>{text(part)}</a:t></a:r>")
        return "".join(out)

    def lines(self, value: str, align: str | None = None) -> str:
        """A paragraph per line of ``value``, each aligned ``align`` (``left``, ``right``,
        ``center``)."""
        props = f'<a:pPr algn="{ALIGN[align]}"/>' if align else ""
        if "\n" not in value:
            return paragraph(self.runs(value), props)
        return "".join(paragraph(self.runs(line), props) for line in value.split("\n"))


@lru_cache(maxsize=1024)
def font(size: float | None = None, bold: bool | None = None, colour: str | None = None,
         theme: str | None = None, lang: str = "") -> Font:
    """The :class:`Font` of these properties (made once)."""
    return Font(size, bold, colour, theme, lang)


def runs(value: str, size: float | None = None, bold: bool | None = None,
         colour: str | None = None, theme: str | None = None, lang: str = "") -> str:
    """``value`` as runs in the font given (see :meth:`Font.runs`)."""
    return font(size, bold, colour, theme, lang).runs(value)


def paragraph(content: str, properties: str = "") -> str:
    """An ``a:p`` of runs ``content`` after the paragraph ``properties`` (an ``a:pPr``)."""
    if not content and not properties:
        return "<a:p/>"
    return f"<a:p>{properties}{content}</a:p>"


def lines(value: str, align: str | None = None, size: float | None = None,
          bold: bool | None = None, colour: str | None = None, theme: str | None = None,
          lang: str = "") -> str:
    """A paragraph per line of ``value`` in the font given (see :meth:`Font.lines`)."""
    return font(size, bold, colour, theme, lang).lines(value, align)


# --- shapes ------------------------------------------------------------------------------------

def xfrm(tag: str, left: int, top: int, width: int, height: int) -> str:
    return (f'<{tag}><a:off x="{left}" y="{top}"/>'
            f'<a:ext cx="{width}" cy="{height}"/></{tag}>')


def _frame(shape_id: int, name: str, left: int, top: int, width: int, height: int,
           uri: str, content: str) -> str:
    return (
        f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" name="{name}"/>'
        '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr>'
        "<p:nvPr/></p:nvGraphicFramePr>"
        + xfrm("p:xfrm", left, top, width, height)
        + f'<a:graphic><a:graphicData uri="{uri}">{content}</a:graphicData></a:graphic>'
        "</p:graphicFrame>"
    )


def table_cell(paragraphs: str, fill: str | None = None) -> str:
    """An ``a:tc`` centred vertically, filled with RGB ``fill`` when given."""
    props = (f'<a:tcPr anchor="ctr"><a:solidFill><a:srgbClr val="{attr(fill)}"/>'
             "</a:solidFill></a:tcPr>") if fill else '<a:tcPr anchor="ctr"/>'
    return f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</a:txBody>{props}</a:tc>"


def table(shape_id: int, left: int, top: int, widths: Sequence[int],
          rows: Iterable[tuple[int, Iterable[str]]], last_row: bool = False) -> str:
    """A table shape: columns ``widths`` (EMU), ``rows`` of (height, cells made with
    :func:`table_cell`); header banding on, a totals row when ``last_row``."""
    body = []
    height = 0
    for h, cells in rows:
        height += h
        body.append(f'<a:tr h="{h}">{"".join(cells)}</a:tr>')
    flags = ' firstRow="1" bandRow="1"' + (' lastRow="1"' if last_row else "")
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    tbl = (f"<a:tbl><a:tblPr{flags}><a:tableStyleId>{TABLE_STYLE}</a:tableStyleId></a:tblPr>"
           f"<a:tblGrid>{grid}</a:tblGrid>{''.join(body)}</a:tbl>")
    return _frame(shape_id, f"Table {shape_id - 1}", left, top, sum(widths), height,
                  "http://schemas.openxmlformats.org/drawingml/2006/table", tbl)


def chart(shape_id: int, left: int, top: int, width: int, height: int, rid: str) -> str:
    """A chart shape showing the chart part related as ``rid``."""
    return _frame(shape_id, f"Chart {shape_id - 1}", left, top, width, height, NS_C,
                  f'<c:chart xmlns:c="{NS_C}" r:id="{attr(rid)}"/>')


def rectangle(shape_id: int, left: int, top: int, width: int, height: int, paragraphs: str,
              fill: str | None = None, theme_fill: str | None = None) -> str:
    """A borderless rectangle without shadow, text centred, filled with an RGB ``fill``
    or a theme colour ``theme_fill``."""
    colour = (f'<a:srgbClr val="{attr(fill)}"/>' if fill is not None
              else f'<a:schemeClr val="{attr(theme_fill or "accent1")}"/>')
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Rectangle {shape_id - 1}"/>'
        "<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>"
        + xfrm("a:xfrm", left, top, width, height)
        + '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f"<a:solidFill>{colour}</a:solidFill><a:ln><a:noFill/></a:ln><a:effectLst/></p:spPr>"
        '<p:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef>'
        '<a:fillRef idx="3"><a:schemeClr val="accent1"/></a:fillRef>'
        '<a:effectRef idx="2"><a:schemeClr val="accent1"/></a:effectRef>'
        '<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style>'
        f'<p:txBody><a:bodyPr rtlCol="0" anchor="ctr" wrap="square"/><a:lstStyle/>{paragraphs}'
        "</p:txBody></p:sp>"
    )


def picture(shape_id: int, name: str, left: int, top: int, width: int, height: int,
            rid: str) -> str:
    """A picture shape showing the image part related as ``rid``, its aspect locked."""
    return (
        f'<p:pic><p:nvPicPr><p:cNvPr id="{shape_id}" name="{attr(name)}"/>'
        '<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>'
        f'<p:blipFill><a:blip r:embed="{attr(rid)}"/><a:stretch><a:fillRect/></a:stretch>'
        "</p:blipFill><p:spPr>" + xfrm("a:xfrm", left, top, width, height)
        + '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )


def notes_slide(paragraphs: str) -> bytes:
    """A notes slide: the slide's image and the notes placeholder holding ``paragraphs``
    (as python-pptx makes one; the notes master gives both their place)."""
    return (
        f'{DECLARATION}<p:notes xmlns:a="{NS_A}" xmlns:p="{NS_P}" xmlns:r="{NS_R}"><p:cSld>'
        '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
        "</p:nvGrpSpPr><p:grpSpPr/>"
        '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr>'
        '<a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr>'
        '<p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>'
        '<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr>'
        '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr>'
        f"</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>{paragraphs or '<a:p/>'}"
        "</p:txBody></p:sp></p:spTree></p:cSld>"
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"
    ).encode()


def fit_picture(box: tuple[int, int, int, int], width: int, height: int,
                align: str = "l") -> tuple[int, int, int, int]:
    """(left, top, width, height) of a ``width`` x ``height`` picture inside ``box``
    (left, top, width, height, EMU), as large as fits with its aspect kept, centred
    vertically and aligned ``l``, ``ctr`` or ``r``."""
    left, top, box_w, box_h = box
    scale = min(box_w / width, box_h / height)
    w, h = max(1, round(width * scale)), max(1, round(height * scale))
    x = left + {"l": 0, "ctr": (box_w - w) // 2, "r": box_w - w}.get(align, 0)
    return x, top + (box_h - h) // 2, w, h


def slide(shapes: Iterable[str]) -> bytes:
    """A whole slide part holding ``shapes`` (its layout comes from its relationships)."""
    return (
        f'{DECLARATION}<p:sld xmlns:a="{NS_A}" xmlns:p="{NS_P}" xmlns:r="{NS_R}"><p:cSld>'
        '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
        f"</p:nvGrpSpPr><p:grpSpPr/>{''.join(shapes)}</p:spTree></p:cSld>"
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
    ).encode()


def relationships(rels: Iterable[tuple[str, str, str, bool]]) -> bytes:
    """A relationships part: (id, type, target, external) each."""
    body = "".join(
        f'<Relationship Id="{attr(rid)}" Type="{attr(kind)}" Target="{attr(target)}"'
        + (' TargetMode="External"' if external else "") + "/>"
        for rid, kind, target, external in rels
    )
    return (f"{DECLARATION}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
            f"2006/relationships\">{body}</Relationships>").encode()


# --- markup with holes, and lxml elements as markup ----------------------------------------

_NS_DECL = re.compile(r' xmlns:(?:a|p|r)="[^"]*"')


def free_holes(source: str, count: int) -> tuple[str, ...]:
    """``count`` private-use characters that ``source`` does not contain, to stand for
    values in markup made from it."""
    free = (chr(c) for c in range(0xE000, 0xF900) if chr(c) not in source)
    found = tuple(itertools.islice(free, count))  # the first ones: each is a scan of source
    if len(found) < count:
        raise ValueError("no free characters for holes")
    return found


class Markup:
    """Markup with holes (characters the markup does not otherwise contain, see
    :func:`free_holes`), split once, filled many times with values in hole order."""

    __slots__ = ("holes", "parts")

    def __init__(self, template: str, holes: tuple[str, ...]):
        self.holes = {hole: n for n, hole in enumerate(holes)}
        self.parts = tuple(re.split("([" + "".join(holes) + "])", template))

    def fill(self, values: tuple[str, ...] | list[str]) -> str:
        holes = self.holes
        return "".join(values[holes[p]] if n % 2 else p for n, p in enumerate(self.parts))


def fragment(element) -> str:
    """``element`` as markup to go inside a slide (which declares a, p and r)."""
    markup = etree.tostring(element, encoding="unicode")
    end = markup.index(">")
    return _NS_DECL.sub("", markup[:end]) + markup[end:]


def part_xml(element) -> bytes:
    """A whole XML part, serialized as python-pptx saves it."""
    return etree.tostring(element, encoding="UTF-8", standalone=True)
