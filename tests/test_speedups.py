"""kg.extract.speedups: switchable, and scoped: the process's thinc ops and BLAS threads are as before once a build ends."""
from __future__ import annotations

from pathlib import Path

import pytest
from thinc.api import get_current_ops
from threadpoolctl import threadpool_info

from kg.extract.speedups import enabled, tuned

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _process_state() -> tuple[object, list[int]]:
    return get_current_ops(), [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def _clear_blas_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(("env", "option", "expected"), [
    (None, None, True), ("0", None, False), ("off", None, False), ("1", None, True), ("0", True, True), (None, False, False)])
def test_kg_fast_and_the_option_switch_the_speedups(monkeypatch: pytest.MonkeyPatch, env: str | None,
                                                    option: bool | None, expected: bool) -> None:
    if env is None:
        monkeypatch.delenv("KG_FAST", raising=False)
    else:
        monkeypatch.setenv("KG_FAST", env)
    assert enabled(option) is expected


def test_tuned_changes_ops_and_threads_inside_and_restores_them(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear_blas_env(monkeypatch)
    ops, threads = _process_state()
    with tuned(True):
        inside_ops, inside_threads = _process_state()
        assert getattr(inside_ops, "use_blis", None) is False
        assert all(n == 1 for n in inside_threads)
    assert _process_state() == (ops, threads)
    with tuned(False):  # switched off: nothing changes
        assert _process_state() == (ops, threads)


@pytest.mark.model
def test_process_state_is_restored_after_kg_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg

    _clear_blas_env(monkeypatch)
    before = _process_state()
    report = kg.build(SEEDS / "000_82943735f7b19b7c.txt", store=tmp_path / "store")
    assert report.built
    assert _process_state() == before
