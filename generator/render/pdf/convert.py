"""PDF copies of written documents through LibreOffice (``soffice --headless``).

One LibreOffice process converts every document of a call in one locale
(below), whatever folders they are in: most of the time of a single conversion
is the office starting up. Each process gets its own throw-away user profile,
so it never talks to (or waits for) an office suite the user has open. The
documents are linked (or copied) under numbered names into one hidden
temporary folder in their common folder, converted there, and every finished
PDF is moved into place with one ``os.replace``, so a half-written PDF never
appears under its final name. The timeout is per document: LibreOffice is
stopped when no PDF has appeared for that long, and started again for the
documents it had not reached.

LibreOffice runs in each document's formatting locale, so that the numbers it
draws itself (a chart's axis and labels, from their Excel number formats) have
the separators of the tables beside them: the locale is read from the
document's core properties (``dc:language``, e.g. ``ru-RU`` or ``en-DE``),
turned into one LibreOffice knows with the same separators (``de-DE`` for
``en-DE``, see :func:`generator.i18n.office_locale`) and set as the profile's
locale (``ooSetupSystemLocale``). Documents are converted in one run per
locale, whatever their folders.

Failures are per document: :func:`convert_to_pdf` returns an error string for
a document that could not be converted (LibreOffice's own message where it
printed one) and goes on with the others.
"""

from __future__ import annotations

import html
import os
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import UsageError

DEBIAN_PACKAGES = ("libreoffice-writer-nogui", "libreoffice-impress-nogui")

#: Environment variable naming the converter (a command name or a path).
SOFFICE_ENV = "DOCGEN_SOFFICE"

_COMMANDS = ("soffice", "libreoffice")

# Where the official installers put it when it is not on PATH.
_KNOWN_LOCATIONS = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)

# Documents that are ZIP packages. LibreOffice imports a file it cannot
# recognise as plain text, so a damaged .docx would otherwise become a PDF
# full of garbage instead of an error.
_ZIP_SUFFIXES = frozenset(
    {
        ".docx",
        ".docm",
        ".dotx",
        ".dotm",
        ".pptx",
        ".pptm",
        ".potx",
        ".potm",
        ".ppsx",
        ".ppsm",
        ".xlsx",
        ".xlsm",
        ".xltx",
        ".xltm",
        ".odt",
        ".ott",
        ".odp",
        ".otp",
        ".ods",
        ".ots",
        ".odg",
        ".otg",
    }
)
_ZIP_MAGIC = b"PK\x03\x04"

_ATTEMPTS = 2


def find_soffice() -> str | None:
    """The LibreOffice command to run, or ``None`` when there is none.

    ``$DOCGEN_SOFFICE`` (a command name or a path) wins when set; if it names
    nothing executable the answer is ``None`` rather than some other office.
    """
    override = os.environ.get(SOFFICE_ENV, "").strip()
    if override:
        return shutil.which(os.path.expanduser(override))
    for name in _COMMANDS:
        found = shutil.which(name)
        if found:
            return found
    for location in _KNOWN_LOCATIONS:
        if os.path.isfile(location) and os.access(location, os.X_OK):
            return location
    return None


def require_soffice(purpose: str = "PDF output") -> str:
    """The LibreOffice command, or a :class:`UsageError` saying that ``purpose`` needs it
    and how to install it."""
    found = find_soffice()
    if found:
        return found
    install = "sudo apt-get install " + " ".join(DEBIAN_PACKAGES)
    override = os.environ.get(SOFFICE_ENV, "").strip()
    if override:
        where = f"{SOFFICE_ENV}={override} is not an executable program"
    else:
        where = "neither 'soffice' nor 'libreoffice' is on PATH"
    raise UsageError(
        f"{purpose} needs LibreOffice, but {where}. "
        f"Install it (Debian/Ubuntu: {install}; elsewhere from libreoffice.org) "
        f"or point {SOFFICE_ENV} at the soffice program."
    )


