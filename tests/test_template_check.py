"""docgen templates check: what a designer learns of a template folder before a batch."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generator import template_check
from generator.cli import cli
from generator.render.package import read_package, write_package
from generator.render.pdf.convert import find_soffice

from .conftest import ROOT, need_tool

TEMPLATES = ROOT / "templates"
SAMPLE = ROOT / "samples" / "kestonbury-print.json"


def check(*args: str):
    return CliRunner().invoke(cli, ["templates", "check", *args], catch_exceptions=False)


def problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if not line.startswith(("note:", "warning:")) and not line.endswith(": ok")
            and "templates" not in line.split(": ")[-1]]


def plan_with(folder: Path, *runs: str, style_font: str | None = None) -> Path:
    """An engagement plan template of one paragraph made of ``runs`` (every other one
    bold, as Word splits a tag it formats)."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    for n, text in enumerate(runs):
        paragraph.add_run(text).bold = bool(n % 2)
    if style_font:
        document.styles["Normal"].font.name = style_font
    path = folder / "engagement_plan.docx"
    document.save(path)
    return path


def deck_without_two_content(folder: Path) -> Path:
    members = read_package((TEMPLATES / "qbr.pptx").read_bytes())
    name = "ppt/slideLayouts/slideLayout3.xml"
    xml = next(m for m in members if m.name == name).data().decode("utf-8")
    path = folder / "qbr.pptx"
    path.write_bytes(write_package(members, {
        name: xml.replace('"docgen Two Content"', '"Two columns"').encode("utf-8")}))
    return path


def it_finds_nothing_wrong_with_the_shipped_templates():
    result = check("--no-preview")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    for name in ("engagement_plan.docx", "success_plan.docx", "qbr.pptx"):
        assert f"{TEMPLATES / name}: ok" in lines or \
            f"{ROOT / 'generator' / 'templates' / name}: ok" in lines
    assert lines[-1] == "3 templates: no problems"
    assert result.stdout == ""


def it_reports_each_problem_of_a_folder_and_exits_1(tmp_path):
    need_tool("fc-list", shutil.which("fc-list"), "fontconfig")
    plan = plan_with(tmp_path, "Dear {{ clinet }}, ", "{{ vend", "or }}", " {{ client }}",
                     style_font="Quillmere Grotesk")
    deck = deck_without_two_content(tmp_path)
    result = check(str(tmp_path), "--no-preview")
    assert result.exit_code == 1
    shipped_csp = TEMPLATES / "success_plan.docx"
    assert result.stderr.splitlines() == [
        f"note: {tmp_path} has no success_plan.docx; checking the shipped one, which a batch "
        f"would use ({shipped_csp})",
        f"{plan}: word/document.xml: the tag {{{{ vendor }}}} is split across runs (Word "
        "formatted part of it); select it and type it again in one go",
        f'{plan}: uses "clinet", which the engagement plan does not have; did you mean '
        '"client"?',
        f"{plan}: names the font \"Quillmere Grotesk\", which is not installed here (PDFs would use "
        "another)",
        f"{shipped_csp}: ok",
        f'{deck}: the template has no slide layout named "docgen Two Content" (its layouts: '
        '"docgen Title", "docgen Content", "Two columns", "docgen Table", "docgen Chart")',
        "4 problem(s) in 3 templates",
    ]


@pytest.mark.parametrize("name", ["engagement_plan.docx", "qbr.pptx"])
def it_reports_a_template_of_the_wrong_kind(tmp_path, name):
    other = "qbr.pptx" if name.endswith(".docx") else "success_plan.docx"
    shutil.copy(TEMPLATES / other, tmp_path / name)
    result = check(str(tmp_path), "--no-preview")
    assert result.exit_code == 1
    found = "a PowerPoint presentation" if name.endswith(".docx") else "a Word document"
    expected = ("a Word document (.docx)" if name.endswith(".docx")
                else "a PowerPoint presentation (.pptx)")
    assert f"{tmp_path / name}: expected {expected}, found {found}" in result.stderr.splitlines()


def it_reports_a_template_tag_error(tmp_path):
    plan = plan_with(tmp_path, "{% include 'x.xml' %}")
    result = check(str(tmp_path), "--no-preview")
    assert result.exit_code == 1
    assert problems(result.stderr) == [
        f"{plan}: word/document.xml near line 3 (\"{{% include 'x.xml' %}}\"): template tag "
        "error: {% include %} is not supported: a docgen template is one file",
    ]


