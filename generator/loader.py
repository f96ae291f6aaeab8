"""Reading a client file: bytes to JSON to :class:`~generator.model.Client`.

Every problem becomes one line ``file: json.path: message`` in an
:class:`~generator.errors.InputError`; nothing here prints.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import InputError
from .model import Client, _show

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_TEXT = 20_000
"""The most characters a string of a client file holds: about 3,000 words, six pages of
a Word document or ten slides of a deck's table cell. Far beyond any text a client
document should carry, and it keeps the cost of laying out one text bounded."""
MAX_DIGITS = 100
"""The most digits a number of a client file is written with (every number is at most
:data:`~generator.model.LIMIT`, 16 digits, anyway); a longer one is refused before it is
converted, which for thousands of digits takes long or fails."""
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Characters removed from every string: C0 controls but tab, line feed and carriage
return, DEL, C1 controls (spreadsheet and mis-decoded text), and the noncharacters
U+FFFE/U+FFFF. None of them is visible text, and XML (Word, PowerPoint) cannot hold
most of them."""
_SURROGATE = re.compile("[\ud800-\udfff]")
_SUSPECT = re.compile("[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
"""Half of a character: a JSON ``\\ud800`` escape without its pair."""


@dataclass(frozen=True)
class Loaded:
    """A validated client and the warnings met while reading it."""

    path: Path
    client: Client
    warnings: tuple[str, ...] = field(default=())
    digest: str = ""  # sha256 of the file's bytes
    pristine: bool = False  # no string needed cleaning (see load_unchanged)


def load_client(path: str | Path) -> Loaded:
    """Read and validate one client file, or raise InputError listing every problem."""
    path = Path(path)
    raw = _read_bytes(path)
    data = _parse(raw, path)
    seen = _Reading(path)
    data = _clean(data, (), seen)
    problems = seen.problems
    try:
        client = Client.model_validate(data)
    except ValidationError as exc:
        problems.extend(f"{path}: {line}" for line in describe(exc, seen.reported))
    else:
        client = _with_logos(client, path, problems)
    if problems:
        raise InputError(problems)
    return Loaded(path, client, tuple(seen.warnings), hashlib.sha256(raw).hexdigest(),
                  not seen.changed)


def load_unchanged(path: Path, digest: str, pristine: bool = True) -> Client:
    """The client of a file :func:`load_client` read before, read again (in another
    process); InputError when its bytes are no longer those (``digest``). For a file
    that was ``pristine`` (no string needed cleaning), the checks that only produce
    messages or clean strings are skipped."""
    if pristine:
        raw = _read_bytes(path)
        if hashlib.sha256(raw).hexdigest() != digest:
            raise _changed(path)
        try:
            client = Client.model_validate(json.loads(raw.decode("utf-8-sig")))
        except (ValueError, ValidationError):
            pass  # not with the same bytes; the full reading below says what is wrong
        else:
            problems: list[str] = []
            client = _with_logos(client, path, problems)
            if problems:
                raise InputError(problems)
            return client
    loaded = load_client(path)
    if loaded.digest != digest:
        raise _changed(path)
    return loaded.client


def _with_logos(client: Client, path: Path, problems: list[str]) -> Client:
    """``client`` with its logo pictures checked and named by absolute path (see
    :mod:`generator.logos`); a problem with one is added to ``problems``."""
    if client.vendor.logo is None and client.client.logo is None:
        return client
    from .logos import check

    client, found = check(client, path)
    problems.extend(f"{path}: {line}" for line in found)
    return client


def _changed(path: Path) -> InputError:
    return InputError([f"{path}: changed or removed while the batch ran; run the batch again"])


def _read_bytes(path: Path) -> bytes:
    """The bytes of ``path``; InputError for a missing, unreadable or oversized file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise InputError([f"{path}: is a folder, expected a JSON file"]) from None
    except OSError as exc:
        raise InputError([f"{path}: cannot read: {exc.strerror}"]) from None
    if len(raw) > MAX_BYTES:
        raise InputError([
            f"{path}: file is {len(raw) // (1024 * 1024)} MB, expected at most "
            f"{MAX_BYTES // (1024 * 1024)} MB for one client"
        ])
    return raw


def decode_utf8(raw: bytes, path: Path, hint: str = "save the file as UTF-8") -> str:
    """``raw`` as UTF-8 text (a byte-order mark dropped); InputError naming the first byte
    that is not."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([
            f"{path}: expected UTF-8 text, found byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start} ({hint})"
        ]) from None


