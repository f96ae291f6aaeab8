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
* the package: the members a deck keeps as they are (their compressed bytes
  are copied), the template's own slides left out, and ``presentation.xml``,
  its relationships, the content types and the core properties as markup
  with holes.

:meth:`Template.package` then puts a deck's slides and charts into that
package. Holes are private-use characters, which no template contains.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import posixpath
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..errors import TemplateError
from . import drawingml as ml
from .deck import clean_text
from .flow import CELL_INSET_Y, PT, TEXT_INSET, Box, Styles, fit_size
from .package import Member, deflate, read_package, write_package

_REGION_TYPES_SKIPPED = ("TITLE", "CENTER_TITLE", "SUBTITLE", "FOOTER", "SLIDE_NUMBER", "DATE")
_FOOTER_TYPES = ("FOOTER", "SLIDE_NUMBER")

ID, TEXT, MORE = "\ue000", "\ue001", "\ue002"
_HOLES = re.compile("([\ue000-\ue03f])")
_NS_DECL = re.compile(r' xmlns:(?:a|p|r)="[^"]*"')

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_RT_SLIDE = _RT + "slide"
_RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CT_SLIDE = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
RT_LAYOUT = _RT + "slideLayout"
RT_CHART = _RT + "chart"
RT_PACKAGE = _RT + "package"


class Markup:
    """Markup with holes (see the module docstring), split once, filled many times."""

    __slots__ = ("parts",)

    def __init__(self, template: str):
        self.parts = tuple(_HOLES.split(template))

    def fill(self, values: dict[str, str]) -> str:
        parts = self.parts
        return "".join(values[p] if n % 2 else p for n, p in enumerate(parts))


def fragment(element) -> str:
    """``element`` as markup to go inside a slide (which declares a, p and r)."""
    markup = etree.tostring(element, encoding="unicode")
    end = markup.index(">")
    return _NS_DECL.sub("", markup[:end]) + markup[end:]


def part_xml(element) -> bytes:
    """A whole XML part, serialized as python-pptx saves it."""
    return etree.tostring(element, encoding="UTF-8", standalone=True)


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
    markup: Markup  # holes: ID, TEXT (first line's runs, or the number), MORE
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


# --- the package -------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewPart:
    """A part a deck adds: its zip name, content type, content and relationships."""

    name: str
    content_type: str
    data: bytes
    rels: tuple[tuple[str, str, str], ...] = ()  # (id, type, target)


@dataclass(frozen=True)
class _Package:
    members: tuple[Member, ...]  # kept, in the template's order
    names: frozenset[str]
    defaults: tuple[tuple[str, str], ...]  # content types by extension
    overrides: tuple[tuple[str, str], ...]  # by part name ("/ppt/...")
    presentation: str  # zip name of presentation.xml
    presentation_xml: tuple[str, str]  # before and after the slide ids
    presentation_rels: tuple[tuple[str, str, str, bool], ...]  # kept relationships
    next_slide_id: int
    core: str  # zip name of the core properties
    core_xml: Markup
    root_rels: bytes | None  # when the template has no core properties to relate
    logo_parts: tuple[str, ...]  # zip names of the master and layouts with a "Logo" text


