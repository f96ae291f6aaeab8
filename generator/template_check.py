"""``docgen templates check``: what a designer learns of a template folder before a batch.

For each document's template found in the folder (a missing one is the
shipped one, as ``--templates`` takes it, and the report says so):

* the kind of file and its package (a PowerPoint file under a Word name, a
  damaged zip, XML in another encoding, a relationship to a missing part);
* Word templates: tags that do not compile, tags split across runs, and
  variables the document's view does not have;
* the deck: the ``docgen ...`` layouts it lacks, or that have too few content
  placeholders;
* fonts the template names that are not installed (``fc-list``);
* a preview: each sample client rendered with the template, converted to PDF
  by LibreOffice and to one PNG per page by ``pdftoppm``; the PNG paths go to
  standard output.

Problems make the exit status 1; warnings (no ``fc-list``, no LibreOffice)
do not.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import documents
from .errors import DocgenError
from .resources import Folders, check_template, shipped

KINDS = ("plan", "csp", "qbr")



@dataclass
class Checked:
    """One template: where it was found and what the check says of it."""

    kind: str
    path: Path
    fallback: bool  # the folder lacks it; the shipped one was checked
    problems: list[str] = field(default_factory=list)
    previews: list[Path] = field(default_factory=list)
    renderable: bool = True  # read and compiled, with every layout a deck needs


def check(folders: Folders, clients: Sequence[Path], out: Path | None,
          say: Callable[[str], None], emit: Callable[[Path], None]) -> int:
    """Check every template of ``folders``; print findings through ``say``, preview
    pictures through ``emit`` (none when ``out`` is None); the number of problems."""
    from .loader import load_client

    checked = [_locate(kind, folders) for kind in KINDS]
    for item in checked:
        if item.fallback:
            say(f"note: {folders.templates} has no {item.path.name}; "
                f"checking the shipped one, which a batch would use ({item.path})")
    loaded = [load_client(path) for path in clients]
    fonts = _installed_fonts()
    if fonts is None:
        say("warning: fc-list is not installed; the fonts the templates name are not checked")
    for item in checked:
        _check_one(item, folders, loaded, fonts)
    if out is not None:
        _preview(checked, folders, loaded, out, say)
    for item in checked:
        for problem in item.problems:
            say(problem)
        if not item.problems:
            say(f"{item.path}: ok")
        for picture in item.previews:
            emit(picture)
    problems = sum(len(item.problems) for item in checked)
    say(f"{problems} problem(s) in {len(checked)} templates" if problems
        else f"{len(checked)} templates: no problems")
    return problems


def _locate(kind: str, folders: Folders) -> Checked:
    name = documents.KINDS[kind].template
    own = folders.templates / name if folders.templates is not None else None
    if own is not None and own.is_file():
        return Checked(kind, own, False)
    return Checked(kind, shipped("templates") / name, folders.templates is not None)


def _check_one(item: Checked, folders: Folders, loaded: list, fonts: set[str] | None) -> None:
    try:
        check_template(item.path, item.path.suffix)
        if item.path.suffix == ".docx":
            _check_word(item, folders, loaded)
        else:
            _check_deck(item)
    except DocgenError as exc:
        item.problems.append(exc.format_message())
        item.renderable = False
        return
    if fonts is not None:
        for font in sorted(_fonts_named(item.path)):
            if font.casefold() not in fonts:
                item.problems.append(f"{item.path}: names the font \"{font}\", which is not "
                                     "installed here (PDFs would use another)")


def _check_word(item: Checked, folders: Folders, loaded: list) -> None:
    from .pipeline import languages
    from .render.docx.template import compiled, split_tags, template_globals, undeclared_variables

    compiled(item.path)
    for part, tag in split_tags(item.path):
        item.problems.append(f"{item.path}: {part}: the tag {tag} is split across runs (Word "
                             "formatted part of it); select it and type it again in one go")
    if not loaded:
        return
    module = documents.module(item.kind)
    names: set[str] = set()
    for one in loaded:  # what every client's view has, in the client's language
        client = one.client
        names |= set(module.context(client, languages(client, client.client.language,
                                                      folders)))
    for name in sorted(undeclared_variables(item.path) - names - template_globals()):
        close = difflib.get_close_matches(name, sorted(names), n=1)
        hint = f'; did you mean "{close[0]}"?' if close else ""
        item.problems.append(f'{item.path}: uses "{name}", which the {_title(item.kind)} '
                             f"does not have{hint}")


def _check_deck(item: Checked) -> None:
    from .render.pptx.flow import (
        CHART_LAYOUT,
        CONTENT_LAYOUT,
        TABLE_LAYOUT,
        TITLE_LAYOUT,
        TWO_CONTENT_LAYOUT,
    )
    from .render.pptx.template import load_template

    template = load_template(item.path)
    # the layouts a deck is laid out on, and how many content placeholders each needs
    needed = {TITLE_LAYOUT: 0, CONTENT_LAYOUT: 1, TWO_CONTENT_LAYOUT: 2, TABLE_LAYOUT: 1,
              CHART_LAYOUT: 1}
    for name, count in needed.items():
        try:
            template.regions(name, count)
        except DocgenError as exc:
            item.problems.append(exc.format_message())
            item.renderable = False


def _title(kind: str) -> str:
    return {"plan": "engagement plan", "csp": "success plan", "qbr": "deck"}[kind]


# --- fonts -------------------------------------------------------------------------------------

def _fonts_named(path: Path) -> set[str]:
    """The fonts a template's text can be set in: for a deck, its theme's and those its
    masters and layouts name; for a Word document, those Latin and Cyrillic text is set
    in (see :func:`_word_fonts`). Theme references resolve to the theme's fonts; a
    theme's fonts per script (used only for text in that script) are left out."""
    from lxml import etree

    from .render.package import read_package

    parts = {m.name: etree.fromstring(m.data()) for m in read_package(path)
             if m.name.endswith(".xml")}
    theme = next((root for name, root in parts.items() if "/theme/" in name), None)
    if path.suffix == ".pptx":
        fonts = {face for name, root in parts.items() if "/theme/" not in name
                 for face in root.xpath("//a:latin/@typeface | //a:ea/@typeface | "
                                        "//a:cs/@typeface | //a:sym/@typeface", namespaces=_NS)}
        fonts |= set(_theme_fonts(theme, ("major", "minor"), ("latin", "ea", "cs")))
        return {f for f in fonts if f and not f.startswith("+")}
    return _word_fonts(parts, theme)


