"""The client files an import goes into, found by slug or name."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..output import slugify


@dataclass
class ClientFile:
    """One client file as read: its text, and its data, which an import changes."""

    path: Path
    text: str
    data: dict
    changes: dict[tuple[str, str], int] = field(default_factory=dict)
    """(what, how) -> count: ("measurements", "added") -> 3."""
    cache: dict = field(default_factory=dict)  # indexes the merge makes once per file

    @property
    def name(self) -> str:
        return self.data["client"]["name"]

    def count(self, what: str, how: str) -> None:
        self.changes[(what, how)] = self.changes.get((what, how), 0) + 1


@lru_cache(maxsize=65536)
def key(value: str) -> str:
    """A client's slug, file stem or name compared as a slug (``Kestonbury Print`` and
    ``kestonbury-print`` are the same)."""
    return slugify(value, max_length=200)


class Clients:
    """The client files of a folder (its ``*.json`` files that hold a client name)."""

    def __init__(self, paths: list[Path]) -> None:
        self.files: list[ClientFile] = []
        self.by_key: dict[str, list[ClientFile]] = {}
        for path in paths:
            try:
                raw = path.read_bytes()
                text = raw.decode("utf-8")
                data = json.loads(text.removeprefix("\ufeff"))
                name = data["client"]["name"]
            except (OSError, ValueError, KeyError, TypeError):
                continue  # not a client file; validate reports what is wrong with it
            if not isinstance(name, str):
                continue
            client = ClientFile(path, text, data)
            self.files.append(client)
            for one in {key(path.stem), key(name)}:
                self.by_key.setdefault(one, []).append(client)

    def find(self, value: str) -> list[ClientFile]:
        """The files ``value`` names (one, none, or several when it is ambiguous)."""
        return self.by_key.get(key(value), [])

    def suggest(self, value: str) -> str | None:
        """The closest slug or name to ``value``, for a did-you-mean."""
        names = {c.path.stem: c for c in self.files} | {c.name: c for c in self.files}
        close = difflib.get_close_matches(value, list(names), n=1, cutoff=0.6)
        if not close:
            by_slug = {key(n): n for n in names}
            close = [by_slug[m] for m in difflib.get_close_matches(key(value), list(by_slug),
                                                                   n=1, cutoff=0.6)]
        return close[0] if close else None
