"""Languages: gettext catalogs read straight from ``.po`` files, and Babel formatting.

A document is built for a language spec: ``"en"``, ``"ru"`` or ``"en+ru"``
(bilingual). :class:`Language` translates and formats for one language;
:class:`Languages` holds the one or two of a spec and gives every label and
text in each of them.

Catalogs live in ``<locales>/<lang>/LC_MESSAGES/docgen.po``. They are parsed
on use (cached by file time and size), so an edited ``.po`` takes effect on
the next run with no compile step. A team's catalog overrides the shipped
one message by message; a translation whose placeholders are not its
message's is left out (the next catalog's, or the English message, is used;
:func:`broken_translations` lists them). A document language with no catalog
anywhere is refused by the commands (:func:`missing_catalogs` names them).

Numbers, dates and money are formatted in a formatting locale
(:func:`formatting_locale`): the language as written in the client's
``locale`` (``client.locale``) or, without one, in the client's country.
"""

from __future__ import annotations

import decimal
import gettext as _gettext
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency, format_decimal, format_percent
from babel.units import format_unit

from .errors import UsageError

DOMAIN = "docgen"
SOURCE_LANG = "en"
_LANG = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


def catalog_path(folder: Path, lang: str) -> Path:
    return folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_paths(folder: Path, lang: str) -> list[Path]:
    """The catalogs of ``lang`` in ``folder``: its own and its regional ones
    (``en_US``), which hold only the messages a region words differently."""
    regional = sorted(folder.glob(f"{lang}_*/LC_MESSAGES/{DOMAIN}.po"))
    return [catalog_path(folder, lang), *regional]


@dataclass(frozen=True)
class Messages:
    """One catalog's translations: msgid -> msgstr, (msgctxt, msgid) -> msgstr, plurals;
    ``broken`` lists the translations left out because their placeholders are not their
    message's (a document uses the next catalog's, or the message itself)."""

    singular: dict
    plural: dict
    plural_form: Callable[[int], int]
    broken: tuple[str, ...] = ()


def placeholders(text: str) -> set[str] | None:
    """The ``{name}`` placeholders of ``text``; None when its braces do not pair up."""
    import string

    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def placeholder_problem(msgid: str | tuple, msgstr: str | tuple) -> str | None:
    """What is wrong with the placeholders of a translation, or None."""
    ids = msgid if isinstance(msgid, tuple) else (msgid,)
    forms = msgstr if isinstance(msgstr, tuple) else (msgstr,)
    expected: set[str] = set()
    for text in ids:
        expected |= placeholders(text) or set()
    for form in forms:
        if not form:
            continue
        found = placeholders(form)
        if found is None:
            return f"unpaired brace in {form!r}"
        unknown = found - expected
        lost = expected - found - ({"n"} if isinstance(msgid, tuple) else set())
        if unknown or lost:
            said = [f"{{{name}}} is not in the message" for name in sorted(unknown)]
            said += [f"{{{name}}} is missing" for name in sorted(lost)]
            return "; ".join(said)
    return None


@lru_cache(maxsize=64)
def _read(path: Path, mtime_ns: int, size: int) -> Messages:
    """The catalog at ``path``; its messages are kept in the disk cache (keyed by the
    file's bytes), so a later run does not parse the .po file again."""
    from . import cache

    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read catalog: {exc.strerror or exc}") from None
    name = cache.key("catalog", blob, _catalog_stamp())
    kept = _cached_messages(cache.load_value(name))
    if kept is None:
        kept = _parse_catalog(path, blob)
        cache.store_value(name, kept)
    singular, plural, plural_expr, broken = kept
    return Messages(singular, plural, _gettext.c2py(plural_expr),
                    tuple(f"{path}: {problem}" for problem in broken))


def _parse_catalog(path: Path, blob: bytes) -> tuple[dict, dict, str, tuple]:
    import io

    from babel.messages.pofile import read_po

    try:
        catalog = read_po(io.BytesIO(blob), abort_invalid=True)
    except Exception as exc:  # babel raises several types for a broken file
        raise UsageError(f"{path}: cannot read catalog: {exc}") from None
    singular: dict = {}
    plural: dict = {}
    broken: list[str] = []
    for message in catalog:
        if not message.id or message.fuzzy or not message.string:
            continue
        problem = placeholder_problem(message.id, message.string)
        if problem:
            shown = message.id[0] if isinstance(message.id, tuple) else message.id
            broken.append(f"msgid {shown!r}: {problem}; documents use the shipped "
                          "translation or the English message")
            continue
        key = message.id if message.context is None else (message.context, message.id)
        if isinstance(message.id, tuple):
            forms = tuple(message.string or ())
            if forms and all(forms):
                plural[(message.context, message.id[0])] = forms
        else:
            singular[key] = message.string
    return singular, plural, catalog.plural_expr or "(n != 1)", tuple(broken)


