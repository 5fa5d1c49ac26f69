"""The report's timeline as inline SVG, and the escaping every drawing of the report uses.

The timeline's axis is proportional to time: a month between two events is thirty times the width of a day.
One lane per event type; events of one type on one day are stacked in their lane rather than drawn over each
other. The map is kg/report_map.py.
"""
from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from kg.display import visible

_STACK = 14  # px between events stacked on one day in one lane


def esc(text: object) -> str:
    """Text from the store as HTML text or attribute value: escaped, control characters shown (kg.display)."""
    return html.escape(visible("" if text is None else str(text)), quote=True)


@dataclass(frozen=True)
class TimelineDot:
    anchor: str
    day: str
    type: str
    place: str | None
    denied: bool = False  # drawn red: every report of it denies it
    publication_day: bool = False  # drawn hollow: the date is only the day the article was published


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
    stacks: dict[tuple[str, date], int] = defaultdict(int)
    for d, day in dated:
        stacks[d.type, day] += 1
    first, last = min(day for _, day in dated), max(day for _, day in dated)
    span = max((last - first).days, 1)
    width, left, right = 1000, 130, 40
    lanes: dict[str, tuple[float, float]] = {}  # each type's top and height
    top = 12.0
    for t in types:
        lane = 14.0 + _STACK * max(n for (kind, _), n in stacks.items() if kind == t)
        lanes[t] = (top, lane)
        top += lane
    axis_y = top + 4
    height = axis_y + 56

    def x(day: date) -> float:
        return left + (day - first).days / span * (width - left - right)

    parts = [(f'<svg id="timeline" viewBox="0 0 {width} {height:.0f}" role="img" aria-label="timeline" '
              f'data-first="{first.isoformat()}" data-last="{last.isoformat()}">')]
    for i, t in enumerate(types):
        y, h = lanes[t]
        shade = "#efefe8" if i % 2 else "#f7f7f4"
        parts.append(f'<rect x="0" y="{y:.0f}" width="{width}" height="{h:.0f}" fill="{shade}"/>'
                     f'<text x="10" y="{y + h / 2 + 4:.0f}" font-size="12">{esc(t)}</text>')
    ticks = _ticks(first, last)
    for day in ticks:
        tx = x(day)
        parts.append(f'<g class="tl-tick" data-date="{day.isoformat()}"><line x1="{tx:.1f}" y1="12" x2="{tx:.1f}" '
                     f'y2="{axis_y:.0f}" stroke="#ddd" stroke-dasharray="2,3"/><line x1="{tx:.1f}" y1="{axis_y:.0f}" '
                     f'x2="{tx:.1f}" y2="{axis_y + 5:.0f}" stroke="#555"/><text x="{tx:.1f}" y="{axis_y + 18:.0f}" '
                     f'font-size="11" text-anchor="middle">{day.isoformat()}</text></g>')
    parts.append(f'<line x1="{left}" y1="{axis_y:.0f}" x2="{width - right}" y2="{axis_y:.0f}" stroke="#555"/>')
    seen: dict[tuple[str, date], int] = defaultdict(int)
    for d, day in dated:
        y, h = lanes[d.type]
        colour = "#c44" if d.denied else "#375"
        n, k = stacks[d.type, day], seen[d.type, day]
        seen[d.type, day] += 1
        cy = y + h / 2 + (k - (n - 1) / 2) * _STACK
        paint = (f'fill="#fff" stroke="{colour}" stroke-width="2"' if d.publication_day
                 else f'fill="{colour}" fill-opacity=".8" stroke="#fff" stroke-width="1"')
        note = " (publication day)" if d.publication_day else ""
        parts.append(f'<a href="#{d.anchor}"><circle class="tl-event{" pubday" if d.publication_day else ""}" '
                     f'data-date="{day.isoformat()}" cx="{x(day):.1f}" cy="{cy:.1f}" r="5.5" {paint}><title>'
                     f"{esc(d.day)}{note} {esc(d.type)} {esc(d.place)}</title></circle></a>")
    parts.append(_legend(left, axis_y + 40, any(d.denied for d, _ in dated), any(d.publication_day for d, _ in dated)))
    parts.append("</svg>")
    return "".join(parts)


def _legend(x: float, y: float, denied: bool, publication_days: bool) -> str:
    keys = [('fill="#375"', "date from the article's text")]
    if denied:
        keys.append(('fill="#c44"', "every report denies it"))
    if publication_days:
        keys.append(('fill="#fff" stroke="#375" stroke-width="2"', "date is only the publication day"))
    parts = []
    for paint, text in keys:
        parts.append(f'<circle class="tl-legend" cx="{x + 5:.0f}" cy="{y - 4:.0f}" r="4.5" {paint}/>'
                     f'<text x="{x + 14:.0f}" y="{y:.0f}" font-size="11" fill="#444">{text}</text>')
        x += 30 + len(text) * 6
    return "".join(parts)


__all__ = ["TimelineDot", "esc", "parse_day", "timeline_svg"]
