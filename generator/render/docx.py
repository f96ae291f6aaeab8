"""Word documents from docxtpl templates, compiled once per process.

A template is a real ``.docx`` with docxtpl / Jinja tags (``{{ x }}``,
``{%tr for row in rows %}``, ``{% vm %}``...). :func:`compiled` opens it
once, runs docxtpl's tag clean-up once and compiles each templated part
(body, headers, footers) in a Jinja *sandbox* with autoescape on, so any
text a user types renders as itself. :meth:`DocxTemplate.render` then only
renders the compiled parts and writes the zip; every other member is copied
as it was.

The view handed to a template holds finished, print-ready strings
(formatting happens in ``i18n`` and the document builders).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..errors import TemplateError
from .package import Member, read_package, write_package

_TEMPLATED = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")
_SPLIT_P = re.compile(r"<w:p([ >])")
_MAPPINGS = (dict, MappingProxyType)
_MAPPING_NAMES = frozenset(dir(dict)) | frozenset(dir(MappingProxyType))


class _Sandbox(SandboxedEnvironment):
    """The Jinja sandbox, with a fast path for the fields of view dataclasses and the
    keys of view rows (plain mappings).

    A view's fields are plain data, so reading one needs none of the checks
    the sandbox makes for arbitrary attributes; everything else is checked.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind = type(obj)
        if kind in _MAPPINGS:  # a row of a view: its key, unless a method has the name
            if attribute in obj and attribute not in _MAPPING_NAMES:
                return obj[attribute]
        elif attribute in getattr(kind, "__dataclass_fields__", ()):
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)


_ENV = _Sandbox(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


@dataclass(frozen=True)
class DocxTemplate:
    """A compiled template: its members, and a Jinja template per templated part."""

    path: Path
    members: tuple[Member, ...]
    parts: dict[str, jinja2.Template]
    _localized: dict[str, dict[str, Member]] = field(default_factory=dict, compare=False)
    _cache: dict[str, Any] = field(default_factory=dict, compare=False)

    def render(self, context: dict[str, Any], drop_empty_columns: tuple[str, ...] = (),
               language: str = "", paginate: str = "") -> bytes:
        """The finished .docx for ``context`` (a mapping of print-ready values). Tables in
        the table styles ``drop_empty_columns`` lose the columns empty in every row;
        ``language`` (a BCP 47 tag) is the language of untagged text, hyphenated by its
        rules (:mod:`generator.render.docx_language`); a table with a merged label in the
        paragraph style ``paginate`` is cut into pages (:mod:`generator.render.docx_grid`)."""
        from docxtpl import DocxTemplate as _Docxtpl

        rendered: dict[str, bytes | Member] = {}
        if language:
            if language not in self._localized:
                from .docx_language import localized

                self._localized[language] = localized(self.members, language)
            rendered.update(self._localized[language])
        for name, template in self.parts.items():
            try:
                xml = template.render(context)
            except jinja2.TemplateError as exc:
                raise TemplateError(f"{self.path}: {name}: {exc}") from None
            xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
            if _has_listing(xml):  # line breaks and tabs inside user text
                xml = _Docxtpl.resolve_listing(None, xml)
            if name == "word/document.xml":
                from . import docx_tables

                if drop_empty_columns:
                    xml = docx_tables.drop_empty_columns(xml, drop_empty_columns)
                xml = docx_tables.fit_longest_words(xml, self.fonts())
                from . import docx_grid

                xml = docx_grid.keep_rows(xml, self.fonts())
                if paginate:
                    xml = docx_grid.paginate(xml, self.fonts(), paginate)
            rendered[name] = xml.encode("utf-8")
        return write_package(self.members, rendered)


    def fonts(self):
        """The font sizes of the template's styles (read once)."""
        if "fonts" not in self._cache:
            from .docx_tables import fonts

            styles = next((m for m in self.members if m.name == "word/styles.xml"), None)
            self._cache["fonts"] = fonts(styles.data() if styles else b"<w:styles "
                                         b'xmlns:w="http://schemas.openxmlformats.org/'
                                         b'wordprocessingml/2006/main"/>')
        return self._cache["fonts"]


def _has_listing(xml: str) -> bool:
    """Whether text in ``xml`` holds a line feed, tab, bell or form feed (which docxtpl
    turns into breaks); the characters are looked for first, as they are rare."""
    body = xml.find("<", xml.find("?>") + 2)  # after the XML declaration and its line end
    return any(xml.find(ch, body) != -1 for ch in "\n\t\a\f") and bool(_LISTING.search(xml))


@lru_cache(maxsize=32)
def _compile(path: Path, mtime_ns: int, size: int) -> DocxTemplate:
    from docxtpl import DocxTemplate as _Docxtpl

    try:
        members = read_package(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise TemplateError(f"{path}: not a readable Word template ({exc})") from None
    parts = {}
    for member in members:
        if not _TEMPLATED.match(member.name):
            continue
        xml = member.data().decode("utf-8")
        if "{{" not in xml and "{%" not in xml:
            continue
        xml = _Docxtpl.patch_xml(None, xml)
        xml = _SPLIT_P.sub(r"\n<w:p\1", xml)
        try:
            parts[member.name] = _ENV.from_string(xml)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"{path}: {member.name}: template tag error near line {exc.lineno}: {exc.message}"
            ) from None
    return DocxTemplate(path, members, parts)


def compiled(path: Path) -> DocxTemplate:
    """The compiled template at ``path``, cached per process (and per file version)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot open template ({exc.strerror})") from None
    return _compile(path, stat.st_mtime_ns, stat.st_size)


def undeclared_variables(path: Path) -> set[str]:
    """Names the template's parts use, for linting against a view model."""
    from jinja2 import meta

    template = compiled(path)
    names: set[str] = set()
    for member in template.members:
        if member.name in template.parts:
            from docxtpl import DocxTemplate as _Docxtpl

            xml = _Docxtpl.patch_xml(None, member.data().decode("utf-8"))
            names |= meta.find_undeclared_variables(_ENV.parse(xml))
    return names
