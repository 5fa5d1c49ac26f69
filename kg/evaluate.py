"""Score ``events`` query rows against a gold CSV (format: seeds/README.md).

Units are deduplicated sets per file, so an event reported twice in one article counts once.
Places are compared by gazetteer key when kg.places.gazetteer is available (spelling variants then match),
otherwise by folded name.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from kg.errors import InputError
from kg.text import ascii_words, compact_fold

# (place name, hint) -> key; the hint is a gold row's country (ISO 3166-1 alpha-2) or a predicted row's place IRI
PlaceKey = Callable[[str, str], str]
Unit = tuple[str, ...]

GOLD_TYPES = {"retaken": "recapture"}
GOLD_POLARITIES = {"claimed-unconfirmed": "claimed"}
DENIAL = "denial"
RECALLED_PRECISIONS = ("month", "year", "earlier")
UNTIMED = "publication day"  # the precision of a date kg gave an event the text gives no time cue for
DENIED = "denied"
CAPTURE = "capture"
# What every unit reads; reported_by, polarity and evidence are optional (empty when absent).
GOLD_COLUMNS = ("file", "event_type", "place", "date")
# Words too generic to show that two reporter names mean the same source.
_GENERIC = frozenset(
    "the and for news agency press media service network sources source officials official local "
    "reports report government governor deputy spokesman spokesperson member council chief head "
    "minister ministry police said group unspecified".split()
)


@dataclass(frozen=True)
class Score:
    """Counts of one metric; ratios are 0.0 when their denominator is 0."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class TypeScore:
    """The by-place score of one event type."""

    type: str
    score: Score


@dataclass(frozen=True)
class Miss:
    """A unit found on one side only, with the evidence of its first row."""

    metric: str
    file: str
    type: str
    place: str
    date: str
    evidence: str


@dataclass(frozen=True)
class EvalResult:
    """All figures of one evaluation."""

    capture: Score
    all_types: Score
    denials: Score
    reporters_covered: int
    reporters_total: int
    per_type: tuple[TypeScore, ...]
    missed: tuple[Miss, ...]
    spurious: tuple[Miss, ...]

    @property
    def reporter_coverage(self) -> float | None:
        """Share of matched capture units with a matching reporter; None when none matched."""
        return self.reporters_covered / self.reporters_total if self.reporters_total else None

    def to_text(self) -> str:
        """A readable report: metric table, per-type table, then missed and spurious rows."""
        lines = [_score_header("metric", 22)]
        for label, score in (("capture place+date", self.capture), ("all types by place", self.all_types),
                             ("denials", self.denials)):
            lines.append(_score_line(label, score, 22))
        coverage = self.reporter_coverage
        shown = "n/a" if coverage is None else f"{coverage:.3f}"
        lines += [f"{'reporter coverage':<22} {shown:>6} ({self.reporters_covered}/{self.reporters_total})", ""]
        lines.append(_score_header("type", 16))
        lines += [_score_line(t.type, t.score, 16) for t in self.per_type]
        lines += _miss_lines("missed (in gold, not predicted)", self.missed)
        lines += _miss_lines("spurious (predicted, not in gold)", self.spurious)
        return "\n".join(lines) + "\n"


def _score_header(label: str, width: int) -> str:
    """Column titles of a score table."""
    return f"{label:<{width}} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"


def _score_line(label: str, s: Score, width: int) -> str:
    """One row of a score table."""
    return f"{label:<{width}} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:4d} {s.fp:4d} {s.fn:4d}"


def _miss_lines(title: str, misses: Sequence[Miss]) -> list[str]:
    """A titled list of missed or spurious units."""
    lines = ["", f"{title}: {len(misses)}"]
    for m in misses:
        where = f"{m.place or '-'} {m.date}".strip()
        lines.append(f"  [{m.metric}] {m.file}  {m.type}  {where}")
        if m.evidence:
            lines.append(f"      \"{m.evidence}\"")
    return lines


# ---------------------------------------------------------------- normalised rows


@dataclass(frozen=True)
class _Row:
    """A gold or predicted row reduced to what scoring compares."""

    file: str
    type: str
    place: str
    key: str
    date: str
    reporters: tuple[str, ...]
    evidence: str
    background: bool = False  # a recap of an earlier, undated event: by place only, never by place + date
    untimed: bool = False  # kg found no time cue: the date is the report's (precision "publication day")


def _cell(row: Mapping[str, str | None], column: str) -> str:
    """A stripped cell; missing and None read as empty."""
    return (row.get(column) or "").strip()


def _gold_row(row: Mapping[str, str | None], place_key: PlaceKey) -> _Row:
    """A gold CSV row with its type mapped to ours (denied rows become "denial")."""
    kind = _cell(row, "event_type").lower()
    kind = GOLD_TYPES.get(kind, kind)
    if _cell(row, "polarity").lower() == DENIED:
        kind = DENIAL
    place = _cell(row, "place")
    reporters = tuple(_strip_parens(r) for r in _cell(row, "reported_by").split(";"))
    return _Row(Path(_cell(row, "file")).name, kind, place, place_key(place, _cell(row, "country")),
                _cell(row, "date"), tuple(r for r in reporters if r), _cell(row, "evidence"),
                # a recap the gold dates to a day is scored against that day like any event
                background=_cell(row, "background").lower() in ("true", "1", "yes") and not _cell(row, "date"))


