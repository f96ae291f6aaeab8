"""How fast docgen is, beside two references measured in the same run.

    python benchmarks/run.py [--quick] [PART...]

PART is one or more of render, whole, batch, pdf and portfolio (default: all of
them, in that order); --quick makes fewer rounds and smaller batches.

Prints medians (ms) and ratios for:
  * in-process render time of each document for each sample (templates warm);
  * reference (a), the plain docxtpl way: a DocxTemplate opened and rendered
    per document with the same context;
  * reference (b), the floor: writing the same zip members from memory with
    zipfile (every member deflated);
  * batch throughput (documents per second) at --jobs 1 and --jobs 2 over 300
    clients and at --jobs 2 over 1,000, each run's peak memory (largest resident
    set of any of its processes);
  * PDFs in a batch, beside (e) LibreOffice alone converting the same documents;
  * whole-process time of `docgen --help`, `validate`, `plan` and `qbr`, in rounds
    interleaved with two references run as scripts the same way: (c) a one-document
    docxtpl script (the engagement plan's template and values, read from JSON) and
    (d) an 18-slide python-pptx script (the deck template, titles, bullets, six
    tables and six native charts); the targets are ratios to them. The
    interpreter alone, the import of click and pydantic and the import of
    python-pptx are measured beside them: what any run of docgen must pay.
  * whole-process time of `docgen portfolio` over 300 clients.
"""

from __future__ import annotations

import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clients import make_clients  # noqa: E402  (benchmarks/clients.py)

from generator import documents  # noqa: E402
from generator.loader import load_client  # noqa: E402
from generator.pipeline import languages, plan_jobs, render_job  # noqa: E402
from generator.render.package import read_package  # noqa: E402
from generator.resources import folders  # noqa: E402

SAMPLES = sorted((ROOT / "samples").glob("*.json"))
QUICK = "--quick" in sys.argv
RUNS = 7 if QUICK else 31
TARGETS = {"validate": (0.15, None), "--help": (0.15, None), "plan": (0.25, "docxtpl script"),
           "qbr": (0.30, "python-pptx script")}
"""Whole-process targets: seconds on the reference machine, and the reference script
(measured in the same rounds) that the command must not be slower than."""

DOCXTPL_SCRIPT = """
import json, sys
from docxtpl import DocxTemplate
template, values, out = sys.argv[1:4]
with open(values, encoding="utf-8") as handle:
    context = json.load(handle)
document = DocxTemplate(template)
document.render(context, autoescape=True)
document.save(out)
"""
"""Reference (c): how a peer writes one document with docxtpl, from a JSON file."""

PPTX_SCRIPT = """
import sys
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu
template, out = sys.argv[1:3]
deck = Presentation(template)
layouts = {layout.name: layout for layout in deck.slide_layouts}
title = deck.slides.add_slide(layouts["docgen Title"])
title.shapes.title.text = "Quarterly business review"
title.placeholders[1].text = "Client, 2026-Q4"
for number in range(1, 18):
    if number % 3 == 1:
        slide = deck.slides.add_slide(layouts["docgen Content"])
        slide.shapes.title.text = f"Topic {number}"
        body = slide.placeholders[1].text_frame
        body.text = "First point of the quarter"
        for line in range(2, 6):
            body.add_paragraph().text = f"Point {line}: what changed and why it matters"
    elif number % 3 == 2:
        slide = deck.slides.add_slide(layouts["docgen Table"])
        slide.shapes.title.text = f"Table {number}"
        frame = slide.shapes.add_table(6, 4, Emu(457200), Emu(1371600), Emu(8229600),
                                       Emu(3200400))
        for row in range(6):
            for column in range(4):
                frame.table.cell(row, column).text = f"cell {row}.{column}"
    else:
        slide = deck.slides.add_slide(layouts["docgen Chart"])
        slide.shapes.title.text = f"Chart {number}"
        data = CategoryChartData()
        data.categories = ["Jul", "Aug", "Sep", "Oct"]
        data.add_series("Tickets", (12, 15, 9, 11))
        data.add_series("Resolved", (11, 15, 8, 11))
        slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(457200), Emu(1371600),
                               Emu(8229600), Emu(3657600), data)
deck.save(out)
"""
"""Reference (d): an 18-slide deck the plain python-pptx way."""


