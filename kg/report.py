"""`kg report`: one self-contained HTML file (inline CSS and SVG, no scripts or fetches) to read the graph.

Every value from the store goes through ``_e``: HTML-escaped (attributes too) with control characters and
bidi overrides shown as escapes, as on the terminal (kg/display.py), so an article cannot add markup or
reorder a quote.

Built from the `events` named query (one row per report) plus two small SPARQL reads: place coordinates
(geo:lat/geo:long) and article sources (schema:url, headline). The only URLs in the page are links to
the source articles, so it opens offline and can be mailed or attached to CI runs as it is.
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path


from kg.display import visible
from kg.errors import InputError
from kg.query import Store, run_query, run_sparql

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


@dataclass(frozen=True)
class MapPoint:
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


@dataclass(frozen=True)
class ReportSummary:
    """What was written."""

    events: int
    reports: int
    places: int


def collect(store: Store) -> tuple[list[EventItem], list[MapPoint]]:
    """Events (with their reports) sorted by date, and the places that have coordinates."""
    sources = {r["article"]: Source(r["article"] or "", r["url"], r["headline"], r["published"])
               for r in run_sparql(store, _SOURCES).as_dicts()}
    places = [MapPoint(r["place"] or "", r["label"] or r["place"] or "", float(r["lat"] or 0), float(r["long"] or 0))
              for r in run_sparql(store, _PLACES).as_dicts() if r["lat"] and r["long"]]
    grouped: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    for row in run_query(store, "events").as_dicts():
        grouped[row["event"] or ""].append(row)
    events = []
    for iri, rows in grouped.items():
        first = rows[0]
        reports = tuple(ReportRow(r["publisher"], r["reported_by"], r["polarity"], r["evidence"], r["file"],
                                  sources.get(r["article"])) for r in rows)
        events.append(EventItem(iri, first["type"] or "event", first["place"], first["place_id"], first["province"],
                                first["date"], first["actor"], reports))
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
.meta{color:#555;font-size:.9em}.pol{font-weight:600;text-transform:uppercase;font-size:.75em}
.pol.denied{color:#c44}.pol.claimed{color:#b70}.pol.asserted{color:#375}
blockquote{margin:.3em 0 .3em 1em;color:#333}mark{background:#fe6}
table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid #eee;text-align:left}
"""


def _e(text: object) -> str:
    """Text from the store as HTML text or attribute value: escaped, control characters shown (kg.display)."""
    return html.escape(visible("" if text is None else str(text)), quote=True)


def highlight(evidence: str) -> str:
    """The evidence text, escaped, with the quoted speech in it marked."""
    parts = _QUOTED.split(evidence)
    return "".join(f"<mark>{_e(p)}</mark>" if i % 2 else _e(p) for i, p in enumerate(parts))


def _slug(iri: str) -> str:
    return "ev-" + re.sub(r"[^A-Za-z0-9]+", "-", iri.rsplit("/id/", 1)[-1]).strip("-")


def _timeline(events: list[EventItem]) -> str:
    """Events as dots on a date axis, one lane per event type; each dot links to its event below."""
    dated = [e for e in events if e.date]
    if not dated:
        return "<p>No dated events.</p>"
    days = sorted({e.date for e in dated if e.date})
    types = sorted({e.type for e in dated})
    width, left, lane = 1000, 120, 28
    height = 40 + lane * len(types)
    step = (width - left - 40) / max(len(days) - 1, 1)
    x = {d: left + i * step for i, d in enumerate(days)}
    parts = [f'<svg id="timeline" viewBox="0 0 {width} {height}" role="img" aria-label="timeline">']
    for i, t in enumerate(types):
        y = 20 + lane * i
        parts.append(f'<text x="8" y="{y + 4}" font-size="12">{_e(t)}</text>'
                     f'<line x1="{left}" y1="{y}" x2="{width - 30}" y2="{y}" stroke="#ddd"/>')
    for d in days:
        parts.append(f'<text x="{x[d]:.1f}" y="{height - 6}" font-size="10" text-anchor="middle">{_e(d[5:])}</text>')
    for e in dated:
        y = 20 + lane * types.index(e.type)
        colour = "#c44" if all(r.polarity == "denied" for r in e.reports) else "#375"
        parts.append(f'<a href="#{_slug(e.iri)}"><circle class="tl-event" cx="{x[e.date or ""]:.1f}" cy="{y}" r="6" '
                     f'fill="{colour}" fill-opacity=".7"><title>{_e(e.date)} {_e(e.type)} {_e(e.place)}</title>'
                     f"</circle></a>")
    parts.append("</svg>")
    return "".join(parts)


