"""Languages: gettext catalogs read straight from ``.po`` files, and Babel formatting.

A document is built for a language spec: ``"en"``, ``"ru"`` or ``"en+ru"``
(bilingual). :class:`Language` translates and formats for one language;
:class:`Languages` holds the one or two of a spec and gives every label and
text in each of them.

Catalogs live in ``<locales>/<lang>/LC_MESSAGES/docgen.po``. They are parsed
on use (cached by file time and size), so an edited ``.po`` takes effect on
the next run with no compile step. A team's catalog overrides the shipped
one message by message; a language with no catalog anywhere falls back to
the English message ids (with a warning from :func:`missing_catalogs`).
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


@dataclass(frozen=True)
class Messages:
    """One catalog's translations: msgid -> msgstr, (msgctxt, msgid) -> msgstr, plurals."""

    singular: dict
    plural: dict
    plural_form: Callable[[int], int]


@lru_cache(maxsize=64)
def _read(path: Path, mtime_ns: int, size: int) -> Messages:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        try:
            catalog = read_po(handle, abort_invalid=True)
        except Exception as exc:  # babel raises several types for a broken file
            raise UsageError(f"{path}: cannot read catalog: {exc}") from None
    singular: dict = {}
    plural: dict = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        key = message.id if message.context is None else (message.context, message.id)
        if isinstance(message.id, tuple):
            forms = tuple(message.string or ())
            if forms and all(forms):
                plural[(message.context, message.id[0])] = forms
        elif message.string:
            singular[key] = message.string
    return Messages(singular, plural, _gettext.c2py(catalog.plural_expr or "(n != 1)"))


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
    """Translation and Babel formatting for one language (and the client's country)."""

    def __init__(self, lang: str, locale_dirs: Sequence[Path], country: str | None = None):
        self.code = lang
        self.locale = _babel_locale(lang, country)
        self.tag = str(self.locale).replace("_", "-")
        """The BCP 47 tag of the locale: "en-GB", "ru-RU"."""
        self._catalogs = [
            m for m in (read_catalog(catalog_path(d, lang)) for d in locale_dirs) if m
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

    def ngettext(self, singular: str, plural: str, n: int, context: str | None = None) -> str:
        """The form of ``singular``/``plural`` for ``n``; ``{n}`` in it is filled in."""
        for catalog in self._catalogs:
            forms = catalog.plural.get((context, singular))
            if forms:
                index = min(self._plural_form(n), len(forms) - 1)
                return forms[index].replace("{n}", self.integer(n))
        return (singular if n == 1 else plural).replace("{n}", self.integer(n))

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

    def month_name(self, month: int, width: str = "wide") -> str:
        """The stand-alone month name (1-12), capitalised: "January", "Январь"."""
        name = self.locale.months["stand-alone"][width][month]
        return name[:1].upper() + name[1:]

    def month_year(self, value: date) -> str:
        """Month and year, e.g. "January 2027" / "Январь 2027 г."."""
        text = _skeleton("yMMMM", value, self.locale)
        return text[:1].upper() + text[1:]

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


def fill(pattern: str, **fields: str) -> str:
    """``pattern`` with each ``{name}`` replaced by ``fields[name]``, in one pass, so that
    a filled-in text (a client's own words) is never read for placeholders again."""
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


def _half_up(format_function):
    """``format_function`` rounding halves up (97.45 -> 97.5), as people expect in reports."""

    def wrapped(*args, **kwargs):
        with decimal.localcontext() as context:
            context.rounding = decimal.ROUND_HALF_UP
            return _unsigned_zero(format_function(*args, **kwargs))

    return wrapped


def _unsigned_zero(text: str) -> str:
    """A value shown as zero has no sign: "0 %", not "-0 %" (-0.2 rounded, or a computed
    -0.0). The caches below rely on it too: -0.0 == 0.0, so they share an entry."""
    first = _DIGIT.search(text)
    if first is None or _NONZERO.search(text):
        return text
    return _MINUS.sub("", text[:first.start()], count=1) + text[first.start():]


_DIGIT = re.compile(r"\d")
_NONZERO = re.compile(r"[1-9]")
_MINUS = re.compile("[-\u2212]")


_format_decimal = _half_up(format_decimal)
_format_currency = _half_up(format_currency)
_format_percent = _half_up(format_percent)
_format_unit = _half_up(format_unit)


def _currency_spacing(text: str) -> str:
    """CLDR currency spacing, which Babel leaves out: a no-break space between a
    symbol made of letters and the digits it touches ("RUB 1,200", not "RUB1,200")."""
    text = re.sub(r"(?<=[^\W\d_])(?=[-\u2212]?\d)", "\u00a0", text)
    return re.sub(r"(?<=\d)(?=[^\W\d_])", "\u00a0", text)


# Formatting is pure (value, pattern, locale -> text) and Babel is slow at it, while a
# document repeats values (dates, months, small counts): each result is kept per process.

@lru_cache(maxsize=8192, typed=True)
def _skeleton(skeleton: str, value: date, locale: Locale) -> str:
    return format_skeleton(skeleton, value, locale=locale)


@lru_cache(maxsize=8192, typed=True)
def _date(value: date, form: str, locale: Locale) -> str:
    return format_date(value, form, locale=locale)


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
    return _format_unit(value, unit, length="long", format="#,##0.##", locale=locale)


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
def _babel_locale(lang: str, country: str | None) -> Locale:
    """``en`` + ``GB`` -> en_GB when Babel knows it, so dates read as the client expects;
    English for a country Babel has no English for (e.g. RU) is international English."""
    if country and "_" not in lang:
        for candidate in (f"{lang}_{country}", f"{lang}_001"):
            try:
                return Locale.parse(candidate)
            except (UnknownLocaleError, ValueError):
                pass
    return Locale.parse(lang)


class Languages:
    """The one or two languages of a document (``"en+ru"`` is bilingual)."""

    def __init__(self, spec: str, locale_dirs: Sequence[Path], country: str | None = None):
        self.spec = spec
        self.all = tuple(Language(code, locale_dirs, country) for code in parse_spec(spec))
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
