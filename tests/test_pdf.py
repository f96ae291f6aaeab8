"""PDF conversion through LibreOffice (generator.render.pdf.convert)."""

from __future__ import annotations

import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from generator.errors import UsageError
from generator.render.pdf import convert as pdf
from generator.render.pdf.convert import SOFFICE_ENV, convert_to_pdf, find_soffice, require_soffice

from .conftest import need_tool


def _need(what: str, found: str | None) -> str:
    """The tool's path; a missing tool fails the test in CI and skips it elsewhere."""
    return need_tool(what, found, _PACKAGES[what])


_PACKAGES = {
    "LibreOffice": " ".join(pdf.DEBIAN_PACKAGES),
    "pdftotext": "poppler-utils",
}


@pytest.fixture
def soffice(monkeypatch) -> str:
    """The real converter. Tests using it fail (not skip) under CI when it is missing."""
    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    return _need("LibreOffice", find_soffice())


@pytest.fixture
def pdftotext() -> str:
    return _need("pdftotext", shutil.which("pdftotext"))


def _text(pdftotext: str, path: Path) -> str:
    done = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def _docx(path: Path, *lines: str) -> Path:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


def _pptx(path: Path, title: str, body: str) -> Path:
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = title
    slide.placeholders[1].text = body
    deck.save(path)
    return path


def _script(path: Path, body: str) -> str:
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(path)


