"""A Word template's colours and fonts as its theme gives them.

Word stores a theme colour twice: the reference (``w:themeColor="accent1"``,
``w:themeShade="BF"``; ``w:themeFill`` on a shading) and a literal fallback
(``w:val``, ``w:color``, ``w:fill``) that it writes from the theme when the style is
saved. LibreOffice draws the fallback, so a designer who changes the theme's colours
(Design > Colours, or ``word/theme/theme1.xml`` itself) without Word rewriting every
style would get PDFs in the old colours. :func:`follow` writes each fallback again
from the template's own theme, darkened or lightened as Word does (:func:`shade`,
:func:`tint`: the colour's HSL lightness scaled towards black or white), in the
styles, the body, the headers and the footers; font fallbacks (``w:ascii``...) beside
a theme font (``w:asciiTheme``...) are written from the theme's fonts likewise.
"""

from __future__ import annotations

import colorsys
import posixpath
import re

from ..package import Member, deflate

_PARTS = re.compile(r"^word/(styles|document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_RELS = "word/_rels/document.xml.rels"
_THEME_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
_SLOTS = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4",
          "accent5", "accent6", "hlink", "folHlink")
_SCHEME_NAMES = dict(zip(("dark1", "light1", "dark2", "light2", "accent1", "accent2",
                          "accent3", "accent4", "accent5", "accent6", "hyperlink",
                          "followedHyperlink"), _SLOTS, strict=True))
_MAPPED = {"text1": "t1", "background1": "bg1", "text2": "t2", "background2": "bg2"}
_DEFAULT_MAP = {"t1": "dark1", "bg1": "light1", "t2": "dark2", "bg2": "light2"}

_CLR_SCHEME = re.compile(r"<a:clrScheme\b.*?</a:clrScheme>", re.S)
_SLOT = re.compile(r"<a:(\w+)>\s*<a:(srgbClr|sysClr)\b([^>]*?)/?>", re.S)
_ATTR = re.compile(r'\b(\w+)="([^"]*)"')
_FONT_SCHEME = re.compile(r"<a:(major|minor)Font>(.*?)</a:\1Font>", re.S)
_TYPEFACE = re.compile(r'<a:(latin|ea|cs)\b[^>]*?\btypeface="([^"]*)"')
_MAPPING = re.compile(r"<w:clrSchemeMapping\b([^>]*)/?>")
_TAG = re.compile(r"<w:(\w+)\b([^<>]*?\bw:(?:theme\w*|\w+Theme|cstheme)=[^<>]*?)(/?)>")
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")
_BYTE = re.compile(r"^[0-9A-Fa-f]{2}$")
_FONT_ATTRS = (("ascii", "asciiTheme"), ("hAnsi", "hAnsiTheme"), ("eastAsia", "eastAsiaTheme"),
               ("cs", "cstheme"))
_SCRIPTS = {"Ascii": "latin", "HAnsi": "latin", "EastAsia": "ea", "Bidi": "cs"}


# --- colour arithmetic -------------------------------------------------------------------------

def _hls(colour: str) -> tuple[float, float, float]:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hls(r, g, b)


def _hex(h: float, lightness: float, s: float) -> str:
    rgb = colorsys.hls_to_rgb(h, min(max(lightness, 0.0), 1.0), s)
    # Word's own rounding lies a little below the exact value: truncating comes within
    # one step of each channel Word writes, most often on it
    return "".join(f"{min(int(c * 255 + 1e-9), 255):02X}" for c in rgb)


def shade(colour: str, value: str) -> str:
    """``colour`` (RGB hex) darkened by ``w:themeShade`` ``value`` (a hex byte: ``BF``
    keeps 75 % of its lightness, Word's "Darker 25%")."""
    h, lightness, s = _hls(colour)
    return _hex(h, lightness * int(value, 16) / 255, s)


def tint(colour: str, value: str) -> str:
    """``colour`` lightened by ``w:themeTint`` ``value`` (``33`` keeps 20 % of its
    distance from white, Word's "Lighter 80%")."""
    h, lightness, s = _hls(colour)
    return _hex(h, 1 - (1 - lightness) * int(value, 16) / 255, s)


# --- the theme ---------------------------------------------------------------------------------

