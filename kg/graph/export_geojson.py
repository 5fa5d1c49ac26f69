"""``kg export --format geojson``: the events as an RFC 7946 FeatureCollection, for QGIS, kepler.gl or Leaflet.

One Feature per event, its ``id`` the event IRI. The geometry is a Point at the place's WGS 84 coordinates,
``[longitude, latitude]`` as RFC 7946 orders them; an event whose place has no coordinates (or that has no
place) keeps its Feature with ``"geometry": null``, as RFC 7946 allows, so the features count the events.
Properties are flat (GIS tools show them as columns): several values in one are ``"; "``-separated as in
kg's query results. Text from articles is carried exactly (JSON escapes, never interprets). Written one
feature at a time as kg.graph.event_records gathers them.
"""
from __future__ import annotations

import json
from typing import IO, Any

from pyoxigraph import Store

from kg.graph.event_records import EventRecord, event_records
from kg.graph.export_acled import acled_codes, precision_label, sources

JOIN = "; "


def feature(record: EventRecord) -> dict[str, Any]:
    """One event as a GeoJSON Feature."""
    place = record.place
    point = place is not None and place.lat is not None and place.lon is not None
    geometry = {"type": "Point", "coordinates": [place.lon, place.lat]} if point and place else None
    return {
        "type": "Feature",
        "id": record.iri,
        "geometry": geometry,
        "properties": {
            "event": record.iri,
            "type": record.type,
            "date": record.date.isoformat() if record.date else None,
            "date_precision": precision_label(record.precision) if record.date and record.precision else None,
            "polarity": JOIN.join(record.polarities) or None,
            "place": place.label if place else None,
            "place_id": place.iri if place else None,
            "province": place.province if place else None,
            "country": place.country if place else None,
            "actors": JOIN.join(a.label for a in record.actors if a.label) or None,
            "sources": JOIN.join(sources(record, acled_codes().source_classes)) or None,
            "reports": len(record.reports),
            "articles": record.articles,
        },
    }


def write_geojson(store: Store, stream: IO[bytes]) -> None:
    """The FeatureCollection, one feature per line."""
    stream.write(b'{"type": "FeatureCollection", "features": [')
    first = True
    for record in event_records(store):
        text = json.dumps(feature(record), ensure_ascii=False)
        stream.write((("\n" if first else ",\n") + text).encode("utf-8"))
        first = False
    stream.write(b"\n]}\n")
