"""Convert world-atlas's countries-50m.json (Natural Earth 1:50m, TopoJSON) into kg/data/outlines.json.

Run once by hand when the outlines change; kg reads only the output, so nothing is fetched at run time:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python kg/data/derive_outlines.py package/countries-50m.json kg/data/outlines.json

The output keeps TopoJSON's shape, so a border two countries share is stored once (about 480 kB): ``arcs`` are
lines in hundredths of a degree (about 1 km, finer than 1:50m draws), each its first point then the steps to
the next ones; every country has its name, its ISO 3166 numeric code, its bounding box in degrees (so the
report skips countries out of view) and ``polygons``, lists of rings, each ring a list of arc indices where
~i is arc i reversed (kg.report_map.country_rings reads them).
"""
from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

RESOLUTION = 0.01  # degrees per unit in the output


def decode_arcs(topology: dict) -> list[list[tuple[int, int]]]:
    """Every arc in hundredths of a degree; TopoJSON stores them quantised and delta-encoded."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points: list[tuple[int, int]] = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            point = (round((x * sx + tx) / RESOLUTION), round((y * sy + ty) / RESOLUTION))
            if not points or points[-1] != point:  # points closer than the resolution are one point
                points.append(point)
        if len(points) == 1:
            points.append(points[0])  # an arc keeps both ends, so rings stay closed
        arcs.append(points)
    return arcs


def encode(arc: list[tuple[int, int]]) -> list[int]:
    flat = list(arc[0])
    for (x0, y0), (x1, y1) in itertools.pairwise(arc):
        flat += [x1 - x0, y1 - y0]
    return flat


def countries(topology: dict, arcs: list[list[tuple[int, int]]]) -> list[dict]:
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = geometry["arcs"] if kind == "MultiPolygon" else [geometry["arcs"]] if kind == "Polygon" else []
        if not polygons:
            continue
        points = [p for polygon in polygons for ring in polygon for i in ring for p in arcs[i if i >= 0 else ~i]]
        lons, lats = [x * RESOLUTION for x, _ in points], [y * RESOLUTION for _, y in points]
        out.append({"name": geometry.get("properties", {}).get("name", ""), "id": geometry.get("id", ""),
                    "bbox": [round(min(lons), 2), round(min(lats), 2), round(max(lons), 2), round(max(lats), 2)],
                    "polygons": polygons})
    return out


def main(source: str, target: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    data = {"source": "Natural Earth 1:50m admin 0 countries, via the npm package world-atlas 2.0.2 (countries-50m)",
            "resolution": RESOLUTION, "arcs": [encode(a) for a in arcs], "countries": countries(topology, arcs)}
    Path(target).write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
