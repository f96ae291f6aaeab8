"""Mutated client files: each is written whole or refused with a message, never a traceback.

Hypothesis starts from the samples and changes their structure: keys dropped or added,
values of the wrong type, odd strings (control characters, half characters, blank,
very long), huge numbers, junk nested deep, keys given twice. Every case runs
``docgen all`` in-process and must end in one of two ways:

* exit 0, and every file it lists opens (python-docx, python-pptx, icalendar);
* exit 2, every message line names the file and a JSON path (or a line and column of
  the JSON text), and nothing is written.

CI runs a fixed set of cases (``derandomize``); ``DOCGEN_FUZZ_EXAMPLES=5000`` runs that
many fresh random ones.
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.cli import cli

from .conftest import DATA, SAMPLES

EXAMPLES = int(os.environ.get("DOCGEN_FUZZ_EXAMPLES", "0"))
"""How many cases to run; 0 (unset) is CI's fixed set."""

STARTS = [json.loads(p.read_text(encoding="utf-8")) for p in [DATA / "minimal.json", *SAMPLES]]

ODD_STRINGS = [
    "", " ", "   \t ", "\n", "12", "1e3", "-0", "true", "null", "2026-08-01T00:00:00",
    "2026-02-30", "26-01-01", "10:00:00.5", "\x1b[2J\x1b[31mred", "line\nbreak", "\udfff",
    "\ud800x", "\x00\x07\x7f\x85", "\u202eevil", "\u2028", "\ufeff", "Ж" * 300,
    "x" * 20_001, "word " * 4000, "{{ 7*7 }}", "{% if %}", "]]></a:t>", "EU", "ZZ", "XXX",
    "2026-Q5", "0000-Q1", "last sunday", "every day", "en+ru", "zz", "Mars/Olympus",
]
WRONG_VALUES: list[Any] = [
    None, True, False, 0, -1, 12, 1.5, -0.0, 10**16, -(10**16), 1e300, -1e-300,
    float("nan"), float("inf"), [], {}, [1, "a", None], {"en": 1}, {"en": ""}, {"x": {"y": []}},
    {"en": "text", "ru": "текст"}, [[[[[]]]]], {"$comment": "x"},
]
RAW = [
    "1" + "0" * 4400,  # more digits than Python converts
    "-" + "9" * 150,
    "1e999",
    "[" * 100_000 + "]" * 100_000,  # deeper than the json module recurses
    "[" * 70 + "]" * 70,  # deeper than a client file may nest
    '{"a": 1, "a": 2}',  # a key given twice
]
ODD_KEYS = ["curency", "\x1b[2Jkey", "\udfff", "line\nkey", "$comment", "", " ", "x" * 500,
            "__class__", "2026-Q4", "en"]

_PATH = re.compile(
    r'(\(top level\)|line \d+ column \d+|[A-Za-z_$][\w$]*'
    r'(\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*(?:"|\.\.\.)\])*)[:\]]? ')


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Every path in ``value``: the root, each object member and each list item."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*path, i))
    return found


def _get(value: Any, path: tuple) -> Any:
    for part in path:
        value = value[part]
    return value


@st.composite
def mutated(draw) -> tuple[str, list[str]]:
    """A client file's text after one to four changes to a start, and what was done."""
    data = json.loads(json.dumps(draw(st.sampled_from(STARTS))))
    raw: dict[str, str] = {}
    done: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(data)[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _get(data, path[:-1]), path[-1]
        kind = draw(st.sampled_from(
            ["drop", "wrong", "string", "raw", "key", "swap", "text", "number"]))
        if kind == "drop":
            del parent[last]
        elif kind == "wrong":
            parent[last] = copy.deepcopy(draw(st.sampled_from(WRONG_VALUES)))
        elif kind == "string":
            parent[last] = draw(st.sampled_from(ODD_STRINGS))
        elif kind == "text":
            parent[last] = draw(st.text(max_size=40))
        elif kind == "number":
            parent[last] = draw(st.one_of(st.integers(), st.floats()))
        elif kind == "raw":
            marker = f"@@raw{len(raw)}@@"
            raw[marker] = draw(st.sampled_from(RAW))
            parent[last] = marker
        elif kind == "key":
            target = _get(data, path)
            if isinstance(target, dict):
                target[draw(st.sampled_from(ODD_KEYS))] = copy.deepcopy(
                    draw(st.sampled_from(WRONG_VALUES)))
        else:  # another part of the file in this place
            parent[last] = json.loads(json.dumps(_get(data, draw(st.sampled_from(paths)))))
        done.append(f"{kind} {path}")
    text = json.dumps(data, indent=1)
    for marker, value in raw.items():
        text = text.replace(json.dumps(marker), value)
    return text, done


def _opens(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".docx":
        from docx import Document

        Document(io.BytesIO(data))
    elif path.suffix == ".pptx":
        from pptx import Presentation

        assert len(Presentation(io.BytesIO(data)).slides) > 0
    else:
        import icalendar

        icalendar.Calendar.from_ical(data)


@settings(max_examples=EXAMPLES or 250, derandomize=not EXAMPLES, deadline=None,
          database=None, suppress_health_check=list(HealthCheck))
@given(case=mutated())
def it_writes_a_mutated_client_file_whole_or_refuses_it_with_paths(tmp_path_factory, case):
    text, done = case
    folder = tmp_path_factory.mktemp("fuzz")
    source = folder / "client.json"
    source.write_text(text, encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(cli, ["all", str(source), "--ics", "--out", str(out)])
    if isinstance(result.exception, BaseException) and not isinstance(result.exception,
                                                                      SystemExit):
        raise AssertionError(f"{done}: {result.exception!r}") from result.exception
    assert "Traceback" not in result.output, done
    assert result.exit_code in (0, 2), (done, result.exit_code, result.stderr)
    event(f"exit {result.exit_code}")  # pytest --hypothesis-show-statistics counts them
    if result.exit_code == 2:
        assert not out.exists() or not any(out.rglob("*")), (done, list(out.rglob("*")))
        problems = [line for line in result.stderr.splitlines()
                    if not line.startswith("warning: ")]
        assert problems, done
        for line in problems:
            assert line.isprintable(), (done, line)
            assert line.startswith(f"{source}: "), (done, line)
            assert _PATH.match(line, len(f"{source}: ")), (done, line)
    else:
        written = [Path(line) for line in result.stdout.splitlines()]
        assert sorted(p.suffix for p in written) == [".docx", ".docx", ".ics", ".pptx"], done
        for path in written:
            _opens(path)
