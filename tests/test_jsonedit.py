"""Editing JSON text in place (generator.imports.jsonedit): only changed values move."""

from __future__ import annotations

import copy
import difflib
import json

import pytest

from generator.imports.jsonedit import edit

from .conftest import SAMPLES


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed and added, as a line diff (git diff) shows them."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


class DescribeEdit:
    def it_leaves_the_text_alone_when_nothing_changes(self):
        for path in SAMPLES:
            text = path.read_text(encoding="utf-8")
            assert edit(text, json.loads(text)) == text

    def it_replaces_a_value_where_it_stands(self):
        text = '{\n    "a": {"b": 1,   "c": [1, 2]},\n    "d": "x"\n}\n'
        assert edit(text, {"a": {"b": 5, "c": [1, 2]}, "d": "x"}) == (
            '{\n    "a": {"b": 5,   "c": [1, 2]},\n    "d": "x"\n}\n')

    def it_keeps_a_whole_number_as_the_file_writes_it(self):
        assert edit('{"v": 12.0}', {"v": 12}) == '{"v": 12.0}'
        assert edit('{"v": 12}', {"v": 12.0}) == '{"v": 12}'

    def it_adds_a_key_after_the_last_in_the_object_s_own_layout(self):
        assert edit('{"a": 1, "b": 2}', {"a": 1, "b": 2, "c": 3}) == '{"a": 1, "b": 2, "c": 3}'
        text = '{\n\t"a": 1,\n\t"b": 2\n}'
        assert edit(text, {"a": 1, "b": 2, "c": [1]}) == '{\n\t"a": 1,\n\t"b": 2,\n\t"c": [1]\n}'

    def it_writes_a_new_element_like_its_neighbours(self):
        inline = '{"m": [\n  {"d": 1, "v": 2},\n  {"d": 3, "v": 4}\n]}'
        assert edit(inline, {"m": [{"d": 1, "v": 2}, {"d": 2, "v": 9}, {"d": 3, "v": 4}]}) == (
            '{"m": [\n  {"d": 1, "v": 2},\n  {"d": 2, "v": 9},\n  {"d": 3, "v": 4}\n]}')
        tall = '{"m": [\n  {\n    "d": 1\n  }\n]}'
        assert edit(tall, {"m": [{"d": 1}, {"d": 2}]}) == (
            '{"m": [\n  {\n    "d": 1\n  },\n  {\n    "d": 2\n  }\n]}')

    def it_fills_an_empty_array_and_a_new_object(self):
        assert edit('{\n  "q": {},\n  "l": []\n}', {"q": {"a": {"b": [1]}}, "l": [1, 2]}) == (
            '{\n  "q": {\n    "a": {\n      "b": [1]\n    }\n  },\n  "l": [1, 2]\n}')

    def it_keeps_a_byte_order_mark_and_windows_line_ends(self):
        text = '\ufeff{\r\n  "a": [\r\n    1\r\n  ]\r\n}\r\n'
        assert edit(text, {"a": [1, 2]}) == '\ufeff{\r\n  "a": [\r\n    1,\r\n    2\r\n  ]\r\n}\r\n'

    def it_keeps_escapes_and_text_it_does_not_touch(self):
        text = '{"k\\"ey": "caf\\u00e9 \\n", "n": 1}'
        assert edit(text, {'k"ey': "café \n", "n": 2}) == '{"k\\"ey": "caf\\u00e9 \\n", "n": 2}'

    @pytest.mark.parametrize(("new", "expected"), [
        ({"a": 0, "d": 3}, '{"a": 0, "d": 3}'),
        ({"a": 0, "b": 1}, '{"a": 0, "b": 1}'),
        ({"c": 2, "d": 3}, '{"c": 2, "d": 3}'),
        ({}, "{}"),
    ])
    def it_removes_runs_of_keys_with_their_commas(self, new, expected):
        assert edit('{"a": 0, "b": 1, "c": 2, "d": 3}', new) == expected

    def it_removes_array_elements_and_keeps_the_rest(self):
        assert edit("[1, 2, 3, 4, 5]", [1, 5]) == "[1, 5]"
        assert edit("[\n  1,\n  2,\n  3\n]", [1]) == "[\n  1\n]"

    @pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
    def it_shows_only_the_imported_values_in_a_line_diff(self, path):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        new = copy.deepcopy(data)
        kpi = new["kpis"][0]
        kpi["measurements"][-1]["value"] = 1234.5
        kpi["measurements"].append({"date": "2027-12-31", "value": 7})
        latest = max(new["quarters"])
        new["quarters"][latest]["service"]["months"][0]["opened"] = 999
        after = edit(text, new)
        assert json.loads(after) == new
        removed, added = changed_lines(text, after)
        last = kpi["measurements"][-2]["date"]
        assert len(removed) == 2 and len(added) == 3
        assert any(f'"{last}"' in line and "1234.5" in line for line in added)
        assert any('"2027-12-31"' in line and '"value": 7' in line for line in added)
        assert any('"opened": 999' in line for line in added)


def _containers(value, path=()):
    if isinstance(value, dict):
        yield path, value
        for key, child in value.items():
            yield from _containers(child, (*path, key))
    elif isinstance(value, list):
        yield path, value
        for index, child in enumerate(value):
            yield from _containers(child, (*path, index))


def it_holds_the_new_data_after_any_mix_of_changes():
    """Random changes (a fixed seed) to the samples: every result is the new data."""
    import random

    rng = random.Random(17)
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        for _ in range(40):
            new = json.loads(text)
            places = list(_containers(new))
            for _ in range(rng.randint(1, 4)):
                _, target = rng.choice(places)
                roll = rng.random()
                if isinstance(target, dict):
                    key = rng.choice([*target, "new_key"])
                    target[key] = rng.choice([1, 2.5, "text", [1, 2], {"a": 1}, None, True])
                elif roll < 0.5 or not target:
                    target.insert(rng.randint(0, len(target)),
                                  rng.choice([3, "x", {"date": "2027-01-01", "value": 1}]))
                else:
                    target[rng.randrange(len(target))] = "changed"
            after = edit(text, new)
            assert json.loads(after) == new
