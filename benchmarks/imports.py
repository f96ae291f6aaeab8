"""How fast docgen import is: a 100,000-row measurement sheet across 300 client files.

    python benchmarks/imports.py [--rows N] [--clients N]

Makes 300 client files from the samples (distinct names, as benchmarks/run.py does)
and one export of measurements over all of them, as XLSX and as CSV, then times
the whole `docgen import` process for each (the target: under 10 s on 2 cores),
and a second run of the same sheet, which replaces every value by itself and
changes no file.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import SAMPLES, distinct  # noqa: E402

TARGET_S = 10.0


def make_clients(folder: Path, count: int) -> list[tuple[str, list[str]]]:
    """``count`` client files; (slug, KPI ids) of each."""
    made = []
    bases = [json.loads(p.read_text(encoding="utf-8")) for p in SAMPLES]
    for i in range(count):
        data = distinct(bases[i % len(bases)], i)
        data.pop("$schema", None)
        slug = f"client-{i:03d}"
        data["client"]["name"] = f"Client {i:03d} Ltd"
        (folder / f"{slug}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2),
                                             encoding="utf-8")
        made.append((slug, [k["id"] for k in data["kpis"]]))
    return made


def make_rows(clients: list[tuple[str, list[str]]], rows: int) -> list[tuple]:
    """``rows`` measurements spread evenly over the clients and their KPIs, one a day."""
    out = []
    start = dt.date(2027, 1, 1)
    per_client = rows // len(clients) + 1
    for slug, kpis in clients:
        for n in range(per_client):
            kpi = kpis[n % len(kpis)]
            day = start + dt.timedelta(days=n // len(kpis))
            out.append((slug, kpi, day, round(50 + n * 0.37, 2), ""))
            if len(out) == rows:
                return out
    return out


def write_sheets(folder: Path, rows: list[tuple]) -> tuple[Path, Path]:
    import xlsxwriter

    xlsx = folder / "measurements.xlsx"
    book = xlsxwriter.Workbook(xlsx, {"constant_memory": True})
    sheet = book.add_worksheet("Measurements")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["client", "kpi", "date", "value", "note"])
    for r, (slug, kpi, day, value, _) in enumerate(rows, 1):
        sheet.write_string(r, 0, slug)
        sheet.write_string(r, 1, kpi)
        sheet.write_datetime(r, 2, dt.datetime.combine(day, dt.time()), dates)
        sheet.write_number(r, 3, value)
    book.close()
    path = folder / "measurements.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["client", "kpi", "date", "value", "note"])
        writer.writerows((s, k, d.isoformat(), v, n) for s, k, d, v, n in rows)
    return xlsx, path


def docgen(*args: str) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall-clock and CPU seconds of one docgen process (CPU time tells on a busy
    machine what the process itself needed)."""
    exe = shutil.which("docgen")
    command = [exe, *args] if exe else [sys.executable, "-m", "generator.cli", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=300)
    args = parser.parse_args()
    print(f"docgen import on {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "clean").mkdir()
        clients = make_clients(base / "clean", args.clients)
        sheets = write_sheets(base, make_rows(clients, args.rows))
        print(f"{args.rows:,} rows over {args.clients} client files "
              f"({sheets[0].stat().st_size // 1024} KB as XLSX)")
        for sheet in sheets:
            into = base / f"into-{sheet.suffix[1:]}"
            shutil.copytree(base / "clean", into)
            elapsed, cpu, result = docgen("import", str(sheet), "--into", str(into), "--quiet")
            changed = len(result.stdout.splitlines())
            verdict = "met" if elapsed < TARGET_S and result.returncode == 0 else "NOT MET"
            print(f"  {sheet.suffix[1:]:<5} first import: {elapsed:6.2f} s ({cpu:.2f} s CPU), "
                  f"{changed} files changed (status {result.returncode}); "
                  f"target < {TARGET_S:.0f} s: {verdict}")
            if result.returncode:
                print(result.stderr[:2000])
            elapsed, cpu, result = docgen("import", str(sheet), "--into", str(into), "--quiet")
            print(f"  {sheet.suffix[1:]:<5} same sheet again: {elapsed:6.2f} s ({cpu:.2f} s CPU), "
                  f"{len(result.stdout.splitlines())} files changed")


if __name__ == "__main__":
    main()
