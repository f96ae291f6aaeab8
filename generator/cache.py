"""What docgen prepares once per template or table, kept on disk between runs.

Like Python's own bytecode cache: an entry is named by a digest of everything
its content is made from (the input's bytes, docgen's version, the Python
version and the code that prepares it), so a changed template, catalog or
docgen never finds an old entry, and it is never a source of stale output.
Each entry carries a checksum of its payload; an entry that does not match
(cut short, damaged) is ignored and made again.

The folder is ``$DOCGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/docgen``, else
``~/.cache/docgen``; ``DOCGEN_CACHE_DIR=off`` turns the cache off. A cache
that cannot be written is no error: the work is simply done each time.
Entries of a kind older than :data:`KEEP_DAYS` are removed when a new entry of
that kind is stored, so edited templates do not pile up.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

from . import __version__

CACHE_ENV = "DOCGEN_CACHE_DIR"
_MAGIC = b"docgen-cache 1\n"
_DIGEST = 32  # sha256
KEEP_DAYS = 30


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base:
        return Path(base) / "docgen"
    try:
        return Path.home() / ".cache" / "docgen"
    except RuntimeError:  # no home folder to be found: no cache
        return None


def code_stamp(*files: str | Path | None) -> str:
    """A stamp of source files (their size and modification time, as Python's bytecode
    cache uses), so that entries made by other code are not read by this one."""
    parts = []
    for file in files:
        try:
            stat = os.stat(file) if file else None
        except OSError:
            stat = None
        parts.append(f"{stat.st_size}:{stat.st_mtime_ns}" if stat else "-")
    return ",".join(parts)


def key(kind: str, *parts: bytes | str) -> str:
    """The name of the entry made from ``parts`` (bytes or text), for this docgen and
    Python."""
    digest = hashlib.sha256(f"{kind}\0{__version__}\0{sys.version}".encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return f"{kind}-{digest.hexdigest()}"


def _path(name: str) -> Path | None:
    where = folder()
    return where / name[: name.index("-")] / name if where is not None else None


def load(name: str) -> bytes | None:
    """The payload of entry ``name``, or None when there is none or it is damaged."""
    path = _path(name)
    if path is None:
        return None
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + _DIGEST
    payload = blob[head:]
    if blob[: len(_MAGIC)] != _MAGIC or hashlib.sha256(payload).digest() != blob[len(_MAGIC):head]:
        return None  # damaged: the caller makes it again and stores it over this one
    return payload


def store(name: str, payload: bytes) -> None:
    """Keep ``payload`` as entry ``name``, written atomically; failures are ignored."""
    path = _path(name)
    if path is None:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)
    except OSError:
        try:
            temporary.unlink()
        except OSError:
            pass
        return
    _prune(path.parent)


def _prune(kind: Path) -> None:
    """Remove the entries in ``kind`` not written for :data:`KEEP_DAYS` days."""
    import time

    oldest = time.time() - KEEP_DAYS * 86400
    try:
        for entry in os.scandir(kind):
            try:
                if entry.stat().st_mtime < oldest:
                    os.unlink(entry.path)
            except OSError:
                continue
    except OSError:
        pass


def load_value(name: str) -> object | None:
    """The value (plain data or code, as :mod:`marshal` keeps it) of entry ``name``, or
    None; the caller checks that it has the shape it expects."""
    payload = load(name)
    if payload is None:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def store_value(name: str, value: object) -> None:
    """Keep ``value`` (plain data or code) as entry ``name``."""
    store(name, marshal.dumps(value))
