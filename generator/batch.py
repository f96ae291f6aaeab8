"""``docgen batch``: every document of many clients, in two phases.

Phase one loads and validates every client file and works out every output
path (in the worker processes, when there are several); the batch's own
process then finds collisions (two clients that would write the same file),
so that every bad file is reported at once. Phase two renders what is left,
in the workers, each document written atomically; a failing document never
stops the others. ``OUT/manifest.json`` lets a second run skip documents
whose inputs did not change. See :func:`run_batch` for Ctrl-C.

A batch holds ``OUT``'s lock (:mod:`~generator.lock`) while it runs. Each
document has a time limit (``timeout``): a worker stops a render that takes
longer, and the batch's process kills a worker stuck beyond it (in code that
cannot be interrupted). A worker lost (killed, out of memory) costs only the
client it was on: the pool is started again, the clients it was building are
built again, one at a time, and a document whose worker is lost again fails.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import shlex
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import repeat
from pathlib import Path

from . import documents
from .config import config_path
from .errors import DocgenError, InputError, UsageError, printable
from .generate import plan_warnings
from .i18n import catalog_paths, parse_spec
from .loader import load_client, load_unchanged
from .lock import locked
from .manifest import Entry, Manifest, fingerprint, sha256_bytes, token, written_by_docgen
from .model import Client
from .output import clean_temporaries, owner, write_atomic
from .pipeline import Job, catalog_warnings, plan_jobs, render_job, template_of
from .resources import Folders
from .translations import summary, untranslated
from .warm import fork_context, warm

ALL_KINDS = ("plan", "ics", "csp", "qbr")
"""What a batch builds by default: every document, the calendar too (``--only``)."""
DEFAULT_TIMEOUT = 60.0  # seconds per document

KEPT_CLIENTS = 200
"""How many validated clients a batch without workers keeps from phase one to phase two
(about 0.2 MB each); further clients are read again, so that a batch of thousands of
clients stays within a fixed amount of memory."""


@dataclass(frozen=True)
class Task:
    """One client's documents still to build. ``client`` is the client validated in
    phase one when it ran in this process; a worker process reads the file again
    (cheaper than sending the validated client across) and checks that it is
    still the file phase one saw (``digest``)."""

    source: Path
    client: Client | None
    jobs: tuple[Job, ...]
    prints: tuple[str, ...]
    digest: str = ""
    pristine: bool = False  # read again without the checks that clean strings
    index: int = 0  # its row in the progress table the workers share (:class:`Progress`)

    def without(self, number: int | None) -> Task:
        """The task without its job ``number`` (without any when None)."""
        keep = [i for i in range(len(self.jobs)) if number is not None and i != number]
        return replace(self, jobs=tuple(self.jobs[i] for i in keep),
                       prints=tuple(self.prints[i] for i in keep))


@dataclass(frozen=True)
class Survey:
    """Phase one for one file: its jobs, or why it has none (``client`` is kept only
    when the survey ran in this process)."""

    source: Path
    client: Client | None
    jobs: tuple[Job, ...] = ()
    failures: tuple[Result, ...] = ()
    digest: str = ""
    pristine: bool = False
    warnings: tuple[str, ...] = ()  # what reading the file changed (control characters)
    untranslated: tuple[str, ...] = ()  # texts without a version in a document's language


@dataclass(frozen=True)
class Result:
    path: Path | None
    source: Path
    status: str  # "written", "unchanged" or "failed"
    reason: str = ""
    entry: Entry | None = None


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    interrupted: bool = False
    errors: list[str] = field(default_factory=list)  # not a document's (the manifest)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def written(self) -> list[Path]:
        return [r.path for r in self.results if r.status == "written" and r.path]

    def summary(self) -> list[str]:
        lines = [
            f"written {self.count('written')}, unchanged {self.count('unchanged')}, "
            f"failed {self.count('failed')}" + (" (interrupted)" if self.interrupted else "")
        ]
        if self.interrupted:
            lines.append("interrupted: every file written is whole; run the same command "
                         "again to build the rest")
        for result in self.failed:
            where = f"{result.path.name}: " if result.path else ""
            for line in result.reason.splitlines():
                shown = printable(str(result.source))  # as the message quotes it
                prefix = "" if line.startswith(shown) else f"{shown}: "
                lines.append(f"  failed: {where}{prefix}{line}")
        lines += [f"  error: {error}" for error in self.errors]
        return lines


def collect_inputs(args: Sequence[Path], out: Path | None = None) -> list[Path]:
    """Client files named, and the ``*.json`` files of folders named, in a stable order.
    A folder's hidden files and folders (``.vscode/``, ``.git/``) are left out, and so
    is what docgen wrote itself: its JSON files (``OUT/manifest.json`` of ``out`` or of
    an earlier ``--out``), and the documents ``out``'s manifest lists. So the clients can
    share their folder with the output (``--out clients``, ``--out .``)."""
    own: set[Path] = set()
    if out is not None and (out / "manifest.json").is_file():
        try:
            own = {p.resolve() for p in Manifest(out).documents()}
        except UsageError:
            pass
    files: list[Path] = []
    for arg in args:
        if arg.is_dir():
            files.extend(sorted(
                p for p in arg.rglob("*.json")
                if p.is_file() and not any(part.startswith(".")
                                           for part in p.relative_to(arg).parts)
                and p.resolve() not in own and not written_by_docgen(p)))
        else:
            files.append(arg)
    unique = list(dict.fromkeys(files))
    if not unique:
        raise UsageError("no client files found (expected .json files or folders holding them)")
    return unique


def _prints(job: Job, digest: str, folders: Folders, template: Path | None,
            known: dict[tuple[str, str], tuple[str, ...]]) -> str:
    """The fingerprint of ``job``, whose input has the sha256 ``digest``; the digests of
    its template and catalogs are worked out once per kind and language (``known``)."""
    common = known.get((job.kind, job.lang))
    if common is None:
        tpl = template_of(job.kind, folders, template)
        catalogs = [path for lang in parse_spec(job.lang) for d in folders.locale_dirs()
                    for path in catalog_paths(d, lang)]
        health = [config_path()] if job.kind == "qbr" else []  # docgen.toml's [health]
        common = known[(job.kind, job.lang)] = tuple(
            token(part) for part in (tpl, *catalogs, *health))
    return fingerprint(digest, *common, job.kind, job.lang, job.quarter)


def survey(source: Path, kinds: Sequence[str], langs: Sequence[str] | None,
           quarter: str | None, out: Path, keep: bool = True) -> Survey:
    """Load and validate one client file and work out its documents."""
    try:
        loaded = load_client(source)
    except InputError as exc:
        return Survey(source, None, failures=(Result(None, source, "failed",
                                                     "\n".join(exc.problems)),))
    except Exception as exc:  # reported for this file; the batch goes on
        return Survey(source, None, failures=(Result(
            None, source, "failed", f"internal error: {type(exc).__name__}: {exc}"),))
    jobs: list[Job] = []
    failures: list[Result] = []
    for kind in kinds:
        try:
            jobs += plan_jobs(loaded, [kind], langs, quarter, out)
        except InputError as exc:  # its lines name the file already
            failures.append(Result(None, source, "failed",
                                   "\n".join(f"{line} ({kind})" for line in exc.problems)))
        except DocgenError as exc:
            failures.append(Result(None, source, "failed", f"{kind}: {exc.format_message()}"))
    warnings = loaded.warnings
    if jobs:
        try:
            warnings += tuple(plan_warnings(loaded, [job.kind for job in jobs]))
        except DocgenError:  # the plan's own job reports it
            pass
    lines = dict.fromkeys(line for job in jobs for line in untranslated(
        loaded.path, loaded.client, parse_spec(job.lang), [job.kind], job.quarter))
    return Survey(source, loaded.client if keep else None, tuple(jobs), tuple(failures),
                  loaded.digest, loaded.pristine, warnings, tuple(lines))


def prepare(surveys: Sequence[Survey], folders: Folders, template: Path | None,
            manifest: Manifest, force: bool) -> tuple[list[Task], list[Result]]:
    """Phase one's verdict: tasks to run, and results already known (failures,
    collisions, unchanged files)."""
    known: list[Result] = [failure for s in surveys for failure in s.failures]
    owners: dict[Path, list[Path]] = {}
    for s in surveys:
        for job in s.jobs:
            owners.setdefault(job.path, []).append(s.source)
    tasks = []
    common: dict[tuple[str, str], tuple[str, ...]] = {}
    for s in surveys:
        if folders.strict and s.untranslated:  # --strict: none of its documents
            langs = sorted({code for job in s.jobs for code in parse_spec(job.lang)})
            known.append(Result(None, s.source, "failed", "\n".join(
                [*s.untranslated, summary(s.untranslated, langs).replace(
                    "(--strict makes this an error)", "(--strict)")])))
            continue
        todo, prints = [], []
        for job in s.jobs:
            others = [o for o in owners[job.path] if o != s.source]
            if others:
                known.append(Result(job.path, s.source, "failed",
                                    f"{s.source} and {others[0]} would both write {job.path}"))
                continue
            print_ = _prints(job, s.digest, folders, template, common)
            if not force and manifest.unchanged(job.path, print_):
                known.append(Result(job.path, s.source, "unchanged"))
                continue
            todo.append(job)
            prints.append(print_)
        if todo:
            tasks.append(Task(s.source, s.client, tuple(todo), tuple(prints), s.digest,
                              s.pristine, len(tasks)))
    return tasks, known


class Overtime(BaseException):
    """A document's render took longer than its time limit (a BaseException, so that no
    ``except Exception`` in the code it interrupts can swallow it)."""


def overtime_reason(limit: float) -> str:
    return (f"took longer than {limit:g} s, the time limit per document "
            "(set it with --timeout)")


@contextmanager
def _time_limit(limit: float | None):
    """Raise Overtime in the block after ``limit`` seconds (None: no limit; only in the
    main thread, where signals arrive)."""
    if (not limit or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def expire(number, frame):
        raise Overtime

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    outer, _ = signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # an alarm set by the caller keeps its time
            signal.setitimer(signal.ITIMER_REAL,
                             max(outer - (time.monotonic() - started), 0.001))


class Progress:
    """What each worker is doing, in memory the batch's process shares with its workers:
    for each task (by ``Task.index``), the worker's pid, the number of the job it is on
    and since when (``time.monotonic``; 0 between jobs). Plain numbers without a lock, so
    that a worker killed while writing them cannot block the others. Without shared
    memory (none left), nothing is known: every task counts as started, on no job."""

    def __init__(self, size: int) -> None:
        """A table for ``size`` tasks (none when 0: there are no workers)."""
        self.table = None
        if size > 0:
            try:
                self.table = multiprocessing.RawArray(ctypes.c_double, 3 * size)
            except OSError:
                pass

    def _set(self, index: int, values: list[float], at: int = 0) -> None:
        if self.table is not None:
            self.table[3 * index + at:3 * index + at + len(values)] = values

    def begin(self, index: int) -> None:
        """A worker took the task and reads its client file (job number -1)."""
        self._set(index, [os.getpid(), -1.0, 0.0])

    def start(self, index: int, number: int) -> None:
        self._set(index, [os.getpid(), number, time.monotonic()])

    def finish(self, index: int) -> None:
        self._set(index, [0.0], at=2)

    def clear(self, index: int) -> None:
        self._set(index, [0.0, 0.0, 0.0])

    def read(self, index: int) -> tuple[int, int, float]:
        """(pid, job number, since): pid 0 when no worker started the task, -1 when
        unknown."""
        if self.table is None:
            return -1, -1, 0.0
        pid, number, since = self.table[3 * index:3 * index + 3]
        return int(pid), int(number), since


_PROGRESS: Progress | None = None  # set in each worker


def run_task(task: Task, folders: Folders, template: Path | None, writer: str | None = None,
             limit: float | None = None) -> list[Result]:
    """Phase two for one client (runs in a worker): render and write each document,
    each render within ``limit`` seconds; temporaries are named for ``writer``."""
    progress = _PROGRESS
    if progress is not None:
        progress.begin(task.index)
    try:
        client = task.client or load_unchanged(task.source, task.digest, task.pristine)
    except DocgenError as exc:
        return [Result(job.path, task.source, "failed", exc.format_message())
                for job in task.jobs]
    results = []
    for number, (job, print_) in enumerate(zip(task.jobs, task.prints, strict=True)):
        if progress is not None:
            progress.start(task.index, number)
        try:
            with _time_limit(limit):
                data = render_job(job, client, folders, template)
            write_atomic(job.path, data, writer=writer)
        except Overtime:
            results.append(Result(job.path, task.source, "failed", overtime_reason(limit)))
            continue
        except DocgenError as exc:
            results.append(Result(job.path, task.source, "failed", exc.format_message()))
            continue
        except Exception as exc:  # reported per document; the batch goes on
            results.append(Result(job.path, task.source, "failed",
                                  f"internal error: {type(exc).__name__}: {exc}"))
            continue
        finally:
            if progress is not None:
                progress.finish(task.index)
        entry = Entry(
            input=str(task.source), kind=job.kind, language=job.lang, quarter=job.quarter,
            template=_template_name(job.kind, folders, template),
            fingerprint=print_, size=len(data), sha256=sha256_bytes(data),
        )
        results.append(Result(job.path, task.source, "written", entry=entry))
    return results


def _template_name(kind: str, folders: Folders, template: Path | None) -> str | None:
    """What the manifest records of a document's template: ``--template`` as given when
    it applies (the deck), else the template's file name."""
    if template is not None and template_of(kind, folders, template) == template:
        return str(template)
    return documents.KINDS[kind].template