_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_W = f"{{{_NS['w']}}}"
_THEME_SCRIPT = {"HAnsi": "latin", "Ascii": "latin", "EastAsia": "ea", "Bidi": "cs"}


def _theme_fonts(theme, kinds: Sequence[str], scripts: Sequence[str]) -> list[str]:
    if theme is None:
        return []
    return [face for kind in kinds for script in scripts
            for face in theme.xpath(f"//a:{kind}Font/a:{script}/@typeface", namespaces=_NS)]


def _word_fonts(parts: dict, theme) -> set[str]:
    """The fonts Latin and Cyrillic text (Word's ``ascii`` and ``hAnsi`` slots) is set
    in: each used paragraph style's, cascaded from the document defaults through the
    styles it is based on; what used character and table styles, direct formatting
    and (when a list is used) the list definitions name."""
    styles = parts.get("word/styles.xml")
    text_parts = [root for name, root in parts.items()
                  if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name)]
    used: set[str] = set()
    for root in text_parts:
        used.update(root.xpath("//w:pStyle/@w:val | //w:rStyle/@w:val | //w:tblStyle/@w:val",
                               namespaces=_NS))
    named = [element for root in text_parts for element in root.iter(_W + "rFonts")]
    lists = any(root.xpath("//w:numId[@w:val != '0']", namespaces=_NS) for root in text_parts)
    fonts: set[str] = set()
    if styles is not None:
        by_id = {s.get(_W + "styleId"): s for s in styles.iter(_W + "style")}
        used.update(i for i, s in by_id.items() if s.get(_W + "default") == "1")
        defaults: dict[str, str] = {}
        for element in styles.xpath("w:docDefaults//w:rFonts", namespaces=_NS):
            defaults.update(_slots(element, theme))

        def effective(style_id: str, seen: frozenset = frozenset()) -> dict[str, str]:
            style = by_id.get(style_id)
            if style is None or style_id in seen:
                return {}
            based = style.xpath("w:basedOn/@w:val", namespaces=_NS)
            slots = (effective(based[0], seen | {style_id}) if based
                     else dict(defaults) if style.get(_W + "type") == "paragraph" else {})
            for element in style.xpath("w:rPr/w:rFonts", namespaces=_NS):
                slots.update(_slots(element, theme))
            return slots

        for style_id in used:
            fonts.update(effective(style_id).values())
            style = by_id.get(style_id)
            lists = lists or (style is not None and bool(style.xpath(
                ".//w:numId[@w:val != '0']", namespaces=_NS)))
    if lists and "word/numbering.xml" in parts:
        named += parts["word/numbering.xml"].iter(_W + "rFonts")
    return fonts | {font for element in named for font in _slots(element, theme).values()}


