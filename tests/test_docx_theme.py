"""generator.render.docx.theme: theme colours and fonts written into a Word part's
fallbacks, shaded and tinted as Word does."""

from __future__ import annotations

import pytest

from generator.render.docx import theme
from generator.render.package import deflate

OFFICE = {"accent1": "4F81BD", "accent2": "C0504D", "accent3": "9BBB59", "accent4": "8064A2",
          "accent5": "4BACC6", "accent6": "F79646"}

# (theme colour, themeShade, themeTint, what Word 2010 wrote beside it in the styles of its
# default Office theme, where dk1 is 000000 and dk2 1F497D)
WORD = [
    ("accent1", "BF", None, "365F91"), ("accent1", "7F", None, "243F60"),
    ("accent1", "99", None, "2C4C74"), ("accent1", None, "7F", "A7BFDE"),
    ("accent1", None, "BF", "7BA0CD"), ("accent1", None, "66", "B8CCE4"),
    ("accent1", None, "33", "DBE5F1"), ("accent1", None, "3F", "D3DFEE"),
    ("accent1", None, "19", "EDF2F8"), ("accent2", "BF", None, "943634"),
    ("accent2", "7F", None, "622423"), ("accent2", "CC", None, "9E3A38"),
    ("accent2", None, "7F", "DFA7A6"), ("accent2", None, "33", "F2DBDB"),
    ("accent3", "BF", None, "76923C"), ("accent3", None, "66", "D6E3BC"),
    ("accent3", None, "BF", "B3CC82"), ("accent4", "99", None, "4C3B62"),
    ("accent4", None, "3F", "DFD8E8"), ("accent5", "CC", None, "348DA5"),
    ("accent5", None, "19", "EDF6F9"), ("accent6", "7F", None, "974706"),
    ("accent6", None, "7F", "FBCAA2"), ("text2", "BF", None, "17365D"),
    ("text1", None, "BF", "404040"), ("text1", None, "19", "E6E6E6"),
    ("text1", None, "A6", "595959"), ("background1", "D8", None, "D8D8D8"),
]

THEME = ('<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements>'
         '<a:clrScheme name="t"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
         '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
         '<a:dk2><a:srgbClr val="1F497D"/></a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2>'
         + "".join(f'<a:{k}><a:srgbClr val="{v}"/></a:{k}>' for k, v in OFFICE.items())
         + '<a:hlink><a:srgbClr val="0000FF"/></a:hlink><a:folHlink><a:srgbClr val="800080"/>'
         '</a:folHlink></a:clrScheme><a:fontScheme name="f">'
         '<a:majorFont><a:latin typeface="Georgia"/><a:ea typeface=""/><a:cs typeface=""/>'
         '</a:majorFont><a:minorFont><a:latin typeface="Verdana"/><a:ea typeface="Verdana"/>'
         '<a:cs typeface="Tahoma"/></a:minorFont></a:fontScheme></a:themeElements></a:theme>')


def channels(colour: str) -> list[int]:
    return [int(colour[i:i + 2], 16) for i in (0, 2, 4)]


@pytest.mark.parametrize(("name", "shade", "tint", "word"), WORD)
def it_shades_and_tints_a_theme_colour_within_a_step_of_what_word_writes(name, shade, tint,
                                                                        word):
    got = theme.Theme(THEME).colour(name, shade, tint)
    assert all(abs(a - b) <= 1 for a, b in zip(channels(got), channels(word), strict=True)), \
        (got, word)


def it_keeps_a_colour_without_shade_or_tint_and_scales_black_and_white_exactly():
    th = theme.Theme(THEME)
    assert th.colour("accent1") == "4F81BD"
    assert th.colour("text2") == "1F497D"
    assert th.colour("dark2") == "1F497D"
    assert th.colour("text1", None, "7F") == "808080"
    assert theme.shade("FFFFFF", "BF") == "BFBFBF"
    assert theme.tint("000000", "33") == "CCCCCC"
    assert th.colour("nonsense") is None


