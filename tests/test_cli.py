"""The command line: exit codes, stdout only for paths and data, messages on stderr."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli import cli, main
from generator.model import json_schema

from .conftest import DATA, ROOT, SAMPLES


@pytest.fixture
def run():
    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


def it_prints_its_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"docgen, version {__version__}\n"


def it_shows_examples_in_its_help(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "docgen qbr samples/caddo-ridge-dental.json --quarter 2026-Q4" in result.stdout
    for command in ("plan", "csp", "qbr", "all", "batch", "schedule", "validate", "schema",
                    "init", "locales"):
        assert f"  {command} " in result.stdout


def it_validates_good_files_with_one_line_each_on_stderr(run):
    result = run("validate", str(DATA / "minimal.json"), *map(str, SAMPLES))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"{p}: ok" for p in [DATA / "minimal.json", *SAMPLES]]


def it_reports_every_bad_file_and_exits_2(run):
    bad = [DATA / "bad" / "unknown-key.json", DATA / "bad" / "empty.json"]
    result = run("validate", str(DATA / "minimal.json"), *map(str, bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{DATA / 'minimal.json'}: ok",
        f'{bad[0]}: client.curency: unknown key "curency"; did you mean "currency"?',
        f"{bad[1]}: file is empty, expected a JSON object",
    ]
    assert "Traceback" not in result.output


def it_exits_2_through_the_console_entry_point(capsys):
    status = main(["validate", str(DATA / "bad" / "bad-date.json")])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert "contract.go_live: expected a date as YYYY-MM-DD" in captured.err


def it_prints_a_json_schema_every_sample_satisfies(run):
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert SAMPLES, "samples/ has client files"
    for path in [DATA / "minimal.json", *SAMPLES]:
        errors = list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
        assert errors == [], (path, errors[:1])


def it_catches_unknown_keys_in_the_schema_too(run):
    schema = json.loads(run("schema").stdout)
    data = json.loads((DATA / "bad" / "unknown-key.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data))


def it_ships_the_current_schema_for_editors():
    shipped = json.loads((ROOT / "schema" / "client.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), "regenerate with: docgen schema > schema/client.schema.json"


def it_writes_a_starter_file_that_validates(run, tmp_path):
    target = tmp_path / "acme.json"
    result = run("init", str(target))
    assert result.exit_code == 0
    assert result.stdout == f"{target}\n"
    assert run("validate", str(target)).exit_code == 0


def it_starts_a_client_file_with_every_section_of_the_model(run, tmp_path):
    from generator.loader import load_client
    from generator.model import Client, Quarter

    target = tmp_path / "acme.json"
    assert run("init", str(target)).exit_code == 0
    assert load_client(target).warnings == ()
    assert run("validate", str(target)).stderr == f"{target}: ok\n"  # no warning either
    data = json.loads(target.read_text(encoding="utf-8"))

    def keys(model) -> set[str]:
        return {f.alias or name for name, f in model.model_fields.items()} - {"$schema"}

    assert keys(Client) - set(data) == set()
    assert data["quarters"]
    for quarter in data["quarters"].values():
        assert keys(Quarter) - set(quarter) == set()
    sections = [value for key, value in data.items() if isinstance(value, dict | list)
                and key != "quarters"] + list(data["quarters"].values())
    objects = [s[0] if isinstance(s, list) else s for s in sections]
    assert [s for s in objects if isinstance(s, dict) and "$comment" not in s] == []


def it_will_not_overwrite_with_init(run, tmp_path):
    target = tmp_path / "acme.json"
    target.write_text("{}", encoding="utf-8")
    result = run("init", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"error: {target} already exists (use --force to overwrite)\n"
    assert target.read_text(encoding="utf-8") == "{}"


def it_finds_the_shipped_catalogs_complete(run):
    result = run("locales", "check")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("en: ")
    assert "\nru: " in result.stderr
    assert "INCOMPLETE" not in result.stderr


def it_validates_and_helps_without_loading_the_document_libraries():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from generator.cli import main\n"
        f"main(['validate', {str(DATA / 'minimal.json')!r}])\n"
        "main(['--help'])\n"
        "heavy = sorted(m for m in ('docx', 'docxtpl', 'pptx', 'lxml', 'jinja2', 'holidays')"
        " if m in sys.modules)\n"
        "print('LOADED', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "LOADED []" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("command", ["validate", "all", "batch"])
def it_escapes_what_it_quotes_so_the_terminal_shows_one_line_per_problem(tmp_path, command,
                                                                         minimal_data):
    minimal_data["client"]["\x1b[2J\x1b[31mred\nsecond\u2028third"] = "x"
    folder = tmp_path / "in\x1bput\u202e"
    folder.mkdir()
    path = folder / "acme.json"
    path.write_text(json.dumps(minimal_data), encoding="utf-8")
    args = [command, str(path)] + ([] if command == "validate" else ["--out", str(tmp_path)])
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == (1 if command == "batch" else 2)
    shown = str(path).replace("\x1b", "\\u001b").replace("\u202e", "\\u202e")
    key = '"\\u001b[2J\\u001b[31mred\\nsecond\\u2028third"'
    problem = f"{shown}: client[{key}]: unknown key {key} (known keys: "
    lines = result.stderr.splitlines()
    quoting = [line.strip().removeprefix("failed: ") for line in lines if "unknown key" in line]
    assert len(quoting) == 1 and quoting[0].startswith(problem), lines
    assert all(line.isprintable() for line in lines), lines
    assert "\x1b" not in result.output and "\u2028" not in result.output


def it_escapes_the_file_names_its_warnings_quote(tmp_path, minimal_data):
    minimal_data["client"]["name"] = "Acme\x1b]0;title\x07 Ltd"  # cleaned, with a warning
    path = tmp_path / "in\x1bput\nfolder" / "acme.json"
    path.parent.mkdir()
    path.write_text(json.dumps(minimal_data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)], catch_exceptions=False)
    shown = str(path).replace("\x1b", "\\u001b").replace("\n", "\\n")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"warning: {shown}: client.name: removed 2 control character(s)", f"{shown}: ok"]


def _help_examples() -> list[str]:
    """Every ``docgen ...`` example line in the help of docgen and of each command."""
    found: list[str] = []

    def visit(command, path: list[str]) -> None:
        text = CliRunner().invoke(cli, [*path, "--help"]).stdout
        found.extend(line.strip() for line in text.splitlines()
                     if line.strip().startswith("docgen "))
        for name in getattr(command, "commands", {}):
            visit(command.commands[name], [*path, name])

    visit(cli, [])
    return found


def it_runs_every_example_of_its_help(tmp_path, monkeypatch):
    import glob
    import shlex

    examples = _help_examples()
    assert len(examples) >= 6
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    monkeypatch.chdir(tmp_path)
    for example in examples:
        args = []
        for word in shlex.split(example)[1:]:
            args += sorted(glob.glob(word)) if "*" in word else [word]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, (example, result.stderr)
        assert "Traceback" not in result.output


def it_takes_a_deck_template_for_every_document_and_gives_it_to_the_deck_alone(tmp_path):
    import io
    import zipfile

    from docx import Document
    from pptx import Presentation

    ours = tmp_path / "ours.pptx"
    with zipfile.ZipFile(ROOT / "templates" / "qbr.pptx") as shipped, \
            zipfile.ZipFile(ours, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in shipped.infolist():
            data = shipped.read(item)
            if item.filename == "ppt/presentation.xml":  # a 4:3 deck, to tell it apart
                data = data.replace(b'<p:sldSz cx="12192000"', b'<p:sldSz cx="9144000"')
            copy.writestr(item, data)
    result = CliRunner().invoke(cli, ["all", str(DATA / "minimal.json"), "--template", str(ours),
                                      "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    written = [tmp_path / line for line in result.stdout.splitlines()]
    assert sorted(p.suffix for p in written) == [".docx", ".docx", ".pptx"]
    for path in written:
        if path.suffix == ".docx":
            assert Document(str(path)).paragraphs  # a Word document, not a copy of the deck
        else:
            assert Presentation(io.BytesIO(path.read_bytes())).slide_width == 9144000
