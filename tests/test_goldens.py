"""Every sample document says what its golden text in tests/golden/ says.

A failure shows the difference. When the change is meant, regenerate the
goldens with ``.venv/bin/python -m tests.goldens --update`` and review
``git diff tests/golden/``.
"""

from __future__ import annotations

import difflib

import pytest

from . import goldens
from .extract import document_text

CASES = goldens.cases()


def it_has_a_golden_for_every_sample_document_and_no_other():
    kept = sorted(p.relative_to(goldens.GOLDEN) for p in goldens.GOLDEN.rglob("*.txt"))
    assert kept == sorted(c.golden.relative_to(goldens.GOLDEN) for c in CASES)


def it_covers_every_sample_document_language_and_quarter():
    ids = {c.id for c in CASES}
    assert "kestonbury-print/qbr_2026-Q3_ru.pptx" in ids
    assert "kestonbury-print/qbr_2026-Q4_en.pptx" in ids
    assert "kamnegrad-mashzavod/success-plan_en+ru.docx" in ids
    assert "caddo-ridge-dental/engagement-plan_2026_ru.docx" in ids
    assert len({c.sample for c in CASES}) == len(goldens.SAMPLES) == 3


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def it_says_what_its_golden_says(case, sample_documents):
    actual = document_text(sample_documents[case])
    expected = case.golden.read_text(encoding="utf-8") if case.golden.is_file() else ""
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            f"golden/{case.id}.txt", "rendered now", n=1))
        pytest.fail(f"{case.id} differs from its golden text (if meant: "
                    f"python -m tests.goldens --update):\n{diff}", pytrace=False)
