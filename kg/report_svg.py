"""The report's two drawings as inline SVG: a map with country outlines and a scale bar, and a timeline.

The outlines are Natural Earth's 1:110m countries (kg/data/outlines.json, made by kg/data/derive_outlines.py);
only the countries in view are written into the page, so it stays small and needs no fetch. The map is an
equirectangular projection whose standard parallel is the middle of the view, so one pixel is the same distance
across and up at that latitude, which is what the scale bar measures. The timeline's axis is proportional to
time: a month between two events is thirty times the width of a day.
"""
from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from kg.display import visible

OUTLINES = Path(__file__).resolve().parent / "data" / "outlines.json"
KM_PER_DEGREE = 111.32  # one degree of latitude (and of longitude at the equator)
_NICE = (1, 2, 5)


def esc(text: object) -> str:
    """Text from the store as HTML text or attribute value: escaped, control characters shown (kg.display)."""
    return html.escape(visible("" if text is None else str(text)), quote=True)


@dataclass(frozen=True)
class MapPoint:
    iri: str
    label: str
    lat: float
    long: float
    events: int


@dataclass(frozen=True)
class TimelineDot:
    anchor: str
    day: str
    type: str
    place: str | None
    colour: str
    publication_day: bool = False  # drawn hollow: the date is only the day the article was published


@dataclass(frozen=True)
class View:
    """The part of the world drawn, in degrees, and the size of the drawing in pixels."""

    west: float
    south: float
    east: float
    north: float
    width: int
    height: int

    @property
    def km_per_px(self) -> float:
        return (self.north - self.south) * KM_PER_DEGREE / self.height

    def xy(self, long: float, lat: float) -> tuple[float, float]:
        return ((long - self.west) / (self.east - self.west) * self.width,
                (self.north - lat) / (self.north - self.south) * self.height)


def fit_view(points: list[MapPoint], width: int = 800, min_height: int = 360, max_height: int = 600) -> View:
    """The places' bounding box with a margin, widened so that the drawing keeps true proportions."""
    lats, longs = [p.lat for p in points], [p.long for p in points]
    mid = (min(lats) + max(lats)) / 2
    squash = max(math.cos(math.radians(mid)), 0.2)  # a degree of longitude is shorter away from the equator
    span_y = max(max(lats) - min(lats), 2.0)
    span_x = max((max(longs) - min(longs)) * squash, 2.0)
    span_y, span_x = span_y * 1.5 + 1, span_x * 1.5 + 1  # a quarter of the extent and half a degree each side
    height = int(min(max(width * span_y / span_x, min_height), max_height))
    if span_x / span_y < width / height:
        span_x = span_y * width / height
    else:
        span_y = span_x * height / width
    cy, cx = mid, (min(longs) + max(longs)) / 2
    return View(cx - span_x / squash / 2, max(cy - span_y / 2, -90), cx + span_x / squash / 2,
                min(cy + span_y / 2, 90), width, height)


@lru_cache(maxsize=1)
def _countries() -> tuple[dict, ...]:
    return tuple(json.loads(OUTLINES.read_text(encoding="utf-8"))["countries"])


def _outline(country: dict, view: View) -> str:
    rings = []
    for ring in country["rings"]:
        points = (view.xy(lon, lat) for lon, lat in ring)
        rings.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return (f'<path class="outline" d="{"".join(rings)}" fill="#e8e6dc" stroke="#9a9788" stroke-width=".8" '
            f'fill-rule="evenodd"><title>{esc(country["name"])}</title></path>')


def _scale_bar(view: View) -> str:
    """A bar of a round number of kilometres, about a fifth of the map wide, bottom left."""
    target = view.width / 5 * view.km_per_px
    power = 10 ** math.floor(math.log10(target))
    km = max(n * power for n in _NICE if n * power <= target)
    length = km / view.km_per_px
    x, y = 16, view.height - 18
    label = f"{km:g} km"
    return (f'<g class="scale-bar" data-km="{km:g}" data-px="{length:.2f}">'
            f'<rect x="{x - 6}" y="{y - 18}" width="{length + 12:.1f}" height="28" fill="#fff" fill-opacity=".75"/>'
            f'<path d="M{x},{y - 5}V{y}H{x + length:.1f}V{y - 5}" fill="none" stroke="#222" stroke-width="1.5"/>'
            f'<text x="{x + length / 2:.1f}" y="{y - 7}" font-size="11" text-anchor="middle">{label}</text></g>')


