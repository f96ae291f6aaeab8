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


def it_reports_an_emptied_message_the_shipped_catalog_fills(tmp_path):
    own = tmp_path / "locales"
    shutil.copytree(SHIPPED, own)
    set_msgstr(own, "ru", "Sold solution", "")
    result = docgen("locales", "check", "--locales", str(own))
    assert result.exit_code == 0
    assert "INCOMPLETE" not in result.stderr
    assert "  empty (the shipped message is used): Sold solution\n" in result.stderr


def it_fails_the_check_on_a_message_missing_everywhere(tmp_path):
    own = tmp_path / "locales"
    assert docgen("locales", "init", "de", "--to", str(own)).exit_code == 0
    set_msgstr(own, "de", "Sold solution", "Verkaufte Lösung")
    result = docgen("locales", "check", "--locales", str(own))
    assert result.exit_code == 1
    assert "de: " in result.stderr and "INCOMPLETE" in result.stderr
    assert "  missing: Version date\n" in result.stderr
    assert "  missing: Sold solution\n" not in result.stderr


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


# --- catalogs that documents cannot use as they are ------------------------------------------------

def one_label(folder: Path, msgid: str, msgstr: str) -> Path:
    target = catalog_path(folder, "ru")
    target.parent.mkdir(parents=True)
    text = msgid.replace('"', '\\"')
    target.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
                      f'msgid "{text}"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    return target


def it_checks_a_one_label_override_through_the_shipped_catalog(tmp_path):
    own = tmp_path / "my-locales"
    one_label(own, "Sold solution", "Наше решение")
    result = docgen("locales", "check", "--locales", str(own))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        f"ru: 1 in {own}, the rest from the shipped catalog, 0 missing,")
    assert "INCOMPLETE" not in result.stderr


def it_fails_a_translation_whose_placeholders_are_not_its_message_s(tmp_path):
    own = tmp_path / "my-locales"
    plan_intro = next(m.id for m in catalog(SHIPPED, "ru") if m.id and "{vendor}" in str(m.id)
                      and isinstance(m.id, str))
    target = one_label(own, plan_intro, "План {vendr} и {client}.")
    result = docgen("locales", "check", "--locales", str(own))
    assert result.exit_code == 1
    assert f"{target}: " in result.stderr
    assert "{vendr} is not in the message; {vendor} is missing" in result.stderr
    # a document warns and uses the shipped translation instead
    out = tmp_path / "out"
    made = docgen("plan", str(english_sample()), "--lang", "ru", "--locales", str(own),
                  "--out", str(out))
    assert made.exit_code == 0, made.output
    assert f"warning: {target}: msgid " in made.stderr
    (path,) = [Path(line) for line in made.stdout.splitlines()]
    shipped_intro = catalog(SHIPPED, "ru")[plan_intro].string
    shown = [p.text for p in Document(str(path)).paragraphs]
    assert any(t.startswith(shipped_intro.split("{vendor}")[0]) for t in shown)


def it_finds_the_shipped_catalogs_placeholders_right():
    result = docgen("locales", "check")
    assert result.exit_code == 0
    assert "0 with wrong placeholders" in result.stderr


def it_refuses_a_document_language_with_no_catalog(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["plan", str(english_sample()), "--lang", "de", "--out",
                                      str(out)])
    assert result.exit_code == 2
    assert "no catalog for language 'de'" in result.output
    assert "docgen locales init de --to DIR" in result.output
    assert not out.exists()


# --- texts of the client file without the document's language -------------------------------------

def it_warns_of_each_text_without_the_document_s_language(tmp_path):
    data = json.loads(russian_sample().read_text(encoding="utf-8"))
    data["engagement"]["location"] = {"en": "Video call"}
    data["client"]["industry"] = "Heavy engineering"
    source = tmp_path / "client.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    result = docgen("plan", str(source), "--lang", "ru", "--out", str(out))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "no \"ru\" text" in line]
    assert lines == [f"warning: {source}: engagement.location: no \"ru\" text (shown in en)"]
    assert result.stderr.splitlines()[-1] == (
        "warning: 1 text has no version in ru (--strict makes this an error)")
    strict = docgen("plan", str(source), "--lang", "ru", "--out", str(tmp_path / "strict"),
                    "--strict")
    assert strict.exit_code == 2
    assert f"{source}: engagement.location: no \"ru\" text (shown in en)" in strict.output
    assert not (tmp_path / "strict").exists()
    english = docgen("csp", str(source), "--lang", "en", "--out", str(out))
    assert f"{source}: client.industry: no \"en\" text (shown in ru)" in english.stderr
    plan = docgen("plan", str(source), "--lang", "en", "--out", str(out))
    assert "client.industry" not in plan.stderr  # the plan does not print it


def it_makes_them_errors_from_docgen_toml(tmp_path, monkeypatch):
    (tmp_path / "docgen.toml").write_text("strict = true\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["csp", str(english_sample()), "--lang", "ru"])
    assert result.exit_code == 2
    assert "written nothing (--strict)" in result.output
    assert not (tmp_path / "out").exists()


def it_lists_them_in_validate_with_lang(tmp_path):
    result = CliRunner().invoke(cli, ["validate", str(russian_sample()), "--lang", "en,ru"])
    assert result.exit_code == 0
    assert "no version" not in result.stderr  # every text in both
    result = CliRunner().invoke(cli, ["validate", str(english_sample()), "--lang", "ru"])
    assert result.exit_code == 0
    warned = [line for line in result.stderr.splitlines() if 'no "ru" text' in line]
    assert warned and all(line.startswith(f"warning: {english_sample()}: ") for line in warned)
    assert f"warning: {len(warned)} texts have no version in ru" in result.stderr
    strict = CliRunner().invoke(cli, ["validate", str(english_sample()), "--lang", "ru",
                                      "--strict"])
    assert strict.exit_code == 2
    assert f"{len(warned)} texts have no version in ru" in strict.output


def it_words_a_us_client_s_documents_in_us_english():
    """en_US holds only what American English spells differently; the rest is en's."""
    from generator.i18n import Language

    us = Language("en", [SHIPPED], "US")
    gb = Language("en", [SHIPPED], "GB")
    assert us.gettext("Organisation") == "Organization"
    assert gb.gettext("Organisation") == "Organisation"
    assert us.gettext("Sold solution") == gb.gettext("Sold solution") == "Sold solution"
    assert Language("ru", [SHIPPED], "US").gettext("Organisation") == "Организация"


def it_checks_a_regional_catalog_through_its_language_s(tmp_path):
    result = docgen("locales", "check")
    assert result.exit_code == 0, result.stderr
    assert "en_US: 4 messages, the rest from en, 0 missing," in result.stderr
    own = tmp_path / "my-locales"
    target = catalog_path(own, "en_US")
    target.parent.mkdir(parents=True)
    target.write_text('msgid ""\nmsgstr ""\n"Language: en_US\\n"\n\n'
                      'msgid "Colour of the month"\nmsgstr "Color of the month"\n',
                      encoding="utf-8")
    result = docgen("locales", "check", "--locales", str(own))
    assert result.exit_code == 1
    assert "Colour of the month: not a message of docgen.pot" in result.stderr
