"""The three documents and how a command reaches them.

Each document module (``plan``, ``csp``, ``qbr``) offers:

* ``TEMPLATE``: the template file name looked up in the template folders;
* ``filename(client, lang_spec, quarter) -> str``: the output file name;
* ``render(client, langs, template, quarter) -> bytes``: the finished file,
  where ``langs`` is an :class:`~generator.i18n.Languages` and ``template``
  the resolved template path;
* Word documents also offer ``context(client, langs, quarter) -> dict``, the
  print-ready values their template is rendered with.

Modules are imported on first use so that ``docgen validate`` and
``docgen --help`` stay fast.
"""

from __future__ import annotations

import importlib
from types import ModuleType

KINDS: dict[str, str] = {"plan": "plan", "csp": "csp", "qbr": "qbr", "ics": "ics"}


def module(kind: str) -> ModuleType:
    """The document module for ``kind`` ("plan", "csp" or "qbr")."""
    return importlib.import_module(f"{__name__}.{KINDS[kind]}")
