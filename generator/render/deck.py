"""A deck as its writer sees it: a title slide and slides of generic blocks.

A document module (e.g. :mod:`generator.documents.qbr`) decides what a deck
says and builds these frozen values from print-ready strings and chart
numbers; :mod:`generator.render.pptx.writer` only lays them out. Blocks: :class:`Text`
(bullets, headings, a status word), :class:`Table` (continues on the next
slide when long), :class:`Chart` (a native, editable chart) and :class:`Tiles`
(big numbers). A slide holds one block, or two side by side.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "green": ("D5EFDD", "1B6B3A"),
    "amber": ("FCE8BF", "8A5300"),
    "red": ("F8D3D0", "A1251B"),
    "grey": ("E4E8ED", "46525E"),
    "blue": ("D6E6F5", "17497A"),
}
"""Status name -> (cell fill, text colour) as RGB hex; the strong colour also
prints a status word in running text."""

Align = Literal["left", "right", "center"]


# --- the view ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """One table cell; ``status`` (a :data:`STATUS_COLOURS` key) fills it."""

    text: str
    status: str | None = None
    bold: bool = False


@dataclass(frozen=True)
class Column:
    """A table column: its header, its share of the table width, its alignment."""

    header: str
    weight: float = 1.0
    align: Align = "left"


@dataclass(frozen=True)
class Table:
    """A table; rows that do not fit continue on the next slide. ``footer`` (a
    totals row, bold) comes after the last row."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    footer: tuple[Cell, ...] | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a text block.

    ``kind``: ``bullet`` (at ``level``, 0 = first), ``heading`` (bold, no
    bullet), ``plain`` (no bullet) or ``status`` (a large bold word in the
    colour of ``status``).
    """

    text: str
    kind: Literal["bullet", "heading", "plain", "status"] = "bullet"
    level: int = 0
    status: str | None = None
    continued: bool = False  # the rest of a paragraph cut at the foot of the last slide


@dataclass(frozen=True)
class Text:
    """Paragraphs in a content placeholder; ``numbered`` bullets count from ``start``."""

    paragraphs: tuple[Paragraph, ...]
    numbered: bool = False
    start: int = 1


@dataclass(frozen=True)
class Series:
    """A chart's series; ``colour`` is the n-th series colour to draw it in (None: its
    place in the chart), so that a series split onto its own chart keeps its colour."""

    name: str
    values: tuple[float | None, ...]
    dashed: bool = False
    colour: int | None = None


@dataclass(frozen=True)
class Chart:
    """A native chart: ``line`` (with markers), ``column`` or ``bar`` (clustered).

    ``number_format`` is an Excel number format for the values and their labels,
    ``axis_format`` one for the value axis (None: ``number_format``); ``scale`` is the
    value axis's (low, high, step), None to let the program that draws it choose.
    """

    kind: Literal["line", "column", "bar"]
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str = "General"
    value_title: str | None = None
    category_title: str | None = None
    data_labels: bool = False
    axis_format: str | None = None
    scale: tuple[float, float, float] | None = None


@dataclass(frozen=True)
class Tile:
    """A big number with a label and an optional note; ``status`` colours it."""

    value: str
    label: str
    note: str = ""
    status: str | None = None


@dataclass(frozen=True)
class Tiles:
    tiles: tuple[Tile, ...]


Block = Text | Table | Chart | Tiles


@dataclass(frozen=True)
class Slide:
    """A titled slide of one or two blocks (two go side by side).

    ``notes`` are the speaker notes, a paragraph each (a continued slide repeats
    them); ``as_of`` says the date its figures are as of ("As of 31 Dec 2026"),
    printed after the footer; empty when the slide has no dated figures."""

    title: str
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = ()
    as_of: str = ""


@dataclass(frozen=True)
class TitleSlide:
    title: str
    subtitle: str
    lines: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Picture:
    """An image file's bytes and its size in pixels (a PNG or a JPEG)."""

    data: bytes
    kind: Literal["png", "jpeg"]
    width: int
    height: int


@dataclass(frozen=True)
class Deck:
    """Everything a deck says. ``continued`` marks a continuation slide's title
    (``{title}`` is replaced); ``logo`` is written into text shapes named "Logo"
    of the master and layouts, or ``vendor_logo``, a picture, replaces those shapes;
    ``client_logo`` goes on the title slide; ``created`` dates the file and its
    charts."""

    title_slide: TitleSlide
    slides: tuple[Slide, ...]
    footer: str
    continued: str
    logo: str
    created: dt.datetime
    title: str = ""
    subject: str = ""
    author: str = ""
    language: str = ""
    vendor_logo: Picture | None = None
    client_logo: Picture | None = None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@lru_cache(maxsize=8192)
def clean_text(text: str) -> str:
    """``text`` as a slide shows it: line ends as ``\\n``, other control characters dropped."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
