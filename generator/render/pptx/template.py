"""A PowerPoint template read once per process, ready to make decks from.

Reading a template is slow: python-pptx parses every part and resolves each
placeholder's geometry through layout and master. Making a deck from it must
be fast, so :func:`load_template` works out once, per file version,
everything a deck needs:

* the layouts by name, with their content regions (left to right), their
  title boxes and sizes, and the placeholders a new slide on them starts
  with, as markup;
* the footer and slide-number placeholders every slide copies, as markup with
  holes for the shape id and the text (made once per language);
* the master and layouts with the vendor's name in their "Logo" text shapes
  (once per vendor);
* the package (:mod:`generator.render.pptx.package`).

What it works out is kept in the disk cache too (:mod:`generator.render.pptx.template_cache`).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...errors import TemplateError
from ..deck import clean_text
from ..package import Member, deflate, read_package, read_template_package
from . import drawingml as ml
from .drawingml import Markup
from .flow import CELL_INSET_Y, PT, TEXT_INSET, TITLE_LAYOUT, Box, Styles, fit_size
from .package import NewPart, Package
from .package import read as read_package_of

CLIENT_LOGO = Box(1005840, 457200, 2743200, 731520)
"""The client's logo on the title slide when the title layout has no "Client Logo" shape:
above the title, 3 x 0.8 inches."""
_REGION_TYPES_SKIPPED = ("TITLE", "CENTER_TITLE", "SUBTITLE", "FOOTER", "SLIDE_NUMBER", "DATE")
_FOOTER_TYPES = ("FOOTER", "SLIDE_NUMBER")


# --- layouts -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Placeholder:
    """A placeholder as a new slide on its layout gets it (python-pptx's clone)."""

    kind: str  # the placeholder type's name: TITLE, CENTER_TITLE, SUBTITLE, BODY, OBJECT...
    idx: int
    box: Box | None  # as the slide inherits it from layout and master
    markup: str  # empty, as cloned
    head: str  # the markup before the paragraphs, once filled
    tail: str

    def filled(self, paragraphs: str) -> str:
        return self.head + (paragraphs or "<a:p/>") + self.tail


@dataclass(frozen=True)
class Footer:
    """A layout's footer or slide-number placeholder, copied onto each slide."""

    kind: str  # FOOTER or SLIDE_NUMBER
    markup: Markup  # holes: shape id, first line's runs (or the number), further paragraphs
    field: bool  # the number goes into a slide-number field


@dataclass(frozen=True, eq=False)
class Layout:
    """A layout: its part, its content regions left to right, what a new slide holds."""

    name: str
    target: str  # from a slide part: "../slideLayouts/slideLayout2.xml"
    regions: tuple[Box, ...]
    indexes: tuple[int, ...]  # the regions' placeholder idx
    labels: tuple[str, ...]  # and names
    placeholders: tuple[Placeholder, ...]
    title: Box | None  # the title placeholder (idx 0) as a slide inherits it
    title_size: float | None  # from the layout's own title text style
    footer_elements: tuple  # (kind, element) of the footer and slide-number placeholders


@lru_cache(maxsize=64)
def footers(layout: Layout, language: str) -> tuple[Footer, ...]:
    """The footers a slide on ``layout`` copies, their text tagged with ``language``."""
    return tuple(_footer(kind, element, language) for kind, element in layout.footer_elements)


# --- the template ------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Template:
    """A template read once (see the module docstring)."""

    path: Path
    layouts: dict[str, Layout]
    styles: Styles
    _package: Package = field(repr=False)
    _logos: dict[str, bytes] = field(repr=False)  # master and layouts with a "Logo" text
    notes_master: str = ""  # zip name of the notes master
    client_logo: Box = CLIENT_LOGO  # where the title slide shows the client's logo

    def package(self, slides: list[NewPart], parts: list[NewPart], properties: dict[str, str],
                created: dt.datetime, logo: str, picture: tuple | None = None) -> bytes:
        """The deck's file: ``slides`` in order, other new ``parts`` (charts, workbooks),
        the core ``properties``, and ``logo`` in the master and layouts: the vendor's
        name, or ``picture`` (a :class:`~generator.render.deck.Picture` and the zip name
        of its image part) in place of the "Logo" shapes."""
        if picture is None:
            replaced = dict(_logo_parts(self, logo))
        else:
            replaced = dict(_logo_pictures(self, *picture))
        return self._package.write(slides, parts, properties, created, replaced)

    def free_names(self, pattern: str) -> Iterable[str]:
        """Part names ``pattern % n`` (n = 1, 2...) that the template's kept parts leave free."""
        return self._package.free_names(pattern)

    def layout(self, name: str) -> Layout:
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


def load_template(path: Path) -> Template:
    """The template at ``path``, read once per process and file version."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot open template ({exc.strerror})") from None
    return _read_template(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_template(path: Path, mtime_ns: int, size: int) -> Template:
    from pptx import Presentation

    from . import template_cache

    members = read_template_package(path, "PowerPoint")  # checked whole, cached or not
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read template ({exc.strerror})") from None
    kept = template_cache.load(path, blob)
    if kept is not None:
        return kept
    try:
        prs = Presentation(io.BytesIO(blob))
        if not _has_notes_master(prs):  # python-pptx's own, as it adds one for notes
            _theme_notes_as_slides(prs)
            saved = io.BytesIO()
            prs.save(saved)
            members = read_package(saved.getvalue())
            prs = Presentation(io.BytesIO(saved.getvalue()))
        package = read_package_of(prs, members)
        owners = {str(owner.part.partname).lstrip("/"): owner for owner in (prs.slide_master,
                  *prs.slide_layouts) if any(_is_logo(s) for s in owner.shapes)}
        logos = {}
        for m in members:
            if m.name in owners:
                logos[m.name] = m.data()
                rels = _rels_name(m.name)
                logos[rels] = next((r.data() for r in members if r.name == rels), b"")
        client_box = CLIENT_LOGO
        for layout in prs.slide_layouts:
            if layout.name == TITLE_LAYOUT:
                found = [sh for sh in layout.shapes if sh.name == "Client Logo"]
                if found:
                    client_box = _box(found[0])
        layouts: dict[str, Layout] = {}
        for layout in prs.slide_layouts:
            layouts.setdefault(layout.name, _read_layout(prs, layout))
        styles = _styles(prs.slide_master)
        notes = str(prs.notes_master.part.partname).lstrip("/")
    except TemplateError:
        raise
    except Exception as exc:  # python-pptx raises several types for a file it cannot use
        raise TemplateError(f"{path}: not a readable PowerPoint template "
                            f"({type(exc).__name__}: {exc})") from None
    template = Template(path, layouts, styles, package, logos, notes, client_box)
    template_cache.store(blob, template)
    return template


def _theme_notes_as_slides(prs) -> None:
    """Give the template a notes master (python-pptx's), in the slide master's theme
    rather than python-pptx's default Office one, so that notes pages have the deck's
    colours and fonts and follow its theme when a designer changes it."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.oxml import parse_xml

    notes_theme = prs.notes_master.part.part_related_by(RT.THEME)
    slides_theme = prs.slide_master.part.part_related_by(RT.THEME)
    notes_theme._element = parse_xml(slides_theme.blob)


def _has_notes_master(prs) -> bool:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    return any(r.reltype == RT.NOTES_MASTER for r in prs.part.rels.values())


def _rels_name(name: str) -> str:
    folder, base = posixpath.split(name)
    return posixpath.join(folder, "_rels", base + ".rels")


# --- reading layouts ---------------------------------------------------------------------------

def _box(shape) -> Box:
    return Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))


