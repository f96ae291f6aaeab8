"""Reading client files: one message per problem, JSON paths, warnings."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.loader import MAX_BYTES, json_path, load_client, load_unchanged

from .conftest import DATA

BAD = sorted((DATA / "bad").glob("*.json"))


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def it_reports_each_bad_file_with_its_expected_message(path: Path):
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    with pytest.raises(InputError) as caught:
        load_client(path)
    assert caught.value.problems == [f"{path}: {line}" for line in expected]
    assert caught.value.exit_code == 2


def it_has_an_expected_message_for_every_bad_file():
    assert len(BAD) >= 15
    for path in BAD:
        assert path.with_suffix(".expected").is_file(), path


def it_reports_every_problem_of_a_file_at_once(write_client, minimal_data):
    minimal_data["client"]["currency"] = "XXX1"
    minimal_data["contract"]["start"] = "yesterday"
    minimal_data["kpis"][0]["baseline"]["value"] = "nine"
    path = write_client(minimal_data)
    with pytest.raises(InputError) as caught:
        load_client(path)
    assert [p.split(": ")[1] for p in caught.value.problems] == [
        "client.currency", "contract.start", "kpis[0].baseline.value",
    ]


def it_refuses_a_very_large_file(tmp_path):
    path = tmp_path / "huge.json"
    path.write_bytes(b'{"x": "' + b"a" * (MAX_BYTES + 1) + b'"}')
    with pytest.raises(InputError) as caught:
        load_client(path)
    assert caught.value.problems == [f"{path}: file is 20 MB, expected at most 20 MB for one client"]


def it_names_a_missing_file(tmp_path):
    with pytest.raises(InputError) as caught:
        load_client(tmp_path / "nope.json")
    assert caught.value.problems == [f"{tmp_path / 'nope.json'}: no such file"]


def it_strips_control_characters_and_warns(write_client, minimal_data):
    minimal_data["client"]["name"] = "Acme\x00 \x07Ltd\x1f"
    minimal_data["quarters"]["2026-Q2"]["wins"] = ["ok\x0b"]
    loaded = load_client(write_client(minimal_data))
    assert loaded.client.client.name == "Acme Ltd"
    assert [w.split(": ", 1)[1] for w in loaded.warnings] == [
        "client.name: removed 3 control character(s)",
        'quarters["2026-Q2"].wins[0]: removed 1 control character(s)',
    ]


def it_keeps_tabs_and_newlines(write_client, minimal_data):
    minimal_data["client"]["industry"] = "line one\nline\ttwo"
    loaded = load_client(write_client(minimal_data))
    assert loaded.client.client.industry == "line one\nline\ttwo"
    assert loaded.warnings == ()


def it_accepts_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + (DATA / "minimal.json").read_bytes())
    assert load_client(path).client.client.name == "Example Client Ltd"


def it_accepts_text_in_two_languages(write_client, minimal_data):
    minimal_data["client"]["industry"] = {"en": "Steel", "ru": "Металлургия"}
    loaded = load_client(write_client(minimal_data))
    assert loaded.client.client.industry == {"en": "Steel", "ru": "Металлургия"}


def it_suggests_nothing_for_a_key_unlike_any(write_client, minimal_data):
    minimal_data["vendor"]["zzz"] = 1
    with pytest.raises(InputError) as caught:
        load_client(write_client(minimal_data))
    assert caught.value.problems[0].endswith('vendor.zzz: unknown key "zzz" (known keys: name, product, logo)')


def it_writes_json_paths_like_an_editor_shows_them():
    assert json_path(("quarters", "2026-Q4", "usage", 2, "month")) == 'quarters["2026-Q4"].usage[2].month'
    assert json_path(("kpis", 0, "measurements", 3)) == "kpis[0].measurements[3]"
    assert json_path(()) == "(top level)"


def it_knows_the_countries_babel_names_in_english():
    import re

    from babel import Locale

    from generator.model import NOT_COUNTRIES, _territories

    named = {t for t in Locale("en").territories if re.fullmatch(r"[A-Z]{2}", t)}
    assert named - NOT_COUNTRIES == set(_territories()) - NOT_COUNTRIES
    assert {"GB", "RU", "US", "XK"} <= set(_territories()) - NOT_COUNTRIES


def it_reads_a_pristine_file_again_to_the_same_client(write_client, minimal_data):
    minimal_data["client"]["industry"] = "line one\nline\ttwo"
    path = write_client(minimal_data)
    loaded = load_client(path)
    assert loaded.pristine
    assert loaded.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert load_unchanged(path, loaded.digest) == loaded.client


def it_marks_a_file_whose_strings_were_cleaned(write_client, minimal_data):
    minimal_data["client"]["industry"] = "Windows\r\nline ends"  # changed without a warning
    loaded = load_client(write_client(minimal_data))
    assert loaded.client.client.industry == "Windows\nline ends"
    assert loaded.warnings == ()
    assert not loaded.pristine


def it_refuses_to_read_again_a_file_that_changed(write_client, minimal_data):
    path = write_client(minimal_data)
    loaded = load_client(path)
    minimal_data["client"]["name"] = "Someone Else"
    write_client(minimal_data)
    with pytest.raises(InputError) as caught:
        load_unchanged(path, loaded.digest)
    assert caught.value.problems == [
        f"{path}: changed or removed while the batch ran; run the batch again"]
