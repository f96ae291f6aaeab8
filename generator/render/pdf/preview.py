"""Pictures of a document for a glance before sending: one PNG per page or slide and a
contact sheet (every page as a thumbnail on one picture), made from its PDF with poppler's
``pdftoppm``.

For ``OUT/acme/qbr_2026-Q4_en.pdf`` they are ``OUT/acme/qbr_2026-Q4_en-pages/01.png``,
``02.png``... and ``OUT/acme/qbr_2026-Q4_en-sheet.png``. Pages of an earlier preview that
the document no longer has are removed; every picture appears whole or not at all.
"""

from __future__ import annotations

import glob
import io
import math
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ...errors import RenderError, UsageError
from ...output import write_atomic

PDFTOPPM_ENV = "DOCGEN_PDFTOPPM"
DEBIAN_PACKAGE = "poppler-utils"
PAGE_DPI = 80  # a slide is 1067 x 600 px, an A4 page 661 x 935 px
THUMB_WIDTH = 300  # of the widest page; narrower pages keep their proportion
_GAP = 16
_LABEL = 22
_BACKGROUND = (226, 229, 233)
_BORDER = (160, 166, 173)
_TEXT = (40, 45, 52)


def find_pdftoppm() -> str | None:
    """poppler's ``pdftoppm`` (``$DOCGEN_PDFTOPPM`` wins when set), or None."""
    override = os.environ.get(PDFTOPPM_ENV, "").strip()
    return shutil.which(os.path.expanduser(override) if override else "pdftoppm")


def require_pdftoppm() -> str:
    """The ``pdftoppm`` command, or a :class:`UsageError` saying how to install it."""
    found = find_pdftoppm()
    if found:
        return found
    override = os.environ.get(PDFTOPPM_ENV, "").strip()
    where = (f"{PDFTOPPM_ENV}={override} is not an executable program" if override
             else "'pdftoppm' is not on PATH")
    raise UsageError(
        f"a preview needs poppler's pdftoppm, but {where}. Install it (Debian/Ubuntu: "
        f"sudo apt-get install {DEBIAN_PACKAGE}; macOS: brew install poppler) "
        f"or point {PDFTOPPM_ENV} at the pdftoppm program."
    )


def pages_folder(document: Path) -> Path:
    return document.with_name(document.stem + "-pages")


def sheet_path(document: Path) -> Path:
    return document.with_name(document.stem + "-sheet.png")


def preview(pdf: Path, timeout: float = 120.0) -> list[Path]:
    """Write the page pictures and the contact sheet of ``pdf``; returns their paths,
    pages first. RenderError when poppler cannot read the PDF."""
    pages = write_pages(pdf, pages_folder(pdf), timeout)
    sheet = sheet_path(pdf)
    write_atomic(sheet, contact_sheet(pages, pdf.stem))
    return [*pages, sheet]


def write_pages(pdf: Path, folder: Path, timeout: float = 120.0,
                prefix: str = "") -> list[Path]:
    """``folder/<prefix>01.png``... one per page of ``pdf``; pictures of pages it no
    longer has (named with ``prefix``) are removed."""
    command = require_pdftoppm()
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".docgen-pages-", dir=folder))
    try:
        try:
            result = subprocess.run(
                [command, "-r", str(PAGE_DPI), "-png", str(pdf), str(staging / "p")],
                stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise RenderError(f"{pdf}: pdftoppm did not finish within {timeout:g} s") from None
        made = sorted(staging.glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if result.returncode != 0 or not made:
            said = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise RenderError(f"{pdf}: pdftoppm could not read it"
                              + (f": {said[0]}" if said else ""))
        width = max(2, len(str(len(made))))
        pages = []
        for number, picture in enumerate(made, 1):
            target = folder / f"{prefix}{number:0{width}d}.png"
            os.replace(picture, target)
            pages.append(target)
        for old in folder.glob(f"{glob.escape(prefix)}*.png"):
            if old not in pages:
                old.unlink()
        return pages
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def contact_sheet(pages: list[Path], title: str) -> bytes:
    """One PNG holding every page as a numbered thumbnail, in rows (five portrait pages or
    four landscape ones a row), all at one scale so that page sizes compare."""
    from PIL import Image, ImageDraw

    images = [Image.open(p) for p in pages]
    try:
        widest = max(im.width for im in images)
        scale = THUMB_WIDTH / widest
        thumbs = [im.convert("RGB").resize((max(1, round(im.width * scale)),
                                           max(1, round(im.height * scale))),
                                          Image.Resampling.LANCZOS) for im in images]
    finally:
        for im in images:
            im.close()
    cell_w = max(t.width for t in thumbs)
    cell_h = max(t.height for t in thumbs)
    columns = 5 if cell_h > cell_w else 4
    columns = min(columns, len(thumbs))
    rows = math.ceil(len(thumbs) / columns)
    width = _GAP + columns * (cell_w + _GAP)
    height = _GAP + _LABEL + rows * (cell_h + _LABEL + _GAP)
    sheet = Image.new("RGB", (width, height), _BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = _font(15)
    draw.text((_GAP, _GAP // 2), title, fill=_TEXT, font=font)
    for index, thumb in enumerate(thumbs):
        row, column = divmod(index, columns)
        x = _GAP + column * (cell_w + _GAP)
        y = _GAP + _LABEL + row * (cell_h + _LABEL + _GAP)
        sheet.paste(thumb, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline=_BORDER)
        draw.text((x, y + thumb.height + 3), str(index + 1), fill=_TEXT, font=font)
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _font(size: int):
    from PIL import ImageFont

    for name in ("NotoSans-Regular.ttf", "DejaVuSans.ttf", "Arial.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    for folder in ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu"):
        for found in sorted(Path(folder).glob("*Sans-Regular.ttf")):
            return ImageFont.truetype(str(found), size)
    return ImageFont.load_default(size)