class Theme:
    """A Word document's theme colours (by ``w:themeColor`` name) and fonts (by
    ``w:asciiTheme`` value)."""

    def __init__(self, theme_xml: str, settings_xml: str = ""):
        self.slots: dict[str, str] = {}
        scheme = _CLR_SCHEME.search(theme_xml)
        for slot, kind, attrs in _SLOT.findall(scheme.group() if scheme else ""):
            values = dict(_ATTR.findall(attrs))
            value = values.get("val" if kind == "srgbClr" else "lastClr", "")
            if slot in _SLOTS and _HEX.match(value):
                self.slots[slot] = value.upper()
        self.fonts: dict[str, str] = {}
        for level, body in _FONT_SCHEME.findall(theme_xml):
            for script, face in _TYPEFACE.findall(body):
                if face:
                    self.fonts[f"{level}/{script}"] = face
        mapping = dict(_DEFAULT_MAP)
        found = _MAPPING.search(settings_xml)
        if found:
            for key, value in re.findall(r'\bw:(\w+)="([^"]*)"', found.group(1)):
                if key in mapping and value in _SCHEME_NAMES:
                    mapping[key] = value
        self._mapping = mapping

    def colour(self, name: str, shade_by: str | None = None,
               tint_by: str | None = None) -> str | None:
        """The RGB hex Word shows for theme colour ``name`` (``accent1``, ``text2``...)
        with its shade or tint, or None when the theme does not give it."""
        if name in _MAPPED:
            name = self._mapping[_MAPPED[name]]
        value = self.slots.get(_SCHEME_NAMES.get(name, ""))
        if value is None:
            return None
        if shade_by and _BYTE.match(shade_by):
            value = shade(value, shade_by)
        if tint_by and _BYTE.match(tint_by):
            value = tint(value, tint_by)
        return value

    def font(self, theme_font: str) -> str | None:
        """The typeface of a theme font (``minorHAnsi``, ``majorEastAsia``...), or None."""
        found = re.match(r"^(major|minor)(Ascii|HAnsi|EastAsia|Bidi)$", theme_font)
        if not found:
            return None
        return self.fonts.get(f"{found.group(1)}/{_SCRIPTS[found.group(2)]}")

    def follow(self, xml: str) -> str:
        """``xml`` (a WordprocessingML part) with every fallback beside a theme colour or
        font written from this theme."""
        done: dict[str, str] = {}  # a part repeats its borders and fills many times

        def tag(match: re.Match) -> str:
            found = match.group()
            if found not in done:
                done[found] = self._tag(*match.groups())
            return done[found]

        return _TAG.sub(tag, xml)

    def _tag(self, name: str, attrs: str, close: str) -> str:
        values = dict(re.findall(r'\bw:(\w+)="([^"]*)"', attrs))
        changes: dict[str, str] = {}
        if name == "rFonts":
            for literal, reference in _FONT_ATTRS:
                face = self.font(values.get(reference, ""))
                if face:
                    changes[literal] = face
        else:
            target = "val" if name == "color" else "color"
            if "themeColor" in values:
                value = self.colour(values["themeColor"], values.get("themeShade"),
                                    values.get("themeTint"))
                if value:
                    changes[target] = value
            if name == "shd" and "themeFill" in values:
                value = self.colour(values["themeFill"], values.get("themeFillShade"),
                                    values.get("themeFillTint"))
                if value:
                    changes["fill"] = value
        if not changes:
            return f"<w:{name}{attrs}{close}>"
        for key, value in changes.items():
            attr = f'w:{key}="{value}"'
            attrs, count = re.subn(rf'\bw:{key}="[^"]*"', attr, attrs)
            if not count:
                attrs += " " + attr
        return f"<w:{name}{attrs}{close}>"


def theme_of(members: tuple[Member, ...]) -> Theme | None:
    """The theme of a Word package (the one its document's relationships name), or None."""
    by_name = {m.name: m for m in members}
    rels = by_name.get(_RELS)
    target = None
    if rels is not None:
        for tag in re.findall(r"<Relationship\b[^>]*>", rels.data().decode("utf-8", "replace")):
            values = dict(_ATTR.findall(tag))
            if values.get("Type") == _THEME_TYPE and "Target" in values:
                target = posixpath.normpath(posixpath.join("word", values["Target"]))
    theme = by_name.get(target or "")
    if theme is None:
        return None
    settings = by_name.get("word/settings.xml")
    return Theme(theme.data().decode("utf-8", "replace"),
                 settings.data().decode("utf-8", "replace") if settings else "")


def follow(members: tuple[Member, ...]) -> tuple[Member, ...]:
    """The members of a Word package, the theme's colours and fonts written into the
    fallbacks of its styles, body, headers and footers (the others as they are)."""
    theme = theme_of(members)
    if theme is None:
        return members
    out = []
    for member in members:
        if _PARTS.match(member.name):
            try:
                xml = member.data().decode("utf-8")
            except UnicodeDecodeError:  # a part in another encoding is read as it is
                out.append(member)
                continue
            followed = theme.follow(xml)
            if followed != xml:
                member = deflate(member.name, followed.encode("utf-8"))
        out.append(member)
    return tuple(out)
