"""Hostile but realistic input, through the command line and every document.

Every free-text field of every sample (the model's ``Text`` fields, and names,
owners, titles and presenters; never codes, dates or ids) is filled with nasty
text: markup, Jinja-looking tags, Cyrillic, right-to-left and combining text,
emoji with joiners, line separators, tabs and newlines, control characters
pasted from spreadsheets, unpaired surrogate escapes, very long strings. Each
document is written by ``docgen``, read back with python-docx, python-pptx or
icalendar, and must hold every text the client file gives it exactly as typed
(after the documented clean-up of control characters, see
:func:`generator.loader.clean_text`).

Then edge-case clients: each either works or gets a clean message naming the
file, the JSON path, what was expected and what was found, exit status 2, no
traceback and no file written.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import re
import subprocess
import sys
import types
import typing
from functools import cache
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner
from docx import Document
from pptx import Presentation
from pydantic import BaseModel

from generator import model
from generator.agenda import DEFAULT_IDS
from generator.cli import cli
from generator.documents.meetings import client_schedule, topics
from generator.loader import load_client

from .conftest import DATA, ROOT, SAMPLES, copy_logos

# --- nasty text -----------------------------------------------------------------------------

NASTY = (
    "& < > \" '",
    "Tom & Jerry's <b>\"bold\"</b> &amp; &#x41; &lt;",
    "{{ 7*7 }}",
    "{% if %}",
    "{%tr for x in y %}{{r x }}{# note #}{%p endif %}",
    "{client} {vendor} {name} {0} %s %(n)d ${x}",
    "Кириллица: «Ёжик в тумане» — съешь же ещё этих мягких французских булок",
    "🚀👍🏽🇬🇧 emoji",
    "family 👩‍👩‍👧‍👦 joined",
    "שלום עולם and مرحبا بالعالم",
    "\u202eright-to-left override\u202c",
    "Zalgo Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇ and e\u0301",
    "zero\u200bwidth\u200cnon\u200djoiner\ufeffbom",
    "line\u2028separator\u2029paragraph",
    "tab\tseparated\tcells",
    "first line\nsecond line",
    "windows\r\nline\rends",
    "pasted\x00from\x07a\x1bspread\x0bsheet\x0c",
    "c1\x85controls\x9f and del\x7f",
    "nonchar\ufffe\uffff",
    "]]><![CDATA[</w:t><w:t>x</w:t><a:t>y</a:t>",
    "BEGIN:VEVENT;x=\"y\":z,\\\nEND:VCALENDAR",
    "=SUM(A1:A9) +cmd|' /C calc'!A0",
    "   padded with spaces   ",
    "𠜎𠜱 中文 日本語 한국어",
    "back\\slash %% $$ \\n \\t",
    "no\u00a0break soft\u00adhyphen",
    "\ud800 unpaired \udfff surrogates",
)
"""Short nasty texts (each fits a 300-character name)."""

LONG = (" ".join(f"word{n:03d}" for n in range(400)),)
"""Very long texts, only for free-text fields (names hold at most 300 characters)."""

UNBROKEN = "https://portal.example/" + "x" * 600
"""A very long text without a space; not for decks (see
:func:`it_keeps_deck_columns_readable_beside_a_long_unbroken_word`)."""

_DOCUMENTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def documented(text: str) -> str:
    """``text`` after the documented clean-up: line ends as LF, control characters and
    noncharacters removed, an unpaired surrogate replaced by U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _DOCUMENTED.sub("", text)
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


# --- the free-text fields of a client file --------------------------------------------------

NAME_FIELDS = {"name", "owner", "presenters", "title"}
"""Plain-string fields that hold names (a contact's name and title, an owner...)."""


def _is_text(annotation: typing.Any) -> bool:
    return typing.get_origin(annotation) is typing.Annotated and any(
        getattr(meta, "func", None) in (model._text, model._required_text)
        for meta in typing.get_args(annotation)[1:])


def _shape(annotation: typing.Any):
    """"text", "str", a model class, ("list", item) or ("dict", value); None otherwise."""
    if _is_text(annotation):
        return "text"
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _shape(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        shapes = [_shape(a) for a in typing.get_args(annotation) if a is not type(None)]
        return next((s for s in shapes if s is not None), None)
    if origin in (list, dict):
        return (origin.__name__, typing.get_args(annotation)[-1])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return "str" if annotation is str else None


def free_text_fields(data: dict) -> list[tuple[tuple, str]]:
    """(JSON path, "text" or "name") of every free-text value present in ``data``."""
    found: list[tuple[tuple, str]] = []

    def walk(value, annotation, field: str, path: tuple) -> None:
        shape = _shape(annotation)
        if shape == "text" and isinstance(value, str | dict):
            found.append((path, "text"))
        elif shape == "str" and field in NAME_FIELDS and isinstance(value, str):
            found.append((path, "name"))
        elif isinstance(shape, tuple) and shape[0] == "list" and isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, shape[1], field, (*path, i))
        elif isinstance(shape, tuple) and shape[0] == "dict" and isinstance(value, dict):
            for key, item in value.items():
                walk(item, shape[1], field, (*path, key))
        elif isinstance(shape, type) and isinstance(value, dict):
            for name, info in shape.model_fields.items():
                key = info.alias or name
                # pydantic keeps a required field's Annotated extras in ``metadata``
                annotation = (typing.Annotated[(info.annotation, *info.metadata)]
                              if info.metadata else info.annotation)
                if key in value:
                    walk(value[key], annotation, name, (*path, key))

    walk(data, model.Client, "", ())
    return found


