"""Styled runs of text for a docxtpl ``{{r value }}`` tag.

A :class:`Runs` is print-ready text made of parts, each with an optional
character style (``"SecondLanguage"``, ``"StatusGreen"``...) and language.
The template decides where it goes; the styles in the template decide how it
looks, so a designer restyles the second language or a status colour in Word
without touching code. Text is escaped here, so whatever a user typed
(``& < > " '``, ``{{ 7*7 }}``, emoji) prints as itself.

``str(runs)`` is the plain text, lines joined with ``\\n``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Characters XML 1.0 cannot hold (tab, line feed and carriage return are fine).
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` as the content of an XML element: escaped, without the characters XML
    cannot hold."""
    return html.escape(_INVALID.sub("", text), quote=False)


@lru_cache(maxsize=256)
def _run_start(style: str | None, lang: str | None) -> str:
    """``<w:r>`` and the run properties of a style and language."""
    props = ""
    if style:
        props += f'<w:rStyle w:val="{html.escape(style, quote=True)}"/>'
    if lang:
        props += f'<w:lang w:val="{html.escape(lang)}"/>'
    return "<w:r>" + (f"<w:rPr>{props}</w:rPr>" if props else "")




@dataclass(frozen=True)
class Part:
    text: str
    style: str | None = None
    lang: str | None = None  # a BCP 47 tag such as "ru-RU", for spelling and hyphenation
    new_line: bool = False  # starts on a new line


@dataclass(frozen=True)
class Runs:
    """Parts of text for a ``{{r }}`` tag (see the module docstring)."""

    parts: tuple[Part, ...] = ()

    def __bool__(self) -> bool:
        return any(part.text for part in self.parts)

    def __str__(self) -> str:
        return "".join(("\n" if p.new_line else "") + p.text for p in self.parts)

    def __html__(self) -> str:
        """The WordprocessingML runs (Jinja calls this, so autoescape leaves it alone)."""
        out = []
        for part in self.parts:
            if part.new_line:
                out.append("<w:r><w:br/></w:r>")
            text = xml_text(part.text)
            out.append(f'{_run_start(part.style, part.lang)}<w:t xml:space="preserve">{text}'
                       "</w:t></w:r>")
        return "".join(out)

    def __add__(self, other: Runs) -> Runs:
        """Both, ``other`` on the next line (when both have text)."""
        if not other.parts:
            return self
        if not self.parts:
            return other
        first, *rest = other.parts
        return Runs((*self.parts, Part(first.text, first.style, first.lang, True), *rest))

    @staticmethod
    def lines(items: Iterable[Runs]) -> Runs:
        """The items one below the other."""
        out = Runs()
        for item in items:
            out = out + item
        return out
