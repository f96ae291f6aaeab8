"""Templates a team brings: the wrong kind of file, broken files, hostile tags.

Each ends in one clear message naming the template (and the part), exit
status 2, no traceback and nothing written; ``--template`` changes the deck
alone.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import docx
import pptx
import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.render.package import read_package, write_package

from .conftest import ROOT

TEMPLATES = ROOT / "templates"
SAMPLE = ROOT / "samples" / "kestonbury-print.json"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def recoloured_deck(target: Path) -> Path:
    """The shipped deck with its first accent colour changed, to know it in a deck."""
    members = read_package((TEMPLATES / "qbr.pptx").read_bytes())
    theme = next(m for m in members if m.name == "ppt/theme/theme1.xml")
    xml = theme.data().decode("utf-8").replace('<a:accent1><a:srgbClr val="1F6FB2"/>',
                                               '<a:accent1><a:srgbClr val="7A1F5C"/>')
    target.write_bytes(write_package(members, {theme.name: xml.encode("utf-8")}))
    return target


def theme_of(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("ppt/theme/theme1.xml").decode("utf-8")


# --- --template is the deck's ----------------------------------------------------------------

class DescribeTheDeckTemplateOption:
    def it_changes_the_decks_of_a_batch_and_nothing_else(self, tmp_path):
        ours = recoloured_deck(tmp_path / "ours.pptx")
        out = tmp_path / "out"
        result = run("batch", str(ROOT / "samples"), "--template", str(ours), "--out", str(out),
                     "--jobs", "1", "--quiet")
        assert result.exit_code == 0, result.output
        written = [Path(line) for line in result.stdout.splitlines()]
        assert sorted(p.suffix for p in written) == [".docx"] * 6 + [".pptx"] * 3
        for path in written:
            if path.suffix == ".docx":
                assert docx.Document(str(path)).paragraphs  # a Word document, not the deck
                assert "word/document.xml" in zipfile.ZipFile(path).namelist()
            else:
                assert pptx.Presentation(str(path)).slides
                assert "7A1F5C" in theme_of(path)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        entries = manifest.get("documents", manifest)
        templates = {e["kind"]: e["template"] for e in entries.values()}
        assert templates == {"plan": "engagement_plan.docx", "csp": "success_plan.docx",
                             "qbr": str(ours)}

    def it_refuses_a_word_file_for_the_deck(self, tmp_path):
        out = tmp_path / "out"
        word = TEMPLATES / "success_plan.docx"
        for command in (["batch", str(ROOT / "samples")], ["qbr", str(SAMPLE)]):
            result = run(*command, "--template", str(word), "--out", str(out))
            assert result.exit_code == 2
            assert result.stderr == (f"error: {word}: expected a PowerPoint presentation "
                                     "(.pptx), found a Word document\n")
            assert not out.exists()


# --- a template of the wrong kind in --templates -----------------------------------------------

def deck_as_plan(folder: Path) -> str:
    shutil.copy(TEMPLATES / "qbr.pptx", folder / "engagement_plan.docx")
    return "expected a Word document (.docx), found a PowerPoint presentation"


def plan_without_body(folder: Path) -> str:
    with zipfile.ZipFile(TEMPLATES / "engagement_plan.docx") as source, \
            zipfile.ZipFile(folder / "engagement_plan.docx", "w") as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info))
    return "expected a Word document (.docx), found a zip archive without word/document.xml"


def plan_not_a_zip(folder: Path) -> str:
    (folder / "engagement_plan.docx").write_text("{{ client }}", encoding="utf-8")
    return "expected a Word document (.docx), found a file that is not one (not a zip archive)"


def deck_as_word(folder: Path) -> str:
    shutil.copy(TEMPLATES / "engagement_plan.docx", folder / "qbr.pptx")
    return "expected a PowerPoint presentation (.pptx), found a Word document"


WRONG_KINDS = [deck_as_plan, plan_without_body, plan_not_a_zip, deck_as_word]


@pytest.mark.parametrize("make", WRONG_KINDS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("command", ["all", "batch"])
def it_refuses_a_template_of_the_wrong_kind_before_writing(tmp_path, make, command):
    folder = tmp_path / "templates"
    folder.mkdir()
    found = make(folder)
    name = "qbr.pptx" if make is deck_as_word else "engagement_plan.docx"
    out = tmp_path / "out"
    result = run(command, str(SAMPLE), "--templates", str(folder), "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"error: {folder / name}: {found}\n"
    assert result.stdout == ""
    assert not out.exists()
