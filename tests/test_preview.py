"""docgen preview and batch --preview: a PNG of every page or slide and a contact sheet per
document, made from its PDF with poppler (generator.render.pdf.preview)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation

from generator.cli import cli
from generator.render.pdf import convert as pdf_module
from generator.render.pdf import preview
from generator.render.pdf.convert import find_soffice

from .conftest import SAMPLES, copy_logos, need_tool

COLOURS = [(200, 30, 30), (30, 160, 60), (30, 60, 200), (220, 180, 20), (120, 30, 150),
           (20, 170, 170), (90, 90, 90)]
SLIDE = (800, 450)  # pixels at the preview's resolution
PAGE = (496, 701)


def need_pdftoppm() -> None:
    need_tool("pdftoppm", preview.find_pdftoppm(), "poppler-utils")


def make_pdf(path: Path, count: int, size=SLIDE) -> Path:
    """A PDF of ``count`` pages, each one flat colour, at the preview's resolution."""
    pages = [Image.new("RGB", size, COLOURS[i % len(COLOURS)]) for i in range(count)]
    pages[0].save(path, "PDF", resolution=preview.PAGE_DPI, save_all=True,
                  append_images=pages[1:])
    return path


def colour(image: Image.Image, x: int, y: int) -> tuple[int, int, int]:
    return image.convert("RGB").getpixel((x, y))


def near(a, b, tolerance=12) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b, strict=True))


def it_writes_a_numbered_picture_of_every_page_and_a_contact_sheet(tmp_path):
    need_pdftoppm()
    written = preview.preview(make_pdf(tmp_path / "deck.pdf", 6))
    folder = tmp_path / "deck-pages"
    assert written == [*(folder / f"0{n}.png" for n in range(1, 7)), tmp_path / "deck-sheet.png"]
    for number, page in enumerate(written[:-1]):
        with Image.open(page) as image:
            assert image.size == SLIDE
            assert near(colour(image, 400, 225), COLOURS[number])


