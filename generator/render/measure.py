"""How much room text takes: advance widths of Noto Sans and greedy line wrapping.

Slides have no layout engine: a table row or a text box does not grow onto
the next slide by itself, so the deck writer estimates, before it places
anything, how many lines a text takes in a box of a given width. Widths are
those of Noto Sans (the templates' font), in thousandths of an em, for
Latin, Latin-1, Latin Extended-A, Cyrillic and common punctuation and
currency signs; other characters count as 0.6 em (1 em for wide scripts and
emoji). Line breaks fall at spaces, and a word longer than the line breaks
between characters, as PowerPoint and LibreOffice do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache, wraps
from itertools import islice

FILL = 0.94  # share of a line's width that text is assumed to fill (renderers differ)
LINE_HEIGHT = 1.37
"""Noto Sans' single line spacing, in ems (ascender + descender)."""

SYMBOL_LINE_HEIGHT = 1.70
"""The spacing of a line holding a symbol (arrows, geometric shapes) set in Noto Sans
Symbols2, whose descender (0.63 em) is deeper than Noto Sans' (0.29 em): such a line is a
quarter taller."""

SYMBOL_CHARACTERS = "\u2190-\u21ff\u25a0-\u25ff"
"""The characters (a regular expression class) that Noto Sans lacks and that decks set in
Noto Sans Symbols2: arrows and geometric shapes (▲ ▼ ▶)."""

_SYMBOL = re.compile(f"[{SYMBOL_CHARACTERS}]")

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

