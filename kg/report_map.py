"""The report's map as inline SVG: the places over Natural Earth's country outlines, with a scale bar.

The outlines are Natural Earth's 1:50m countries (kg/data/outlines.json, made by kg/data/derive_outlines.py);
only the countries in view are written into the page, clipped to it, so the page stays small and needs no fetch.
The projection is equirectangular with its standard parallel in the middle of the view, so one pixel is the
same distance across and up at that latitude, which is what the scale bar measures.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.report_svg import esc

OUTLINES = Path(__file__).resolve().parent / "data" / "outlines.json"
KM_PER_DEGREE = 111.32  # one degree of latitude (and of longitude at the equator)
_NICE = (1, 2, 5)
_CLIP_MARGIN = 20  # px beyond the drawing, so the edges clipping adds are never seen
_CHAR_PX = 6.8  # the width of one character of the 12 px labels, near enough to keep labels apart

Point = tuple[float, float]
Ring = list[Point]
Box = tuple[float, float, float, float]  # left, top, right, bottom in px


@dataclass(frozen=True)
class MapPoint:
    iri: str
    label: str
    lat: float
    long: float
    events: int


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

    def xy(self, long: float, lat: float) -> Point:
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
def _outlines() -> tuple[tuple[Ring, ...], tuple[dict, ...]]:
    """The arcs in degrees, and the countries."""
    data = json.loads(OUTLINES.read_text(encoding="utf-8"))
    unit = data["resolution"]
    arcs = []
    for flat in data["arcs"]:
        x, y, ring = 0, 0, []
        for i in range(0, len(flat), 2):
            x, y = x + flat[i], y + flat[i + 1]
            ring.append((x * unit, y * unit))
        arcs.append(ring)
    return tuple(arcs), tuple(data["countries"])


def country_rings(country: dict) -> list[Ring]:
    """Every ring of a country (outer and holes) in longitude/latitude; ~i is arc i reversed."""
    arcs, _ = _outlines()
    rings = []
    for polygon in country["polygons"]:
        for indices in polygon:
            ring: Ring = []
            for i in indices:
                arc = arcs[i] if i >= 0 else arcs[~i][::-1]
                ring.extend(arc[1:] if ring else arc)  # consecutive arcs share their end point
            rings.append(ring)
    return rings


def clip(ring: Ring, x0: float, y0: float, x1: float, y1: float) -> Ring:
    """The ring cut to a rectangle (Sutherland-Hodgman: one half-plane after another)."""
    edges = ((0, x0, True), (0, x1, False), (1, y0, True), (1, y1, False))
    for axis, bound, low in edges:
        if not ring:
            break
        kept: Ring = []
        for a, b in zip(ring, ring[1:] + ring[:1]):
            a_in, b_in = (a[axis] >= bound) == low, (b[axis] >= bound) == low
            if a_in != b_in:
                t = (bound - a[axis]) / (b[axis] - a[axis])
                kept.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
            if b_in:
                kept.append(b)
        ring = kept
    return ring


def area(ring: Ring) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1]))) / 2


def centroid(ring: Ring) -> Point:
    cross = [(a, b, a[0] * b[1] - b[0] * a[1]) for a, b in zip(ring, ring[1:] + ring[:1])]
    total = sum(c for _, _, c in cross) * 3 or 1.0
    return (sum((a[0] + b[0]) * c for a, b, c in cross) / total, sum((a[1] + b[1]) * c for a, b, c in cross) / total)


def inside(point: Point, rings: Iterable[Ring]) -> bool:
    """Even-odd rule: a point is inside when a ray from it crosses the rings an odd number of times."""
    x, y = point
    crossings = 0
    for ring in rings:
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1]):
            if (ay > y) != (by > y) and x < ax + (y - ay) / (by - ay) * (bx - ax):
                crossings += 1
    return crossings % 2 == 1


def _countries_in_view(view: View, points: list[MapPoint], taken: list[Box]) -> str:
    """Each country's outline clipped to the view; the countries holding a place are shaded, and named where
    the name fits inside and clear of the places' names (``taken``, which the names placed join)."""
    frame = (-_CLIP_MARGIN, -_CLIP_MARGIN, view.width + _CLIP_MARGIN, view.height + _CLIP_MARGIN)
    paths, labels = [], []
    for country in _outlines()[1]:
        w, s, e, n = country["bbox"]
        if not (w <= view.east and e >= view.west and s <= view.north and n >= view.south):
            continue
        rings = country_rings(country)
        drawn = [c for r in rings if len(c := clip([view.xy(lon, lat) for lon, lat in r], *frame)) >= 3]
        if not drawn:
            continue
        home = any(inside((p.long, p.lat), rings) for p in points)
        d = "".join("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in r) + "Z" for r in drawn)
        fill = "#f3ecd6" if home else "#e4e2d9"
        paths.append(f'<path class="outline{" home" if home else ""}" d="{d}" fill="{fill}" '
                     f'stroke="#8f8b7a" stroke-width=".8" stroke-linejoin="round" fill-rule="evenodd">'
                     f"<title>{esc(country['name'])}</title></path>")
        largest = max(drawn, key=area)
        name = str(country["name"]).upper()
        half = len(name) * 4.5 + 2
        if area(largest) < (half * 2) ** 2 / 2:  # no room for the name
            continue
        cx, middle = centroid(largest)
        cx = min(max(cx, half + 6), view.width - half - 6)
        for cy in (middle, middle - 18, middle + 18, middle - 36, middle + 36):
            box = (cx - half, cy - 11, cx + half, cy + 3)
            if box[1] > 4 and box[3] < view.height - 4 and clear(box, taken) and inside((cx, cy - 4), drawn):
                break
        else:
            continue
        taken.append(box)
        labels.append(f'<text class="country" x="{cx:.1f}" y="{cy:.1f}" font-size="11" letter-spacing="2" '
                      f'fill="#9d9887" text-anchor="middle">{esc(name)}</text>')
    return "".join(paths + labels)


def clear(box: Box, taken: list[Box], own: Box | None = None) -> bool:
    """The box overlaps none of the taken ones (``own``, the circle a name belongs to, aside)."""
    return all(b == own or box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3] for b in taken)


