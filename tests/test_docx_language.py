"""Word documents carry their language and hyphenate by its rules
(generator.render.docx.language)."""

from __future__ import annotations

import io
import zipfile

from generator.documents import KINDS, csp, plan
from generator.i18n import Languages
from generator.render.docx.language import _settings, _styles
from generator.resources import Folders

from .goldens import SAMPLES, client


def part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def it_sets_the_default_language_where_the_template_has_one():
    xml = ('<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="20"/>'
           '<w:lang w:val="en-GB" w:eastAsia="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults>')
    assert '<w:lang w:val="ru-RU" w:eastAsia="en-GB"/>' in _styles(xml, "ru-RU")


def it_adds_the_default_language_where_the_template_has_none():
    xml = '<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="20"/></w:rPr></w:rPrDefault>'
    assert '<w:sz w:val="20"/><w:lang w:val="ru-RU"/></w:rPr>' in _styles(xml, "ru-RU")
    bare = '<w:styles xmlns:w="x"><w:style/></w:styles>'
    assert _styles(bare, "ru-RU").startswith(
        '<w:styles xmlns:w="x"><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="ru-RU"/>')


def it_turns_hyphenation_on_unless_the_template_turned_it_off():
    on = _settings('<w:settings><w:defaultTabStop w:val="720"/>'
                   '<w:themeFontLang w:val="en-US"/></w:settings>', "ru-RU")
    assert on == ('<w:settings><w:defaultTabStop w:val="720"/><w:autoHyphenation w:val="true"/>'
                  '<w:themeFontLang w:val="ru-RU"/></w:settings>')
    off = '<w:settings><w:defaultTabStop w:val="720"/><w:autoHyphenation w:val="false"/></w:settings>'
    assert _settings(off, "ru-RU") == off


def it_writes_each_plan_in_its_own_language():
    folders = Folders()
    sample = next(s for s in SAMPLES if "kamnegrad" in s.name)
    for module, kind, spec, tag in ((plan, "plan", "ru", "ru-RU"), (plan, "plan", "en", "en-"),
                                    (csp, "csp", "ru", "ru-RU"), (csp, "csp", "en+ru", "en-")):
        c = client(sample)
        langs = Languages(spec, folders.locale_dirs(), c.client.country)
        data = module.render(c, langs, folders.template(KINDS[kind].template), None)
        styles = part(data, "word/styles.xml")
        default = styles[styles.find("<w:rPrDefault>"):styles.find("</w:rPrDefault>")]
        assert f'<w:lang w:val="{tag}' in default, (kind, spec)
        assert '<w:autoHyphenation w:val="true"/>' in part(data, "word/settings.xml")