def _cached_messages(kept: object) -> tuple[dict, dict, str, tuple] | None:
    """A catalog's messages as the cache keeps them, or None (none, or another shape)."""
    if (isinstance(kept, tuple) and len(kept) == 4 and isinstance(kept[0], dict)
            and isinstance(kept[1], dict) and isinstance(kept[2], str)
            and isinstance(kept[3], tuple)):
        return kept
    return None


@lru_cache(maxsize=1)
def _catalog_stamp() -> str:
    """What reads a catalog: this module and Babel's .po reader."""
    import importlib.util

    from .cache import code_stamp

    spec = importlib.util.find_spec("babel")
    reader = Path(spec.origin).parent / "messages" / "pofile.py" if spec and spec.origin else None
    return code_stamp(__file__, reader)


def read_catalog(path: Path) -> Messages | None:
    """The parsed catalog at ``path``, or None when there is no such file."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return _read(path, stat.st_mtime_ns, stat.st_size)


def missing_catalogs(langs: Sequence[str], locale_dirs: Sequence[Path]) -> list[str]:
    """Languages other than English with no catalog in any of ``locale_dirs``."""
    return [
        lang for lang in langs
        if lang != SOURCE_LANG and not any(catalog_path(d, lang).is_file() for d in locale_dirs)
    ]


def broken_translations(langs: Sequence[str], locale_dirs: Sequence[Path]) -> list[str]:
    """Translations of ``langs`` in ``locale_dirs`` that documents leave out (see
    :class:`Messages`), one line each."""
    found = (read_catalog(path) for lang in langs for d in locale_dirs
             for path in catalog_paths(d, lang))
    return [line for messages in found if messages for line in messages.broken]


def parse_spec(spec: str) -> tuple[str, ...]:
    """``"en+ru"`` -> ``("en", "ru")``; UsageError for anything that is not a language."""
    langs = tuple(part.strip() for part in spec.split("+"))
    if not 1 <= len(langs) <= 2 or len(set(langs)) != len(langs):
        raise UsageError(f"--lang {spec!r}: expected one language (en) or two joined by + (en+ru)")
    for lang in langs:
        if not _LANG.match(lang):
            raise UsageError(f"--lang {spec!r}: {lang!r} is not a language code such as en or ru")
        try:
            Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            raise UsageError(f"--lang {spec!r}: unknown language {lang!r}") from None
    return langs


class Language:
    """Translation and Babel formatting for one language, the client's country and its
    formatting locale (``client.locale``, see :func:`formatting_locale`)."""

    def __init__(self, lang: str, locale_dirs: Sequence[Path], country: str | None = None,
                 formats: str | None = None):
        self.code = lang
        self.locale = formatting_locale(lang, country, formats)
        self.tag = str(self.locale).replace("_", "-")
        """The BCP 47 tag of the locale: "en-GB", "ru-RU", "en-DE"."""
        self.office_tag = office_locale(self.locale)
        """A locale office suites know with the same separators: "de-DE" for "en-DE"."""
        region = self.locale.territory
        codes = ([f"{lang}_{region}"] if region and region.isalpha() else []) + [lang]
        self._catalogs = [  # a folder's regional catalog (en_US) before its language's
            m for m in (read_catalog(catalog_path(d, code)) for d in locale_dirs
                        for code in codes) if m
        ]
        self._plural_form = (
            self._catalogs[0].plural_form if self._catalogs else _gettext.c2py("(n != 1)")
        )

    # --- words ---------------------------------------------------------------
    def gettext(self, message: str, context: str | None = None) -> str:
        key = message if context is None else (context, message)
        for catalog in self._catalogs:
            found = catalog.singular.get(key)
            if found:
                return found
        return message

    def ngettext(self, singular: str, plural: str, n: float, context: str | None = None) -> str:
        """The form of ``singular``/``plural`` for ``n`` by CLDR's rules (a negative takes the
        form of its size, a fraction the form CLDR gives it); ``{n}`` in it is filled in."""
        shown = self.number(n)
        for catalog in self._catalogs:
            forms = catalog.plural.get((context, singular))
            if forms:
                index = min(self._plural_form(_plural_probe(self.locale, n)), len(forms) - 1)
                return forms[index].replace("{n}", shown)
        one = self.locale.plural_form(abs(n)) == "one"
        return (singular if one else plural).replace("{n}", shown)

    def text(self, value: str | dict[str, str] | None) -> str | None:
        """A free-text field in this language: its own text, else English, else the first."""
        if value is None or isinstance(value, str):
            return value
        return value.get(self.code) or value.get(SOURCE_LANG) or next(iter(value.values()))

    # --- values --------------------------------------------------------------
    def date(self, value: date, form: str = "long") -> str:
        """``form`` is a Babel date format (short, medium, long, full) or a skeleton."""
        if form in ("short", "medium", "long", "full"):
            return _date(value, form, self.locale)
        return _skeleton(form, value, self.locale)

    def day_month(self, value: date) -> str:
        """Day and abbreviated month, e.g. "14 Jan" / "14 янв."."""
        return _skeleton("MMMd", value, self.locale)

    def month_label(self, value: date) -> str:
        """A chart axis's month: "Sep 2026" / "сент. 2026", without the "г." Russian
        writes after a year in running text (a narrow label would put it on a line of
        its own)."""
        return _YEAR_MARK.sub(r"\1", _skeleton("yMMM", value, self.locale))

    def month_name(self, month: int, width: str = "wide") -> str:
        """The stand-alone month name (1-12), capitalised: "January", "Январь"; abbreviated
        names all in one style ("Sep" beside "Aug", see :func:`_abbreviations`)."""
        if width == "abbreviated":
            name = _abbreviations(self.locale, "stand-alone")[month]
        else:
            name = self.locale.months["stand-alone"][width][month]
        return capital(name)

    def month_year(self, value: date, start: bool = True) -> str:
        """Month and year, e.g. "January 2027" / "Январь 2027 г."; mid-phrase
        (``start`` false) as the language writes it there: "январь 2027 г."."""
        text = _skeleton("yMMMM", value, self.locale)
        return capital(text) if start else text

    def integer(self, value: int) -> str:
        return _decimal(value, "#,##0", self.locale)

    def number(self, value: float, digits: int = 2) -> str:
        """A number with up to ``digits`` decimals, grouped: 1,234.5 / 1 234,5."""
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return _decimal(value, pattern, self.locale)

    def currency(self, value: float, code: str, cents: bool = False) -> str:
        """Money in ``code``; whole units unless ``cents``: £12,500 / 12 500 ₽."""
        return _currency(value, code, cents, self.locale)

    def unit(self, value: float, unit: str) -> str:
        """``value`` of a CLDR unit (``duration-hour``...), long form: "2.5 hours"."""
        return _unit(value, unit, self.locale)

    def percent(self, value: float, digits: int = 1) -> str:
        """``value`` is a percentage (97.5 means 97.5 %)."""
        return _percent(value, digits, self.locale)


def capital(text: str) -> str:
    """``text`` with its first letter in upper case (a cell or a heading starts so)."""
    return text[:1].upper() + text[1:]


def mid_sentence(text: str) -> str:
    """A sentence-case label as it reads inside a sentence: "Open adoption barriers" ->
    "open adoption barriers"; left as it is when it starts with an acronym ("SLA
    attainment") or is a name in title case ("Net Promoter Score (NPS)")."""
    words = re.findall(r"\w+", text)
    if not words or not words[0][:1].isupper() or words[0][1:2].isupper():
        return text
    if any(w[:1].isupper() and not w.isupper() for w in words[1:]):
        return text
    return text[:1].lower() + text[1:]


def _plural_probe(locale: Locale, n: float) -> int:
    """A whole number that takes the catalog form ``n`` takes: ``n``'s size when whole;
    for a fraction, the first whole number of its CLDR category, else 2 (the form
    fractions share with 2-4 in the Slavic languages: "1,5 часа" as "2 часа")."""
    size = abs(n)
    if float(size).is_integer():
        return int(size)
    category = locale.plural_form(size)
    return next((i for i in range(200) if locale.plural_form(i) == category), 2)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(pattern: str, **fields: str) -> str:
    """``pattern`` with each ``{name}`` replaced by ``fields[name]``, in one pass, so that
    a filled-in text (a client's own words) is never read for placeholders again; a
    ``{name}`` not in ``fields`` stays as it is."""
    if "{" not in pattern or not fields:
        return pattern
    return _PLACEHOLDER.sub(lambda m: fields.get(m.group(1), m.group(0)), pattern)


def fill_sentence(pattern: str, **fields: str) -> str:
    """:func:`fill` for a sentence: one full stop at its end when a filled-in text brings
    its own ("by 31 дек. 2027 г.", "Location: the plant, or video call.")."""
    text = fill(pattern, **fields)
    return text[:-1] if text.endswith("..") and not text.endswith("...") else text


def _half_up(format_function):
    """``format_function`` rounding halves up (97.45 -> 97.5), as people expect in reports,
    with a typographic minus ("−5", not "-5")."""

    def wrapped(*args, **kwargs):
        with decimal.localcontext() as context:
            context.rounding = decimal.ROUND_HALF_UP
            return _unsigned_zero(format_function(*args, **kwargs)).replace("-", MINUS)

    return wrapped


MINUS = "\u2013"
"""The minus sign every negative value is printed with: the en dash, the typographic
minus of typesetting where the font has no U+2212 (Noto Sans, the templates' font, has
none, so a U+2212 would be drawn in another font), long enough not to read as a hyphen."""


def _unsigned_zero(text: str) -> str:
    """A value shown as zero has no sign: "0 %", not "-0 %" (-0.2 rounded, or a computed
    -0.0). The caches below rely on it too: -0.0 == 0.0, so they share an entry."""
    first = _DIGIT.search(text)
    if first is None or _NONZERO.search(text):
        return text
    return _MINUS.sub("", text[:first.start()], count=1) + text[first.start():]


_DIGIT = re.compile(r"\d")
_NONZERO = re.compile(r"[1-9]")
_MINUS = re.compile("[-\u2212\u2013]")


_format_decimal = _half_up(format_decimal)
_format_currency = _half_up(format_currency)
_format_percent = _half_up(format_percent)
_format_unit = _half_up(format_unit)


def _currency_spacing(text: str) -> str:
    """CLDR currency spacing, which Babel leaves out: a no-break space between a
    symbol made of letters and the digits it touches ("RUB 1,200", not "RUB1,200")."""
    text = re.sub(r"(?<=[^\W\d_])(?=[-\u2212\u2013]?\d)", "\u00a0", text)
    return re.sub(r"(?<=\d)(?=[^\W\d_])", "\u00a0", text)


# Formatting is pure (value, pattern, locale -> text) and Babel is slow at it, while a
# document repeats values (dates, months, small counts): each result is kept per process.

_YEAR_MARK = re.compile(r"(\d)[\s\u00a0\u202f]г\.$")
"""Russian's "г." after a year at the end of a date."""


@lru_cache(maxsize=8192, typed=True)
def _skeleton(skeleton: str, value: date, locale: Locale) -> str:
    return _one_abbreviation(format_skeleton(skeleton, value, locale=locale), skeleton,
                             value, locale)


def _one_abbreviation(text: str, pattern: str, value: date, locale: Locale) -> str:
    """``text`` (``value`` formatted by ``pattern``) with an abbreviated month in the
    document's one abbreviation style (:func:`_abbreviations`)."""
    if "MMM" not in pattern or "MMMM" in pattern:
        return text
    given = locale.months["format"]["abbreviated"][value.month]
    wanted = _abbreviations(locale, "format")[value.month]
    if given != wanted:
        text = re.sub(rf"(?<!\w){re.escape(given)}(?!\w)", wanted, text)
    return text


@lru_cache(maxsize=64)
def _abbreviations(locale: Locale, context: str) -> dict[int, str]:
    """The locale's abbreviated month names in one style: where every name but one has
    the same length, the odd one is cut to it (en_GB's "Sept" beside "Aug" and "Oct"
    becomes "Sep"); Russian's "янв.", "февр.", "мая" have no one length and stay."""
    names = dict(locale.months[context]["abbreviated"])
    lengths = [len(n) for n in names.values()]
    common = max(set(lengths), key=lengths.count)
    odd = [m for m, n in names.items() if len(n) != common]
    if len(odd) == 1 and len(names[odd[0]]) > common and names[odd[0]].isalpha():
        names[odd[0]] = names[odd[0]][:common]
    return names


@lru_cache(maxsize=8192, typed=True)
def _date(value: date, form: str, locale: Locale) -> str:
    return _one_abbreviation(format_date(value, form, locale=locale),  # "30 Sep 2026"
                             str(locale.date_formats[form].pattern), value, locale)


@lru_cache(maxsize=8192, typed=True)
def _decimal(value: float, pattern: str, locale: Locale) -> str:
    return _format_decimal(value, format=pattern, locale=locale)


@lru_cache(maxsize=8192, typed=True)
def _currency(value: float, code: str, cents: bool, locale: Locale) -> str:
    if cents:
        text = _format_currency(value, code, locale=locale)
    else:
        text = _format_currency(value, code, locale=locale, currency_digits=False,
                                format=_whole_currency(locale))
    return _currency_spacing(text)


@lru_cache(maxsize=8192, typed=True)
def _unit(value: float, unit: str, locale: Locale) -> str:
    # rounded as shown first, so the plural agrees with the number ("1 hour" for
    # 1.9 - 0.9, which is 0.9999999999999999)
    shown = float(decimal.Decimal(repr(value)).quantize(decimal.Decimal("0.01"),
                                                        decimal.ROUND_HALF_UP))
    return _format_unit(shown, unit, length="long", format="#,##0.##", locale=locale)


@lru_cache(maxsize=8192, typed=True)
def _percent(value: float, digits: int, locale: Locale) -> str:
    pattern = locale.percent_formats[None].pattern.split(";")[0]
    if digits:
        pattern = re.sub(r"0(?!.*0)", "0." + "#" * digits, pattern, count=1)
    return _format_percent(value / 100, format=pattern, locale=locale)


def _whole_currency(locale: Locale) -> str:
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    return re.sub(r"\.0+", "", pattern)


@lru_cache(maxsize=64)
def formatting_locale(lang: str, country: str | None = None,
                      formats: str | None = None) -> Locale:
    """The Babel locale a document in ``lang`` formats numbers, dates and money with.

    ``formats`` is the client's formatting locale (``client.locale``: en_US, de_DE...).
    It applies to ``lang`` as the language is written in its region: de_DE for German,
    en_DE (English words, German separators) for English when CLDR has the pair. A
    language CLDR has no such pair for, and every language of a client without a
    formatting locale, is written as in the client's country (en + GB -> en_GB), else
    as the language's international form (en + RU -> en_001), else plainly (ru).
    """
    candidates = []
    if formats:
        wanted = Locale.parse(formats)
        if wanted.language == lang:
            candidates.append(formats)
        elif wanted.territory:
            candidates.append(f"{lang}_{wanted.territory}")
    if country and "_" not in lang:
        candidates += [f"{lang}_{country}", f"{lang}_001"]
    for candidate in candidates:
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            pass
    return Locale.parse(lang)


def check_formats(value: str) -> str | None:
    """None when ``value`` is a locale CLDR knows (en_US, de_DE), else what is wrong."""
    if not re.fullmatch(r"[a-z]{2,3}_[A-Z]{2}", value):
        return "expected a locale as language_COUNTRY, such as en_US, de_DE or ru_RU"
    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError):
        return "expected a locale CLDR knows, such as en_US, de_DE or ru_RU"
    return None


