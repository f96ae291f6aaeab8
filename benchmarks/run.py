"""How fast docgen is, beside two references measured in the same run.

    python benchmarks/run.py [--quick] [portfolio]

Prints medians (ms) and ratios for:
  * in-process render time of each document for each sample (templates warm);
  * reference (a), the plain docxtpl way: a DocxTemplate opened and rendered
    per document with the same context;
  * reference (b), the floor: writing the same zip members from memory with
    zipfile (every member deflated);
  * batch throughput (documents per second) at --jobs 1 and --jobs 2, and the
    batch's peak memory (largest resident set of any process);
  * whole-process time of `docgen --help`, `validate`, `plan` and `qbr`;
  * whole-process time of `docgen portfolio` over the batch's 300 clients
    (`portfolio` alone runs only this one).
"""

from __future__ import annotations

import io
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
TARGETS = {"validate": "target < 0.15 s", "--help": "target < 0.15 s"}


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


def docgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("docgen") or ""
    command = [exe, *args] if exe else [sys.executable, "-m", "generator.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd or ROOT)


def python_floor(code: str) -> float:
    """Median seconds of ``python -c code`` with the interpreter docgen runs under."""
    exe = shutil.which("docgen")
    python = sys.executable
    if exe:  # the console script's interpreter (its first line)
        first = Path(exe).read_text(encoding="utf-8", errors="replace").splitlines()[0]
        python = first[2:].strip() if first.startswith("#!") else python
    times = []
    for _ in range(5 if QUICK else 9):
        start = time.perf_counter()
        subprocess.run([python, "-c", code], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def whole_process() -> list[str]:
    lines = ["whole process (median s)",
             f"  python -c pass      {python_floor('pass'):>8.3f}   reference: the interpreter",
             f"  import click+pydantic{python_floor('import click, pydantic.main'):>7.3f}   "
             "reference: the libraries validate needs"]
    sample = str(SAMPLES[0])
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("--help", ["--help"]), ("validate", ["validate", sample]),
                 ("plan", ["plan", sample, "--out", tmp, "--quiet"]),
                 ("qbr", ["qbr", sample, "--out", tmp, "--quiet"])]
        for name, args in cases:
            times = []
            for _ in range(5 if QUICK else 9):
                start = time.perf_counter()
                result = docgen(*args)
                times.append(time.perf_counter() - start)
                if result.returncode != 0:
                    return [*lines, f"  {name}: failed: {result.stderr.strip()[:200]}"]
            target = TARGETS.get(name, "")
            lines.append(f"  docgen {name:<10}{statistics.median(times):>8.3f}   {target}")
    return lines


def batch() -> list[str]:
    copies = 20 if QUICK else 100
    lines = [f"batch over {copies * len(SAMPLES)} clients ({copies} copies of each sample, "
             "with distinct names, texts and amounts)"]
    with tempfile.TemporaryDirectory() as tmp:
        clients = Path(tmp) / "clients"
        clients.mkdir()
        make_clients(clients, copies)
        for jobs in (1, 2):
            out = Path(tmp) / f"out{jobs}"
            start = time.perf_counter()
            result = docgen("batch", str(clients), "--out", str(out), "--jobs", str(jobs),
                            "--quiet", "--force")
            elapsed = time.perf_counter() - start
            count = len(result.stdout.splitlines())
            lines.append(f"  --jobs {jobs}: {count} documents in {elapsed:.2f} s = "
                         f"{count / elapsed:.0f} documents/s   (status {result.returncode})")
        start = time.perf_counter()
        result = docgen("batch", str(clients), "--out", str(Path(tmp) / "out2"), "--quiet")
        lines.append(f"  second run, nothing changed: {time.perf_counter() - start:.2f} s, "
                     f"{len(result.stdout.splitlines())} written")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    lines.append(f"  peak memory of a batch process: {peak:.0f} MB (largest resident set)")
    return lines


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


def main() -> None:
    print(f"docgen benchmarks on {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, {platform.platform()}")
    parts = {"portfolio": (portfolio,)}.get(sys.argv[-1], (in_process, batch, whole_process,
                                                            portfolio))
    for part in parts:
        print()
        print("\n".join(part()), flush=True)


if __name__ == "__main__":
    main()
