"""`kg report`: one self-contained HTML file (inline CSS and SVG, no scripts or fetches) to read the graph.

The map (country outlines from Natural Earth, a scale bar) and the proportional timeline are drawn by
kg/report_map.py and kg/report_svg.py.

Every value from the store goes through ``_e``: HTML-escaped (attributes too) with control characters and
bidi overrides shown as escapes, as on the terminal (kg/display.py), so an article cannot add markup or
reorder a quote.

Built from the `events` named query (one row per report) plus two small SPARQL reads: place coordinates
(geo:lat/geo:long) and article sources (schema:url, headline). The only URLs in the page are links to
the source articles, so it opens offline and can be mailed or attached to CI runs as it is.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path


from kg.errors import InputError
from kg.graph.query import Store, run_query, run_sparql
from kg.report_map import MapPoint, map_svg
from kg.report_svg import TimelineDot, esc, timeline_svg

_QUOTED = re.compile(r"(\"[^\"]+\"|“[^”]+”|‘[^’]+’)")
_PLACES = """
SELECT ?place (SAMPLE(?l) AS ?label) (SAMPLE(?la) AS ?lat) (SAMPLE(?lo) AS ?long) WHERE {
  ?place geo:lat ?la ; geo:long ?lo . OPTIONAL { ?place rdfs:label ?l }
} GROUP BY ?place ORDER BY ?place
"""
_SOURCES = """
SELECT ?article (SAMPLE(?u) AS ?url) (SAMPLE(?h) AS ?headline) (SAMPLE(?d) AS ?published) WHERE {
  ?article a schema:NewsArticle .
  OPTIONAL { ?article schema:url ?u } OPTIONAL { ?article schema:headline ?h }
  OPTIONAL { ?article schema:datePublished ?d }
} GROUP BY ?article
"""
# An event's date is only the article's publication day when no article gave it a finer basis.
_PRECISION = """
SELECT DISTINCT ?event ?precision WHERE { GRAPH ?g { ?event kg:datePrecision ?precision } }
"""


@dataclass(frozen=True)
class ReportPlace:
    """A place drawn on the report's map, as read back from the store (kg.model.Place is the linker's)."""

    iri: str
    label: str
    lat: float
    long: float


@dataclass(frozen=True)
class Source:
    article: str
    url: str | None
    headline: str | None
    published: str | None


@dataclass(frozen=True)
class ReportRow:
    """One article's report of an event."""

    publisher: str | None
    reported_by: str | None
    polarity: str | None
    evidence: str | None
    file: str | None
    source: Source | None


@dataclass(frozen=True)
class EventItem:
    iri: str
    type: str
    place: str | None
    place_id: str | None
    province: str | None
    date: str | None
    actor: str | None
    reports: tuple[ReportRow, ...]
    publication_day: bool = False  # the date is only the day the article was published


@dataclass(frozen=True)
class ReportSummary:
    """What was written."""

    events: int
    reports: int
    places: int


def collect(store: Store) -> tuple[list[EventItem], list[ReportPlace]]:
    """Events (with their reports) sorted by date, and the places that have coordinates."""
    sources = {r["article"]: Source(r["article"] or "", r["url"], r["headline"], r["published"])
               for r in run_sparql(store, _SOURCES).as_dicts()}
    places = [ReportPlace(r["place"] or "", r["label"] or r["place"] or "", float(r["lat"] or 0), float(r["long"] or 0))
              for r in run_sparql(store, _PLACES).as_dicts() if r["lat"] and r["long"]]
    grouped: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    for row in run_query(store, "events").as_dicts():
        grouped[row["event"] or ""].append(row)
    precisions: dict[str, set[str]] = defaultdict(set)
    for r in run_sparql(store, _PRECISION).as_dicts():
        precisions[r["event"] or ""].add((r["precision"] or "").rsplit("#", 1)[-1])
    events = []
    for iri, rows in grouped.items():
        first = rows[0]
        reports = tuple(ReportRow(r["publisher"], r["reported_by"], r["polarity"], r["evidence"], r["file"],
                                  sources.get(r["article"])) for r in rows)
        events.append(EventItem(iri, first["type"] or "event", first["place"], first["place_id"], first["province"],
                                first["date"], first["actor"], reports,
                                precisions.get(iri) == {"PublicationDay"}))
    events.sort(key=lambda e: (e.date or "9999", e.type, e.place or "", e.iri))
    return events, places


