"""Word documents from docxtpl templates, compiled once per process.

A template is a real ``.docx`` with docxtpl / Jinja tags (``{{ x }}``,
``{%tr for row in rows %}``, ``{% vm %}``...). :func:`compiled` opens it
once, checks its package whole, writes the fallback of each theme colour and font
from the template's own theme (:mod:`generator.render.docx.theme`, so that
LibreOffice draws what Word shows), runs docxtpl's tag clean-up once and
compiles each templated part (body, headers, footers) in a Jinja *sandbox*
with autoescape on, so any text a user types renders as itself, and within a
budget per document (:mod:`generator.render.docx.sandbox`), so a hostile template
ends with a message. The compiled parts are kept in the disk
cache (:mod:`generator.cache`, keyed by the template's bytes and the code that
reads it), so a later run neither cleans up nor compiles, nor imports docxtpl;
the package is checked whole on every read all the same. :meth:`DocxTemplate.render` then only
renders the compiled parts and writes the zip; every other member is copied
as it was.

The view handed to a template holds finished, print-ready strings
(formatting happens in ``i18n`` and the document builders).
"""

from __future__ import annotations

import html
import importlib.util
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2

from ... import cache
from ...errors import TemplateError
from ..package import Member, read_template_package, write_package
from . import theme
from .properties import CORE, Properties, core
from .sandbox import Exceeded, Sandbox, budget

