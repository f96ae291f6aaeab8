"""``docgen portfolio``: the workbook, the page and the team calendar, their figures read
back and checked against the client files, for the samples and for 300 clients."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import icalendar
import pytest
from click.testing import CliRunner

from generator import health
from generator.cli import cli
from generator.documents import portfolio
from generator.documents.meetings import client_schedule
from generator.loader import load_client
from generator.model import Client
from generator.output import slugify
from generator.schedule import quarter_bounds

from .conftest import ROOT, SAMPLES

sys.path.insert(0, str(ROOT / "benchmarks"))
from clients import make_clients

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
EXCEL_EPOCH = dt.date(1899, 12, 30)


def read_sheet(path: Path, number: int) -> list[list]:
    """The cells of sheet ``number`` (1-based) as rows of text, numbers or None."""
    with zipfile.ZipFile(path) as archive:
        shared = [("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
                  for si in ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))]
        sheet = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{number}.xml"))
    rows: list[list] = []
    for row in sheet.iter(f"{{{NS['m']}}}row"):
        index = int(row.get("r")) - 1
        while len(rows) <= index:
            rows.append([])
        cells = rows[index]
        for cell in row.iter(f"{{{NS['m']}}}c"):
            col = _column(cell.get("r"))
            while len(cells) <= col:
                cells.append(None)
            value = cell.find("m:v", NS)
            if value is None:
                continue
            cells[col] = (shared[int(value.text)] if cell.get("t") == "s"
                          else float(value.text))
    return rows


def _column(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref).group()
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def as_date(serial: float | None) -> dt.date | None:
    return None if serial is None else EXCEL_EPOCH + dt.timedelta(days=int(serial))


def run(*args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(cli, ["portfolio", *args])
    return result.exit_code, result.stdout.splitlines(), result.stderr


def table(path: Path) -> dict[str, dict[str, object]]:
    """The portfolio sheet: client name -> column key -> value."""
    rows = read_sheet(path, 1)
    header = rows[3]
    assert header[0] == "Client"
    keys = [key for key, _ in portfolio.COLUMNS]
    out = {}
    for row in rows[4:]:
        row = row + [None] * (len(keys) - len(row))
        out[row[0]] = dict(zip(keys, row, strict=True))
    return out


def expected_row(client: Client, quarter: str, source: Path) -> dict[str, object]:
    """What the row of ``client`` must say, worked out here from the file."""
    day = quarter_bounds(quarter)[1]
    scored = max(k for k in client.quarters if k <= quarter)
    found = health.evaluate(client, scored)
    before = max((k for k in client.quarters if k < scored), default=None)
    change = found.score - health.evaluate(client, before).score if before else None
    told = client.quarters[scored].renewal  # the quarter's renewal, else the contract's
    renewal = (told.date if told and told.date else None) or client.contract.renewal
    value = told.value if told and told.value is not None else client.contract.value
    upcoming = [m.date for m in client_schedule(client, str(source)).meetings if m.date > day]
    late = [i for k, q in client.quarters.items() for i in q.action_items
            if (i.opened or q.meeting_date or quarter_bounds(k)[1]) <= day and i.due < day
            and i.as_of(day) != "done"]
    dates = [m.date for k in client.kpis for m in k.measurements if m.date <= day]
    dates += [quarter_bounds(k)[1] for k in client.quarters if quarter_bounds(k)[1] <= day]
    return {
        "score": found.score, "change": change, "renewal": renewal,
        "days": (renewal - day).days, "value": value,
        "currency": client.client.currency, "next": upcoming[0] if upcoming else None,
        "overdue": len(late), "fresh": max(dates), "fresh_days": (day - max(dates)).days,
        "band": found.shown,
    }


def check_rows(workbook: Path, clients: list[tuple[Path, Client]], quarter: str) -> None:
    found = table(workbook)
    assert len(found) == len(clients)
    labels = {"green": "On track", "amber": "Needs attention", "red": "At risk"}
    for source, client in clients:
        row = found[client.client.name]
        want = expected_row(client, quarter, source)
        assert row["score"] == want["score"], client.client.name
        assert row["change"] == want["change"]
        assert as_date(row["renewal"]) == want["renewal"]
        assert row["days"] == want["days"]
        assert row["value"] == pytest.approx(want["value"])
        assert row["currency"] == want["currency"]
        assert as_date(row["next"]) == want["next"]
        assert row["overdue"] == want["overdue"]
        assert as_date(row["fresh"]) == want["fresh"]
        assert row["fresh_days"] == want["fresh_days"]
        assert row["health"].removesuffix(" *") == labels[want["band"]]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("portfolio") / "out"
    # a manifest as a batch leaves it: two documents of one client
    slug = slugify(load_client(SAMPLES[0]).client.client.name)
    out.mkdir()
    entry = {"input": str(SAMPLES[0]), "kind": "plan", "language": "en", "quarter": None,
             "template": "engagement_plan.docx", "fingerprint": "x", "size": 1,
             "sha256": "x"}
    (out / "manifest.json").write_text(json.dumps({"documents": {
        f"{slug}/engagement-plan_2026_en.docx": entry,
        f"{slug}/qbr_2026-Q4_en.pptx": dict(entry, kind="qbr", quarter="2026-Q4")}}),
        encoding="utf-8")
    status, lines, err = run(*map(str, SAMPLES), "--out", str(out), "--quarter", "2027-Q1")
    assert status == 0, err
    return out, lines, slug


class DescribeTheSamples:
    def it_prints_the_three_files_it_writes(self, written):
        out, lines, _ = written
        assert lines == [str(out / "portfolio_2027-Q1.xlsx"), str(out / "portfolio_2027-Q1.html"),
                         str(out / "portfolio_2027-Q1.ics")]
        assert all(Path(line).is_file() for line in lines)

    def it_has_a_row_per_client_with_figures_from_the_files(self, written):
        out, _, slug = written
        clients = [(p, load_client(p).client) for p in SAMPLES]
        check_rows(out / "portfolio_2027-Q1.xlsx", clients, "2027-Q1")
        rows = table(out / "portfolio_2027-Q1.xlsx")
        kestonbury = rows["Kestonbury Print Management Ltd"]
        assert kestonbury["health"] == "Needs attention *"  # set by the CSM
        assert kestonbury["score"] == 85 and kestonbury["quarter"] == "2026-Q4"
        assert kestonbury["off_track"] == 1  # spend under management lags its line
        assert kestonbury["reason"] == load_client(
            ROOT / "samples" / "kestonbury-print.json").client.quarters["2026-Q4"].health_reason
        assert all(r["reason"] is None for n, r in rows.items() if n != kestonbury["client"])
        named = next(r for r in rows.values() if slugify(r["client"]) == slug)
        assert named["documents"] == "engagement-plan_2026_en.docx, qbr_2026-Q4_en.pptx"
        others = [r for r in rows.values() if slugify(r["client"]) != slug]
        assert all(r["documents"] is None for r in others)

    def it_puts_every_meeting_of_the_plan_year_in_the_calendar_sheet(self, written):
        out, _, _ = written
        rows = read_sheet(out / "portfolio_2027-Q1.xlsx", 2)
        months = rows[3][1:]
        assert months[0] == "Jul 2026" and months[-1] == "Dec 2027"
        for source in SAMPLES:
            client = load_client(source).client
            row = next(r for r in rows[4:] if r[0] == client.client.name)
            cells = dict(zip(months, row[1:] + [None] * (len(months) - len(row) + 1),
                             strict=False))
            for month in months:
                want = [str(m.date.day) for m in client_schedule(client).meetings
                        if m.date.strftime("%b %Y") == month]
                assert (cells[month] or "") == ", ".join(want), (client.client.name, month)

    def it_writes_one_team_calendar_of_every_meeting_in_utc(self, written):
        out, _, _ = written
        calendar = icalendar.Calendar.from_ical((out / "portfolio_2027-Q1.ics").read_bytes())
        events = list(calendar.walk("VEVENT"))
        expected = {}
        for source in SAMPLES:
            client = load_client(source).client
            from generator.documents import ics
            from generator.i18n import Language
            from generator.resources import shipped

            for e in ics.build(client, Language("en", [shipped("locales")])).events:
                expected[e.uid] = e
        assert len(events) == len(expected)
        for event in events:
            want = expected[str(event["uid"])]
            assert event["dtstart"].dt == want.start and event["dtstart"].dt.utcoffset() == \
                dt.timedelta(0)
            assert event["dtend"].dt == want.end
            assert str(event["summary"]) == want.summary
            assert str(event["description"]) == want.description
            assert str(event.get("location", "")) == want.location
            found = event.get("attendee", [])
            found = found if isinstance(found, list) else [found]
            assert [str(a) for a in found] == [f"mailto:{p.email}" for p in want.attendees]
            assert [a.params.get("CN", "") for a in found] == [p.name for p in want.attendees]
        lines = (out / "portfolio_2027-Q1.ics").read_bytes().split(b"\r\n")
        assert max(len(line) for line in lines) <= 75

    def it_writes_a_page_that_loads_nothing_from_outside(self, written):
        out, _, _ = written
        page = (out / "portfolio_2027-Q1.html").read_text(encoding="utf-8")
        assert "Content-Security-Policy" in page and "default-src 'none'" in page
        tags = Tags()
        tags.feed(page)
        assert not [a for a in tags.attrs if a[0] in ("src", "href")]
        assert "http:" not in page and "https:" not in page
        assert tags.count("tr", "portfolio") == 1 + len(SAMPLES)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attrs: list[tuple[str, str]] = []
        self.stack: list[str | None] = []
        self.rows: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        self.attrs += attrs
        if tag == "table":
            self.stack.append(dict(attrs).get("id"))
        if tag == "tr" and self.stack:
            self.rows[self.stack[-1]] = self.rows.get(self.stack[-1], 0) + 1

    def handle_endtag(self, tag):
        if tag == "table":
            self.stack.pop()

    def count(self, tag: str, table_id: str) -> int:
        return self.rows.get(table_id, 0)


def it_writes_the_same_bytes_for_the_same_files(written, tmp_path):
    out, lines, _ = written
    again = tmp_path / "again"
    shutil.copy(out / "manifest.json", again.mkdir() or again / "manifest.json")
    status, second, err = run(*map(str, SAMPLES), "--out", str(again), "--quarter", "2027-Q1")
    assert status == 0, err
    for first, other in zip(lines, second, strict=True):
        assert Path(first).read_bytes() == Path(other).read_bytes(), first


class DescribeBadFiles:
    def it_reports_each_bad_file_and_writes_the_others(self, tmp_path):
        bad = tmp_path / "broken.json"
        bad.write_text("{", encoding="utf-8")
        wrong = tmp_path / "wrong.json"
        data = json.loads(SAMPLES[0].read_text(encoding="utf-8"))
        data["client"]["currency"] = "XXX1"
        data["quarters"]["2030-Q1"] = {}  # the latest quarter, but of a file left out
        wrong.write_text(json.dumps(data), encoding="utf-8")
        out = tmp_path / "out"
        status, lines, err = run(*map(str, SAMPLES), str(bad), str(wrong), "--out", str(out))
        assert status == 1
        assert len(lines) == 3
        assert re.search(rf"failed: {re.escape(str(bad))}: ", err)
        assert (f"failed: {wrong}: client.currency: expected an ISO 4217 currency code such "
                "as GBP, found \"XXX1\"") in err
        assert len(table(out / "portfolio_2027-Q1.xlsx")) == len(SAMPLES)

    def it_refuses_a_bad_quarter(self, tmp_path):
        status, lines, err = run(str(SAMPLES[0]), "--quarter", "2027Q1",
                                 "--out", str(tmp_path))
        assert status == 2 and lines == []
        assert "--quarter '2027Q1': expected YYYY-Qn" in err


class DescribeThreeHundredClients:
    def it_checks_every_row_against_its_file(self, tmp_path):
        folder = tmp_path / "clients"
        paths = make_clients(folder, 100)
        out = tmp_path / "out"
        status, lines, err = run(str(folder), "--out", str(out))
        assert status == 0, err
        clients = [(p, load_client(p).client) for p in paths]
        quarter = max(k for _, c in clients for k in c.quarters)
        assert lines[0] == str(out / f"portfolio_{quarter}.xlsx")
        check_rows(out / f"portfolio_{quarter}.xlsx", clients, quarter)
        page = (out / f"portfolio_{quarter}.html").read_text(encoding="utf-8")
        bands = {b: sum(1 for _, c in clients
                        if health.evaluate(c, max(k for k in c.quarters if k <= quarter))
                        .shown == b) for b in ("red", "amber", "green")}
        for band, label in (("red", "At risk"), ("amber", "Needs attention"),
                            ("green", "On track")):
            assert f'data-label="{label}" data-count="{bands[band]}"' in page
