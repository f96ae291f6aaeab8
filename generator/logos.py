"""Logo pictures of a client file: ``vendor.logo`` and ``client.logo``.

A logo is a PNG or JPEG file named by a path relative to the client file.
:func:`check` reads each one when the file is loaded, so that a missing,
unreadable, oversized or unsupported picture is an input error naming its
JSON path before anything is written; the client it returns names the
pictures by absolute path. :func:`picture` reads one for a document.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a picture is made only for a document, not to check a client file
    from .render.deck import Picture


MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 8000  # per side
FIELDS = (("vendor", "vendor.logo"), ("client", "client.logo"))


class LogoError(ValueError):
    """Why a file is not a logo docgen can place (a finished sentence)."""


def read(path: Path) -> Picture:
    """The picture at ``path``; LogoError saying what is wrong with it."""
    from .render.deck import Picture

    return Picture(*_checked(path))


def _checked(path: Path) -> tuple[bytes, str, int, int]:
    """The bytes, kind, width and height of the picture at ``path``; LogoError saying
    what is wrong with it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LogoError(f"expected a PNG or JPEG file, found no file {str(path)!r}") from None
    except IsADirectoryError:
        raise LogoError(f"expected a PNG or JPEG file, found a folder {str(path)!r}") from None
    except OSError as exc:
        raise LogoError(f"cannot read {str(path)!r}: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise LogoError(f"expected a picture of at most {MAX_BYTES // (1024 * 1024)} MB, found "
                        f"{len(data) / (1024 * 1024):.1f} MB in {str(path)!r}")
    kind, size = _kind_and_size(data)
    if kind is None:
        head = data[:256].lstrip().lower()
        found = ("an SVG file" if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096]
                 else "another kind of file")
        raise LogoError(f"expected a PNG or JPEG picture, found {found} in {str(path)!r}"
                        + (" (save it as PNG)" if found.startswith("an SVG") else ""))
    if size is None:
        raise LogoError(f"expected a readable {kind.upper()} picture, found a damaged one in "
                        f"{str(path)!r}")
    width, height = size
    if not (0 < width <= MAX_PIXELS and 0 < height <= MAX_PIXELS):
        raise LogoError(f"expected a picture of at most {MAX_PIXELS} x {MAX_PIXELS} pixels, "
                        f"found {width} x {height} in {str(path)!r}")
    return data, kind, width, height


def _kind_and_size(data: bytes) -> tuple[str | None, tuple[int, int] | None]:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        if len(data) < 24 or data[12:16] != b"IHDR":
            return "png", None
        return "png", struct.unpack(">II", data[16:24])
    if data.startswith(b"\xff\xd8"):
        return "jpeg", _jpeg_size(data)
    return None, None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the first start-of-frame segment."""
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if i + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    return None


def check(client, source: Path):
    """``client`` with its logos named by absolute path, and the problems found
    (``json.path: message``), one per logo."""
    problems = []
    update = {}
    for field, where in FIELDS:
        part = getattr(client, field)
        if part.logo is None:
            continue
        path = (source.parent / part.logo).resolve()
        try:
            _checked(path)
        except LogoError as exc:
            problems.append(f"{where}: {exc}")
            continue
        update[field] = part.model_copy(update={"logo": str(path)})
    return (client.model_copy(update=update) if update else client), problems


def picture(path: str | None) -> Picture | None:
    """The picture a document shows for a logo path checked by :func:`check`."""
    from .errors import RenderError

    if path is None:
        return None
    try:
        return read(Path(path))
    except LogoError as exc:  # changed since the file was checked
        raise RenderError(f"logo: {exc}") from None
