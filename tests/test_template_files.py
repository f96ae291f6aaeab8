"""Templates a team brings: the wrong kind of file, broken files, hostile tags.

Each ends in one clear message naming the template (and the part), exit
status 2, no traceback and nothing written; ``--template`` changes the deck
alone.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pptx
import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.render.docx import sandbox
from generator.render.docx.sandbox import MAX_SECONDS
from generator.render.package import Member, deflate, read_package, write_package

from .conftest import DATA, ROOT

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
        assert sorted(p.suffix for p in written) == [".docx"] * 6 + [".ics"] * 3 + [".pptx"] * 3
        for path in written:
            if path.suffix == ".docx":
                assert docx.Document(str(path)).paragraphs  # a Word document, not the deck
                assert "word/document.xml" in zipfile.ZipFile(path).namelist()
            elif path.suffix == ".pptx":
                assert pptx.Presentation(str(path)).slides
                assert "7A1F5C" in theme_of(path)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        entries = manifest.get("documents", manifest)
        templates = {e["kind"]: e["template"] for e in entries.values()}
        assert templates == {"plan": "engagement_plan.docx", "csp": "success_plan.docx",
                             "ics": None, "qbr": str(ours)}

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


# --- hostile tags: a sandbox with a budget -------------------------------------------------------

HOSTILE = sorted((DATA / "bad-templates").glob("*.jinja"))


def plan_template_with(folder: Path, tag: str) -> Path:
    """An engagement plan template whose first paragraph is ``tag``."""
    document = docx.Document()
    paragraph = document.add_paragraph(tag)
    body = document.element.body
    body.remove(paragraph._p)
    body.insert(0, paragraph._p)
    path = folder / "engagement_plan.docx"
    document.save(path)
    return path


@pytest.mark.parametrize("case", HOSTILE, ids=[p.stem for p in HOSTILE])
def it_ends_a_hostile_template_with_its_message_within_the_budget(tmp_path, case):
    template = plan_template_with(tmp_path, case.read_text(encoding="utf-8"))
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    out = tmp_path / "out"
    started = time.monotonic()
    result = run("plan", str(SAMPLE), "--templates", str(tmp_path), "--out", str(out))
    assert time.monotonic() - started < MAX_SECONDS
    assert result.exit_code == 2
    assert result.stderr == f"error: {template}: {expected}"
    assert result.stdout == ""
    assert not out.exists()


def it_has_an_expected_message_for_every_hostile_template():
    assert len(HOSTILE) >= 20
    for case in HOSTILE:
        assert case.with_suffix(".expected").is_file(), case


def it_stops_a_template_that_runs_past_its_time(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.0)
    template = plan_template_with(tmp_path, "{% for i in range(1000) %}{{ i }}{% endfor %}")
    result = run("plan", str(SAMPLE), "--templates", str(tmp_path), "--out", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (f"error: {template}: word/document.xml near line 3 (\"{{% for i in "
                             "range(1000) %}{{ i }}{% endfor %}\"): the template is over its "
                             "budget: rendering took more than 0 seconds\n")


def it_renders_what_a_template_legitimately_does_at_scale(tmp_path):
    """Loops, filters, macros and formats well inside the budget still work."""
    tag = ("{% macro cell(x) %}[{{ x|upper }}]{% endmacro %}"
           "{% for i in range(5000) %}{{ cell(client) if loop.first }}{% endfor %}"
           "{{ '%05d|%s' % (42, 'ok') }} {{ '{:>6}'.format('r') }} {{ 'ab' * 3 }} {{ 2 ** 10 }} "
           "{{ ['a', 'b']|join(', ') }} {{ client|replace(' ', '_') }} "
           "{{ '%d' % 5000000 }} {{ '{}'.format(7000000) }} {{ '%d'|format(8000000) }}")
    plan_template_with(tmp_path, tag)
    result = run("plan", str(SAMPLE), "--templates", str(tmp_path), "--out",
                 str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = docx.Document(result.stdout.strip()).paragraphs[0].text
    assert text == ("[KESTONBURY PRINT MANAGEMENT LTD]00042|ok      r ababab 1024 a, b "
                    "Kestonbury_Print_Management_Ltd 5000000 7000000 8000000")


# --- broken template files -----------------------------------------------------------------------

def _member(name: str, data: bytes) -> Member:
    return deflate(name, data)


def _rewrite(source: Path, target: Path, name: str, change) -> None:
    members = read_package(source.read_bytes())
    target.write_bytes(write_package(
        tuple(change(m) if m.name == name else m for m in members), {}))


def declaring(m: Member, encoding: str) -> str:
    """The member's XML with its declaration naming ``encoding``."""
    return re.sub(r"encoding=(['\"])UTF-8\1", f'encoding="{encoding}"',
                  m.data().decode("utf-8"), count=1)


def utf16(m: Member) -> Member:
    xml = declaring(m, "UTF-16")
    return _member(m.name, xml.encode("utf-16"))


def latin1(m: Member) -> Member:
    xml = m.data().decode("utf-8")
    cut = xml.index("<", xml.index("?>"))
    xml = xml[:cut] + "<!-- Café -->" + xml[cut:]
    return _member(m.name, xml.encode("latin-1", "xmlcharrefreplace"))


def declared_latin1(m: Member) -> Member:
    xml = declaring(m, "ISO-8859-1")
    return _member(m.name, xml.replace("{{ client }}", "Café {{ client }}", 1)
                   .encode("latin-1", "xmlcharrefreplace"))


def bad_deflate(m: Member) -> Member:
    raw = bytearray(m.raw)
    raw[0] = 0x07  # a final block of the reserved type 3, whatever the part holds
    return Member(m.name, m.method, m.crc, m.size, bytes(raw))


