"""Render the README's pictures from the current templates and samples.

    python docs/render_pictures.py            # writes docs/pictures/*.png

Each sample document is built with docgen, converted to PDF by LibreOffice
and the page that shows what a picture is about (found by its text) is
turned into a PNG with pdftoppm. Needs LibreOffice (Calc too, for the exported
workbook) and poppler-utils.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.render.pdf.convert import convert_to_pdf, require_soffice  # noqa: E402

PICTURES = ROOT / "docs" / "pictures"

# (picture name, sample, docgen arguments, text that identifies the page, which match)
SHOTS = [
    ("plan-grid", "kestonbury-print", ["plan", "--lang", "en"], "Meeting plan", 0),
    ("plan-grid-ru", "kamnegrad-mashzavod", ["plan", "--lang", "ru"], "План встреч", 0),
    ("success-plan-en-ru", "kamnegrad-mashzavod", ["csp", "--lang", "en+ru"],
     "Business outcomes", 0),
    ("qbr-kpi-table", "kestonbury-print", ["qbr"], "Key performance indicators", 0),
    ("qbr-kpi-chart", "kestonbury-print", ["qbr"], "Spend under management", 0),
    ("qbr-service", "caddo-ridge-dental", ["qbr"], "Service performance", 0),
    ("qbr-kpi-table-ru", "kamnegrad-mashzavod", ["qbr", "--lang", "ru"], "Ключевые показатели", 0),
    ("actions-sheet", "kestonbury-print", ["export", "actions"], "Action", 0),  # needs Calc
]


def build(sample: str, args: list[str], out: Path) -> Path:
    client = ROOT / "samples" / f"{sample}.json"
    quiet = [] if args[0] == "export" else ["--quiet"]
    command = [sys.executable, "-m", "generator.cli", *args, str(client), "--out", str(out),
               *quiet]
    written = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return Path(written.stdout.splitlines()[0])


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")


def title(page: str, lines: int) -> str:
    """A page's first ``lines`` non-empty lines (its title, or running header and heading)."""
    return " ".join([line for line in page.splitlines() if line.strip()][:lines])


def main() -> int:
    require_soffice()
    PICTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for name, sample, args, needle, nth in SHOTS:
            document = build(sample, args, out / name)
            pdf = convert_to_pdf([document])[document]
            if not isinstance(pdf, Path):
                print(f"{name}: conversion failed: {pdf}", file=sys.stderr)
                return 1
            lines = 1 if document.suffix == ".pptx" else 3  # a slide's title; a page's heading
            matches = [i for i, page in enumerate(pages_text(pdf))
                       if needle in title(page, lines)]
            if len(matches) <= nth:
                print(f"{name}: no page with {needle!r} in {document.name}", file=sys.stderr)
                return 1
            page = matches[nth] + 1
            stem = out / name
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page),
                            "-singlefile", str(pdf), str(stem)], check=True)
            shutil.copyfile(f"{stem}.png", PICTURES / f"{name}.png")
            print(PICTURES / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
