"""`make test` on a fresh machine: tests needing programs outside pip skip with the reason, unless CI requires them.

Runs pytest inside pytest (the ``pytester`` plugin) on small test files using tests/conftest.py as it is.
"""
from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")
NEEDS_RAPPER = """
def test_uses_rapper(rapper):
    assert rapper
"""
NEEDS_MODEL = """
def test_uses_the_model(nlp):
    raise AssertionError("deselected by -m 'not model': never runs, never loads the model")

def test_plain():
    pass
"""


@pytest.fixture()
def bare(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.Pytester:
    """A pytester folder with kg's conftest, and a PATH where no program is found."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("KG_REQUIRE_SYSTEM", raising=False)
    pytester.makeconftest(CONFTEST)
    pytester.makeini("[pytest]\nmarkers =\n    model: m\n    system: s\n")
    return pytester


def test_an_absent_program_skips_with_the_reason(bare: pytest.Pytester) -> None:
    bare.makepyfile(NEEDS_RAPPER)
    result = bare.runpytest("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*rapper (Raptor RDF parser) is not installed (apt-get install raptor2-utils*"])


def test_ci_makes_an_absent_program_a_failure(bare: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_REQUIRE_SYSTEM", "1")
    bare.makepyfile(NEEDS_RAPPER)
    result = bare.runpytest()
    result.assert_outcomes(errors=1)
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*KG_REQUIRE_SYSTEM=1 makes it mandatory*"])


def test_the_fixture_marks_the_test_system(bare: pytest.Pytester) -> None:
    bare.makepyfile(NEEDS_RAPPER)
    result = bare.runpytest("-m", "not system")
    result.assert_outcomes(deselected=1)


def test_the_nlp_fixture_marks_the_test_model(bare: pytest.Pytester) -> None:
    bare.makepyfile(NEEDS_MODEL)
    result = bare.runpytest("-m", "not model")
    result.assert_outcomes(passed=1, deselected=1)
