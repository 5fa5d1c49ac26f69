"""A synthetic news corpus for benchmarks: ~500-word articles plus an ``articles.csv``.

Places come from kg's own data (the province seats in ``kg/data/admin1.csv`` and their provinces,
resolved through :class:`kg.places.gazetteer.Gazetteer`), actors and agencies from ``kg/data``; sentences use
the constructions ``kg/extract/`` handles (falls, captures, prison releases, denials, "told X"),
padded with filler so the parser sees realistic article lengths. Deterministic for a given seed.

    python -m bench.corpus 200 bench/out/corpus-200 [--seed 7]
"""
from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kg.places.gazetteer import DATA_DIR, Gazetteer

PUBLISHERS = ("BBC News", "Al Jazeera", "News18", "The Guardian", "Dawn", "Arab News", "France 24")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ROLES = ("deputy governor", "provincial council member", "police spokesman", "local official", "governor")
GIVEN = ("Ahmad", "Karim", "Nasir", "Hamid", "Rahim", "Yusuf", "Farid", "Zahir", "Latif", "Bashir")
FAMILY = ("Noori", "Sultani", "Hakimi", "Rahmani", "Azizi", "Qaderi", "Saberi", "Wardak", "Amiri", "Haidari")
FIRST_DAY = date(2021, 5, 1)


@dataclass(frozen=True)
class Seat:
    city: str
    province: str
    country: str


def seats() -> list[Seat]:
    """Every province seat kg's data knows, with its province and country labels."""
    gaz = Gazetteer.load()
    out: list[Seat] = []
    with (DATA_DIR / "admin1.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            seat = gaz.seat(row["iso"])
            country = gaz.country(row["country"])
            if seat is not None and country is not None:
                out.append(Seat(seat.label, row["name"], country.label))
    return out


def _labels(name: str, kind: str | None = None) -> list[str]:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return [r["label"] for r in csv.DictReader(fh) if kind is None or r["kind"] == kind]


FILLER = (
    "Residents said shops remained closed and the streets were largely empty.",
    "The fighting has forced many families to leave their homes in recent weeks.",
    "Aid agencies have warned of a worsening humanitarian situation across the region.",
    "Officials in the capital have repeatedly said the situation is under control.",
    "Analysts say the speed of the advance has surprised many observers.",
    "Hospitals in the area reported a sharp rise in the number of wounded people.",
    "Electricity and telephone lines were cut in several districts overnight.",
    "Talks between the two sides have made little progress in recent months.",
    "The United Nations has called for an immediate end to the violence.",
    "Local traders said food prices had risen sharply since the roads were closed.",
    "Thousands of people have arrived in camps on the outskirts of the city.",
    "The government has promised to send reinforcements to the area.",
    "Many residents said they feared what would happen in the coming days.",
    "Schools and government offices have been shut for more than a week.",
    "The road linking the city to the border has been closed since last month.",
)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _events(rng: random.Random, s: Seat, other: Seat, actor: str, agency: str, day: str) -> list[str]:
    n = rng.choice((150, 300, 400, 700, 1000, 1200))
    who, role = _person(rng), rng.choice(ROLES)
    return [
        f"The city of {s.city}, in {s.province} province, fell to the {actor} on {day}, {who}, the {role}, "
        f"told {agency}.",
        f"On {day}, militants captured {s.city} city after days of heavy fighting.",
        f"The {actor} freed {n} prisoners from the main jail in {s.city}, officials said.",
        f"But the governor denied reports the city had fallen to the {actor}.",
        f"Local sources told {agency} the {actor} had also attacked {other.city} on {day}.",
        f"{s.city} is the capital of {s.province} province and is home to about 200,000 people.",
        f"The {actor} said they had taken control of the governor's compound in {s.city}.",
    ]


def article(rng: random.Random, places: list[Seat], actors: list[str], agencies: list[str],
            target_words: int = 500) -> tuple[str, date]:
    """One article's text and its publication date."""
    s, other = rng.sample(places, 2)
    actor, agency = rng.choice(actors), rng.choice(agencies)
    published = FIRST_DAY + timedelta(days=rng.randrange(120))
    day = WEEKDAYS[(published.weekday() - 1) % 7]  # "on <yesterday's weekday>"
    events = _events(rng, s, other, actor, agency, day)
    rng.shuffle(events)
    sentences = [events[0], *rng.sample(FILLER, 3), *events[1:4]]
    while sum(len(x.split()) for x in sentences) < target_words:
        sentences.append(rng.choice(FILLER) if rng.random() < 0.7 else rng.choice(events))
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return "\n\n".join(paragraphs) + "\n", published


def write_corpus(size: int, out: Path, seed: int = 7, target_words: int = 500) -> list[Path]:
    """``size`` articles as ``NNNNN.txt`` plus ``articles.csv`` in ``out``; returns the article paths."""
    rng = random.Random(seed)
    places = seats()
    actors = [a for a in _labels("actors.csv", "armed_group") if " " not in a][:3] or ["Taliban"]
    agencies = _labels("agencies.csv", "news_agency")[:6]
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    with (out / "articles.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "url", "headline", "publisher", "date_published"])
        for i in range(size):
            text, published = article(rng, places, actors, agencies, target_words)
            path = out / f"{i:05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
            headline = text.split(".")[0][:90]
            writer.writerow([path.name, f"https://example.org/news/{seed}/{i}", headline,
                             rng.choice(PUBLISHERS), published.isoformat()])
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int, help="number of articles, e.g. 200 or 1000")
    parser.add_argument("out", type=Path, help="folder to write (created)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--words", type=int, default=500, help="target words per article")
    args = parser.parse_args()
    paths = write_corpus(args.size, args.out, args.seed, args.words)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"{len(paths)} articles, {words} words -> {args.out}")


if __name__ == "__main__":
    main()
