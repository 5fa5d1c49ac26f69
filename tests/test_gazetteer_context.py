"""What an article tells the linker about where it is (kg.places.context) and natural features named like a
division (kg.places.features): the dateline's city and region, the countries and divisions the text names,
"the Red Sea" that is not the Red Sea governorate. Through the real model, on hand-built sentences."""
from __future__ import annotations

from datetime import date

import pytest
from test_constructions import _facts

from kg.ingest import Metadata, make_article
from kg.model import Extraction
from kg.places.context import areas_named, dateline_names
from kg.places.gazetteer import Gazetteer

TUE = date(2015, 3, 3)  # a Tuesday


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _places(nlp, text: str) -> set[tuple[str, str, str | None]]:
    """(type, label, country) of every linked event."""
    _, linked = _facts(nlp, text, TUE)
    return {(e.fact.type, e.place.label, e.place.country_code) for e in linked.events}


def _extraction(text: str) -> Extraction:
    return Extraction(make_article(text, "case.txt", Metadata(publisher="Example", date_published=TUE)), ())


@pytest.mark.model
@pytest.mark.parametrize(("text", "country"), [
    # a bigger namesake elsewhere wins without context...
    ("Rebels seized Bor on Tuesday.", "RU"),
    # ...the town in the dateline city's country with it
    ("JUBA (Reuters) - Rebels seized Bor on Tuesday.", "SS"),
    ("JUBA, Dec 18 (Reuters) - Rebels seized the town of Bor on Tuesday.", "SS"),
    # the country the text names
    ("Rebels seized Bor on Tuesday, officials in South Sudan's capital said.", "SS"),
    ("Rebels seized the town of Bor in South Sudan on Tuesday.", "SS"),
])
def test_the_dateline_and_the_countries_named_pick_among_same_named_towns(nlp, text: str, country: str) -> None:
    assert ("capture", "Bor", country) in _places(nlp, text)


@pytest.mark.model
def test_the_attackers_nationality_is_not_where_the_attack_was(nlp) -> None:
    # Russia has a town of ~50,000 named Donetsk; "Russian forces" do not make it the place
    assert ("attack", "Donetsk", "UA") in _places(nlp, "Russian forces shelled Donetsk on Tuesday.")


@pytest.mark.model
def test_the_dateline_city_lets_a_local_town_of_its_country_be_found(nlp) -> None:
    # a town of ~9,000 people outside the detailed countries needs its country or province in the context
    text = "Gunmen attacked police in the town of Aguililla on Monday."
    assert ("attack", "Aguililla", "MX") not in _places(nlp, text)
    assert ("attack", "Aguililla", "MX") in _places(nlp, "MORELIA (AP) — " + text)


@pytest.mark.model
def test_a_village_named_like_a_small_town_abroad_is_not_that_town(nlp) -> None:
    # Turkey has a Dedeli of no recorded population; the article's places are all in Azerbaijan
    text = "The Azerbaijani army liberated the village of Dedeli near the city of Fuzuli in Azerbaijan."
    found = _places(nlp, text)
    assert ("recapture", "Dedeli", None) in found and ("capture", "Dedeli", "TR") not in found
    # with no other place to say where the article is, the small town is still the one the gazetteer has
    assert ("attack", "Dedeli", "TR") in _places(nlp, "Gunmen attacked the village of Dedeli on Monday.")


@pytest.mark.parametrize(("text", "names"), [
    ("ADEN, Yemen, March 3 (Reuters) - Houthi fighters attacked the city.", ["ADEN", "Yemen"]),
    ("KYIV, Ukraine (AP) — Russian forces shelled the city.", ["KYIV", "Ukraine"]),
    ("KABUL, Aug 8 (Reuters) - The Taliban attacked the city.", ["KABUL"]),  # a month is no region
    ("GOMA, Democratic Republic of Congo,  (Reuters) – The M23 rebels left the city.", ["GOMA"]),
    ("The Taliban attacked the city on Sunday.", []),
])
def test_dateline_names_are_its_city_and_region(text: str, names: list[str]) -> None:
    assert dateline_names(_extraction(text)) == names


@pytest.mark.parametrize(("text", "names"), [
    ("Insurgents overran a hotel in northern Mozambique's Cabo Delgado province.", ["Mozambique", "Cabo Delgado"]),
    # a division counts beside its country, where the text calls it one, or by a name of several words (not a
    # natural feature's); a one-word name alone may be a common word
    ("Clashes were reported in Jonglei.", []),
    ("Clashes were reported in Jonglei state.", ["Jonglei"]),
    ("Insurgents overran a hotel in Cabo Delgado.", ["Cabo Delgado"]),
    ("Ships sailed the Red Sea.", []),
    ("Insurgents overran a hotel in Cabo Delgado province.", ["Cabo Delgado"]),
    ("The town of Maarat al-Numan, in Idlib province, fell.", ["Idlib"]),
    # nor a compound: "Russia-backed" is whose side
    ("Russia-backed forces and pro-Damascus militias met in Guinea-Bissau.", ["Guinea-Bissau"]),
    # a demonym names who, not where
    ("Sudanese troops fought in the Democratic Republic of the Congo.", ["Democratic Republic of the Congo"]),
    # the longest name a run of words makes: not Sudan, nor the Republic of the Congo
    ("Rebels marched on South Sudan's capital.", ["South Sudan"]),
    ("Ships left Port Sudan on Tuesday.", []),
    # the spellings news uses for countries (aliases.csv): "Congo" alone is the DR Congo, as wire style has it
    ("Rebels in eastern Democratic Republic of Congo took the town.", ["Democratic Republic of the Congo"]),
    ("Fighting in eastern Congo and in DRC's east.", ["Democratic Republic of the Congo"]),
    ("Refugees crossed into the Republic of Congo and Burma.", ["Republic of the Congo", "Myanmar"]),
])
def test_areas_named_are_countries_and_their_divisions(gazetteer: Gazetteer, text: str, names: list[str]) -> None:
    assert areas_named(text, gazetteer) == names


def test_a_country_named_only_as_who_acts_is_no_area(gazetteer: Gazetteer) -> None:
    text = "Russia said its forces shelled Pokrovsk. Refugees fled to Russia."
    assert areas_named(text, gazetteer, acting=["Russia"]) == ["Russia"]  # the second mention is a place
    assert areas_named(text, gazetteer, acting=["Russia", "Russia"]) == []


@pytest.mark.model
@pytest.mark.parametrize(("text", "want", "absent"), [
    ("Houthi rebels attacked a ship in the Red Sea on Tuesday.", [], [("attack", "Red Sea")]),
    ("Pirates attacked a ship in the Gulf of Aden on Monday.", [], [("attack", "Aden")]),
    # a division the text calls one is still meant
    ("Army units attacked rebels in Sudan's Red Sea state on Tuesday.", [("attack", "Red Sea", "SD")], []),
    ("Police attacked militants in the Red Sea governorate of Egypt on Tuesday.", [("attack", "Red Sea", "EG")], []),
    # the town itself still counts
    ("Separatists attacked the port of Aden on Monday.", [("attack", "Aden", "YE")], []),
])
def test_a_natural_feature_named_like_a_division_is_not_the_division(nlp, text: str, want, absent) -> None:
    got = _places(nlp, text)
    assert set(want) <= got
    assert not {(t, label) for t, label, _ in got} & set(absent)
