"""Catalog maintenance: ``docgen locales check`` / ``init`` and message extraction.

Messages are marked in the code with ``N_()``, ``label()``, ``gettext()``
and ``ngettext()`` (see ``babel.cfg``). ``python -m generator.catalogs``
re-extracts them into ``locales/docgen.pot``, merges that into every shipped
catalog and fills the English catalog (msgstr = msgid); translators then fill
the other catalogs, and ``docgen locales check`` proves them complete.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from .errors import UsageError
from .i18n import DOMAIN, SOURCE_LANG, catalog_path, placeholder_problem
from .output import write_atomic
from .resources import shipped

KEYWORDS = ["N_", "label", "gettext", "ngettext:1,2", "pgettext:1c,2", "npgettext:1c,2,3"]


def _load(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle)


def languages_in(folder: Path) -> list[str]:
    return sorted(p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def check(folder: Path | None = None) -> tuple[str, bool]:
    """A per-language report of the catalogs, and whether every one is complete against
    the template ``docgen.pot`` with its translations' placeholders those of their
    messages.

    Without ``folder``, the shipped catalogs are checked. A ``folder`` is a team's
    overrides, checked as documents use it: each of its languages through the shipped
    catalog of that language, so a one-label override is complete when the shipped
    catalog has the rest; what is reported missing is missing everywhere.
    """
    own = folder
    base = shipped("locales")
    template = base / f"{DOMAIN}.pot"
    expected = {m.id if m.context is None else (m.context, m.id)
                for m in _load(template) if m.id} if template.is_file() else set()
    langs = languages_in(own if own is not None else base)
    if not langs:
        return f"no catalogs in {own or base}\n", False
    lines: list[str] = []
    complete = True
    for lang in langs:
        # a regional catalog (en_US) holds only what its region words differently: it
        # is checked through its language's catalogs, as documents use it
        chain = [lang, lang.split("_")[0]] if "_" in lang else [lang]
        layers = []
        for code in chain:
            for where in ([own] if own is not None else []) + [base]:
                path = catalog_path(where, code)
                if path.is_file() or (where == own and code == lang):
                    layers.append((path, _messages(path)))
        top = layers[0][1]
        usable: set = set()
        wrong: list[str] = []
        for where, messages in layers:
            for key, m in messages.items():
                filled = all(m.string) if isinstance(m.string, tuple) else bool(m.string)
                if not filled or m.fuzzy:
                    continue
                problem = placeholder_problem(m.id, m.string)
                if problem:
                    wrong.append(f"{where}: {_short(str(key))}: {problem}")
                else:
                    usable.add(key)
        if "_" in lang:  # a regional message the template no longer has is never used
            wrong += [f"{layers[0][0]}: {_short(str(key))}: not a message of docgen.pot"
                      for key in top if key not in expected]
        missing = sorted(str(k) for k in expected - usable)
        empty = sorted(str(k) for k, m in top.items()
                       if not (all(m.string) if isinstance(m.string, tuple) else m.string))
        fuzzy = sorted(str(k) for k, m in top.items() if m.fuzzy)
        obsolete = len(_load(layers[0][0]).obsolete)
        ok = not (missing or wrong) and (own is not None or not (empty or fuzzy))
        complete &= ok
        if own is None:
            counts = f"{len(top)} messages" + (f", the rest from {chain[1]}"
                                               if len(chain) > 1 else "")
        else:
            counts = (f"{len(top)} in {own}" + (", the rest from the shipped catalog"
                                                if len(layers) > 1 else ""))
        lines.append(
            f"{lang}: {counts}, {len(missing)} missing, {len(empty)} empty, "
            f"{len(fuzzy)} fuzzy, {obsolete} obsolete, {len(wrong)} with wrong placeholders"
            f"{'' if ok else '  INCOMPLETE'}"
        )
        for label, items in (("missing", missing), ("empty", empty), ("fuzzy", fuzzy)):
            if own is not None and label != "missing":
                label += " (the shipped message is used)" if len(layers) > 1 else ""
            lines.extend(f"  {label}: {_short(item)}" for item in items)
        lines.extend(f"  wrong placeholders: {item}" for item in wrong)
    return "\n".join(lines) + "\n", complete


def _messages(path: Path) -> dict:
    """The messages of the catalog at ``path`` by key (msgid, or (msgctxt, msgid))."""
    return {m.id if m.context is None else (m.context, m.id): m
            for m in _load(path) if m.id}


def _short(message: str) -> str:
    return message if len(message) <= 90 else message[:87] + "..."


def init_language(lang: str, to: Path) -> Path:
    """Start ``to/<lang>/LC_MESSAGES/docgen.po``: every message of the English catalog,
    untranslated, with the language's plural forms. Untranslated messages print in
    English until they are filled in, and ``docgen locales check --locales TO`` lists
    them."""
    from babel import Locale, UnknownLocaleError
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        raise UsageError(f"unknown language {lang!r}; expected a code such as de or fr") from None
    target = catalog_path(to, lang)
    if target.exists():
        raise UsageError(f"{target} already exists")
    english = _load(catalog_path(shipped("locales"), SOURCE_LANG))
    catalog = Catalog(locale=locale, domain=DOMAIN, project="docgen", version=english.version,
                      language_team=f"{locale.english_name} <>", fuzzy=False)
    for message in english:
        if not message.id:
            continue
        empty = ("",) * catalog.num_plurals if message.pluralizable else ""
        catalog.add(message.id, empty, context=message.context,
                    auto_comments=message.auto_comments, user_comments=message.user_comments)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100)
    write_atomic(target, buffer.getvalue())
    return target


def extract(root: Path, pot: Path) -> None:
    """Write the message template ``pot`` from the sources ``babel.cfg`` names."""
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run([
        "pybabel", "-q",
        "extract", "-F", str(root / "babel.cfg"), "-o", str(pot), "--no-location",
        "--sort-output", "--project", "docgen", "--no-default-keywords",
        *[arg for k in KEYWORDS for arg in ("-k", k)], str(root),
    ])


def update(root: Path) -> None:
    """Re-extract messages, merge them into every catalog, fill English (developer tool)."""
    from babel.messages.frontend import CommandLineInterface
    from babel.messages.pofile import write_po

    locales = root / "locales"
    pot = locales / f"{DOMAIN}.pot"
    base = ["pybabel", "-q"]
    extract(root, pot)
    for lang in languages_in(locales):
        if "_" in lang:  # regional catalogs hold only their own messages, kept by hand
            continue
        CommandLineInterface().run([
            *base,
            "update", "-i", str(pot), "-d", str(locales), "-D", DOMAIN, "-l", lang,
            "--no-fuzzy-matching", "--ignore-obsolete", "-w", "100",
        ])
    english = catalog_path(locales, SOURCE_LANG)
    catalog = _load(english)
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    with english.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)


if __name__ == "__main__":  # pragma: no cover - developer tool
    update(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
