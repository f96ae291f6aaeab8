"""One house style: the three templates share one theme (colours and fonts), every brand
colour and font in them refers to it, and a designer who changes the theme, as Word's
Design > Colours and PowerPoint's Variants > Colours do (``theme1.xml``), rebrands all
three documents, in Word and PowerPoint and in the PDFs LibreOffice draws."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from generator.cli import cli
from generator.render.deck import STATUS_COLOURS
from generator.render.docx import theme
from generator.render.pdf import preview
from generator.render.pdf.convert import convert_to_pdf, find_soffice

from .conftest import ROOT, SAMPLES, copy_logos, need_tool

TEMPLATES = ("engagement_plan.docx", "success_plan.docx", "qbr.pptx")
WORD_THEME = "word/theme/theme1.xml"
DECK_THEME = "ppt/theme/theme1.xml"
OLD = {"accent1": "1F6FB2", "dk2": "17324D", "hlink": "1F6FB2"}
NEW = {"accent1": "C2185B", "dk2": "0E4D2F", "hlink": "C2185B"}
NEW_FONT = "Noto Serif"
# every brand colour the templates have had: none may be left in a rebranded document
OLD_BRAND = ("1F6FB2", "17324D", "0B5563", "1F4E79", "E3EDF1", "EAF0F7", "4F81BD", "365F91")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
KESTONBURY = next(p for p in SAMPLES if "kestonbury" in p.name)


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist()
                if n.endswith((".xml", ".rels"))}


def rebrand(xml: str) -> str:
    """A theme with new accent 1, dark 2 and hyperlink colours and a new font for
    headings and body, as Word and PowerPoint write it."""
    for slot, value in NEW.items():
        xml, count = re.subn(rf"<a:{slot}>.*?</a:{slot}>",
                             f'<a:{slot}><a:srgbClr val="{value}"/></a:{slot}>', xml, flags=re.S)
        assert count == 1, slot
    fonts = re.search(r"<a:fontScheme.*?</a:fontScheme>", xml, re.S)
    changed, count = re.subn(r'(<a:(?:latin|ea|cs) typeface=")[^"]*"', rf'\g<1>{NEW_FONT}"',
                             fonts.group())
    assert count == 6
    changed = re.sub(r'name="[^"]*"', 'name="Custom 1"', changed, count=1)  # as Word names it
    return xml[:fonts.start()] + changed + xml[fonts.end():]


def rewrite(path: Path, name: str, edit) -> None:
    with zipfile.ZipFile(path) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            z.writestr(info, edit(data.decode("utf-8")).encode("utf-8")
                       if info.filename == name else data)


@pytest.fixture(scope="module")
def rebranded(tmp_path_factory) -> dict[str, Path]:
    """The three documents of a sample written with rebranded copies of the templates."""
    tmp = tmp_path_factory.mktemp("house-style")
    templates = tmp / "templates"
    templates.mkdir()
    for name in TEMPLATES:
        shutil.copy(ROOT / "templates" / name, templates / name)
        rewrite(templates / name, DECK_THEME if name.endswith(".pptx") else WORD_THEME, rebrand)
    shutil.copy(KESTONBURY, tmp / KESTONBURY.name)
    copy_logos(tmp)
    result = CliRunner().invoke(cli, ["all", str(tmp / KESTONBURY.name), "--templates",
                                      str(templates), "--out", str(tmp / "out")])
    assert result.exit_code == 0, result.output
    written = [Path(line) for line in result.stdout.splitlines()]
    return {kind: next(p for p in written if p.name.startswith(kind))
            for kind in ("engagement-plan", "success-plan", "qbr")}


# --- the shipped templates -----------------------------------------------------------------

def it_gives_the_word_templates_the_decks_theme():
    deck = part(ROOT / "templates" / "qbr.pptx", DECK_THEME)
    scheme = re.search(r"<a:clrScheme.*?</a:clrScheme>", deck, re.S).group()
    fonts = re.search(r"<a:fontScheme.*?</a:fontScheme>", deck, re.S).group()
    assert 'name="docgen"' in scheme and '<a:accent1><a:srgbClr val="1F6FB2"/>' in scheme
    for name in TEMPLATES[:2]:
        word = part(ROOT / "templates" / name, WORD_THEME)
        assert scheme in word and fonts in word, name
        assert 'Target="theme/theme1.xml"' in part(ROOT / "templates" / name,
                                                   "word/_rels/document.xml.rels")


@pytest.mark.parametrize("name", TEMPLATES[:2])
def it_refers_to_the_theme_for_every_colour_but_status_and_every_font(name):
    statuses = {ink for _, ink in STATUS_COLOURS.values()}
    for part_name, xml in parts(ROOT / "templates" / name).items():
        if not re.match(r"word/(styles|document|header\d*|footer\d*|numbering)\.xml$", part_name):
            continue
        for tag, attrs in re.findall(r"<w:(\w+)\b([^>]*?)/?>", xml):
            values = dict(re.findall(r'\bw:(\w+)="([^"]*)"', attrs))
            if tag == "color":
                assert "themeColor" in values or values.get("val") in statuses | {"auto"}, \
                    (part_name, tag, attrs)
            elif tag == "shd" and values.get("fill", "auto") != "auto":
                assert "themeFill" in values, (part_name, tag, attrs)
            elif tag in ("top", "left", "bottom", "right", "insideH", "insideV") \
                    and values.get("color", "auto") != "auto":
                assert "themeColor" in values, (part_name, tag, attrs)
            elif tag == "rFonts":
                assert set(values) == {"asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"}, \
                    (part_name, attrs)
            assert "hint" not in values, (part_name, tag, attrs)


def it_uses_the_decks_status_colours_in_the_success_plan():
    styles = part(ROOT / "templates" / "success_plan.docx", "word/styles.xml")
    for status, (_, ink) in STATUS_COLOURS.items():
        style = re.search(rf'w:styleId="Status{status.capitalize()}".*?</w:style>', styles).group()
        assert f'<w:color w:val="{ink}"/>' in style, status


def it_keeps_only_the_styles_the_engagement_plan_uses():
    styles = part(ROOT / "templates" / "engagement_plan.docx", "word/styles.xml")
    assert len(styles) < 40_000  # Word's built-in table styles are gone
    for needed in ("Title", "Heading1", "Heading2", "TableHead", "GridCadence", "Note"):
        assert f'w:styleId="{needed}"' in styles
    assert "stylesWithEffects" not in part(ROOT / "templates" / "engagement_plan.docx",
                                           "word/_rels/document.xml.rels")


# --- a rebranded theme ---------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["engagement-plan", "success-plan"])
def it_draws_word_documents_in_the_changed_theme(rebranded, kind):
    doc = parts(rebranded[kind])
    th = theme.Theme(doc[WORD_THEME], doc["word/settings.xml"])
    assert th.colour("accent1") == NEW["accent1"] and th.colour("text2") == NEW["dk2"]
    refs = {"accent1": 0, "text2": 0}
    for name in ("word/styles.xml", "word/document.xml"):
        for tag, attrs in re.findall(r"<w:(color|shd|top|bottom|left|right|insideH|insideV)\b"
                                     r"([^>]*?)/?>", doc[name]):
            values = dict(re.findall(r'\bw:(\w+)="([^"]*)"', attrs))
            for ref, shade, tint, literal in (
                    ("themeColor", "themeShade", "themeTint",
                     "val" if tag == "color" else "color"),
                    ("themeFill", "themeFillShade", "themeFillTint", "fill")):
                if ref not in values:
                    continue
                expected = th.colour(values[ref], values.get(shade), values.get(tint))
                assert values[literal] == expected, (kind, name, attrs)
                if values[ref] in refs and not values.get(shade) and not values.get(tint):
                    refs[values[ref]] += 1
    assert refs["accent1"] >= 2 and refs["text2"] >= 3, refs  # headers; title and headings
    styles = doc["word/styles.xml"]
    heading = re.search(r'w:styleId="Heading1".*?</w:style>', styles).group()
    assert f'w:val="{NEW["dk2"]}" w:themeColor="text2"' in heading
    fonts = re.findall(r"<w:rFonts\b[^>]*>", styles)
    assert fonts and all(f'w:{slot}="{NEW_FONT}"' in f for f in fonts
                         for slot in ("ascii", "hAnsi", "eastAsia", "cs"))
    for name, xml in doc.items():
        for old in OLD_BRAND:
            assert old not in xml.upper(), (kind, name, old)
        if name != "word/fontTable.xml":
            assert "Noto Sans" not in xml.replace("Noto Sans Symbols", ""), (kind, name)


def it_draws_the_deck_in_the_changed_theme(rebranded):
    deck = parts(rebranded["qbr"])
    th = deck[DECK_THEME]
    assert f'<a:accent1><a:srgbClr val="{NEW["accent1"]}"/></a:accent1>' in th
    assert f'<a:dk2><a:srgbClr val="{NEW["dk2"]}"/></a:dk2>' in th
    assert th.count(f'<a:latin typeface="{NEW_FONT}"/>') == 2
    notes_theme = deck["ppt/theme/theme2.xml"]  # the notes master's: the deck's own
    for scheme in ("clrScheme", "fontScheme"):
        pattern = rf"<a:{scheme}\b.*?</a:{scheme}>"
        assert re.sub(r"\s", "", re.search(pattern, notes_theme, re.S).group()) == \
            re.sub(r"\s", "", re.search(pattern, th, re.S).group())
    allowed = {c for pair in STATUS_COLOURS.values() for c in pair} | {"D9DEE4"}  # gridlines
    drawn = [n for n in deck if re.match(r"ppt/(slides|charts|slideLayouts|slideMasters)/", n)]
    assert any("charts/" in n for n in drawn)
    for name in drawn:
        xml = deck[name]
        assert set(re.findall(r'<a:srgbClr val="([0-9A-Fa-f]{6})"', xml)) <= allowed, name
        assert not re.search(r'typeface="(?!\+m[nj]-|Noto Sans Symbols2)', xml), name
    assert any('<a:schemeClr val="accent1"/>' in deck[n] for n in drawn if "charts/" in n)
    for name, xml in deck.items():
        for old in OLD_BRAND:
            assert old not in xml.upper(), (name, old)


def it_shows_the_changed_accent_on_a_page_of_every_pdf(rebranded):
    need_tool("soffice", find_soffice(), "libreoffice-writer-nogui")
    need_tool("pdftoppm", preview.find_pdftoppm(), "poppler-utils")
    documents = list(rebranded.values())
    pdfs = convert_to_pdf(documents)
    accent = tuple(int(NEW["accent1"][i:i + 2], 16) for i in (0, 2, 4))
    for document in documents:
        pdf = pdfs[document]
        assert isinstance(pdf, Path), pdf
        pages = preview.write_pages(pdf, pdf.parent / f"{pdf.stem}-pages")
        counts = []
        for page in pages:
            with Image.open(page) as image:
                rgb = image.convert("RGB")
                colours = rgb.getcolors(rgb.width * rgb.height)
            counts.append(sum(n for n, c in colours
                              if all(abs(a - b) <= 12 for a, b in zip(c, accent, strict=True))))
        assert max(counts) > 500, (document.name, counts)  # a header row's fill, a band