def _parse(raw: bytes, path: Path) -> Any:
    """The parsed JSON object; InputError for text that is not UTF-8, empty or malformed."""
    text = decode_utf8(raw, path)
    if not text.strip():
        raise InputError([f"{path}: file is empty, expected a JSON object"])
    try:
        data = json.loads(text, object_pairs_hook=_object, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise InputError([
            f"{path}: line {exc.lineno} column {exc.colno}: invalid JSON: {exc.msg}"
        ]) from None
    except RecursionError:
        raise InputError([
            f"{path}: {_too_deep(text)}JSON nested too deeply (at most {MAX_DEPTH} levels)"
        ]) from None
    if not isinstance(data, dict):
        raise InputError([f"{path}: expected a JSON object at the top, found {_show(data)}"])
    return data


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep(text: str) -> str:
    """``line L column C: `` where ``text`` opens its level MAX_DEPTH + 1 (found by one pass
    over its strings and brackets; the json module's own recursion gives no position)."""
    depth = 0
    for match in _TOKEN.finditer(text):
        bracket = match.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                return f"line {line} column {column}: "
        elif bracket in "]}":
            depth -= 1
    return ""


class _Digits:
    """A JSON integer written with more than MAX_DIGITS digits (not converted)."""

    def __init__(self, text: str) -> None:
        self.count = len(text.lstrip("-"))

    def __repr__(self) -> str:  # as messages show it
        return f"a number of {self.count:,} digits"


def _int(text: str) -> int | _Digits:
    return int(text) if len(text) <= MAX_DIGITS else _Digits(text)


class _Repeated(dict):
    """A JSON object in which some keys were given more than once (``counts``)."""

    counts: dict[str, int]


def _object(pairs: list[tuple[str, Any]]) -> dict:
    """A JSON object; one that repeats a key remembers it, so that it can be reported
    (the json module would silently keep the last value)."""
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    repeated = _Repeated(out)
    keys = [key for key, _ in pairs]
    repeated.counts = {key: keys.count(key) for key in out if keys.count(key) > 1}
    return repeated


@dataclass
class _Reading:
    """What reading one file found besides its data: warnings, problems, the paths of
    strings that were cleaned (``changed``), of values already reported (``refused``) and
    of objects that lost a key that was reported (``emptied``)."""

    path: Path
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    changed: list[tuple] = field(default_factory=list)
    refused: set[tuple] = field(default_factory=set)
    emptied: set[tuple] = field(default_factory=set)

    def refuse(self, loc: tuple, message: str) -> None:
        self.problems.append(f"{self.path}: {json_path(loc)}: {message}")
        self.refused.add(loc)

    def reported(self, loc: tuple) -> bool:
        """Whether a validation error at ``loc`` would only repeat a reported problem:
        it lies at or below a refused value, or is about an object that lost a key."""
        return loc in self.emptied or any(loc[:n] in self.refused for n in range(1, len(loc) + 1))


def _clean(value: Any, loc: tuple, seen: _Reading) -> Any:
    """Clean every string (see :func:`clean_text`); report repeated keys, keys that hold
    half a character, texts longer than MAX_TEXT and numbers of more than MAX_DIGITS
    digits; refuse absurd nesting. Objects and arrays are cleaned in place (a file's
    strings are nearly always clean: only containers are walked with their JSON path, a
    string's path is made when it needs a warning)."""
    if len(loc) > MAX_DEPTH:
        raise InputError([
            f"{seen.path}: {json_path(loc)}: JSON nested too deeply (at most {MAX_DEPTH} levels)"
        ])
    if isinstance(value, str):
        return _clean_string(value, loc, seen)
    if isinstance(value, dict):
        for key, count in getattr(value, "counts", {}).items():
            seen.refuse((*loc, key), f"expected the key once in its object, found it {count} "
                                     "times (only the last would count)")
        for key in [key for key in value if _SURROGATE.search(key)]:
            seen.refuse((*loc, key), "expected a key of whole characters, found an unpaired "
                                     "surrogate escape (half a character, such as \\ud800)")
            seen.emptied.add(loc)
            del value[key]
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return value
    for key, item in items:
        if isinstance(item, str):
            if len(item) > MAX_TEXT:
                seen.refuse((*loc, key), f"expected a text of at most {MAX_TEXT:,} characters, "
                                         f"found {len(item):,}")
            elif _SUSPECT.search(item):
                value[key] = _clean_string(item, (*loc, key), seen)
        elif isinstance(item, dict | list):
            value[key] = _clean(item, (*loc, key), seen)
        elif isinstance(item, _Digits):
            seen.refuse((*loc, key), f"expected a number of at most {MAX_DIGITS} digits, "
                                     f"found one of {item.count:,} digits")
            value[key] = None
    return dict(value) if isinstance(value, _Repeated) else value


def _clean_string(text: str, loc: tuple, seen: _Reading) -> str:
    cleaned, notes = clean_text(text)
    seen.warnings.extend(f"{seen.path}: {json_path(loc)}: {note}" for note in notes)
    if cleaned != text:
        seen.changed.append(loc)
    return cleaned


def clean_text(text: str) -> tuple[str, list[str]]:
    """``text`` as documents can hold it, and a note for each kind of change.

    Line ends become ``\\n`` (silently); control characters (:data:`_CONTROL`) are
    removed; an unpaired surrogate escape becomes U+FFFD (the replacement
    character), which shows where the broken character was.
    """
    if not _SUSPECT.search(text):  # the usual case: nothing to do
        return text, []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    notes = []
    text, count = _CONTROL.subn("", text)
    if count:
        notes.append(f"removed {count} control character(s)")
    text, count = _SURROGATE.subn("\ufffd", text)
    if count:
        notes.append(f"replaced {count} unpaired surrogate escape(s) (half a character, "
                     "such as \\ud800) with U+FFFD")
    return text, notes


# --- messages -----------------------------------------------------------------

_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_]*$")


