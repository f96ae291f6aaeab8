"""Wording lives in the locale catalogs: translating, overriding and checking them."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from docx import Document

from generator.catalogs import extract
from generator.cli import cli
from generator.i18n import catalog_path
from generator.resources import shipped

from .conftest import ROOT, SAMPLES

SHIPPED = shipped("locales")


def russian_sample() -> Path:
    return next(p for p in SAMPLES
                if json.loads(p.read_text(encoding="utf-8"))["client"]["language"] == "ru")


def english_sample() -> Path:
    return next(p for p in SAMPLES if "kestonbury" in p.name)


def docgen(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write_plan(tmp_path: Path, client: Path, spec: str, *options: str) -> Path:
    out = tmp_path / "out"
    result = docgen("csp", str(client), "--lang", spec, "--out", str(out), *options)
    assert result.exit_code == 0, result.output
    (path,) = [Path(line) for line in result.stdout.splitlines()]
    assert path.name == f"success-plan_{spec}.docx"
    return path


def texts(path: Path) -> list[str]:
    """Every paragraph and cell of the body, header and footer."""
    doc = Document(str(path))
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        out.extend(cell.text for row in table.rows for cell in row.cells)
    with zipfile.ZipFile(path) as z:
        for name in ("word/header1.xml", "word/footer1.xml"):
            xml = z.read(name).decode("utf-8")
            out.append("".join(re.findall(r"<w:t[^>]*>([^<]*)<", xml)))
    return out


def headings(path: Path, *styles: str) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.style.name in styles]


def catalog(folder: Path, lang: str):
    with catalog_path(folder, lang).open("rb") as handle:
        return read_po(handle)


def set_msgstr(folder: Path, lang: str, msgid: str, msgstr: str) -> None:
    cat = catalog(folder, lang)
    cat[msgid].string = msgstr
    with catalog_path(folder, lang).open("wb") as handle:
        write_po(handle, cat, width=100)


def data_strings(value) -> list[str]:
    """Every string of a client file (texts in every language, names, codes)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in data_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in data_strings(v)]
    return []


# --- one language, two languages -------------------------------------------------------------

def it_prints_no_english_label_in_the_russian_plan(tmp_path):
    """Data aside, the only Latin words are those the Russian catalog itself uses."""
    client = russian_sample()
    text = "\n".join(texts(write_plan(tmp_path, client, "ru")))
    for item in sorted(data_strings(json.loads(client.read_text(encoding="utf-8"))),
                       key=len, reverse=True):
        text = text.replace(item, " ")
    allowed = {w for m in catalog(SHIPPED, "ru") if m.id and isinstance(m.string, str)
               for w in re.findall(r"[A-Za-z]+", m.string)}
    latin = set(re.findall(r"[A-Za-z]+", text))
    assert latin <= allowed, sorted(latin - allowed)
    assert "Проданное решение" in text and "Стр. " in text


def it_prints_both_languages_in_every_heading_of_the_bilingual_plan(tmp_path):
    path = write_plan(tmp_path, russian_sample(), "en+ru")
    ru = {m.id: m.string for m in catalog(SHIPPED, "ru") if m.id}
    found = headings(path, "Heading 1", "Heading 2", "TOC Heading")
    assert len(found) >= 10
    for heading in found:
        english, russian = re.sub(r"^\d+\. ", "", heading).split(" / ")
        assert ru[english] == russian, heading
    (title,) = headings(path, "Title")
    english, russian = title.split("\n")
    assert ru[english] == russian
    doc = Document(str(path))
    for table in doc.tables[1:]:
        for cell in table.rows[0].cells:
            english, _, russian = cell.text.partition("\n")
            assert ru[english] == (russian or english)  # "KPI" reads the same in both


# --- editing and adding catalogs ------------------------------------------------------------------

def it_uses_an_edited_message_on_the_next_run(tmp_path):
    own = tmp_path / "locales"
    shutil.copytree(SHIPPED, own)
    before = write_plan(tmp_path, english_sample(), "ru", "--locales", str(own))
    assert headings(before, "Heading 1")[0] == "1. Проданное решение"
    set_msgstr(own, "ru", "Sold solution", "Поставленное решение")
    after = write_plan(tmp_path, english_sample(), "ru", "--locales", str(own))
    assert headings(after, "Heading 1")[0] == "1. Поставленное решение"


