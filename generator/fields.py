"""A client's values with the types the model declares for them.

Free texts (:data:`~generator.model.Text`) and names
(:data:`~generator.model.NameText`) are both a string or one string per
language, so a value alone does not say which it is; these helpers follow
the model's annotations to find out.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel


def declared(annotation: Any, kind: Any) -> bool:
    """True when ``annotation`` is ``kind`` or an optional ``kind``."""
    return annotation == kind or any(arg == kind for arg in typing.get_args(annotation))


def item_type(annotation: Any, index: int) -> Any:
    """The declared type of the items (``index`` 0) or values (1) of a list or dict."""
    for candidate in (annotation, *typing.get_args(annotation)):
        args = typing.get_args(candidate)
        if typing.get_origin(candidate) in (list, tuple, dict) and len(args) > index:
            return args[index]
    return None


@cache
def _fields(model: type[BaseModel], kind: Any) -> tuple[tuple[str, str, Any], ...]:
    """(name, JSON key, declared type) of the fields of ``model`` that are, or hold, a
    value declared ``kind`` (the others need no walking)."""
    return tuple((name, field.alias or name, annotation)
                 for name, field in model.model_fields.items()
                 if _holds(annotation := field.rebuild_annotation(), kind))


def _holds(annotation: Any, kind: Any) -> bool:
    if declared(annotation, kind):
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return bool(_fields(annotation, kind))
    return any(_holds(arg, kind) for arg in typing.get_args(annotation)
               if not isinstance(arg, str | int | float))


def values_of(value: Any, annotation: Any, kind: Any,
              loc: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every value declared ``kind`` within ``value``, with its JSON path."""
    if value is None:
        return
    if declared(annotation, kind) and isinstance(value, str | dict):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name, key, annotation in _fields(type(value), kind):
            yield from values_of(getattr(value, name), annotation, kind, (*loc, key))
    elif isinstance(value, list | tuple):
        for n, element in enumerate(value):
            yield from values_of(element, item_type(annotation, 0), kind, (*loc, n))
    elif isinstance(value, dict):
        for key, element in value.items():
            yield from values_of(element, item_type(annotation, 1), kind, (*loc, key))


def replaced(value: Any, annotation: Any, kind: Any, change: Callable[[Any], Any]) -> Any:
    """``value`` with every value declared ``kind`` replaced by ``change(it)``; parts
    with nothing to change are the same objects."""
    if value is None:
        return None
    if declared(annotation, kind) and isinstance(value, str | dict):
        return change(value)
    if isinstance(value, BaseModel):
        updates = {}
        for name, _, annotation in _fields(type(value), kind):
            old = getattr(value, name)
            new = replaced(old, annotation, kind, change)
            if new is not old:
                updates[name] = new
        return value.model_copy(update=updates) if updates else value
    if isinstance(value, list | tuple):
        item = item_type(annotation, 0)
        new_items = [replaced(v, item, kind, change) for v in value]
        same = all(a is b for a, b in zip(new_items, value, strict=True))
        return value if same else type(value)(new_items)
    if isinstance(value, dict):
        item = item_type(annotation, 1)
        new_map = {k: replaced(v, item, kind, change) for k, v in value.items()}
        return value if all(new_map[k] is v for k, v in value.items()) else new_map
    return value