def write_report(store: Store, output: Path) -> ReportSummary:
    """Write the HTML report to ``output``; InputError when it cannot be written."""
    events, places = collect(store)
    page = render(events, places)
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{output}: cannot write the report ({exc.strerror}); choose another -o path") from None
    return ReportSummary(len(events), sum(len(e.reports) for e in events), len(places))


# ---------------------------------------------------------------- rendering

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}
svg{background:#f7f7f4;border:1px solid #ddd;width:100%;height:auto}
.event{border-left:4px solid #4a7;padding:.3em .8em;margin:1em 0}
.event.denied{border-color:#c44}.event.claimed{border-color:#d90}
.meta{color:#555;font-size:.9em}.pubday{color:#777;font-weight:400;font-size:.8em}
.pol{font-weight:600;text-transform:uppercase;font-size:.75em}
.pol.denied{color:#c44}.pol.claimed{color:#b70}.pol.asserted{color:#375}
blockquote{margin:.3em 0 .3em 1em;color:#333}mark{background:#fe6}
table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid #eee;text-align:left}
"""


_e = esc


def highlight(evidence: str) -> str:
    """The evidence text, escaped, with the quoted speech in it marked."""
    parts = _QUOTED.split(evidence)
    return "".join(f"<mark>{_e(p)}</mark>" if i % 2 else _e(p) for i, p in enumerate(parts))


def _slug(iri: str) -> str:
    return "ev-" + re.sub(r"[^A-Za-z0-9]+", "-", iri.rsplit("/id/", 1)[-1]).strip("-")


def _timeline(events: list[EventItem]) -> str:
    dots = [TimelineDot(_slug(e.iri), e.date or "", e.type, e.place,
                        all(r.polarity == "denied" for r in e.reports), e.publication_day)
            for e in events]
    return timeline_svg(dots)


def _map(places: list[ReportPlace], events: list[EventItem]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for e in events:
        if e.place_id:
            counts[e.place_id] += 1
    return map_svg([MapPoint(p.iri, p.label, p.lat, p.long, counts.get(p.iri, 0)) for p in places])


def _source(report: ReportRow) -> str:
    src = report.source
    name = _e(report.publisher or "unknown publisher")
    label = f"{name}: {_e(src.headline)}" if src and src.headline else name
    if src and src.url and re.match(r"https?://", src.url):
        label = f'<a class="source" href="{_e(src.url)}">{label}</a>'
    extra = f" ({_e(src.published)})" if src and src.published else ""
    return f"{label}{extra}"


_PUBDAY = (' <span class="pubday" title="the article gave no date; this is the day it was published">'
           "(publication day)</span>")


def _event(e: EventItem) -> str:
    polarities = {r.polarity for r in e.reports}
    cls = "denied" if polarities == {"denied"} else "claimed" if polarities == {"claimed"} else ""
    where = ", ".join(_e(v) for v in (e.place, e.province) if v) or "place unknown"
    head = (f'<div class="event {cls}" id="{_slug(e.iri)}" data-event="{_e(e.iri)}">'
            f"<h3>{_e(e.date or 'undated')}{_PUBDAY if e.publication_day else ''} · {_e(e.type)} · {where}</h3>")
    if e.actor:
        head += f'<div class="meta">actor: {_e(e.actor)}</div>'
    items = []
    for r in e.reports:
        by = f" · reported by {_e(r.reported_by)}" if r.reported_by else ""
        file = f" · {_e(r.file)}" if r.file else ""
        quote = f"<blockquote>{highlight(r.evidence)}</blockquote>" if r.evidence else ""
        items.append(f'<li class="report"><span class="pol {_e(r.polarity)}">{_e(r.polarity)}</span> '
                     f"{_source(r)}{by}<span class=\"meta\">{file}</span>{quote}</li>")
    return head + "<ul>" + "".join(items) + "</ul></div>"


def render(events: list[EventItem], places: list[ReportPlace]) -> str:
    """The whole page as a string."""
    reports = sum(len(e.reports) for e in events)
    body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>kg report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>News events knowledge graph</h1>",
        (f'<p class="meta">{len(events)} events, {reports} reports, {len(places)} places with coordinates. '
        "Marked text in evidence is quoted speech. Country outlines: Natural Earth.</p>"),
        "<h2>Timeline</h2>", _timeline(events),
        "<h2>Places</h2>", _map(places, events),
        "<h2>Events</h2>", *(_event(e) for e in events),
        "</body></html>",
    ]
    return "\n".join(body) + "\n"


__all__ = ["EventItem", "ReportPlace", "ReportSummary", "collect", "highlight", "render", "write_report"]
