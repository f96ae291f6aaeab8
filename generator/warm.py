"""A batch's process made ready to render before it forks its workers.

Each worker would otherwise load the document libraries (python-pptx, lxml,
XlsxWriter, Jinja) and read its templates at its first document, about a
second of CPU per worker. :func:`warm` does that once, in the batch's own
process while the workers read and validate the client files; the workers of
phase two are then forked from it and start warm.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path

from . import documents
from .resources import Folders


def warm(kinds: Sequence[str], folders: Folders, template: Path | None) -> None:
    """Import what rendering ``kinds`` needs and read their templates; a template that
    cannot be read is left for its documents to report."""
    from .errors import DocgenError
    from .model import build
    from .pipeline import template_of

    build()  # the workers of phase two, forked from here, validate with it
    for kind in kinds:
        documents.module(kind)
        try:
            path = template_of(kind, folders, template)
            if path is None:
                continue
            if path.suffix == ".docx":
                from .render.docx.template import compiled

                compiled(path)
            elif path.suffix == ".pptx":
                from .render.pptx.template import load_template

                load_template(path)
        except (DocgenError, OSError):
            continue


def fork_context():
    """Workers forked from this process (so they start with what it has loaded), where
    forking is safe and cheap (Linux); elsewhere the platform's default."""
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return None
