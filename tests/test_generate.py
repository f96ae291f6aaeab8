"""The single-client commands end to end: docgen all, --pdf without LibreOffice, bad input."""

from __future__ import annotations

import json

import docx
from click.testing import CliRunner
from pptx import Presentation

from generator.cli import cli

from .conftest import SAMPLES


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def sample(stem: str):
    return next(p for p in SAMPLES if p.stem.startswith(stem))


def it_writes_every_document_of_a_client(tmp_path):
    result = run("all", str(sample("kestonbury")), "--out", str(tmp_path), "--ics")
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "kestonbury-print-management-ltd"
    assert result.stdout.splitlines() == [
        str(folder / "engagement-plan_2026_en.docx"),
        str(folder / "success-plan_en.docx"),
        str(folder / "qbr_2026-Q4_en.pptx"),
        str(folder / "engagement-plan_2026_en.ics"),
    ]
    assert "Kestonbury Print Management Ltd" in "\n".join(
        p.text for p in docx.Document(str(folder / "success-plan_en.docx")).paragraphs)
    assert len(Presentation(str(folder / "qbr_2026-Q4_en.pptx")).slides) > 10


def it_writes_nothing_when_a_quarter_is_missing(tmp_path):
    result = run("all", str(sample("kestonbury")), "--out", str(tmp_path), "--quarter", "2025-Q1")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.endswith("quarters: no quarter 2025-Q1; the file has 2026-Q3, 2026-Q4\n")
    assert list(tmp_path.iterdir()) == []


def it_writes_nothing_for_a_bad_file(tmp_path, write_client, minimal_data):
    minimal_data["contract"]["start"] = "2026-13-01"
    path = write_client(minimal_data)
    result = run("all", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr == (
        f'{path}: contract.start: expected a date as YYYY-MM-DD, found "2026-13-01"\n')
    assert not (tmp_path / "out").exists()


def it_refuses_pdf_at_once_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-such-soffice"))
    result = run("plan", str(sample("kestonbury")), "--out", str(tmp_path / "out"), "--pdf")
    assert result.exit_code == 2
    assert "libreoffice-writer-nogui" in result.stderr
    assert not (tmp_path / "out").exists()
    result = run("batch", str(sample("kestonbury")), "--out", str(tmp_path / "out"), "--pdf")
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


def it_writes_in_the_language_asked(tmp_path):
    result = run("plan", str(sample("kestonbury")), "--out", str(tmp_path), "--lang", "ru")
    assert result.exit_code == 0
    path = result.stdout.strip()
    assert path.endswith("engagement-plan_2026_ru.docx")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "План взаимодействия" in text


def it_writes_one_deck_per_language_when_asked_for_two(tmp_path):
    result = run("all", str(sample("kamnegrad")), "--out", str(tmp_path), "--lang", "en+ru")
    assert result.exit_code == 0, result.stderr
    assert [p.rsplit("/", 1)[1] for p in result.stdout.splitlines()] == [
        "engagement-plan_2027_en.docx", "engagement-plan_2027_ru.docx",
        "success-plan_en+ru.docx", "qbr_2027-Q1_en.pptx", "qbr_2027-Q1_ru.pptx"]


def it_refuses_a_language_without_catalog_and_names_the_command_that_starts_one(tmp_path):
    result = run("plan", str(sample("kestonbury")), "--out", str(tmp_path), "--lang", "fr")
    assert result.exit_code == 2
    assert "no catalog for language 'fr'" in result.stderr
    assert "docgen locales init fr --to DIR" in result.stderr
    assert not list(tmp_path.iterdir())


def it_keeps_the_client_language_by_default(tmp_path):
    data = json.loads(sample("kamnegrad").read_text(encoding="utf-8"))
    result = run("csp", str(sample("kamnegrad")), "--out", str(tmp_path))
    assert data["client"]["language"] == "ru"
    assert result.stdout.strip().endswith("success-plan_ru.docx")


def it_lists_written_documents_even_when_a_pdf_fails(tmp_path, monkeypatch):
    from generator.render.pdf import convert as pdf

    monkeypatch.setattr(pdf, "require_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "convert_to_pdf",
                        lambda paths, **kw: {p: "Error: source file could not be loaded"
                                             for p in paths})
    result = run("plan", str(sample("kestonbury")), "--out", str(tmp_path), "--pdf")
    assert result.exit_code == 1
    written = result.stdout.splitlines()
    assert len(written) == 1 and written[0].endswith("engagement-plan_2026_en.docx")
    assert (tmp_path / "kestonbury-print-management-ltd" / "engagement-plan_2026_en.docx").is_file()
    assert result.stderr == (f"error: {written[0]}: PDF conversion failed: "
                             "Error: source file could not be loaded\n")


def it_reports_a_folder_in_the_way_and_lists_what_it_wrote(tmp_path):
    folder = tmp_path / "kestonbury-print-management-ltd"
    (folder / "success-plan_en.docx" / "notes").mkdir(parents=True)
    result = run("all", str(sample("kestonbury")), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [str(folder / "engagement-plan_2026_en.docx"),
                                          str(folder / "qbr_2026-Q4_en.pptx")]
    assert result.stderr == (f"error: cannot write {folder / 'success-plan_en.docx'}: "
                             "a folder of that name is in the way\n")
    assert Presentation(str(folder / "qbr_2026-Q4_en.pptx")).slides


def it_reports_a_file_size_limit_in_one_line(tmp_path):
    import subprocess
    import sys

    code = ("import resource, sys; from generator.cli import main;"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (60000, 60000));"
            "sys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "qbr", str(sample("kestonbury")),
                           "--out", str(tmp_path)], capture_output=True, text=True)
    deck = tmp_path / "kestonbury-print-management-ltd" / "qbr_2026-Q4_en.pptx"
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"error: cannot write {deck}: File too large\n"
    assert list(deck.parent.iterdir()) == []