def it_lays_slides_four_to_a_row_in_page_order_on_the_sheet(tmp_path):
    need_pdftoppm()
    written = preview.preview(make_pdf(tmp_path / "deck.pdf", 6))
    with Image.open(written[-1]) as sheet:
        cell_w, cell_h = preview.THUMB_WIDTH, round(SLIDE[1] * preview.THUMB_WIDTH / SLIDE[0])
        gap, label = 16, 22
        assert sheet.width == gap + 4 * (cell_w + gap)
        assert sheet.height == gap + label + 2 * (cell_h + label + gap)
        for index in range(6):
            row, column = divmod(index, 4)
            x = gap + column * (cell_w + gap) + cell_w // 2
            y = gap + label + row * (cell_h + label + gap) + cell_h // 2
            assert near(colour(sheet, x, y), COLOURS[index])
        assert near(colour(sheet, gap + 2 * (cell_w + gap) + cell_w // 2,
                           gap + label + cell_h + label + gap + cell_h // 2), (226, 229, 233))


def it_lays_portrait_pages_five_to_a_row(tmp_path):
    need_pdftoppm()
    written = preview.preview(make_pdf(tmp_path / "plan.pdf", 7, PAGE))
    with Image.open(written[-1]) as sheet:
        assert sheet.width == 16 + 5 * (preview.THUMB_WIDTH + 16)


def it_removes_pictures_of_pages_the_document_no_longer_has(tmp_path):
    need_pdftoppm()
    preview.preview(make_pdf(tmp_path / "deck.pdf", 6))
    preview.preview(make_pdf(tmp_path / "deck.pdf", 3))
    assert sorted(p.name for p in (tmp_path / "deck-pages").iterdir()) == \
        ["01.png", "02.png", "03.png"]


def it_says_when_poppler_cannot_read_the_pdf(tmp_path):
    need_pdftoppm()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really\n%%EOF\n")
    with pytest.raises(preview.RenderError, match=r"bad\.pdf: pdftoppm could not read it"):
        preview.preview(bad)
    assert not list((tmp_path / "bad-pages").glob("*")) and not (tmp_path / "bad-sheet.png").exists()


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def it_refuses_without_pdftoppm_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(preview.PDFTOPPM_ENV, str(tmp_path / "no-pdftoppm"))
    monkeypatch.setattr(pdf_module, "require_soffice", lambda *a: "soffice")
    result = run("preview", str(SAMPLES[0]), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "a preview needs poppler's pdftoppm" in result.stderr
    assert "sudo apt-get install poppler-utils" in result.stderr
    assert result.stdout == "" and not (tmp_path / "out").exists()


def it_refuses_without_libreoffice_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(pdf_module.SOFFICE_ENV, str(tmp_path / "no-soffice"))
    for args in (["preview", str(SAMPLES[0])], ["batch", str(SAMPLES[0]), "--preview"]):
        result = run(*args, "--out", str(tmp_path / "out"))
        assert result.exit_code == 2
        assert result.stderr.startswith("error: A preview needs LibreOffice")
        assert result.stdout == "" and not (tmp_path / "out").exists()


@pytest.fixture
def fake_converter(monkeypatch):
    """LibreOffice replaced by a PDF of three pages per document."""

    def convert(paths, **kw):
        return {p: make_pdf(p.with_suffix(".pdf"), 3) for p in paths}

    monkeypatch.setattr(pdf_module, "require_soffice", lambda *a: "soffice")
    monkeypatch.setattr(pdf_module, "convert_to_pdf", convert)


def it_lists_each_document_then_its_pdf_pages_and_sheet(tmp_path, fake_converter):
    need_pdftoppm()
    result = run("preview", str(SAMPLES[0]), "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    lines = [Path(line) for line in result.stdout.splitlines()]
    documents = [p for p in lines if p.suffix in (".docx", ".pptx")]
    assert [p.name for p in documents] == [
        "engagement-plan_2026_en.docx", "success-plan_en.docx", "qbr_2026-Q4_en.pptx"]
    after = lines[len(documents):]
    expected = []
    for document in documents:
        stem = document.with_suffix("")
        expected += [document.with_suffix(".pdf"),
                     *(Path(f"{stem}-pages") / f"0{n}.png" for n in (1, 2, 3)),
                     Path(f"{stem}-sheet.png")]
    assert after == expected
    assert all(p.is_file() for p in lines)


def it_previews_what_a_batch_wrote_and_what_has_no_preview_yet(tmp_path, fake_converter):
    need_pdftoppm()
    clients = tmp_path / "clients"
    clients.mkdir()
    shutil.copy(SAMPLES[0], clients / "a.json")
    shutil.copy(SAMPLES[1], clients / "b.json")
    copy_logos(clients)
    out = tmp_path / "out"
    first = run("batch", str(clients), "--only", "plan", "--out", str(out), "--jobs", "1")
    assert first.exit_code == 0 and len(first.stdout.splitlines()) == 2
    second = run("batch", str(clients), "--only", "plan", "--out", str(out), "--jobs", "1",
                 "--preview")
    assert second.exit_code == 0, second.stderr
    sheets = sorted(p for p in second.stdout.splitlines() if p.endswith("-sheet.png"))
    assert len(sheets) == 2 and all(Path(s).is_file() for s in sheets)
    assert len(second.stdout.splitlines()) == 2 * (1 + 3 + 1)
    third = run("batch", str(clients), "--only", "plan", "--out", str(out), "--jobs", "1",
                "--preview")
    assert third.exit_code == 0 and third.stdout == ""


def it_pictures_every_slide_of_a_real_deck(tmp_path):
    need_tool("soffice", find_soffice(), "libreoffice-impress-nogui")
    need_pdftoppm()
    sample = next(s for s in SAMPLES if s.stem == "kestonbury-print")
    result = run("preview", str(sample), "--out", str(tmp_path), "--quarter", "2026-Q3")
    assert result.exit_code == 0, result.stderr
    lines = [Path(line) for line in result.stdout.splitlines()]
    deck = next(p for p in lines if p.suffix == ".pptx")
    slides = len(Presentation(str(deck)).slides)
    pages = sorted((deck.parent / f"{deck.stem}-pages").glob("*.png"))
    assert len(pages) == slides and pages == [p for p in lines if p.parent == pages[0].parent]
    with Image.open(pages[0]) as first:
        assert first.size == (1067, 600)  # 13.33 x 7.5 in at 80 dpi
    assert (deck.parent / f"{deck.stem}-sheet.png") in lines
