"""The three documents and how a command reaches them.

:data:`KINDS` says what the pipeline needs to know of each document (its
template, whether it needs a quarter, whether one file holds two languages,
its file name) without loading the module that renders it. Each document
module (``plan``, ``csp``, ``qbr``, ``ics``) offers:

* ``render(client, langs, template, quarter) -> bytes``: the finished file,
  where ``langs`` is an :class:`~generator.i18n.Languages` and ``template``
  the resolved template path;
* Word documents also offer ``context(client, langs, quarter) -> dict``, the
  print-ready values their template is rendered with.

Modules are imported on first use so that ``docgen validate``, ``docgen
--help`` and the planning phase of ``docgen batch`` stay fast.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Client


@dataclass(frozen=True)
class Kind:
    """A document as the pipeline sees it."""

    module: str
    template: str | None  # file name looked up in the template folders
    needs_quarter: bool
    bilingual: bool  # one file holds every language asked for ("en+ru")
    pattern: str  # the file name: {year} of the plan, {lang}, {quarter}

    def filename(self, client: Client, lang_spec: str, quarter: str | None = None) -> str:
        return self.pattern.format(year=client.engagement.plan_start.year, lang=lang_spec,
                                   quarter=quarter)


KINDS: dict[str, Kind] = {
    "plan": Kind("plan", "engagement_plan.docx", False, False,
                 "engagement-plan_{year}_{lang}.docx"),
    "csp": Kind("csp", "success_plan.docx", False, True, "success-plan_{lang}.docx"),
    "qbr": Kind("qbr", "qbr.pptx", True, False, "qbr_{quarter}_{lang}.pptx"),
    "ics": Kind("ics", None, False, False, "engagement-plan_{year}_{lang}.ics"),
}


def module(kind: str) -> ModuleType:
    """The module that renders ``kind`` ("plan", "csp", "qbr" or "ics")."""
    return importlib.import_module(f"{__name__}.{KINDS[kind].module}")
