"""Slugs, atomic writes and the one-write-per-path rule."""

from __future__ import annotations

import pytest

from generator.errors import RenderError
from generator.output import Writer, clean_temporaries, client_dir, slugify, write_atomic


@pytest.mark.parametrize(("name", "slug"), [
    ("Harbourline Foods Ltd", "harbourline-foods-ltd"),
    ("ООО «Северная Сталь»", "ooo-severnaya-stal"),
    ("Ёлки & Палки", "elki-palki"),
    ("Crème Brûlée Café", "creme-brulee-cafe"),
    ("../../etc/passwd", "etc-passwd"),
    ("..", "client"),
    ("", "client"),
    ("🦷🦷", "client"),
    ("A" * 200, "a" * 60),
])
def it_makes_safe_slugs(name, slug):
    assert slugify(name) == slug


def it_keeps_client_folders_inside_out(tmp_path):
    for name in ("../x", "/abs", "..", "a/../../b"):
        assert client_dir(tmp_path, name).parent == tmp_path.resolve()


def it_writes_whole_files_and_leaves_no_temporaries(tmp_path):
    target = tmp_path / "sub" / "f.docx"
    write_atomic(target, b"abc")
    assert target.read_bytes() == b"abc"
    assert [p.name for p in target.parent.iterdir()] == ["f.docx"]


def it_leaves_nothing_when_a_write_fails(tmp_path, monkeypatch):
    import os

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(RenderError, match=r"cannot write .*f\.docx: disk full"):
        write_atomic(tmp_path / "f.docx", b"abc")
    assert list(tmp_path.iterdir()) == []


def it_refuses_to_write_one_path_twice(tmp_path):
    writer = Writer()
    writer.write(tmp_path / "a.docx", b"1")
    with pytest.raises(RenderError, match="written twice"):
        writer.write(tmp_path / "." / "a.docx", b"2")
    assert (tmp_path / "a.docx").read_bytes() == b"1"


def it_cleans_only_its_own_temporaries_and_those_of_stopped_runs(tmp_path):
    import os
    import subprocess
    import sys

    from generator.output import owner

    (tmp_path / "c").mkdir()
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    mine = tmp_path / "c" / f".docgen-{owner()}.abc.part"
    stopped = tmp_path / "c" / f".docgen-{owner(int(done.stdout))}.def.part"
    running = tmp_path / "c" / f".docgen-{owner(os.getppid())}.ghi.part"  # another run
    elsewhere = tmp_path / "c" / ".docgen-123@another-host.jkl.part"
    for leftover in (mine, stopped, running, elsewhere):
        leftover.write_bytes(b"half")
    keep = tmp_path / "c" / "plan.docx"
    keep.write_bytes(b"whole")
    assert clean_temporaries(tmp_path) == [mine]
    assert clean_temporaries(tmp_path, stopped=True) == [stopped]
    assert keep.exists() and running.exists() and elsewhere.exists()


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def it_writes_files_that_follow_the_umask(tmp_path, umask):
    import subprocess
    import sys

    target = tmp_path / "f.docx"
    code = ("import os, sys; from pathlib import Path; from generator.output import write_atomic;"
            f"os.umask({umask}); write_atomic(Path(sys.argv[1]), b'abc')")
    subprocess.run([sys.executable, "-c", code, str(target)], check=True)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def it_names_the_file_and_the_reason_when_a_write_fails(tmp_path, monkeypatch):
    import os
    import tempfile

    real = tempfile.mkstemp

    def full(*args, **kwargs):  # the disk is full: writes fail with ENOSPC
        fd, name = real(*args, **kwargs)
        os.close(fd)
        return os.open("/dev/full", os.O_WRONLY), name

    monkeypatch.setattr(tempfile, "mkstemp", full)
    target = tmp_path / "c" / "f.docx"
    with pytest.raises(RenderError) as caught:
        write_atomic(target, b"abc" * 10000)
    assert caught.value.format_message() == f"cannot write {target}: No space left on device"
    assert list(target.parent.iterdir()) == []


def it_says_a_folder_is_in_the_way(tmp_path):
    target = tmp_path / "f.docx"
    (target / "inside").mkdir(parents=True)
    with pytest.raises(RenderError) as caught:
        write_atomic(target, b"abc")
    assert caught.value.format_message() == (
        f"cannot write {target}: a folder of that name is in the way")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.docx"]