def _living_group_members(pgid: int) -> list[int]:
    """Processes (not zombies) still in process group ``pgid``."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat_line = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat_line.rsplit(")", 1)[1].split()
        state, group = fields[0], int(fields[2])
        if group == pgid and state not in ("Z", "X"):
            alive.append(int(entry.name))
    return alive


def _assert_groups_gone(pids: list[int]) -> None:
    deadline = time.monotonic() + 5
    left = {pid: _living_group_members(pid) for pid in pids}
    while any(left.values()) and time.monotonic() < deadline:
        time.sleep(0.1)
        left = {pid: _living_group_members(pid) for pid in pids}
    assert not any(left.values()), f"converter processes left running: {left}"


def _names(folder: Path) -> set[str]:
    """Everything in ``folder``: shows that no staging folder or partial file is left."""
    return {entry.name for entry in folder.iterdir()}


# --- finding the converter ---------------------------------------------------------------


def test_require_soffice_names_the_debian_packages_when_override_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "no-such-soffice"))

    assert find_soffice() is None
    with pytest.raises(UsageError) as excinfo:
        require_soffice()

    message = excinfo.value.format_message()
    assert "libreoffice-writer-nogui" in message
    assert "libreoffice-impress-nogui" in message
    assert "apt-get install" in message
    assert SOFFICE_ENV in message
    assert excinfo.value.exit_code == 2


def test_require_soffice_without_anything_on_path(monkeypatch, tmp_path):
    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))

    assert find_soffice() is None
    with pytest.raises(UsageError, match="libreoffice-writer-nogui"):
        require_soffice()


def test_convert_without_soffice_raises_usage_error(monkeypatch, tmp_path):
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "no-such-soffice"))
    with pytest.raises(UsageError, match="libreoffice-impress-nogui"):
        convert_to_pdf([tmp_path / "a.docx"])


def test_override_points_at_any_program(monkeypatch, tmp_path):
    fake = _script(tmp_path / "my-office", "exit 0\n")
    monkeypatch.setenv(SOFFICE_ENV, fake)
    assert find_soffice() == fake
    assert require_soffice() == fake


# --- conversions with the real LibreOffice -----------------------------------------------


def test_docx_and_pptx_convert_in_one_run(soffice, pdftotext, tmp_path):
    counter = tmp_path / "runs.log"
    counting = _script(
        tmp_path / "counting-soffice", f'echo run >> "{counter}"\nexec "{soffice}" "$@"\n'
    )
    out = tmp_path / "out"
    out.mkdir()
    docx = _docx(out / "plan.docx", "Hello", "Привет, мир")
    pptx = _pptx(out / "qbr.pptx", "Hello deck", "Привет из презентации")

    results = convert_to_pdf([docx, pptx], soffice=counting)

    assert results == {docx: out / "plan.pdf", pptx: out / "qbr.pdf"}
    assert counter.read_text().count("run") == 1
    plan_text = _text(pdftotext, out / "plan.pdf")
    assert "Hello" in plan_text
    assert "Привет, мир" in plan_text
    deck_text = _text(pdftotext, out / "qbr.pdf")
    assert "Hello deck" in deck_text
    assert "Привет из презентации" in deck_text
    # No staging folder or other leftovers beside the documents.
    assert _names(out) == {"plan.docx", "qbr.pptx", "plan.pdf", "qbr.pdf"}


def test_documents_from_several_folders(soffice, tmp_path):
    first = tmp_path / "acme"
    second = tmp_path / "globex"
    first.mkdir()
    second.mkdir()
    a = _docx(first / "plan.docx", "Acme")
    b = _docx(second / "plan.docx", "Globex")

    results = convert_to_pdf([b, a], soffice=soffice)

    assert results == {a: first / "plan.pdf", b: second / "plan.pdf"}
    assert (first / "plan.pdf").read_bytes().startswith(b"%PDF-")
    assert (second / "plan.pdf").read_bytes().startswith(b"%PDF-")


def test_relative_paths_and_unusual_names(soffice, pdftotext, tmp_path, monkeypatch):
    folder = tmp_path / "клиент & co"
    folder.mkdir()
    _docx(folder / "план 2027 (ru).docx", "Привет")
    monkeypatch.chdir(tmp_path)
    given = Path("клиент & co") / "план 2027 (ru).docx"

    results = convert_to_pdf([given, given], soffice=soffice)

    assert results == {given: given.with_suffix(".pdf")}
    assert "Привет" in _text(pdftotext, folder / "план 2027 (ru).pdf")


def test_random_bytes_named_docx_is_an_error_and_the_rest_converts(soffice, tmp_path):
    good = _docx(tmp_path / "good.docx", "Hello")
    bad = tmp_path / "x.docx"
    bad.write_bytes(bytes(range(256)) * 16 + b"\x00garbage\xff" * 100)

    results = convert_to_pdf([bad, good], soffice=soffice)

    assert results[good] == tmp_path / "good.pdf"
    assert isinstance(results[bad], str)
    assert "not a valid .docx" in results[bad]
    assert not (tmp_path / "x.pdf").exists()


def test_damaged_package_reports_libreoffices_message(soffice, tmp_path):
    import zipfile

    bad = tmp_path / "broken.docx"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not really")
    good = _pptx(tmp_path / "deck.pptx", "Hello", "World")

    results = convert_to_pdf([bad, good], soffice=soffice)

    assert results[good] == tmp_path / "deck.pdf"
    assert isinstance(results[bad], str)
    assert "source file could not be loaded" in results[bad]
    assert "tried twice" in results[bad]
    assert not (tmp_path / "broken.pdf").exists()
    assert _names(tmp_path) == {"broken.docx", "deck.pptx", "deck.pdf"}


def test_a_failed_run_is_retried_with_only_the_failed_documents(soffice, tmp_path):
    calls = tmp_path / "calls.log"
    flaky = _script(
        tmp_path / "flaky-soffice",
        f'echo "$*" >> "{calls}"\n'
        f'if [ "$(wc -l < "{calls}")" -eq 1 ]; then echo "Error: crashed" >&2; exit 81; fi\n'
        f'exec "{soffice}" "$@"\n',
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    a = _docx(docs / "a.docx", "A")
    b = _docx(docs / "b.docx", "B")

    results = convert_to_pdf([a, b], soffice=flaky)

    assert results == {a: docs / "a.pdf", b: docs / "b.pdf"}
    assert len(calls.read_text().splitlines()) == 2


def test_same_pdf_name_from_two_documents(soffice, tmp_path):
    docx = _docx(tmp_path / "report.docx", "Word")
    pptx = _pptx(tmp_path / "report.pptx", "Deck", "Slides")

    results = convert_to_pdf([docx, pptx], soffice=soffice)

    assert results[docx] == tmp_path / "report.pdf"
    assert isinstance(results[pptx], str) and "report.pdf" in results[pptx]


def test_missing_document_is_an_error_without_running_anything(tmp_path):
    never = _script(tmp_path / "never", f'touch "{tmp_path / "ran"}"\n')
    missing = tmp_path / "nope.docx"

    results = convert_to_pdf([missing], soffice=never)

    assert results == {missing: "file not found"}
    assert not (tmp_path / "ran").exists()


def test_converter_that_cannot_start_gives_errors_not_exceptions(tmp_path):
    not_a_program = tmp_path / "soffice"
    not_a_program.write_text("just text", encoding="utf-8")
    doc = _docx(tmp_path / "plan.docx", "Hello")

    results = convert_to_pdf([doc], soffice=str(not_a_program))

    assert isinstance(results[doc], str)
    assert "could not be started" in results[doc]
    assert _names(tmp_path) == {"soffice", "plan.docx"}


# --- timeouts ----------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_hanging_converter_is_killed_with_its_children(monkeypatch, tmp_path):
    pids = tmp_path / "pids"
    hanging = _script(
        tmp_path / "hanging-soffice",
        f'PATH=/usr/bin:/bin:$PATH\necho $$ >> "{pids}"\nsleep 300 &\nsleep 300\n',
    )
    folder = tmp_path / "docs"
    folder.mkdir()
    doc = _docx(folder / "plan.docx", "Hello")
    monkeypatch.setenv(SOFFICE_ENV, hanging)

    started = time.monotonic()
    results = convert_to_pdf([doc], timeout=0.5)
    elapsed = time.monotonic() - started

    assert isinstance(results[doc], str)
    assert "timeout" in results[doc]
    assert elapsed < 10
    groups = [int(line) for line in pids.read_text().split()]
    assert len(groups) == 2  # first run and one retry
    _assert_groups_gone(groups)
    assert _names(folder) == {"plan.docx"}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_real_libreoffice_stopped_by_timeout_leaves_nothing_running(soffice, tmp_path):
    pids = tmp_path / "pids"
    wrapper = _script(tmp_path / "soffice", f'echo $$ >> "{pids}"\nexec "{soffice}" "$@"\n')
    doc = _docx(tmp_path / "plan.docx", "Hello")

    results = convert_to_pdf([doc], timeout=0.3, soffice=wrapper)

    groups = [int(line) for line in pids.read_text().split()]
    _assert_groups_gone(groups)
    if isinstance(results[doc], str):
        assert "timeout" in results[doc]
        assert not (tmp_path / "plan.pdf").exists()
    else:  # a very fast machine finished within the timeout
        assert results[doc].read_bytes().startswith(b"%PDF-")


# --- matching LibreOffice's messages to documents ----------------------------------------


def test_messages_are_matched_to_documents_in_order(tmp_path):
    a, b, c, d = (tmp_path / name for name in ("a.docx", "b.docx", "c.pptx", "d.docx"))
    lines = [
        "Warning: failed to launch javaldx - java may not function correctly",
        "Error: source file could not be loaded",
        f"convert {b} -> {tmp_path}/b.pdf using filter : writer_pdf_Export",
        f"convert {c} -> {tmp_path}/c.pdf using filter : impress_pdf_Export",
        "Error: Please verify input parameters... (SfxBaseModel::impl_store failed)",
        "Error: source file could not be loaded",
    ]

    messages = pdf._attribute(lines, [a, b, c, d])

    assert messages == [
        ["Error: source file could not be loaded"],
        [],
        ["Error: Please verify input parameters... (SfxBaseModel::impl_store failed)"],
        ["Error: source file could not be loaded"],
    ]


# --- one converter run for every document ------------------------------------------------


def _fake_office(tmp_path: Path) -> tuple[str, Path]:
    """A converter that logs each run's documents and writes, for each, a PDF holding the
    document's bytes; it hangs on a document whose bytes say "hang"."""
    runs = tmp_path / "runs"
    body = f"""PATH=/usr/bin:/bin:$PATH
out=""; docs=""; take=0
for arg in "$@"; do
  if [ "$take" = 1 ]; then out="$arg"; take=0; continue; fi
  case "$arg" in --outdir) take=1;; *.docx|*.pptx) docs="$docs $arg";; esac
done
echo "$docs" >> "{runs}"
for doc in $docs; do
  if grep -q hang "$doc"; then sleep 300; fi
  name=$(basename "$doc"); stem="${{name%.*}}"
  {{ printf '%%PDF-1.4\\n'; cat "$doc"; printf '\\n%%%%EOF\\n'; }} > "$out/$stem.pdf"
done
"""
    return _script(tmp_path / "fake-soffice", body), runs


