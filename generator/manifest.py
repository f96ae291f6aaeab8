"""``OUT/manifest.json``: what each written document was built from.

Each entry records the document's input file, template, language, quarter,
size and sha256, and a *fingerprint* of everything that made it (the input's
bytes, the template's bytes, the catalogs' bytes, the docgen version, the
document kind, language and quarter). A later run skips a document whose
fingerprint is unchanged and whose file is still the one recorded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from . import __version__
from .output import write_atomic

NAME = "manifest.json"


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


class Manifest:
    """The manifest of one output folder."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = out / NAME
        self.entries: dict[str, Entry] = {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries = {k: Entry(**v) for k, v in raw.get("documents", {}).items()}
        except (FileNotFoundError, ValueError, TypeError, AttributeError):
            self.entries = {}

    def key(self, path: Path) -> str:
        """``path`` relative to the output folder (documents are always written below it;
        resolved only when it is not lexically below it)."""
        if ".." not in path.parts:
            try:
                return path.relative_to(self.out).as_posix()
            except ValueError:
                pass
        return path.resolve().relative_to(self.out.resolve()).as_posix()

    def unchanged(self, path: Path, print_: str) -> bool:
        """True when ``path`` was built from the same fingerprint and is still intact."""
        entry = self.entries.get(self.key(path))
        if entry is None or entry.fingerprint != print_:
            return False
        try:
            return path.stat().st_size == entry.size and file_digest(path) == entry.sha256
        except FileNotFoundError:
            return False

    def record(self, path: Path, entry: Entry) -> None:
        self.entries[self.key(path)] = entry

    def save(self) -> None:
        data = {
            "generator": f"docgen {__version__}",
            "documents": {k: asdict(v) for k, v in sorted(self.entries.items())},
        }
        write_atomic(self.path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