def convert_to_pdf(
    documents: Sequence[Path],
    *,
    timeout: float = 120.0,
    soffice: str | None = None,
) -> dict[Path, Path | str]:
    """Write ``<folder>/<stem>.pdf`` beside each document.

    Returns, for each document as given, the PDF's path or an error string.
    Every document is converted by one LibreOffice run; a document that fails
    (or that LibreOffice was on when it died or spent ``timeout`` seconds
    without finishing a document) is tried once more, and the documents a
    stopped run had not reached are converted by a new one. Raises only when
    there is no LibreOffice at all (:class:`UsageError`).
    """
    command = soffice or require_soffice()
    results: dict[Path, Path | str] = {}
    jobs: dict[Path, _Job] = {}  # absolute document path -> job
    claimed: dict[Path, Path] = {}  # absolute PDF path -> absolute document path
    by_folder: dict[Path, list[_Job]] = {}

    for given in documents:
        given = Path(given)
        source = Path(os.path.abspath(given))
        if source in jobs:
            jobs[source].aliases.append(given)
            continue
        job = _Job(source=source, aliases=[given])
        jobs[source] = job
        job.error = _precheck(source)
        target = source.with_suffix(".pdf")
        if job.error is None and target in claimed:
            job.error = (
                f"its PDF {target.name} would replace the one made from {claimed[target].name}"
            )
        if job.error is None:
            claimed[target] = source
            by_folder.setdefault(source.parent, []).append(job)

    by_locale: dict[str, list[_Job]] = {}
    for folder in sorted(by_folder):
        for job in by_folder[folder]:
            by_locale.setdefault(document_locale(job.source), []).append(job)
    for locale in sorted(by_locale):
        group = by_locale[locale]
        _convert_group(command, _common_folder(sorted({job.source.parent for job in group})),
                       group, timeout, locale)

    for job in jobs.values():
        for given in job.aliases:
            if job.error is not None:
                results[given] = job.error
            else:
                results[given] = given.with_suffix(".pdf")
    return results


@dataclass
class _Job:
    source: Path
    aliases: list[Path] = field(default_factory=list)
    error: str | None = "not converted"


@dataclass
class _Run:
    output: list[str]
    returncode: int | None  # None: killed after the timeout, or never started
    not_started: str | None = None


def _precheck(source: Path) -> str | None:
    if source.suffix.lower() == ".pdf":
        return "is already a PDF"
    try:
        with source.open("rb") as handle:
            head = handle.read(len(_ZIP_MAGIC))
    except FileNotFoundError:
        return "file not found"
    except IsADirectoryError:
        return "is a folder, not a document"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if source.suffix.lower() in _ZIP_SUFFIXES and head != _ZIP_MAGIC:
        return (
            f"is not a valid {source.suffix.lower()} file (not a ZIP package); "
            "it is damaged or has the wrong extension"
        )
    return None


