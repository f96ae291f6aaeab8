"""Golden text of every sample document: what each document says, kept in ``tests/golden/``.

One case per sample, document and language: the engagement plan and the success
plan in ``en`` and ``ru`` (the success plan also in ``en+ru``), and the deck of
each quarter of the sample in ``en`` and ``ru``. A case's golden file is
``tests/golden/<sample>/<document file name>.txt``, the text
:func:`tests.extract.document_text` reads from the document.

``tests/test_goldens.py`` compares them. After a change that is meant to change
what a document says, regenerate them and review the diff::

    .venv/bin/python -m tests.goldens --update
    git diff tests/golden/
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLES = sorted((ROOT / "samples").glob("*.json"))
LANGS = {"plan": ("en", "ru"), "csp": ("en", "ru", "en+ru"), "qbr": ("en", "ru")}


@dataclass(frozen=True)
class Case:
    """One sample document: which sample, which document, language and quarter."""

    sample: Path
    kind: str
    lang: str
    quarter: str | None = None

    @property
    def filename(self) -> str:
        from generator.documents import KINDS

        return KINDS[self.kind].filename(client(self.sample), self.lang, self.quarter)

    @property
    def golden(self) -> Path:
        return GOLDEN / self.sample.stem / (self.filename + ".txt")

    @property
    def id(self) -> str:
        return f"{self.sample.stem}/{self.filename}"


def cases() -> list[Case]:
    """Every sample × document × language (× quarter, for decks), in a stable order."""
    found = []
    for sample in SAMPLES:
        quarters = sorted(json.loads(sample.read_text(encoding="utf-8")).get("quarters", {}))
        for kind, langs in LANGS.items():
            for lang in langs:
                for quarter in (quarters if kind == "qbr" else [None]):
                    found.append(Case(sample, kind, lang, quarter))
    return found


@cache
def client(sample: Path):
    from generator.loader import load_client

    return load_client(sample).client


def render(case: Case) -> bytes:
    """The document's bytes, as ``docgen`` writes it with the shipped templates."""
    from generator.pipeline import Job, render_job
    from generator.resources import Folders

    job = Job(case.sample, case.kind, case.lang, case.quarter, Path(case.filename))
    return render_job(job, client(case.sample), Folders())


def text(case: Case, data: bytes | None = None) -> str:
    """The golden text of ``case`` (from ``data`` when given, else rendered now)."""
    from .extract import document_text

    return document_text(render(case) if data is None else data, Path(case.filename).suffix)


def update(selected: list[Case]) -> list[Path]:
    """Rewrite the golden files of ``selected``; with every case, remove stale ones too.
    Returns the files that changed."""
    changed = []
    for case in selected:
        new = text(case)
        old = case.golden.read_text(encoding="utf-8") if case.golden.is_file() else None
        if new != old:
            case.golden.parent.mkdir(parents=True, exist_ok=True)
            case.golden.write_text(new, encoding="utf-8")
            changed.append(case.golden)
    if selected == cases():
        wanted = {case.golden for case in selected}
        for stale in sorted(GOLDEN.rglob("*.txt")):
            if stale not in wanted:
                stale.unlink()
                changed.append(stale)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.goldens", description=__doc__)
    parser.add_argument("--update", action="store_true",
                        help="rewrite the golden files (default: only say which differ)")
    parser.add_argument("match", nargs="*",
                        help="only cases whose id (sample/file name) contains one of these")
    args = parser.parse_args(argv)
    selected = [c for c in cases() if not args.match or any(m in c.id for m in args.match)]
    if args.update:
        for path in update(selected):
            print(path.relative_to(ROOT))
        return 0
    differ = [c for c in selected
              if not c.golden.is_file() or c.golden.read_text(encoding="utf-8") != text(c)]
    for case in differ:
        print(f"differs: {case.golden.relative_to(ROOT)}", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