def it_maps_text_and_background_through_the_documents_colour_mapping():
    settings = ('<w:settings xmlns:w="w"><w:clrSchemeMapping w:bg1="dark1" w:t1="light1" '
                'w:bg2="light2" w:t2="dark2"/></w:settings>')
    th = theme.Theme(THEME, settings)
    assert th.colour("text1") == "FFFFFF"
    assert th.colour("background1") == "000000"


def it_rewrites_colour_fill_and_border_fallbacks_from_the_theme():
    xml = ('<w:rPr><w:color w:val="123456" w:themeColor="accent1" w:themeShade="BF"/></w:rPr>'
           '<w:shd w:val="clear" w:color="auto" w:fill="1F4E79" w:themeFill="accent2"/>'
           '<w:shd w:val="clear" w:color="000000" w:themeColor="text2" w:fill="FFFFFF" '
           'w:themeFill="accent1" w:themeFillTint="33"/>'
           '<w:top w:val="single" w:sz="4" w:color="9FB3C8" w:themeColor="accent5"/>'
           '<w:color w:val="B91C1C"/><w:t>{{ w:themeColor }}</w:t>')
    out = theme.Theme(THEME).follow(xml)
    assert f'<w:color w:val="{theme.shade("4F81BD", "BF")}" w:themeColor="accent1" ' \
        'w:themeShade="BF"/>' in out
    assert 'w:fill="C0504D" w:themeFill="accent2"' in out
    assert f'w:color="1F497D" w:themeColor="text2" w:fill="{theme.tint("4F81BD", "33")}"' in out
    assert '<w:top w:val="single" w:sz="4" w:color="4BACC6" w:themeColor="accent5"/>' in out
    assert '<w:color w:val="B91C1C"/>' in out  # a colour of its own stays
    assert "<w:t>{{ w:themeColor }}</w:t>" in out


def it_writes_font_fallbacks_from_the_theme_fonts():
    xml = ('<w:rFonts w:ascii="Calibri" w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" '
           'w:eastAsiaTheme="minorEastAsia" w:cstheme="minorBidi"/>'
           '<w:rFonts w:asciiTheme="majorHAnsi" w:eastAsiaTheme="majorEastAsia"/>')
    out = theme.Theme(THEME).follow(xml)
    assert ('<w:rFonts w:ascii="Verdana" w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" '
            'w:eastAsiaTheme="minorEastAsia" w:cstheme="minorBidi" w:hAnsi="Verdana" '
            'w:eastAsia="Verdana" w:cs="Tahoma"/>') in out
    # the major East Asian font is empty in the theme: no fallback is made up
    assert '<w:rFonts w:asciiTheme="majorEastAsia" w:ascii="Georgia"' not in out
    assert ('<w:rFonts w:asciiTheme="majorHAnsi" w:eastAsiaTheme="majorEastAsia" '
            'w:ascii="Georgia"/>') in out


def it_follows_the_theme_its_document_names_in_styles_body_headers_and_footers():
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/theme" Target="theme/brand.xml"/></Relationships>')
    part = '<w:color w:val="000000" w:themeColor="accent3"/>'
    members = (deflate("word/_rels/document.xml.rels", rels.encode()),
               deflate("word/theme/brand.xml", THEME.encode()),
               *(deflate(name, part.encode()) for name in (
                   "word/styles.xml", "word/document.xml", "word/header1.xml",
                   "word/footer2.xml", "word/numbering.xml")))
    out = {m.name: m.data().decode() for m in theme.follow(members)}
    for name in ("word/styles.xml", "word/document.xml", "word/header1.xml", "word/footer2.xml"):
        assert out[name] == '<w:color w:val="9BBB59" w:themeColor="accent3"/>', name
    assert out["word/numbering.xml"] == part
    assert theme.follow(members[2:]) == members[2:]  # no theme: as it was