def _read_layout(prs, layout) -> Layout:
    found = sorted((ph for ph in layout.placeholders
                    if ph.placeholder_format.type.name not in _REGION_TYPES_SKIPPED),
                   key=lambda ph: (ph.left, ph.top))
    slide = prs.slides.add_slide(layout)  # python-pptx clones the placeholders, once
    placeholders = tuple(_placeholder(ph) for ph in slide.placeholders)
    title = slide.shapes.title
    size = None
    for ph in layout.placeholders:
        if ph.placeholder_format.type.name in ("CENTER_TITLE", "TITLE"):
            sizes = ph._element.xpath("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr/@sz")
            if sizes:
                size = int(sizes[0]) / 100
                break
    footers = tuple((ph.placeholder_format.type.name, ph._element)
                    for ph in layout.placeholders
                    if ph.placeholder_format.type.name in _FOOTER_TYPES)
    return Layout(
        layout.name, posixpath.relpath(str(layout.part.partname), "/ppt/slides"),
        tuple(_box(ph) for ph in found), tuple(ph.placeholder_format.idx for ph in found),
        tuple(ph.name for ph in found), placeholders,
        _box(title) if title is not None else None, size, footers,
    )


def _placeholder(shape) -> Placeholder:
    try:
        box = _box(shape)
    except (TypeError, AttributeError):  # no geometry on the slide, layout or master
        box = None
    markup = ml.fragment(shape._element)
    if markup.endswith("<a:p/></p:txBody></p:sp>"):
        cut = len(markup) - len("<a:p/></p:txBody></p:sp>")
        head, tail = markup[:cut], "</p:txBody></p:sp>"
    else:
        cut = len(markup) - len("</p:sp>")
        head, tail = markup[:cut] + "<p:txBody><a:bodyPr/><a:lstStyle/>", "</p:txBody></p:sp>"
    return Placeholder(shape.placeholder_format.type.name, shape.placeholder_format.idx, box,
                       markup, head, tail)


