"""Languages: catalogs read from .po on use, Babel formatting, bilingual labels."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.errors import UsageError
from generator.i18n import Language, Languages, parse_spec
from generator.resources import shipped

SHIPPED = (shipped("locales"),)

PLURAL_PO = r'''
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\n"
"Language: ru\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

msgid "{n} attempt"
msgid_plural "{n} attempts"
msgstr[0] "{n} попытка"
msgstr[1] "{n} попытки"
msgstr[2] "{n} попыток"

msgid "Annual review"
msgstr "Итоговая встреча года"
'''


@pytest.fixture
def own_locales(tmp_path) -> Path:
    folder = tmp_path / "locales" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "docgen.po").write_text(PLURAL_PO, encoding="utf-8")
    return tmp_path / "locales"


@pytest.mark.parametrize(("n", "text"), [
    (1, "1 попытка"), (2, "2 попытки"), (5, "5 попыток"), (11, "11 попыток"),
    (21, "21 попытка"), (22, "22 попытки"), (111, "111 попыток"),
])
def it_has_three_russian_plural_forms(own_locales, n, text):
    ru = Language("ru", (own_locales, *SHIPPED))
    assert ru.ngettext("{n} attempt", "{n} attempts", n) == text


def it_uses_english_plurals_without_a_catalog():
    en = Language("en", ())
    assert en.ngettext("{n} attempt", "{n} attempts", 1) == "1 attempt"
    assert en.ngettext("{n} attempt", "{n} attempts", 1200) == "1,200 attempts"


def it_prefers_a_teams_catalog_message_by_message(own_locales):
    ru = Language("ru", (own_locales, *SHIPPED))
    assert ru.gettext("Annual review") == "Итоговая встреча года"
    assert ru.gettext("Monthly") != "Monthly" or ru.gettext("General review") == "Общий обзор"
    assert ru.gettext("General review") == "Общий обзор"  # from the shipped catalog


def it_reads_an_edited_catalog_on_next_use(own_locales):
    po = own_locales / "ru" / "LC_MESSAGES" / "docgen.po"
    assert Language("ru", (own_locales,)).gettext("Annual review") == "Итоговая встреча года"
    po.write_text(PLURAL_PO.replace("Итоговая встреча года", "Годовая встреча"), encoding="utf-8")
    assert Language("ru", (own_locales,)).gettext("Annual review") == "Годовая встреча"


def it_formats_dates_per_language_and_country():
    day = date(2027, 3, 9)
    assert Language("en", SHIPPED, "GB").date(day) == "9 March 2027"
    assert Language("en", SHIPPED, "US").date(day) == "March 9, 2027"
    assert Language("ru", SHIPPED, "RU").date(day) == "9 марта 2027\u202fг."
    assert Language("en", SHIPPED, "GB").day_month(day) == "9 Mar"
    assert Language("ru", SHIPPED, "RU").day_month(day) == "9 мар."


def it_names_months_standing_alone():
    assert Language("ru", SHIPPED, "RU").month_name(3) == "Март"
    assert Language("en", SHIPPED, "GB").month_name(3, "abbreviated") == "Mar"
    assert Language("de", (), "DE").month_name(3) == "März"


def it_formats_money_numbers_and_percentages():
    en = Language("en", SHIPPED, "GB")
    ru = Language("ru", SHIPPED, "RU")
    assert en.currency(12500, "GBP") == "£12,500"
    assert en.currency(12500.5, "GBP", cents=True) == "£12,500.50"
    assert ru.currency(1234567, "RUB") == "1\xa0234\xa0567\xa0₽"
    assert en.percent(97.25) == "97.2%" or en.percent(97.25) == "97.3%"
    assert ru.percent(99.5) == "99,5\xa0%"
    assert ru.number(1234.5) == "1\xa0234,5"
    assert en.integer(1234567) == "1,234,567"


def it_gives_every_label_in_both_languages():
    langs = Languages("en+ru", SHIPPED, "RU")
    assert langs.bilingual
    assert langs.label("General review") == ("General review", "Общий обзор")
    assert langs.text({"en": "Steel", "ru": "Сталь"}) == ("Steel", "Сталь")
    assert langs.text({"ru": "Сталь"}) == ("Сталь",)
    assert langs.text("Same") == ("Same",)
    assert langs.text(None) == ()


def it_picks_a_text_in_the_documents_language():
    ru = Language("ru", SHIPPED)
    assert ru.text({"en": "Steel", "ru": "Сталь"}) == "Сталь"
    assert ru.text({"en": "Steel"}) == "Steel"
    assert Language("de", ()).text({"fr": "Acier"}) == "Acier"


@pytest.mark.parametrize("spec", ["", "en+", "en+en", "english", "en+ru+de", "xx"])
def it_refuses_bad_language_specs(spec):
    with pytest.raises(UsageError):
        parse_spec(spec)


def it_parses_one_or_two_languages():
    assert parse_spec("ru") == ("ru",)
    assert parse_spec("en+ru") == ("en", "ru")


@pytest.mark.parametrize("first", [-0.0, 0.0])
def it_prints_a_computed_zero_without_a_sign_whatever_came_before(first):
    ru = Language("ru", [shipped("locales")], "RU")
    values = (first, -first)
    assert [ru.percent(v, 0) for v in values] == ["0\u00a0%", "0\u00a0%"]
    assert [ru.number(v) for v in values] == ["0", "0"]
    assert [ru.currency(v, "RUB") for v in values] == ["0\u00a0₽", "0\u00a0₽"]


def it_shows_a_value_that_rounds_to_zero_without_a_sign():
    en = Language("en", [shipped("locales")], "GB")
    ru = Language("ru", [shipped("locales")], "RU")
    assert en.percent(-0.3, 0) == "0%"
    assert en.percent(-0.05, 1) == "\u20130.1%"  # halves round away from zero
    assert en.number(-0.004) == "0"
    assert en.number(-1.5) == "\u20131.5"
    assert en.currency(-0.4, "GBP") == "£0"
    assert en.currency(-12, "GBP") == "\u2013£12"
    assert ru.currency(-0.4, "RUB") == "0\u00a0₽"
    assert ru.unit(-0.001, "duration-hour").startswith("0 ")


# --- grammar by CLDR's rules ----------------------------------------------------------------------

M = "\u2013"  # the minus sign values are printed with
QUANTITIES = [0, 1, 2, 5, 11, 21, 1.5, -1]


@pytest.mark.parametrize(("code", "country", "cells", "phrases"), [
    ("en", "GB",
     ["0 minutes", "1 minute", "2 minutes", "5 minutes", "11 minutes", "21 minutes",
      "1.5 minutes", f"{M}1 minute"],
     ["0 hours", "1 hour", "2 hours", "5 hours", "11 hours", "21 hours", "1.5 hours",
      f"{M}1 hour"]),
    ("ru", "RU",
     ["0 минут", "1 минута", "2 минуты", "5 минут", "11 минут", "21 минута", "1,5 минуты",
      f"{M}1 минута"],
     ["0 часов", "1 час", "2 часа", "5 часов", "11 часов", "21 час", "1,5 часа", f"{M}1 час"]),
])
def it_words_quantities_by_cldr_plural_rules(code, country, cells, phrases):
    """A cell holds the nominative (CLDR's units); a phrase takes the catalog's forms,
    chosen for negatives by their size and for fractions by CLDR's category."""
    from generator.documents.schedule_text import duration_cell

    lang = Language(code, SHIPPED, country)
    assert [duration_cell(n, lang) for n in QUANTITIES] == cells
    assert [lang.ngettext("{n} hour", "{n} hours", n) for n in QUANTITIES] == phrases
    assert [lang.unit(n, "duration-hour") for n in QUANTITIES] == phrases


def it_takes_the_accusative_in_a_sentence_and_the_nominative_in_a_cell():
    from generator.documents.schedule_text import duration_cell, duration_text

    ru = Language("ru", SHIPPED, "RU")
    assert duration_text(1, ru) == "1 минуту"  # "встречи длятся 1 минуту"
    assert duration_cell(1, ru) == "1 минута"
    assert duration_text(21, ru) == "21 минуту"
    assert duration_cell(21, ru) == "21 минута"


def it_writes_negative_values_with_a_typographic_minus():
    en, ru = Language("en", SHIPPED, "GB"), Language("ru", SHIPPED, "RU")
    assert en.currency(-5600000, "RUB") == f"{M}RUB\u00a05,600,000"
    assert ru.currency(-5600000, "RUB") == f"{M}5\u00a0600\u00a0000\u00a0₽"
    assert ru.percent(-1.5) == f"{M}1,5\u00a0%"
    assert "-" not in en.number(-1234.5)


def it_gives_one_abbreviation_style_to_a_document_s_months():
    en = Language("en", SHIPPED, "GB")
    names = [en.month_name(m, "abbreviated") for m in range(1, 13)]
    assert names == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                     "Nov", "Dec"]
    assert en.day_month(date(2026, 9, 8)) == "8 Sep"
    assert en.month_label(date(2026, 9, 1)) == "Sep 2026"
    assert en.date(date(2026, 9, 30), "medium") == "30 Sep 2026"  # as tables say it
    assert en.date(date(2026, 9, 30), "long") == "30 September 2026"
    ru = Language("ru", SHIPPED, "RU")  # Russian's own style has no one length: kept
    assert ru.month_name(9, "abbreviated") == "Сент."
    assert ru.day_month(date(2026, 9, 8)) == "8 сент."


