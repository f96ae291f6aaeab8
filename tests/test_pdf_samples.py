"""Every sample document, in every shipped language, as PDF through LibreOffice."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from generator.cli import cli
from generator.i18n import Language, Languages
from generator.render.pdf.convert import DEBIAN_PACKAGES, find_soffice
from generator.resources import shipped

from .conftest import SAMPLES, need_tool

LANGS = {"plan": ["en", "ru"], "csp": ["en", "ru", "en+ru"], "qbr": ["en", "ru"]}
CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[tuple[str, str, str], Path]:
    """(sample, kind, lang) -> the PDF docgen wrote with --pdf."""
    need_tool("LibreOffice", find_soffice(), " ".join(DEBIAN_PACKAGES))
    need_tool("pdftotext", shutil.which("pdftotext"), "poppler-utils")
    out = tmp_path_factory.mktemp("pdf")
    made = {}
    for kind, langs in LANGS.items():
        result = CliRunner().invoke(cli, [
            "batch", *map(str, SAMPLES), "--only", kind, "--lang", ",".join(langs),
            "--out", str(out), "--pdf", "--quiet", "--jobs", "2"], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        for line in result.stdout.splitlines():
            path = Path(line)
            if path.suffix == ".pdf":
                entry = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
                key = path.with_suffix({"plan": ".docx", "csp": ".docx", "qbr": ".pptx"}[kind])
                doc = entry["documents"][key.relative_to(out).as_posix()]
                made[(Path(doc["input"]).stem, kind, doc["language"])] = path
    return made


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")


def pages_of(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def loose(text: str) -> str:
    """Text with every kind of space made one plain space, for comparing with pdftotext."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", ""))


def it_converts_every_sample_document_in_every_language(pdfs):
    expected = {(s.stem, k, lang) for s in SAMPLES for k, langs in LANGS.items() for lang in langs}
    assert set(pdfs) == expected
    for pdf in pdfs.values():
        assert pdf.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("sample", [s.stem for s in SAMPLES])
def it_prints_the_client_a_kpi_and_a_localized_date(pdfs, sample):
    data = json.loads((SAMPLES[0].parent / f"{sample}.json").read_text(encoding="utf-8"))
    for (name, kind, lang), pdf in pdfs.items():
        if name != sample:
            continue
        text = loose(text_of(pdf))
        assert loose(data["client"]["name"]) in text, (kind, lang)
        first = lang.split("+")[0]
        plan_start = date.fromisoformat(data["engagement"]["plan_start"])
        month = Language(first, (), data["client"]["country"]).month_year(plan_start)
        if kind == "plan":
            assert loose(month).split(" ")[0].lower() in text.lower(), (kind, lang, month)
        if kind in ("csp", "qbr") and data.get("kpis"):
            kpi = data["kpis"][0]["name"]
            kpi = kpi if isinstance(kpi, str) else kpi.get(first, next(iter(kpi.values())))
            assert loose(kpi)[:30] in text, (kind, lang, kpi)
        if "ru" in lang:
            assert len(CYRILLIC.findall(text)) > 200, (kind, lang)


def it_never_spills_a_slide_onto_a_second_page(pdfs):
    for (sample, kind, lang), pdf in pdfs.items():
        if kind == "qbr":
            deck = Presentation(str(pdf.with_suffix(".pptx")))
            assert pages_of(pdf) == len(deck.slides), (sample, lang)


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    return text.split("\f")


def it_numbers_the_contents_with_the_pages_the_sections_start_on(pdfs):
    entry = re.compile(r"^\s*(\d+)\. (.+?)\s*\.{3,}\s*(\d+)\s*$", re.M)
    for (sample, kind, lang), pdf in pdfs.items():
        if kind != "csp":
            continue
        pages = page_texts(pdf)
        found = [m.groups() for page in pages[:3] for m in entry.finditer(page)]
        assert len(found) >= 5, (sample, lang)
        for number, title, page in found:
            heading = f"{number}. {title.split(' / ')[0]}"
            assert any(line.strip().startswith(heading)
                       for line in pages[int(page) - 1].splitlines()), (sample, lang, heading, page)


_WORDS = re.compile(r"[^\W\d_]+")


