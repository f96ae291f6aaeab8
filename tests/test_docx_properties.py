"""A Word document's core properties (title, subject, language) come from the document
written, in its language, not from the template ("docgen customer success plan
template"); LibreOffice makes the PDF's title from them."""

from __future__ import annotations

import io
import shutil
import subprocess

from click.testing import CliRunner
from docx import Document

from generator.cli import cli
from generator.render.docx.properties import Properties, core
from generator.render.pdf.convert import find_soffice

from .conftest import SAMPLES, copy_logos, need_tool

KESTONBURY = next(p for p in SAMPLES if "kestonbury" in p.name)
KAMNEGRAD = next(p for p in SAMPLES if "kamnegrad" in p.name)


def write(tmp_path, command: str, sample, *options: str) -> list:
    shutil.copy(sample, tmp_path / sample.name)
    copy_logos(tmp_path)
    result = CliRunner().invoke(cli, [command, str(tmp_path / sample.name), "--out",
                                      str(tmp_path / "out"), *options])
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


def properties(path: str):
    with open(path, "rb") as f:
        return Document(io.BytesIO(f.read())).core_properties


def it_titles_the_success_plan_after_the_plan_and_the_client_in_its_language(tmp_path):
    (en,) = write(tmp_path, "csp", KESTONBURY, "--lang", "en")
    props = properties(en)
    assert props.title == "Customer success plan · Kestonbury Print Management Ltd"
    assert props.subject == "Quillmere Software Ltd · Quillmere Spend Cloud"
    assert props.language == "en-GB"
    (ru,) = write(tmp_path, "csp", KAMNEGRAD, "--lang", "ru")
    props = properties(ru)
    assert props.title == "План успеха клиента · АО «Камнеградский машиностроительный завод»"
    assert props.language == "ru-RU"
    assert "template" not in f"{props.title} {props.subject} {props.comments} {props.keywords}"


def it_gives_a_bilingual_plan_both_titles(tmp_path):
    (both,) = write(tmp_path, "csp", KAMNEGRAD, "--lang", "en+ru")
    assert properties(both).title.startswith("Customer success plan / План успеха клиента · ")


def it_titles_the_engagement_plan_likewise(tmp_path):
    (en,) = write(tmp_path, "plan", KESTONBURY, "--lang", "en")
    props = properties(en)
    assert props.title == "Engagement plan · Kestonbury Print Management Ltd"
    assert props.subject == ("Quillmere Software Ltd · Quillmere Spend Cloud · "
                             "July 2026 – June 2027")
    assert props.language == "en-GB"
    (ru,) = write(tmp_path, "plan", KAMNEGRAD, "--lang", "ru")
    assert properties(ru).title == \
        "План взаимодействия · АО «Камнеградский машиностроительный завод»"


def it_replaces_a_templates_own_values_and_escapes_what_it_writes():
    xml = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
           'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>docgen '
           'template</dc:title><dc:description>A template</dc:description><cp:keywords>x'
           '</cp:keywords></cp:coreProperties>')
    out = core(xml, Properties("Tom & Jerry <plan>", "", "ru-RU"))
    assert "<dc:title>Tom &amp; Jerry &lt;plan&gt;</dc:title>" in out
    assert "<dc:description/>" in out and "<cp:keywords/>" in out
    assert "<dc:language>ru-RU</dc:language>" in out and "template" not in out.lower()
    assert "<dc:subject" not in out  # nothing to say: not added


def it_gives_the_pdf_the_documents_title(tmp_path):
    need_tool("soffice", find_soffice(), "libreoffice-writer-nogui")
    pdfinfo = need_tool("pdfinfo", shutil.which("pdfinfo"), "poppler-utils")
    written = write(tmp_path, "csp", KAMNEGRAD, "--lang", "ru", "--pdf")
    pdf = next(p for p in written if p.endswith(".pdf"))
    info = subprocess.run([pdfinfo, pdf], capture_output=True, text=True, check=True).stdout
    title = next(line for line in info.splitlines() if line.startswith("Title:"))
    assert title.split(":", 1)[1].strip() == \
        "План успеха клиента · АО «Камнеградский машиностроительный завод»"