def it_labels_a_chart_s_months_without_russian_s_year_mark():
    """A chart's month label has no "г." after the year (it took a line of its own in a
    narrow label); dates in text and tables keep it."""
    ru = Language("ru", SHIPPED, "RU")
    assert ru.month_label(date(2026, 9, 1)) == "сент. 2026"
    assert ru.month_label(date(2027, 5, 1)) == "май 2027"
    assert ru.date(date(2026, 9, 30), "medium") == "30 сент. 2026\u202fг."


def it_lowercases_a_month_mid_phrase():
    ru = Language("ru", SHIPPED, "RU")
    assert ru.month_year(date(2026, 7, 1)) == "Июль 2026\u202fг."
    assert ru.month_year(date(2026, 7, 1), start=False) == "июль 2026\u202fг."


@pytest.mark.parametrize(("formats", "country", "expected", "office"), [
    (None, "DE", "en_DE", "de-DE"),  # the default: the language as written in the country
    (None, "GB", "en_GB", "en-GB"),
    (None, "RU", "en_001", "en-US"),  # CLDR has no English of Russia
    ("en_US", "DE", "en_US", "en-US"),
    ("de_DE", "US", "en_DE", "de-DE"),
    ("ru_RU", "RU", "en_001", "en-US"),  # English words, English formats
])
def it_picks_the_formatting_locale_of_an_english_document(formats, country, expected, office):
    lang = Language("en", SHIPPED, country, formats)
    assert str(lang.locale) == expected
    assert lang.office_tag == office


