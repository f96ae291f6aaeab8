"""docgen import: sample exports into copies of the samples, read back from the decks;
bad rows; minimal diffs; docgen.toml mappings; data freshness."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from generator.cli import main
from generator.i18n import Language
from generator.resources import shipped

from .conftest import DATA, ROOT, copy_logos
from .test_jsonedit import changed_lines

IMPORTS = ROOT / "samples" / "imports"
BAD = DATA / "bad-imports"
BAD_CASES = sorted(p for p in BAD.iterdir() if p.suffix in (".csv", ".xlsx"))


@pytest.fixture
def clients(tmp_path, monkeypatch) -> Path:
    """Copies of the samples in tmp_path/clients; the working folder is tmp_path."""
    folder = tmp_path / "clients"
    folder.mkdir()
    for path in (ROOT / "samples").glob("*.json"):
        text = path.read_text(encoding="utf-8").replace(
            '"../schema/client.schema.json"', '"client.schema.json"')
        (folder / path.name).write_text(text, encoding="utf-8")
    copy_logos(folder)
    monkeypatch.chdir(tmp_path)
    return folder


def docgen(capsys, *args: str) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def deck(capsys, client: Path, tmp_path: Path, quarter: str | None = None):
    args = ["qbr", client, "--out", tmp_path / "out", "--quiet"]
    status, out, err = docgen(capsys, *args, *(["--quarter", quarter] if quarter else []))
    assert status == 0, err
    return Presentation(out.strip())


def rows_of(prs, heading: str, lang: Language) -> list[list[str]]:
    """Body rows of every table on the slides of section ``heading`` (and continued)."""
    text = lang.gettext(heading)
    more = lang.gettext("{title} (continued)").replace("{title}", text)
    rows = []
    for slide in prs.slides:
        if slide.shapes.title is not None and slide.shapes.title.text in (text, more):
            for shape in slide.shapes:
                if shape.has_table:
                    rows += [[c.text for c in r.cells] for r in list(shape.table.rows)[1:]]
    return rows


def charts_of(prs, heading: str, lang: Language) -> list:
    text = lang.gettext(heading)
    return [sh.chart for s in prs.slides if s.shapes.title is not None
            and s.shapes.title.text.startswith(text) for sh in s.shapes if sh.has_chart]


EN = Language("en", [shipped("locales")], "GB")
US = Language("en", [shipped("locales")], "US")


class DescribeSampleImports:
    def it_imports_product_analytics_kpis_into_the_deck(self, clients, capsys, tmp_path):
        status, out, err = docgen(capsys, "import", IMPORTS / "product-analytics-kpis.csv",
                                  "--into", clients)
        assert status == 0, err
        assert out.splitlines() == [str(clients / "kestonbury-print.json")]
        assert ('warning: ' + str(IMPORTS / "product-analytics-kpis.csv") + ': row 5: '
                f'{clients / "kestonbury-print.json"}: KPI "savings" on 2026-12-31: 94500 '
                'replaced by 96200') in err.splitlines()
        assert f"{clients / 'kestonbury-print.json'}: measurements 12 added, 1 replaced" in err
        data = json.loads((clients / "kestonbury-print.json").read_text(encoding="utf-8"))
        savings = next(k for k in data["kpis"] if k["id"] == "savings")
        assert savings["measurements"][-4:] == [
            {"date": "2026-12-31", "value": 96200, "note": "Late supplier credit notes counted"},
            {"date": "2027-01-31", "value": 102300}, {"date": "2027-02-28", "value": 109800},
            {"date": "2027-03-31", "value": 118400}]
        prs = deck(capsys, clients / "kestonbury-print.json", tmp_path, "2026-Q4")
        (chart,) = charts_of(prs, "Cumulative savings from competitive quoting", EN)
        assert chart.plots[0].series[0].values[-1] == 96200  # the deck as of its quarter
        rows = rows_of(prs, "Key performance indicators", EN)
        assert any(EN.currency(96200, "GBP") in row for row in rows), rows

    def it_reads_a_russian_export_with_semicolons_a_bom_and_decimal_commas(
            self, clients, capsys, tmp_path):
        status, _, err = docgen(capsys, "import", IMPORTS / "kamnegrad-kpi-export.csv",
                                "--into", clients)
        assert status == 0, err
        data = json.loads((clients / "kamnegrad-mashzavod.json").read_text(encoding="utf-8"))
        by_id = {k["id"]: k["measurements"][-2:] for k in data["kpis"]}
        assert by_id["unplanned-downtime"] == [{"date": "2027-04-30", "value": 265.5},
                                               {"date": "2027-05-31", "value": 241}]
        assert by_id["spare-parts-stock"][0] == {
            "date": "2027-04-30", "value": 201350000, "note": "Списаны неликвиды склада №2"}
        assert by_id["planned-work-share"][-1] == {"date": "2027-05-31", "value": 73.5}

    def it_sets_a_quarter_s_service_months_from_a_helpdesk_report(self, clients, capsys,
                                                                 tmp_path):
        status, out, err = docgen(capsys, "import", IMPORTS / "helpdesk-monthly-report.xlsx",
                                  "--into", clients)
        assert status == 0, err
        assert sorted(out.splitlines()) == [str(clients / "caddo-ridge-dental.json"),
                                            str(clients / "kestonbury-print.json")]
        prs = deck(capsys, clients / "caddo-ridge-dental.json", tmp_path, "2027-Q1")
        (chart,) = charts_of(prs, "Service performance", EN)
        assert chart.plots[0].series[0].values == (168, 152, 160)
        assert chart.plots[0].series[1].values == (171, 150, 163)
        rows = {r[0]: r[1:] for r in rows_of(prs, "Service performance", EN)}
        assert rows["Requests opened"][0] == "480"

    def it_updates_assets_by_serial_number_from_a_warranty_report(self, clients, capsys,
                                                                  tmp_path):
        before = (clients / "caddo-ridge-dental.json").read_text(encoding="utf-8")
        status, _, err = docgen(capsys, "import", IMPORTS / "warranty-report.csv",
                                "--into", clients)
        assert status == 0, err
        assert "assets 1 added, 2 updated" in err
        after = (clients / "caddo-ridge-dental.json").read_text(encoding="utf-8")
        # the two extended warranties of 2026-Q4 and the new server, nothing else
        removed, added = changed_lines(before, after)
        assert [line.strip() for line in removed] == ['"warranty_end": "2026-02-09",',
                                                      '"warranty_end": "2027-03-03",']
        assert [line.strip() for line in added] == [
            '"warranty_end": "2027-06-30",', '"warranty_end": "2028-03-03",', '},', '{',
            '"name": "CRD-PLN-SRV03",', '"kind": "Server (virtualisation host)",',
            '"serial": "SV2R8T55",', '"purchased": "2026-12-18",',
            '"warranty_end": "2031-12-17"']
        assert before.count("2026-02-09") - after.count("2026-02-09") == 1  # 2026-Q3 kept
        prs = deck(capsys, clients / "caddo-ridge-dental.json", tmp_path, "2026-Q4")
        rows = rows_of(prs, "Hardware warranty report", US)
        names = [r[0] for r in rows]
        assert "CRD-PLN-SRV03" in names
        server = rows[names.index("CRD-PLN-SRV01")]
        assert US.date(dt.date(2027, 6, 30), "medium") in server
        assert US.gettext("Covered") in server

    def it_imports_the_returned_actions_sheet_into_the_next_deck(self, clients, capsys,
                                                                 tmp_path):
        status, _, err = docgen(capsys, "import", IMPORTS / "actions-sheet.xlsx",
                                "--into", clients)
        assert status == 0, err
        prs = deck(capsys, clients / "kestonbury-print.json", tmp_path, "2026-Q4")
        rows = {r[0]: r[1:] for r in rows_of(prs, "Last quarter's actions reviewed", EN)}
        assert rows["Renew the single sign-on certificate and test it on the staging "
                    "tenant"][:2] == ["Marek Nowicki", EN.date(dt.date(2027, 3, 5), "medium")]
        assert rows["Send the first quarter's savings report to the board"][:2] == [
            "Helena Marsh", EN.date(dt.date(2027, 4, 16), "medium")]
        assert EN.gettext("Done") in rows["Pay the overdue licence invoice or confirm the "
                                          "purchase order number"]


class DescribeChanges:
    def it_prints_a_dry_run_as_a_diff_and_writes_nothing(self, clients, capsys):
        before = snapshot(clients)
        status, out, err = docgen(capsys, "import", IMPORTS / "product-analytics-kpis.csv",
                                  "--into", clients, "--dry-run")
        assert status == 0, err
        assert snapshot(clients) == before
        name = str(clients / "kestonbury-print.json")
        lines = out.splitlines()
        assert lines[:2] == [f"--- {name}", f"+++ {name}"]
        assert '-        {"date": "2026-12-31", "value": 94500}' in lines
        assert ('+        {"date": "2026-12-31", "value": 96200, "note": "Late supplier credit '
                'notes counted"},') in lines
        changed = [line for line in lines if line[:1] in "+-" and line[:3] not in ("---", "+++")]
        assert len(changed) == 2 * 4 + 12  # the last line of each KPI gains a comma
        assert "would change 1 client file(s)" in err

    def it_writes_a_changed_file_whole_with_its_permissions(self, clients, capsys):
        path = clients / "kestonbury-print.json"
        path.chmod(0o664)
        status, _, err = docgen(capsys, "import", IMPORTS / "product-analytics-kpis.csv",
                                "--into", clients)
        assert status == 0, err
        assert path.stat().st_mode & 0o777 == 0o664
        assert not [p for p in clients.iterdir() if p.name.startswith(".docgen-")]

    def it_changes_nothing_when_any_row_is_bad(self, clients, capsys, tmp_path):
        bad = tmp_path / "mixed.csv"
        bad.write_text("client,kpi,date,value\nkestonbury-print,savings,2027-01-31,1\n"
                       "caddo-ridge-dental,patch-compliance,2027-01-31,lots\n", encoding="utf-8")
        before = snapshot(clients)
        status, out, err = docgen(capsys, "import", bad, "--into", clients)
        assert (status, out) == (2, "")
        assert err.splitlines() == [f'{bad}: row 3, column 4 "value": expected a number, '
                                    'found "lots"']
        assert snapshot(clients) == before

    def it_maps_another_export_s_headers_from_docgen_toml(self, clients, capsys, tmp_path):
        (tmp_path / "docgen.toml").write_text(
            '[import.measurements]\nclient = "Account"\nkpi = "Metric ID"\n'
            'date = "Period end"\nvalue = ["Reading", "Wert"]\n', encoding="utf-8")
        export = tmp_path / "export.csv"
        export.write_text("Account\tMetric ID\tPeriod end\tWert\n"
                          "Caddo Ridge Dental Partners\tpatch-compliance\t31.01.2027\t97,5\n",
                          encoding="utf-8")
        status, _, err = docgen(capsys, "import", export, "--into", "clients")
        assert status == 0, err
        data = json.loads((clients / "caddo-ridge-dental.json").read_text(encoding="utf-8"))
        kpi = next(k for k in data["kpis"] if k["id"] == "patch-compliance")
        assert kpi["measurements"][-1] == {"date": "2027-01-31", "value": 97.5}

    def it_refuses_a_mapping_of_an_unknown_column(self, clients, capsys, tmp_path):
        (tmp_path / "docgen.toml").write_text('[import.measurements]\nkpi_name = "Metric"\n',
                                              encoding="utf-8")
        status, _, err = docgen(capsys, "import", IMPORTS / "product-analytics-kpis.csv",
                                "--into", "clients")
        assert status == 2
        assert err == ("error: docgen.toml: import.measurements.kpi_name: unknown column; "
                       "expected some of client, kpi, date, value, note\n")

    def it_adds_and_updates_contacts_by_email(self, clients, capsys, tmp_path):
        sheet = tmp_path / "contacts.csv"
        sheet.write_text(
            "client,side,role,name,title,phone,email\n"
            "kestonbury-print,client,Super user,Tom Okafor,Head of Procurement Systems,,"
            "tom.okafor@kestonbury.example\n"
            "kestonbury-print,vendor,support,Ana Lima,Support lead,+44 113 496 0799,"
            "ana.lima@quillmere.example\n", encoding="utf-8")
        status, _, err = docgen(capsys, "import", sheet, "--into", "clients")
        assert status == 0, err
        data = json.loads((clients / "kestonbury-print.json").read_text(encoding="utf-8"))
        tom = next(c for c in data["contacts"]["client"] if c["name"] == "Tom Okafor")
        assert tom["title"] == "Head of Procurement Systems"
        assert tom["phone"] == "+44 20 7946 0327"
        assert data["contacts"]["vendor"][-1] == {
            "role": "support", "name": "Ana Lima", "title": "Support lead",
            "phone": "+44 113 496 0799", "email": "ana.lima@quillmere.example"}


@pytest.mark.parametrize("case", BAD_CASES, ids=[p.name for p in BAD_CASES])
def it_reports_each_bad_import_as_its_expected_message(case, clients, capsys, tmp_path):
    shutil.copy(case, tmp_path / case.name)
    before = snapshot(clients)
    status, out, err = docgen(capsys, "import", case.name, "--into", "clients")
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    assert (status, out) == (2, "")
    assert err == expected
    assert "Traceback" not in err
    assert snapshot(clients) == before


class DescribeKinds:
    def it_takes_the_kind_from_kind_and_names_the_column_it_lacks(self, clients, capsys,
                                                                  tmp_path):
        status, _, err = docgen(capsys, "import", IMPORTS / "warranty-report.csv",
                                "--into", clients, "--kind", "assets", "--dry-run")
        assert status == 0, err
        status, _, err = docgen(capsys, "import", IMPORTS / "warranty-report.csv",
                                "--into", clients, "--kind", "measurements")
        assert status == 2
        found = ('found headers "Account Name", "Hostname", "Service Tag", "Model", '
                 '"Ship Date", "Warranty End Date"')
        where = f"{IMPORTS / 'warranty-report.csv'}: row 1"
        assert err.splitlines() == [
            f'{where}: expected a column "{name}" for a measurements import (or its header in '
            f"docgen.toml [import.measurements]), {found}" for name in ("kpi", "date", "value")]

    def it_refuses_a_file_that_is_neither_csv_nor_a_workbook(self, clients, capsys, tmp_path):
        (tmp_path / "notes.pdf").write_bytes(b"%PDF")
        (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
        status, _, err = docgen(capsys, "import", "notes.pdf", "--into", "clients")
        assert (status, err) == (2, "notes.pdf: expected a .csv or .xlsx file, found .pdf\n")
        status, _, err = docgen(capsys, "import", "broken.xlsx", "--into", "clients")
        assert status == 2
        assert err.startswith("broken.xlsx: cannot read the workbook: ")

    def it_sets_usage_months_and_the_deck_charts_them(self, clients, capsys, tmp_path):
        sheet = tmp_path / "usage.csv"
        sheet.write_text("Client;Month;Monthly active users;Transactions;Orders\n"
                         "kestonbury-print;01.2027;142;1 980;510\n"
                         "kestonbury-print;2027-02;151;2 105;\n", encoding="utf-8")
        status, _, err = docgen(capsys, "import", sheet, "--into", "clients")
        assert status == 0, err
        data = json.loads((clients / "kestonbury-print.json").read_text(encoding="utf-8"))
        assert data["quarters"]["2027-Q1"] == {"usage": [
            {"month": "2027-01", "active_users": 142, "transactions": 1980, "orders": 510},
            {"month": "2027-02", "active_users": 151, "transactions": 2105}]}
        prs = deck(capsys, clients / "kestonbury-print.json", tmp_path, "2027-Q1")
        rows = rows_of(prs, "Platform usage", EN)
        assert [r[:3] for r in rows] == [["January 2027", "142", "1,980"],
                                         ["February 2027", "151", "2,105"]]

    def it_says_when_a_client_file_was_invalid_before_the_import(self, clients, capsys):
        path = clients / "kestonbury-print.json"
        path.write_text(path.read_text(encoding="utf-8").replace(
            '"currency": "GBP"', '"currency": "GBX"'), encoding="utf-8")
        status, _, err = docgen(capsys, "import", IMPORTS / "product-analytics-kpis.csv",
                                "--into", "clients")
        assert status == 2
        assert err == ("clients/kestonbury-print.json: client.currency: expected an ISO 4217 "
                       "currency code such as GBP, found \"GBX\" (already before the import; "
                       "docgen validate lists it)\n")

    def it_marks_a_last_line_without_a_line_end_in_a_dry_run(self):
        from generator.imports import Imported
        from generator.imports.clients import ClientFile

        client = ClientFile(Path("a.json"), '{"a": 1}', {"a": 1})
        assert Imported(changed=[(client, '{"a": 2}')]).diff() == (
            '--- a.json\n+++ a.json\n@@ -1 +1 @@\n-{"a": 1}\n\\ No newline at end of file\n'
            '+{"a": 2}\n\\ No newline at end of file\n')

    def it_keeps_a_client_file_s_byte_order_mark_and_windows_line_ends(self, clients, capsys):
        path = clients / "kestonbury-print.json"
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
        status, _, err = docgen(capsys, "import", IMPORTS / "product-analytics-kpis.csv",
                                "--into", "clients")
        assert status == 0, err
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf{\r\n")
        assert b"\n" not in raw.replace(b"\r\n", b"")
        assert b'{"date": "2027-03-31", "value": 118400}' in raw
