"""docgen export actions: the workbook a client fills in, and its way back through
docgen import (filled in with openpyxl, as a spreadsheet program would)."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import openpyxl
import pytest
from pptx import Presentation

from generator.cli import main
from generator.i18n import Language
from generator.resources import shipped

from .conftest import ROOT, copy_logos

SAMPLE = ROOT / "samples" / "kestonbury-print.json"


@pytest.fixture
def client(tmp_path, monkeypatch):
    path = tmp_path / "clients" / SAMPLE.name
    path.parent.mkdir()
    shutil.copy(SAMPLE, path)
    copy_logos(path.parent)
    monkeypatch.chdir(tmp_path)
    return path


def docgen(capsys, *args) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def exported(capsys, client, *args):
    status, out, err = docgen(capsys, "export", "actions", client, "--out", "out", *args)
    assert status == 0, err
    return out.strip()


class DescribeTheWorkbook:
    def it_lists_the_quarter_s_action_items_and_kpi_values(self, client, capsys):
        path = exported(capsys, client)
        assert path == "out/kestonbury-print-management-ltd/actions_2026-Q4_en.xlsx"
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["Action items", "KPI values"]
        data = json.loads(client.read_text(encoding="utf-8"))
        items = data["quarters"]["2026-Q4"]["action_items"]
        rows = list(book["Action items"].iter_rows(values_only=True))
        assert rows[0] == ("Client", "Quarter", "No.", "Action", "Owner", "Due", "Status")
        words = {"open": "Open", "in_progress": "In progress", "done": "Done"}
        assert rows[1:1 + len(items)] == [
            ("Kestonbury Print Management Ltd", "2026-Q4", n, i["action"], i["owner"],
             dt.datetime.fromisoformat(i["due"]), words[i["status"]])
            for n, i in enumerate(items, 1)]
        kpis = list(book["KPI values"].iter_rows(values_only=True))
        assert kpis[0] == ("Client", "KPI id", "Measure", "Target", "Date", "Value", "Note")
        assert [(r[1], r[4], r[5]) for r in kpis[1:]] == [
            (k["id"], dt.datetime.fromisoformat(k["measurements"][-1]["date"]),
             k["measurements"][-1]["value"]) for k in data["kpis"]]

    def it_protects_the_id_columns_and_offers_a_status_drop_down(self, client, capsys):
        book = openpyxl.load_workbook(exported(capsys, client))
        sheet = book["Action items"]
        assert sheet.protection.sheet
        locked = {cell.column_letter: cell.protection.locked for cell in sheet[2]}
        assert locked == {"A": True, "B": True, "C": True, "D": True,
                          "E": False, "F": False, "G": False}
        blank = {cell.column_letter: cell.protection.locked for cell in sheet[sheet.max_row]}
        assert blank["A"] and blank["B"] and blank["C"] and not blank["D"]
        (status,) = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
        assert status.formula1 == '"Open,In progress,Done"'
        assert str(status.sqref) == f"G2:G{sheet.max_row}"
        kpis = book["KPI values"]
        assert kpis.protection.sheet
        assert [c.protection.locked for c in kpis[2]] == [True] * 4 + [False] * 3

    def it_writes_the_client_s_language_and_the_same_bytes_each_time(self, client, capsys):
        ru = ROOT / "samples" / "kamnegrad-mashzavod.json"
        first = exported(capsys, ru)
        data = open(first, "rb").read()
        assert open(exported(capsys, ru), "rb").read() == data
        book = openpyxl.load_workbook(first)
        assert book.sheetnames == ["Поручения", "Значения KPI"]
        header = [c.value for c in book["Поручения"][1]]
        assert header == ["Клиент", "Квартал", "№", "Действие", "Ответственный", "Срок",
                          "Статус"]
        (status,) = [v for v in book["Поручения"].data_validations.dataValidation
                     if v.type == "list"]
        assert status.formula1 == '"Не начато,В работе,Выполнено"'

    def it_refuses_a_quarter_the_file_does_not_have(self, client, capsys):
        status, out, err = docgen(capsys, "export", "actions", client, "--quarter", "2031-Q1")
        assert (status, out) == (2, "")
        assert err == (f"{client}: quarters: no quarter 2031-Q1; the file has 2026-Q3, "
                       "2026-Q4\n")


class DescribeTheRoundTrip:
    def it_updates_the_file_and_the_next_deck_from_the_returned_sheet(self, client, capsys,
                                                                      tmp_path):
        book = openpyxl.load_workbook(exported(capsys, client))
        items = book["Action items"]
        items["G2"] = "Done"
        items["E4"] = "Priya Raman"
        items["F4"] = dt.datetime(2027, 3, 19)
        items["D6"] = "Agree the 2027 savings target with Finance"
        items["E6"] = "Helena Marsh"
        items["F6"] = dt.datetime(2027, 2, 5)
        kpis = book["KPI values"]
        kpis["F5"] = 106  # active suppliers on 2026-12-31, corrected
        kpis["G5"] = "Two suppliers counted late"
        returned = tmp_path / "returned.xlsx"
        book.save(returned)
        before = client.read_text(encoding="utf-8")
        status, out, err = docgen(capsys, "import", returned, "--into", client.parent)
        assert status == 0, err
        assert out.splitlines() == [str(client)]
        assert (f'{client}: KPI "active-suppliers" on 2026-12-31: 104 replaced by 106'
                in err)
        after = client.read_text(encoding="utf-8")
        data = json.loads(after)
        q4 = data["quarters"]["2026-Q4"]["action_items"]
        assert q4[0]["status"] == "done"
        assert (q4[2]["owner"], q4[2]["due"]) == ("Priya Raman", "2027-03-19")
        assert q4[-1] == {"action": "Agree the 2027 savings target with Finance",
                          "owner": "Helena Marsh", "due": "2027-02-05", "status": "open"}
        assert len(after.splitlines()) == len(before.splitlines()) + 6
        status, out, err = docgen(capsys, "qbr", client, "--quarter", "2026-Q4", "--out",
                                  tmp_path / "out", "--quiet")
        assert status == 0, err
        lang = Language("en", [shipped("locales")], "GB")
        rows = {}
        for slide in Presentation(out.strip()).slides:
            if slide.shapes.title is not None and slide.shapes.title.text in (
                    "Action items", "Last quarter's actions reviewed"):
                for shape in slide.shapes:
                    if shape.has_table:
                        rows |= {r.cells[0].text: [c.text for c in r.cells][1:]
                                 for r in list(shape.table.rows)[1:]}
        assert rows["Agree the 2027 savings target with Finance"][:2] == [
            "Helena Marsh", lang.date(dt.date(2027, 2, 5), "medium")]
        assert rows[q4[2]["action"]][:2] == ["Priya Raman",
                                             lang.date(dt.date(2027, 3, 19), "medium")]

    def it_imports_an_untouched_sheet_without_changing_anything(self, client, capsys):
        path = exported(capsys, client)
        before = client.read_bytes()
        status, out, err = docgen(capsys, "import", path, "--into", client.parent)
        assert (status, out) == (0, "")
        assert client.read_bytes() == before
        assert "changed 0 client file(s)" in err

    def it_refuses_a_row_whose_action_changed_since_the_export(self, client, capsys, tmp_path):
        path = exported(capsys, client)
        data = json.loads(client.read_text(encoding="utf-8"))
        data["quarters"]["2026-Q4"]["action_items"].pop(0)
        client.write_text(json.dumps(data, indent=2), encoding="utf-8")
        before = client.read_bytes()
        status, _, err = docgen(capsys, "import", path, "--into", client.parent)
        assert status == 2
        assert err.splitlines()[0].startswith(
            f'{path}: sheet "Action items": row 2, column D "Action": expected the text of '
            'action item 1 as exported, "Renew the single sign-on certificate')
        assert client.read_bytes() == before


def it_passes_over_the_columns_it_writes_for_the_reader(client, capsys):
    path = exported(capsys, client)
    status, _, err = docgen(capsys, "import", path, "--into", client.parent)
    assert status == 0
    assert "note:" not in err


def it_keeps_the_file_s_own_notes_out_of_the_sheet(client, capsys):
    text = client.read_text(encoding="utf-8")
    assert '{"date": "2026-12-31", "value": 104}' in text
    client.write_text(text.replace('{"date": "2026-12-31", "value": 104}',
                                   '{"date": "2026-12-31", "value": 104, "$comment": "internal"}'),
                      encoding="utf-8")
    book = openpyxl.load_workbook(exported(capsys, client))
    values = [c.value for row in book["KPI values"].iter_rows() for c in row]
    assert 104 in values and "internal" not in values