def it_takes_the_other_messages_from_the_shipped_catalog(tmp_path):
    own = tmp_path / "locales"
    target = catalog_path(own, "ru")
    target.parent.mkdir(parents=True)
    target.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
                      'msgid "Sold solution"\nmsgstr "Наше решение"\n', encoding="utf-8")
    path = write_plan(tmp_path, english_sample(), "ru", "--locales", str(own))
    assert headings(path, "Heading 1")[:2] == ["1. Наше решение", "2. Бизнес-результаты"]


def it_writes_a_german_plan_from_a_started_catalog(tmp_path):
    own = tmp_path / "my-locales"
    result = docgen("locales", "init", "de", "--to", str(own))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{catalog_path(own, 'de')}\n"
    set_msgstr(own, "de", "Sold solution", "Verkaufte Lösung")
    set_msgstr(own, "de", "Version date", "Versionsdatum")
    path = write_plan(tmp_path, english_sample(), "de", "--locales", str(own))
    doc = Document(str(path))
    names = headings(path, "Heading 1")
    assert names[:2] == ["1. Verkaufte Lösung", "2. Business outcomes"]  # the rest in English
    facts = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert facts["Versionsdatum"] == "31. Dezember 2026"  # Babel's German month names
    assert facts["Contract start"] == "1. April 2026"
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "+94.500\xa0£" in cells  # German grouping, money after the number
    assert "74\xa0%\n31.12.2026" in cells


def it_lists_what_a_started_catalog_still_lacks(tmp_path):
    own = tmp_path / "my-locales"
    assert docgen("locales", "init", "pl", "--to", str(own)).exit_code == 0
    cat = catalog(own, "pl")
    assert cat.num_plurals == 3  # Polish plural forms, not English ones
    assert all(not m.string or m.string == ("",) * 3 for m in cat if m.id)
    result = docgen("locales", "check", "--locales", str(own))
    assert result.exit_code == 1
    assert "pl: " in result.stderr and "INCOMPLETE" in result.stderr
    again = docgen("locales", "init", "pl", "--to", str(own))
    assert again.exit_code == 2 and "already exists" in again.output


def it_reads_the_locales_folder_from_docgen_toml(tmp_path, monkeypatch):
    own = tmp_path / "team" / "translations"
    shutil.copytree(SHIPPED, own)
    set_msgstr(own, "ru", "Contents", "Оглавление")
    (tmp_path / "team" / "docgen.toml").write_text('locales = "translations"\n',
                                                  encoding="utf-8")
    monkeypatch.chdir(tmp_path / "team")
    path = write_plan(tmp_path, english_sample(), "ru")
    assert headings(path, "TOC Heading") == ["Оглавление"]


# --- checking -------------------------------------------------------------------------------------

def it_finds_the_shipped_catalogs_complete():
    result = docgen("locales", "check")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"^ru: \d+ messages, 0 missing, 0 empty, 0 fuzzy", result.stderr, re.M)


def it_fails_the_check_on_an_emptied_message(tmp_path):
    own = tmp_path / "locales"
    shutil.copytree(SHIPPED, own)
    set_msgstr(own, "ru", "Sold solution", "")
    result = docgen("locales", "check", "--locales", str(own))
    assert result.exit_code == 1
    assert "ru: " in result.stderr and "INCOMPLETE" in result.stderr
    assert "  empty: Sold solution\n" in result.stderr


def it_has_every_message_of_the_code_in_the_catalogs(tmp_path):
    """A label added to the code without `python -m generator.catalogs` fails here."""
    pot = tmp_path / "docgen.pot"
    extract(ROOT, pot)
    with pot.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    for lang in ("en", "ru"):
        have = {m.id for m in catalog(SHIPPED, lang) if m.id}
        assert wanted <= have, (lang, sorted(map(str, wanted - have))[:10])


@pytest.mark.parametrize("lang", ["xx", "not a language"])
def it_refuses_to_start_an_unknown_language(tmp_path, lang):
    result = docgen("locales", "init", lang, "--to", str(tmp_path))
    assert result.exit_code == 2
    assert "unknown language" in result.output
    assert not any(tmp_path.iterdir())
