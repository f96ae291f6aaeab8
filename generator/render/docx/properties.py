"""A Word document's core properties (``docProps/core.xml``) from the document written.

A template's own properties describe the template ("docgen customer success plan
template"); Word shows them under File > Info and LibreOffice makes the PDF's title
from them. :func:`core` writes the title, subject and language of the document being
written in their place, and empties the description and keywords a template may carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .runs import xml_text

CORE = "docProps/core.xml"
_FIELDS = (("dc", "title"), ("dc", "subject"), ("dc", "language"), ("dc", "description"),
           ("cp", "keywords"))
_NS = {"dc": "http://purl.org/dc/elements/1.1/",
       "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}


@dataclass(frozen=True)
class Properties:
    """What a document says of itself: its ``title``, ``subject`` and ``language`` (a
    BCP 47 tag), each in the document's language."""

    title: str
    subject: str = ""
    language: str = ""


def core(xml: str, properties: Properties) -> str:
    """``xml`` (a core properties part) holding ``properties``; description and keywords
    emptied."""
    values = {"title": properties.title, "subject": properties.subject,
              "language": properties.language, "description": "", "keywords": ""}
    for prefix, name in _FIELDS:
        element = _element(xml, prefix)
        if element is None:
            continue
        value = xml_text(values[name])
        tag = f"{element}:{name}"
        new = f"<{tag}>{value}</{tag}>" if value else f"<{tag}/>"
        pattern = re.compile(rf"<{tag}\b[^>]*?(?:/>|>.*?</{tag}>)", re.S)
        xml, found = pattern.subn(lambda _m, new=new: new, xml, count=1)
        if not found and value:
            end = xml.rfind("</")
            xml = xml[:end] + new + xml[end:]
    return xml


def _element(xml: str, prefix: str) -> str | None:
    """The prefix ``xml`` binds to the namespace ``prefix`` stands for here, or None."""
    found = re.search(rf'xmlns:(\w+)="{re.escape(_NS[prefix])}"', xml)
    return found.group(1) if found else None
