"""``docgen batch``: every document of many clients, in two phases.

Phase one loads and validates every client file, works out every output
path and finds collisions (two clients that would write the same file),
so that every bad file is reported at once. Phase two renders what is left,
in worker processes, each document written atomically; a failing document
never stops the others. ``OUT/manifest.json`` lets a second run skip
documents whose inputs did not change.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import documents
from .errors import DocgenError, InputError, UsageError
from .i18n import catalog_path, parse_spec
from .loader import load_client
from .manifest import Entry, Manifest, fingerprint, sha256_bytes
from .model import Client
from .output import clean_temporaries, write_atomic
from .pipeline import Job, plan_jobs, render_job
from .resources import Folders

ALL_KINDS = ("plan", "csp", "qbr")


@dataclass(frozen=True)
class Task:
    """One client's documents still to build, with the client validated in phase one."""

    source: Path
    client: Client
    jobs: tuple[Job, ...]
    prints: tuple[str, ...]


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
                prefix = "" if line.startswith(str(result.source)) else f"{result.source}: "
                lines.append(f"  failed: {where}{prefix}{line}")
        return lines


def collect_inputs(args: Sequence[Path]) -> list[Path]:
    """Client files named, and the ``*.json`` files of folders named, in a stable order."""
    files: list[Path] = []
    for arg in args:
        if arg.is_dir():
            files.extend(sorted(p for p in arg.rglob("*.json") if p.is_file()))
        else:
            files.append(arg)
    unique = list(dict.fromkeys(files))
    if not unique:
        raise UsageError("no client files found (expected .json files or folders holding them)")
    return unique


def _prints(job: Job, folders: Folders, template: Path | None) -> str:
    mod = documents.module(job.kind)
    tpl = template or (folders.template(mod.TEMPLATE) if mod.TEMPLATE else None)
    catalogs = [catalog_path(d, lang) for lang in parse_spec(job.lang)
                for d in folders.locale_dirs()]
    return fingerprint(job.source, tpl, *catalogs, job.kind, job.lang, job.quarter)


def prepare(inputs: Sequence[Path], kinds: Sequence[str], langs: Sequence[str] | None,
            quarter: str | None, out: Path, folders: Folders, template: Path | None,
            manifest: Manifest, force: bool) -> tuple[list[Task], list[Result]]:
    """Phase one: tasks to run, and results already known (failures, unchanged files)."""
    known: list[Result] = []
    planned: list[tuple[Path, Client, list[Job]]] = []
    owners: dict[Path, list[Path]] = {}
    for source in inputs:
        try:
            loaded = load_client(source)
        except InputError as exc:
            known.append(Result(None, source, "failed", "\n".join(exc.problems)))
            continue
        jobs: list[Job] = []
        for kind in kinds:
            try:
                jobs += plan_jobs(loaded, [kind], langs, quarter, out)
            except DocgenError as exc:
                known.append(Result(None, source, "failed", f"{kind}: {exc.format_message()}"))
        for job in jobs:
            owners.setdefault(job.path.resolve(), []).append(source)
        planned.append((source, loaded.client, jobs))
    tasks = []
    for source, client, jobs in planned:
        todo, prints = [], []
        for job in jobs:
            others = [s for s in owners[job.path.resolve()] if s != source]
            if others:
                known.append(Result(job.path, source, "failed",
                                    f"{source} and {others[0]} would both write {job.path}"))
                continue
            print_ = _prints(job, folders, template)
            if not force and manifest.unchanged(job.path, print_):
                known.append(Result(job.path, source, "unchanged"))
                continue
            todo.append(job)
            prints.append(print_)
        if todo:
            tasks.append(Task(source, client, tuple(todo), tuple(prints)))
    return tasks, known


def run_task(task: Task, folders: Folders, template: Path | None) -> list[Result]:
    """Phase two for one client (runs in a worker): render and write each document."""
    client = task.client
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
        mod = documents.module(job.kind)
        entry = Entry(
            input=str(task.source), kind=job.kind, language=job.lang, quarter=job.quarter,
            template=(str(template) if template else getattr(mod, "TEMPLATE", None)),
            fingerprint=print_, size=len(data), sha256=sha256_bytes(data),
        )
        results.append(Result(job.path, task.source, "written", entry=entry))
    return results


def _outcome(future, task: Task) -> list[Result]:
    """A worker's results, or one failure per document when the worker died."""
    try:
        return future.result()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # e.g. a killed worker (BrokenProcessPool)
        reason = f"worker stopped before finishing: {type(exc).__name__}: {exc}".rstrip(": ")
        return [Result(job.path, task.source, "failed", reason) for job in task.jobs]


def _warm(folders: Folders, template: Path | None) -> None:
    """Worker start-up: import the document modules and read every template once."""
    from .render import docx, pptx

    loaders = {".docx": docx.compiled, ".pptx": pptx.load_template}
    for kind in ALL_KINDS:
        try:
            mod = documents.module(kind)
            path = (template if kind == "qbr" and template else folders.template(mod.TEMPLATE))
            loaders[path.suffix](path)
        except DocgenError:
            pass  # the real render reports it, per document


def run_batch(inputs: Sequence[Path], kinds: Sequence[str], langs: Sequence[str] | None,
              quarter: str | None, out: Path, folders: Folders, template: Path | None,
              jobs: int, force: bool, progress: Callable[[Result], None],
              planned: Callable[[int], None] | None = None) -> Report:
    """Both phases; ``planned`` gets the number of results to expect once phase one is
    done, and ``progress`` is called once per result."""
    out.mkdir(parents=True, exist_ok=True)
    clean_temporaries(out)
    manifest = Manifest(out)
    tasks, known = prepare(inputs, kinds, langs, quarter, out, folders, template,
                           manifest, force)
    report = Report(list(known))
    if planned is not None:
        planned(len(known) + sum(len(task.jobs) for task in tasks))
    for result in known:
        progress(result)

    def take(results: list[Result]) -> None:
        for result in results:
            report.results.append(result)
            if result.entry is not None and result.path is not None:
                manifest.record(result.path, result.entry)
            progress(result)

    try:
        if jobs <= 1 or len(tasks) <= 1:
            for task in tasks:
                take(run_task(task, folders, template))
        else:
            with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_warm,
                                     initargs=(folders, template)) as pool:
                futures = {pool.submit(run_task, t, folders, template): t for t in tasks}
                try:
                    for future in as_completed(futures):
                        take(_outcome(future, futures[future]))
                except KeyboardInterrupt:
                    for future in futures:
                        future.cancel()
                    raise
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        manifest.save()
        clean_temporaries(out)
    return report


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))
