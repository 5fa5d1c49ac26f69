"""kg.places.gazetteer: folding, spelling variants, provinces and seats, context, stopwords, cache."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

import kg.places.gazetteer as gz
from kg.places import gazetteer_index
from kg.places.gazetteer import Gazetteer, fold

DATA = gz.DATA_DIR


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    "variants",
    [
        ("Mazār-e Sharīf", "Mazar-e-Sharif", "mazar e sharif", "MAZAR  E   SHARIF"),
        ("Pul-e ‘Alam", "Pul-e 'Alam", "Pul-e `Alam", "Pul-e ʿAlam", "pul e alam"),
        ("Herāt", "Herat", " herat "),
        ("Diyarbakır", "Diyarbakir"),
    ],
)
def test_fold_makes_variants_alike(variants: tuple[str, ...]) -> None:
    assert len({fold(v) for v in variants}) == 1


def test_fold_is_plain_ascii_lower_case() -> None:
    assert fold("Qal‘ah-ye Now") == "qalah ye now"
    assert fold("Lashkar Gāh") == "lashkar gah"


@pytest.mark.parametrize(
    "names",
    [
        ("Taleqan", "Taloqan"),
        ("Aibak", "Aybak"),
        ("Sari Pul", "Sar-e Pul", "Sar-i-Pul"),
        ("Pul-e-Alam", "Puli Alam"),
        ("Tirin Kot", "Tarinkot", "Tarin Kot"),
        ("Qala-i-Naw", "Qala-e-Naw", "Qala-e-Now"),
        ("Firoz Koh", "Chaghcharan"),
        ("Mazar-e-Sharif", "Mazar-i-Sharif", "Mazār-e Sharīf"),
        ("Lashkargah", "Lashkar Gah"),
        ("Sheberghan", "Shibirghan", "Shebergan"),
        ("Kunduz", "Kondoz"),
    ],
)
def test_spelling_variants_resolve_to_one_city(gazetteer: Gazetteer, names: tuple[str, ...]) -> None:
    places = [gazetteer.resolve(n, context=["Afghanistan"], kind="city") for n in names]
    assert all(p is not None and p.kind == "city" and p.country_code == "AF" for p in places)
    assert len({p.geonames_id for p in places if p}) == 1


def test_city_place_fields(gazetteer: Gazetteer) -> None:
    zaranj = gazetteer.resolve("Zaranj")
    assert zaranj is not None
    assert (zaranj.key, zaranj.geonames_id, zaranj.kind) == ("gn1120985", 1120985, "city")
    assert zaranj.province is not None and zaranj.province.iso == "AF-NIM"
    assert zaranj.province.label == "Nimroz"
    assert zaranj.seat_of == ("AF-NIM",)
    assert zaranj.lat == pytest.approx(30.96, abs=0.05)


def test_labels_are_ascii_and_prefer_the_english_news_spelling(gazetteer: Gazetteer) -> None:
    assert gazetteer.seat("AF-HER").label == "Herat"  # GeoNames: "Herāt"
    assert gazetteer.seat("AF-JOW").label == "Sheberghan"  # GeoNames: "Shibirghān"
    assert gazetteer.seat("AF-BDG").label == "Qala-e-Naw"  # GeoNames: "Qala i Naw"


def test_province_resolves_and_its_seat_is_right(gazetteer: Gazetteer) -> None:
    uruzgan = gazetteer.resolve("Uruzgan", kind="province")
    assert uruzgan is not None and uruzgan.key == "iso-AF-URU" and uruzgan.kind == "province"
    assert uruzgan.province == gazetteer.province("Oruzgan") == gazetteer.province("AF-URU")
    seat = gazetteer.seat("AF-URU")
    assert seat is not None and seat.geonames_id == 1122747  # Tarinkot
    assert seat == gazetteer.resolve("Tirin Kot")


@pytest.mark.parametrize("name", ["Nimruz", "Nimroz", "Jawzjan", "Jozjan", "Hilmand", "Sari Pul", "Urozgan"])
def test_province_aliases(gazetteer: Gazetteer, name: str) -> None:
    province = gazetteer.province(name)
    assert province is not None and province.country_code == "AF"


def test_every_afghan_province_has_a_seat_inside_it(gazetteer: Gazetteer) -> None:
    isos = [row["iso"] for row in _admin1_rows() if row["country"] == "AF"]
    assert len(isos) == 34
    for iso in isos:
        seat = gazetteer.seat(iso)
        assert seat is not None and seat.province is not None and seat.province.iso == iso, iso


def test_admin1_seats_lie_in_their_rows_division(gazetteer: Gazetteer) -> None:
    # The seat's GeoNames admin1 code must be the row's, or the seat would land in another division.
    for row in _admin1_rows():
        if row["seat_geonameid"]:
            seat = gazetteer.place(f"gn{row['seat_geonameid']}")
            assert seat is not None and seat.province is not None, row
            assert (seat.country_code, seat.province.iso) == (row["country"], row["iso"]), row


@pytest.mark.parametrize(("name", "seat", "iso"), [
    ("North Kivu", "Goma", "CD-NK"), ("Kherson", "Kherson", "UA-65"), ("Anbar", "Ramadi", "IQ-AN"),
    ("Tigray", "Mek'ele", "ET-TI"), ("Gezira", "Wad Medani", "SD-GZ"), ("Borno", "Maiduguri", "NG-BO"),
])
def test_derived_divisions_of_other_countries_have_their_seats(gazetteer: Gazetteer, name: str, seat: str,
                                                               iso: str) -> None:
    """admin1_world.csv (derived from GeoNames PPLA seats): first-level divisions beyond the curated rows."""
    province = gazetteer.province(name)
    assert province is not None and province.iso == iso
    found = gazetteer.seat(iso)
    assert found is not None and found.label == seat and iso in found.seat_of


def test_derived_rows_lie_in_their_division_and_never_override_curated_ones(gazetteer: Gazetteer) -> None:
    with (DATA / "admin1_world.csv").open(encoding="utf-8") as f:
        derived = list(csv.DictReader(f))
    curated = {(r["country"], r["admin1"]) for r in _admin1_rows()} | {r["iso"] for r in _admin1_rows()}
    assert len(derived) > 2000
    for row in derived:
        seat = gazetteer.place(f"gn{row['seat_geonameid']}")
        if seat is None or seat.province is None:
            continue  # a seat below the loaded city files' population floor is skipped, not guessed
        if (row["country"], row["admin1"]) in curated or row["iso"] in curated:
            continue
        assert (seat.country_code, seat.province.iso) == (row["country"], row["iso"]), row


def test_alias_targets_are_loaded_places(gazetteer: Gazetteer) -> None:
    with (DATA / "aliases.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            gid = int(row["geonameid"])
            known = gazetteer.place(f"gn{gid}") or any(
                p.geonames_id == gid for p in gazetteer.candidates(row["alias"]) if p.kind == "country"
            )
            assert known, row


def test_capitals(gazetteer: Gazetteer) -> None:
    kabul = gazetteer.resolve("Kabul")
    assert kabul is not None and kabul.kind == "city"
    assert "AF" in kabul.seat_of and "AF-KAB" in kabul.seat_of
    assert gazetteer.seat("AF") == kabul
    paris = gazetteer.seat("FR")
    assert paris is not None and paris.label == "Paris"


def test_countries(gazetteer: Gazetteer) -> None:
    afghanistan = gazetteer.country("AF")
    assert afghanistan is not None and afghanistan.key == "country-AF" and afghanistan.kind == "country"
    assert afghanistan.geonames_id == 1149361
    assert gazetteer.country("afg") == afghanistan
    assert gazetteer.resolve("Afghanistan") == afghanistan
    assert gazetteer.resolve("Iran, Islamic Republic of") == gazetteer.resolve("Iran")
    assert gazetteer.resolve("U.S.") == gazetteer.country("US")


@pytest.mark.parametrize(
    ("name", "context", "country"),
    [
        ("Hyderabad", [], "IN"),
        ("Hyderabad", ["Pakistan"], "PK"),
        ("Hyderabad", ["Karachi", "Sindh"], "PK"),
        ("Faizabad", [], "AF"),  # its own name (aliases.csv); India's bigger city is "Fyzabad", listing it as a variant
        ("Faizabad", ["Badakhshan"], "AF"),
        ("Faizabad", ["Kabul", "Afghanistan"], "AF"),
    ],
)
def test_context_picks_among_same_named_places(
    gazetteer: Gazetteer, name: str, context: list[str], country: str
) -> None:
    place = gazetteer.resolve(name, context=context)
    assert place is not None and place.country_code == country


def test_context_prefers_the_named_province(gazetteer: Gazetteer) -> None:
    # Afghanistan has several Faizabads; naming Jowzjan picks the one there.
    place = gazetteer.resolve("Faizabad", context=["Jowzjan", "Afghanistan"])
    assert place is not None and place.province is not None and place.province.iso == "AF-JOW"


def test_kind_hint_breaks_ties(gazetteer: Gazetteer) -> None:
    herat_city = gazetteer.resolve("Herat")
    herat_province = gazetteer.resolve("Herat", kind="province")
    assert herat_city is not None and herat_city.kind == "city"
    assert herat_province is not None and herat_province.key == "iso-AF-HER"


@pytest.mark.parametrize(("name", "geonames_id", "shadow"), [
    ("Slovyansk", 693468, 700051),  # GeoNames' Nikopol (a little bigger) lists "Slovyansk" as an alternate name
    ("Bilhorod-Dnistrovskyi", 712160, 578072),  # Belgorod lists the Ukrainian town's name as an alternate
    ("Pokrovsk", 704422, 563464),  # so does Engels, once named Pokrovsk
    ("Islamabad", 1176615, 1205733),  # and Chattogram, for one of its quarters
])
def test_a_place_keeps_its_own_name_against_a_bigger_place_listing_it_as_an_alternate(
        gazetteer: Gazetteer, name: str, geonames_id: int, shadow: int) -> None:
    shadowing = gazetteer.place(f"gn{shadow}")
    own = gazetteer.place(f"gn{geonames_id}")
    assert shadowing is not None and own is not None and shadowing.population > own.population
    assert shadowing in gazetteer.candidates(name)
    place = gazetteer.resolve(name)
    assert place is not None and place.geonames_id == geonames_id


def test_an_exonym_of_a_far_bigger_city_still_reaches_it(gazetteer: Gazetteer) -> None:
    # "Calcutta": an alternate name of Kolkata, the own name of a town over a hundred times smaller
    place = gazetteer.resolve("Calcutta")
    assert place is not None and place.country_code == "IN"
    assert any(p.label == "Calcutta" and p.country_code != "IN" for p in gazetteer.candidates("Calcutta"))


def test_a_local_town_needs_its_country_or_province_in_the_context(gazetteer: Gazetteer) -> None:
    # a town of ~9,000 people outside the detailed countries: no place name by itself
    assert gazetteer.candidates("Aguililla") == ()
    assert "aguililla" not in {name for name, _ in gazetteer.surface_forms()}
    assert gazetteer.resolve("Aguililla") is None
    assert gazetteer.resolve("Aguililla", context=["Ukraine", "Kharkiv"]) is None
    for context in (["Mexico"], ["Michoacan"]):
        town = gazetteer.resolve("Aguililla", context=context)
        assert town is not None and town.geonames_id == 4019152 and town.country_code == "MX", context
        assert town.province is not None and town.province.iso == "MX-MIC"
    assert gazetteer.place("gn4019152") is not None


def test_a_local_town_wins_its_name_only_in_its_own_country(gazetteer: Gazetteer) -> None:
    city = gazetteer.resolve("Madrid")
    assert city is not None and city.country_code == "ES"
    assert gazetteer.resolve("Madrid", context=["Spain"]) == city
    for context in (["Mexico"], ["Colima"]):
        town = gazetteer.resolve("Madrid", context=context)
        assert town is not None and town.country_code == "MX" and town.population < 15000, context


def test_small_towns_of_the_detailed_countries_need_no_context(gazetteer: Gazetteer) -> None:
    town = gazetteer.resolve("Vuhledar")  # a town of ~14,000 in a detailed country
    assert town is not None and town.population < 15000 and town.country_code == "UA"
    assert "vuhledar" in {name for name, _ in gazetteer.surface_forms()}


def test_unknown_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Xyzzyplugh") is None
    assert gazetteer.candidates("") == ()
    assert gazetteer.province("Nowhere Province") is None
    assert gazetteer.seat("XX-YYY") is None
    assert gazetteer.country("ZZ") is None


def test_stopwords_and_short_names_are_not_indexed(gazetteer: Gazetteer) -> None:
    for word in ("Nice", "Mobile", "Police", "Along", "Reading", "Bath", "Sale", "Most", "Best", "Of", "airport"):
        assert gazetteer.candidates(word) == (), word
    forms = set(gazetteer.surface_forms())
    assert all(len(name) >= 3 and name.isascii() and name == fold(name) for name, _ in forms)
    assert not {name for name, _ in forms} & gazetteer_index._read_stopwords()


def test_surface_forms_carry_kinds(gazetteer: Gazetteer) -> None:
    forms = set(gazetteer.surface_forms())
    assert {("kabul", "city"), ("kabul", "province"), ("afghanistan", "country")} <= forms
    assert ("sheberghan", "city") in forms
    assert {kind for _, kind in forms} == {"city", "province", "country"}


def test_airport_codes_are_not_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.candidates("KBL") == ()  # Kabul's IATA code in GeoNames' alternate names


def test_load_is_a_singleton() -> None:
    assert Gazetteer.load() is Gazetteer.load()


def test_cache_round_trip_skips_the_build(
    gazetteer: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gz._write_cache(gz.cache_path(), gazetteer._state)
    monkeypatch.setattr(gz, "build", _no_build)
    assert Gazetteer(gz._load_state()).resolve("Zaranj") == gazetteer.resolve("Zaranj")


def test_torn_cache_is_rebuilt(gazetteer: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gz.cache_path().parent.mkdir(parents=True)
    gz.cache_path().write_bytes(b"\x00not marshal")
    monkeypatch.setattr(gz, "build", lambda: gazetteer)
    assert gz._load_state() is gazetteer._state


def test_unwritable_cache_dir_is_not_an_error(gazetteer: Gazetteer, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    gz._write_cache(blocker / "kg" / "gazetteer-x.marshal", gazetteer._state)  # parent is a file


def _no_build() -> Gazetteer:
    raise AssertionError("the cache should have been used")


def _admin1_rows() -> list[dict[str, str]]:
    with (DATA / "admin1.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))
