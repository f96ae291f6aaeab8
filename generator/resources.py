"""Where templates and locale catalogs are found.

The shipped ``templates/`` and ``locales/`` sit at the top of a checkout and
are installed inside the package (``generator/templates``,
``generator/locales``) by ``pip install .``. A team's own folders (from
``--templates`` / ``--locales`` or a ``docgen.toml`` in the working folder)
come first; a file missing there falls back to the shipped one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import UsageError

_PACKAGE = Path(__file__).resolve().parent
CONFIG_NAME = "docgen.toml"


@cache
def shipped(kind: str) -> Path:
    """The shipped folder ``kind`` ("templates" or "locales")."""
    for candidate in (_PACKAGE / kind, _PACKAGE.parent / kind):
        if candidate.is_dir():
            return candidate
    raise UsageError(f"docgen is installed without its {kind} folder (looked in {_PACKAGE})")


@dataclass(frozen=True)
class Folders:
    """A team's template and locale folders; None means "only the shipped ones"."""

    templates: Path | None = None
    locales: Path | None = None

    def template(self, name: str) -> Path:
        """The team's template ``name`` if it has one, else the shipped one."""
        return _first(name, self.templates, shipped("templates"), "template")

    def locale_dirs(self) -> tuple[Path, ...]:
        """Catalog folders, most specific first."""
        return tuple(d for d in (self.locales, shipped("locales")) if d is not None)


def _first(name: str, own: Path | None, fallback: Path, what: str) -> Path:
    for folder in (own, fallback):
        if folder is not None and (folder / name).is_file():
            return folder / name
    raise UsageError(f"no {what} named {name} in {own or fallback}")


def config_path(config: Path | None = None) -> Path:
    """``config``, else ``docgen.toml`` in the working folder (it need not exist)."""
    return config or Path.cwd() / CONFIG_NAME


def read_config(config: Path | None = None) -> dict:
    """The settings of ``docgen.toml`` (see :func:`config_path`); {} without one."""
    config = config_path(config)
    settings: dict = {}
    if config.is_file():
        try:
            settings = tomllib.loads(config.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"{config}: invalid TOML: {exc}") from None
        unknown = set(settings) - {"templates", "locales", "health"}
        if unknown:
            raise UsageError(
                f"{config}: unknown setting(s) {', '.join(sorted(unknown))}; "
                "expected templates, locales and/or health"
            )
    return settings


def health_settings(config: Path | None = None):
    """The health score's settings: ``[health]`` of ``docgen.toml``, else the defaults
    (see :func:`generator.health.settings`)."""
    from .health import settings

    config = config_path(config)
    return settings(read_config(config).get("health"), str(config))


def folders(templates: str | Path | None, locales: str | Path | None,
            config: Path | None = None) -> Folders:
    """Folders from command-line options, else from ``docgen.toml`` in the working folder."""
    config = config_path(config)
    settings = read_config(config)
    if "health" in settings:  # a bad [health] stops every command before it writes
        from .health import settings as health

        health(settings["health"], str(config))
    base = config.parent

    def pick(option: str | Path | None, key: str) -> Path | None:
        value = option if option is not None else settings.get(key)
        if value is None:
            return None
        path = Path(value) if option is not None else base / str(value)
        if not path.is_dir():
            raise UsageError(f"{key} folder {path} does not exist")
        return path

    return Folders(pick(templates, "templates"), pick(locales, "locales"))
