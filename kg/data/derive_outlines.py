"""Convert world-atlas's countries-110m.json (Natural Earth 1:110m, TopoJSON) into kg/data/outlines.json.

Run once by hand when the outlines change; kg reads only the output, so nothing is fetched at run time:

    npm pack world-atlas && tar xzf world-atlas-*.tgz
    python kg/data/derive_outlines.py package/countries-110m.json kg/data/outlines.json

The output is one object per country: its name and its rings as [lon, lat] pairs rounded to 0.01 degree
(about 1 km, finer than 1:110m draws), with the bounding box, so the report can skip countries out of view.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

Ring = list[list[float]]


def decode_arcs(topology: dict) -> list[Ring]:
    """Every arc in longitude/latitude: TopoJSON stores them quantised and delta-encoded."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * sx + tx, 2), round(y * sy + ty, 2)])
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[Ring]) -> Ring:
    """A ring from its arcs; a negative index ~i is arc i reversed; shared end points are kept once."""
    points: Ring = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def countries(topology: dict) -> list[dict]:
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = geometry["arcs"] if kind == "MultiPolygon" else [geometry["arcs"]] if kind == "Polygon" else []
        rings = [ring(r, arcs) for polygon in polygons for r in polygon]
        if not rings:
            continue
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        out.append({"name": geometry.get("properties", {}).get("name", ""), "id": geometry.get("id", ""),
                    "bbox": [min(lons), min(lats), max(lons), max(lats)], "rings": rings})
    return out


def main(source: str, target: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    data = {"source": "Natural Earth 1:110m admin 0 countries, via the npm package world-atlas 2 (countries-110m)",
            "countries": countries(topology)}
    Path(target).write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
