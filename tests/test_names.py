"""Names per language (generator.names): a document uses the name in its language."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from docx import Document
from pptx import Presentation

from generator.cli import cli
from generator.model import Client
from generator.names import name_in, names_in

from .conftest import ROOT

KAMNEGRAD = ROOT / "samples" / "kamnegrad-mashzavod.json"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def title_lines(path) -> list[str]:
    prs = Presentation(io.BytesIO(path.read_bytes()))
    return [p.text for sh in prs.slides[0].shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs]


@pytest.mark.parametrize(("lang", "presented"), [
    ("en", "Presented by Maria Levchenko and Dmitry Orlov"),
    ("ru", "Докладчики: Левченко Мария Павловна и Орлов Дмитрий Александрович"),
])
def it_presents_a_deck_by_the_names_in_its_language(tmp_path, lang, presented):
    result = run("qbr", str(KAMNEGRAD), "--lang", lang, "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    (path,) = [line for line in result.stdout.splitlines()]
    lines = title_lines(tmp_path / path)
    assert presented in lines, lines


def it_falls_back_to_the_client_language_then_the_first():
    assert name_in({"en": "Maria", "ru": "Мария"}, "en", "ru") == "Maria"
    assert name_in({"ru": "Мария"}, "en", "ru") == "Мария"
    assert name_in({"de": "Maria", "fr": "Marie"}, "en", "ru") == "Maria"
    assert name_in("Мария", "en", "ru") == "Мария"


def it_takes_a_name_per_language_for_every_name(tmp_path):
    data = json.loads(KAMNEGRAD.read_text(encoding="utf-8"))
    data["client"]["name"] = {"ru": "АО «Камнеград»", "en": "Kamnegrad JSC"}
    data["contacts"]["client"][0]["name"] = {"ru": "Иванов Иван", "en": "Ivan Ivanov"}
    data["team"][0]["name"] = {"ru": "Левченко М. П.", "en": "M. Levchenko"}
    client = Client.model_validate(data)
    english = names_in(client, "en")
    assert english.client.name == "Kamnegrad JSC"
    assert english.contacts.client[0].name == "Ivan Ivanov"
    assert english.team[0].name == "M. Levchenko"
    assert names_in(client, "ru").client.name == "АО «Камнеград»"
    source = tmp_path / "client.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("plan", str(source), "--lang", "en", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    (path,) = result.stdout.splitlines()
    assert "/ao-kamnegrad/" in path  # the folder is named in the client's language
    cells = [c.text for t in Document(path).tables for row in t.rows for c in row.cells]
    assert "Ivan Ivanov" in cells and "Kamnegrad JSC" in cells
    assert "Иванов Иван" not in cells


def it_refuses_an_empty_name():
    data = json.loads(KAMNEGRAD.read_text(encoding="utf-8"))
    data["client"]["name"] = {"en": ""}
    with pytest.raises(ValueError, match="expected a name"):
        Client.model_validate(data)