# Advance widths (1/1000 em), two base-36 digits per character, from the first
# code point of each run.
_REGULAR = {
    0x0020: (
        "787hbchyfwn3kc698c8cfbfw7g8y7gacfwfwfwfwfwfwfwfwfwfw7g7gfwfwfwc2ozhri2hkkafgefk8"
        "kl9f7lh7ekp7l4lpgtlphaf9fgkbgopugafqfw95ac95fwcc7tflh3dch3fo9kh3h67676eu76pzh6gt"
        "h3h3bhdba1h6e4luepe6d2akfbakfw"
    ),
    0x00A0: (
        "787hfwfwfwfwfbe9g4n49xe5fw00n4dwbwfw9q9q7thbi77g699qage5kplflpc2hrhrhrhrhrhrohhk"
        "fgfgfgfg9f9f9f9fkal4lplplplplpfwlpkbkbkbkbfqgthjflflflflflflo0dcfofofofo76767676"
        "gth6gtgtgtgtgtfwgth6h6h6h6e6h3e6hrflhrflhrflhkdchkdchkdchkdckah3kah5fgfofgfofgfo"
        "fgfofgfok8h3k8h3k8h3k8h3klh6klh69f769f769f769f769f76h0ec7l76h7eueuek76ek76ek76ek"
        "7gek76l4h6l4h6l4h6j4l4h6lpgtlpgtlpgtpsqahabhhabhhabhf9dbf9dbf9dbf9dbfga1fga1fga1"
        "kbh6kbh6kbh6kbh6kbh6kbh6pulufqe6fqfwd2fwd2fwd292"
    ),
    0x0400: (
        "fgfgklekhvf99f9f7lq0qmklh6lchckbhrh3i2ekj7fgnqgclclch6jop7kllpkbgthkfghcmcgaklje"
        "stsxj8nuhuhlt8hrflgng0c1g5fokudmhvhvepg2kqhpgthch3dcd8e6k5ephkh1oyp6jclmgidqn8fj"
        "fofoh6c1drdb767676neomh6ephve6he"
    ),
    0x2010: (
        "8y8yfwdwrsrsfbbf4v4v6y4v9z9zbk9ze8e8aga8dwewlz7g"
    ),
    0x2030: (
        "wpzz6gbcg86gc8gqb38m8m"
    ),
    0x20AC: (
        "fwfwfwqyfwfwk8gwf9hkh9k6f6fwfwlpmig6"
    ),
}
_BOLD = {
    0x0020: (
        "787yd4hyfwp1ku7e9f9ff5fw7x8y7xbhfwfwfwfwfwfwfwfwfwfw7x7xfwfwfwd9oxj6iohpkkfkf9k4"
        "l9at97igfpq7mlm4hgm4icfbg3l0i2qvijhcg397bh97fwbfa2gshleahlgfarhli98h8hh88hrai9h7"
        "hlhlcmdtc2i9ftnsg2ftdkayfbayfw"
    ),
    0x00A0: (
        "787yfwfwfwfwfbdigvn4anh3fw00n4dwbwfwajaja2ici77x5pajash3n2oanhd9j6j6j6j6j6j6qghp"
        "fkfkfkfkatatatatkkmlm4m4m4m4m4fwm4l0l0l0l0hchgjrgsgsgsgsgsgspheagfgfgfgf8h8h8h8h"
        "h7i9h7h7h7h7h7fwh7i9i9i9i9fthlftj6gsj6gsj6gshpeahpeahpeahpeakkhlkki1fkgffkgffkgf"
        "fkgffkgfk4hlk4hlk4hlk4hll9i9l9i9at8hat8hat8hat8hat8hk0gy978high8h8fp8hfp8hfp8hfp"
        "a2fp8hmli9mli9mli9lemli9m4h7m4h7m4h7r1r6iccmiccmiccmfbdtfbdtfbdtfbdtg3c2g3c2g3c2"
        "l0i9l0i9l0i9l0i9l0i9l0i9qvnshcfthcg3dkg3dkg3dkan"
    ),
    0x0400: (
        "fkfkmdflitfbatat97rrrumdiomvifkpj6hqiofll8fkq7i0mvmviokpq7l9m4kphghpg3ifnwijlpk8"
        "tyuyk7p6hqiftqihgshahhdaiggfo9ffk0k0h7hxngieh7i4hleafdftmmg2j4i8qxrdjqnmh2e8odgh"
        "gfgfi9daekdt8h8h8hooooi9h7k0ftio"
    ),
    0x2010: (
        "8y8yfwdwrsrsfbbf61617x61cdcde9cdececagagdwfunr7x"
    ),
    0x2030: (
        "zlzz8fekkpbqhvo0b4a8a8"
    ),
    0x20AC: (
        "fwfwfws2gyfwkei2fwhpjckbg3fwfwmkoago"
    ),
}