def _predicted_row(row: Mapping[str, str | None], place_key: PlaceKey) -> _Row:
    """An ``events`` row; a denied report is scored as type "denial"."""
    kind = _cell(row, "type").lower()
    if _cell(row, "polarity").lower() == DENIED:
        kind = DENIAL
    place = _cell(row, "place")
    reporters = (_cell(row, "publisher"), *_cell(row, "reported_by").split(";"))
    # an event dated only to a month or a year is what the article recalls (kg keeps recaps with their own
    # date): like a gold background row it counts by place, never against a day
    recalled = _cell(row, "date_precision").lower() in RECALLED_PRECISIONS
    return _Row(Path(_cell(row, "file")).name, kind, place, place_key(place, _cell(row, "place_id")),
                _cell(row, "date"), tuple(r.strip() for r in reporters if r.strip()), _cell(row, "evidence"),
                background=recalled, untimed=_cell(row, "date_precision").lower() == UNTIMED)


def _strip_parens(text: str) -> str:
    """A gold reporter without its parenthetical (role, place, remark)."""
    return re.sub(r"\([^)]*\)", " ", text).strip()


# ---------------------------------------------------------------- places


@cache
def _gazetteer() -> object | None:
    """The shared gazetteer, or None when kg.places.gazetteer is not available."""
    try:
        from kg.places.gazetteer import Gazetteer
    except ImportError:
        return None
    try:
        return Gazetteer.load()
    except (OSError, ValueError):
        return None


_GEONAMES_IRI = re.compile(r"^https?://sws\.geonames\.org/(\d+)/?$")


def default_place_key(name: str, hint: str = "") -> str:
    """The gazetteer key of the place: the one a predicted row's GeoNames IRI names, else the likeliest place
    called ``name`` (in the gold row's country, when it gives one and the gazetteer has one there), else the
    folded name."""
    if not name.strip():
        return ""
    linked = _GEONAMES_IRI.match(hint)
    if linked:
        return f"gn{linked.group(1)}"
    gazetteer = _gazetteer()
    candidates = gazetteer.candidates(name) if gazetteer is not None else ()  # type: ignore[attr-defined]
    there = [c for c in candidates if len(hint) == 2 and c.country_code == hint.upper()]
    return str((there or candidates)[0].key) if candidates else "name:" + compact_fold(name)


def _namesake(row: _Row, country: str, linked: set[tuple[str, str]]) -> _Row:
    """A gold place is named, not linked: the namesake in its country that kg linked in the same file is the one
    the reader meant (the gold says "Ramgarh, IN"; India has several)."""
    if not row.place:
        return row
    gazetteer = _gazetteer()
    candidates = gazetteer.namesakes(row.place) if gazetteer is not None else ()  # type: ignore[attr-defined]
    for place in candidates:
        if (not country or place.country_code == country.upper()) and (row.file, str(place.key)) in linked:
            return replace(row, key=str(place.key))
    return row


def folded_place_key(name: str, hint: str = "") -> str:  # noqa: ARG001 -- a PlaceKey; names only
    """Places compared by folded name only (no gazetteer)."""
    return compact_fold(name)


# ---------------------------------------------------------------- reporters


def reporters_match(gold: str, predicted: str) -> bool:
    """Same source: one name's words appear in order in the other, or they share a distinctive word."""
    g, p = ascii_words(gold), ascii_words(predicted)
    if not g or not p:
        return False
    g_text, p_text = f" {' '.join(g)} ", f" {' '.join(p)} "
    if g_text in p_text or p_text in g_text:
        return True
    significant = {t for t in g if len(t) >= 3 and t not in _GENERIC}
    return bool(significant & set(p))


def _covered(gold: Iterable[_Row], predicted: Iterable[_Row]) -> bool:
    """Whether any gold reporter of a unit matches any predicted one."""
    gold_names = {r for row in gold for r in row.reporters}
    predicted_names = {r for row in predicted for r in row.reporters}
    return any(reporters_match(g, p) for g in gold_names for p in predicted_names)


# ---------------------------------------------------------------- scoring


def _units(rows: Iterable[_Row], unit: Callable[[_Row], Unit | None]) -> dict[Unit, list[_Row]]:
    """Rows grouped by unit, first-seen order kept; rows whose unit is None are left out."""
    grouped: dict[Unit, list[_Row]] = {}
    for row in rows:
        u = unit(row)
        if u is not None:
            grouped.setdefault(u, []).append(row)
    return grouped


def _score(gold: Mapping[Unit, object], predicted: Mapping[Unit, object]) -> Score:
    """Set comparison of two unit collections."""
    tp = len(gold.keys() & predicted.keys())
    return Score(tp, len(predicted.keys() - gold.keys()), len(gold.keys() - predicted.keys()))


