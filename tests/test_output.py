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
    with pytest.raises(OSError):
        write_atomic(tmp_path / "f.docx", b"abc")
    assert list(tmp_path.iterdir()) == []


def it_refuses_to_write_one_path_twice(tmp_path):
    writer = Writer()
    writer.write(tmp_path / "a.docx", b"1")
    with pytest.raises(RenderError, match="written twice"):
        writer.write(tmp_path / "." / "a.docx", b"2")
    assert (tmp_path / "a.docx").read_bytes() == b"1"


def it_cleans_temporaries_left_by_a_killed_run(tmp_path):
    (tmp_path / "c").mkdir()
    leftover = tmp_path / "c" / ".docgen-abc.part"
    leftover.write_bytes(b"half")
    keep = tmp_path / "c" / "plan.docx"
    keep.write_bytes(b"whole")
    assert clean_temporaries(tmp_path) == [leftover]
    assert keep.exists() and not leftover.exists()
