"""``docgen.toml``: a team's settings, read from the working folder.

Top-level ``templates`` and ``locales`` name a team's folders (see
:mod:`generator.resources`), and ``strict`` makes a text missing a document's
language an error; ``[import.<kind>]`` tables map another export's column
headers to the fields of an import (see :mod:`generator.imports.mappings`);
``[freshness]`` sets how old a client's newest figures may be (see
:mod:`generator.freshness`); ``[health]`` the health score's weights, bands and
inputs (see :func:`generator.health.settings`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from .errors import UsageError

CONFIG_NAME = "docgen.toml"
KNOWN = ("templates", "locales", "strict", "import", "freshness", "health")


def config_path(config: Path | None = None) -> Path:
    """The settings file: ``config``, else ``docgen.toml`` in the working folder."""
    return config or Path.cwd() / CONFIG_NAME


def read_settings(config: Path | None = None) -> dict:
    """The settings of ``docgen.toml`` (empty when there is none); UsageError for a file
    that is not TOML or holds a setting docgen does not know."""
    config = config_path(config)
    if not config.is_file():
        return {}
    try:
        settings = tomllib.loads(config.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{config}: invalid TOML: {exc}") from None
    unknown = set(settings) - set(KNOWN)
    if unknown:
        raise UsageError(
            f"{config}: unknown setting(s) {', '.join(sorted(unknown))}; "
            f"expected some of {', '.join(KNOWN)}"
        )
    if not isinstance(settings.get("strict", False), bool):
        raise UsageError(f"{config}: strict: expected true or false, "
                         f"found {settings['strict']!r}")
    for table in ("import", "freshness", "health"):
        if table in settings and not isinstance(settings[table], dict):
            raise UsageError(f"{config}: {table}: expected a table [{table}...], "
                             f"found {settings[table]!r}")
    return settings


def health_settings(config: Path | None = None):
    """The health score's settings: ``[health]`` of ``docgen.toml``, else the defaults
    (see :func:`generator.health.settings`); UsageError listing every bad one."""
    from .health import settings

    config = config_path(config)
    return settings(read_settings(config).get("health"), str(config))