def median_ms(fn, runs: int = RUNS) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def floor_zip(data: bytes) -> bytes:
    """Reference (b): the same members written from memory with zipfile."""
    members = [(m.name, m.data()) for m in read_package(data)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def docxtpl_reference(template: Path, context: dict) -> bytes:
    """Reference (a): the plain docxtpl way, template opened and rendered per document."""
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    tpl = DocxTemplate(template)
    tpl.render(context, jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def slide_count(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(1 for n in archive.namelist()
                   if n.startswith("ppt/slides/slide") and n.endswith(".xml"))


def in_process() -> list[str]:
    lines = ["in-process render (median ms, templates warm)",
             f"  {'document':<34}{'docgen':>9}{'docxtpl':>9}{'zip floor':>11}{'vs docxtpl':>12}"
             f"{'vs floor':>10}"]
    fold = folders(None, None)
    for path in SAMPLES:
        loaded = load_client(path)
        for kind in ("plan", "csp", "qbr"):
            job = plan_jobs(loaded, [kind], None, None, Path(tempfile.gettempdir()))[0]
            data = render_job(job, loaded.client, fold)
            ours = median_ms(lambda job=job, client=loaded.client: render_job(job, client, fold))
            floor = median_ms(lambda data=data: floor_zip(data))
            mod = documents.module(kind)
            ref = None
            if kind != "qbr" and hasattr(mod, "context"):
                langs = languages(loaded.client, job.lang, fold)
                ctx = mod.context(loaded.client, langs, job.quarter)
                tpl = fold.template(documents.KINDS[kind].template)
                ref = median_ms(lambda tpl=tpl, ctx=ctx: docxtpl_reference(tpl, ctx),
                                max(5, RUNS // 3))
            name = f"{kind} {path.stem}"
            extra = ""
            if kind == "qbr":
                slides = slide_count(data)
                extra = f"  {slides} slides, {ours / slides:.2f} ms/slide"
            lines.append(
                f"  {name:<34}{ours:>9.2f}{(ref or float('nan')):>9.2f}{floor:>11.2f}"
                f"{(ref / ours if ref else float('nan')):>11.1f}x{floor / ours:>9.2f}x{extra}"
            )
    return lines


def docgen_script() -> str | None:
    """The console script beside this interpreter (a virtual environment's), else on PATH."""
    beside = Path(sys.executable).with_name("docgen")
    return str(beside) if beside.is_file() else shutil.which("docgen")


def docgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    exe = docgen_script() or ""
    command = [exe, *args] if exe else [sys.executable, "-m", "generator.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd or ROOT)


def interpreter() -> str:
    """The interpreter docgen runs under (the console script's first line)."""
    exe = docgen_script()
    if exe:
        first = Path(exe).read_text(encoding="utf-8", errors="replace").splitlines()[0]
        if first.startswith("#!"):
            return first[2:].strip()
    return sys.executable


def plain(value):
    """A view (dataclasses, tuples, mapping proxies) as plain JSON data."""
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "items"):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def whole_process() -> list[str]:
    """Every command and reference once per round, rounds interleaved; medians."""
    python = interpreter()
    sample = SAMPLES[0]
    fold = folders(None, None)
    loaded = load_client(sample)
    job = plan_jobs(loaded, ["plan"], None, None, Path(tempfile.gettempdir()))[0]
    context = documents.module("plan").context(
        loaded.client, languages(loaded.client, job.lang, fold), None)
    with tempfile.TemporaryDirectory() as tmp:
        values = Path(tmp) / "values.json"
        values.write_text(json.dumps(plain(context), ensure_ascii=False), encoding="utf-8")
        docx_ref = [python, "-c", DOCXTPL_SCRIPT,
                    str(fold.template(documents.KINDS["plan"].template)), str(values),
                    str(Path(tmp) / "ref.docx")]
        pptx_ref = [python, "-c", PPTX_SCRIPT, str(fold.template(documents.KINDS["qbr"].template)),
                    str(Path(tmp) / "ref.pptx")]
        cases = {
            "python -c pass": [python, "-c", "pass"],
            "import click+pydantic": [python, "-c", "import click, pydantic.main"],
            "import python-pptx": [python, "-c", "import pptx.chart.data"],
            "docxtpl script": docx_ref,
            "python-pptx script": pptx_ref,
            "--help": ["--help"], "validate": ["validate", str(sample)],
            "plan": ["plan", str(sample), "--out", tmp, "--quiet"],
            "qbr": ["qbr", str(sample), "--out", tmp, "--quiet"],
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(5 if QUICK else 11):
            for name, args in cases.items():
                start = time.perf_counter()
                result = (subprocess.run(args, capture_output=True, text=True)
                          if args[0] == python else docgen(*args))
                times[name].append(time.perf_counter() - start)
                if result.returncode != 0:
                    return [f"  {name}: failed: {result.stderr.strip()[-300:]}"]
        with open(Path(tmp) / "ref.pptx", "rb") as handle:
            slides = slide_count(handle.read())
    median = {name: statistics.median(values) for name, values in times.items()}
    notes = {"python -c pass": "reference: the interpreter",
             "import click+pydantic": "reference: the libraries validate needs",
             "import python-pptx": "reference: the chart data API a deck uses (all python-pptx)",
             "docxtpl script": "reference (c): one document with docxtpl, from JSON",
             "python-pptx script": f"reference (d): {slides} slides with python-pptx"}
    lines = ["whole process (median s of interleaved rounds)"]
    for name, seconds in median.items():
        label = name if name in notes else f"docgen {name}"
        note = notes.get(name, "")
        if name in TARGETS:
            limit, reference = TARGETS[name]
            note = f"target {limit:.2f} s"
            if reference:
                ratio = seconds / median[reference]
                note += (f"; {ratio:.2f}x the {reference} (target 1.0: "
                         f"{'held' if ratio <= 1.0 else 'missed by ' + format(ratio - 1, '.0%')})")
        lines.append(f"  {label:<24}{seconds:>7.3f}   {note}")
    return lines


CPU: list[float] = []
"""The CPU seconds (user and system, of the command and the workers it waited for) of
each :func:`measured` command, in order."""

LAUNCHER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
status = subprocess.call(sys.argv[2:])
elapsed = time.perf_counter() - start
used = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as handle:
    json.dump([elapsed, used.ru_utime + used.ru_stime, used.ru_maxrss], handle)
sys.exit(status)
"""
"""Runs a measured command from a small process: a process forked from this one (large,
after rendering in-process) would count this one's memory as the command's peak."""


def measured(command: list[str]) -> tuple[float, float, int, str]:
    """Seconds, peak resident set (MB, the largest process of the command's tree), the
    number of lines on stdout and the status of ``command`` (its CPU time in ``CPU``)."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "usage.json"
        status = subprocess.call([sys.executable, "-c", LAUNCHER, str(report), *command],
                                 stdout=stdout, stderr=subprocess.DEVNULL, cwd=ROOT)
        elapsed, cpu, peak = json.loads(report.read_text(encoding="utf-8"))
        CPU.append(cpu)
        stdout.seek(0)
        lines = len(stdout.read().splitlines())
    return elapsed, peak / 1024, lines, str(status)


def docgen_command(*args: str) -> list[str]:
    exe = docgen_script()
    return [exe, *args] if exe else [sys.executable, "-m", "generator.cli", *args]


BATCH_TARGETS = {300: 200, 1000: 250}
"""Documents per second at --jobs 2, by number of clients."""


def batch() -> list[str]:
    sizes = (60,) if QUICK else (300, 1000)
    lines = ["batch (clients made from the samples, with distinct names, texts and amounts; "
             "plan, calendar, success plan and deck of each)"]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            clients = Path(tmp) / "clients"
            make_clients(clients, size // len(SAMPLES))
            for jobs in (1, 2) if size == sizes[0] else (2,):
                out = Path(tmp) / f"out{jobs}"
                elapsed, peak, count, status = measured(docgen_command(
                    "batch", str(clients), "--out", str(out), "--jobs", str(jobs), "--quiet",
                    "--force"))
                rate = count / elapsed
                target = BATCH_TARGETS.get(size) if jobs == 2 else None
                verdict = (f"   target {target}/s: "
                           f"{'held' if rate >= target else f'missed by {1 - rate / target:.0%}'}"
                           if target else "")
                lines.append(f"  {size} clients, --jobs {jobs}: {count} documents in "
                             f"{elapsed:.2f} s = {rate:.0f} documents/s, peak {peak:.0f} MB "
                             f"(status {status}){verdict}")
                lines.append(f"    CPU {CPU[-1]:.1f} s = {CPU[-1] * 1000 / max(count, 1):.1f} ms "
                             f"per document; {CPU[-1] / elapsed:.2f} CPUs used, load average "
                             f"{os.getloadavg()[0]:.1f}")
            if size == sizes[0]:
                elapsed, _, count, _ = measured(docgen_command(
                    "batch", str(clients), "--out", str(Path(tmp) / "out2"), "--quiet"))
                lines.append(f"  second run, nothing changed: {elapsed:.2f} s, {count} written")
    lines.append("  memory target: under 150 MB for the largest process at 1,000 clients")
    return lines


def pdf_batch() -> list[str]:
    """PDFs in a batch, beside LibreOffice alone converting the same documents."""
    from generator.render.pdf.convert import find_soffice

    soffice = find_soffice()
    if soffice is None:
        return ["PDF: no LibreOffice here, not measured"]
    copies = 2 if QUICK else 7
    with tempfile.TemporaryDirectory() as tmp:
        clients = Path(tmp) / "clients"
        make_clients(clients, copies)
        out = Path(tmp) / "out"
        built, _, count, _ = measured(docgen_command(
            "batch", str(clients), "--out", str(out), "--jobs", "2", "--quiet",
            "--only", "plan,csp,qbr"))
        elapsed, _, lines_out, status = measured(docgen_command(
            "batch", str(clients), "--out", str(out), "--jobs", "2", "--quiet",
            "--only", "plan,csp,qbr", "--pdf"))
        documents_ = sorted(p for p in out.rglob("*") if p.suffix in (".docx", ".pptx"))
        pdfs = lines_out  # the documents are unchanged: every line is a PDF
        # reference (e): LibreOffice alone, the same documents in two calls side by side
        copies_dir = Path(tmp) / "alone"
        copies_dir.mkdir()
        halves = [[], []]
        for number, path in enumerate(documents_):
            target = copies_dir / f"{number:04d}-{path.name}"
            shutil.copyfile(path, target)
            halves[number % 2].append(str(target))
        start = time.perf_counter()
        runs = [subprocess.Popen(
            [soffice, "--headless", "--norestore", "--nologo", "--nodefault",
             f"-env:UserInstallation=file://{tmp}/profile{half}", "--convert-to", "pdf",
             "--outdir", str(copies_dir), *files], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL) for half, files in enumerate(halves)]
        for run in runs:
            run.wait()
        alone = time.perf_counter() - start
    per = elapsed / max(1, pdfs)
    verdict = "held" if per <= 0.30 else f"missed by {per / 0.30 - 1:.0%}"
    return ["PDF in a batch (--jobs 2, documents already built)",
            f"  {pdfs} PDFs in {elapsed:.2f} s = {per:.2f} s per PDF (status {status}); "
            f"target 0.30 s: {verdict}",
            f"  reference (e): LibreOffice alone, the same {len(documents_)} documents in two "
            f"calls side by side: {alone:.2f} s = {alone / max(1, len(documents_)):.2f} s "
            f"per PDF; docgen is {elapsed / alone:.2f}x",
            f"  (building the {count} documents first took {built:.2f} s)"]


def portfolio() -> list[str]:
    """``docgen portfolio`` of 300 clients, whole process (target: under 3 s)."""
    times, cpu = [], []
    with tempfile.TemporaryDirectory() as tmp:
        clients = Path(tmp) / "clients"
        make_clients(clients, 100)
        for _ in range(3 if QUICK else 5):
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            result = docgen("portfolio", str(clients), "--out", str(Path(tmp) / "out"),
                            "--quiet")
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
            if result.returncode != 0:
                return [f"portfolio: failed: {result.stderr.strip()[:200]}"]
    return ["portfolio of 300 clients (workbook, page and team calendar; median s)",
            f"  docgen portfolio   {statistics.median(times):>8.3f}   target < 3 s "
            f"(CPU time of its processes: {statistics.median(cpu):.2f} s, load average "
            f"{os.getloadavg()[0]:.1f})"]


PARTS = {"render": in_process, "whole": whole_process, "batch": batch, "pdf": pdf_batch,
         "portfolio": portfolio}


def compiled() -> None:
    """docgen's modules compiled to bytecode first, as an installed package's are: with
    ``PYTHONDONTWRITEBYTECODE`` set (some shells and containers set it) an editable
    checkout would otherwise compile every module from source in every measured run."""
    import compileall

    compileall.compile_dir(str(ROOT / "generator"), quiet=1)


def main() -> None:
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__.strip())
        return
    asked = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    unknown = [arg for arg in asked if arg not in PARTS]
    if unknown:
        sys.exit(f"unknown part {unknown[0]!r}; expected one of {', '.join(PARTS)}")
    print(f"docgen benchmarks on {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, {platform.platform()}")
    compiled()
    for name in asked or PARTS:
        print()
        print("\n".join(PARTS[name]()), flush=True)


if __name__ == "__main__":
    main()
