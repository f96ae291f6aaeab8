"""The Jinja sandbox Word templates render in, and the budget one document gets.

A template comes from a designer's or a team's folder, so it is treated as
untrusted: it renders in Jinja's immutable sandbox (no attribute starting with
``_``, no changing lists or dicts, no loader: ``{% include %}``, ``{% extends
%}`` and ``{% import %}`` are refused when it is compiled) and within a budget
per document, so that a hostile or mistaken template ends with a message
instead of running until it is killed:

* ``range()`` gives at most :data:`MAX_RANGE` numbers;
* loops run at most :data:`MAX_TURNS` turns in all;
* a value the template makes (repeating a string or list with ``*``, padding
  with ``%`` or ``format``, replacing, adding lists with ``sum``) holds at
  most :data:`MAX_MADE` characters or items, a number passed to a filter or
  method (``center(n)``, ``batch(n)``) is at most :data:`MAX_MADE`, and a
  power or product of integers has at most :data:`MAX_DIGITS` digits;
* everything printed, made and joined adds up to at most :data:`MAX_CHARACTERS`
  characters;
* rendering takes at most :data:`MAX_SECONDS` seconds.

:func:`budget` opens a document's budget; what breaks it raises
:class:`Exceeded`, which the renderer turns into a
:class:`~generator.errors.TemplateError` naming the template and the part.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from types import MappingProxyType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

MAX_RANGE = 10_000
MAX_TURNS = 100_000
MAX_MADE = 1_000_000
MAX_DIGITS = 4_300  # what Python prints of an integer
MAX_CHARACTERS = 100_000_000
MAX_SECONDS = 10.0

_MAPPINGS = (dict, MappingProxyType)
_MAPPING_NAMES = frozenset(dir(dict)) | frozenset(dir(MappingProxyType))
_REFUSED_TAGS = {nodes.Include: "include", nodes.Extends: "extends",
                 nodes.Import: "import", nodes.FromImport: "from ... import"}
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?([#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?)[hlL]?[a-zA-Z%]")
_LOG10_2 = math.log10(2)


class Exceeded(Exception):
    """The template went past its budget; the message says how."""


class Budget:
    """What one document may still spend."""

    def __init__(self) -> None:
        self.turns = MAX_TURNS
        self.characters = MAX_CHARACTERS
        self.deadline = time.monotonic() + MAX_SECONDS

    def turn(self) -> None:
        self.turns -= 1
        if self.turns < 0:
            raise Exceeded(f"its loops ran more than {MAX_TURNS:,} turns")
        if not self.turns & 255:
            self.clock()

    def clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise Exceeded(f"rendering took more than {MAX_SECONDS:g} seconds")

    def spend(self, count: int) -> None:
        self.characters -= count
        if self.characters < 0:
            raise Exceeded(f"the document grew past {MAX_CHARACTERS:,} characters")


_CURRENT: ContextVar[Budget | None] = ContextVar("docgen_template_budget", default=None)


@contextmanager
def budget() -> Iterator[Budget]:
    """A fresh budget for the document rendered inside the block."""
    token = _CURRENT.set(Budget())
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)


def _spend(count: int) -> None:
    current = _CURRENT.get()
    if current is not None:
        current.spend(count)


def _clock() -> None:
    current = _CURRENT.get()
    if current is not None:
        current.clock()


# --- what a value may grow to --------------------------------------------------------------------

def _made(count: int, what: str, unit: str = "characters") -> None:
    """``what`` makes ``count`` characters (or items)."""
    if count > MAX_MADE:
        raise Exceeded(f"{what} makes {count:,} {unit}; at most {MAX_MADE:,}")
    _spend(count)


def _number(value: Any, where: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_MADE:
        raise Exceeded(f"{where} is given {_short(value)}; at most {MAX_MADE:,}")


def _short(value: int) -> str:
    if value.bit_length() > 64:
        return f"a number of about {int(value.bit_length() * _LOG10_2) + 1:,} digits"
    return f"{value:,}"


def _length(value: Any) -> int:
    try:
        return len(value)
    except TypeError:
        return 0


def _growth(name: str, value: Any, args: tuple, kwargs: dict) -> int:
    """At most how many characters ``name`` (a filter or method that repeats a text it is
    given) makes from ``value``; 0 for the others."""
    texts = sum(len(a) for a in (*args, *kwargs.values()) if isinstance(a, str))
    if name == "replace" and isinstance(value, str) and len(args) >= 2 \
            and isinstance(args[0], str) and isinstance(args[1], str):
        hits = value.count(args[0]) if args[0] else len(value) + 1
        return len(value) + hits * max(0, len(args[1]) - len(args[0]))
    if name == "join":
        items, separator = ((args[0] if args else (), value) if isinstance(value, str)
                            else (value, texts))
        if not isinstance(items, (list, tuple)):
            return 0
        size = separator if isinstance(separator, int) else len(separator)
        return sum(map(_length, items)) + size * len(items)
    if name == "sum" and isinstance(value, (list, tuple)):  # adding lists makes one
        return sum(_length(item) for item in value if isinstance(item, (list, tuple)))
    if name in ("indent", "wordwrap") and isinstance(value, str):
        return len(value) + (len(value) + 1) * texts
    return 0


def _made_by(result: Any) -> Any:
    """A filter's or method's result, counted against the budget when it is a text or a
    list (a filter such as ``map`` calls another for each item)."""
    if isinstance(result, (str, list, tuple)):
        _spend(len(result))
    return result


def _check_call(name: str, value: Any, args: tuple, kwargs: dict) -> None:
    for arg in (*args, *kwargs.values()):
        _number(arg, name)
    grows = _growth(name, value, args, kwargs)
    if grows > MAX_MADE:
        _made(grows, name, "items" if name == "sum" else "characters")


def _check_percent(template: Any, args: Any) -> None:
    """``template % args``: no width or precision above :data:`MAX_MADE`."""
    for spec in _PERCENT_SPEC.finditer(str(template)):
        for number in re.findall(r"\d+", spec.group(1)):
            if len(number) > 7 or int(number) > MAX_MADE:
                raise Exceeded(f"the format {spec.group()!r} pads to {_short(int(number))} "
                               f"characters; at most {MAX_MADE:,}")
    if any("*" in spec.group(1) for spec in _PERCENT_SPEC.finditer(str(template))):
        for arg in args if isinstance(args, tuple) else (args,):  # "%*s": widths given
            _number(arg, "a % format")


def _check_braces(template: str) -> None:
    """``template.format(...)``: no width or precision above :data:`MAX_MADE`."""
    from string import Formatter

    for _, _, spec, _ in Formatter().parse(template):
        for number in re.findall(r"\d+", spec or ""):
            if len(number) > 7 or int(number) > MAX_MADE:
                raise Exceeded(f"the format {{:{spec}}} pads to {_short(int(number))} "
                               f"characters; at most {MAX_MADE:,}")


def _nested_widths(template: str) -> bool:
    """Whether ``template.format(...)`` takes a width or precision from its arguments."""
    from string import Formatter

    return any("{" in (spec or "") for _, _, spec, _ in Formatter().parse(template))


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        digits = exponent * abs(base).bit_length() * _LOG10_2
        if digits > MAX_DIGITS:
            raise Exceeded(f"{_short(base)} ** {_short(exponent)} has about "
                           f"{_short(int(digits))} digits; at most {MAX_DIGITS:,}")


def _check_product(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        digits = (abs(left).bit_length() + abs(right).bit_length()) * _LOG10_2
        if digits > MAX_DIGITS:
            raise Exceeded(f"a product of about {int(digits):,} digits; at most {MAX_DIGITS:,}")
        return
    for seq, times in ((left, right), (right, left)):
        if isinstance(times, int) and isinstance(seq, (str, list, tuple)):
            _made(len(seq) * max(times, 0), "repeating with *",
                  "characters" if isinstance(seq, str) else "items")


# --- the environment -------------------------------------------------------------------------

def _range(*args: int) -> range:
    numbers = range(*args)
    try:
        count = len(numbers)
    except OverflowError:
        count = MAX_RANGE + 1
    if count > MAX_RANGE:
        raise Exceeded(f"range() of more than {MAX_RANGE:,} numbers")
    return numbers


def _turns(iterable: Iterable) -> Iterator:
    """Each turn of a loop, counted (the sandbox wraps every loop's iterable in this)."""
    current = _CURRENT.get()
    if current is None:
        yield from iterable
        return
    for item in iterable:
        current.turn()
        yield item


class _Namespace(Namespace):
    """``namespace()``, whose attributes count against the budget when they are set
    (a loop could otherwise double a text in one)."""

    def __setitem__(self, name: str, value: Any) -> None:
        _spend(_length(value))
        super().__setitem__(name, value)


def _checked_filter(name: str, func):
    skip = 2 if getattr(func, "jinja_pass_arg", None) is not None else 1

    @wraps(func)
    def checked(*args: Any, **kwargs: Any) -> Any:
        value = args[skip - 1] if len(args) >= skip else None
        if name == "format":
            _check_percent(value, args[skip:] or tuple(kwargs.values()))
        else:
            _check_call(name, value, args[skip:], kwargs)
        return _made_by(func(*args, **kwargs))

    return checked


def _budgeted_join(pieces: Iterable[str]) -> str:
    """Joins the output of a template, a block or a macro, counting it."""
    current = _CURRENT.get()
    if current is None:
        return "".join(pieces)
    held = []
    for piece in pieces:
        current.spend(len(piece))
        held.append(piece)
    return "".join(held)


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with docgen's budget, and a fast path for the fields
    of view dataclasses and the keys of view rows (plain mappings).

    A view's fields are plain data, so reading one needs none of the checks the
    sandbox makes for arbitrary attributes; everything else is checked.
    """

    intercepted_binops = frozenset(("*", "**", "%"))

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=self._printed, **options)
        self.concat = _budgeted_join
        self.globals = {"range": _range, "dict": dict, "namespace": _Namespace,
                        "cycler": self.globals["cycler"], "joiner": self.globals["joiner"]}
        self.filters = {name: _checked_filter(name, f) for name, f in self.filters.items()}
        self.filters["docgen_turns"] = _turns

    @staticmethod
    def _printed(value: Any) -> Any:
        _spend(_length(value) if isinstance(value, str) else 0)
        return value

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for kind, tag in _REFUSED_TAGS.items():
            for node in tree.find_all(kind):
                raise jinja2.TemplateSyntaxError(
                    f"{{% {tag} %}} is not supported: a docgen template is one file",
                    node.lineno, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, "docgen_turns", [], [], None, None,
                                     lineno=loop.lineno)
        return tree

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind = type(obj)
        if kind in _MAPPINGS:  # a row of a view: its key, unless a method has the name
            if attribute in obj and attribute not in _MAPPING_NAMES:
                return obj[attribute]
        elif attribute in getattr(kind, "__dataclass_fields__", ()):
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        _clock()
        if op == "**":
            _check_power(left, right)
        elif op == "*":
            _check_product(left, right)
        elif isinstance(left, str):  # "%": formatting
            _check_percent(left, right)
        return self.binop_table[op](left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _clock()
        if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
            args = (_turns(args[0]), *args[1:])
        elif __obj is _range:
            pass  # it checks its own length
        elif isinstance(__obj, Macro):
            _spend(sum(_length(a) for a in (*args, *kwargs.values()) if isinstance(a, str)))
        else:
            name = getattr(__obj, "__name__", "a call")
            value = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
            if name not in ("format", "format_map") or not isinstance(value, str) \
                    or _nested_widths(value):  # a format's values are not widths
                _check_call(name, value, args, kwargs)
            return _made_by(super().call(__context, __obj, *args, **kwargs))
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:  # "...".format: its widths are known before the call
            _check_braces(value.__self__)
        return wrapped