# --- the template ------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Template:
    """A template read once (see the module docstring)."""

    path: Path
    layouts: dict[str, Layout]
    styles: Styles
    _package: _Package = field(repr=False)
    _parts: dict[str, bytes] = field(repr=False)  # uncompressed logo parts

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

    def package(self, slides: list[NewPart], parts: list[NewPart], properties: dict[str, str],
                created: dt.datetime, logo: str) -> bytes:
        """The deck's file: the template's kept members, ``slides`` in order, other new
        ``parts`` (charts, workbooks), the core ``properties`` and ``logo``."""
        pkg = self._package
        replaced: dict[str, Member] = dict(_logo_parts(self, logo))
        rels = list(pkg.presentation_rels)
        taken = {rid for rid, *_ in rels}
        ids = []
        folder = posixpath.dirname(pkg.presentation) + "/"  # "ppt/"
        for n, slide in enumerate(slides):
            rid = _next_rid(taken)
            taken.add(rid)
            target = (slide.name[len(folder):] if slide.name.startswith(folder)
                      else posixpath.relpath("/" + slide.name, "/" + folder))
            rels.append((rid, _RT_SLIDE, target, False))
            ids.append(f'<p:sldId id="{pkg.next_slide_id + n}" r:id="{rid}"/>')
        before, after = pkg.presentation_xml
        new = _Compressor()
        new.add(pkg.presentation, (before + "".join(ids) + after).encode("utf-8"))
        new.add(_rels_name(pkg.presentation), ml.relationships(rels))
        stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
        values = {PROPERTIES[k]: ml.text(v) for k, v in properties.items()}
        for name in ("created", "modified", "last_printed"):
            values[PROPERTIES[name]] = stamp
        core = pkg.core_xml.fill(values).encode("utf-8")
        if pkg.root_rels is not None:
            new.add("_rels/.rels", pkg.root_rels)
        new.add(pkg.core, core)
        overrides = dict(pkg.overrides)
        defaults = dict(pkg.defaults)
        for part in (*slides, *parts):
            if part.content_type == CT_XLSX:
                defaults["xlsx"] = CT_XLSX
                new.add(part.name, part.data, compress=False)  # a zip already
            else:
                overrides["/" + part.name] = part.content_type
                new.add(part.name, part.data)
            if part.rels:
                new.add(_rels_name(part.name), ml.relationships(
                    (rid, kind, target, False) for rid, kind, target in part.rels))
        new.add("[Content_Types].xml", _content_types(defaults, overrides))
        replaced.update(new.members)
        members = [replaced.pop(m.name, m) for m in pkg.members]
        return write_package((*members, *replaced.values()), {})

    def free_names(self, pattern: str) -> Iterable[str]:
        """Part names ``pattern % n`` (n = 1, 2...) that the kept members do not use."""
        n = 0
        while True:
            n += 1
            name = pattern % n
            if name not in self._package.names:
                yield name


class _Compressor:
    """New members, deflated once per distinct content (slides on one layout share
    their relationships); ``compress=False`` stores data that is compressed already."""

    def __init__(self):
        self.members: dict[str, Member] = {}
        self._done: dict[bytes, Member] = {}

    def add(self, name: str, data: bytes, compress: bool = True) -> None:
        if not compress:
            self.members[name] = Member(name, 0, zlib.crc32(data), len(data), data)
            return
        done = self._done.get(data)
        if done is None:
            done = self._done[data] = deflate(name, data)
        self.members[name] = Member(name, done.method, done.crc, done.size, done.raw)


def _next_rid(taken: set[str]) -> str:
    """The relationship id python-pptx would give next."""
    for n in range(len(taken) + 1, 0, -1):
        if f"rId{n}" not in taken:
            return f"rId{n}"
    raise AssertionError("unreachable")


def _rels_name(name: str) -> str:
    folder, base = posixpath.split(name)
    return posixpath.join(folder, "_rels", base + ".rels")