def json_path(loc: tuple) -> str:
    """``("quarters", "2026-Q4", "kpis", 2)`` -> ``quarters["2026-Q4"].kpis[2]``."""
    out = ""
    for part in loc:
        if part == "[key]":  # pydantic's marker for an invalid mapping key
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENT.match(part) and len(part) <= 60:
            out += f".{part}" if out else part
        else:
            out += f"[{_show(part)}]"
    return out or "(top level)"


_EXPECTED = {
    "missing": "required field is missing",
    "date_from_datetime_parsing": "expected a date as YYYY-MM-DD",
    "date_parsing": "expected a date as YYYY-MM-DD",
    "date_type": "expected a date as YYYY-MM-DD",
    "date_from_datetime_inexact": "expected a date as YYYY-MM-DD",
    "time_parsing": "expected a time as HH:MM",
    "time_type": "expected a time as HH:MM",
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_parsing": "expected a number",
    "float_type": "expected a number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "string_type": "expected text",
    "list_type": "expected a list [...]",
    "dict_type": "expected an object {...}",
    "model_type": "expected an object {...}",
    "model_attributes_type": "expected an object {...}",
    "finite_number": "expected a finite number",
}


def describe(exc: ValidationError,
             reported: Callable[[tuple], bool] = lambda loc: False) -> list[str]:
    """One ``json.path: message`` line per validation error, in file order, leaving out
    errors at paths already ``reported`` when the file was read."""
    lines = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if reported(loc):
            continue
        lines.append(f"{json_path(loc)}: {_message(err, loc)}")
    return lines


def _message(err: dict, loc: tuple) -> str:
    kind = err["type"]
    found = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return _EXPECTED[kind]
    if kind == "extra_forbidden":
        key = loc[-1]
        known = _fields_at(loc[:-1])
        # a key far longer than any known one is no typo (and difflib's cost grows with it)
        hint = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6) \
            if len(str(key)) <= 64 else []
        suggestion = f"; did you mean \"{hint[0]}\"?" if hint else ""
        allowed = f" (known keys: {', '.join(known)})" if known and not hint else ""
        return f"unknown key {_show(key)}{suggestion}{allowed}"
    if kind in _EXPECTED:
        return f"{_EXPECTED[kind]}, found {_show(found)}"
    if kind in ("literal_error", "enum"):
        return f"expected one of {ctx.get('expected', '')}, found {_show(found)}"
    if kind == "string_pattern_mismatch":
        return f"expected {_pattern_words(loc)}, found {_show(found)}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {"greater_than": "more than", "greater_than_equal": "at least",
                 "less_than": "less than", "less_than_equal": "at most"}[kind]
        limit = next(iter(ctx.values()), "")
        if isinstance(limit, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", limit):
            words = {"greater_than": "after", "greater_than_equal": "on or after",
                     "less_than": "before", "less_than_equal": "on or before"}[kind]
            return f"expected a date {words} {limit}, found {_show(found)}"
        if isinstance(limit, int | float) and abs(limit) >= 10_000 and limit == int(limit):
            limit = f"{int(limit):,}"
        return f"expected a number {words} {limit}, found {_show(found)}"
    if kind in ("string_too_short", "too_short"):
        return f"expected a non-empty value, found {_show(found)}"
    if kind in ("string_too_long", "too_long"):
        return f"expected at most {ctx.get('max_length')} characters or items"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "union_tag_invalid":
        return err["msg"]
    # custom errors carry a finished "expected ..., found ..." message
    return err["msg"]


def _pattern_words(loc: tuple) -> str:
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    return {
        "meeting_rule": "a meeting rule such as \"second tuesday\", \"last thursday\" or "
                        "\"first working day\"",
        "language": "a language code such as en or ru",
        "email": "an e-mail address",
        "month": "a month as YYYY-MM",
        "id": "an id of lower-case letters, digits, - and _",
        "drop": "an id of lower-case letters, digits, - and _",
    }.get(name, "a quarter as YYYY-Qn (e.g. 2026-Q4)" if "quarters" in loc else "a valid value")


def _fields_at(loc: tuple) -> list[str]:
    """Field names (by alias) of the model found at ``loc``, for did-you-mean hints."""
    current: Any = Client
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [key for name, f in current.model_fields.items()
                if not (key := f.alias or name).startswith("$")]  # $comment, $schema
    return []


def _step(tp: Any, part: Any) -> Any:
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
        for name, f in tp.model_fields.items():
            if part in (name, f.alias):
                return f.annotation
        return None
    origin = typing.get_origin(tp)
    if origin is list and isinstance(part, int):
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    return None


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tp = models[0] if models else args[0]
        else:
            return tp
