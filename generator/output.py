"""Output paths and atomic writes.

Files go to ``OUT/<client-slug>/``. A slug is made from the client name,
Cyrillic transliterated, and can never be empty, ``.``/``..`` or leave OUT.
Every write goes to a temporary file in the destination folder and is then
renamed into place, so a file appears whole or not at all. A temporary is
named for the process that writes it (``.docgen-<pid>@<host>.<random>.part``),
so that a run removes its own and those of stopped runs, never another
running process's. A written file follows the umask, like any tool's output.
"""

from __future__ import annotations

import errno
import os
import re
import socket
import tempfile
import unicodedata
from functools import cache
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


def host() -> str:
    """This machine's name as it appears in the names of temporaries."""
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40] or "host"


def owner(pid: int | None = None) -> str:
    """``<pid>@<host>``: who writes a temporary (this process when ``pid`` is None)."""
    return f"{os.getpid() if pid is None else pid}@{host()}"


def running(pid: int) -> bool:
    """Whether process ``pid`` of this machine is still running (on Windows, where a
    signal would stop it, every process counts as running)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        pass
    try:  # a process that has ended but whose parent has not yet reaped it (Linux)
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rpartition(b")")[2].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


_TEMPORARY = re.compile(
    re.escape(TEMP_PREFIX) + r"(\d+)@([A-Za-z0-9-]+)\..*" + re.escape(TEMP_SUFFIX))


@cache
def file_mode() -> int:
    """The mode of a new file under this process's umask (read once per process)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes, mode: int | None = None,
                 writer: str | None = None) -> None:
    """Write ``data`` to ``path`` whole or not at all, through a temporary named for
    ``writer`` (see :func:`owner`; this process when None); RenderError naming the file
    and the reason when it cannot be written (a full disk, a file size limit, a folder
    in the way, a read-only folder). ``mode``: the permission bits the file gets (None:
    those a new file gets under the umask)."""
    prefix = f"{TEMP_PREFIX}{writer or owner()}."
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        raise _cannot(path, exc, f"{blocker} is a file, not a folder"
                      if blocker else None) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), file_mode() if mode is None else mode)
            handle.write(data)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _cannot(path, exc, "a folder of that name is in the way"
                          if path.is_dir() else None) from None
        raise


def _cannot(path: Path, exc: OSError, reason: str | None = None) -> RenderError:
    reason = reason or exc.strerror or str(exc) or os.strerror(errno.EIO)
    return RenderError(f"cannot write {path}: {reason}")


def clean_temporaries(folder: Path, writer: str | None = None,
                      stopped: bool = False) -> list[Path]:
    """Remove below ``folder`` the temporaries of ``writer`` (this process when None)
    and, with ``stopped``, those of processes of this machine that no longer run (a
    killed run's); another running process's are left alone. Returns what was removed."""
    mine, here = writer or owner(), host()
    removed = []
    if folder.is_dir():
        for leftover in sorted(folder.rglob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}")):
            match = _TEMPORARY.fullmatch(leftover.name)
            if match is None:
                continue
            if f"{match[1]}@{match[2]}" == mine or (
                    stopped and match[2] == here and not running(int(match[1]))):
                try:
                    leftover.unlink()
                except FileNotFoundError:
                    continue
                except OSError:
                    continue  # a read-only folder: nothing of ours can be there
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