def it_formats_a_language_of_the_formatting_locale_with_it():
    assert str(Language("de", (), "US", "de_CH").locale) == "de_CH"
    assert str(Language("ru", SHIPPED, "RU", "en_US").locale) == "ru_RU"


def test_fill_replaces_each_placeholder_once_and_leaves_the_rest():
    import random

    from generator.i18n import fill

    def one_character_at_a_time(pattern: str, **fields: str) -> str:
        out, i = [], 0
        tokens = [("{" + name + "}", value) for name, value in fields.items()]
        while i < len(pattern):
            for token, value in tokens:
                if pattern.startswith(token, i):
                    out.append(value)
                    i += len(token)
                    break
            else:
                out.append(pattern[i])
                i += 1
        return "".join(out)

    assert fill("{name} has {count} {name}", name="{count}", count="3") == "{count} has 3 {count}"
    assert fill("{{a}} {b} {ab}", a="x") == "{x} {b} {ab}"
    chooser = random.Random(16)
    for _ in range(3000):
        pattern = "".join(chooser.choice(["{", "}", "a", "b", "ab", "й", " ", "{a}", "{b}"])
                          for _ in range(chooser.randrange(12)))
        fields = {k: chooser.choice(["", "{a}", "X", "}"]) for k in ("a", "b", "й")
                  if chooser.random() < 0.6}
        assert fill(pattern, **fields) == one_character_at_a_time(pattern, **fields), pattern


def it_writes_a_sentence_case_label_in_lower_case_inside_a_sentence():
    from generator.i18n import mid_sentence

    assert mid_sentence("Open adoption barriers") == "open adoption barriers"
    assert mid_sentence("Customer satisfaction (CSAT)") == "customer satisfaction (CSAT)"
    assert mid_sentence("SLA attainment") == "SLA attainment"
    assert mid_sentence("KPI progress to target") == "KPI progress to target"
    assert mid_sentence("Net Promoter Score (NPS)") == "Net Promoter Score (NPS)"
    assert mid_sentence("Открытые барьеры внедрения") == "открытые барьеры внедрения"
    assert mid_sentence("Индекс NPS") == "индекс NPS"


def it_agrees_a_unit_s_plural_with_the_number_shown():
    en = Language("en", SHIPPED, "US")
    assert en.unit(abs(0.9 - 1.9), "duration-hour") == "1 hour"
    assert en.unit(2.499, "duration-hour") == "2.5 hours"
    ru = Language("ru", SHIPPED, "RU")
    assert ru.unit(abs(0.9 - 1.9), "duration-hour") == "1 час"