def wrong_checksum(m: Member) -> Member:
    return Member(m.name, m.method, m.crc ^ 1, m.size, m.raw)


def dangling(m: Member) -> Member:
    xml = m.data().decode("utf-8").replace("slideMaster1.xml", "slideMaster9.xml")
    return _member(m.name, xml.encode("utf-8"))


PLAN, DECK = "engagement_plan.docx", "qbr.pptx"
LAYOUT = "ppt/slideLayouts/slideLayout2.xml"
BROKEN = [
    (PLAN, "word/document.xml", latin1, "word/document.xml: expected XML in UTF-8, found another "
     "encoding; save the template again from Word"),
    (PLAN, "word/document.xml", bad_deflate, "word/document.xml: the template's zip is damaged "
     "(Error -3 while decompressing data: invalid block type); save the template "
     "again from Word"),
    (PLAN, "word/styles.xml", wrong_checksum, "word/styles.xml: the template's zip is damaged "
     "(its checksum does not match); save the template again from Word"),
    (DECK, LAYOUT, latin1, f"{LAYOUT}: expected XML in UTF-8, found another encoding; save the "
     "template again from PowerPoint"),
    (DECK, "ppt/theme/theme1.xml", bad_deflate, "ppt/theme/theme1.xml: the template's zip is "
     "damaged (Error -3 while decompressing data: invalid block type); save the "
     "template again from PowerPoint"),
    (DECK, "ppt/slideLayouts/_rels/slideLayout2.xml.rels", dangling,
     "ppt/slideLayouts/_rels/slideLayout2.xml.rels: relationship rId1 points to "
     "../slideMasters/slideMaster9.xml, which the template does not have; save the template "
     "again from PowerPoint"),
]


def without_content_types(folder: Path) -> str:
    members = read_package((TEMPLATES / PLAN).read_bytes())
    kept = tuple(m for m in members if m.name != "[Content_Types].xml")
    (folder / PLAN).write_bytes(write_package(kept, {}))
    return ("[Content_Types].xml: missing, an Office file needs it; save the template again "
            "from Word")


def it_names_a_part_an_office_file_needs(tmp_path):
    expected = without_content_types(tmp_path)
    result = run("plan", str(SAMPLE), "--templates", str(tmp_path), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / PLAN}: {expected}\n"


@pytest.mark.parametrize(("name", "part", "change", "expected"), BROKEN,
                         ids=[f"{n}-{c.__name__}" for n, _, c, _ in BROKEN])
@pytest.mark.parametrize("command", ["all", "batch"])
def it_names_the_template_and_part_of_a_broken_file(tmp_path, name, part, change, expected,
                                                     command):
    folder = tmp_path / "templates"
    folder.mkdir()
    _rewrite(TEMPLATES / name, folder / name, part, change)
    out = tmp_path / "out"
    result = run(command, str(SAMPLE), "--templates", str(folder), "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"error: {folder / name}: {expected}\n"
    assert not out.exists()


def _zeros(name: str, size: int, declared: int) -> Member:
    """A member of ``size`` zero bytes whose zip entry says ``declared``."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(2**20)
    raw = b"".join(deflater.compress(chunk) for _ in range(size // 2**20)) + deflater.flush()
    return Member(name, 8, 0, declared, raw)


@pytest.mark.parametrize(("declared", "expected"), [
    (300 * 2**20, "unzips to 300 MB; a template may hold at most 200 MB"),
    (1000, "word/media/image9.png: the template's zip is damaged (it unzips to more than "
     "the 1,000 bytes its entry gives); save the template again from Word"),
])
def it_refuses_a_template_that_unzips_to_too_much(tmp_path, declared, expected):
    folder = tmp_path / "templates"
    folder.mkdir()
    members = read_package((TEMPLATES / PLAN).read_bytes())
    bomb = _zeros("word/media/image9.png", 300 * 2**20, declared)
    (folder / PLAN).write_bytes(write_package((*members, bomb), {}))
    result = run("plan", str(SAMPLE), "--templates", str(folder), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert result.stderr == f"error: {folder / PLAN}: {expected}\n"


def it_names_an_unreadable_template(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    folder.mkdir()
    locked = folder / DECK
    shutil.copy(TEMPLATES / DECK, locked)
    locked.chmod(0)
    real_open = io.open

    def refusing(file, *args, **kwargs):  # root reads a file of mode 0 all the same
        if Path(file) == locked:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", refusing)
    for command in ("qbr", "batch"):
        result = run(command, str(SAMPLE), "--templates", str(folder), "--out",
                     str(tmp_path / "out"))
        assert result.exit_code == 2
        assert result.stderr == f"error: {locked}: cannot read template (Permission denied)\n"
        assert not (tmp_path / "out").exists()


def it_renders_a_deck_from_a_template_in_utf_16(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    _rewrite(TEMPLATES / DECK, folder / DECK, LAYOUT, utf16)
    result = run("qbr", str(SAMPLE), "--templates", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert len(pptx.Presentation(result.stdout.strip()).slides) > 10


@pytest.mark.parametrize("change", [utf16, declared_latin1], ids=lambda f: f.__name__)
def it_renders_a_word_template_whose_xml_declares_another_encoding(tmp_path, change):
    folder = tmp_path / "templates"
    folder.mkdir()
    _rewrite(TEMPLATES / PLAN, folder / PLAN, "word/document.xml", change)
    result = run("plan", str(SAMPLE), "--templates", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    document = docx.Document(result.stdout.strip())
    assert "Kestonbury Print Management Ltd" in "".join(p.text for p in document.paragraphs)
    if change is declared_latin1:
        assert any("Café Kestonbury" in p.text for p in document.paragraphs)
