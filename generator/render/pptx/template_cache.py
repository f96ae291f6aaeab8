"""A deck template's prepared layouts, kept in the disk cache (:mod:`generator.cache`).

Reading a deck template with python-pptx and working out its layouts costs
tens of milliseconds a run; what it gives depends only on the template's
bytes and the code that reads it, so it is kept, keyed by both, and read back
in a fraction of a millisecond. The layouts' footer placeholders are kept as
markup and parsed again (python-pptx's element classes are not kept).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import pickle
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ... import cache
from .template import Template


def load(path: Path, blob: bytes) -> Template | None:
    """The template prepared from ``blob`` (the file at ``path``), or None."""
    payload = cache.load(_name(blob))
    if payload is None:
        return None
    from pptx.oxml import parse_xml

    try:
        kept = pickle.loads(payload)
        if not isinstance(kept, Template):
            return None
        layouts = {name: dataclasses.replace(layout, footer_elements=tuple(
            (kind, parse_xml(markup)) for kind, markup in layout.footer_elements))
            for name, layout in kept.layouts.items()}
    except Exception:  # an entry that is not what this code keeps: made again
        return None
    return dataclasses.replace(kept, path=path, layouts=layouts)


def store(blob: bytes, template: Template) -> None:
    """Keep ``template``, prepared from ``blob``."""
    layouts = {name: dataclasses.replace(layout, footer_elements=tuple(
        (kind, etree.tostring(element)) for kind, element in layout.footer_elements))
        for name, layout in template.layouts.items()}
    try:
        payload = pickle.dumps(dataclasses.replace(template, layouts=layouts), protocol=5)
    except Exception:  # something that cannot be kept: read the template each time
        return
    cache.store(_name(blob), payload)


def _name(blob: bytes) -> str:
    return cache.key("deck", blob, _stamp())


@lru_cache(maxsize=1)
def _stamp() -> str:
    """The code that prepares a template: docgen's deck modules and python-pptx."""
    here = Path(__file__).parent
    spec = importlib.util.find_spec("pptx")
    return cache.code_stamp(
        *(here / f"{name}.py" for name in ("template", "package", "drawingml", "flow")),
        *(here.parent / f"{name}.py" for name in ("deck", "package", "measure")),
        spec.origin if spec and spec.origin else None)