def _fake_docx(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK\x03\x04" + text.encode())
    return path


def test_documents_of_many_folders_are_converted_by_one_run(tmp_path):
    office, runs = _fake_office(tmp_path)
    docs = [_fake_docx(tmp_path / "out" / client / name, f"{client} {name}")
            for client in ("acme", "globex", "initech")
            for name in ("engagement-plan_2026_en.docx", "qbr_2026-Q4_en.pptx")]

    results = convert_to_pdf(docs, soffice=office)

    assert len(runs.read_text().splitlines()) == 1
    for doc in docs:
        assert results[doc] == doc.with_suffix(".pdf")
        assert f"{doc.parent.name} {doc.name}" in doc.with_suffix(".pdf").read_text()
    assert _names(tmp_path / "out") == {"acme", "globex", "initech"}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_document_that_hangs_fails_alone_and_the_others_are_converted(tmp_path):
    office, runs = _fake_office(tmp_path)
    first = _fake_docx(tmp_path / "a" / "plan.docx", "first")
    stuck = _fake_docx(tmp_path / "b" / "plan.docx", "hang")
    last = _fake_docx(tmp_path / "c" / "plan.docx", "last")

    results = convert_to_pdf([first, stuck, last], soffice=office, timeout=0.5)

    assert "first" in results[first].read_text()
    assert "last" in results[last].read_text()
    assert "timeout" in results[stuck] and "tried twice" in results[stuck]
    assert not stuck.with_suffix(".pdf").exists()
    # the stuck document was tried twice; the one after it was reached by a third run
    assert [len(line.split()) for line in runs.read_text().splitlines()] == [3, 2, 1]


def test_documents_of_many_folders_are_converted_by_one_run_per_locale(tmp_path, monkeypatch):
    office, runs = _fake_office(tmp_path)
    docs = [_fake_docx(tmp_path / "out" / client / f"plan_{lang}.docx", f"{client} {lang}")
            for client in ("acme", "globex", "initech") for lang in ("en", "ru")]
    monkeypatch.setattr(pdf, "document_locale",
                        lambda path: {"en": "en-US", "ru": "ru-RU"}[path.stem[-2:]])
    profiles, real = [], pdf._profile
    monkeypatch.setattr(pdf, "_profile",
                        lambda profile, locale: profiles.append(locale) or real(profile, locale))

    results = convert_to_pdf(docs, soffice=office)

    lines = runs.read_text().splitlines()
    assert profiles == ["en-US", "ru-RU"]  # one run per locale, in that locale
    assert [sorted(name.rsplit("-", 1)[-1] for name in line.split()) for line in lines] == [
        ["plan_en.docx"] * 3, ["plan_ru.docx"] * 3]
    for doc in docs:
        assert results[doc] == doc.with_suffix(".pdf")
        assert f"{doc.parent.name} {doc.stem[-2:]}" in doc.with_suffix(".pdf").read_text()
