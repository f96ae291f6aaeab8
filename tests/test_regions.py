"""The shipped table of holiday subdivisions (generator/regions.json)."""

import json

import pytest

from generator import regions, schedule


@pytest.fixture
def fresh_table():
    regions._table.cache_clear()
    yield
    regions._table.cache_clear()


def they_match_the_installed_holidays_package_when_made_from_its_version():
    stored = json.loads(regions.TABLE.read_text(encoding="utf-8"))
    if stored["holidays"] != regions.installed_version():
        pytest.skip(f"table made from holidays {stored['holidays']}; "
                    "run python -m generator.regions")
    assert stored == regions.make_table()


def it_answers_from_the_table_without_loading_the_calendars(fresh_table, monkeypatch):
    monkeypatch.setattr(schedule, "holiday_regions", lambda country: pytest.fail("asked"))
    assert regions.holiday_regions("gb") == ("ENG", "NIR", "SCT", "WLS")
    assert regions.holiday_regions("RU") == ()
    assert regions.holiday_regions("ZZ") is None


def it_asks_the_package_when_the_installed_version_differs(fresh_table, monkeypatch):
    monkeypatch.setattr(regions, "_known_version", lambda: "0.0-other")
    asked = []
    monkeypatch.setattr(schedule, "holiday_regions",
                        lambda country: asked.append(country) or ("X1",))
    assert regions.holiday_regions("GB") == ("X1",)
    assert asked == ["GB"]


def it_asks_the_package_when_the_table_is_unreadable(fresh_table, monkeypatch, tmp_path):
    broken = tmp_path / "regions.json"
    broken.write_text("{", encoding="utf-8")
    monkeypatch.setattr(regions, "TABLE", broken)
    assert regions.holiday_regions("US") == schedule.holiday_regions("US")
    assert "TX" in regions.holiday_regions("US")


def it_keeps_the_installed_version_per_installed_copy_of_the_package(monkeypatch, tmp_path):
    from generator import cache, holiday_cache

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    asked = []
    monkeypatch.setattr(regions, "installed_version", lambda: asked.append(1) or "1.0")
    monkeypatch.setattr(holiday_cache, "package_stamp", lambda: "installed once")
    assert regions._known_version() == "1.0"
    assert regions._known_version() == "1.0"
    assert len(asked) == 1  # the second answer came from the cache
    monkeypatch.setattr(regions, "installed_version", lambda: asked.append(1) or "2.0")
    monkeypatch.setattr(holiday_cache, "package_stamp", lambda: "installed again")
    assert regions._known_version() == "2.0"  # an upgrade rewrites the package's files
    assert len(asked) == 2
