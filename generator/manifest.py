"""``OUT/manifest.json``: what each written document was built from.

Each entry records the document's input file, template, language, quarter,
size and sha256, and a *fingerprint* of everything that made it (the input's
bytes, the template's bytes, the catalogs' bytes, the docgen version, the
document kind, language and quarter). A later run skips a document whose
fingerprint is unchanged and whose file is still the one recorded. Entries of
documents that no longer exist are dropped when the manifest is saved.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from . import __version__
from .errors import UsageError
from .output import write_atomic

NAME = "manifest.json"
GENERATOR = "docgen"


@dataclass(frozen=True)
class Entry:
    input: str
    kind: str
    language: str
    quarter: str | None
    template: str | None
    fingerprint: str
    size: int
    sha256: str


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=256)
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    return sha256_bytes(path.read_bytes())


def file_digest(path: Path) -> str:
    """sha256 of a file, cached per process by path, time and size."""
    stat = path.stat()
    return _file_digest(path, stat.st_mtime_ns, stat.st_size)


def fingerprint(*parts: str | Path | None) -> str:
    """One digest over strings and the contents of files (None counts as absent)."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(b"\0" + token(part).encode("utf-8"))
    return digest.hexdigest()


def token(part: str | Path | None) -> str:
    """What ``part`` adds to a fingerprint: a file's digest ("missing" when there is no
    file), or the string itself."""
    if isinstance(part, Path):
        return file_digest(part) if part.is_file() else "missing"
    return "" if part is None else part


_OURS = re.compile(rb'\A\s*\{\s*"generator"\s*:\s*"' + GENERATOR.encode() + rb'[ "]')


def written_by_docgen(path: Path) -> bool:
    """Whether the JSON file ``path`` is one docgen wrote (its manifest): such a file
    starts with its ``generator`` key, which a client file cannot have."""
    try:
        with path.open("rb") as handle:
            head = handle.read(256)
    except OSError:
        return False
    return _OURS.match(head.removeprefix(b"\xef\xbb\xbf")) is not None


class Manifest:
    """The manifest of one output folder; UsageError when ``OUT/manifest.json`` is a
    folder (a manifest that cannot be read otherwise counts as empty)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = out / NAME
        self.entries: dict[str, Entry] = {}
        if self.path.is_dir():
            raise UsageError(f"{self.path} is a folder; a batch keeps its manifest there "
                             "(move the folder away or choose another --out)")
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries = {k: Entry(**v) for k, v in raw.get("documents", {}).items()}
        except (OSError, ValueError, TypeError, AttributeError):
            self.entries = {}

    def key(self, path: Path) -> str:
        """``path`` relative to the output folder (documents are always written below it;
        resolved only when it is not lexically below it)."""
        text, base = str(path), str(self.out)
        if text.startswith(base) and text[len(base):len(base) + 1] == os.sep \
                and ".." not in path.parts:  # what relative_to gives, without its parsing
            return text[len(base) + 1:].replace(os.sep, "/")
        if ".." not in path.parts:
            try:
                return path.relative_to(self.out).as_posix()
            except ValueError:
                pass
        return path.resolve().relative_to(self.out.resolve()).as_posix()

    def documents(self) -> list[Path]:
        """The documents recorded, as paths below the output folder."""
        return [self.out / key for key in self.entries]

    def unchanged(self, path: Path, print_: str) -> bool:
        """True when ``path`` was built from the same fingerprint and is still intact."""
        entry = self.entries.get(self.key(path))
        if entry is None or entry.fingerprint != print_:
            return False
        try:
            return path.stat().st_size == entry.size and file_digest(path) == entry.sha256
        except OSError:
            return False

    def record(self, path: Path, entry: Entry) -> None:
        self.entries[self.key(path)] = entry

    def save(self) -> None:
        """Write the manifest, without the documents that no longer exist; RenderError
        when it cannot be written."""
        self.entries = {k: v for k, v in self.entries.items() if (self.out / k).is_file()}
        write_atomic(self.path, self.text().encode())

    def text(self) -> str:
        """The manifest as JSON, as ``json.dumps(..., indent=2, ensure_ascii=False)``
        writes it (a test holds them equal), made by C's string encoder: the indenting
        encoder is pure Python, a third of a second for 4,000 documents."""
        if not self.entries:
            return json.dumps({"generator": f"{GENERATOR} {__version__}", "documents": {}},
                              indent=2, ensure_ascii=False) + "\n"
        quote = json.encoder.encode_basestring

        def value(v: str | int | None) -> str:
            return quote(v) if isinstance(v, str) else "null" if v is None else str(v)

        names = [f.name for f in fields(Entry)]
        documents = ",\n".join(
            f"    {quote(key)}: {{\n" + ",\n".join(
                f"      {quote(name)}: {value(getattr(entry, name))}" for name in names)
            + "\n    }" for key, entry in sorted(self.entries.items()))
        return (f'{{\n  "generator": {quote(f"{GENERATOR} {__version__}")},\n'
                f'  "documents": {{\n{documents}\n  }}\n}}\n')
