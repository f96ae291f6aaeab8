"""Every document passes the strict OOXML check in ../shared/ooxml/ (ISO/IEC 29500
transitional schemas, package, id and chart rules): each sample document, and, in
CI or with $DOCGEN_OOXML_ALL set, every document the other tests rendered.

The check skips when this checkout has no checker beside it (see tests/ooxml.py).
"""

from __future__ import annotations

import os

import pytest

from . import ooxml


def _need_checker():
    script = ooxml.checker()
    if script is None:
        pytest.skip("no OOXML checker beside this checkout (../shared/ooxml/check_ooxml.py)")
    if not script.is_file():
        pytest.fail(f"${ooxml.CHECKER_ENV} names {script}, which does not exist")


def it_passes_for_every_sample_document_in_every_language(sample_documents):
    _need_checker()
    passed, said = ooxml.check(sorted(sample_documents.values()))
    assert passed, said


@pytest.mark.last
def it_passes_for_every_document_the_tests_rendered(tmp_path):
    _need_checker()
    if not (os.environ.get("CI") or os.environ.get(ooxml.ALL_ENV)):
        pytest.skip(f"set {ooxml.ALL_ENV}=1 (CI does) to check every document the tests rendered")
    paths = ooxml.recorded(tmp_path)
    assert paths, "no document was recorded"
    # the python-docx / python-pptx walk is left out here: the tests read these back already
    passed, said = ooxml.check(paths, api=False)
    assert passed, said
