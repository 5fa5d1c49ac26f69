"""The documented kg ask examples (docs/ask.md, and README's section of the same title once merged) are
understood as the kind they are listed under, and the date and place forms listed there parse."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.ask import parse
from test_ask_frames import KNOWLEDGE

ROOT = Path(__file__).resolve().parents[1]
TITLE = "### What `kg ask` understands"
_KIND = re.compile(r"^- \*\*([a-z]+)\*\* — (.*)$")
_QUOTED = re.compile(r'"([^"]*)"')


def _section(path: Path) -> str | None:
    text = path.read_text(encoding="utf-8")
    if TITLE not in text:
        return None
    rest = text.split(TITLE, 1)[1]
    end = re.search(r"^#{1,3} ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def _examples(section: str) -> list[tuple[str, str]]:
    pairs = []
    for line in section.splitlines():
        if match := _KIND.match(line):
            pairs.extend((match.group(1), q) for q in _QUOTED.findall(match.group(2)))
    return pairs


def test_docs_page_lists_every_kind() -> None:
    section = _section(ROOT / "docs" / "ask.md")
    assert section is not None
    kinds = {kind for kind, _ in _examples(section)}
    assert kinds == {"places", "dates", "actors", "sources", "count", "yesno", "events", "conflicts"}


@pytest.mark.parametrize("path", [ROOT / "docs" / "ask.md", ROOT / "README.md"], ids=["docs", "readme"])
def test_documented_examples_are_understood_as_listed(path: Path) -> None:
    section = _section(path)
    if section is None:
        pytest.skip(f"{path.name} has no '{TITLE}' section")
    examples = _examples(section)
    assert len(examples) >= 16
    for kind, question in examples:
        frame = parse(question, KNOWLEDGE)
        assert frame.asks == kind, (question, frame.asks)
        assert not frame.ignored, (question, frame.ignored)
