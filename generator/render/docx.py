"""Word documents from docxtpl templates, compiled once per process.

A template is a real ``.docx`` with docxtpl / Jinja tags (``{{ x }}``,
``{%tr for row in rows %}``, ``{% vm %}``...). :func:`compiled` opens it
once, runs docxtpl's tag clean-up once and compiles each templated part
(body, headers, footers) in a Jinja *sandbox* with autoescape on, so any
text a user types renders as itself. The compiled parts are kept in the disk
cache (:mod:`generator.cache`, keyed by the template's bytes), so a later
run neither cleans up nor compiles, nor imports docxtpl. :meth:`DocxTemplate.render` then only
renders the compiled parts and writes the zip; every other member is copied
as it was.

The view handed to a template holds finished, print-ready strings
(formatting happens in ``i18n`` and the document builders).
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import CodeType, MappingProxyType
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .. import cache
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

    def render(self, context: dict[str, Any]) -> bytes:
        """The finished .docx for ``context`` (a mapping of print-ready values)."""
        rendered: dict[str, bytes] = {}
        for name, template in self.parts.items():
            try:
                xml = template.render(context)
            except jinja2.TemplateError as exc:
                raise TemplateError(f"{self.path}: {name}: {exc}") from None
            xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
            if _has_listing(xml):  # line breaks and tabs inside user text
                from docxtpl import DocxTemplate as _Docxtpl

                xml = _Docxtpl.resolve_listing(None, xml)
            rendered[name] = xml.encode("utf-8")
        return write_package(self.members, rendered)


def _has_listing(xml: str) -> bool:
    """Whether text in ``xml`` holds a line feed, tab, bell or form feed (which docxtpl
    turns into breaks); the characters are looked for first, as they are rare."""
    body = xml.find("<", xml.find("?>") + 2)  # after the XML declaration and its line end
    return any(xml.find(ch, body) != -1 for ch in "\n\t\a\f") and bool(_LISTING.search(xml))


@lru_cache(maxsize=32)
def _compile(path: Path, mtime_ns: int, size: int) -> DocxTemplate:
    try:
        blob = path.read_bytes()
        members = read_package(blob)
    except (OSError, zipfile.BadZipFile) as exc:
        raise TemplateError(f"{path}: not a readable Word template ({exc})") from None
    name = cache.key("docx", blob, jinja2.__version__, _code_stamp())
    codes = _cached_codes(name)
    if codes is None:
        codes = {}
        for member in members:
            if _TEMPLATED.match(member.name):
                source = _prepared(member)
                if source is None:
                    continue
                try:
                    codes[member.name] = _ENV.compile(source)
                except jinja2.TemplateSyntaxError as exc:
                    raise TemplateError(f"{path}: {member.name}: template tag error near "
                                        f"line {exc.lineno}: {exc.message}") from None
        cache.store_value(name, codes)
    globals_ = _ENV.make_globals(None)
    parts = {part: _ENV.template_class.from_code(_ENV, code, globals_, None)
             for part, code in codes.items()}
    return DocxTemplate(path, members, parts)


def _prepared(member: Member) -> str | None:
    """A templated part as Jinja source (docxtpl's tag clean-up done), or None when it has
    no tags."""
    from docxtpl import DocxTemplate as _Docxtpl

    xml = member.data().decode("utf-8")
    if "{{" not in xml and "{%" not in xml:
        return None
    return _SPLIT_P.sub(r"\n<w:p\1", _Docxtpl.patch_xml(None, xml))


def _cached_codes(name: str) -> dict[str, Any] | None:
    """The compiled parts kept on disk under ``name``, or None (none, or unreadable)."""
    codes = cache.load_value(name)
    if isinstance(codes, dict) and all(
            isinstance(k, str) and isinstance(v, CodeType) for k, v in codes.items()):
        return codes
    return None


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    """What prepares a template: this module and docxtpl's tag clean-up (found without
    importing docxtpl, which a cached template does not need)."""
    spec = importlib.util.find_spec("docxtpl")
    origin = Path(spec.origin).parent / "template.py" if spec and spec.origin else None
    return cache.code_stamp(__file__, origin)


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