_TEMPLATED = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")
_SPLIT_P = re.compile(r"<w:p([ >])")
_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding=(["'])([A-Za-z0-9._-]+)\1""")
_ENCODING_TEXT = re.compile(r"""^(<\?xml[^>]*?encoding=["'])[A-Za-z0-9._-]+""")
_ENV = Sandbox(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


@dataclass(frozen=True)
class DocxTemplate:
    """A compiled template: its members, and a Jinja template per templated part."""

    path: Path
    members: tuple[Member, ...]
    parts: dict[str, jinja2.Template]
    _localized: dict[str, dict[str, Member]] = field(default_factory=dict, compare=False)
    _cache: dict[str, Any] = field(default_factory=dict, compare=False)

    def render(self, context: dict[str, Any], drop_empty_columns: tuple[str, ...] = (),
               language: str = "", paginate: str = "",
               properties: Properties | None = None) -> bytes:
        """The finished .docx for ``context`` (a mapping of print-ready values). Tables in
        the table styles ``drop_empty_columns`` lose the columns empty in every row;
        ``language`` (a BCP 47 tag) is the language of untagged text, hyphenated by its
        rules (:mod:`generator.render.docx.language`); a table with a merged label in the
        paragraph style ``paginate`` is cut into pages (:mod:`generator.render.docx.grid`);
        ``properties`` replace the template's title, subject and language
        (:mod:`generator.render.docx.properties`)."""
        rendered: dict[str, bytes | Member] = {}
        if properties is not None:
            member = next((m for m in self.members if m.name == CORE), None)
            if member is not None:
                rendered[CORE] = core(member.data().decode("utf-8"), properties).encode("utf-8")
        if language:
            if language not in self._localized:
                from .language import localized

                self._localized[language] = localized(self.members, language)
            rendered.update(self._localized[language])
        with budget():
            for name, template in self.parts.items():
                rendered[name] = self._render_part(name, template, context)
        body = rendered.get("word/document.xml")
        if isinstance(body, bytes):
            rendered["word/document.xml"] = self._finish_tables(
                body.decode("utf-8"), drop_empty_columns, paginate).encode("utf-8")
        return write_package(self.members, rendered)

    def _finish_tables(self, xml: str, drop_empty_columns: tuple[str, ...],
                       paginate: str) -> str:
        """The body's tables finished from what their rows hold (:mod:`.tables`,
        :mod:`.grid`), and its closing section kept with what precedes it
        (:mod:`.closing`)."""
        from . import closing, grid, tables

        if drop_empty_columns:
            xml = tables.drop_empty_columns(xml, drop_empty_columns)
        xml = tables.fit_longest_words(xml, self.fonts())
        xml = grid.keep_rows(xml, self.fonts())
        xml = closing.keep_closing_section(xml)
        if paginate:
            xml = grid.paginate(xml, self.fonts(), paginate)
        return xml

    def fonts(self):
        """The font sizes of the template's styles (read once)."""
        if "fonts" not in self._cache:
            from .tables import fonts

            styles = next((m for m in self.members if m.name == "word/styles.xml"), None)
            self._cache["fonts"] = fonts(styles.data() if styles else b"<w:styles "
                                         b'xmlns:w="http://schemas.openxmlformats.org/'
                                         b'wordprocessingml/2006/main"/>')
        return self._cache["fonts"]

    def _render_part(self, name: str, template: jinja2.Template, context: dict) -> bytes:
        try:
            xml = template.render(context)
        except Exceeded as exc:
            raise TemplateError(f"{self._where(name, exc)}: the template is over its "
                                f"budget: {exc}") from None
        except jinja2.TemplateError as exc:
            raise TemplateError(f"{self._where(name, exc)}: {exc}") from None
        except RecursionError:
            raise TemplateError(f"{self.path}: {name}: the template calls itself too deeply "
                                "(a macro or recursive loop that does not end)") from None
        except Exception as exc:  # the template's own expressions: 1/0, "a" + 1...
            raise TemplateError(f"{self._where(name, exc)}: the template failed: "
                                f"{type(exc).__name__}: {exc}") from None
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        if _has_listing(xml):  # line breaks and tabs inside user text
            from docxtpl import DocxTemplate as _Docxtpl

            xml = _Docxtpl.resolve_listing(None, xml)
        return xml.encode("utf-8")


    def _where(self, name: str, exc: BaseException) -> str:
        """"template: part near line N ("the paragraph's text")" of the template line
        where ``exc`` was raised, as far as Jinja says."""
        line = getattr(exc, "lineno", None)
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<template>":
                line = tb.tb_lineno
            tb = tb.tb_next
        member = next(m for m in self.members if m.name == name)
        return f"{self.path}: {name}{_near(_source(self.path, member), line)}"


def _near(xml: str, line: int | None) -> str:
    """' near line N ("text")': the line of a part's source and the text of the
    paragraph on it, which a designer can look for in Word."""
    if not line:
        return ""
    lines = xml.split("\n")
    text = html.unescape(re.sub(r"<[^>]+>", "", lines[line - 1])).strip() \
        if line <= len(lines) else ""
    if len(text) > 60:
        text = text[:59] + "…"
    return f' near line {line} ("{text}")' if text else f" near line {line}"


def _source(path: Path, member: Member) -> str:
    """A templated part's XML as Jinja compiles it: docxtpl's tags resolved, each
    paragraph on a line of its own (so a line number points at a paragraph)."""
    from docxtpl import DocxTemplate as _Docxtpl

    return _SPLIT_P.sub(r"\n<w:p\1", _Docxtpl.patch_xml(None, _text(path, member)))


def _has_listing(xml: str) -> bool:
    """Whether text in ``xml`` holds a line feed, tab, bell or form feed (which docxtpl
    turns into breaks); the characters are looked for first, as they are rare."""
    body = xml.find("<", xml.find("?>") + 2)  # after the XML declaration and its line end
    return any(xml.find(ch, body) != -1 for ch in "\n\t\a\f") and bool(_LISTING.search(xml))


@lru_cache(maxsize=32)
def _compile(path: Path, mtime_ns: int, size: int) -> DocxTemplate:
    members = read_template_package(path, "Word")  # checked whole, cached or not
    members = theme.follow(members)  # colour and font fallbacks from the template's theme
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read template ({exc.strerror})") from None
    name = cache.key("docx", blob, jinja2.__version__, _code_stamp())
    codes = _cached_codes(name)
    if codes is None:
        codes = {}
        for member in members:
            if not _TEMPLATED.match(member.name):
                continue
            xml = _text(path, member)
            if "{{" not in xml and "{%" not in xml:
                continue
            xml = _source(path, member)
            try:
                codes[member.name] = _ENV.compile(xml)
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateError(f"{path}: {member.name}{_near(xml, exc.lineno)}: template "
                                    f"tag error: {exc.message}") from None
            except RecursionError:
                raise TemplateError(f"{path}: {member.name}: a template tag is nested too "
                                    "deeply to read") from None
        cache.store_value(name, codes)
    globals_ = _ENV.make_globals(None)
    parts = {part: _ENV.template_class.from_code(_ENV, code, globals_, None)
             for part, code in codes.items()}
    return DocxTemplate(path, members, parts)


def _cached_codes(name: str) -> dict[str, Any] | None:
    """The compiled parts kept on disk under ``name``, or None (none, or unreadable)."""
    codes = cache.load_value(name)
    if isinstance(codes, dict) and all(
            isinstance(k, str) and isinstance(v, CodeType) for k, v in codes.items()):
        return codes
    return None


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    """What prepares a template: this module, the sandbox (which rewrites the parsed
    tags), the theme's fallbacks, the package reader and docxtpl's tag clean-up (found
    without importing docxtpl, which a cached template does not need)."""
    from .. import package
    from . import sandbox

    spec = importlib.util.find_spec("docxtpl")
    origin = Path(spec.origin).parent / "template.py" if spec and spec.origin else None
    return cache.code_stamp(__file__, sandbox.__file__, theme.__file__, package.__file__,
                            origin)


def _text(path: Path, member: Member) -> str:
    """A templated part's XML as text. Word writes UTF-8; a part in another encoding
    its XML declaration names (or UTF-16 with a byte-order mark) is read too, and its
    declaration changed to the UTF-8 the document is written in."""
    data = member.data()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _ENCODING.match(data)
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else \
        (declared.group(2).decode("ascii") if declared else "utf-8")
    try:
        xml = data.decode(encoding).lstrip("\ufeff")
    except (LookupError, UnicodeDecodeError):
        raise TemplateError(f"{path}: {member.name}: expected XML in UTF-8, found another "
                            "encoding; save the template again from Word") from None
    return _ENCODING_TEXT.sub(r"\1UTF-8", xml, count=1)


def compiled(path: Path) -> DocxTemplate:
    """The compiled template at ``path``, cached per process (and per file version)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot open template ({exc.strerror})") from None
    return _compile(path, stat.st_mtime_ns, stat.st_size)


def undeclared_variables(path: Path) -> set[str]:
    """Names the template's parts use, for linting against a view model."""
    from docxtpl import DocxTemplate as _Docxtpl
    from jinja2 import meta

    template = compiled(path)
    names: set[str] = set()
    for member in template.members:
        if member.name in template.parts:
            xml = _Docxtpl.patch_xml(None, _text(path, member))
            names |= meta.find_undeclared_variables(_ENV.parse(xml))
    return names


def template_globals() -> set[str]:
    """The names a template may use besides its view's (``range``, ``namespace``...)."""
    return set(_ENV.globals)


_RUN_TEXT = re.compile(r"<w:(?:t|instrText)(?: [^>]*)?>([^<]*)</w:(?:t|instrText)>")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def split_tags(path: Path) -> list[tuple[str, str]]:
    """(part, tag) for each Jinja tag of the template that is not typed in one run of
    text: Word splits a tag it formats as you type, and the pieces may differ in style."""
    found = []
    for member in read_template_package(path, "Word"):
        if not _TEMPLATED.match(member.name):
            continue
        xml = _text(path, member)
        texts = _RUN_TEXT.findall(xml)
        for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
            joined = re.sub(r"<[^>]+>", "", paragraph)
            found += [(member.name, html.unescape(tag)) for tag in _TAG.findall(joined)
                      if not any(tag in text for text in texts)]
    return found
