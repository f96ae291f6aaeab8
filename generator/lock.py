"""``OUT/.docgen-batch.lock``: one batch at a time in an output folder.

The lock file names its holder (process id, machine, start time and command)
so that a second batch into the same folder stops at once with a message
saying who holds it (exit 2), or with ``wait`` waits for it, instead of
removing the first one's temporary files or saving a manifest without its
documents. The lock of a batch that no longer runs on this machine (killed,
or the machine restarted) is taken over with a warning; a lock from another
machine is left for its owner or for the user to remove. The file appears
whole or not at all (it is written aside, then linked into place).
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import UsageError
from .output import TEMP_PREFIX, TEMP_SUFFIX, file_mode, owner, running

NAME = ".docgen-batch.lock"
WAIT = 0.5  # seconds between looks while waiting for another batch


@dataclass(frozen=True)
class Holder:
    """Who holds a lock."""

    pid: int
    host: str
    started: str
    command: str

    def describe(self) -> str:
        if self.pid == 0:
            return "its lock file cannot be read"
        return f"process {self.pid} on {self.host}, started {self.started}: {self.command}"

    def stopped(self) -> bool:
        """True when the holder was a process of this machine that no longer runs."""
        return self.host == socket.gethostname() and (
            self.pid == os.getpid() or not running(self.pid))


def _me(command: str) -> Holder:
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    return Holder(os.getpid(), socket.gethostname(), started, command)


def _read(path: Path) -> Holder | None:
    """The holder named in ``path``; None when there is no lock (any more)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Holder(int(raw["pid"]), str(raw["host"]), str(raw["started"]),
                      str(raw["command"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError):
        return Holder(0, "an unknown machine", "at an unknown time",
                      "its lock file cannot be read")


def _publish(path: Path, holder: Holder) -> None:
    """Create ``path`` naming ``holder``; FileExistsError when it exists."""
    aside = path.with_name(f"{TEMP_PREFIX}{owner()}.lock{TEMP_SUFFIX}")
    data = (json.dumps(asdict(holder), indent=2, ensure_ascii=False) + "\n").encode()
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, file_mode())
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        try:
            os.link(aside, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, file_mode())
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
    finally:
        try:
            os.unlink(aside)
        except OSError:
            pass


def _take_over(path: Path, stale: Holder) -> bool:
    """Remove the lock of ``stale``, unless another batch took it over meanwhile."""
    aside = path.with_name(f"{TEMP_PREFIX}{owner()}.stale{TEMP_SUFFIX}")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return False
    moved = _read(aside)
    if moved != stale:  # a fresh lock, taken between reading and moving: put it back
        try:
            os.link(aside, path)
        except OSError:
            pass
    os.unlink(aside)
    return moved == stale


@contextmanager
def locked(out: Path, command: str, warn: Callable[[str], None], wait: bool = False):
    """Hold the lock of ``out`` for the block. UsageError naming the holder when another
    batch holds it, unless ``wait``: then wait for it (Ctrl-C stops waiting). A warning
    (and no lock) when ``out`` cannot hold a lock file (a read-only or full folder),
    where every document will fail on its own."""
    path = out / NAME
    mine = _me(command)
    held, races, waited = False, 0, None
    while races < 5:
        try:
            _publish(path, mine)
            held = True
            break
        except FileExistsError:
            pass
        except OSError as exc:
            warn(f"warning: cannot lock {out} ({exc.strerror or exc}); another batch into "
                 "it at the same time would not be noticed")
            break
        holder = _read(path)
        if holder is None:  # released meanwhile
            races += 1
        elif holder.stopped():
            races += 1
            if _take_over(path, holder):
                warn(f"warning: took over the lock of {out} from a batch that no longer "
                     f"runs ({holder.describe()})")
        elif not wait:
            raise UsageError(
                f"{out} is in use by another batch ({holder.describe()}); wait for it to "
                f"finish (or use --wait), or remove {path} if that batch no longer runs")
        else:
            if holder != waited:
                warn(f"waiting for another batch to finish with {out} ({holder.describe()}); "
                     "Ctrl-C stops waiting")
                waited = holder
            time.sleep(WAIT)
    else:
        raise UsageError(f"{out} is in use by other batches starting at the same time; "
                         "run the batch again")
    try:
        yield
    finally:
        if held and _read(path) == mine:
            try:
                path.unlink()
            except OSError:
                pass
