"""Holiday subdivisions per country, looked up without loading the calendars.

Checking ``client.subdivision`` needs the subdivisions the ``holidays``
package knows for the client's country, but asking the package loads every
country's calendar module (a few tenths of a second, more than validating a
whole file). ``regions.json`` beside this module holds the same list, made
from the installed package by::

    python -m generator.regions

It is used only while the installed ``holidays`` is the version it was made
from; with any other version the package itself is asked, so an upgrade can
make validation slower but never wrong. Rendering asks the package directly
(it loads the calendar anyway).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("regions.json")


def holiday_regions(country: str) -> tuple[str, ...] | None:
    """The subdivisions of ``country`` with their own holidays, as the ``holidays``
    package spells them (``ENG``, ``CA``, ``Flemish``); None when it has no calendar
    for the country."""
    table = _table()
    if table is None:
        from .schedule import holiday_regions as ask_package

        return ask_package(country)
    regions = table.get(country.upper())
    return None if regions is None else tuple(regions)


@cache
def _table() -> dict[str, list[str]] | None:
    """The shipped table, or None when it was made from another ``holidays`` version."""
    try:
        stored = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stored.get("holidays") != _known_version():
        return None
    return stored["countries"]


def _known_version() -> str | None:
    """The installed ``holidays`` version, kept in the disk cache per installed copy of
    the package (asking ``importlib.metadata`` costs more than validating a file)."""
    from . import cache
    from .holiday_cache import package_stamp

    name = cache.key("holidays-version", package_stamp())
    payload = cache.load(name)
    if payload is not None:
        return payload.decode("utf-8", "replace") or None
    found = installed_version()
    cache.store(name, (found or "").encode("utf-8"))
    return found


def installed_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        return None


def make_table() -> dict:
    """The table as the installed ``holidays`` package has it (loads every calendar)."""
    import holidays
    from holidays.registry import COUNTRIES

    codes = sorted({entry[1] for entry in COUNTRIES.values()})
    return {
        "holidays": installed_version(),
        "countries": {code: list(getattr(holidays, code).subdivisions) for code in codes},
    }


def main() -> None:
    table = make_table()
    rows = ",\n".join(f"  {json.dumps(code)}: {json.dumps(regions, ensure_ascii=False)}"
                      for code, regions in table["countries"].items())
    TABLE.write_text(f'{{"holidays": {json.dumps(table["holidays"])}, "countries": {{\n'
                     f"{rows}\n}}}}\n", encoding="utf-8")
    print(TABLE)


if __name__ == "__main__":
    main()
