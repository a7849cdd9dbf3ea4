#!/usr/bin/env python3
"""Simplify the BKG VG5000 boundaries into the small SVG path files the coverage map ships with.

A maintainer script, run once when the boundaries change (plain Python 3.11, no dependencies):

    python3 scripts/simplify-boundaries.py /work/shared/data            # writes data/boundaries_*.json
    python3 scripts/simplify-boundaries.py SRC --out data --check       # also prints sizes and drops

Reads `bkg_vg5000_kreise_2021-01-01.geojson` and `bkg_vg5000_gemeinden_2021-01-01.geojson`
(WGS84 lon/lat, see data/PROVENANCE.md) from SRC and writes

* `boundaries_kreise.json`    {"viewBox": "0 0 W H", "source": …, "features": {"<5-digit key>": [name, d]}}
* `boundaries_gemeinden.json` {"viewBox": "0 0 W H", "source": …, "features": {"<8-digit AGS>": [name, d]}}

Steps:

1. **Projection**: equirectangular with standard parallel 51° N (the middle of Germany):
   x = (lon − 5.8°) · cos 51°, y = (55.1° − lat); scaled so that Germany is `WIDTH` units wide
   (y grows downwards as in SVG). Distortion over Germany stays below about ±6 % in x, which is
   fine for a choropleth. Both files use the same frame, only the resolution differs
   (Kreise 0..1000, Gemeinden 0..4000 so that small municipalities do not vanish).
2. **Shared-border simplification**: every ring is cut at its junctions (vertices where the set of
   rings sharing the vertex changes), and each piece between two junctions is simplified with
   Douglas–Peucker in a canonical direction. Neighbouring regions therefore get the *same*
   simplified border – no slivers or gaps between them. Rings without junctions (islands,
   enclaves) start at their smallest vertex so that an enclave and the hole around it agree.
3. **Rounding** to integer units, removing repeated points; rings with fewer than 3 distinct
   points or no area are dropped. If every ring of a region collapses, its largest ring is kept
   unsimplified (only rounded), so that no region disappears from the map.
4. **Encoding** as compact relative SVG path data (`M x y l dx dy …z`), one path per region.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

LON0, LAT0 = 5.8, 55.1  # west and north edge of the frame (Germany: 5.87–15.04° E, 47.27–55.06° N)
EAST, SOUTH = 15.1, 47.2
COS = math.cos(math.radians(51.0))
SOURCE = "© GeoBasis-DE / BKG 2021 (Daten verändert)"

LAYERS = {
    # output file: (input file, key property, key length, width in units, DP tolerance in units)
    "boundaries_kreise.json": ("bkg_vg5000_kreise_2021-01-01.geojson", "AGS", 5, 1000, 0.4),
    "boundaries_gemeinden.json": ("bkg_vg5000_gemeinden_2021-01-01.geojson", "AGS", 8, 4000, 1.2),
}

Point = tuple[float, float]


def project(lon: float, lat: float, scale: float) -> Point:
    return ((lon - LON0) * COS * scale, (LAT0 - lat) * scale)


def frame(width: int) -> tuple[float, int, int]:
    """Scale (units per degree of latitude) and the integer viewBox size for a frame `width` wide."""
    scale = width / ((EAST - LON0) * COS)
    return scale, width, math.ceil((LAT0 - SOUTH) * scale)


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Keep the first and last point and every point farther than `tolerance` from the simplified line."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                distance = math.hypot(px - x1, py - y1)
            else:
                distance = abs(dy * (px - x1) - dx * (py - y1)) / norm
            if distance > best:
                best, index = distance, i
        if index > 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _polygons(geometry: dict[str, Any]) -> list[list[list[Point]]]:
    if geometry["type"] == "Polygon":
        return [[[tuple(p) for p in ring] for ring in geometry["coordinates"]]]
    return [[[tuple(p) for p in ring] for ring in polygon] for polygon in geometry["coordinates"]]


def _area(ring: list[Point]) -> float:
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    )


def simplify_layer(features: list[dict[str, Any]], key_length: int, width: int, tolerance: float) -> dict:
    scale, w, h = frame(width)
    # Open rings (last point = first point removed), in lon/lat, with a global id each.
    rings: list[tuple[str, list[Point]]] = []
    names: dict[str, str] = {}
    for feature in features:
        key = feature["properties"]["AGS"][:key_length]
        names[key] = feature["properties"]["GEN"]
        for polygon in _polygons(feature["geometry"]):
            for ring in polygon:
                open_ring = ring[:-1] if ring[0] == ring[-1] else ring
                if len(open_ring) >= 3:
                    rings.append((key, open_ring))
    members: dict[Point, set[int]] = {}
    for index, (_key, ring) in enumerate(rings):
        for point in ring:
            members.setdefault(point, set()).add(index)

    def simplify(points: list[Point]) -> list[Point]:
        canonical = min(points, points[::-1])
        simplified = douglas_peucker([project(x, y, scale) for x, y in canonical], tolerance)
        return simplified if canonical is points else simplified[::-1]

    paths: dict[str, list[list[tuple[int, int]]]] = {}
    largest: dict[str, tuple[float, list[Point]]] = {}
    for _index, (key, ring) in enumerate(rings):
        n = len(ring)
        sets = [frozenset(members[p]) for p in ring]
        junctions = [i for i in range(n) if sets[i] != sets[i - 1] or sets[i] != sets[(i + 1) % n]]
        if not junctions:
            start = ring.index(min(ring))
            rotated = ring[start:] + ring[:start]
            # A closed loop: fix the start and the point farthest from it, simplify both halves.
            far = max(
                range(n),
                key=lambda i: (rotated[i][0] - rotated[0][0]) ** 2 + (rotated[i][1] - rotated[0][1]) ** 2,
            )
            projected = simplify(rotated[: far + 1])[:-1] + simplify([*rotated[far:], rotated[0]])[:-1]
        else:
            projected = []
            for a, b in zip(junctions, junctions[1:] + junctions[:1], strict=True):
                piece = ring[a : b + 1] if b > a else ring[a:] + ring[: b + 1]
                projected += simplify(piece)[:-1]
        area = _area([project(x, y, scale) for x, y in ring])
        if area > largest.get(key, (-1.0, []))[0]:
            largest[key] = (area, ring)
        rounded = _round(projected)
        if rounded is not None:
            paths.setdefault(key, []).append(rounded)
    dropped = []
    for key, (_area_value, ring) in largest.items():
        if key not in paths:
            rounded = _round([project(x, y, scale) for x, y in ring])
            if rounded is None:
                dropped.append(key)
            else:
                paths[key] = [rounded]
    return {
        "viewBox": f"0 0 {w} {h}",
        "source": SOURCE,
        "features": {key: [names[key], encode(paths[key])] for key in sorted(paths)},
        "dropped": sorted(dropped),
    }


def _round(points: list[Point]) -> list[tuple[int, int]] | None:
    """Integer points without repeats; None if fewer than 3 distinct points or no area."""
    out: list[tuple[int, int]] = []
    for x, y in points:
        p = (round(x), round(y))
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(set(out)) < 3 or _area([(float(x), float(y)) for x, y in out]) == 0:
        return None
    return out


def encode(rings: list[list[tuple[int, int]]]) -> str:
    """Relative SVG path data: absolute `M` per ring, then `l` deltas, `z` to close."""
    parts = []
    for ring in rings:
        x0, y0 = ring[0]
        deltas = []
        px, py = x0, y0
        for x, y in ring[1:]:
            deltas.append(f"{x - px} {y - py}")
            px, py = x, y
        parts.append(f"M{x0} {y0}l" + " ".join(deltas).replace(" -", "-") + "z")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder with the bkg_vg5000_*.geojson files")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data")
    args = parser.parse_args(argv)
    for output, (filename, _prop, key_length, width, tolerance) in LAYERS.items():
        data = json.loads((args.source / filename).read_text(encoding="utf-8"))
        result = simplify_layer(data["features"], key_length, width, tolerance)
        dropped = result.pop("dropped")
        target = args.out / output
        target.write_text(
            json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
        )
        print(
            f"{target}: {len(result['features'])} of {len(data['features'])} regions, "
            f"viewBox {result['viewBox']}, tolerance {tolerance}, {target.stat().st_size:,} bytes"
            + (f", dropped (collapsed): {', '.join(dropped)}" if dropped else ""),
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