class DescribeFonts:
    def it_names_a_font_that_is_not_installed(self, tmp_path):
        need_tool("fc-list", shutil.which("fc-list"), "fontconfig")
        plan = plan_with(tmp_path, "{{ client }}", style_font="Quillmere Grotesk")
        result = check(str(tmp_path), "--no-preview")
        assert result.exit_code == 1
        assert (f'{plan}: names the font "Quillmere Grotesk", which is not installed here '
                "(PDFs would use another)") in result.stderr.splitlines()

    def it_accepts_an_installed_font(self, tmp_path):
        need_tool("fc-list", shutil.which("fc-list"), "fontconfig")
        plan = plan_with(tmp_path, "{{ client }}", style_font="Noto Sans")
        with zipfile.ZipFile(plan) as archive:  # fonts of the theme and of unused styles
            assert b"Calibri" in archive.read("word/theme/theme1.xml")
            assert b"Courier" in archive.read("word/styles.xml")
        result = check(str(tmp_path), "--no-preview")
        assert result.exit_code == 0, result.output
        assert "names the font" not in result.stderr

    def it_warns_when_fontconfig_is_missing(self, tmp_path, monkeypatch):
        real = shutil.which
        monkeypatch.setattr(template_check.shutil, "which",
                            lambda name: None if name == "fc-list" else real(name))
        plan_with(tmp_path, "{{ client }}", style_font="Quillmere Grotesk")
        result = check(str(tmp_path), "--no-preview")
        assert result.exit_code == 0, result.output
        assert ("warning: fc-list is not installed; the fonts the templates name are not "
                "checked") in result.stderr.splitlines()


class DescribeThePreview:
    def it_renders_each_sample_and_prints_a_picture_per_page(self, tmp_path):
        need_tool("LibreOffice", find_soffice(), "libreoffice-writer-nogui")
        need_tool("pdftoppm", shutil.which("pdftoppm"), "poppler-utils")
        out = tmp_path / "preview"
        result = check("--client", str(SAMPLE), "--out", str(out))
        assert result.exit_code == 0, result.output
        pictures = [Path(line) for line in result.stdout.splitlines()]
        assert all(p.is_file() and p.suffix == ".png" and out in p.parents for p in pictures)
        by_kind = {kind: [p for p in pictures if p.relative_to(out).parts[0] == kind]
                   for kind in ("plan", "csp", "qbr")}
        assert all(by_kind.values()), by_kind
        deck = out / "qbr" / "kestonbury-print-management-ltd" / "qbr_2026-Q4_en.pptx"
        from pptx import Presentation

        assert len(by_kind["qbr"]) == len(Presentation(str(deck)).slides)
        assert by_kind["qbr"][0].name == "qbr_2026-Q4_en-01.png"

    def it_renders_without_pictures_when_libreoffice_is_missing(self, tmp_path, monkeypatch):
        monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-soffice"))
        out = tmp_path / "preview"
        result = check("--client", str(SAMPLE), "--out", str(out))
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert any(line.startswith("warning: LibreOffice (apt-get install")
                   and line.endswith(f"documents rendered in {out}, no pictures of their pages")
                   for line in result.stderr.splitlines())
        written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.*x"))
        assert written == [
            "csp/kestonbury-print-management-ltd/success-plan_en.docx",
            "plan/kestonbury-print-management-ltd/engagement-plan_2026_en.docx",
            "qbr/kestonbury-print-management-ltd/qbr_2026-Q4_en.pptx",
        ]

    def it_reports_a_template_that_fails_to_render(self, tmp_path, monkeypatch):
        monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-soffice"))
        plan = plan_with(tmp_path, "{{ 1/0 }}")
        result = check(str(tmp_path), "--client", str(SAMPLE), "--out", str(tmp_path / "p"))
        assert result.exit_code == 1
        assert (f"{plan}: rendering kestonbury-print.json: {plan}: word/document.xml near line "
                '3 ("{{ 1/0 }}"): the template failed: ZeroDivisionError: division by zero'
                ) in result.stderr.splitlines()
