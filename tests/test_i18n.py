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
    assert en.percent(-0.05, 1) == "\u22120.1%"  # halves round away from zero
    assert en.number(-0.004) == "0"
    assert en.number(-1.5) == "\u22121.5"
    assert en.currency(-0.4, "GBP") == "£0"
    assert en.currency(-12, "GBP") == "\u2212£12"
    assert ru.currency(-0.4, "RUB") == "0\u00a0₽"
    assert ru.unit(-0.001, "duration-hour").startswith("0 ")
