"""The build progress bar shows on a terminal and stays silent in pipes and CI."""
from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from kg.cli import build_progress
from kg.ingest import Metadata, make_article


def _articles(n: int):
    return [make_article(f"Kunduz fell on day {i}.", f"{i}.txt", Metadata()) for i in range(n)]


def test_no_progress_when_not_a_terminal(tmp_path: Path) -> None:
    out = io.StringIO()
    with build_progress(Console(file=out, force_terminal=False), [tmp_path]) as progress:
        assert progress is None
    assert out.getvalue() == ""


def test_progress_counts_articles_and_words_on_a_terminal(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text("x", encoding="utf-8")
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    with build_progress(console, [tmp_path]) as progress:
        assert progress is not None
        for article in _articles(3):
            progress(article)
    assert "articles" in out.getvalue() and "words/s" in out.getvalue()
