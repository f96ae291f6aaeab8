"""Output paths and atomic writes.

Files go to ``OUT/<client-slug>/``. A slug is made from the client name,
Cyrillic transliterated, and can never be empty, ``.``/``..`` or leave OUT.
Every write goes to a temporary file in the destination folder and is then
renamed into place, so a file appears whole or not at all.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .errors import RenderError

TEMP_PREFIX = ".docgen-"
TEMP_SUFFIX = ".part"

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґ",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
     "ye", "i", "yi", "g"],
    strict=True,
))


def slugify(name: str, max_length: int = 60) -> str:
    """``"Северсталь & Co."`` -> ``"severstal-co"``; never empty, never a path."""
    text = "".join(_CYRILLIC.get(ch, ch) for ch in name.lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    text = text[:max_length].rstrip("-")
    return text or "client"


def client_dir(out: Path, client_name: str) -> Path:
    """``OUT/<slug>`` (as given, not resolved), guaranteed to be inside ``out``."""
    folder = out / slugify(client_name)
    if folder.resolve().parent != out.resolve():  # cannot happen with slugify; a guard
        raise RenderError(f"refusing to write outside {out}: {folder}")
    return folder


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` whole or not at all; RenderError if the folder cannot
    be made or written to. ``mode``: the permission bits the file gets (None: those of
    a temporary file, readable by its owner only)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        reason = f"{blocker} is a file, not a folder" if blocker else (exc.strerror or str(exc))
        raise RenderError(f"cannot write {path}: {reason}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def clean_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files a killed run left below ``folder``; returns what was removed."""
    removed = []
    if folder.is_dir():
        for leftover in folder.rglob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


class Writer:
    """Writes files atomically and refuses to write one path twice in a run."""

    def __init__(self) -> None:
        self.written: list[Path] = []
        self._seen: set[Path] = set()

    def claim(self, path: Path) -> Path:
        """Reserve ``path`` for this run; RenderError if it was already claimed."""
        key = path.resolve()
        if key in self._seen:
            raise RenderError(f"{path} would be written twice in one run")
        self._seen.add(key)
        return path

    def write(self, path: Path, data: bytes) -> Path:
        self.claim(path)
        write_atomic(path, data)
        self.written.append(path)
        return path
