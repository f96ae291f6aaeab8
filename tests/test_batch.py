"""docgen batch: two phases, failures reported per file, incremental and repeatable."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import docx
import icalendar
import pytest
from click.testing import CliRunner

from generator.batch import Task, _outcome, collect_inputs, run_batch, run_task
from generator.cli import cli
from generator.pipeline import Job
from generator.resources import folders

from .conftest import SAMPLES, copy_logos


def batch(*args: str):
    return CliRunner().invoke(cli, ["batch", *args], catch_exceptions=False)


def _renamed_copies(folder: Path) -> Path:
    """Two renamed copies of each sample in ``folder``."""
    folder.mkdir()
    copy_logos(folder)
    for sample in SAMPLES:
        data = json.loads(sample.read_text(encoding="utf-8"))
        data.pop("$schema", None)
        for i in (1, 2):
            data["client"]["name"] = f"{data['client']['name']} {i}"
            (folder / f"{sample.stem}-{i}.json").write_text(json.dumps(data, ensure_ascii=False),
                                                            encoding="utf-8")
    return folder


@pytest.fixture
def clients(tmp_path) -> Path:
    """Two renamed copies of each sample, three broken files, and two clients named alike."""
    folder = _renamed_copies(tmp_path / "clients")
    base = json.loads(SAMPLES[0].read_text(encoding="utf-8"))
    base.pop("$schema", None)
    broken = dict(base, contract=dict(base["contract"], start="2026-02-30"))
    (folder / "broken-date.json").write_text(json.dumps(broken), encoding="utf-8")
    (folder / "broken-syntax.json").write_text('{"schema_version": 1,', encoding="utf-8")
    unknown = dict(base, client=dict(base["client"], nmae="x"))
    (folder / "broken-key.json").write_text(json.dumps(unknown), encoding="utf-8")
    twin = dict(base, client=dict(base["client"], name="Twin & Co"))
    (folder / "twin-a.json").write_text(json.dumps(twin), encoding="utf-8")
    twin["client"]["name"] = "Twin Co"
    (folder / "twin-b.json").write_text(json.dumps(twin), encoding="utf-8")
    return folder


def it_builds_the_good_clients_and_reports_the_bad_ones(clients, tmp_path):
    out = tmp_path / "out"
    result = batch(str(clients), "--only", "plan", "--out", str(out), "--jobs", "2")
    assert result.exit_code == 1
    written = result.stdout.splitlines()
    assert len(written) == 2 * len(SAMPLES)
    for line in written:
        path = Path(line)
        assert path.is_file() and path.parent.parent == out
        assert docx.Document(str(path)).paragraphs  # opens, whole
    summary = result.stderr
    assert f"written {len(written)}, unchanged 0, failed 5" in summary
    assert f"failed: {clients / 'broken-date.json'}: contract.start: expected a date" in summary
    assert f"failed: {clients / 'broken-syntax.json'}: line 1 column 22: invalid JSON" in summary
    assert f'failed: {clients / "broken-key.json"}: client.nmae: unknown key "nmae"' in summary
    twins = [line for line in summary.splitlines() if "would both write" in line]
    assert len(twins) == 2
    assert all(str(clients / "twin-a.json") in t and str(clients / "twin-b.json") in t
               for t in twins)
    assert not (out / "twin-co").exists()


def it_writes_identical_bytes_twice_and_then_nothing(clients, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    batch(str(clients), "--out", str(first), "--jobs", "1")
    batch(str(clients), "--out", str(second), "--jobs", "2")
    files = sorted(p.relative_to(first) for p in first.rglob("*.*x"))
    assert {p.suffix for p in files} == {".docx", ".pptx"}
    assert len(files) == 3 * 2 * len(SAMPLES)
    calendars = sorted(p.relative_to(first) for p in first.rglob("*.ics"))
    assert len(calendars) == 2 * len(SAMPLES)  # the plan's calendar, in the plan's language
    for rel in files + calendars:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
    again = batch(str(clients), "--out", str(first))
    assert again.stdout == ""
    # 3 bad files, 2 twins x 4 documents
    assert f"written 0, unchanged {len(files) + len(calendars)}, failed 11" in again.stderr


def it_rebuilds_only_the_edited_client(clients, tmp_path):
    out = tmp_path / "out"
    batch(str(clients), "--only", "plan", "--out", str(out))
    edited = clients / f"{SAMPLES[0].stem}-1.json"
    data = json.loads(edited.read_text(encoding="utf-8"))
    data["engagement"]["meeting_time"] = "15:30"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = batch(str(clients), "--only", "plan", "--out", str(out))
    assert len(again.stdout.splitlines()) == 1
    assert "written 1," in again.stderr


def it_rebuilds_everything_when_forced(clients, tmp_path):
    out = tmp_path / "out"
    batch(str(clients), "--only", "plan", "--out", str(out))
    again = batch(str(clients), "--only", "plan", "--out", str(out), "--force")
    assert len(again.stdout.splitlines()) == 2 * len(SAMPLES)


def it_stops_cleanly_when_interrupted(clients, tmp_path):
    out = tmp_path / "out"
    seen = []

    def progress(result):
        seen.append(result)
        if result.status == "written":
            raise KeyboardInterrupt

    report = run_batch(collect_inputs([clients]), ["plan"], None, None, out, folders(None, None),
                       None, 1, False, progress)
    assert report.interrupted
    assert report.count("written") == 1
    assert not list(out.rglob(".docgen-*"))
    docs = list(out.rglob("*.docx"))
    assert len(docs) == 1
    docx.Document(str(docs[0]))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["documents"]) == 1


def it_reports_every_document_the_workers_wrote_before_an_interrupt(clients, tmp_path):
    out = tmp_path / "out"
    pressed = []

    def progress(result):  # Ctrl-C once, when the first document is reported
        if result.status == "written" and not pressed:
            pressed.append(result)
            raise KeyboardInterrupt

    report = run_batch(collect_inputs([clients]), ["plan", "csp"], None, None, out,
                       folders(None, None), None, 2, False, progress)
    assert report.interrupted
    written = sorted(str(p) for p in report.written)
    on_disk = sorted(str(p) for p in out.rglob("*.docx"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert written == on_disk
    assert 1 <= len(written) <= 2 * 2 * len(SAMPLES)
    assert len(manifest["documents"]) == len(written)
    assert not list(out.rglob(".docgen-*"))


@pytest.mark.parametrize("pristine", [True, False])
def it_fails_a_client_whose_file_changed_after_phase_one(tmp_path, pristine):
    source = tmp_path / "a.json"
    shutil.copy(SAMPLES[0], source)
    copy_logos(tmp_path)
    job = Job(source, "plan", "en", None, tmp_path / "out" / "a" / "p.docx")
    task = Task(source, None, (job,), ("x",), "0" * 64, pristine)
    results = run_task(task, folders(None, None), None)
    assert [(r.status, r.reason) for r in results] == [
        ("failed", f"{source}: changed or removed while the batch ran; run the batch again")]
    assert not job.path.exists()


def it_surveys_in_its_own_process_when_a_worker_is_killed_in_phase_one(clients, tmp_path,
                                                                        monkeypatch):
    from generator import batch as module

    parent = os.getpid()
    real = module.survey

    def survey(source, *args):
        if os.getpid() != parent:
            os._exit(1)  # a worker killed (out of memory, kill -9) while surveying
        return real(source, *args)

    survey.__qualname__ = survey.__name__ = "survey"
    survey.__module__ = module.__name__  # sent to the workers by name
    monkeypatch.setattr(module, "survey", survey)
    out = tmp_path / "out"
    report = run_batch(collect_inputs([clients]), ["plan"], None, None, out,
                       folders(None, None), None, 2, False, lambda result: None)
    assert report.count("written") == 2 * len(SAMPLES)
    assert len(list(out.rglob("*.docx"))) == 2 * len(SAMPLES)


def it_reports_an_unexpected_error_for_the_file_and_goes_on(clients, tmp_path, monkeypatch):
    from generator import batch as module

    real = module.load_client

    def load_client(path):
        if path.name == "caddo-ridge-dental-1.json":
            raise RuntimeError("boom")
        return real(path)

    monkeypatch.setattr(module, "load_client", load_client)
    report = run_batch(collect_inputs([clients]), ["plan"], None, None, tmp_path / "out",
                       folders(None, None), None, 1, False, lambda result: None)
    failed = [(r.source.name, r.reason) for r in report.failed]
    assert ("caddo-ridge-dental-1.json", "internal error: RuntimeError: boom") in failed
    assert report.count("written") == 2 * len(SAMPLES) - 1


def it_does_not_take_its_own_output_or_hidden_files_for_clients(tmp_path):
    copy_logos(tmp_path)
    for sample in SAMPLES:
        shutil.copy(sample, tmp_path / sample.name)
    out = tmp_path / "out"  # inside the folder of clients, as `docgen batch .` does
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text("{}", encoding="utf-8")
    first = batch(str(tmp_path), "--only", "plan", "--out", str(out))
    again = batch(str(tmp_path), "--only", "plan", "--out", str(out))
    assert (first.exit_code, again.exit_code) == (0, 0)
    assert f"written 0, unchanged {len(SAMPLES)}, failed 0" in again.stderr
    assert "manifest.json" not in again.stderr


def it_warns_of_cleaned_text_and_refuses_languages_without_a_catalog(tmp_path):
    data = json.loads(SAMPLES[0].read_text(encoding="utf-8"))
    data["client"]["industry"] = "Dental\u0007 care"
    source = tmp_path / "bell.json"
    copy_logos(tmp_path)
    source.write_text(json.dumps(data), encoding="utf-8")
    result = batch(str(source), "--only", "plan", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert f"warning: {source}: client.industry: removed 1 control character(s)" in result.stderr
    refused = batch(str(source), "--only", "plan", "--lang", "de", "--out", str(tmp_path / "de"))
    assert refused.exit_code == 2
    assert "no catalog for language 'de'" in refused.stderr
    assert "docgen locales init de --to DIR" in refused.stderr
    assert not (tmp_path / "de").exists()


def it_warns_of_texts_without_the_language_and_fails_them_with_strict(tmp_path):
    english = next(p for p in SAMPLES if "kestonbury" in p.name)
    russian = next(p for p in SAMPLES if "kamnegrad" in p.name)
    out = tmp_path / "out"
    result = batch(str(english), str(russian), "--only", "plan", "--lang", "ru",
                   "--out", str(out))
    assert result.exit_code == 0
    assert f'warning: {english}: engagement.location: no "ru" text (shown in en)' in result.stderr
    assert f"warning: {russian}:" not in result.stderr
    assert re.search(r"warning: \d+ texts have no version in ru \(--strict", result.stderr)
    strict = batch(str(english), str(russian), "--only", "plan", "--lang", "ru",
                   "--out", str(tmp_path / "strict"), "--strict")
    assert strict.exit_code == 1
    written = [Path(line).name for line in strict.stdout.splitlines()]
    assert written == ["engagement-plan_2027_ru.docx"]  # the Russian client's only
    assert f'{english}: engagement.location: no "ru" text (shown in en)' in strict.stderr


def it_names_the_file_once_when_a_quarter_is_missing(tmp_path):
    result = batch(str(SAMPLES[0]), "--only", "qbr", "--quarter", "2019-Q1",
                   "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "failed: " in line]
    assert lines == [f"  failed: {SAMPLES[0]}: quarters: no quarter 2019-Q1; the file has "
                     "2026-Q3, 2026-Q4 (qbr)"]


def it_reports_a_killed_worker_per_document(tmp_path):
    job = Job(tmp_path / "a.json", "plan", "en", None, tmp_path / "out" / "a" / "p.docx")
    future: Future = Future()
    future.set_exception(BrokenProcessPool("A process in the process pool was terminated"))
    results = _outcome(Task(job.source, None, (job,), ("x",)), future)
    assert [(r.status, r.path) for r in results] == [("failed", job.path)]
    assert "worker stopped before finishing" in results[0].reason


def it_refuses_unknown_documents_and_empty_folders(tmp_path):
    result = batch(str(tmp_path), "--only", "plan,slides")
    assert result.exit_code == 2
    assert "--only: unknown slides; expected some of plan, ics, csp, qbr" in result.stderr
    result = batch(str(tmp_path))
    assert result.exit_code == 2
    assert "no client files found" in result.stderr


def it_takes_single_files_too(tmp_path):
    target = tmp_path / "c.json"
    shutil.copy(SAMPLES[0], target)
    copy_logos(tmp_path)
    result = batch(str(target), "--only", "plan", "--out", str(tmp_path / "o"))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1


def it_converts_unchanged_documents_that_have_no_pdf_yet(tmp_path, fake_pdfs):
    target = tmp_path / "c.json"
    shutil.copy(SAMPLES[0], target)
    copy_logos(tmp_path)
    out = tmp_path / "o"
    first = batch(str(target), "--only", "plan", "--out", str(out))
    assert len(first.stdout.splitlines()) == 1
    second = batch(str(target), "--only", "plan", "--out", str(out), "--pdf")
    assert second.exit_code == 0
    assert [Path(p).suffix for p in second.stdout.splitlines()] == [".pdf"]
    third = batch(str(target), "--only", "plan", "--out", str(out), "--pdf")
    assert third.stdout == ""


def _copy_samples(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for sample in SAMPLES:
        shutil.copy(sample, folder / sample.name)
    copy_logos(folder)
    return sorted(folder.glob("*.json"))


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]


@pytest.mark.parametrize("out", ["clients", "."])
def it_finds_the_clients_in_the_folder_it_writes_to(tmp_path, monkeypatch, out):
    _copy_samples(tmp_path / "clients")
    monkeypatch.chdir(tmp_path)
    first = batch("clients", "--only", "plan", "--out", out)
    assert first.exit_code == 0, first.stderr
    assert len(first.stdout.splitlines()) == len(SAMPLES)
    again = batch("clients", "--only", "plan", "--out", out)  # its manifest is not a client
    assert again.exit_code == 0, again.stderr
    assert f"written 0, unchanged {len(SAMPLES)}, failed 0" in again.stderr


def it_takes_no_manifest_docgen_wrote_for_a_client(tmp_path, monkeypatch):
    _copy_samples(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert batch(".", "--only", "plan", "--out", "elsewhere").exit_code == 0
    (tmp_path / "kept").mkdir()
    shutil.copy(tmp_path / "elsewhere" / "manifest.json", tmp_path / "kept" / "old.json")
    result = batch(".", "--only", "plan", "--out", "other")  # ./elsewhere/manifest.json
    assert result.exit_code == 0, result.stderr
    assert "manifest.json" not in result.stderr and "old.json" not in result.stderr
    assert len(result.stdout.splitlines()) == len(SAMPLES)


def it_drops_manifest_entries_of_documents_that_no_longer_exist(tmp_path):
    clients = _copy_samples(tmp_path / "clients")
    out = tmp_path / "out"
    batch(str(clients[0]), "--only", "plan,csp", "--out", str(out))
    entries = _manifest(out)
    assert len(entries) == 2
    (gone,) = (key for key in entries if "/success-plan_" in key)
    (out / gone).unlink()
    batch(str(clients[1]), "--only", "plan", "--out", str(out))  # another client
    after = _manifest(out)
    assert gone not in after
    assert set(entries) - {gone} < set(after) and len(after) == 2  # the other plan kept


def it_writes_files_that_follow_the_umask(tmp_path):
    import subprocess
    import sys

    clients = _copy_samples(tmp_path / "clients")
    out = tmp_path / "out"
    code = ("import os, sys; from generator.cli import main; os.umask(0o002);"
            "sys.exit(main(sys.argv[1:]))")
    subprocess.run([sys.executable, "-c", code, "batch", str(clients[0]), "--only", "plan",
                    "--out", str(out), "--jobs", "1"], check=True, capture_output=True)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"manifest.json"} and len(files) == 2
    assert {p.stat().st_mode & 0o777 for p in files} == {0o664}


def it_refuses_a_manifest_that_is_a_folder(tmp_path):
    clients = _copy_samples(tmp_path / "clients")
    out = tmp_path / "out"
    (out / "manifest.json").mkdir(parents=True)
    result = batch(str(clients[0]), "--only", "plan", "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {out / 'manifest.json'} is a folder; a batch keeps its manifest there "
        "(move the folder away or choose another --out)")
    assert result.stdout == ""
    assert [p.name for p in out.iterdir()] == ["manifest.json"]


def it_reports_a_folder_in_the_way_of_a_document_and_goes_on(tmp_path):
    clients = _copy_samples(tmp_path / "clients")
    out = tmp_path / "out"
    batch(str(clients[0]), "--only", "plan", "--out", str(out))
    (plan,) = out.rglob("*.docx")
    plan.unlink()
    plan.mkdir()
    result = batch(str(tmp_path / "clients"), "--only", "plan", "--out", str(out))
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == len(SAMPLES) - 1
    assert f"written {len(SAMPLES) - 1}, unchanged 0, failed 1" in result.stderr
    assert (f"  failed: {plan.name}: {clients[0]}: cannot write {plan}: a folder of that name "
            "is in the way") in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert len(_manifest(out)) == len(SAMPLES) - 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def it_reports_a_full_disk_per_document(tmp_path, monkeypatch, jobs):
    import tempfile

    _copy_samples(tmp_path / "clients")
    out = tmp_path / "out"
    real = tempfile.mkstemp

    def full(*args, **kwargs):  # the disk is full for everything but the first client
        fd, name = real(*args, **kwargs)
        if "kamnegrad" in str(kwargs.get("dir", "")) or "caddo" in str(kwargs.get("dir", "")):
            return fd, name
        os.close(fd)
        return os.open("/dev/full", os.O_WRONLY), name

    monkeypatch.setattr(tempfile, "mkstemp", full)
    result = batch(str(tmp_path / "clients"), "--only", "plan,csp", "--out", str(out),
                   "--jobs", jobs)
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 4
    lines = result.stderr.splitlines()
    assert "written 4, unchanged 0, failed 2" in result.stderr
    failures = [line for line in lines if line.startswith("  failed: ")]
    assert len(failures) == 2
    assert all(line.endswith(": No space left on device") and "cannot write" in line
               for line in failures)
    assert (f"  error: cannot write {out / 'manifest.json'}: No space left on device; "
            "the next batch builds again what this one wrote") in lines
    assert "Traceback" not in result.stderr
    assert not list(out.rglob(".docgen-*"))


def it_reports_a_file_size_limit_per_document(tmp_path):
    import subprocess
    import sys

    _copy_samples(tmp_path / "clients")
    out = tmp_path / "out"
    code = ("import resource, sys; from generator.cli import main;"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (100000, 100000));"
            "sys.exit(main(sys.argv[1:]))")
    run = subprocess.run([sys.executable, "-c", code, "batch", str(tmp_path / "clients"),
                          "--only", "plan,csp,qbr", "--out", str(out), "--jobs", "2"],
                         capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert len(run.stdout.splitlines()) == 2 * len(SAMPLES)  # the plans and success plans
    assert f"written {2 * len(SAMPLES)}, unchanged 0, failed {len(SAMPLES)}" in run.stderr
    failures = [line for line in run.stderr.splitlines() if line.startswith("  failed: ")]
    assert len(failures) == len(SAMPLES)
    assert all(".pptx: " in line and ": cannot write " in line
               and line.endswith(".pptx: File too large")
               for line in failures)
    assert "Traceback" not in run.stderr
    assert len(_manifest(out)) == 2 * len(SAMPLES)


@pytest.fixture
def read_only(monkeypatch):
    """Make ``folder`` read-only as the file system would (root ignores chmod)."""
    import errno

    def make(folder: Path) -> None:
        inside = str(folder.resolve())

        def guard(real, *names):
            def call(*args, **kwargs):
                for name in names:
                    if str(Path(os.fspath(args[name])).resolve()).startswith(inside):
                        raise OSError(errno.EROFS, os.strerror(errno.EROFS), args[name])
                return real(*args, **kwargs)
            return call

        real_open = os.open

        def open_(path, flags, *args, **kwargs):
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                return guard(real_open, 0)(path, flags, *args, **kwargs)
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", open_)
        for name, positions in (("mkdir", (0,)), ("link", (1,)), ("replace", (1,)),
                                ("rename", (1,)), ("unlink", (0,))):
            monkeypatch.setattr(os, name, guard(getattr(os, name), *positions))

    return make


@pytest.mark.parametrize("jobs", ["1", "2"])
def it_reports_every_document_when_the_output_folder_is_read_only(tmp_path, read_only, jobs):
    _copy_samples(tmp_path / "clients")
    out = tmp_path / "out"
    out.mkdir()
    read_only(out)
    result = batch(str(tmp_path / "clients"), "--only", "plan", "--out", str(out),
                   "--jobs", jobs)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert f"written 0, unchanged 0, failed {len(SAMPLES)}" in result.stderr
    failures = [line for line in lines if line.startswith("  failed: ")]
    assert len(failures) == len(SAMPLES)
    assert all(": cannot write " in line and line.endswith("Read-only file system")
               for line in failures)
    assert f"  error: cannot write {out / 'manifest.json'}: Read-only file system" in lines
    assert any(line.startswith(f"warning: cannot lock {out}") for line in lines)
    assert "Traceback" not in result.stderr


def it_reports_a_full_disk_for_a_single_client_and_lists_what_it_wrote(tmp_path, monkeypatch):
    import tempfile

    clients = _copy_samples(tmp_path / "clients")
    out = tmp_path / "out"
    real = tempfile.mkstemp
    calls = []

    def full(*args, **kwargs):  # room for one document
        fd, name = real(*args, **kwargs)
        calls.append(name)
        if len(calls) == 1:
            return fd, name
        os.close(fd)
        return os.open("/dev/full", os.O_WRONLY), name

    monkeypatch.setattr(tempfile, "mkstemp", full)
    result = CliRunner().invoke(cli, ["all", str(clients[0]), "--out", str(out)])
    assert result.exit_code == 1
    written = [Path(line) for line in result.stdout.splitlines()]
    assert [p.name for p in written] == ["engagement-plan_2026_en.docx"]
    assert docx.Document(str(written[0])).paragraphs
    folder = written[0].parent
    assert result.stderr.splitlines() == [
        f"error: cannot write {folder / 'success-plan_en.docx'}: No space left on device",
        f"error: cannot write {folder / 'qbr_2026-Q4_en.pptx'}: No space left on device",
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["engagement-plan_2026_en.docx"]


@pytest.fixture
def six(tmp_path) -> Path:
    """Six good clients: two renamed copies of each sample."""
    return _renamed_copies(tmp_path / "six")


def _in_workers(monkeypatch, what: Callable[[Job], None]) -> None:
    """Run ``what(job)`` before each render in the workers (they are forked from here)."""
    from generator import batch as module

    parent, real = os.getpid(), module.render_job

    def render_job(job, *args):
        if os.getpid() != parent:
            what(job)
        return real(job, *args)

    monkeypatch.setattr(module, "render_job", render_job)


def _kill_worker(job: Job, once: Path | None) -> None:
    if job.source.name == "kestonbury-print-1.json" and job.kind == "csp":
        if once is not None:
            if once.exists():
                return
            once.touch()
        os.kill(os.getpid(), signal.SIGKILL)


def _outcomes(result) -> tuple[list[str], list[str]]:
    return (result.stdout.splitlines(),
            [line for line in result.stderr.splitlines() if line.startswith("  failed: ")])


def it_builds_everything_when_a_worker_is_killed_once(six, tmp_path, monkeypatch):
    _in_workers(monkeypatch, lambda job: _kill_worker(job, tmp_path / "killed"))
    out = tmp_path / "out"
    result = batch(str(six), "--only", "plan,csp", "--out", str(out), "--jobs", "2")
    assert (tmp_path / "killed").exists()
    assert result.exit_code == 0, result.stderr
    assert ("warning: a worker process stopped (killed, or out of memory); starting the "
            "workers again to build once more what it was building") in result.stderr
    written, failed = _outcomes(result)
    assert failed == []
    assert sorted(written) == sorted(set(written)) and len(written) == 12
    assert sorted(map(str, out.rglob("*.docx"))) == sorted(written)
    assert len(_manifest(out)) == 12
    assert not list(out.rglob(".docgen-*"))


def it_fails_only_the_document_whose_worker_is_killed_again(six, tmp_path, monkeypatch):
    _in_workers(monkeypatch, lambda job: _kill_worker(job, None))
    out = tmp_path / "out"
    result = batch(str(six), "--only", "plan,csp", "--out", str(out), "--jobs", "2")
    assert result.exit_code == 1
    written, failed = _outcomes(result)
    assert "written 11, unchanged 0, failed 1" in result.stderr
    assert failed == [
        f"  failed: success-plan_en.docx: {six / 'kestonbury-print-1.json'}: its worker "
        "process stopped (killed, or out of memory) while building it, and again when it "
        "was built once more"]
    assert sorted(written) == sorted(set(written)) and len(written) == 11
    assert sorted(map(str, out.rglob("*.docx"))) == sorted(written)
    for path in written:
        assert docx.Document(path).paragraphs
    entries = _manifest(out)
    assert sorted(str(out / key) for key in entries) == sorted(written)
    assert not list(out.rglob(".docgen-*"))


def _hang(job: Job, masked: bool) -> None:
    if job.source.name == "caddo-ridge-dental-2.json" and job.kind == "plan":
        if masked:  # stuck where no signal handler runs (in C code)
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)


def _check_hung(result, six: Path, out: Path) -> None:
    assert result.exit_code == 1
    written, failed = _outcomes(result)
    assert failed == [
        f"  failed: engagement-plan_2026_en.docx: {six / 'caddo-ridge-dental-2.json'}: took "
        "longer than 1 s, the time limit per document (set it with --timeout)"]
    assert len(written) == 11
    assert any("caddo-ridge-dental-partners-1-2/success-plan_en.docx" in p for p in written)
    assert len(_manifest(out)) == 11


@pytest.mark.parametrize("jobs", ["1", "2"])
def it_fails_a_document_over_its_time_limit_and_goes_on(six, tmp_path, monkeypatch, jobs):
    from generator import batch as module

    real = module.render_job

    def render_job(job, *args):
        _hang(job, masked=False)
        return real(job, *args)

    monkeypatch.setattr(module, "render_job", render_job)
    out = tmp_path / "out"
    started = time.monotonic()
    result = batch(str(six), "--only", "plan,csp", "--out", str(out), "--jobs", jobs,
                   "--timeout", "1")
    assert time.monotonic() - started < 30
    _check_hung(result, six, out)


def it_stops_a_worker_stuck_beyond_the_time_limit(six, tmp_path, monkeypatch):
    _in_workers(monkeypatch, lambda job: _hang(job, masked=True))
    out = tmp_path / "out"
    started = time.monotonic()
    result = batch(str(six), "--only", "plan,csp", "--out", str(out), "--jobs", "2",
                   "--timeout", "1")
    assert time.monotonic() - started < 30
    _check_hung(result, six, out)
    assert not list(out.rglob(".docgen-*"))


def it_fails_the_client_whose_worker_is_killed_reading_it_twice(six, tmp_path, monkeypatch):
    from generator import batch as module

    parent, real = os.getpid(), module.load_unchanged

    def load_unchanged(path, *args):
        if os.getpid() != parent and path.name == "kestonbury-print-2.json":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *args)

    monkeypatch.setattr(module, "load_unchanged", load_unchanged)
    out = tmp_path / "out"
    result = batch(str(six), "--only", "plan,csp", "--out", str(out), "--jobs", "2")
    assert result.exit_code == 1
    written, failed = _outcomes(result)
    assert len(written) == 10 and len(_manifest(out)) == 10
    assert [line.split(": ")[1] for line in failed] == [
        "engagement-plan_2026_en.docx", "success-plan_en.docx"]
    assert all(line.endswith("and again when it was built once more") for line in failed)


def it_fails_the_client_lost_twice_when_no_shared_memory_is_left(six, tmp_path, monkeypatch):
    import multiprocessing

    def no_memory(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(multiprocessing, "RawArray", no_memory)
    _in_workers(monkeypatch, lambda job: _kill_worker(job, None))
    out = tmp_path / "out"
    result = batch(str(six), "--only", "plan,csp", "--out", str(out), "--jobs", "2")
    assert result.exit_code == 1
    written, failed = _outcomes(result)
    assert len(written) == 10 and len(_manifest(out)) == 10
    assert all("kestonbury-print-1.json: its worker process stopped" in line for line in failed)
    assert len(failed) == 2


def it_writes_each_clients_calendars_and_skips_them_when_unchanged(tmp_path):
    out = tmp_path / "out"
    first = batch(*map(str, SAMPLES), "--lang", "en,ru", "--out", str(out), "--jobs", "1")
    assert first.exit_code == 0, first.stderr
    calendars = sorted(Path(line) for line in first.stdout.splitlines() if line.endswith(".ics"))
    assert sorted(p.name for p in calendars) == sorted(
        f"engagement-plan_{year}_{lang}.ics" for year in ("2026", "2026", "2027")
        for lang in ("en", "ru"))
    for path in calendars:
        assert icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest["documents"].values() if e["kind"] == "ics"]
    assert len(entries) == len(calendars)
    again = batch(*map(str, SAMPLES), "--lang", "en,ru", "--out", str(out), "--verbose")
    assert again.stdout == ""
    skipped = [line for line in again.stderr.splitlines()
               if line.startswith("unchanged:") and line.endswith(".ics")]
    assert len(skipped) == len(calendars)
    only = batch(*map(str, SAMPLES), "--only", "ics", "--out", str(tmp_path / "ics"))
    assert sorted(Path(p).suffix for p in only.stdout.splitlines()) == [".ics"] * len(SAMPLES)


def it_keeps_a_bounded_number_of_validated_clients_between_the_phases(clients, tmp_path,
                                                                      monkeypatch):
    from generator import batch as module

    read_again = []
    real = module.load_unchanged
    monkeypatch.setattr(module, "KEPT_CLIENTS", 5)
    monkeypatch.setattr(module, "load_unchanged",
                        lambda path, *args: read_again.append(path.name) or real(path, *args))
    out = tmp_path / "out"
    report = run_batch(collect_inputs([clients]), ["plan"], None, None, out,
                       folders(None, None), None, 1, False, lambda result: None)
    assert report.count("written") == 2 * len(SAMPLES)
    good = sorted(p.name for p in clients.glob("*.json")
                  if not p.name.startswith(("broken", "twin")))
    kept = sorted(p.name for p in clients.glob("*.json"))[:5]  # three broken, two good
    assert 0 < len(read_again) < len(good)
    assert sorted(read_again) == [name for name in good if name not in kept]
    docs = [docx.Document(path) for path in sorted(out.rglob("*.docx"))]
    assert len(docs) == 2 * len(SAMPLES)


def it_keeps_an_alarm_its_caller_set(tmp_path):
    from generator.batch import _time_limit

    rung = []
    previous = signal.signal(signal.SIGALRM, lambda number, frame: rung.append(number))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with _time_limit(5):
            pass
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 0.3
        time.sleep(0.5)
        assert rung == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def it_stops_its_workers_when_the_batch_is_killed(tmp_path):
    import subprocess
    import sys

    from generator.output import running

    script = '''
import os, sys, time
from generator import batch as module
parent, real = os.getpid(), module.render_job
def render_job(job, *args):
    if os.getpid() != parent:
        time.sleep(60)
    return real(job, *args)
module.render_job = render_job
from generator.cli import main
sys.exit(main(["batch", *sys.argv[1:]]))
'''
    run = subprocess.Popen([sys.executable, "-c", script, *map(str, SAMPLES), "--jobs", "2",
                            "--timeout", "0", "--out", str(tmp_path / "out")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            found = subprocess.run(["pgrep", "-P", str(run.pid)], capture_output=True, text=True)
            workers = [int(pid) for pid in found.stdout.split()]
        assert len(workers) == 2
        time.sleep(1)  # both at work
        run.kill()
        run.wait()
        deadline = time.monotonic() + 15
        while any(running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(running(pid) for pid in workers)
    finally:
        run.kill()
        for pid in workers:
            if running(pid):
                os.kill(pid, signal.SIGKILL)


def it_rebuilds_the_decks_when_the_health_settings_change(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    first = batch(str(SAMPLES[0]), "--only", "plan,qbr", "--out", str(out), "--jobs", "1")
    assert len(first.stdout.splitlines()) == 2
    (tmp_path / "docgen.toml").write_text("[health.csat]\nweight = 40\n", encoding="utf-8")
    again = batch(str(SAMPLES[0]), "--only", "plan,qbr", "--out", str(out), "--jobs", "1")
    assert [Path(p).suffix for p in again.stdout.splitlines()] == [".pptx"]
    assert "written 1, unchanged 1" in again.stderr


def _loaded(name: str) -> bool:
    import sys

    return name in sys.modules


@pytest.mark.skipif(not hasattr(os, "fork") or os.uname().sysname != "Linux",
                    reason="workers are forked on Linux only")
def it_forks_its_workers_from_the_warm_process_each_time_it_starts_them():
    import pptx  # noqa: F401  (what warm() loads before phase two)

    from generator.batch import Progress, Workers

    workers = Workers(2, folders(None, None), None, "test", None, Progress(2),
                      lambda get: None)
    try:
        for _ in range(2):  # the survey pool, then phase two's (or one after a loss)
            assert workers.start().submit(_loaded, "pptx").result(timeout=60) is True
            workers.close()
    finally:
        workers.close()


def test_the_manifest_is_the_json_the_indenting_encoder_writes(tmp_path):
    """The manifest is written without json's pure-Python indenting encoder, with the
    same text: names and paths with quotes, backslashes, control characters, Cyrillic
    and emoji, a missing quarter and template."""
    from dataclasses import asdict

    from generator.manifest import GENERATOR, Entry, Manifest, __version__

    manifest = Manifest(tmp_path)

    def expected() -> str:
        return json.dumps({"generator": f"{GENERATOR} {__version__}",
                           "documents": {k: asdict(v) for k, v in
                                         sorted(manifest.entries.items())}},
                          indent=2, ensure_ascii=False) + "\n"

    assert manifest.text() == expected()  # none yet
    odd = ['a "quoted" \\ name', "Камнеград/план.docx", "tab\there\nline\x01", "😀 é", "z"]
    for number, name in enumerate(odd):
        manifest.record(tmp_path / name, Entry(
            input=f"clients/{name}.json", kind="plan", language="en+ru",
            quarter=None if number % 2 else "2026-Q4", template=None if number == 1 else name,
            fingerprint="f" * 64, size=number * 1000, sha256="0" * 64))
    assert manifest.text() == expected()
    assert set(json.loads(manifest.text())["documents"]) == set(odd)


def test_a_manifest_key_is_the_path_below_out(tmp_path):
    from generator.manifest import Manifest

    manifest = Manifest(tmp_path / "out")
    for path in (tmp_path / "out" / "a" / "b.docx", tmp_path / "out" / "b.docx",
                 tmp_path / "out2" / ".." / "out" / "c.docx"):
        assert manifest.key(path) == path.resolve().relative_to(
            (tmp_path / "out").resolve()).as_posix()
    assert Manifest(Path("out")).key(Path("out") / "x" / "y.pptx") == "x/y.pptx"
    assert Manifest(Path(".")).key(Path("x") / "y.pptx") == "x/y.pptx"
