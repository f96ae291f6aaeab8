"""docgen batch: two phases, failures reported per file, incremental and repeatable."""

from __future__ import annotations

import json
import os
import re
import shutil
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

from .conftest import SAMPLES


def batch(*args: str):
    return CliRunner().invoke(cli, ["batch", *args], catch_exceptions=False)


@pytest.fixture
def clients(tmp_path) -> Path:
    """Two renamed copies of each sample, three broken files, and two clients named alike."""
    folder = tmp_path / "clients"
    folder.mkdir()
    for sample in SAMPLES:
        data = json.loads(sample.read_text(encoding="utf-8"))
        data.pop("$schema", None)
        for i in (1, 2):
            data["client"]["name"] = f"{data['client']['name']} {i}"
            (folder / f"{sample.stem}-{i}.json").write_text(json.dumps(data, ensure_ascii=False),
                                                            encoding="utf-8")
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
    result = batch(str(target), "--only", "plan", "--out", str(tmp_path / "o"))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1


def it_converts_unchanged_documents_that_have_no_pdf_yet(tmp_path, monkeypatch):
    from generator.render import pdf

    def fake(paths, **kw):
        made = {}
        for path in paths:
            path.with_suffix(".pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
            made[path] = path.with_suffix(".pdf")
        return made

    monkeypatch.setattr(pdf, "require_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "convert_to_pdf", fake)
    target = tmp_path / "c.json"
    shutil.copy(SAMPLES[0], target)
    out = tmp_path / "o"
    first = batch(str(target), "--only", "plan", "--out", str(out))
    assert len(first.stdout.splitlines()) == 1
    second = batch(str(target), "--only", "plan", "--out", str(out), "--pdf")
    assert second.exit_code == 0
    assert [Path(p).suffix for p in second.stdout.splitlines()] == [".pdf"]
    third = batch(str(target), "--only", "plan", "--out", str(out), "--pdf")
    assert third.stdout == ""


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


def it_rebuilds_the_decks_when_the_health_settings_change(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    first = batch(str(SAMPLES[0]), "--only", "plan,qbr", "--out", str(out), "--jobs", "1")
    assert len(first.stdout.splitlines()) == 2
    (tmp_path / "docgen.toml").write_text("[health.csat]\nweight = 40\n", encoding="utf-8")
    again = batch(str(SAMPLES[0]), "--only", "plan,qbr", "--out", str(out), "--jobs", "1")
    assert [Path(p).suffix for p in again.stdout.splitlines()] == [".pptx"]
    assert "written 1, unchanged 1" in again.stderr
