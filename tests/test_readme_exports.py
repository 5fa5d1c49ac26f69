"""The README's ACLED and GeoJSON samples are what `kg export` gives for the seed articles (built by the real model)."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from kg.graph.store import open_store

ROOT = Path(__file__).resolve().parents[1]
TITLE = "### Event exports: ACLED CSV, GeoJSON, CSV"
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert TITLE in text
    section = text.split(TITLE, 1)[1]
    section = section[: m.start()] if (m := re.search(r"^#{1,3} ", section, re.MULTILINE)) else section
    return _BLOCK.findall(section)


def _export(store: Path, fmt: str) -> str:
    buffer = io.BytesIO()
    with open_store(store, read_only=True) as kgs:
        kgs.export_to(fmt, buffer)
    return buffer.getvalue().decode("utf-8")


@pytest.mark.model
def test_readme_acled_rows_are_the_seed_export(seed_store_dir: Path) -> None:
    console = next(body for lang, body in _blocks() if lang == "console")
    command, *sample = console.splitlines()
    assert command == "$ kg export --format acled --store kg-store"
    shown = [row for row in csv.reader(sample) if row != ["..."]]  # "..." alone: rows not shown (tests/test_docs.py)
    exported = list(csv.reader(io.StringIO(_export(seed_store_dir, "acled"))))
    assert shown[0] == exported[0]
    stamp = exported[0].index("timestamp")  # when the build ran: the one cell that differs between builds
    rows = {tuple(r[:stamp] + r[stamp + 1:]) for r in exported[1:]}
    assert len(shown) == 3
    for row in shown[1:]:
        assert row[stamp] == "..."
        assert tuple(row[:stamp] + row[stamp + 1:]) in rows, row[0]


@pytest.mark.model
def test_readme_geojson_feature_is_in_the_seed_export(seed_store_dir: Path) -> None:
    feature = json.loads(next(body for lang, body in _blocks() if lang == "json"))
    exported = json.loads(_export(seed_store_dir, "geojson"))
    assert feature in exported["features"]