def _place_labels(view: View, points: list[MapPoint], taken: list[Box]) -> list[tuple[MapPoint, float, float, int, str]]:
    """Each place's circle and where its name goes: right, left, above or below, the first clear of the others
    (the busiest places choose first); the circles and names join ``taken``."""
    circles = [(p, *view.xy(p.long, p.lat), 4 + 2 * min(p.events, 6)) for p in points]
    taken.extend((px - r, py - r, px + r, py + r) for _, px, py, r in circles)
    out = []
    for p, px, py, r in sorted(circles, key=lambda c: -c[0].events):
        w = len(p.label) * _CHAR_PX
        options = ((px + r + 3, py + 4, "start", (px + r + 2, py - 8, px + r + 4 + w, py + 6)),
                   (px - r - 3, py + 4, "end", (px - r - 4 - w, py - 8, px - r - 2, py + 6)),
                   (px, py - r - 4, "middle", (px - w / 2, py - r - 17, px + w / 2, py - r - 3)),
                   (px, py + r + 13, "middle", (px - w / 2, py + r + 2, px + w / 2, py + r + 16)))
        own = (px - r, py - r, px + r, py + r)
        lx, ly, anchor, box = next((o for o in options if clear(o[3], taken, own) and 0 <= o[3][0]
                                    and o[3][2] <= view.width), options[0])
        taken.append(box)
        out.append((p, lx, ly, r, anchor))
    return out


def _scale_bar(view: View) -> str:
    """A bar of a round number of kilometres, about a fifth of the map wide, bottom left."""
    target = view.width / 5 * view.km_per_px
    power = 10 ** math.floor(math.log10(target))
    km = max(n * power for n in _NICE if n * power <= target)
    length = km / view.km_per_px
    x, y = 16, view.height - 18
    return (f'<g class="scale-bar" data-km="{km:g}" data-px="{length:.2f}">'
            f'<rect x="{x - 6}" y="{y - 18}" width="{length + 12:.1f}" height="28" rx="3" fill="#fff" '
            f'fill-opacity=".8"/><path d="M{x},{y - 5}V{y}H{x + length:.1f}V{y - 5}" fill="none" stroke="#222" '
            f'stroke-width="1.5"/><text x="{x + length / 2:.1f}" y="{y - 7}" font-size="11" '
            f'text-anchor="middle">{km:g} km</text></g>')


def map_svg(points: list[MapPoint]) -> str:
    """Places as circles (sized by their events) over the country outlines around them."""
    if not points:
        return "<p>No places with coordinates.</p>"
    view = fit_view(points)
    parts = [(f'<svg id="map" viewBox="0 0 {view.width} {view.height}" role="img" aria-label="map of places" '
              f'data-west="{view.west:.4f}" data-south="{view.south:.4f}" data-east="{view.east:.4f}" '
              f'data-north="{view.north:.4f}" style="background:#cadbe6">')]
    taken: list[Box] = [(0, view.height - 40, 200, view.height)]  # the scale bar's corner
    labels = _place_labels(view, points, taken)
    parts.append(_countries_in_view(view, points, taken))
    for p, _, _, r, _ in labels:
        px, py = view.xy(p.long, p.lat)
        parts.append(f'<g class="place" data-iri="{esc(p.iri)}"><circle cx="{px:.1f}" cy="{py:.1f}" r="{r}" '
                     f'fill="#2f6f55" fill-opacity=".65" stroke="#fff" stroke-width="1"><title>{esc(p.label)} '
                     f"({p.lat}, {p.long}): {p.events} event(s)</title></circle></g>")
    for p, lx, ly, _, anchor in labels:  # names above every circle
        parts.append(f'<text class="place-label" x="{lx:.1f}" y="{ly:.1f}" font-size="12" text-anchor="{anchor}" '
                     f'stroke="#fff" stroke-width="3" stroke-opacity=".8" paint-order="stroke">{esc(p.label)}</text>')
    parts.append(_scale_bar(view))
    parts.append(f'<text x="{view.width - 6}" y="{view.height - 6}" font-size="9" fill="#777" text-anchor="end">'
                 "outlines: Natural Earth 1:50m</text></svg>")
    return "".join(parts)


__all__ = ["MapPoint", "View", "area", "centroid", "clip", "country_rings", "fit_view", "inside", "map_svg"]
