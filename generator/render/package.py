"""Office packages (zip files) read once and written fast and repeatably.

:func:`read_package` keeps each member's *compressed* bytes; :func:`write_package`
copies the members that did not change as they are (no re-compression) and
deflates only the replaced ones. Member timestamps are fixed, so the same
content always gives the same bytes.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_DOS_TIME = 0
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_LEVEL = 1  # fast; documents are a few percent larger than at level 6


@dataclass(frozen=True)
class Member:
    """One zip member: its name, how it is stored, and its compressed bytes."""

    name: str
    method: int  # 0 stored, 8 deflated
    crc: int
    size: int
    raw: bytes  # the bytes as stored in the zip

    def data(self) -> bytes:
        """The member's uncompressed content."""
        if self.method == 0:
            return self.raw
        return zlib.decompress(self.raw, -15)


def read_package(source: Path | bytes) -> tuple[Member, ...]:
    """Every member of a zip (a path or its bytes) with its compressed bytes, in zip order."""
    import io
    import zipfile

    blob = source if isinstance(source, bytes) else Path(source).read_bytes()
    members = []
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        for info in archive.infolist():
            if info.compress_type not in (0, 8):
                raise zipfile.BadZipFile(f"{info.filename}: unsupported compression")
            offset = info.header_offset
            name_len, extra_len = struct.unpack("<HH", blob[offset + 26:offset + 30])
            start = offset + 30 + name_len + extra_len
            raw = blob[start:start + info.compress_size]
            members.append(Member(info.filename, info.compress_type, info.CRC,
                                  info.file_size, raw))
    return tuple(members)


def deflate(name: str, data: bytes) -> Member:
    """A new deflated member holding ``data``."""
    compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    raw = compressor.compress(data) + compressor.flush()
    return Member(name, 8, zlib.crc32(data), len(data), raw)


def _member(name: str, content: bytes | Member) -> Member:
    return content if isinstance(content, Member) else deflate(name, content)


def write_package(members: tuple[Member, ...], replaced: dict[str, bytes | Member],
                  added: dict[str, bytes] | None = None) -> bytes:
    """A zip of ``members`` with the contents of ``replaced`` swapped in (new bytes, or a
    member compressed before), plus ``added``."""
    out = []
    entries = []
    offset = 0
    final = [_member(m.name, replaced[m.name]) if m.name in replaced else m for m in members]
    final += [deflate(name, data) for name, data in (added or {}).items()]
    for m in final:
        name = m.name.encode("utf-8")
        flags = 0x800  # names are UTF-8
        header = struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, flags, m.method, _DOS_TIME, _DOS_DATE,
            m.crc, len(m.raw), m.size, len(name), 0,
        )
        out += [header, name, m.raw]
        entries.append(struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, m.method, _DOS_TIME, _DOS_DATE,
            m.crc, len(m.raw), m.size, len(name), 0, 0, 0, 0, 0, offset,
        ) + name)
        offset += len(header) + len(name) + len(m.raw)
    directory = b"".join(entries)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(final), len(final), len(directory),
                      offset, 0)
    return b"".join(out) + directory + end