def it_breaks_no_word_between_two_letters(pdfs):
    """Every word LibreOffice printed is a word of the document, or the two parts of one
    hyphenated at a line end: no "Уровен" + "ь". (pdftotext -raw keeps each cell's lines
    together and the hyphens at their ends.)"""
    from .extract import document_text

    for (sample, kind, lang), pdf in pdfs.items():
        source = pdf.with_suffix(".pptx" if kind == "qbr" else ".docx")
        vocabulary = set(_WORDS.findall(document_text(source)))
        if kind == "qbr":  # the master's wordmark
            data = json.loads((SAMPLES[0].parent / f"{sample}.json").read_text(encoding="utf-8"))
            vocabulary |= set(_WORDS.findall(data["vendor"]["name"]))
        lines = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
                               check=True, capture_output=True).stdout.decode().splitlines()
        broken, carried = set(), None  # carried: a word part before a line-end hyphen
        for line in lines:
            words = _WORDS.findall(line)
            if carried is not None:
                if words and carried + words[0] in vocabulary:
                    words = words[1:]
                elif carried not in vocabulary:
                    broken.add(carried)
                carried = None
            if words and line.rstrip().endswith(("-", "\u00ad")):
                carried = words.pop()
            broken |= {w for w in words if w not in vocabulary}
        assert not broken, (sample, kind, lang, sorted(broken)[:20])


def _words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         check=True, capture_output=True).stdout.decode("utf-8")
    return [(float(x), float(y), html.unescape(w)) for x, y, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


def it_prints_the_cadence_label_at_the_top_of_every_grid_page(pdfs):
    from generator.documents.plan import CADENCE_LABELS, LABELS

    for (sample, kind, lang), pdf in pdfs.items():
        if kind != "plan":
            continue
        language = Languages(lang, [shipped("locales")], "GB").primary
        heading = language.gettext(LABELS["cadence"])
        labels = {language.gettext(m).split()[0] for m in CADENCE_LABELS.values()}
        grid_pages = 0
        for page in range(1, pages_of(pdf) + 1):
            words = _words(pdf, page)
            head = [(x, y) for x, y, w in words if w == heading and x < 60]
            if not head:
                continue
            grid_pages += 1
            top = head[0][1] + 5
            below = sorted((y, w) for x, y, w in words if x < 60 and y > top)
            first_row = min(y for x, y, w in words if 105 < x < 260 and y > top)
            assert below and below[0][1] in labels and abs(below[0][0] - first_row) < 3, \
                (sample, lang, page, below[:1], first_row)
        assert grid_pages >= 2, (sample, lang)


def it_never_leaves_the_sign_off_alone_on_the_last_page(pdfs):
    """The last page starts with the end of the section before the sign-off, not with the
    sign-off's heading (the running header of a success plan's pages left aside)."""
    for (sample, kind, lang), pdf in pdfs.items():
        if kind == "qbr":
            continue
        pages = [[line.strip() for line in page.splitlines() if line.strip()]
                 for page in page_texts(pdf) if page.strip()]
        header = pages[-2][0] if kind == "csp" else None
        body = [line for line in pages[-1] if line != header]
        first = " ".join(Languages(one, [shipped("locales")], "GB").primary.gettext(
            "Agreed by" if kind == "plan" else "Sign-off") for one in lang.split("+"))
        assert not re.sub(r"^\d+\. ", "", body[0]).replace(" / ", " ").startswith(first), \
            (sample, kind, lang, body[:2])


def it_starts_no_page_with_one_tall_row_of_the_bilingual_kpi_table(pdfs):
    """Kamnegrad's four KPIs in English and Russian are taller than a page: two of them
    on each, not one under the heading and three on the next page."""
    pages = page_texts(pdfs[("kamnegrad-mashzavod", "csp", "en+ru")])
    start = next(page for page in pages[2:] if "4. SMART KPIs" in page)  # after the contents
    assert "Mean time between" in loose(start)  # the second KPI (a cell wraps its name)


def it_keeps_the_plan_to_a_few_pages(pdfs):
    for (sample, kind, lang), pdf in pdfs.items():
        if kind == "plan":
            assert 3 <= pages_of(pdf) <= 8, (sample, lang, pages_of(pdf))


def it_embeds_the_template_fonts_without_substitutes(pdfs):
    for key, pdf in pdfs.items():
        listing = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                                 text=True).stdout.splitlines()[2:]
        fonts = {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in listing}
        assert fonts, key
        assert all(f.startswith("NotoSans") for f in fonts), (key, fonts)
        assert all(line.split()[-5] == "yes" for line in listing), key  # embedded