def map_svg(points: list[MapPoint]) -> str:
    """Places as circles (sized by their events) over the country outlines around them."""
    if not points:
        return "<p>No places with coordinates.</p>"
    view = fit_view(points)
    parts = [(f'<svg id="map" viewBox="0 0 {view.width} {view.height}" role="img" aria-label="map of places" '
             f'data-west="{view.west:.4f}" data-south="{view.south:.4f}" data-east="{view.east:.4f}" '
             f'data-north="{view.north:.4f}" style="background:#cfe0ea">')]
    for country in _countries():
        w, s, e, n = country["bbox"]
        if w <= view.east and e >= view.west and s <= view.north and n >= view.south:
            parts.append(_outline(country, view))
    for p in points:
        px, py = view.xy(p.long, p.lat)
        r = 4 + 2 * min(p.events, 6)
        parts.append(f'<g class="place" data-iri="{esc(p.iri)}"><circle cx="{px:.1f}" cy="{py:.1f}" r="{r}" '
                     f'fill="#375" fill-opacity=".6"><title>{esc(p.label)} ({p.lat}, {p.long}): '
                     f'{p.events} event(s)</title></circle>'
                     f'<text x="{px + r + 2:.1f}" y="{py + 4:.1f}" font-size="12">{esc(p.label)}</text></g>')
    parts.append(_scale_bar(view))
    parts.append("</svg>")
    return "".join(parts)


def parse_day(text: str | None) -> date | None:
    """The first day an ISO date, month or year covers; None when it is none of those."""
    if not text:
        return None
    head = text[:10]
    for candidate in (head, head[:7] + "-01", head[:4] + "-01-01"):
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    return None


def _ticks(first: date, last: date, most: int = 8) -> list[date]:
    """Round dates across the span: every n days for short spans, first days of months for long ones."""
    span = (last - first).days
    for step in (1, 2, 3, 7, 14):
        if span / step <= most:
            return [first + timedelta(days=k * step) for k in range(span // step + 1)]
    for months in (1, 2, 3, 6, 12, 24, 60, 120):
        if span / (30.44 * months) <= most:
            break
    index = first.year * 12 + first.month - (first.day == 1)  # months since year 0 of the first tick
    ticks = []
    while (day := date(index // 12, index % 12 + 1, 1)) <= last:
        if index % months == 0:
            ticks.append(day)
        index += 1
    return ticks


def timeline_svg(dots: list[TimelineDot]) -> str:
    """Events as dots on an axis proportional to time, one lane per event type; each links to its event."""
    dated = [(d, day) for d in dots if (day := parse_day(d.day))]
    if not dated:
        return "<p>No dated events.</p>"
    types = sorted({d.type for d, _ in dated})
    first, last = min(day for _, day in dated), max(day for _, day in dated)
    span = max((last - first).days, 1)
    width, left, right, lane = 1000, 120, 40, 28
    axis_y = 20 + lane * len(types)
    height = axis_y + 44

    def x(day: date) -> float:
        return left + (day - first).days / span * (width - left - right)

    parts = [(f'<svg id="timeline" viewBox="0 0 {width} {height}" role="img" aria-label="timeline" '
             f'data-first="{first.isoformat()}" data-last="{last.isoformat()}">')]
    for i, t in enumerate(types):
        y = 20 + lane * i
        parts.append(f'<text x="8" y="{y + 4}" font-size="12">{esc(t)}</text>'
                     f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="#ddd"/>')
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" stroke="#555"/>')
    for day in _ticks(first, last):
        tx = x(day)
        parts.append(f'<g class="tl-tick" data-date="{day.isoformat()}"><line x1="{tx:.1f}" y1="{axis_y}" '
                     f'x2="{tx:.1f}" y2="{axis_y + 5}" stroke="#555"/><text x="{tx:.1f}" y="{axis_y + 18}" '
                     f'font-size="10" text-anchor="middle">{day.isoformat()}</text></g>')
    for d, day in dated:
        y = 20 + lane * types.index(d.type)
        paint = (f'fill="#fff" stroke="{d.colour}" stroke-width="2"' if d.publication_day
                 else f'fill="{d.colour}" fill-opacity=".7"')
        note = " (publication day)" if d.publication_day else ""
        parts.append(f'<a href="#{d.anchor}"><circle class="tl-event{" pubday" if d.publication_day else ""}" '
                     f'data-date="{day.isoformat()}" cx="{x(day):.1f}" cy="{y}" r="6" {paint}><title>{esc(d.day)}'
                     f"{note} {esc(d.type)} {esc(d.place)}</title></circle></a>")
    if any(d.publication_day for d, _ in dated):
        parts.append(f'<circle class="tl-legend" cx="{left + 6}" cy="{height - 8}" r="4" fill="#fff" '
                     'stroke="#375" stroke-width="2"/>'
                     f'<text x="{left + 14}" y="{height - 4}" font-size="10">date is only the publication day'
                     "</text>")
    parts.append("</svg>")
    return "".join(parts)


__all__ = ["MapPoint", "TimelineDot", "View", "esc", "fit_view", "map_svg", "parse_day", "timeline_svg"]