def document_locale(path: Path) -> str:
    """The LibreOffice locale (``ru-RU``) to convert ``path`` in: from its core properties'
    language, "" when it has none (LibreOffice's own default)."""
    try:
        with zipfile.ZipFile(path) as package:
            core = package.read("docProps/core.xml").decode("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return ""
    start = core.find("<dc:language>")
    end = core.find("</dc:language>", start)
    tag = core[start + len("<dc:language>"):end].strip() if start >= 0 < end else ""
    if not tag:
        return ""
    from babel import Locale, UnknownLocaleError

    from generator.i18n import office_locale

    try:
        return office_locale(Locale.parse(tag, sep="-"))
    except (UnknownLocaleError, ValueError):
        return ""


_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" \
oor:op="fuse"><value>{locale}</value></prop></item>
</oor:items>
"""


def _profile(profile: Path, locale: str) -> None:
    """A new LibreOffice profile whose locale setting is ``locale`` (none: its default)."""
    if locale:
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(
            _REGISTRY.format(locale=html.escape(locale, quote=False)), encoding="utf-8")


def _common_folder(folders: list[Path]) -> Path:
    """The deepest folder holding all of ``folders`` (where the staging folder goes, so
    that each PDF is moved into place on the same file system)."""
    return Path(os.path.commonpath([str(folder) for folder in folders]))


def _stage(staging: Path, number: int, source: Path) -> Path:
    """``source`` under a name of its own in ``staging`` (documents of different folders
    may share a name): a hard link where possible, else a copy."""
    staged = staging / f"{number:05d}-{source.name}"
    try:
        os.link(source, staged)
    except OSError:
        shutil.copyfile(source, staged)
    return staged


def _convert_group(command: str, folder: Path, jobs: list[_Job], timeout: float,
                   locale: str = "") -> None:
    try:
        staging = Path(tempfile.mkdtemp(prefix=".docgen-pdf-", dir=folder))
    except OSError as exc:
        for job in jobs:
            job.error = f"cannot write a PDF in {folder}: {exc.strerror or exc}"
        return
    try:
        staged: dict[int, Path] = {}
        pending = []
        for number, job in enumerate(jobs):
            try:
                staged[id(job)] = _stage(staging, number, job.source)
                pending.append(job)
            except OSError as exc:
                job.error = f"cannot be read: {exc.strerror or exc}"
        tries = dict.fromkeys(map(id, pending), 0)
        while pending:
            run = _run_soffice(command, [staged[id(job)] for job in pending], staging, timeout,
                               locale)
            messages = _attribute(run.output, [staged[id(job)] for job in pending])
            failed = []
            for job, message in zip(pending, messages, strict=True):
                made = staging / (staged[id(job)].stem + ".pdf")
                if _is_complete_pdf(made):
                    try:
                        os.replace(made, job.source.with_suffix(".pdf"))
                    except OSError as exc:
                        job.error = f"cannot write {job.source.with_suffix('.pdf').name}: {exc}"
                        continue
                    job.error = None
                    continue
                _remove(made)
                failed.append((job, message))
            # a run that was stopped or died was on its first unfinished document; it never
            # reached the others, which go to the next run without a try counted
            stopped = run.returncode is None or run.returncode < 0  # timeout or signal
            for place, (job, message) in enumerate(failed):
                if not stopped or place == 0 or message or run.not_started:
                    tries[id(job)] += 1
                job.error = _describe_failure(run, message, timeout, max(1, tries[id(job)]))
            pending = [job for job, _ in failed if tries[id(job)] < _ATTEMPTS]
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _run_soffice(command: str, sources: list[Path], outdir: Path, timeout: float,
                 locale: str = "") -> _Run:
    with tempfile.TemporaryDirectory(prefix="docgen-soffice-") as scratch:
        profile = Path(scratch) / "profile"
        _profile(profile, locale)
        log_path = Path(scratch) / "output.log"
        argv = [
            command,
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *(str(source) for source in sources),
        ]
        # Both streams into one file keeps LibreOffice's messages in the order
        # it printed them, which is how they are matched to documents; a file
        # (not a pipe) cannot block on a stray grandchild holding it open.
        with log_path.open("wb") as log:
            try:
                process = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=(os.name == "posix"),
                )
            except OSError as exc:
                return _Run(output=[], returncode=None, not_started=f"{command}: {exc}")
            try:
                returncode = _wait(process, outdir, timeout)
            except BaseException:
                _kill_tree(process)
                raise
            if returncode is None:
                _kill_tree(process)
        text = log_path.read_bytes().decode("utf-8", errors="replace")
    return _Run(
        output=[line.strip() for line in text.splitlines() if line.strip()], returncode=returncode
    )


def _wait(process: subprocess.Popen, outdir: Path, timeout: float) -> int | None:
    """The converter's exit status, or None once ``timeout`` seconds have passed
    without a new PDF in ``outdir`` (the timeout is per document)."""
    deadline = time.monotonic() + timeout
    seen = 0
    while True:
        try:
            return process.wait(timeout=max(0.01, min(0.5, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            made = sum(1 for name in os.listdir(outdir) if name.endswith(".pdf"))
            if made > seen:
                seen, deadline = made, time.monotonic() + timeout
            elif time.monotonic() >= deadline:
                return None


def _kill_tree(process: subprocess.Popen) -> None:
    """Stop the converter and everything it started, then reap it."""
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            process.kill()
    else:  # pragma: no cover - Windows
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(process.pid)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        process.kill()
    process.wait()


def _attribute(lines: list[str], sources: list[Path]) -> list[list[str]]:
    """Split LibreOffice's messages by document.

    LibreOffice works through its arguments in order. A document it loaded is
    announced as ``convert SRC -> DST ...`` and errors after that line are
    about saving it; ``Error: source file could not be loaded`` is printed
    instead of that line for a document it could not open.
    """
    messages: list[list[str]] = [[] for _ in sources]
    keys = [_same_file_key(source) for source in sources]
    next_index = 0  # first document LibreOffice has not reported on yet
    current: int | None = None
    for line in lines:
        if line.startswith("convert ") and " -> " in line:
            key = _same_file_key(Path(line[len("convert ") :].split(" -> ", 1)[0]))
            if key in keys[next_index:]:
                current = keys.index(key, next_index)
                next_index = current + 1
            continue
        if "could not be loaded" in line and next_index < len(sources):
            messages[next_index].append(line)
            current = None
            next_index += 1
        elif line.startswith("Error") and current is not None:
            messages[current].append(line)
    return messages


def _same_file_key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _describe_failure(run: _Run, message: list[str], timeout: float, attempt: int) -> str:
    tries = "twice" if attempt > 1 else "once"
    if run.not_started:
        text = f"LibreOffice could not be started ({run.not_started})"
    elif run.returncode is None:
        text = f"LibreOffice did not finish within the {timeout:g} s timeout and was stopped"
    elif message:
        text = "LibreOffice could not convert it"
    elif run.returncode != 0:
        text = f"LibreOffice exited with status {run.returncode} without writing a PDF"
    else:
        text = "LibreOffice wrote no PDF for it"
    said = message or _general_output(run.output)
    if said:
        text += ": " + " | ".join(said)
    return f"{text} (tried {tries})"


def _general_output(lines: list[str]) -> list[str]:
    noise = ("convert ", "Warning: failed to launch javaldx")
    kept = [line for line in lines if not line.startswith(noise)]
    return kept[-5:]


def _is_complete_pdf(path: Path) -> bool:
    """A PDF LibreOffice finished writing ends with ``%%EOF``."""
    try:
        with path.open("rb") as handle:
            if handle.read(5) != b"%PDF-":
                return False
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 1024))
            return b"%%EOF" in handle.read()
    except OSError:
        return False


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
