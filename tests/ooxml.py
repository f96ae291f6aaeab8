"""The strict OOXML check (``../shared/ooxml/check_ooxml.py``) run over written documents.

The checker validates every part against the ISO/IEC 29500 transitional schemas
and checks the package, ids and charts the way Microsoft Office is strict about
them (see its README). It lives beside the checkout, not in it:
``$DOCGEN_OOXML_CHECKER`` names it, else ``../shared/ooxml/check_ooxml.py`` is
used when it exists; without it the conformance tests skip.

Every document a test renders in-process (Word through
:class:`generator.render.docx.template.DocxTemplate`, decks through
:func:`generator.render.pptx.writer.write`) is recorded by :func:`record`, once per
distinct content, so one checker run at the end of the session covers them all.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKER_ENV = "DOCGEN_OOXML_CHECKER"
#: Set (to anything) to check every document the tests rendered, not only the samples;
#: CI does.
ALL_ENV = "DOCGEN_OOXML_ALL"

_recorded: dict[str, tuple[str, bytes]] = {}  # digest -> (suffix, bytes)


def checker() -> Path | None:
    """The checker script, or None when this checkout has none beside it."""
    named = os.environ.get(CHECKER_ENV, "").strip()
    if named:
        return Path(named)
    default = ROOT.parent / "shared" / "ooxml" / "check_ooxml.py"
    return default if default.is_file() else None


def check(paths: list[Path], api: bool = True) -> tuple[bool, str]:
    """Run the checker once over ``paths``: (passed, what it said about failing files)."""
    script = checker()
    if script is None or not script.is_file():
        raise FileNotFoundError(f"no OOXML checker at {script}")
    argv = [sys.executable, str(script), "--hide-quirks", "--min", "ERROR"]
    if not api:
        argv.append("--no-api")
    result = subprocess.run(argv + [str(p) for p in paths], capture_output=True, text=True,
                            check=False)
    return result.returncode == 0, _failures(result.stdout) + result.stderr


def _failures(report: str) -> str:
    """The checker's report without the blocks of files that passed."""
    kept, keep = [], False
    for line in report.splitlines():
        if line.startswith("== "):
            keep = " 0 error(s)" not in line
        if keep:
            kept.append(line)
    return "\n".join(kept)


def record(data: bytes, suffix: str) -> None:
    """Remember a rendered document for the session's conformance check."""
    _recorded.setdefault(hashlib.sha1(data).hexdigest(), (suffix, data))


def recorded(folder: Path) -> list[Path]:
    """Write every recorded document into ``folder`` (by content digest); their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for digest, (suffix, data) in sorted(_recorded.items()):
        path = folder / f"{digest[:16]}{suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def install_recorder() -> None:
    """Wrap the two functions that finish documents so that each result is recorded."""
    from generator.render.docx import template as docx
    from generator.render.pptx import writer as pptx

    render_docx = docx.DocxTemplate.render
    write_pptx = pptx.write

    def recording_render(self, *args, **kwargs):
        data = render_docx(self, *args, **kwargs)
        record(data, ".docx")
        return data

    def recording_write(*args, **kwargs):
        data = write_pptx(*args, **kwargs)
        record(data, ".pptx")
        return data

    docx.DocxTemplate.render = recording_render
    pptx.write = recording_write
