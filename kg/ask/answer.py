"""Run a Frame's query and present it: the interpretation, what was ignored, a one-line answer, then rows with
place, date (and whether it is only the publication day), event type, polarity, sources and evidence."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


from kg.ask.compile import compile_frame, type_code
from kg.ask.frame import Frame
from kg.ask.knowledge import Knowledge
from kg.ask.parse import parse
from kg.ask.words import PLURALS
from kg.graph.query import QueryResult, Store, _execute, run_query
from kg.graph.vocab import KG_NS

ROW_COLUMNS = ("place", "province", "date", "date_basis", "type", "polarity", "actor", "publisher", "reported_by",
               "count", "evidence", "file")
_BASIS = {"Day": "day", "Month": "month", "Year": "year", "StatementDay": "statement day",
          "PublicationDay": "publication day", "Earlier": "earlier, undated"}


@dataclass(frozen=True)
class Answer:
    """What ``kg ask`` prints: interpretation and notes first, then the table."""

    frame: Frame
    summary: str
    result: QueryResult
    unapplied: tuple[str, ...] = ()  # parts of the frame the answer could not apply

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(str(i) for i in self.frame.ignored) + self.unapplied


def ask(question: str, store: Store, knowledge: Knowledge) -> Answer:
    """Parse ``question`` and answer it from ``store``; QueryError when it cannot be understood or run."""
    frame = parse(question, knowledge)
    return answer(frame, store)


def answer(frame: Frame, store: Store) -> Answer:
    """The rows and the one-line answer for ``frame``."""
    if frame.asks == "conflicts":
        return _conflicts(frame, store)
    if (frame.place_missing and not frame.places) or (frame.source_missing and not frame.source):
        what = "place" if frame.place_missing and not frame.places else "source"
        return Answer(frame, f"no events: the {what} named is not in the graph", QueryResult(ROW_COLUMNS, ()))
    compiled = compile_frame(frame)
    raw = _execute(store, compiled.text, compiled.substitutions, frozenset({"reported_by", "actor"}))
    rows = [dict(zip(raw.columns, row, strict=True)) for row in raw.rows]
    if frame.count_unit:
        units = (frame.count_unit, _unit_alias(frame.count_unit))
        rows = [r for r in rows if r.get("count") and (r.get("count_unit") or "") in units]
    table = tuple(_row(r) for r in rows)
    return Answer(frame, _summary(frame, table), QueryResult(ROW_COLUMNS, table))


def _conflicts(frame: Frame, store: Store) -> Answer:
    """The named conflicts query, narrowed to the frame's places and types; other parts are named."""
    result = run_query(store, "conflicts", {})
    col = {name: i for i, name in enumerate(result.columns)}
    keep = list(range(len(result.rows)))
    areas = any(p.level in ("province", "country") for p in frame.places)
    if frame.places and not areas:
        iris = {p.iri for p in frame.places}
        keep = [i for i in keep if result.rows[i][col["place_id"]] in iris]
    if frame.types:
        keep = [i for i in keep if result.rows[i][col["type"]] in frame.types]
    unapplied = tuple(f"not applied to disagreements: {part}" for part, used in (
        ("the date", frame.date_from or frame.date_to), ("the actor", frame.actor), ("the source", frame.source),
        ("the polarity", frame.polarity), ("capitals only", frame.capital_only),
        ("the place (a province or country)", areas),
    ) if used)
    rows = tuple(result.rows[i] for i in keep)
    terms = tuple(result.terms[i] for i in keep) if result.terms else ()
    narrowed = QueryResult(result.columns, rows, terms)
    return Answer(frame, f"{len(rows)} disagreement(s)", narrowed, unapplied)


def _unit_alias(unit: str) -> str:
    # the extractor normalises people released from a prison to "inmate"
    return {"prisoner": "inmate", "detainee": "inmate", "inmate": "prisoner"}.get(unit, unit)


def _row(r: Mapping[str, str | None]) -> tuple[str | None, ...]:
    # an event an article dates twice (a stated day and the publication day): the most exact wins
    given = {p.rsplit("#", 1)[-1] for p in (r.get("precision") or "").split()}
    basis = next((label for key, label in _BASIS.items() if key in given), None) if r.get("date") else None
    count = None
    if r.get("count"):
        count = " ".join(p for p in (r.get("count_qualifier"), r.get("count"), r.get("count_unit")) if p)
    polarity = (r.get("pol") or "").removeprefix(KG_NS).lower() or None
    return (r.get("place"), r.get("province"), r.get("date"), basis, type_code(r.get("cls") or ""), polarity,
            r.get("actor"), r.get("publisher"), r.get("reported_by"), count, r.get("evidence"), r.get("file"))


def _distinct(values: list[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _summary(frame: Frame, rows: tuple[tuple[str | None, ...], ...]) -> str:
    """One line that answers the question before the evidence rows."""
    col = {name: i for i, name in enumerate(ROW_COLUMNS)}
    if not rows:
        return "no matching reports" if frame.asks != "yesno" else "no: no report of it in the graph"
    reported = [r for r in rows if r[col["polarity"]] != "denied"] or list(rows)
    events = {(r[col["type"]], r[col["place"]], r[col["date"]]) for r in reported}
    denials = len(rows) - len(reported)
    reports = f"{len(events)} event(s), {len(reported)} report(s)" + (f"; {denials} denial(s)" if denials else "")
    if frame.asks == "places":
        return "places: " + ", ".join(_distinct([r[col["place"]] for r in reported])) + f" ({reports})"
    if frame.asks == "dates":
        pairs = _distinct([f"{r[col['place']]} {r[col['date']]}" + (" (publication day)"
                           if r[col["date_basis"]] == "publication day" else "") for r in reported if r[col["date"]]])
        return "dates: " + (", ".join(pairs) or "no dated report") + f" ({reports})"
    if frame.asks == "actors":
        actors = _distinct([a for r in reported for a in (r[col["actor"]] or "").split("; ")])
        return "by: " + (", ".join(actors) or "no actor named") + f" ({reports})"
    if frame.asks == "sources":
        sources = _distinct([s for r in rows
                             for s in [r[col["publisher"]], *(r[col["reported_by"]] or "").split("; ")]])
        where = ", ".join(_distinct([r[col["place"]] for r in rows]))
        return "reported by: " + ", ".join(sources) + f" ({'places: ' + where + '; ' if where else ''}{reports})"
    if frame.asks == "count":
        if frame.count_unit:
            counts = _distinct([f"{r[col['count']]} ({r[col['place']]}, {r[col['publisher']]})" for r in rows])
            return f"{PLURALS.get(frame.count_unit, frame.count_unit + 's')}: " + "; ".join(counts)
        places = _distinct([r[col["place"]] for r in reported])
        return f"{len(events)} event(s) at {len(places)} place(s), {len(reported)} report(s)"
    if frame.asks == "yesno":
        if frame.polarity:  # "was the capture denied": the rows are already those of that polarity
            return f"yes ({reports})"
        kinds = {r[col["polarity"]] for r in rows}
        if "asserted" in kinds:
            verdict = "yes"
        elif "claimed" in kinds:
            verdict = "claimed, not confirmed"
        else:
            verdict = "no: only denials"
        if "denied" in kinds and verdict != "no: only denials":
            verdict += " (and denied in another report)"
        return f"{verdict} ({reports})"
    return reports
