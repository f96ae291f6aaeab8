"""Data freshness: docgen validate --as-of and docgen batch warn (or fail) per client
whose newest figures are too old."""

from __future__ import annotations

import shutil

import pytest

from generator.cli import main

from .conftest import ROOT, copy_logos

KESTONBURY = ROOT / "samples" / "kestonbury-print.json"


@pytest.fixture
def work(tmp_path, monkeypatch):
    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(KESTONBURY, folder)
    copy_logos(folder)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def docgen(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


class DescribeValidateAsOf:
    def it_says_nothing_of_recent_figures(self, work, capsys):
        status, _, err = docgen(capsys, "validate", "clients/kestonbury-print.json",
                                "--as-of", "2027-01-20")
        assert (status, err) == (0, "clients/kestonbury-print.json: ok\n")

    def it_warns_of_figures_older_than_the_limit(self, work, capsys):
        status, _, err = docgen(capsys, "validate", "clients/kestonbury-print.json",
                                "--as-of", "2027-04-10")
        assert status == 0
        assert err.splitlines() == [
            "warning: clients/kestonbury-print.json: data older than 45 days before "
            "2027-04-10: newest KPI measurement 2026-12-31 and newest monthly figures 2026-12 "
            "(expected figures from 2027-02-24 or later)",
            "clients/kestonbury-print.json: ok"]

    def it_takes_the_limit_from_docgen_toml_and_can_make_it_an_error(self, work, capsys):
        (work / "docgen.toml").write_text("[freshness]\nmax_age_days = 120\nerror = true\n",
                                          encoding="utf-8")
        status, _, _ = docgen(capsys, "validate", "clients/kestonbury-print.json",
                              "--as-of", "2027-04-10")
        assert status == 0
        status, _, err = docgen(capsys, "validate", "clients/kestonbury-print.json",
                                "--as-of", "2027-06-10")
        assert status == 2
        assert err == ("clients/kestonbury-print.json: data older than 120 days before "
                       "2027-06-10: newest KPI measurement 2026-12-31 and newest monthly "
                       "figures 2026-12 (expected figures from 2027-02-10 or later)\n")

    def it_refuses_a_bad_setting(self, work, capsys):
        (work / "docgen.toml").write_text("[freshness]\nmax_age = 3\n", encoding="utf-8")
        status, _, err = docgen(capsys, "validate", "clients/kestonbury-print.json",
                                "--as-of", "2027-06-10")
        assert status == 2
        assert err == ("error: docgen.toml: freshness: unknown setting(s) max_age; "
                       "expected max_age_days and error\n")


class DescribeBatch:
    def it_warns_per_client_as_of_the_end_of_the_deck_s_quarter(self, work, capsys):
        (work / "docgen.toml").write_text("[freshness]\nmax_age_days = 30\n", encoding="utf-8")
        status, out, err = docgen(capsys, "batch", "clients", "--only", "qbr", "--quarter",
                                  "2026-Q3", "--jobs", "1", "--out", "out")
        assert status == 0, err
        assert out.strip().endswith("qbr_2026-Q3_en.pptx")
        assert not [line for line in err.splitlines() if "data older" in line]
        shutil.copy(KESTONBURY, work / "clients" / "stale.json")
        text = (work / "clients" / "stale.json").read_text(encoding="utf-8")
        (work / "clients" / "stale.json").write_text(
            text.replace("Kestonbury Print Management Ltd", "Stale Print Ltd")
            .replace('"2026-12-31", "value"', '"2026-11-15", "value"'), encoding="utf-8")
        status, out, err = docgen(capsys, "batch", "clients", "--only", "qbr",
                                  "--jobs", "1", "--out", "out")
        assert status == 0, err
        assert [line for line in err.splitlines() if "data older" in line] == [
            "warning: clients/stale.json: data older than 30 days before 2026-12-31: newest "
            "KPI measurement 2026-11-30 (expected figures from 2026-12-01 or later)"]

    def it_fails_a_stale_client_and_builds_the_others_when_it_is_an_error(self, work, capsys):
        (work / "docgen.toml").write_text("[freshness]\nmax_age_days = 10\nerror = true\n",
                                          encoding="utf-8")
        data = (work / "clients" / "kestonbury-print.json").read_text(encoding="utf-8")
        (work / "clients" / "old.json").write_text(
            data.replace("Kestonbury Print Management Ltd", "Old Print Ltd")
            .replace('"2026-12-31", "value"', '"2026-10-31", "value"')
            .replace('"2026-11-30", "value"', '"2026-10-30", "value"'), encoding="utf-8")
        status, out, err = docgen(capsys, "batch", "clients", "--only", "qbr", "--jobs", "1",
                                  "--out", "out")
        assert status == 1
        assert out.splitlines() == ["out/kestonbury-print-management-ltd/qbr_2026-Q4_en.pptx"]
        assert ("  failed: clients/old.json: data older than 10 days before 2026-12-31: newest "
                "KPI measurement 2026-10-31 (expected figures from 2026-12-21 or later)"
                in err.splitlines())
