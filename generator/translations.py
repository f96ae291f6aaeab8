"""Texts of a client file that have no version in a document's language.

A free text (:data:`~generator.model.Text`) is a plain string, written in
the client's language (``client.language``), or one text per language. A
document in another language shows such a text in the language it has, so
every command says which texts those are, with their JSON path, and
``--strict`` (or ``strict = true`` in ``docgen.toml``) refuses to write them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import InputError
from .fields import values_of
from .loader import json_path
from .model import Client, Text

SECTIONS: dict[str, tuple[str, ...]] = {
    "plan": ("vendor", "contacts", "engagement", "support"),
    "ics": ("contacts", "engagement"),
    "csp": ("client", "vendor", "solution", "outcomes", "team", "kpis", "use_cases",
            "barriers", "milestones", "process_changes", "communications", "results"),
    "qbr": ("engagement", "outcomes", "kpis", "barriers", "quarters"),
}
"""The parts of a client file each document prints texts from (the client's industry
only in the success plan; the deck's next meetings are the engagement's agenda)."""


def texts(client: Client, parts: Sequence[str] | None = None,
          quarter: str | None = None) -> Iterator[tuple[tuple, str | dict[str, str]]]:
    """Every free text of ``client`` (in ``parts``; of ``quarters`` only ``quarter``
    when given) as (JSON path, value)."""
    for name, field in type(client).model_fields.items():
        key = field.alias or name
        if parts is not None and key not in parts:
            continue
        value = getattr(client, name)
        if key == "quarters" and quarter is not None:
            value = {quarter: value[quarter]} if quarter in value else {}
        yield from values_of(value, field.rebuild_annotation(), Text, (key,))


def lacking(value: str | dict[str, str], lang: str, home: str) -> bool:
    """True when ``value`` has no version in ``lang`` (a plain string is in ``home``)."""
    if isinstance(value, str):
        return lang != home
    return not value.get(lang)


def untranslated(path: Path, client: Client, langs: Sequence[str],
                 kinds: Sequence[str] | None = None, quarter: str | None = None) -> list[str]:
    """One line per text of the documents ``kinds`` (None: the whole file) with no version
    in one of ``langs``: ``file: json.path: no "ru" text (shown in en)``."""
    if kinds is None:
        parts = None
    else:
        wanted = {p for kind in kinds for p in SECTIONS.get(kind, ())}
        parts = tuple(p for p in Client.model_fields if p in wanted)
    home = client.client.language
    lines: list[str] = []
    for lang in dict.fromkeys(langs):
        for loc, value in texts(client, parts, quarter):
            if lacking(value, lang, home):
                shown = home if isinstance(value, str) else ", ".join(value)
                lines.append(f"{path}: {json_path(loc)}: no \"{lang}\" text (shown in {shown})")
    return lines


def summary(lines: Sequence[str], langs: Sequence[str]) -> str:
    """The count that ends the warnings."""
    count = len(lines)
    words = "text has" if count == 1 else "texts have"
    return (f"{count} {words} no version in {' or '.join(dict.fromkeys(langs))} "
            "(--strict makes this an error)")


def report(lines: Sequence[str], langs: Sequence[str], strict: bool, say) -> None:
    """Warn of each line and give the count (``say``), or, when ``strict``, raise
    InputError with every line."""
    if not lines:
        return
    if strict:
        raise InputError([*lines, summary(lines, langs).replace(
            " (--strict makes this an error)", "; written nothing (--strict)")])
    for line in lines:
        say(f"warning: {line}")
    say(f"warning: {summary(lines, langs)}")
