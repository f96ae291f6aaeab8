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
from functools import lru_cache
from pathlib import Path

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_DOS_TIME = 0
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_LEVEL = 1  # fast; documents are a few percent larger than at level 6
MAX_TEMPLATE_BYTES = 200 * 2**20  # what a template may unzip to


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


def read_template_package(path: Path, kind: str) -> tuple[Member, ...]:
    """The members of the ``kind`` ("Word", "PowerPoint") template at ``path``, each
    checked whole (decompressed and its CRC compared), since members are copied into
    documents as they are; TemplateError naming the file, and the member, otherwise."""
    from ..errors import TemplateError

    try:
        blob = Path(path).read_bytes()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read template ({exc.strerror})") from None
    return _checked_package(path, blob, kind, MAX_TEMPLATE_BYTES)


@lru_cache(maxsize=8)
def _checked_package(path: Path, blob: bytes, kind: str, limit: int) -> tuple[Member, ...]:
    """:func:`read_template_package` of the template ``blob`` read from ``path``: checked
    once per process for the same bytes (a command checks its templates before writing
    anything, then reads them to render)."""
    import zipfile

    from ..errors import TemplateError

    try:
        members = read_package(blob)
    except (zipfile.BadZipFile, struct.error, ValueError) as exc:
        raise TemplateError(f"{path}: not a readable {kind} template ({exc})") from None
    unzipped = sum(member.size for member in members)
    if unzipped > limit:
        raise TemplateError(f"{path}: unzips to {unzipped // 2**20:,} MB; a template may hold "
                            f"at most {limit // 2**20} MB")
    for member in members:
        why = _damage(member)
        if why:
            raise TemplateError(f"{path}: {member.name}: the template's zip is damaged "
                                f"({why}); save the template again from {kind}")
    problem = _package_problem(members)
    if problem:
        raise TemplateError(f"{path}: {problem}; save the template again from {kind}")
    return members


def _damage(member: Member) -> str | None:
    """Why ``member`` is not whole, else None. Its content is unzipped to at most the
    size its zip entry gives, so that an entry that lies cannot make it large."""
    data = member.raw
    if member.method != 0:
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(member.raw, member.size + 1)
        except zlib.error as exc:
            return str(exc)
        if len(data) > member.size:
            return f"it unzips to more than the {member.size:,} bytes its entry gives"
        if not inflater.eof:
            return "it ends early"
    if len(data) != member.size:
        return f"it unzips to {len(data):,} bytes, not the {member.size:,} its entry gives"
    if zlib.crc32(data) != member.crc:
        return "its checksum does not match"
    return None


def _package_problem(members: tuple[Member, ...]) -> str | None:
    """The first part an Office file needs that is missing or not well-formed XML, or
    relationship whose target is missing ("part: what"), else None."""
    import posixpath

    from lxml import etree

    names = {m.name for m in members}
    for needed in ("[Content_Types].xml", "_rels/.rels"):
        if needed not in names:
            return f"{needed}: missing, an Office file needs it"
    for member in members:
        if not member.name.endswith((".xml", ".rels")):
            continue
        data = member.data()
        try:
            root = etree.fromstring(data)
        except etree.XMLSyntaxError as exc:
            if data[:2] not in (b"\xff\xfe", b"\xfe\xff") and not _is_utf8(data):
                return f"{member.name}: expected XML in UTF-8, found another encoding"
            return f"{member.name}: not well-formed XML ({exc.msg})"
        if not member.name.endswith(".rels"):
            continue
        folder = posixpath.dirname(posixpath.dirname(member.name))  # the part's folder
        for rel in root:
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or "://" in target:
                continue
            name = (target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target)))
            if name not in names:
                return (f"{member.name}: relationship {rel.get('Id')} points to {target}, "
                        "which the template does not have")
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