def _decode(runs: dict[int, tuple[str, ...]]) -> dict[int, int]:
    widths: dict[int, int] = {}
    for first, parts in runs.items():
        text = "".join(parts)
        for n in range(0, len(text), 2):
            widths[first + n // 2] = _DIGITS.index(text[n]) * 36 + _DIGITS.index(text[n + 1])
    return widths


_WORD = re.compile(r"[^ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+")
"""A word: what a line does not break inside. No-break spaces (U+00A0, U+2007, U+202F:
"7\u00a0010", "2026\u00a0г.") join their neighbours into one word, as renderers keep them."""


def _fallback(code: int) -> int:
    wide = 0x1100 <= code <= 0x115F or 0x2E80 <= code <= 0xA4CF or 0xAC00 <= code <= 0xD7A3 \
        or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F or 0xFF00 <= code <= 0xFF60 \
        or code >= 0x1F000
    return 1000 if wide else 600


class _Advances(dict):
    """Advance widths by character; a character without one gets the fallback width."""

    def __missing__(self, char: str) -> int:
        self[char] = width = _fallback(ord(char))
        return width


_WIDTHS = {
    bold: _Advances({chr(code): width or _fallback(code) for code, width in _decode(runs).items()})
    for bold, runs in ((False, _REGULAR), (True, _BOLD))
}


SHORT = 2000
"""Texts up to this many characters have their measures cached (tables measure a cell
at several sizes); a longer text is measured afresh each time, so that a cache never
holds the many tails a long text is cut into (measuring stays linear in the text)."""


def _short_cache(maxsize: int):
    """lru_cache for calls on a short text (first argument); longer ones run uncached."""

    def decorate(func):
        cached = lru_cache(maxsize=maxsize)(func)

        @wraps(func)
        def call(text: str, *args, **kwargs):
            return (cached if len(text) <= SHORT else func)(text, *args, **kwargs)

        return call

    return decorate


@_short_cache(4096)
def _em(text: str, bold: bool) -> int:
    return sum(map(_WIDTHS[bold].__getitem__, text))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` on one line, in points, at ``size`` points."""
    return _em(text, bold) * size / 1000


@_short_cache(8192)
def longest(text: str, bold: bool = False) -> tuple[int, int]:
    """The widths (1/1000 em) of the longest word and of the longest line of ``text``."""
    word = max((_em(w, bold) for w in _WORD.findall(text)), default=0)
    return word, max(_em(line, bold) for line in text.split("\n"))


def _lines(text: str, limit: float, bold: bool) -> Iterator[tuple[int, int]]:
    """The (start, end) offsets of the lines of ``text`` at ``limit`` (1/1000 em), one at
    a time: taking the first lines reads only as much of the text as they hold."""
    advance = _WIDTHS[bold].__getitem__
    begin = 0
    while True:
        stop = text.find("\n", begin)
        stop = len(text) if stop < 0 else stop
        line_start: int | None = None
        line_end = begin
        used = 0.0
        last = None
        for match in _WORD.finditer(text, begin, stop):
            s, e = match.span()
            word = _em(text[s:e], bold)
            gap = _em(text[last:s], bold) if last is not None else 0
            last = e
            if line_start is not None:
                if used + gap + word <= limit:
                    used += gap + word
                    line_end = e
                    continue
                yield line_start, line_end
            if word <= limit:
                line_start, line_end, used = s, e, word
                continue
            line_start, used = s, 0.0  # a word longer than the line: break between characters
            for i in range(s, e):
                width = advance(text[i])
                if used + width > limit and i > line_start:
                    yield line_start, i
                    line_start, used = i, 0.0
                used += width
            line_end = e
        yield (begin, begin) if line_start is None else (line_start, line_end)
        if stop == len(text):
            return
        begin = stop + 1


def line_spacing(text: str) -> float:
    """The line spacing of ``text``, in ems: taller when it holds a symbol."""
    return SYMBOL_LINE_HEIGHT if _SYMBOL.search(text) else LINE_HEIGHT


@_short_cache(8192)
def _wrap(text: str, limit: float, bold: bool) -> tuple[tuple[int, int], ...]:
    return tuple(_lines(text, limit, bold))


def wrap(text: str, width: float, size: float, bold: bool = False,
         most: int | None = None) -> list[tuple[int, int]]:
    """The lines ``text`` takes in a box ``width`` points wide: (start, end) offsets;
    only the first ``most`` when given (the rest of the text is not read).

    A line feed always starts a new line; an empty text is one empty line.
    """
    limit = width * 1000 / size
    if most is None or len(text) <= SHORT:
        return list(_wrap(text, limit, bold)[:most])
    return list(islice(_lines(text, limit, bold), most))


def line_count(text: str, width: float, size: float, bold: bool = False,
               most: int | None = None) -> int:
    """How many lines ``text`` takes in a box ``width`` points wide; with ``most``, at
    most ``most + 1`` (the text takes more than ``most`` lines; the rest is not read)."""
    limit = width * 1000 / size
    if len(text) <= SHORT:
        if "\n" not in text and _em(text, bold) <= limit:
            return 1  # the words and the spaces between them fit on one line
        count = len(_wrap(text, limit, bold))
        return count if most is None else min(count, most + 1)
    lines = _lines(text, limit, bold)
    return sum(1 for _ in (lines if most is None else islice(lines, most + 1)))
