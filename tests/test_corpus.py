"""The real-text corpus (tests/realworld): its files parse, its fields are from the closed sets, and a corpus
round-trips into articles and gold rows that kg eval scores."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.corpus import corpus_files, gold_rows, is_corpus, load_corpus, write_articles
from kg.errors import InputError
from kg.ingest import read_articles

REALWORLD = Path(__file__).parent / "realworld"
# Periods kept for measuring kg on unseen news (tests/realworld/README.md): no passage may come from them.
# (word in the passage's conflict or id, first day, last day); a little wider than the periods, never narrower.
HELD_OUT = [
    ("afghan", date(2021, 5, 1), date(2021, 9, 30)), ("syria", date(2024, 11, 27), date(2024, 12, 10)),
    ("congo", date(2025, 1, 1), date(2025, 2, 28)), ("drc", date(2025, 1, 1), date(2025, 2, 28)),
    ("sudan", date(2023, 12, 1), date(2023, 12, 31)), ("sudan", date(2025, 1, 1), date(2025, 1, 31)),
    ("sudan", date(2025, 10, 1), date(2025, 10, 31)), ("ukraine", date(2022, 1, 1), date(2022, 12, 31)),
    ("myanmar", date(2023, 10, 1), date(2024, 8, 31)), ("ethiopia", date(2021, 6, 1), date(2021, 6, 30)),
    ("mali", date(2023, 11, 1), date(2023, 11, 30)),
]


def held_out(conflict: str, published: date) -> bool:
    """Whether a passage about ``conflict`` published on that day falls in a period kept for measurement."""
    words = conflict.lower()
    return any(word in words and start <= published <= end for word, start, end in HELD_OUT)


PASSAGE = '''
[[passage]]
id = "x-2015-town-01"
conflict = "Example war"
url = "https://news.example/a"
outlet = "Example Wire"
published = "2015-12-28"
text = """Rebels seized the town of Foo on Monday, a spokesman said."""
[[passage.expect]]
type = "capture"
place = "Foo"
date = "2015-12-28"
polarity = "asserted"
actor = "rebels"
sources = ["a spokesman"]
[[passage.expect]]
type = "attack"
place = "Foo"
background = true
'''


def test_every_corpus_file_loads() -> None:
    if not any(REALWORLD.glob("*.toml")):
        pytest.skip("no corpus files yet")
    passages = load_corpus(REALWORLD)
    assert len(corpus_files(REALWORLD)) >= 1 and passages
    for p in passages:
        assert 20 <= len(p.text.strip()) <= 2000, f"{p.id}: a passage is 1-3 sentences"
        assert p.url.startswith(("http://", "https://")), p.id
        assert not held_out(f"{p.conflict} {p.id}", p.published), f"{p.id}: a period kept for measurement"


def test_held_out_periods_are_recognised() -> None:
    assert held_out("Ukraine (Russian invasion)", date(2022, 3, 1))
    assert not held_out("Eastern DR Congo (M23) 2022-2024", date(2022, 6, 13))
    assert held_out("Eastern DR Congo (M23)", date(2025, 1, 27)) and not held_out("Ukraine", date(2023, 5, 20))


def test_corpus_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "one.toml"
    source.write_text(PASSAGE, encoding="utf-8")
    assert is_corpus(source) and is_corpus(tmp_path) and not is_corpus(tmp_path / "gold.csv")
    passages = load_corpus(tmp_path)
    rows = gold_rows(passages)
    assert [(r["event_type"], r["place"], r["date"], r["background"]) for r in rows] == [
        ("capture", "Foo", "2015-12-28", ""), ("attack", "Foo", "", "true")]
    folder = write_articles(passages, tmp_path / "articles")
    [article] = [item.article for item in read_articles([folder]) if item.article]
    assert article.text == passages[0].text
    assert (article.publisher, article.date_published, article.url) == ("Example Wire", date(2015, 12, 28),
                                                                         "https://news.example/a#x-2015-town-01")


def test_no_time_cue_scores_as_the_publication_day(tmp_path: Path) -> None:
    (tmp_path / "one.toml").write_text(PASSAGE.replace('date = "2015-12-28"\n', ""), encoding="utf-8")
    [capture, _] = gold_rows(load_corpus(tmp_path))
    assert capture["date"] == "2015-12-28"


@pytest.mark.parametrize("change, message", [
    (('type = "capture"', 'type = "captured"'), "is not one of"),
    (('polarity = "asserted"', 'polarity = "maybe"'), "is not one of"),
    (('published = "2015-12-28"', 'published = "28/12/2015"'), "not an ISO date"),
    (('outlet = "Example Wire"', 'outlet = ""'), "'outlet' must be a non-empty string"),
    (('place = "Foo"\ndate', 'plaec = "Foo"\ndate'), "unknown expect field"),
    (('text = """', 'txt = """'), "unknown field"),
])
def test_bad_corpus_is_one_line_naming_file_and_passage(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    source = tmp_path / "bad.toml"
    source.write_text(PASSAGE.replace(*change, 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_corpus(source)
    text = str(caught.value)
    assert "\n" not in text and str(source) in text and message in text