def _set(data, path: tuple, value) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _get(data, path: tuple):
    for key in path:
        data = data[key]
    return data


def fill(data: dict, seed: int | None,
         deck: bool = False) -> tuple[dict, dict[tuple, str | dict[str, str]]]:
    """``data`` with every free-text field nasty, and what each field was given.

    Seed None puts the short texts in order, each field its own; a seed mixes
    one to three texts (short and long) per field at random, joined by a space,
    a newline, a tab or nothing. Every text is wrapped in ``⟦n⟧...⟦/n⟧`` so that
    it can be found, and text fields alternate between a plain string and one
    text per language.
    """
    data = copy.deepcopy(data)
    rng = random.Random(seed)
    placed: dict[tuple, str | dict[str, str]] = {}
    for n, (path, kind) in enumerate(free_text_fields(data)):

        def nasty(tag: str, n: int = n, kind: str = kind) -> str:
            if seed is None:
                body = NASTY[n % len(NASTY)]
            else:
                pool = NASTY if kind == "name" else NASTY + LONG + (() if deck else (UNBROKEN,))
                parts = [rng.choice(pool) for _ in range(rng.randint(1, 3))]
                body = rng.choice([" ", "\n", "\t", ""]).join(parts)
                if kind == "name":
                    body = body[:250]
            return f"⟦{n}{tag}⟧{body}⟦/{n}{tag}⟧"

        if kind == "text" and n % 2:
            value: str | dict[str, str] = {"en": nasty("en"), "ru": nasty("ru")}
        else:
            value = nasty("")
        _set(data, path, value)
        placed[path] = value
    return data, placed


# --- which document prints which field --------------------------------------------------------


def _plan_fields(path: tuple, meeting: set[str], data: dict) -> bool:
    match path:
        case ("client", "name") | ("vendor", "name" | "product") | ("engagement", "location"):
            return True
        case ("contacts", _, _, "name" | "title") | ("support", "hours"):
            return True
        case ("support", "response_times", _, "priority" | "description"):
            return True
        case ("support", "escalation", _, "contact" | "when"):
            return True
        case ("engagement", "agenda", "items", i, _):
            return data["engagement"]["agenda"]["items"][i]["id"] in meeting
    return False


CSP_SECTIONS = {"solution", "outcomes", "team", "kpis", "use_cases", "barriers", "milestones",
                "process_changes", "communications", "results", "outcomes_summary"}
OUTCOME_STATE = ("status", "current_status", "executive_statement")


def _outcome_source(outcome: dict, field: str, day: str | None) -> tuple:
    """Where the outcome's ``field`` shown on ``day`` (ISO; None: the latest) comes from:
    ``(field,)`` for the plain one, ``("updates", j, field)`` for an update."""
    found: tuple = (field,)
    for j, update in enumerate(outcome.get("updates", [])):
        if (day is None or update["date"] <= day) and update.get(field) is not None:
            found = ("updates", j, field)
    return found


def _shown_state(outcome: dict, rest: tuple, day: str | None) -> bool | None:
    """Whether an outcome's dated field at ``rest`` is the one shown on ``day``; None for
    a field that is not dated."""
    field = rest[0] if rest[0] in OUTCOME_STATE else (rest[2] if rest[0] == "updates" else None)
    if field is None:
        return None
    shown = _outcome_source(outcome, field, day)
    return rest[:len(shown)] == shown


def _done(outcome: dict, day: str | None) -> bool:
    """Whether the outcome's status shown on ``day`` is done (its executive statement is
    shown under "Outcomes achieved" only then)."""
    source = _outcome_source(outcome, "status", day)
    value = outcome
    for key in source:
        value = value[key] if isinstance(value, list) else value.get(key)
    return value == "done"


def _csp_fields(path: tuple, meeting: set[str], data: dict) -> bool:
    if path[0] == "outcomes" and len(path) > 2:
        outcome = data["outcomes"][path[1]]
        shown = _shown_state(outcome, path[2:], None)
        if shown is not None:
            return shown and (path[-1] != "executive_statement" or _done(outcome, None))
    if path[:1] == ("kpis",) and "measurements" in path:
        return False  # the plan shows the latest value, not each measurement's note
    return path in (("client", "name"), ("client", "industry"), ("vendor", "name"),
                    ("vendor", "product")) or path[0] in CSP_SECTIONS


