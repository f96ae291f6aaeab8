"""The package of a deck made from a template: the template's members kept as they
are, the deck's parts added.

:func:`read` works out once per template which members a deck keeps (those
python-pptx keeps: reachable from the package's relationships without the
template's own slides), their content types, and ``presentation.xml``, its
relationships and the core properties as markup with holes. :meth:`Package.write`
then assembles a deck's file: kept members copied compressed, new members
deflated once per distinct content (workbooks, zips already, stored).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from ..package import Member, deflate, write_package
from . import drawingml as ml
from .drawingml import Markup, part_xml

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_RT_SLIDE = _RT + "slide"
_RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CT_SLIDE = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_NOTES = "application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"
RT_LAYOUT = _RT + "slideLayout"
RT_SLIDE = _RT_SLIDE
RT_NOTES = _RT + "notesSlide"
RT_NOTES_MASTER = _RT + "notesMaster"
RT_CHART = _RT + "chart"
RT_PACKAGE = _RT + "package"
_STAMP = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class NewPart:
    """A part a deck adds: its zip name, content type, content and relationships."""

    name: str
    content_type: str
    data: bytes
    rels: tuple[tuple[str, str, str], ...] = ()  # (id, type, target)


@dataclass(frozen=True, eq=False)
class Package:
    """The package part of a template (see the module docstring)."""

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

    def write(self, slides: list[NewPart], parts: list[NewPart], properties: dict[str, str],
              created: dt.datetime, replaced: dict[str, Member]) -> bytes:
        """The deck's file: the kept members (``replaced`` ones swapped), ``slides`` in
        order, other new ``parts`` (charts, workbooks) and the core ``properties``."""
        pkg = self
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
        values = [ml.text(properties[name]) for name in PROPERTIES]
        core = pkg.core_xml.fill((*values, created.strftime(_STAMP))).encode("utf-8")
        if pkg.root_rels is not None:
            new.add("_rels/.rels", pkg.root_rels)
        new.add(pkg.core, core)
        overrides = dict(pkg.overrides)
        defaults = dict(pkg.defaults)
        for part in (*slides, *parts):
            if part.content_type == CT_XLSX:
                defaults["xlsx"] = CT_XLSX
                new.add(part.name, part.data, compress=False)  # a zip already
            elif part.content_type.startswith("image/"):
                defaults[part.name.rsplit(".", 1)[1]] = part.content_type
                new.add(part.name, part.data, compress=False)  # compressed already
            else:
                overrides["/" + part.name] = part.content_type
                new.add(part.name, part.data)
            if part.rels:
                new.add(_rels_name(part.name), ml.relationships(
                    (rid, kind, target, False) for rid, kind, target in part.rels))
        new.add("[Content_Types].xml", _content_types(defaults, overrides))
        swapped = {**replaced, **new.members}
        members = [swapped.pop(m.name, m) for m in pkg.members]
        return write_package((*members, *swapped.values()), {})

    def free_names(self, pattern: str) -> Iterable[str]:
        """Part names ``pattern % n`` (n = 1, 2...) that the kept members do not use."""
        n = 0
        while True:
            n += 1
            name = pattern % n
            if name not in self.names:
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
                                             {"id": "256", f"{{{ml.NS_R}}}id": "rIdSlides"}))
    before, after = part_xml(element).decode("utf-8").split(
        '<p:sldId id="256" r:id="rIdSlides"/>')
    return (before, after), dropped


PROPERTIES = ("title", "subject", "author", "last_modified_by", "comments", "keywords",
              "category", "language")
_DATES = ("created", "modified", "last_printed")


def _core(data: bytes | None) -> Markup:
    """The core properties markup (python-pptx's, from the template's when it has one), with
    a hole for each of :data:`PROPERTIES` and then one for the date."""
    from pptx.opc.packuri import PackURI
    from pptx.parts.coreprops import CorePropertiesPart

    if data is None:
        core = CorePropertiesPart.default(None)
    else:
        core = CorePropertiesPart.load(PackURI("/docProps/core.xml"), _CT_CORE, None, data)
    *holes, date = ml.free_holes(part_xml(core._element).decode("utf-8"), len(PROPERTIES) + 1)
    for name, hole in zip(PROPERTIES, holes, strict=True):
        setattr(core, name, hole)
    core.revision = 1
    stamp = dt.datetime(1901, 2, 3, 4, 5, 6)
    for name in _DATES:
        if name != "last_printed" or core.last_printed is not None:
            setattr(core, name, stamp)
    markup = part_xml(core._element).decode("utf-8")
    return Markup(markup.replace(stamp.strftime(_STAMP), date), (*holes, date))


def read(prs, members: tuple[Member, ...]) -> Package:
    """The package of the template ``prs`` (read by python-pptx) with zip ``members``."""
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
    presentation_rels = tuple(r for r in rels_of.get(presentation, []) if r[0] not in dropped)
    return Package(
        tuple(kept), frozenset(m.name for m in kept), tuple(defaults.items()),
        tuple(overrides.items()), presentation, presentation_xml, presentation_rels, 256,
        core_name, core, root_rels,
    )


