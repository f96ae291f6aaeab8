"""A Word document's language, so that Word and LibreOffice hyphenate it by its rules.

Text a template does not tag takes the document's default language (``w:docDefaults``
in ``word/styles.xml``) and, in Word, the theme's (``w:themeFontLang`` in
``word/settings.xml``). Both are set to the document's language, and automatic
hyphenation is switched on (``w:autoHyphenation``) unless the template says otherwise,
so a long Russian or English word at the end of a narrow cell breaks at a syllable with
a hyphen (LibreOffice: with the hyphenation dictionaries of the language installed, e.g.
Debian's hyphen-ru and hyphen-en-us) instead of between any two letters.
"""

from __future__ import annotations

import re

from ..package import Member, deflate

STYLES = "word/styles.xml"
SETTINGS = "word/settings.xml"

_RPR_DEFAULT = re.compile(r"<w:rPrDefault>\s*<w:rPr>(.*?)</w:rPr>\s*</w:rPrDefault>", re.S)
_LANG = re.compile(r"<w:lang\b[^>]*/>")
_AFTER_LANG = re.compile(r"<w:(eastAsianLayout|specVanish|oMath)\b")
_THEME_LANG = re.compile(r'(<w:themeFontLang\b[^>]*?\bw:val=")[^"]*(")')
_TAB_STOP = re.compile(r"<w:defaultTabStop\b[^>]*/>")


def localized(members: tuple[Member, ...], language: str) -> dict[str, Member]:
    """The styles and settings members of a template, set to ``language`` (a BCP 47 tag
    such as ``ru-RU``) with automatic hyphenation on."""
    out = {}
    for member in members:
        if member.name == STYLES:
            out[member.name] = deflate(member.name, _styles(member.data().decode("utf-8"),
                                                            language).encode("utf-8"))
        elif member.name == SETTINGS:
            out[member.name] = deflate(member.name, _settings(member.data().decode("utf-8"),
                                                              language).encode("utf-8"))
    return out


def _lang(language: str) -> str:
    return f'<w:lang w:val="{language}"/>'


def _styles(xml: str, language: str) -> str:
    found = _RPR_DEFAULT.search(xml)
    if found is None:
        default = f"<w:rPrDefault><w:rPr>{_lang(language)}</w:rPr></w:rPrDefault>"
        if "<w:docDefaults>" in xml:
            return xml.replace("<w:docDefaults>", "<w:docDefaults>" + default, 1)
        if "<w:docDefaults/>" in xml:
            return xml.replace("<w:docDefaults/>", f"<w:docDefaults>{default}</w:docDefaults>", 1)
        opening = re.search(r"<w:styles\b[^>]*>", xml)
        if opening is None:
            return xml
        at = opening.end()
        return f"{xml[:at]}<w:docDefaults>{default}</w:docDefaults>{xml[at:]}"
    inner = found.group(1)
    lang = _LANG.search(inner)
    if lang is not None:
        tag = re.sub(r'\bw:val="[^"]*"', f'w:val="{language}"', lang.group())
        if "w:val=" not in tag:
            tag = tag.replace("<w:lang", f'<w:lang w:val="{language}"', 1)
        inner = inner[:lang.start()] + tag + inner[lang.end():]
    else:
        later = _AFTER_LANG.search(inner)
        at = later.start() if later else len(inner)
        inner = inner[:at] + _lang(language) + inner[at:]
    start, end = found.span(1)
    return xml[:start] + inner + xml[end:]


def _settings(xml: str, language: str) -> str:
    xml = _THEME_LANG.sub(lambda m: f"{m.group(1)}{language}{m.group(2)}", xml, count=1)
    if "<w:autoHyphenation" not in xml:
        tab = _TAB_STOP.search(xml)
        if tab is not None:
            xml = xml[:tab.end()] + '<w:autoHyphenation w:val="true"/>' + xml[tab.end():]
    return xml