@lru_cache(maxsize=64)
def office_locale(locale: Locale) -> str:
    """A locale LibreOffice and Office know (language-COUNTRY) with ``locale``'s decimal
    and group separators: ru_RU -> ru-RU, en_DE -> de-DE, en_001 -> en-US."""
    from babel.core import get_global
    from babel.languages import get_official_languages

    territory = locale.territory
    candidates = []
    if territory and territory.isalpha():
        official = list(get_official_languages(territory, de_facto=True))
        if locale.language in official:
            official.remove(locale.language)
            candidates.append(f"{locale.language}_{territory}")
        candidates += [f"{lang}_{territory}" for lang in official]
    likely = get_global("likely_subtags").get(locale.language)
    if likely:
        parsed = Locale.parse(likely)
        candidates.append(f"{parsed.language}_{parsed.territory}")
    mine = _separators(locale)
    for candidate in candidates:
        try:
            if _separators(Locale.parse(candidate)) == mine:
                return candidate.replace("_", "-")
        except (UnknownLocaleError, ValueError):
            continue
    return str(locale).replace("_", "-")


def _separators(locale: Locale) -> tuple[str, str]:
    symbols = locale.number_symbols[locale.default_numbering_system]
    return symbols["decimal"], symbols["group"]


class Languages:
    """The one or two languages of a document (``"en+ru"`` is bilingual)."""

    def __init__(self, spec: str, locale_dirs: Sequence[Path], country: str | None = None,
                 formats: str | None = None):
        self.spec = spec
        self.all = tuple(Language(code, locale_dirs, country, formats)
                         for code in parse_spec(spec))
        self.primary = self.all[0]
        self.bilingual = len(self.all) > 1

    def label(self, message: str, context: str | None = None) -> tuple[str, ...]:
        """A label in each language; the same text twice is given once."""
        return _unique(lang.gettext(message, context) for lang in self.all)

    def text(self, value: str | dict[str, str] | None) -> tuple[str, ...]:
        """A free-text field in each language it is given in (its own text once)."""
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        present = [value[lang.code] for lang in self.all if value.get(lang.code)]
        return _unique(present) if present else (self.primary.text(value),)


def _unique(items) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return tuple(out)