def _content_types(defaults: dict[str, str], overrides: dict[str, str]) -> bytes:
    body = "".join(f'<Default Extension="{ml.attr(e)}" ContentType="{ml.attr(c)}"/>'
                   for e, c in sorted(defaults.items()))
    body += "".join(f'<Override PartName="{ml.attr(p)}" ContentType="{ml.attr(c)}"/>'
                    for p, c in sorted(overrides.items()))
    return (f'{ml.DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types">{body}</Types>').encode()


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

    try:
        blob = path.read_bytes()
        members = read_package(blob)
        prs = Presentation(io.BytesIO(blob))
    except Exception as exc:  # python-pptx and zipfile raise several types for a bad file
        raise TemplateError(f"{path}: not a readable PowerPoint template ({exc})") from None
    package = _read_package(prs, members)
    layouts: dict[str, Layout] = {}
    for layout in prs.slide_layouts:
        layouts.setdefault(layout.name, _read_layout(prs, layout))
    parts = {m.name: m.data() for m in members if m.name in package.logo_parts}
    return Template(path, layouts, _styles(prs.slide_master), package, parts)


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
    markup = fragment(shape._element)
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

    element = copy.deepcopy(original)
    element.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").set("id", ID)
    fields = element.findall(f".//{qn('a:fld')}")
    field = kind == "SLIDE_NUMBER" and fields and fields[0].find(qn("a:t")) is not None
    if field:
        fields[0].find(qn("a:t")).text = TEXT
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
        hole = first.add_r()
        hole.t.text = TEXT
        first.tail = MORE
    if language:
        for run in element.iter(qn("a:r")):
            if run.find(qn("a:t")).text != TEXT:
                run.get_or_add_rPr().set("lang", language)
        for props in element.iter(qn("a:endParaRPr")):
            props.set("lang", language)
    markup = fragment(element).replace(f"<a:r><a:t>{TEXT}</a:t></a:r>", TEXT)
    return Footer(kind, Markup(markup), bool(field))


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

def _source(rels_name: str) -> str:
    """The part a relationships member belongs to ("" for the package)."""
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base[:-len(".rels")]).lstrip("/")


def _parse_rels(data: bytes) -> list[tuple[str, str, str, bool]]:
    root = etree.fromstring(data)
    return [(r.get("Id"), r.get("Type"), r.get("Target"), r.get("TargetMode") == "External")
            for r in root]


def _reachable(rels_of: dict, names: set[str], presentation: str, dropped: set[str]) -> set[str]:
    """The parts python-pptx keeps: those reachable without the template's own slides."""
    found: set[str] = set()
    todo = [("", r) for r in rels_of.get("", [])]
    while todo:
        source, (rid, _, target, external) = todo.pop()
        if external or (source == presentation and rid in dropped):
            continue
        name = posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")
        if name in found or name not in names:
            continue
        found.add(name)
        todo += [(name, r) for r in rels_of.get(name, [])]
    return found


