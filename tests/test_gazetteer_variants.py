"""Transliteration variants of Arabic names (kg.places.gazetteer_index.variant_key): a fallback when no place
has the exact spelling, among the variant countries' places the article's context names; and the cache that
carries them loads warm."""
from __future__ import annotations

from pathlib import Path

import pytest

import kg.places.gazetteer as gz
from kg.places.gazetteer import Gazetteer
from kg.places.gazetteer_index import STATE_KEYS, variant_key

ARTICLES = frozenset({"al", "an", "ash", "el"})


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(("a", "b"), [
    ("maarrat an numan", "maarat al numan"),  # articles and doubled letters
    ("ash shaddadah", "shaddada"),  # a final "h" after a vowel
    ("el hodeidah", "hodeida"),
    ("tarhouna", "tarhuna"),  # the French "ou" for "u"
])
def test_variant_keys_meet(a: str, b: str) -> None:
    assert variant_key(a, ARTICLES) == variant_key(b, ARTICLES)


@pytest.mark.parametrize(("a", "b"), [
    ("al", "a"),  # an article alone is a name, not dropped
    ("qaim", "kaim"),  # letters themselves are kept
    ("hudaydah", "hodeidah"),  # and vowels
])
def test_variant_keys_stay_strict(a: str, b: str) -> None:
    assert variant_key(a, ARTICLES) != variant_key(b, ARTICLES)


@pytest.mark.parametrize(("name", "context", "geonames_id"), [
    ("Qaim", ["Iraq"], 92138),  # GeoNames: "Al Qaim"
    ("Qaim", ["Ramadi"], 92138),  # a city of its province
    ("Shaddadi", ["Syria"], 172837),  # "Ash Shaddadah", also listed as "Shadadi"
    ("Janzour", ["Tripoli"], 2216349),  # GeoNames: "Janzur"
])
def test_a_variant_is_found_in_the_country_the_article_is_about(
        gazetteer: Gazetteer, name: str, context: list[str], geonames_id: int) -> None:
    assert gazetteer.candidates(name) == ()  # no place has this exact spelling
    place = gazetteer.resolve(name, context=context)
    assert place is not None and place.geonames_id == geonames_id


@pytest.mark.parametrize(("name", "context"), [
    ("Qaim", []),  # no context: no guess
    ("Qaim", ["Pakistan"]),  # nor in a country the article is not about
    ("Rajouri", ["India"]),  # only the variant countries' places have variant keys
])
def test_no_variant_outside_the_articles_countries(gazetteer: Gazetteer, name: str, context: list[str]) -> None:
    assert gazetteer.resolve(name, context=context) is None


def test_an_exact_name_is_not_overridden_by_a_variant(gazetteer: Gazetteer) -> None:
    # "Raqqa" exists as spelled: the variant lookup is never tried
    place = gazetteer.resolve("Raqqa", context=["Syria"])
    assert place is not None and place.label == "Raqqa" and place.kind == "city"


def test_the_warm_cache_carries_the_variants(
        gazetteer: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gz._write_cache(gz.cache_path(), gazetteer._state)
    monkeypatch.setattr(gz, "build", _no_build)
    state = gz._load_state()
    assert set(state) == STATE_KEYS and state["variants"]["index"]
    assert Gazetteer(state).resolve("Qaim", context=["Iraq"]) == gazetteer.resolve("Qaim", context=["Iraq"])


def test_a_cache_of_the_older_format_is_rebuilt(
        gazetteer: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    older = {k: v for k, v in gazetteer._state.items() if k != "variants"}
    gz._write_cache(gz.cache_path(), older)
    monkeypatch.setattr(gz, "build", lambda: gazetteer)
    assert gz._load_state() is gazetteer._state


def test_the_cache_format_is_part_of_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    key = gz.cache_key()
    monkeypatch.setattr(gz, "CACHE_FORMAT", gz.CACHE_FORMAT + 1)
    assert gz.cache_key() != key


def _no_build() -> Gazetteer:
    raise AssertionError("the cache should have been used")