def _capture_unit(row: _Row) -> Unit | None:
    """(file, place, date) of a capture row that is not a denial nor background."""
    return (row.file, row.key, row.date) if row.type == CAPTURE and not row.background else None


def _type_unit(row: _Row) -> Unit | None:
    """(file, type, place) of any row; place may be empty."""
    return (row.file, row.type, row.key)


def _denial_unit(row: _Row) -> Unit | None:
    """(file, place) of a denial."""
    return (row.file, row.key) if row.type == DENIAL else None


def _misses(metric: str, side: Mapping[Unit, list[_Row]], other: Mapping[Unit, object]) -> list[Miss]:
    """Units of ``side`` absent from ``other``, described by their first row."""
    out = []
    for unit in sorted(side.keys() - other.keys()):
        first = side[unit][0]
        out.append(Miss(metric, first.file, first.type, first.place, first.date, first.evidence))
    return out


def read_gold(gold_csv: Path) -> list[dict[str, str]]:
    """The gold CSV as dictionaries; InputError if it cannot be read or is not a gold file."""
    try:
        if gold_csv.exists() and not gold_csv.is_dir() and not gold_csv.is_file():  # a FIFO would block
            raise InputError(f"{gold_csv}: not a regular file; give a gold CSV file (see seeds/gold.csv)")
        with gold_csv.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows, columns = list(reader), reader.fieldnames or ()
    except OSError as err:
        raise InputError(f"cannot read gold file {gold_csv}: {err.strerror}; check the path") from None
    except UnicodeDecodeError as err:
        raise InputError(f"{gold_csv}: not UTF-8 text (bad byte at offset {err.start}); "
                         "save the gold CSV as UTF-8") from None
    except csv.Error as err:
        raise InputError(f"{gold_csv}: not a readable CSV ({err}); see seeds/gold.csv for the format") from None
    missing = [c for c in GOLD_COLUMNS if c not in columns]
    if missing:
        raise InputError(
            f"{gold_csv}: not a gold file, no column {', '.join(missing)}; a gold CSV has the columns "
            f"{','.join(GOLD_COLUMNS)} (see seeds/gold.csv)"
        )
    if not rows:
        raise InputError(f"{gold_csv}: no gold rows under the header; add one row per expected event")
    return rows


def score(
    gold_csv: Path, rows: Sequence[Mapping[str, str | None]], place_key: PlaceKey | None = None
) -> EvalResult:
    """Score ``events`` rows against the gold CSV."""
    key = place_key or default_place_key
    return score_rows(read_gold(gold_csv), rows, key)


def score_rows(
    gold_rows: Sequence[Mapping[str, str | None]], rows: Sequence[Mapping[str, str | None]], place_key: PlaceKey
) -> EvalResult:
    """Score ``events`` rows against gold rows already read."""
    predicted = [_predicted_row(r, place_key) for r in rows]
    linked = {(p.file, p.key) for p in predicted}
    gold = [_namesake(_gold_row(r, place_key), _cell(r, "country"), linked) for r in gold_rows]
    predicted = _untimed_as_gold(predicted, gold)
    g_cap, p_cap = _units(gold, _capture_unit), _units(predicted, _capture_unit)
    g_all, p_all = _units(gold, _type_unit), _units(predicted, _type_unit)
    matched = sorted(g_cap.keys() & p_cap.keys())
    covered = sum(_covered(g_cap[u], p_cap[u]) for u in matched)
    return EvalResult(
        capture=_score(g_cap, p_cap),
        all_types=_score(g_all, p_all),
        denials=_score(_units(gold, _denial_unit), _units(predicted, _denial_unit)),
        reporters_covered=covered,
        reporters_total=len(matched),
        per_type=_per_type(g_all, p_all),
        missed=tuple(_misses("capture", g_cap, p_cap) + _misses("type", g_all, p_all)),
        spurious=tuple(_misses("capture", p_cap, g_cap) + _misses("type", p_all, g_all)),
    )


def _untimed_as_gold(predicted: list[_Row], gold: list[_Row]) -> list[_Row]:
    """A capture the gold leaves undated (the text gives no time cue) and kg dates by its report only (precision
    "publication day") agree: the same event told without a day, as the passage corpus scores it."""
    undated = {(g.file, g.key) for g in gold if g.type == CAPTURE and not g.date and not g.background}
    dated = {(g.file, g.key, g.date) for g in gold if g.type == CAPTURE and g.date}
    return [replace(p, date="") if p.type == CAPTURE and p.untimed and (p.file, p.key) in undated
            and (p.file, p.key, p.date) not in dated else p for p in predicted]


def _per_type(gold: Mapping[Unit, object], predicted: Mapping[Unit, object]) -> tuple[TypeScore, ...]:
    """Score of the by-place units of each type present on either side."""
    types = sorted({u[1] for u in gold} | {u[1] for u in predicted})
    return tuple(
        TypeScore(t, _score({u: 0 for u in gold if u[1] == t}, {u: 0 for u in predicted if u[1] == t}))
        for t in types
    )