def _slots(element, theme) -> dict[str, str]:
    """What one ``w:rFonts`` sets of the Latin slots: a theme reference wins over a name."""
    slots = {}
    for slot in ("ascii", "hAnsi"):
        reference = element.get(f"{_W}{slot}Theme") or ""
        script = _THEME_SCRIPT.get(reference[5:])
        themed = (_theme_fonts(theme, (reference[:5],), (script,))
                  if reference[:5] in ("major", "minor") and script else [])
        font = themed[0] if themed else element.get(_W + slot)
        if font:
            slots[slot] = font
    return slots


def _installed_fonts() -> set[str] | None:
    """Every installed font family (casefolded), or None without fontconfig."""
    command = shutil.which("fc-list")
    if command is None:
        return None
    listed = subprocess.run([command, ":", "family"], capture_output=True, text=True,
                            check=False).stdout
    return {name.strip().casefold() for line in listed.splitlines() for name in line.split(",")
            if name.strip()}


# --- the preview -------------------------------------------------------------------------------

def _preview(checked: list[Checked], folders: Folders, loaded: list, out: Path,
             say: Callable[[str], None]) -> None:
    """Each sample's document of each sound template, in ``out``; PDF and pages too
    when LibreOffice and pdftoppm are here."""
    from .output import write_atomic
    from .pipeline import plan_jobs, render_job
    from .render.pdf.convert import DEBIAN_PACKAGES, find_soffice

    if not loaded:
        say("note: no sample clients to preview the templates with")
        return
    made: dict[Path, Checked] = {}
    for item in checked:
        if not item.renderable:
            continue
        for client in loaded:
            try:
                for job in plan_jobs(client, [item.kind], _languages(item.kind, client),
                                     None, out / item.kind):
                    write_atomic(job.path, render_job(job, client.client, folders))
                    made[job.path] = item
            except DocgenError as exc:
                item.problems.append(f"{item.path}: rendering {client.path.name}: "
                                     f"{exc.format_message()}")
    from .render.pdf.preview import find_pdftoppm, write_pages

    soffice = find_soffice()
    if soffice is None or find_pdftoppm() is None:
        missing = ("LibreOffice (apt-get install " + " ".join(DEBIAN_PACKAGES) + ")"
                   if soffice is None else "pdftoppm (apt-get install poppler-utils)")
        say(f"warning: {missing} is not installed; documents rendered in {out}, "
            "no pictures of their pages")
        return
    from .render.pdf.convert import convert_to_pdf

    for document, pdf in convert_to_pdf(list(made), soffice=soffice).items():
        item = made[document]
        if not isinstance(pdf, Path):
            item.problems.append(f"{item.path}: the preview {document} did not convert to "
                                 f"PDF: {pdf}")
            continue
        try:
            item.previews += write_pages(pdf, pdf.parent, prefix=f"{pdf.stem}-")
        except DocgenError as exc:
            item.problems.append(f"{item.path}: the preview {pdf}: {exc.format_message()}")


def _languages(kind: str, loaded) -> list[str]:
    """A sample's languages to preview: its own, and for the success plan of a client
    not in English, both side by side (as ``--lang en+ru`` writes it)."""
    own = loaded.client.client.language
    bilingual = documents.KINDS[kind].bilingual and own != "en"
    return [own, f"en+{own}"] if bilingual else [own]
