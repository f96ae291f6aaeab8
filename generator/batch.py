"""``docgen batch``: every document of many clients, in two phases.

Phase one loads and validates every client file and works out every output
path (in the worker processes, when there are several); the batch's own
process then finds collisions (two clients that would write the same file),
so that every bad file is reported at once. Phase two renders what is left,
in the workers, each document written atomically; a failing document never
stops the others. ``OUT/manifest.json`` lets a second run skip documents
whose inputs did not change. See :func:`run_batch` for Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor, as_completed, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from . import documents
from .config import config_path
from .errors import DocgenError, InputError, UsageError, printable
from .generate import plan_warnings
from .i18n import catalog_path, parse_spec
from .loader import load_client, load_unchanged
from .manifest import Entry, Manifest, fingerprint, sha256_bytes, token
from .model import Client
from .output import clean_temporaries, write_atomic
from .pipeline import Job, catalog_warnings, plan_jobs, render_job, template_of
from .resources import Folders
from .translations import summary, untranslated

ALL_KINDS = ("plan", "ics", "csp", "qbr")
"""What a batch builds by default: every document, the calendar too (``--only``)."""


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
        return lines


def collect_inputs(args: Sequence[Path], out: Path | None = None) -> list[Path]:
    """Client files named, and the ``*.json`` files of folders named, in a stable order.
    A folder's hidden files and folders (``.vscode/``, ``.git/``) are left out, and so
    is what lies below ``out`` (``docgen batch .`` run where the clients are writes
    ``./out/manifest.json`` there)."""
    skip = out.resolve() if out is not None else None
    files: list[Path] = []
    for arg in args:
        if arg.is_dir():
            files.extend(sorted(
                p for p in arg.rglob("*.json")
                if p.is_file() and not any(part.startswith(".")
                                           for part in p.relative_to(arg).parts)
                and (skip is None or skip not in p.resolve().parents)))
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
        catalogs = [catalog_path(d, lang) for lang in parse_spec(job.lang)
                    for d in folders.locale_dirs()]
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
                              s.pristine))
    return tasks, known


def run_task(task: Task, folders: Folders, template: Path | None) -> list[Result]:
    """Phase two for one client (runs in a worker): render and write each document."""
    try:
        client = task.client or load_unchanged(task.source, task.digest, task.pristine)
    except DocgenError as exc:
        return [Result(job.path, task.source, "failed", exc.format_message())
                for job in task.jobs]
    results = []
    for job, print_ in zip(task.jobs, task.prints, strict=True):
        try:
            data = render_job(job, client, folders, template)
            write_atomic(job.path, data)
        except DocgenError as exc:
            results.append(Result(job.path, task.source, "failed", exc.format_message()))
            continue
        except Exception as exc:  # reported per document; the batch goes on
            results.append(Result(job.path, task.source, "failed",
                                  f"internal error: {type(exc).__name__}: {exc}"))
            continue
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


def _worker() -> None:
    """A worker ignores Ctrl-C: the batch's process stops handing out work and collects
    what the workers are finishing, so every document written is reported."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _outcome(task: Task, future) -> list[Result]:
    """A worker's results, or one failure per document when the worker died."""
    try:
        return future.result()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # e.g. a killed worker (BrokenProcessPool)
        reason = f"worker stopped before finishing: {type(exc).__name__}: {exc}".rstrip(": ")
        return [Result(job.path, task.source, "failed", reason) for job in task.jobs]


def run_batch(inputs: Sequence[Path], kinds: Sequence[str], langs: Sequence[str] | None,
              quarter: str | None, out: Path, folders: Folders, template: Path | None,
              jobs: int, force: bool, progress: Callable[[Result], None],
              planned: Callable[[int], None] | None = None,
              notice: Callable[[str], None] | None = None) -> Report:
    """Both phases; ``planned`` gets the number of results to expect once phase one is
    done, ``progress`` is called once per result and ``notice`` with warnings (text
    cleaned in a file, a language without a catalog) and what the batch does after
    Ctrl-C.

    Ctrl-C once: no new client is started, the documents being written are finished and
    recorded. Twice: the workers are stopped at once. Either way the manifest is saved
    and no temporary file is left."""
    out.mkdir(parents=True, exist_ok=True)
    clean_temporaries(out)
    manifest = Manifest(out)
    report = Report()

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

    # Worker processes start first: they survey the files (phase one) in parallel,
    # then render (phase two); each reads its templates once, at its first render.
    workers = min(jobs, len(inputs))
    pool = ProcessPoolExecutor(workers, initializer=_worker) if workers > 1 else None
    try:
        surveys = None
        if pool is not None:
            try:
                surveys = list(pool.map(survey, inputs, repeat(kinds), repeat(langs),
                                        repeat(quarter), repeat(out), repeat(False),
                                        chunksize=max(1, len(inputs) // (8 * workers))))
            except BrokenExecutor:  # a worker was killed: go on in this process alone
                pool.shutdown(wait=True)
                pool = None
        if surveys is None:
            surveys = [survey(source, kinds, langs, quarter, out) for source in inputs]
        tasks, known = prepare(surveys, folders, template, manifest, force)
        if notice is not None:
            for line in _warnings(surveys, folders):
                notice(line)
        if planned is not None:
            planned(len(known) + sum(len(task.jobs) for task in tasks))
        take(lambda: known)
        if pool is None or len(tasks) <= 1:
            for task in tasks:  # each client finished, even when Ctrl-C comes meanwhile
                take(lambda task=task: run_task(task, folders, template))
        else:
            futures = {pool.submit(run_task, t, folders, template): t for t in tasks}
            try:
                for future in as_completed(futures):
                    take(lambda future=future: _outcome(futures.pop(future), future))
            except KeyboardInterrupt:
                for future in futures:
                    future.cancel()
                if notice is not None:
                    notice("stopping: finishing the documents being written "
                           "(Ctrl-C again to stop at once)")
                try:  # the workers finish the client they are on: record what they wrote
                    for future in list(futures):
                        if future.cancelled():
                            futures.pop(future)
                        else:
                            wait([future])  # a second Ctrl-C can cut this wait short
                            take(lambda future=future: _outcome(futures.pop(future), future))
                except KeyboardInterrupt:
                    _stop(pool)
                raise
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        with _held(report, then_raise=False):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            manifest.save()
            clean_temporaries(out)
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