def _qbr_fields(quarter: str):
    from generator.schedule import quarter_bounds

    end = quarter_bounds(quarter)[1].isoformat()

    def printed(path: tuple, meeting: set[str], data: dict) -> bool:
        day = data["quarters"][quarter].get("meeting_date") or end
        keys = sorted(data["quarters"])
        previous = max((k for k in keys if k < quarter), default=None)
        match path:
            case ("client", "name") | ("kpis", _, "name"):
                return True
            case ("quarters", key, "action_items", _, "action" | "owner"):
                return key in (quarter, previous)
            case ("quarters", key, *_):
                return key == quarter
            case ("outcomes", _, "outcome" | "initiative"):
                return True
            case ("outcomes", i, *rest):
                outcome = data["outcomes"][i]
                return rest[-1] in ("current_status", "executive_statement") and bool(
                    _shown_state(outcome, tuple(rest), end)) and (
                    rest[-1] != "executive_statement" or _done(outcome, end))
            case ("barriers", i, "challenge" | "resolution" | "owner" | "timeframe"):
                b = data["barriers"][i]
                if b.get("opened") and b["opened"] > day:
                    return False
                if b.get("resolved"):
                    return b["resolved"] > day
                return b.get("status", "open") != "resolved"
            case ("results", "key_wins", i, "win" | "description"):
                when = data["results"]["key_wins"][i].get("date")
                return when is None or when <= end
        return False

    return printed


def _ics_fields(path: tuple, meeting: set[str], data: dict) -> bool:
    match path:
        case ("client", "name") | ("engagement", "location"):
            return True
        case ("contacts", side, i, "name"):  # a contact some meeting invites
            contact = data["contacts"][side][i]
            return bool(contact.get("email")) and (side, contact["role"]) in meeting
        case ("engagement", "agenda", "items", i, "title"):
            return data["engagement"]["agenda"]["items"][i]["id"] in meeting
    return False


def expected_texts(source: Path, placed: dict, data: dict, printed,
                   langs: tuple[str, ...]) -> list[str]:
    """The cleaned texts a document in ``langs`` must hold, by the fields it prints
    (``printed`` gets the ids of the items that meet, and the (side, role) pairs of the
    contact roles some meeting invites)."""
    client = load_client(source).client
    by_id = {t.id: t for t in topics(client)}
    meeting: set = {i for m in client_schedule(client).meetings for i in m.item_ids}
    meeting |= {(side, role) for i in list(meeting) for side in ("client", "vendor")
                for role in by_id[i].roles(side)}
    texts = []
    for path, value in placed.items():
        if not printed(path, meeting, data):
            continue
        if isinstance(value, str):
            texts.append(documented(value))
        else:
            texts.extend(documented(value[lang]) for lang in langs)
    return texts


# --- reading documents back -------------------------------------------------------------------


def docx_text(path: Path) -> str:
    """Every paragraph of body, tables (nested too), headers and footers, one a line."""
    doc = Document(str(path))
    out: list[str] = []

    def tables(found) -> None:
        for table in found:
            for row in table.rows:
                for cell in row.cells:
                    out.extend(p.text for p in cell.paragraphs)
                    tables(cell.tables)

    out.extend(p.text for p in doc.paragraphs)
    tables(doc.tables)
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer):
            out.extend(p.text for p in part.paragraphs)
            tables(part.tables)
    return "\n".join(out)


def pptx_text(path: Path) -> str:
    """Every text frame, table cell and chart title of every slide; a line break in a
    paragraph (``\\v`` in python-pptx) read as a newline."""
    prs = Presentation(str(path))
    out: list[str] = []

    def shapes(found) -> None:
        for shape in found:
            if shape.shape_type == 6:  # group
                shapes(shape.shapes)
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                out.extend(cell.text_frame.text for row in shape.table.rows for cell in row.cells)
            if getattr(shape, "has_chart", False) and shape.has_chart:
                chart = shape.chart
                if chart.has_title:
                    out.append(chart.chart_title.text_frame.text)
                out.extend(series.name for plot in chart.plots for series in plot.series)

    for slide in prs.slides:
        shapes(slide.shapes)
    return "\n".join(out).replace("\v", "\n")


