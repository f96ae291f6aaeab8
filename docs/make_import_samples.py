"""Write the workbooks of samples/imports/ (the CSV files there are typed by hand).

    python docs/make_import_samples.py

* helpdesk-monthly-report.xlsx: a PSA's monthly service-desk report for two
  clients, with its own headers (the shipped mapping of the service import knows them);
* actions-sheet.xlsx: the workbook `docgen export actions` writes for
  samples/kestonbury-print.json, as the client sends it back: two action items
  done or moved, one added, a KPI value confirmed and a newer one added.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "samples" / "imports"
CREATED = dt.datetime(2027, 4, 2)


def helpdesk() -> None:
    rows = [
        ("Caddo Ridge Dental Partners", "2027-01", 168, 171, 9, 0.9, 6.5),
        ("Caddo Ridge Dental Partners", "2027-02", 152, 150, 11, 0.8, 6.1),
        ("Caddo Ridge Dental Partners", "2027-03", 160, 163, 8, 0.8, 5.9),
        ("Kestonbury Print Management Ltd", "2027-01", 41, 44, 5, 2.1, 11.8),
        ("Kestonbury Print Management Ltd", "2027-02", 38, 36, 7, 1.9, 10.9),
        ("Kestonbury Print Management Ltd", "2027-03", 35, 39, 3, 1.7, 9.6),
    ]
    book = xlsxwriter.Workbook(OUT / "helpdesk-monthly-report.xlsx")
    book.set_properties({"created": CREATED, "title": "Service desk: monthly report"})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("Monthly report")
    sheet.write_row(0, 0, ["Customer", "Period", "Tickets opened", "Tickets closed",
                           "Open at month end", "Avg first response (h)",
                           "Avg resolution (h)"], bold)
    for r, row in enumerate(rows, 1):
        sheet.write_row(r, 0, row)
    sheet.set_column(0, 0, 32)
    sheet.set_column(1, 6, 14)
    book.close()


def actions() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "generator.cli", "export", "actions",
                        str(ROOT / "samples" / "kestonbury-print.json"), "--out", tmp],
                       check=True, cwd=ROOT, capture_output=True)
        made = next(Path(tmp).rglob("*.xlsx"))
        book = openpyxl.load_workbook(made)
    items = book["Action items"]
    items["G2"] = "Done"  # the overdue invoice was paid
    items["E3"] = "Marek Nowicki"  # the certificate moves to the vendor's architect
    items["F3"] = dt.datetime(2027, 3, 5)
    items["G3"] = "In progress"
    items["D6"] = "Send the first quarter's savings report to the board"
    items["E6"] = "Helena Marsh"
    items["F6"] = dt.datetime(2027, 4, 16)
    items["G6"] = "Open"
    kpis = book["KPI values"]
    kpis["G2"] = "Confirmed by Tom Okafor"  # spend under management, as exported
    kpis["E3"] = dt.datetime(2027, 3, 31)  # savings: a newer value
    kpis["F3"] = 121800
    book.properties.created = book.properties.modified = CREATED
    book.save(OUT / "actions-sheet.xlsx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    helpdesk()
    actions()
    shutil.rmtree(OUT / "__pycache__", ignore_errors=True)
