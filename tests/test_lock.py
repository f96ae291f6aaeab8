"""OUT's lock: one batch at a time, naming its holder; a stopped batch's lock is taken over."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.batch import run_batch
from generator.cli import cli
from generator.errors import UsageError
from generator.lock import NAME, locked
from generator.output import owner
from generator.resources import folders

from .conftest import SAMPLES, copy_logos


def _stopped_pid() -> int:
    """The pid of a process of this machine that has finished."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def _hold(out: Path, pid: int, host: str | None = None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    lock = out / NAME
    lock.write_text(json.dumps({"pid": pid, "host": host or socket.gethostname(),
                                "started": "2026-12-01 09:00:00 UTC",
                                "command": "docgen batch clients --out out"}),
                    encoding="utf-8")
    return lock


def it_names_the_holder_while_a_batch_runs_and_removes_the_lock_after(tmp_path):
    out = tmp_path / "out"
    seen = []

    def progress(result):
        if not seen:
            seen.append(json.loads((out / NAME).read_text(encoding="utf-8")))

    run_batch([SAMPLES[0]], ["plan"], None, None, out, folders(None, None), None, 1, False,
              progress, command="docgen batch samples")
    assert seen[0]["pid"] == os.getpid()
    assert seen[0]["host"] == socket.gethostname()
    assert seen[0]["command"] == "docgen batch samples"
    assert seen[0]["started"].endswith(" UTC")
    assert not (out / NAME).exists()


def it_refuses_a_second_batch_into_the_same_folder(tmp_path):
    out = tmp_path / "out"
    lock = _hold(out, os.getppid())  # a running process holds it
    result = CliRunner().invoke(cli, ["batch", str(SAMPLES[0]), "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {out} is in use by another batch (process {os.getppid()} on "
        f"{socket.gethostname()}, started 2026-12-01 09:00:00 UTC: docgen batch clients "
        f"--out out); wait for it to finish (or use --wait), or remove {lock} if that batch "
        "no longer runs\n")
    assert result.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == [NAME]


def it_leaves_the_lock_of_another_machine_to_its_owner(tmp_path):
    out = tmp_path / "out"
    _hold(out, _stopped_pid(), host="build-07")
    result = CliRunner().invoke(cli, ["batch", str(SAMPLES[0]), "--out", str(out)])
    assert result.exit_code == 2
    assert "is in use by another batch (process" in result.stderr
    assert " on build-07, " in result.stderr


def it_takes_over_the_lock_of_a_batch_that_no_longer_runs(tmp_path):
    out = tmp_path / "out"
    pid = _stopped_pid()
    _hold(out, pid)
    result = CliRunner().invoke(cli, ["batch", str(SAMPLES[0]), "--only", "plan",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert (f"warning: took over the lock of {out} from a batch that no longer runs "
            f"(process {pid} on {socket.gethostname()}, started 2026-12-01 09:00:00 UTC: "
            "docgen batch clients --out out)") in result.stderr.splitlines()
    assert len(result.stdout.splitlines()) == 1
    assert not (out / NAME).exists()


def it_refuses_a_lock_it_cannot_read(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / NAME).write_text("{", encoding="utf-8")
    with pytest.raises(UsageError, match="its lock file cannot be read"):
        with locked(out, "docgen batch", print):
            pass


def it_keeps_another_batchs_temporaries_and_the_manifest_entries_it_does_not_write(tmp_path):
    clients = tmp_path / "clients"
    clients.mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, clients / sample.name)
    copy_logos(clients)
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["batch", str(clients), "--only", "plan", "--out", str(out)])
    assert first.exit_code == 0
    folder = Path(first.stdout.splitlines()[0]).parent
    theirs = folder / f".docgen-{owner(os.getppid())}.abcdefgh.part"  # in flight elsewhere
    theirs.write_bytes(b"half a document")
    killed = folder / f".docgen-{owner(_stopped_pid())}.ijklmnop.part"
    killed.write_bytes(b"left by a killed run")
    again = CliRunner().invoke(cli, ["batch", str(SAMPLES[0]), "--only", "csp",
                                     "--out", str(out)])
    assert again.exit_code == 0
    assert theirs.read_bytes() == b"half a document"
    assert not killed.exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    assert len(manifest) == len(SAMPLES) + 1


def it_lets_one_of_two_batches_started_together_hold_the_folder(tmp_path):
    out = tmp_path / "out"
    script = ("import sys; from generator.cli import main;"
              "sys.exit(main(['batch', sys.argv[1], '--only', 'plan', '--jobs', '1', "
              "'--out', sys.argv[2]]))")
    runs = [subprocess.Popen([sys.executable, "-c", script, str(sample), str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for sample in SAMPLES[:2]]
    finished = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    statuses = sorted(status for status, _, _ in finished)
    assert statuses in ([0, 0], [0, 2])  # the second waits its turn or is refused
    for status, stdout, stderr in finished:
        assert "Traceback" not in stderr
        if status == 2:
            assert stdout == "" and "is in use by another batch (process" in stderr
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    assert len(entries) == sum(len(stdout.splitlines()) for _, stdout, _ in finished)
    assert not list(out.rglob(".docgen-*"))


def it_waits_for_the_other_batch_with_wait(tmp_path):
    out = tmp_path / "out"
    import threading

    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(2)"])
    threading.Thread(target=holder.wait, daemon=True).start()  # reaped when it ends
    lock = _hold(out, holder.pid)
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["batch", str(SAMPLES[0]), "--only", "plan", "--wait",
                                      "--out", str(out)])
    assert holder.poll() is not None  # it waited until the holder had finished
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - started >= 1
    assert result.stderr.splitlines()[0] == (
        f"waiting for another batch to finish with {out} (process {holder.pid} on "
        f"{socket.gethostname()}, started 2026-12-01 09:00:00 UTC: docgen batch clients "
        "--out out); Ctrl-C stops waiting")
    assert "took over the lock" in result.stderr  # the holder never removed it
    assert len(result.stdout.splitlines()) == 1 and not lock.exists()


def it_holds_the_folder_while_it_makes_the_pdfs(tmp_path, monkeypatch, fake_pdfs):
    from generator.render.pdf import convert as pdf

    out = tmp_path / "out"
    held = []
    convert = pdf.convert_to_pdf

    def look(paths, **kwargs):
        held.append((out / NAME).is_file())
        return convert(paths, **kwargs)

    monkeypatch.setattr(pdf, "convert_to_pdf", look)
    result = CliRunner().invoke(cli, ["batch", str(SAMPLES[0]), "--only", "plan", "--pdf",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert held == [True] and len(fake_pdfs) == 1
    assert [Path(p).suffix for p in result.stdout.splitlines()] == [".docx", ".pdf"]
    assert not (out / NAME).exists()
