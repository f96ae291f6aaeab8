"""A document's closing section (the sign-off) never stands alone on its last page.

The sign-off is a heading and a table kept together; when they do not fit under the text
before them, Word and LibreOffice move them to a page of their own, which reads as a
form left over rather than the end of the document. So the end of what precedes them is
kept with them: the paragraphs back to their heading (when there are at most
:data:`MOST_PARAGRAPHS` of them, else the last two), or, after a table, its last row
(which :func:`.tables.keep_rows_together` already keeps with the rows before it).

The markup is read with string searches, as in :mod:`.tables`.
"""

from __future__ import annotations

import re

from .tables import _keep_with_next

MOST_PARAGRAPHS = 4  # paragraphs of the section before that are carried over with it
LAST_PARAGRAPHS = 2  # ... or its last ones, when it has more
_HEADING = re.compile(r'<w:pStyle w:val="Heading\d"/>')
_SKIPPED = re.compile(r"<w:(?:bookmarkStart|bookmarkEnd|proofErr|permEnd)\b[^>]*/>$")


def _paragraph_start(xml: str, end: int) -> int:
    return max(xml.rfind("<w:p>", 0, end), xml.rfind("<w:p ", 0, end))


def keep_closing_section(xml: str, style: str = "Heading1") -> str:
    """``xml`` (a ``word/document.xml``) with the end of the section before its last
    ``style`` heading kept with that heading; unchanged when there is no such heading or
    nothing before it to keep (a section break, a table's only row)."""
    heading = xml.rfind(f'<w:pStyle w:val="{style}"/>')
    if heading < 0:
        return xml
    at = _paragraph_start(xml, heading)
    if at < 0 or xml.rfind("<w:tbl>", 0, at) > xml.rfind("</w:tbl>", 0, at):
        return xml  # a heading inside a table
    paragraphs: list[tuple[int, int]] = []
    end = at
    while True:
        skipped = _SKIPPED.search(xml, 0, end)
        if skipped:
            end = skipped.start()
            continue
        if xml.endswith("<w:p/>", 0, end):
            paragraphs.append((end - len("<w:p/>"), end))
            end -= len("<w:p/>")
            continue
        if not xml.endswith("</w:p>", 0, end):
            break
        start = _paragraph_start(xml, end)
        paragraph = xml[start:end]
        if start < 0 or "<w:sectPr" in paragraph:
            break  # a section break: the page turns there anyway
        paragraphs.append((start, end))
        if _HEADING.search(paragraph):
            break
        end = start
    if len(paragraphs) > MOST_PARAGRAPHS + 1:
        paragraphs = paragraphs[:LAST_PARAGRAPHS]
    if not paragraphs:
        return _keep_last_row(xml, end)
    out, done = [], 0
    for start, stop in sorted(paragraphs):
        out += [xml[done:start], _keep_with_next(xml[start:stop])]
        done = stop
    out.append(xml[done:])
    return "".join(out)


def _keep_last_row(xml: str, end: int) -> str:
    """``xml`` with the last row of the table ending at ``end`` kept with what follows."""
    if not xml.endswith("</w:tbl>", 0, end):
        return xml
    row = max(xml.rfind("<w:tr>", 0, end), xml.rfind("<w:tr ", 0, end))
    if row < 0 or xml.rfind("<w:tbl>", 0, end) > row:
        return xml
    stop = xml.find("</w:tr>", row) + len("</w:tr>")
    return xml[:row] + _keep_with_next(xml[row:stop]) + xml[stop:]