def _worker(progress: Progress | None = None) -> None:
    """A worker ignores Ctrl-C: the batch's process stops handing out work and collects
    what the workers are finishing, so every document written is reported. A worker
    whose batch was killed stops too (it would wait for work forever)."""
    global _PROGRESS
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _PROGRESS = progress
    threading.Thread(target=_orphaned, args=(os.getppid(),), daemon=True).start()


def _orphaned(parent: int) -> None:
    """End this worker once its batch's process ``parent`` is gone."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _outcome(task: Task, future) -> list[Result]:
    """A worker's results, or one failure per document when the worker died."""
    try:
        return future.result()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # e.g. a killed worker (BrokenProcessPool)
        reason = f"worker stopped before finishing: {type(exc).__name__}: {exc}".rstrip(": ")
        return [Result(job.path, task.source, "failed", reason) for job in task.jobs]


LOST_AGAIN = ("its worker process stopped (killed, or out of memory) while building it, "
              "and again when it was built once more")


class Workers:
    """Phase two in worker processes, which survives losing one: the pool is started
    again and what was lost is built again (see the module's docstring).

    After a loss, the tasks that were being built are run again one at a time, so that a
    second loss names its document for certain; that document fails and the rest of
    its task is built. Tasks no worker had started are handed out again as before. A
    worker stuck in one document beyond its time limit (and a grace period) is killed;
    that document fails as over time and the rest is built."""

    POLL = 0.5  # seconds between looks at the workers' progress

    def __init__(self, count: int, folders: Folders, template: Path | None, writer: str,
                 limit: float | None, progress: Progress,
                 take: Callable[[Callable[[], list[Result]]], None],
                 notice: Callable[[str], None] | None = None) -> None:
        self.count, self.folders, self.template = count, folders, template
        self.writer, self.limit, self.progress, self.take = writer, limit, progress, take
        self.notice = notice or (lambda message: None)
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict = {}
        self.overdue: dict[int, int] = {}  # task index -> job killed for overtime
        self.losses: dict[int, int] = {}  # task index -> times lost
        self.watched = 0.0  # when the watch last looked

    def start(self) -> ProcessPoolExecutor:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(self.count, mp_context=fork_context(),
                                            initializer=_worker, initargs=(self.progress,))
        return self.pool

    def submit(self, task: Task, line: deque) -> None:
        """Hand ``task`` to a worker; back at the head of ``line`` if the pool broke."""
        self.progress.clear(task.index)
        try:
            future = self.start().submit(run_task, task, self.folders, self.template,
                                         self.writer, self.limit)
        except BrokenExecutor:
            line.appendleft(task)
            raise
        self.futures[future] = task

    def run(self, tasks: Sequence[Task]) -> None:
        queue, alone = deque(tasks), deque()
        while queue or alone or self.futures:
            try:
                if alone:  # once the tasks in hand are done
                    if not self.futures:
                        self.submit(alone.popleft(), alone)
                else:  # a few tasks ahead per worker, so none waits and Ctrl-C starts none
                    while queue and len(self.futures) < 2 * self.count:
                        self.submit(queue.popleft(), queue)
            except BrokenExecutor:  # a worker was lost since the last look
                self._recover(self._drain(), False, queue, alone)
                continue
            solo = len(self.futures) == 1
            done, _ = wait(self.futures, timeout=self.POLL if self.limit else None,
                           return_when=FIRST_COMPLETED)
            lost = self._collect(done)
            if lost:
                lost += self._drain()
                self._recover(lost, solo, queue, alone)
            else:
                self._watch()

    def _collect(self, done) -> list[Task]:
        """The results of the ``done`` futures taken; the tasks a lost worker took along."""
        lost = []
        for future in done:
            task = self.futures.pop(future)
            try:
                results = future.result()
            except BrokenExecutor:
                lost.append(task)
                continue
            self.take(lambda results=results: results)
        return lost

    def _drain(self) -> list[Task]:
        """After a loss: results the pool still delivers, and the other tasks it lost."""
        wait(self.futures)
        lost = self._collect(list(self.futures))
        self.pool.shutdown(wait=True)
        self.pool = None
        return lost

    def _recover(self, lost: list[Task], solo: bool, queue: deque, alone: deque) -> None:
        explained = any(task.index in self.overdue for task in lost)
        if not explained:
            self.notice("warning: a worker process stopped (killed, or out of memory); "
                        "starting the workers again to build once more what it was building")
        for task in lost:
            pid, number, _ = self.progress.read(task.index)
            if number < 0:  # lost while reading the client file: the whole task
                number = None
            if task.index in self.overdue:
                number = self.overdue.pop(task.index)
                self._fail(task, number, overtime_reason(self.limit))
                queue.append(task.without(number))
            elif pid == 0 or explained:
                queue.append(task)  # not started, or stopped for another's overtime
            else:
                self.losses[task.index] = self.losses.get(task.index, 0) + 1
                if solo and self.losses[task.index] > 1:  # lost twice: that document
                    self.losses[task.index] = 0
                    self._fail(task, number, LOST_AGAIN)
                    queue.append(task.without(number))
                else:
                    alone.append(task)
        for task in list(queue):
            if not task.jobs:
                queue.remove(task)

    def _fail(self, task: Task, number: int | None, reason: str) -> None:
        """Job ``number`` of ``task`` fails (every job when None)."""
        jobs = task.jobs if number is None else [task.jobs[number]]
        self.take(lambda: [Result(job.path, task.source, "failed", reason) for job in jobs])

    def _watch(self) -> None:
        """Kill a worker stuck in one document beyond its time limit and a grace period."""
        now = time.monotonic()
        if not self.limit or self.pool is None or now - self.watched < self.POLL:
            return
        self.watched = now
        grace = min(self.limit, 10.0)
        workers = getattr(self.pool, "_processes", None) or {}
        for task in self.futures.values():
            pid, number, since = self.progress.read(task.index)
            if since and now - since > self.limit + grace and pid in workers:
                self.overdue[task.index] = number
                try:
                    os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
                except ProcessLookupError:
                    pass

    def interrupted(self, notice: Callable[[str], None] | None) -> None:
        """Ctrl-C: no new client, the documents being written are finished and recorded;
        a second Ctrl-C stops the workers at once."""
        for future in self.futures:
            future.cancel()
        if notice is not None:
            notice("stopping: finishing the documents being written "
                   "(Ctrl-C again to stop at once)")
        try:
            for future in list(self.futures):
                if future.cancelled():
                    self.futures.pop(future)
                else:
                    wait([future])  # a second Ctrl-C can cut this wait short
                    self.take(lambda future=future: _outcome(self.futures.pop(future), future))
        except KeyboardInterrupt:
            if self.pool is not None:
                _stop(self.pool)
            raise

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def run_batch(inputs: Sequence[Path], kinds: Sequence[str], langs: Sequence[str] | None,
              quarter: str | None, out: Path, folders: Folders, template: Path | None,
              jobs: int, force: bool, progress: Callable[[Result], None],
              planned: Callable[[int], None] | None = None,
              notice: Callable[[str], None] | None = None,
              timeout: float | None = DEFAULT_TIMEOUT, command: str | None = None,
              wait: bool = False, then: Callable[[Report], None] | None = None) -> Report:
    """Both phases; ``planned`` gets the number of results to expect once phase one is
    done, ``progress`` is called once per result and ``notice`` with warnings (text
    cleaned in a file, a language without a catalog, a lock taken over) and what the
    batch does after Ctrl-C. ``timeout`` is each document's time limit in seconds (None:
    none); ``command`` is what the lock file says the batch is (default: this process's
    command line). ``then`` gets the report of a batch that was not interrupted, while
    the batch still holds ``out`` (to make PDFs).

    UsageError, before anything is written, when another batch holds ``out``'s lock
    (with ``wait``, the batch waits for it instead) or ``out/manifest.json`` is a
    folder. A document that cannot be written is a failure
    of its own; a manifest that cannot be saved is in ``Report.errors``.

    Ctrl-C once: no new client is started, the documents being written are finished and
    recorded. Twice: the workers are stopped at once. Either way the manifest is saved
    and no temporary file is left."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # every document says why it cannot be written
    if command is None:
        command = shlex.join([Path(sys.argv[0]).name, *sys.argv[1:]])
    warn = notice or (lambda message: None)
    with locked(out, command, warn, wait):
        manifest = Manifest(out)
        clean_temporaries(out, stopped=True)  # a killed run's
        report = _run(inputs, kinds, langs, quarter, out, folders, template, jobs, force,
                      progress, planned, notice, timeout, manifest)
        if then is not None and not report.interrupted:
            then(report)
        return report


def _run(inputs, kinds, langs, quarter, out, folders, template, jobs, force, progress,
         planned, notice, timeout, manifest: Manifest) -> Report:
    """Both phases of :func:`run_batch`, in an ``out`` this batch holds."""
    report = Report()
    writer = owner()

    def take(get: Callable[[], list[Result]]) -> None:
        """Results from ``get``, recorded and reported in one go: a Ctrl-C meanwhile
        counts once they are (so stdout, the manifest and the files agree)."""
        with _held(report):
            results = get()
            report.results.extend(results)
            for result in results:
                if result.entry is not None and result.path is not None:
                    manifest.record(result.path, result.entry)
            for result in results:
                progress(result)

    # Worker processes start first: they survey the files (phase one) in parallel while
    # this process loads the document libraries and templates (warm). The survey pool is
    # then closed; the workers of phase two (and any started again after a lost worker)
    # are forked from this process and start warm, each reading nothing again.
    count = min(jobs, len(inputs))
    shared = Progress(len(inputs) if count > 1 else 0)
    workers = Workers(count, folders, template, writer, timeout, shared, take, notice)
    try:
        surveys = None
        if count > 1:
            try:
                pending = workers.start().map(
                    survey, inputs, repeat(kinds), repeat(langs), repeat(quarter), repeat(out),
                    repeat(False), chunksize=max(1, len(inputs) // (8 * count)))
                warm(kinds, folders, template)
                surveys = list(pending)
            except BrokenExecutor:  # a worker was killed: survey in this process alone
                pass
            workers.close()
        if surveys is None:  # the first clients are kept for phase two, the rest read again
            surveys = [survey(source, kinds, langs, quarter, out, number < KEPT_CLIENTS)
                       for number, source in enumerate(inputs)]
        tasks, known = prepare(surveys, folders, template, manifest, force)
        if notice is not None:
            for line in _warnings(surveys, folders):
                notice(line)
        if planned is not None:
            planned(len(known) + sum(len(task.jobs) for task in tasks))
        take(lambda: known)
        if count <= 1 or len(tasks) <= 1:
            for task in tasks:  # each client finished, even when Ctrl-C comes meanwhile
                take(lambda task=task: run_task(task, folders, template, writer, timeout))
        else:
            try:
                workers.run(tasks)
            except KeyboardInterrupt:
                workers.interrupted(notice)
                raise
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        with _held(report, then_raise=False):
            workers.close()
            try:
                manifest.save()
            except DocgenError as exc:
                report.errors.append(exc.format_message() + (
                    "; the next batch builds again what this one wrote"
                    if report.count("written") else ""))
            clean_temporaries(out, writer)
    return report


def _warnings(surveys: Sequence[Survey], folders: Folders) -> list[str]:
    """What reading the files changed, and the languages asked for without a catalog."""
    lines = [f"warning: {warning}" for s in surveys for warning in s.warnings]
    missing = [] if folders.strict else [line for s in surveys for line in s.untranslated]
    if missing:
        langs = sorted({code for s in surveys for job in s.jobs for code in parse_spec(job.lang)
                        if any(f'no "{code}" text' in line for line in s.untranslated)})
        lines += [f"warning: {line}" for line in missing]
        lines.append(f"warning: {summary(missing, langs)}")
    return lines + catalog_warnings({job.lang for s in surveys for job in s.jobs}, folders)


@contextmanager
def _held(report: Report, then_raise: bool = True):
    """Ctrl-C during the block is held back: when the block ends it marks the report
    interrupted and (``then_raise``) raises KeyboardInterrupt."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield
        return
    pressed: list[int] = []
    signal.signal(signal.SIGINT, lambda number, frame: pressed.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if pressed:
        report.interrupted = True
        if then_raise:
            raise KeyboardInterrupt


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now (they ignore Ctrl-C); a document cut short leaves only a
    temporary file, which the batch removes."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))
