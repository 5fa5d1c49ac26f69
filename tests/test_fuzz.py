"""Property-based fuzzing (hypothesis) of the stages that meet untrusted text.

`make test` runs about 1,200 examples in all; `make fuzz` (KG_FUZZ_SCALE=20) twenty times as many.
"""
from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import NamedNode, RdfFormat, parse, serialize

from kg.errors import InputError
from kg.ingest import Metadata, make_article, read_articles
from kg.model import Agent, DateValue, Place, Province
from kg.graph.rdf import Minter
from kg.extract.temporal import FUTURE_TOLERANCE, is_time_expression, resolve

SCALE = int(os.environ.get("KG_FUZZ_SCALE", "1"))
# RFC 3987-ish: a scheme, then no whitespace, quotes, angle brackets, braces, pipes, carets, backquotes, backslashes
IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`\x00-\x1f\x7f]+')


def fuzz(n: int):
    return settings(max_examples=n * SCALE, deadline=None, derandomize=SCALE == 1,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


# ---------------------------------------------------------------- ingest

_FOLDER = tempfile.TemporaryDirectory(prefix="kg-fuzz-")
_SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".jsonl"])
_CONTENT = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=200).map(lambda t: f"<html><body><p>{t}</p></body></html>".encode("utf-8", "surrogatepass")),
    st.text(max_size=200).map(lambda t: f'{{"text": {t!r}}}\n'.encode("utf-8", "surrogatepass")),
)
_CSV = st.one_of(st.none(), st.text(max_size=200), st.just("file,date_published\nx.txt,2021-13-45\nx.txt,\n"))


@fuzz(300)
@given(content=_CONTENT, suffix=_SUFFIXES, metadata=_CSV)
def test_ingest_any_bytes_gives_articles_or_one_line_errors(content: bytes, suffix: str, metadata: str | None) -> None:
    folder = Path(_FOLDER.name)
    for old in folder.iterdir():
        old.unlink()
    (folder / f"x{suffix}").write_bytes(content)
    if metadata is not None:
        (folder / "articles.csv").write_text(metadata, encoding="utf-8", errors="surrogatepass")
    try:
        items = list(read_articles([folder]))
    except InputError as exc:  # only an unusable explicit path or metadata may stop the whole read
        assert "\n" not in str(exc)
        return
    for item in items:
        for line in (*item.warnings, *([item.error] if item.error else [])):
            assert "\n" not in line and line
        if item.article is not None:
            assert item.article.text.strip()
            assert item.article.text.encode("utf-8")  # valid text, no lone surrogates


# ---------------------------------------------------------------- dates

_DATE_WORDS = st.sampled_from([
    "on", "Friday", "last", "this", "week", "month", "year", "ago", "days", "two", "3", "yesterday", "today",
    "6", "August", "Aug.", "31", "February", "29", "2021", "0", "99999", "-1", "the", "of", "in", "early",
    "late", "mid-July", "since", "Sept.", "1st", "32", "2021-08-06", "2021-02-30", "’s", "\u00a0", "\n",
])
_PHRASE = st.one_of(st.lists(_DATE_WORDS, max_size=6).map(" ".join), st.text(max_size=40))
_PUBLISHED = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


@fuzz(400)
@given(text=_PHRASE, published=_PUBLISHED)
def test_date_resolution_never_crashes_and_never_guesses(text: str, published: date | None) -> None:
    value = resolve(text, published)
    assert (value is not None) == is_time_expression(text) or value is None
    if value is None:
        return
    assert isinstance(value, DateValue)
    if value.value is not None and published is not None:  # never a date after publication (plus tolerance)
        assert value.value <= published + min(FUTURE_TOLERANCE, date.max - published)
    if published is None and value.value is not None:
        assert value.precision in ("day", "month", "year")  # only what the text alone fixes


# ---------------------------------------------------------------- IRIs

_ANY = st.text(max_size=30)


def _valid(node: NamedNode) -> None:
    assert IRI.fullmatch(node.value), node.value
    NamedNode(node.value)  # pyoxigraph's own IRI check
    assert not any(c in node.value for c in ' "<>{}\n')


@fuzz(300)
@given(name=_ANY, kind=st.sampled_from(["person", "news_agency", "armed_group"]), named=st.booleans(),
       aid=_ANY, key=_ANY, iso=_ANY, code=_ANY, label=_ANY, gid=st.one_of(st.none(), st.integers(0, 10**9)),
       pkind=st.sampled_from(["city", "province", "country", "district", "facility"]), day=_ANY)
def test_minted_iris_are_valid_for_any_names_and_ids(name, kind, named, aid, key, iso, code, label, gid, pkind, day) -> None:
    m = Minter()
    place = Place(key=key, label=label, kind=pkind, country_code=code or None, geonames_id=gid,
                  province=Province(iso, label, code))
    nodes = [m.agent(Agent(name, kind, named=named), aid), m.actor(name), m.article(aid), m.graph(aid),
             m.place(place), m.province(place.province), m.country(code), m.event(f"capture/{key}/{day}")]
    for node in nodes:
        _valid(node)
    # distinct ids stay distinct: encoding is injective per segment
    assert m.article(aid) != m.article(aid + "x")


# ---------------------------------------------------------------- the extractor on the real model

_PLACES = ["Kunduz", "Herat", "Zaranj", "Sheberghan", "Lashkar Gah", "Qala-e-Naw", "Kabul", "Nimroz province",
           "the city", "the provincial capital of Jowzjan", "Mazar-i-Sharif", "Kandahar"]
_VERBS = ["captured", "seized", "took", "overran", "attacked", "freed prisoners in", "withdrew from",
          "fell to", "denied capturing", "could take", "recaptured", "evacuated", "fled"]
_ACTORS = ["The Taliban", "Government forces", "Insurgents", "They", "Fighters", "The army"]
_TAILS = [" on Friday", " yesterday", " on 6 August", "", ", officials told AFP", ", according to Reuters",
          " \u201cwithout a fight\u201d", ' "in hours"', ", the deputy governor said", " — AFP"]
_NOISE = ["", "\n", "\n\n", " ", "Ünïcødé 🚀 ", "(Reuters) - ", "KABUL, Aug 8 (Reuters) - ", "\u200b", "\t"]
_SENTENCE = st.builds(lambda a, v, p, t, n: f"{n}{a} {v} {p}{t}.", st.sampled_from(_ACTORS), st.sampled_from(_VERBS),
                      st.sampled_from(_PLACES), st.sampled_from(_TAILS), st.sampled_from(_NOISE))
_TEXT = st.lists(st.one_of(_SENTENCE, st.text(max_size=15)), min_size=1, max_size=3).map(" ".join)


@pytest.mark.model
@fuzz(120)
@given(text=_TEXT, published=st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 12, 31))))
def test_extractor_evidence_is_always_the_text_at_its_offsets(nlp, text: str, published: date | None) -> None:
    from kg.extract import extract
    from kg.places.link import link
    from kg.graph.rdf import RunInfo, article_quads

    article = make_article(text, "fuzz.txt", Metadata(publisher="Wire", date_published=published))
    extraction = extract(nlp(text), article)
    for event in extraction.events:
        ev = event.evidence
        assert 0 <= ev.start <= ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.text
        if event.place is not None:
            span = event.place.span
            assert 0 <= span.start <= span.end <= len(text) and text[span.start:span.end] == span.text
    quads = article_quads(link(extraction), RunInfo("0", "m", "0", __import__("datetime").datetime(2021, 1, 1)))
    data = serialize(quads, format=RdfFormat.N_QUADS)
    assert sorted(map(str, parse(data, format=RdfFormat.N_QUADS))) == sorted(map(str, quads))
