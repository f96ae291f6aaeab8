"""The portfolio page in a real browser: headless Chromium opens it, a script clicks a
column header (twice) and reports rows, order and charts from the DOM; a screenshot is
kept beside the page. Skipped locally when Chromium is missing, never in CI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import health
from generator.cli import cli
from generator.loader import load_client

from .conftest import SAMPLES, need_tool

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

PROBE = """
<script>
(function(){
  function column(n){
    return Array.prototype.map.call(document.querySelectorAll('#portfolio tbody tr'),
      function(r){return r.cells[n].getAttribute('data-sort');});
  }
  var heads=document.querySelectorAll('#portfolio thead th');
  var score=-1;
  heads.forEach(function(th,n){if(th.getAttribute('data-key')==='score'){score=n;}});
  var report={rows:document.querySelectorAll('#portfolio tbody tr').length,
              before:column(score)};
  heads[score].querySelector('button').click();
  report.ascending=column(score); report.sort1=heads[score].getAttribute('aria-sort');
  heads[score].querySelector('button').click();
  report.descending=column(score); report.sort2=heads[score].getAttribute('aria-sort');
  report.bands=Array.prototype.map.call(
    document.querySelectorAll('#chart-bands svg g.bar'),
    function(g){return [g.getAttribute('data-label'), +g.getAttribute('data-count'),
                        +g.querySelector('rect').getAttribute('width')];});
  report.renewals=document.querySelectorAll('#chart-renewals svg g.bar').length;
  report.calendar=document.querySelectorAll('#calendar tbody tr').length;
  var out=document.createElement('pre'); out.id='probe';
  out.textContent=JSON.stringify(report); document.body.appendChild(out);
})();
</script>
"""


def chromium() -> str:
    return need_tool("chromium", shutil.which("chromium") or shutil.which("chromium-browser"),
                     "chromium")


def browse(exe: str, page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [exe, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000", *args,
         page.as_uri()], capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("page")
    result = CliRunner().invoke(cli, ["portfolio", *map(str, SAMPLES), "--out", str(out),
                                      "--quarter", "2027-Q1"])
    assert result.exit_code == 0, result.output
    return out / "portfolio_2027-Q1.html"


def it_sorts_by_a_clicked_header_and_draws_its_charts(page, tmp_path):
    exe = chromium()
    probed = tmp_path / "probed.html"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                      encoding="utf-8")
    result = browse(exe, probed, tmp_path / "profile", "--dump-dom")
    found = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-2000:]
    report = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    found_health = [health.evaluate(c, max(k for k in c.quarters if k <= "2027-Q1"))
                    for c in (load_client(p).client for p in SAMPLES)]
    scores = sorted(h.score for h in found_health)
    assert report["rows"] == len(SAMPLES) == report["calendar"]
    assert [int(s) for s in report["ascending"]] == scores
    assert report["sort1"] == "ascending"
    assert [int(s) for s in report["descending"]] == scores[::-1]
    assert report["sort2"] == "descending"
    bands = {label: (count, width) for label, count, width in report["bands"]}
    labels = {"green": "On track", "amber": "Needs attention", "red": "At risk"}
    for band, label in labels.items():  # the band each client shows, counted and drawn
        count = sum(1 for h in found_health if h.shown == band)
        assert bands[label][0] == count and (bands[label][1] > 0) == (count > 0)
    assert report["renewals"] == 12


def it_takes_a_screenshot_of_the_page(page, tmp_path):
    exe = chromium()
    shot = page.with_suffix(".png")
    result = browse(exe, page, tmp_path / "profile", f"--screenshot={shot}",
                    "--window-size=1400,1000", "--hide-scrollbars")
    assert shot.is_file(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1400, 1000)
    assert len(data) > 20_000  # a page drawn, not a blank one