def _footer(kind: str, original, language: str) -> Footer:
    """The placeholder as a slide copies it, with holes (see :class:`Footer`)."""
    from pptx.oxml.ns import qn

    shape_id, text, more = holes = ml.free_holes(ml.fragment(original), 3)
    element = copy.deepcopy(original)
    element.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").set("id", shape_id)
    fields = element.findall(f".//{qn('a:fld')}")
    field = kind == "SLIDE_NUMBER" and fields and fields[0].find(qn("a:t")) is not None
    if field:
        fields[0].find(qn("a:t")).text = text
    else:
        body = element.get_or_add_txBody()
        paragraphs = body.findall(qn("a:p"))
        if not paragraphs:
            paragraphs = [body.add_p()]
        for extra in paragraphs[1:]:
            body.remove(extra)
        first = paragraphs[0]
        for child in list(first):
            if child.tag in (qn("a:r"), qn("a:br"), qn("a:fld")):
                first.remove(child)
        first.add_r().t.text = text
        first.tail = more
    if language:
        for run in element.iter(qn("a:r")):
            if run.find(qn("a:t")).text != text:
                run.get_or_add_rPr().set("lang", language)
        for props in element.iter(qn("a:endParaRPr")):
            props.set("lang", language)
    markup = ml.fragment(element).replace(f"<a:r><a:t>{text}</a:t></a:r>", text)
    return Footer(kind, Markup(markup, holes), bool(field))


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


# --- reading the package -----------------------------------------------------------------------

# --- logos -------------------------------------------------------------------------------------

def _is_logo(shape) -> bool:
    return shape.name == "Logo" and not shape.is_placeholder and shape.has_text_frame


RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


@lru_cache(maxsize=16)
def _logo_pictures(template: Template, picture, media: str) -> tuple[tuple[str, Member], ...]:
    """The master and layouts with ``picture`` (its image part named ``media``) in place
    of their "Logo" shapes, as large as each shape's box allows with its aspect kept,
    aligned as the shape's text was; and their relationships to the image."""
    from pptx.oxml import parse_xml
    from pptx.shapes.autoshape import Shape

    from .package import _next_rid, _parse_rels

    out = []
    for name, data in template._logos.items():
        if name.endswith(".rels"):
            continue
        rels_name = _rels_name(name)
        rels = _parse_rels(template._logos[rels_name]) if template._logos[rels_name] else []
        rid = _next_rid({r[0] for r in rels})
        target = posixpath.relpath("/" + media, posixpath.dirname("/" + name))
        rels.append((rid, RT_IMAGE, target, False))
        root = parse_xml(data)
        tree = root.find(f"{{{ml.NS_P}}}cSld/{{{ml.NS_P}}}spTree")
        for element in list(tree.iterchildren(f"{{{ml.NS_P}}}sp")):
            shape = Shape(element, None)
            if not _is_logo(shape):
                continue
            aligns = element.xpath("p:txBody/a:p[1]/a:pPr/@algn")
            box = (int(shape.left), int(shape.top), int(shape.width), int(shape.height))
            left, top, width, height = ml.fit_picture(box, picture.width, picture.height,
                                                      aligns[0] if aligns else "l")
            markup = ml.picture(shape.shape_id, "Logo", left, top, width, height, rid)
            pic = parse_xml(f'<p:root xmlns:a="{ml.NS_A}" xmlns:p="{ml.NS_P}" '
                            f'xmlns:r="{ml.NS_R}">{markup}</p:root>')[0]
            element.addprevious(pic)
            tree.remove(element)
        out.append((name, deflate(name, ml.part_xml(root))))
        out.append((rels_name, deflate(rels_name, ml.relationships(rels))))
    return tuple(out)


@lru_cache(maxsize=64)
def _logo_parts(template: Template, text: str) -> tuple[tuple[str, Member], ...]:
    """The master and layouts with ``text`` written into their "Logo" text shapes."""
    from pptx.oxml import parse_xml
    from pptx.shapes.autoshape import Shape

    out = []
    for name, data in template._logos.items():
        if name.endswith(".rels"):
            continue
        root = parse_xml(data)
        tree = root.find(f"{{{ml.NS_P}}}cSld/{{{ml.NS_P}}}spTree")
        for element in tree.iterchildren(f"{{{ml.NS_P}}}sp"):
            shape = Shape(element, None)
            if _is_logo(shape):
                _fill_logo(shape, text)
        out.append((name, deflate(name, ml.part_xml(root))))
    return tuple(out)


def _fill_logo(shape, text: str) -> None:
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


def title_size(text: str, box: Box, base: float) -> float:
    """The size of a slide title in ``box``: ``base``, smaller when it does not fit."""
    width = box.width / PT - 2 * TEXT_INSET
    height = box.height / PT - 2 * CELL_INSET_Y
    return fit_size(text, width, height, base, 16, True)
