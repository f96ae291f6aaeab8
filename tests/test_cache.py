"""The disk cache (generator.cache): a changed template or catalog is never served from
it, and a damaged entry is made again, never used."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from generator import cache
from generator.i18n import _read
from generator.loader import load_client
from generator.pipeline import plan_jobs, render_job
from generator.render.docx.template import _compile
from generator.resources import Folders, shipped
from generator.schedule import _holiday_dates

from .conftest import SAMPLES


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """An empty cache folder, and no template, catalog or table kept in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    forget()
    yield folder
    forget()


def forget() -> None:
    for cached in (_compile, _read, _holiday_dates):
        cached.cache_clear()


def plan_bytes(templates: Path | None = None, locales: Path | None = None,
               lang: str = "en") -> bytes:
    forget()  # only the disk cache may carry anything from one render to the next
    loaded = load_client(SAMPLES[0])
    job = plan_jobs(loaded, ["plan"], [lang], None, Path("out"))[0]
    return render_job(job, loaded.client, Folders(templates, locales))


def texts(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def without_cache(monkeypatch, **folders) -> bytes:
    with monkeypatch.context() as patch:
        patch.setenv(cache.CACHE_ENV, "off")
        return plan_bytes(**folders)


def rewrite_member(path: Path, member: str, old: str, new: str) -> None:
    with zipfile.ZipFile(path) as archive:
        items = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in items:
            if info.filename == member:
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new).encode("utf-8")
            archive.writestr(info, data)


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_a_changed_template_is_compiled_again(own_cache, tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    templates.mkdir()
    template = templates / "engagement_plan.docx"
    shutil.copy(shipped("templates") / "engagement_plan.docx", template)
    first = plan_bytes(templates)
    assert any(p.parent.name == "docx" for p in entries(own_cache))

    rewrite_member(template, "word/document.xml", "{{ labels.title }}",
                   "Plan for {{ client }}")
    second = plan_bytes(templates)

    assert second != first
    assert "Plan for Caddo Ridge Dental Partners" in texts(second)
    assert second == without_cache(monkeypatch, templates=templates)


def test_a_changed_catalog_is_read_again(own_cache, tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(shipped("locales"), locales)
    first = plan_bytes(locales=locales, lang="ru")
    assert "План взаимодействия" in texts(first)
    assert any(p.parent.name == "catalog" for p in entries(own_cache))

    po = locales / "ru" / "LC_MESSAGES" / "docgen.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgstr "План взаимодействия"', 'msgstr "План работы"'), encoding="utf-8")
    second = plan_bytes(locales=locales, lang="ru")

    assert "План работы" in texts(second)
    assert "План взаимодействия" not in texts(second)
    assert second == without_cache(monkeypatch, locales=locales, lang="ru")


@pytest.mark.parametrize("damage", ["cut short", "bytes changed", "not what it should hold"])
def test_a_damaged_entry_is_made_again(own_cache, monkeypatch, damage):
    expected = without_cache(monkeypatch)
    assert plan_bytes(lang="en") == expected
    made = {path: path.read_bytes() for path in entries(own_cache)}
    assert {p.parent.name for p in made} >= {"docx", "catalog", "holidays"}

    for path, blob in made.items():
        if damage == "cut short":
            path.write_bytes(blob[: len(blob) // 2])
        elif damage == "bytes changed":
            path.write_bytes(blob[:-8] + bytes(b ^ 0x55 for b in blob[-8:]))
        else:  # a whole entry, checksum and all, holding something else
            cache.store(path.name, b"\x00 nonsense")

    assert plan_bytes(lang="en") == expected
    assert {path: path.read_bytes() for path in entries(own_cache)} == made


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked / "cache"))
    expected = without_cache(monkeypatch)
    assert plan_bytes() == expected
    forget()


def test_the_folder_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.folder() == tmp_path / "docgen"
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert cache.folder() is None


def test_a_second_plan_loads_neither_docxtpl_nor_holidays_nor_package_metadata(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from generator.cli import main\n"
        f"main(['plan', {str(SAMPLES[0])!r}, '--out', {str(tmp_path)!r}, '--quiet'])\n"
        "heavy = sorted(m for m in ('docx', 'docxtpl', 'holidays', 'babel.messages.pofile',"
        " 'importlib.metadata') if m in sys.modules)\n"
        "print('LOADED', heavy)\n"
    )
    env = {**__import__("os").environ, cache.CACHE_ENV: str(tmp_path / "cache")}
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, capture_output=True, text=True, env=env)
    assert "LOADED ['babel.messages.pofile', 'docx', 'docxtpl', 'holidays'" in first.stdout, (
        first.stdout + first.stderr)
    second = subprocess.run(run, capture_output=True, text=True, env=env)
    assert "LOADED []" in second.stdout, second.stdout + second.stderr


def test_entries_not_written_for_a_month_go_when_a_new_one_is_stored(tmp_path, monkeypatch):
    import os
    import time

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    cache.store(cache.key("docx", b"old"), b"old")
    cache.store(cache.key("docx", b"recent"), b"recent")
    cache.store(cache.key("catalog", b"old"), b"old")
    month_ago = time.time() - (cache.KEEP_DAYS + 1) * 86400
    for name in (cache.key("docx", b"old"), cache.key("catalog", b"old")):
        os.utime(tmp_path / name.split("-")[0] / name, (month_ago, month_ago))

    cache.store(cache.key("docx", b"new"), b"new")

    assert cache.load(cache.key("docx", b"old")) is None
    assert cache.load(cache.key("docx", b"recent")) == b"recent"
    assert cache.load(cache.key("docx", b"new")) == b"new"
    assert cache.load(cache.key("catalog", b"old")) == b"old"  # another kind: its own store


def deck_bytes(template: Path | None = None, sample: Path = SAMPLES[0]) -> bytes:
    from generator.render.pptx.chart_workbook import _SKELETONS
    from generator.render.pptx.template import _read_template

    _read_template.cache_clear()
    _SKELETONS.clear()
    forget()
    loaded = load_client(sample)
    job = plan_jobs(loaded, ["qbr"], None, None, Path("out"))[0]
    return render_job(job, loaded.client, Folders(None, None), template)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_a_deck_from_the_kept_template_is_the_deck_from_the_file(own_cache, monkeypatch,
                                                                 sample):
    with monkeypatch.context() as patch:
        patch.setenv(cache.CACHE_ENV, "off")
        expected = deck_bytes(sample=sample)
    assert deck_bytes(sample=sample) == expected  # reads the file, keeps what it made
    assert any(p.parent.name == "deck" for p in entries(own_cache))
    assert deck_bytes(sample=sample) == expected  # from the cache


def test_a_changed_deck_template_is_read_again(own_cache, tmp_path):
    from pptx import Presentation

    template = tmp_path / "ours.pptx"
    shutil.copy(shipped("templates") / "qbr.pptx", template)
    deck_bytes(template)
    deck = Presentation(template)
    deck.slide_layouts.get_by_name("docgen Title").name = "docgen Cover"
    deck.save(template)

    from generator.errors import TemplateError

    with pytest.raises(TemplateError, match='no slide layout named "docgen Title"'):
        deck_bytes(template)


def test_a_deck_entry_holding_something_else_is_made_again(own_cache):
    import pickle

    expected = deck_bytes()
    (kept,) = [p for p in entries(own_cache) if p.parent.name == "deck"]
    cache.store(kept.name, pickle.dumps({"not": "a template"}))
    assert deck_bytes() == expected
    cache.store(kept.name, b"\x80\x05 not a pickle")
    assert deck_bytes() == expected
    assert pickle.loads(cache.load(kept.name)).__class__.__name__ == "Template"


@pytest.mark.parametrize("kind", ["plan", "qbr"])
def test_a_kept_template_is_still_checked_whole_each_time_it_is_read(own_cache, monkeypatch,
                                                                     kind):
    from generator.errors import TemplateError
    from generator.render import package

    render = plan_bytes if kind == "plan" else deck_bytes
    render()
    assert any(p.parent.name == ("docx" if kind == "plan" else "deck")
               for p in entries(own_cache))
    monkeypatch.setattr(package, "MAX_TEMPLATE_BYTES", 2**10)  # the checks refuse it now
    with pytest.raises(TemplateError, match="a template may hold at most"):
        render()


def test_chart_workbook_skeletons_are_kept_and_a_damaged_one_is_made_again(own_cache,
                                                                          monkeypatch):
    from generator.render.pptx import chart_workbook

    with monkeypatch.context() as patch:
        patch.setenv(cache.CACHE_ENV, "off")
        expected = deck_bytes()
    assert deck_bytes() == expected  # XlsxWriter writes the first workbooks, kept
    kept = [p for p in entries(own_cache) if p.parent.name == "xlsx"]
    assert kept
    with monkeypatch.context() as patch:  # from the cache: XlsxWriter writes no skeleton
        patch.setattr(chart_workbook, "_plain_skeleton", lambda *args: pytest.fail("written"))
        assert deck_bytes() == expected
    for path in kept:
        cache.store_value(path.name, ("not", "a", "skeleton"))
    assert deck_bytes() == expected
    kept[0].write_bytes(kept[0].read_bytes()[:-3])
    assert deck_bytes() == expected
    assert chart_workbook._thawed(cache.load_value(kept[0].name)) is not None