def _map(places: list[MapPoint], events: list[EventItem]) -> str:
    """Places as points on a plain equirectangular projection of their bounding box (no tiles)."""
    if not places:
        return "<p>No places with coordinates.</p>"
    counts: dict[str, int] = defaultdict(int)
    for e in events:
        if e.place_id:
            counts[e.place_id] += 1
    lats = [p.lat for p in places]
    longs = [p.long for p in places]
    pad = 1.0
    south, north = min(lats) - pad, max(lats) + pad
    west, east = min(longs) - pad, max(longs) + pad
    width, height = 800, max(300, int(800 * (north - south) / max(east - west, 1e-6)))
    height = min(height, 600)

    def xy(p: MapPoint) -> tuple[float, float]:
        return ((p.long - west) / (east - west) * width, (north - p.lat) / (north - south) * height)

    parts = [f'<svg id="map" viewBox="0 0 {width} {height}" role="img" aria-label="map of places">']
    for p in places:
        px, py = xy(p)
        r = 4 + 2 * min(counts.get(p.iri, 0), 6)
        parts.append(f'<g class="place" data-iri="{_e(p.iri)}"><circle cx="{px:.1f}" cy="{py:.1f}" r="{r}" '
                     f'fill="#375" fill-opacity=".6"><title>{_e(p.label)} ({p.lat}, {p.long}): '
                     f'{counts.get(p.iri, 0)} event(s)</title></circle>'
                     f'<text x="{px + r + 2:.1f}" y="{py + 4:.1f}" font-size="12">{_e(p.label)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _source(report: ReportRow) -> str:
    src = report.source
    name = _e(report.publisher or "unknown publisher")
    label = f"{name}: {_e(src.headline)}" if src and src.headline else name
    if src and src.url and re.match(r"https?://", src.url):
        label = f'<a class="source" href="{_e(src.url)}">{label}</a>'
    extra = f" ({_e(src.published)})" if src and src.published else ""
    return f"{label}{extra}"


def _event(e: EventItem) -> str:
    polarities = {r.polarity for r in e.reports}
    cls = "denied" if polarities == {"denied"} else "claimed" if polarities == {"claimed"} else ""
    where = ", ".join(_e(v) for v in (e.place, e.province) if v) or "place unknown"
    head = (f'<div class="event {cls}" id="{_slug(e.iri)}" data-event="{_e(e.iri)}">'
            f"<h3>{_e(e.date or 'undated')} · {_e(e.type)} · {where}</h3>")
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


def render(events: list[EventItem], places: list[MapPoint]) -> str:
    """The whole page as a string."""
    reports = sum(len(e.reports) for e in events)
    body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>kg report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>News events knowledge graph</h1>",
        f'<p class="meta">{len(events)} events, {reports} reports, {len(places)} places with coordinates. '
        "Marked text in evidence is quoted speech.</p>",
        "<h2>Timeline</h2>", _timeline(events),
        "<h2>Places</h2>", _map(places, events),
        "<h2>Events</h2>", *(_event(e) for e in events),
        "</body></html>",
    ]
    return "\n".join(body) + "\n"


__all__ = ["EventItem", "MapPoint", "ReportSummary", "collect", "highlight", "render", "write_report"]