def _types(data: bytes, parts: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(defaults by extension, overrides by part name) for ``parts``, as python-pptx
    writes them."""
    from pptx.opc.spec import default_content_types

    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    types = etree.fromstring(data)
    by_ext = {d.get("Extension").lower(): d.get("ContentType") for d in types.iter(ns + "Default")}
    by_name = {o.get("PartName"): o.get("ContentType") for o in types.iter(ns + "Override")}
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml",
                "xml": "application/xml"}
    overrides = {}
    for name in parts:
        ext = name.rsplit(".", 1)[-1]
        content_type = by_name.get("/" + name) or by_ext.get(ext.lower(), "")
        if (ext.lower(), content_type) in default_content_types:
            defaults[ext] = content_type
        else:
            overrides["/" + name] = content_type
    return defaults, overrides


def _presentation(data: bytes) -> tuple[tuple[str, str], set[str]]:
    """presentation.xml without the template's slides, split where the deck's slide ids go,
    and the relationship ids of the slides left out."""
    from pptx.oxml import parse_xml

    element = parse_xml(data)
    slide_list = element.get_or_add_sldIdLst()
    dropped = {s.rId for s in slide_list}
    for s in list(slide_list):
        slide_list.remove(s)
    slide_list.append(slide_list.makeelement(f"{{{ml.NS_P}}}sldId",
                                             {"id": "256", f"{{{ml.NS_R}}}id": ID}))
    before, after = part_xml(element).decode("utf-8").split(f'<p:sldId id="256" r:id="{ID}"/>')
    return (before, after), dropped


PROPERTIES = {name: chr(0xE020 + n) for n, name in enumerate((
    "title", "subject", "author", "last_modified_by", "comments", "keywords", "category",
    "language", "created", "modified", "last_printed"))}
"""The holes of the core properties markup."""


def _core(data: bytes | None) -> Markup:
    """The core properties markup (python-pptx's, from the template's when it has one)."""
    from pptx.opc.packuri import PackURI
    from pptx.parts.coreprops import CorePropertiesPart

    if data is None:
        core = CorePropertiesPart.default(None)
    else:
        core = CorePropertiesPart.load(PackURI("/docProps/core.xml"), _CT_CORE, None, data)
    printed = core.last_printed is not None
    stamps = {}
    for n, (name, hole) in enumerate(PROPERTIES.items()):
        if name in ("created", "modified", "last_printed"):
            if name != "last_printed" or printed:
                stamp = dt.datetime(1901 + n, 2, 3, 4, 5, 6)
                setattr(core, name, stamp)
                stamps[stamp.strftime("%Y-%m-%dT%H:%M:%SZ")] = hole
        else:
            setattr(core, name, hole)
    core.revision = 1
    markup = part_xml(core._element).decode("utf-8")
    for stamp, hole in stamps.items():
        markup = markup.replace(stamp, hole)
    return Markup(markup)


def _read_package(prs, members: tuple[Member, ...]) -> _Package:
    data = {m.name: m for m in members}
    rels_of = {_source(m.name): _parse_rels(m.data()) for m in members
               if m.name.endswith(".rels")}
    presentation = str(prs.part.partname).lstrip("/")
    presentation_xml, dropped = _presentation(data[presentation].data())
    reachable = _reachable(rels_of, set(data), presentation, dropped)
    defaults, overrides = _types(data["[Content_Types].xml"].data(), sorted(reachable))

    core_rel = next((r for r in rels_of.get("", []) if r[1] == _RT_CORE), None)
    core_name, root_rels = "docProps/core.xml", None
    if core_rel is not None and core_rel[2].lstrip("/") in data:
        core_name = core_rel[2].lstrip("/")
        core = _core(data[core_name].data())
    else:  # python-pptx adds core properties of its own
        core = _core(None)
        kept = [r for r in rels_of.get("", []) if r[1] != _RT_CORE]
        rid = _next_rid({r[0] for r in kept})
        root_rels = ml.relationships([*kept, (rid, _RT_CORE, core_name, False)])
        overrides["/" + core_name] = _CT_CORE

    kept = [m for m in members
            if m.name == "[Content_Types].xml" or m.name in reachable
            or (m.name.endswith(".rels") and (_source(m.name) in reachable
                                              or (_source(m.name) == "" and root_rels is None)))]
    logo_parts = tuple(str(owner.part.partname).lstrip("/")
                       for owner in (prs.slide_master, *prs.slide_layouts)
                       if any(_is_logo(s) for s in owner.shapes))
    presentation_rels = tuple(r for r in rels_of.get(presentation, []) if r[0] not in dropped)
    return _Package(
        tuple(kept), frozenset(m.name for m in kept), tuple(defaults.items()),
        tuple(overrides.items()), presentation, presentation_xml, presentation_rels, 256,
        core_name, core, root_rels, logo_parts,
    )


# --- logos -------------------------------------------------------------------------------------

def _is_logo(shape) -> bool:
    return shape.name == "Logo" and not shape.is_placeholder and shape.has_text_frame


@lru_cache(maxsize=64)
def _logo_parts(template: Template, text: str) -> tuple[tuple[str, Member], ...]:
    """The master and layouts with ``text`` written into their "Logo" text shapes."""
    from pptx.oxml import parse_xml
    from pptx.shapes.autoshape import Shape

    out = []
    for name in template._package.logo_parts:
        root = parse_xml(template._parts[name])
        tree = root.find(f"{{{ml.NS_P}}}cSld/{{{ml.NS_P}}}spTree")
        for element in tree.iterchildren(f"{{{ml.NS_P}}}sp"):
            shape = Shape(element, None)
            if _is_logo(shape):
                _fill_logo(shape, text)
        out.append((name, deflate(name, part_xml(root))))
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