def ics_text(path: Path) -> str:
    """Summary, description and location of every event, and every attendee's name."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    out = []
    for event in calendar.walk("VEVENT"):
        out.extend(str(event[key]) for key in ("summary", "description", "location")
                   if key in event)
        people = event.get("attendee", [])
        for person in people if isinstance(people, list) else [people]:
            out.append(str(person.params.get("cn", "")))
    return "\n".join(out)


def assert_holds(text: str, wanted: list[str], *, split: bool = False) -> None:
    """Every wanted text appears in ``text`` exactly. With ``split`` (a deck, where a
    row taller than a slide continues on the next, each cell cut between words), a
    text may instead be cut between words: its words, each whole, in order."""
    missing = [want for want in wanted
               if want not in text and not (split and _in_order(text, want))]
    assert not missing, f"{len(missing)} of {len(wanted)} texts not found, e.g. {missing[:3]!r}"


def _in_order(text: str, want: str) -> bool:
    position = 0
    for word in want.split():
        position = _found_word(text, word, position)
        if position < 0:
            return False
    return True


def _found_word(text: str, word: str, position: int) -> int:
    """Where ``word`` ends in ``text`` from ``position``, or -1: whole, or (a word longer
    than a line, broken between characters) cut at a line's end and continued further
    on, where its row goes on at the next slide."""
    at = text.find(word, position)
    if at >= 0:
        return at + len(word)
    for cut in range(len(word) - 1, 0, -1):
        at = text.find(word[:cut] + "\n", position)
        if at >= 0 and (end := _found_word(text, word[cut:], at + cut + 1)) >= 0:
            return end
    return -1


# --- running docgen ---------------------------------------------------------------------------


def docgen(*args: str) -> typing.Any:
    """Run ``docgen args`` in-process; a crash (any exception but SystemExit) fails."""
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"docgen {' '.join(map(str, args))} crashed") from result.exception
    assert "Traceback" not in result.stderr
    return result


def write_json(path: Path, data: dict, ascii_only: bool) -> Path:
    """UTF-8 JSON; with ``ascii_only`` every non-ASCII character as an escape (emoji as
    surrogate pairs), else only unpaired surrogates (UTF-8 cannot hold them)."""
    text = json.dumps(data, ensure_ascii=ascii_only, indent=1)
    text = re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m[0]):04x}", text)
    path.write_text(text, encoding="utf-8")
    if any(isinstance(data.get(part), dict) and data[part].get("logo")
           for part in ("vendor", "client")):
        copy_logos(path.parent)  # a sample's logos, beside its copy
    return path


DOCUMENTS = (
    # (command, --lang, file name pattern, reader, printed fields, languages of texts)
    ("plan", "en", "engagement-plan_*_en.docx", docx_text, _plan_fields, ("en",)),
    ("plan", "ru", "engagement-plan_*_ru.docx", docx_text, _plan_fields, ("ru",)),
    ("csp", "en", "success-plan_en.docx", docx_text, _csp_fields, ("en",)),
    ("csp", "ru", "success-plan_ru.docx", docx_text, _csp_fields, ("ru",)),
    ("csp", "en+ru", "success-plan_en+ru.docx", docx_text, _csp_fields, ("en", "ru")),
    ("qbr", "en", "qbr_*_en.pptx", pptx_text, None, ("en",)),
    ("qbr", "ru", "qbr_*_ru.pptx", pptx_text, None, ("ru",)),
    ("ics", "en", "engagement-plan_*.ics", ics_text, _ics_fields, ("en",)),
)
SEEDS = (None, 1, 2)


@cache
def filled(sample: Path, seed: int | None, deck: bool = False) -> tuple[dict, dict]:
    return fill(json.loads(sample.read_text(encoding="utf-8")), seed, deck)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: "list" if s is None else f"seed{s}")
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
@pytest.mark.parametrize("document", DOCUMENTS, ids=[f"{d[0]}-{d[1]}" for d in DOCUMENTS])
def it_prints_every_nasty_text_exactly(tmp_path, sample, seed, document):
    command, lang, pattern, read, printed, langs = document
    data, placed = filled(sample, seed, deck=command == "qbr")
    source = write_json(tmp_path / "client.json", data, ascii_only=seed == 2)
    out = tmp_path / "out"
    args = ["plan", source, "--lang", lang, "--ics"] if command == "ics" else [
        command, source, "--lang", lang]
    result = docgen(*args, "--out", out)
    assert result.exit_code == 0, result.stderr
    [written] = [p for p in out.glob(f"*/{pattern}")]
    quarter = max(data["quarters"]) if data.get("quarters") else None
    wanted = expected_texts(source, placed, data, printed or _qbr_fields(quarter), langs)
    assert len(wanted) >= 5  # the sample fills the fields this document prints
    assert_holds(read(written), wanted, split=read is pptx_text)


def it_fills_every_kind_of_free_text_field():
    placed = [path for sample in SAMPLES for path in filled(sample, None)[1]]
    fields = {tuple("*" if isinstance(k, int) or "-Q" in str(k) else k for k in path)
              for path in placed}
    for field in [("client", "name"), ("client", "industry"), ("vendor", "product"),
                  ("contacts", "client", "*", "name"), ("kpis", "*", "name"),
                  ("quarters", "*", "wins", "*"), ("quarters", "*", "presenters", "*"),
                  ("use_cases", "*", "persona"), ("engagement", "agenda", "items", "*", "title")]:
        assert field in fields
    for path in placed:  # codes, dates and ids are left alone
        assert path[-1] not in ("id", "email", "phone", "sku", "serial", "date", "due", "month")
        assert path[0] != "contacts" or path[-1] != "role"


def it_keeps_every_visible_character_when_cleaning():
    from generator.loader import clean_text

    for text in NASTY + LONG:
        cleaned, notes = clean_text(text)
        assert cleaned == documented(text)
        assert bool(notes) == (documented(text) != text.replace("\r\n", "\n").replace("\r", "\n"))
    assert clean_text("Ёжик 🚀 {{ 7*7 }} a\u2028b\tc\nd")[0] == "Ёжик 🚀 {{ 7*7 }} a\u2028b\tc\nd"


def it_warns_about_what_it_cleans(tmp_path, minimal_data):
    minimal_data["client"]["name"] = "Acme\x85\ufffe Ltd"
    minimal_data["vendor"]["name"] = "Half \ud83d a rocket"
    minimal_data["vendor"]["product"] = "windows\r\nline"
    source = write_json(tmp_path / "c.json", minimal_data, ascii_only=True)
    loaded = load_client(source)
    assert loaded.client.client.name == "Acme Ltd"
    assert loaded.client.vendor.name == "Half \ufffd a rocket"
    assert loaded.client.vendor.product == "windows\nline"
    assert [w.split(": ", 1)[1] for w in loaded.warnings] == [
        "client.name: removed 2 control character(s)",
        "vendor.name: replaced 1 unpaired surrogate escape(s) (half a character, such as "
        "\\ud800) with U+FFFD",
    ]


# --- edge-case clients ------------------------------------------------------------------------

KESTONBURY = ROOT / "samples" / "kestonbury-print.json"


def kestonbury() -> dict:
    return json.loads(KESTONBURY.read_text(encoding="utf-8"))


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def refused(tmp_path: Path, data: dict | str, *commands: str) -> list[str]:
    """Run each command on ``data``; each must exit 2 with no file written. Returns the
    stderr lines of the last run (every one naming the file)."""
    source = tmp_path / "client.json"
    if isinstance(data, str):
        source.write_text(data, encoding="utf-8")
    else:
        write_json(source, data, ascii_only=False)
    out = tmp_path / "out"
    lines: list[str] = []
    for command in commands or ("all",):
        options = () if command in ("validate", "schedule") else ("--out", out)
        result = docgen(command, source, *options)
        assert result.exit_code == 2, (command, result.stdout, result.stderr)
        assert files_in(out) == [], command
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith(f"{source}: ") for line in lines), lines
    return [line.split(": ", 1)[1] for line in lines]


def written(tmp_path: Path, data: dict, *args: str) -> list[Path]:
    """Run ``docgen args`` on ``data``; it must succeed. Returns the written files."""
    folder = tmp_path / "written"
    folder.mkdir(exist_ok=True)
    source = write_json(folder / "client.json", data, ascii_only=False)
    out = folder / "out"
    result = docgen(args[0], source, *args[1:], "--out", out)
    assert result.exit_code == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert paths and all(p.is_file() for p in paths)
    return paths


def one(paths: list[Path], suffix: str) -> Path:
    [found] = [p for p in paths if p.name.endswith(suffix)]
    return found


def user_sees(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """``python -m generator.cli args`` in a real process, as a user runs it."""
    done = subprocess.run([sys.executable, "-m", "generator.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    return done


# numbers


def it_prints_huge_negative_and_zero_values(tmp_path):
    data = kestonbury()
    kpi = data["kpis"][0]
    kpi.update(unit="number", measurements=[{"date": "2026-09-30", "value": 1e15}])
    kpi["baseline"]["value"], kpi["target"]["value"] = -1e15, 0
    data["kpis"][1]["unit"] = "number"
    data["kpis"][1]["baseline"]["value"] = 0
    data["kpis"][1]["target"]["value"] = 0  # target equals baseline: no progress to show
    for k in data["kpis"][1:]:
        k["measurements"] = [{"date": "2026-09-30", "value": 0}]
    data["quarters"]["2026-Q4"]["account"] = {"invoiced": 1e15, "paid": 0, "overdue": 0}
    paths = written(tmp_path, data, "all", "--ics")
    text = docx_text(one(paths, "success-plan_en.docx"))
    assert "1,000,000,000,000,000" in text and "\u20131,000,000,000,000,000" in text
    deck = pptx_text(one(paths, ".pptx"))
    assert "£1,000,000,000,000,000" in deck


def it_refuses_numbers_that_are_not_finite_or_absurdly_large(tmp_path):
    text = (DATA / "bad" / "not-finite.json").read_text(encoding="utf-8")
    assert refused(tmp_path, text, "csp", "validate") == [
        "contract.value: expected a finite number, found Infinity",
        "kpis[0].baseline.value: expected a finite number, found NaN",
        "kpis[0].target.value: expected a finite number, found Infinity",
    ]
    data = kestonbury()
    data["quarters"]["2026-Q4"]["account"] = {"invoiced": 1e16, "paid": 0}
    assert refused(tmp_path, data, "qbr") == [
        'quarters["2026-Q4"].account.invoiced: expected a number at most '
        "1,000,000,000,000,000, found 1e+16"]


# dates


def it_refuses_a_date_outside_1900_to_2999(tmp_path):
    data = kestonbury()
    data["engagement"]["plan_start"] = "9999-06-01"  # the plan year would end in 10000
    data["quarters"]["0000-Q1"] = {}
    assert refused(tmp_path, data, "plan", "qbr", "all", "schedule", "validate") == [
        "engagement.plan_start: expected a date on or before 2999-12-31, found \"9999-06-01\"",
        'quarters["0000-Q1"]: expected a quarter as YYYY-Qn (e.g. 2026-Q4), found "0000-Q1"',
    ]


def it_starts_a_plan_on_the_31st_on_the_first_of_its_month(tmp_path):
    data = kestonbury()
    data["engagement"]["plan_start"] = "2027-01-31"
    paths = written(tmp_path, data, "plan", "--ics")
    assert one(paths, ".docx").name == "engagement-plan_2027_en.docx"
    assert "January 2027 – December 2027" in docx_text(one(paths, ".docx"))
    events = icalendar.Calendar.from_ical(one(paths, ".ics").read_bytes()).walk("VEVENT")
    starts = sorted(e["dtstart"].dt.date() for e in events)
    assert str(starts[0]) >= "2027-01-01" and str(starts[-1]) <= "2027-12-31"



def it_plans_no_onboarding_for_a_go_live_after_the_plan_year(tmp_path):
    data = kestonbury()  # its refresher training is an onboarding item set to month 4
    data["contract"]["go_live"] = "2031-05-01"
    paths = written(tmp_path, data, "plan", "--ics", "--lang", "en")
    text = docx_text(one(paths, ".docx"))
    assert "1 May 2031" in text  # in the title block
    assert "Onboarding covers" not in text
    assert "Premium support" not in text  # a go-live onboarding item
    data["contract"]["go_live"] = "2026-06-15"
    text = docx_text(one(written(tmp_path, data, "plan", "--lang", "en"), ".docx"))
    assert "Onboarding covers the first three months after go-live on 15 June 2026." in text
    assert "Premium support" in text


# countries and holidays


def it_refuses_a_subdivision_without_holidays_naming_the_valid_ones(tmp_path):
    data = kestonbury()
    data["client"]["subdivision"] = "Yorkshire"
    assert refused(tmp_path, data, "plan", "csp", "qbr", "schedule", "validate") == [
        'client.subdivision: expected a holiday subdivision of GB (ENG, NIR, SCT, WLS), '
        'found "Yorkshire"']
    source = tmp_path / "client.json"
    done = user_sees("plan", source, "--out", tmp_path / "out")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f'{source}: client.subdivision: expected a holiday subdivision of '
                           'GB (ENG, NIR, SCT, WLS), found "Yorkshire"\n')


def it_takes_a_subdivision_in_any_letter_case(tmp_path):
    data = kestonbury()
    data["client"]["subdivision"] = "eng"
    assert written(tmp_path, data, "plan", "--lang", "en")
    data["client"].update(country="BE", subdivision="flemish", currency="EUR",
                          timezone="Europe/Brussels")  # the holidays package writes "Flemish"
    text = docx_text(one(written(tmp_path, data, "plan", "--lang", "en"), ".docx"))
    assert "public holiday (Belgium)" in text


def it_plans_for_antarctica_and_refuses_codes_that_are_no_country(tmp_path):
    data = kestonbury()
    data["client"].update(country="AQ", timezone="Antarctica/McMurdo")
    del data["client"]["subdivision"]
    text = docx_text(one(written(tmp_path, data, "plan", "--lang", "en"), ".docx"))
    assert "No meeting falls on a weekend or on a public holiday (Antarctica)." in text
    for code in ("EU", "ZZ", "UN"):
        data["client"]["country"] = code
        assert refused(tmp_path, data, "plan", "validate") == [
            f'client.country: expected an ISO 3166 alpha-2 country code such as GB, '
            f'found "{code}"']


# the calendar


def it_writes_a_calendar_for_a_client_name_of_two_lines(tmp_path):
    data = kestonbury()
    data["client"]["name"] = "Kestonbury Print\nManagement Ltd"
    data["contacts"]["client"][1]["name"] = "Helena\nMarsh \"HM\"; CFO, Ops: ^1"  # a super user
    ics = one(written(tmp_path, data, "plan", "--ics"), ".ics")
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    assert str(calendar["x-wr-calname"]).startswith("Kestonbury Print Management Ltd – ")
    event = calendar.walk("VEVENT")[0]
    assert str(event["summary"]).startswith("Kestonbury Print\nManagement Ltd – ")
    assert event["attendee"][0].params["cn"] == "Helena\nMarsh \"HM\"; CFO, Ops: ^1"
    assert "Traceback" not in user_sees("schedule", write_json(tmp_path / "c.json", data, False),
                                        "--format", "ics").stderr


# the agenda


def it_says_so_when_every_agenda_item_is_dropped(tmp_path):
    data = kestonbury()
    data["engagement"]["agenda"] = {"drop": sorted(DEFAULT_IDS)}
    data["client"]["timezone"] = "UTC"
    paths = written(tmp_path, data, "all", "--ics")
    text = docx_text(one(paths, "plan_2026_en.docx"))
    assert "No meetings in the plan year." in text
    assert "A cell shows the date" not in text
    assert icalendar.Calendar.from_ical(one(paths, ".ics").read_bytes()).walk("VEVENT") == []
    assert "Next meetings" not in pptx_text(one(paths, ".pptx"))
    russian = docx_text(one(written(tmp_path, data, "plan", "--lang", "ru"), ".docx"))
    assert "В году плана нет встреч." in russian
    source = write_json(tmp_path / "c.json", data, False)
    assert "No meetings in the plan year." in docgen("schedule", source).stdout


# contacts, quarters, KPIs


def it_plans_a_client_with_no_contacts_at_all(tmp_path):
    data = kestonbury()
    del data["contacts"]
    paths = written(tmp_path, data, "all", "--ics")
    plan = Document(str(one(paths, "plan_2026_en.docx")))
    [client_table] = [t for t in plan.tables if t.rows[0].cells[0].text == "Role"][:1]
    rows = [[c.text for c in r.cells] for r in client_table.rows[1:]]
    assert [r[0] for r in rows] == ["Executive sponsor", "Super user", "Super user",
                                    "Technical contact", "Invoicing contact"]
    assert all(cell == "" for r in rows for cell in r[1:])  # rows to fill in by hand
    events = icalendar.Calendar.from_ical(one(paths, ".ics").read_bytes()).walk("VEVENT")
    assert events and all("attendee" not in e and "organizer" not in e for e in events)


def it_refuses_a_deck_for_a_client_without_quarters(tmp_path):
    data = kestonbury()
    del data["quarters"]
    expected = ['quarters: expected at least one quarter (e.g. "2026-Q4") for a QBR deck, '
                "found none"]
    assert refused(tmp_path, data, "qbr", "all") == expected
    source = tmp_path / "client.json"
    done = user_sees("all", source, "--out", tmp_path / "out")
    assert (done.returncode, done.stdout, files_in(tmp_path / "out")) == (2, "", [])
    assert done.stderr == f"{source}: {expected[0]}\n"
    assert written(tmp_path, data, "plan", "--ics") and written(tmp_path, data, "csp")


def _empty_slides(deck: Path) -> list[int]:
    """Slides (after the title slide) with nothing but their title, footer and number."""
    frame = (13, 15, 16, 1, 3)  # slide number, footer, date, title, centre title
    empty = []
    for number, slide in enumerate(Presentation(str(deck)).slides, start=1):
        if number == 1:
            continue
        content = False
        for shape in slide.shapes:
            if shape.is_placeholder and shape.placeholder_format.type in frame:
                continue
            if getattr(shape, "has_chart", False) and shape.has_chart:
                content = True
            elif getattr(shape, "has_table", False) and shape.has_table:
                content |= any(c.text.strip() for r in list(shape.table.rows)[1:]
                               for c in r.cells)
            elif shape.has_text_frame:
                content |= bool(shape.text_frame.text.strip())
        if not content:
            empty.append(number)
    return empty


@pytest.mark.parametrize("lang", ["en", "ru"])
def it_builds_a_deck_for_a_quarter_with_nothing_in_it(tmp_path, lang):
    data = kestonbury()
    data["quarters"] = {"2026-Q4": {}}
    deck = one(written(tmp_path, data, "qbr", "--lang", lang), ".pptx")
    assert len(Presentation(str(deck)).slides) > 3
    assert _empty_slides(deck) == []
    for key in ("outcomes", "kpis", "barriers"):
        data[key] = []
    data["results"]["key_wins"] = []
    data["engagement"]["agenda"] = {"drop": sorted(DEFAULT_IDS)}
    deck = one(written(tmp_path, data, "qbr", "--lang", lang), ".pptx")
    assert len(Presentation(str(deck)).slides) == 1  # the title slide alone, no agenda


def it_shows_kpis_without_measurements_or_with_the_target_at_the_baseline(tmp_path):
    data = kestonbury()
    data["kpis"][0]["measurements"] = []
    flat = data["kpis"][1]
    flat["target"]["value"] = flat["baseline"]["value"]  # progress would divide by zero
    paths = written(tmp_path, data, "csp") + written(tmp_path, data, "qbr")
    csp = Document(str(one(paths, ".docx")))
    progress = [t for t in csp.tables if t.rows[0].cells[-1].text == "Progress to target"]
    rows = {r.cells[0].text: r.cells[-1].text for r in progress[0].rows[1:]}
    assert data["kpis"][0]["name"] not in rows  # nothing measured yet
    assert rows[flat["name"]] == "–"
    deck = pptx_text(one(paths, ".pptx"))
    assert data["kpis"][0]["name"] in deck and flat["name"] in deck
    assert _empty_slides(one(paths, ".pptx")) == []


def it_charts_a_thousand_measurements_and_lists_five_hundred_contacts(tmp_path):
    data = kestonbury()
    kpi = data["kpis"][0]
    kpi["baseline"]["date"] = "2023-12-31"
    first = dt.date(2024, 1, 1)
    kpi["measurements"] = [{"date": str(first + dt.timedelta(days=n)), "value": n / 10}
                           for n in range(1000)]  # to 2026-09-26, within 2026-Q4
    data["contacts"]["client"] = [
        {"role": "super_user", "name": f"Person {n}", "email": f"person{n}@client.example"}
        for n in range(500)]
    paths = written(tmp_path, data, "all", "--ics")
    [chart] = [s.chart for slide in Presentation(str(one(paths, ".pptx"))).slides
               for s in slide.shapes if getattr(s, "has_chart", False) and s.has_chart
               and slide.shapes.title.text == kpi["name"]]
    assert len(chart.plots[0].categories) == 1001  # the baseline and every measurement
    assert chart.plots[0].series[0].values[-1] == 99.9
    plan = docx_text(one(paths, "plan_2026_en.docx"))
    assert "Person 0\n" in plan and "Person 499\n" in plan
    event = icalendar.Calendar.from_ical(one(paths, ".ics").read_bytes()).walk("VEVENT")[0]
    # the first meeting (onboarding) invites the super users, client services and support
    vendor = [c for c in data["contacts"]["vendor"] if c["role"] in ("client_services", "support")]
    assert len(event["attendee"]) == 500 + len(vendor) == 502


# names and rules


@pytest.mark.parametrize("name", ["🦄🚀", "...", "..", "/", "../../etc", "ⅩⅣ"])
def it_keeps_files_inside_out_whatever_the_client_name(tmp_path, name):
    data = kestonbury()
    data["client"]["name"] = name
    paths = written(tmp_path, data, "all", "--ics")
    out = (tmp_path / "written" / "out").resolve()
    assert {p.resolve().parent.parent for p in paths} == {out}
    assert name in docx_text(one(paths, "plan_2026_en.docx"))


def it_moves_a_last_sunday_rule_off_the_weekend(tmp_path):
    data = kestonbury()
    data["engagement"]["meeting_rule"] = "Last  SUNDAY"
    ics = one(written(tmp_path, data, "plan", "--ics"), ".ics")
    days = [e["dtstart"].dt.date() for e in icalendar.Calendar.from_ical(ics.read_bytes())
            .walk("VEVENT")]
    assert len(days) >= 12 and all(d.weekday() < 5 for d in days)


def it_warns_about_an_unpaired_surrogate_and_still_writes(tmp_path):
    source = tmp_path / "c.json"
    text = KESTONBURY.read_text(encoding="utf-8").replace(
        '"name": "Kestonbury Print Management Ltd"', '"name": "Kestonbury \\ud83d Print"')
    source.write_text(text, encoding="utf-8")
    copy_logos(tmp_path)
    done = user_sees("all", source, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert (f"warning: {source}: client.name: replaced 1 unpaired surrogate escape(s) "
            "(half a character, such as \\ud800) with U+FFFD") in done.stderr
    assert len(done.stdout.splitlines()) == 3


def it_writes_every_document_of_a_hostile_file_from_a_real_process(tmp_path):
    data, _ = filled(KESTONBURY, 1)
    source = write_json(tmp_path / "client.json", data, ascii_only=True)
    done = user_sees("all", source, "--ics", "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 4
    assert all(line.startswith("warning: ") for line in done.stderr.splitlines())


# known faults, to be fixed where they live


def it_ends_a_deck_whose_table_header_cannot_fit_a_slide(tmp_path):
    import resource

    data = json.loads((DATA / "minimal.json").read_text(encoding="utf-8"))
    data["outcomes"] = [{"outcome": UNBROKEN, "initiative": "Cut admin time", "priority": 1,
                         "current_status": UNBROKEN}]
    source = write_json(tmp_path / "client.json", data, ascii_only=False)

    def limits() -> None:  # a runaway deck must not take the machine with it
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator.cli", "qbr", str(source), "--lang", "ru",
             "--out", str(tmp_path / "out")],
            capture_output=True, text=True, cwd=ROOT, timeout=20, preexec_fn=limits)
    except subprocess.TimeoutExpired:
        pytest.fail("docgen qbr did not finish in 20 s")
    assert done.returncode == 0, done.stderr
    assert _empty_slides(one([Path(p) for p in done.stdout.split()], ".pptx")) == []


def it_keeps_deck_columns_readable_beside_a_long_unbroken_word(tmp_path):
    data = json.loads((DATA / "minimal.json").read_text(encoding="utf-8"))
    owner = "Tom & Jerry's <b>\"bold\"</b> &amp; &#x41; &lt; Tom & Jerry"
    data["quarters"]["2026-Q2"]["action_items"] = [
        {"action": "See " + UNBROKEN, "owner": owner, "due": "2026-07-15",
         "status": "in_progress"}]
    deck = Presentation(str(one(written(tmp_path, data, "qbr"), ".pptx")))
    slides = [s for s in deck.slides if s.shapes.title is not None
              and s.shapes.title.text.startswith("Action items")]
    cells = [c.text for s in slides for shape in s.shapes if shape.has_table
             for row in list(shape.table.rows)[1:] for c in row.cells]
    assert owner in cells and "In progress" in cells
    assert len(slides) == 1


def it_reports_an_output_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for args in (("plan", KESTONBURY, "--out", blocker / "out"), ("init", blocker / "c.json")):
        done = user_sees(*args)
        assert done.returncode in (1, 2) and done.stderr.count("\n") == 1
