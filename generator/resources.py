"""Where templates and locale catalogs are found.

The shipped ``templates/`` and ``locales/`` sit at the top of a checkout and
are installed inside the package (``generator/templates``,
``generator/locales``) by ``pip install .``. A team's own folders (from
``--templates`` / ``--locales`` or a ``docgen.toml`` in the working folder)
come first; a file missing there falls back to the shipped one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .config import CONFIG_NAME, config_path, health_settings, read_settings
from .errors import TemplateError, UsageError

_PACKAGE = Path(__file__).resolve().parent
__all__ = ["CONFIG_NAME", "Folders", "folders", "health_settings", "shipped"]


@cache
def shipped(kind: str) -> Path:
    """The shipped folder ``kind`` ("templates", "locales" or "samples")."""
    for candidate in (_PACKAGE / kind, _PACKAGE.parent / kind):
        if candidate.is_dir():
            return candidate
    raise UsageError(f"docgen is installed without its {kind} folder (looked in {_PACKAGE})")


def sample_clients() -> list[Path]:
    """The sample client files docgen ships, for previews."""
    try:
        folder = shipped("samples")
    except UsageError:
        return []
    return sorted(folder.glob("*.json"))


@dataclass(frozen=True)
class Folders:
    """A team's template and locale folders; None means "only the shipped ones". With
    them, the one setting of ``docgen.toml`` that is not a folder: ``strict`` (texts
    without a version in a document's language are errors, not warnings)."""

    templates: Path | None = None
    locales: Path | None = None
    strict: bool = False

    def template(self, name: str) -> Path:
        """The team's template ``name`` if it has one, else the shipped one."""
        return _first(name, self.templates, shipped("templates"), "template")

    def locale_dirs(self) -> tuple[Path, ...]:
        """Catalog folders, most specific first."""
        return tuple(d for d in (self.locales, shipped("locales")) if d is not None)


_FORMATS = {  # a template's suffix: what it must be, the part that says so, the program
    ".docx": ("a Word document (.docx)", "word/document.xml", "Word"),
    ".pptx": ("a PowerPoint presentation (.pptx)", "ppt/presentation.xml", "PowerPoint"),
}
_FOUND = (("word/document.xml", "a Word document"),
          ("ppt/presentation.xml", "a PowerPoint presentation"),
          ("xl/workbook.xml", "an Excel workbook"))


def check_template(path: Path, suffix: str) -> None:
    """TemplateError unless ``path`` is a whole Office file of the kind ``suffix``
    (".docx" or ".pptx") names: not a PowerPoint file saved under a Word template's
    name, a Word file without its document part, a file that is no zip at all, nor a
    damaged one (see :func:`~generator.render.package.read_template_package`).

    No document library is loaded, so this is cheap enough for planning a batch."""
    import zipfile

    from .render.package import read_template_package

    expected, part, program = _FORMATS[suffix]
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise TemplateError(f"{path}: expected {expected}, found a file that is not one "
                            "(not a zip archive)") from None
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read template ({exc.strerror})") from None
    if part in names:
        read_template_package(path, program)
        return
    found = next((what for name, what in _FOUND if name in names), None)
    if found is None:
        found = f"a zip archive without {part}"
    raise TemplateError(f"{path}: expected {expected}, found {found}")


def _first(name: str, own: Path | None, fallback: Path, what: str) -> Path:
    for folder in (own, fallback):
        if folder is not None and (folder / name).is_file():
            return folder / name
    raise UsageError(f"no {what} named {name} in {own or fallback}")


def folders(templates: str | Path | None, locales: str | Path | None,
            config: Path | None = None, strict: bool = False) -> Folders:
    """Folders from command-line options, else from ``docgen.toml`` in the working folder;
    ``strict`` when the option says so or the file does."""
    config = config_path(config)
    settings = read_settings(config)
    if "health" in settings:  # a bad [health] stops every command before it writes
        health_settings(config)
    base = config.parent

    def pick(option: str | Path | None, key: str) -> Path | None:
        value = option if option is not None else settings.get(key)
        if value is None:
            return None
        path = Path(value) if option is not None else base / str(value)
        if not path.is_dir():
            raise UsageError(f"{key} folder {path} does not exist")
        return path

    return Folders(pick(templates, "templates"), pick(locales, "locales"),
                   strict or settings.get("strict", False))
