"""Shared fixtures: the repository's folders and a minimal valid client."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = sorted((ROOT / "samples").glob("*.json"))


def copy_logos(folder: Path) -> None:
    """The samples' logo pictures into ``folder``, for copies of the samples put there."""
    import shutil

    shutil.copytree(ROOT / "samples" / "logos", folder / "logos", dirs_exist_ok=True)


@pytest.fixture
def minimal_data() -> dict:
    """The smallest client file that validates, as a dict to change per test."""
    return json.loads((DATA / "minimal.json").read_text(encoding="utf-8"))


@pytest.fixture
def write_client(tmp_path):
    """Write a client dict to a file in tmp_path and return its path."""

    def write(data: dict, name: str = "client.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return write


def need_tool(name: str, found: str | None, package: str) -> str:
    """A tool's path; a missing tool fails the test under CI and skips it elsewhere."""
    import os

    if found:
        return found
    message = f"{name} is not installed (apt-get install {package})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


# docgen keeps what it prepares (compiled templates, parsed catalogs, holiday tables) in
# the user's cache folder; the tests, and every docgen they start, use a folder of their own.
_CACHE = tempfile.mkdtemp(prefix="docgen-test-cache-")
os.environ["DOCGEN_CACHE_DIR"] = _CACHE


@pytest.fixture(scope="session", autouse=True)
def _own_cache():
    yield
    shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.fixture
def fake_pdfs(monkeypatch) -> list[list[Path]]:
    """LibreOffice replaced by a converter that writes a minimal PDF beside each document;
    returns the documents of each call."""
    from generator.render.pdf import convert as pdf

    calls: list[list[Path]] = []

    def convert(paths, **kwargs):
        calls.append(list(paths))
        made = {}
        for path in paths:
            path.with_suffix(".pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
            made[path] = path.with_suffix(".pdf")
        return made

    monkeypatch.setattr(pdf, "require_soffice", lambda *what: "soffice")
    monkeypatch.setattr(pdf, "convert_to_pdf", convert)
    return calls


def pytest_configure(config):
    """Record every document the tests render, for the session's OOXML check."""
    from . import ooxml

    config.addinivalue_line("markers", "last: run after every other test of the session")
    ooxml.install_recorder()


def pytest_collection_modifyitems(items):
    """Tests marked ``last`` run at the end (the OOXML check of what the others wrote)."""
    items.sort(key=lambda item: item.get_closest_marker("last") is not None)


@pytest.fixture(scope="session")
def sample_documents(tmp_path_factory) -> dict:
    """Every sample document (tests.goldens.cases()), written once per session:
    {case: path}, each at ``<folder>/<sample>/<file name>``."""
    from . import goldens

    folder = tmp_path_factory.mktemp("samples")
    written = {}
    for case in goldens.cases():
        path = folder / case.sample.stem / case.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(goldens.render(case))
        written[case] = path
    return written
