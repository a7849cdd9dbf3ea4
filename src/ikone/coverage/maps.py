"""Coverage map: a server-rendered SVG choropleth over the simplified BKG VG5000 boundaries.

The boundaries are shipped in `data/boundaries_kreise.json` and `data/boundaries_gemeinden.json`
(made once by `scripts/simplify-boundaries.py`, see data/PROVENANCE.md), loaded lazily and kept
in memory. Geometry and colours are computed here; the template draws them (no JavaScript).
VG5000 shows the territory on 01.01.2021, the municipality directory 31.03.2023: regions that
only one of them knows are listed (grey on the map, or "not on the map" in the table).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ikone.coverage.selectors import RegionFigure

ATTRIBUTION = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
ATTRIBUTION_URL = "https://www.bkg.bund.de"
BOUNDARIES_DATE = "01.01.2021"

# ColorBrewer YlGnBu, 5 classes: sequential and colour-blind safe; light to dark = low to high.
CLASS_COLOURS = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
NO_DATA_FILL = "url(#map-nodata)"  # hatched grey pattern, defined in the template
STROKE = "#4d4d4d"
LEVEL_LABELS = [
    "0 Offline",
    "1 Information",
    "2 Formular-Assistent",
    "3 Online-Leistung",
    "4 Online-Transaktion",
]

_NUMBER = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Layer:
    view_box: tuple[int, int, int, int]
    features: dict[str, tuple[str, str]]  # key → (VG5000 name, SVG path data)


@functools.cache
def layer(name: str) -> Layer:
    """`kreise` or `gemeinden`, read once per process."""
    path = Path(settings.DATA_DIR) / f"boundaries_{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    x, y, w, h = (int(v) for v in data["viewBox"].split())
    return Layer(view_box=(x, y, w, h), features={k: (n, d) for k, (n, d) in data["features"].items()})


def path_bbox(d: str) -> tuple[int, int, int, int]:
    """Bounding box (x0, y0, x1, y1) of path data written as `M x y l dx dy … z` (one per ring)."""
    x0 = y0 = 10**9
    x1 = y1 = -(10**9)
    for ring in d.split("M")[1:]:
        head, _sep, tail = ring.partition("l")
        x, y = (int(v) for v in _NUMBER.findall(head))
        numbers = [int(v) for v in _NUMBER.findall(tail)]
        xs, ys = [x], [y]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            xs.append(x)
            ys.append(y)
        x0, y0, x1, y1 = min(x0, *xs), min(y0, *ys), max(x1, *xs), max(y1, *ys)
    return x0, y0, x1, y1


def share_class(share: float) -> int:
    """Five classes of equal width: 0–<20 %, 20–<40 %, 40–<60 %, 60–<80 %, 80–100 %."""
    return min(int(share * 5), 4)


def percent(share: float) -> str:
    return f"{number_format(round(share * 100), 0)} %"


@dataclass(frozen=True)
class MapRegion:
    key: str
    name: str
    d: str | None  # None: no boundary in VG5000 (listed in the table only)
    fill: str
    css_class: str  # legend swatch class, repeated in the table
    value: str  # what the region's <title> and the table say
    municipalities: int | None
    note: str = ""

    @property
    def title(self) -> str:
        return f"{self.name}: {self.value}"


@dataclass(frozen=True)
class LegendEntry:
    label: str
    css_class: str
    count: int


@dataclass(frozen=True)
class Choropleth:
    view_box: str
    regions: list[MapRegion]
    legend: list[LegendEntry]
    pattern_size: int  # user units of the hatch pattern (an int: templates localise floats)
    level_map: bool  # True: colours are the municipalities' levels, not shares

    @property
    def drawn(self) -> list[MapRegion]:
        return [r for r in self.regions if r.d is not None]

    @property
    def without_boundary(self) -> list[MapRegion]:
        return [r for r in self.regions if r.d is None]

    @property
    def without_directory_entry(self) -> int:
        return sum(1 for r in self.regions if r.municipalities is None)


def _legend(regions: list[MapRegion], labels: list[str]) -> list[LegendEntry]:
    counts: dict[str, int] = {}
    for region in regions:
        if region.d is not None:
            counts[region.css_class] = counts.get(region.css_class, 0) + 1
    entries = [LegendEntry(label, f"map-{i}", counts.get(f"map-{i}", 0)) for i, label in enumerate(labels)]
    entries.append(
        LegendEntry(
            _("keine Daten (nichts erfasst, oder Gebiet nicht im Gemeindeverzeichnis 2023)"),
            "map-nodata",
            counts.get("map-nodata", 0),
        )
    )
    return entries


def _share_labels() -> list[str]:
    return [
        _("unter 20 %"),
        _("20 bis unter 40 %"),
        _("40 bis unter 60 %"),
        _("60 bis unter 80 %"),
        _("80 bis 100 %"),
    ]


def _no_data(key: str, name: str, d: str | None, municipalities: int | None, note: str = "") -> MapRegion:
    return MapRegion(
        key=key,
        name=name,
        d=d,
        fill=NO_DATA_FILL,
        css_class="map-nodata",
        value=_("keine Daten"),
        municipalities=municipalities,
        note=note,
    )


def _share_region(figure: RegionFigure, d: str | None, note: str) -> MapRegion:
    if figure.share is None:
        return _no_data(figure.key, figure.name, d, figure.municipalities, note)
    index = share_class(figure.share)
    return MapRegion(
        key=figure.key,
        name=figure.name,
        d=d,
        fill=CLASS_COLOURS[index],
        css_class=f"map-{index}",
        value=percent(figure.share),
        municipalities=figure.municipalities,
        note=note,
    )


def _level_region(figure: RegionFigure, d: str | None, note: str) -> MapRegion:
    if figure.level is None:
        return _no_data(figure.key, figure.name, d, figure.municipalities, note)
    level = min(figure.level, 4)
    return MapRegion(
        key=figure.key,
        name=figure.name,
        d=d,
        fill=CLASS_COLOURS[level],
        css_class=f"map-{level}",
        value=_("Stufe %(level)s") % {"level": LEVEL_LABELS[level]},
        municipalities=figure.municipalities,
        note=note,
    )


def _regions(
    figures: list[RegionFigure], features: dict[str, tuple[str, str]], by_level: bool
) -> list[MapRegion]:
    """Directory regions (with their boundary, if VG5000 has one), then boundaries the 2023
    directory does not know (grey)."""
    known = {f.key for f in figures}
    regions = []
    not_on_map = _("nicht auf der Karte (Gebietsstand der Karte %(date)s)") % {"date": BOUNDARIES_DATE}
    for figure in figures:
        feature = features.get(figure.key)
        d = feature[1] if feature else None
        note = "" if feature else not_on_map
        regions.append(_level_region(figure, d, note) if by_level else _share_region(figure, d, note))
    for key in sorted(set(features) - known):
        name, d = features[key]
        regions.append(
            _no_data(key, name, d, None, _("nicht im Gemeindeverzeichnis 2023 (Gebietsstand der Karte 2021)"))
        )
    return regions


def kreis_map(figures: list[RegionFigure]) -> Choropleth:
    """All Kreise of Germany, coloured by share."""
    boundaries = layer("kreise")
    regions = _regions(figures, boundaries.features, by_level=False)
    x, y, w, h = boundaries.view_box
    return Choropleth(
        view_box=f"{x} {y} {w} {h}",
        regions=regions,
        legend=_legend(regions, _share_labels()),
        pattern_size=max(round(w / 150), 2),
        level_map=False,
    )


def municipality_map(figures: list[RegionFigure], *, land_key: str, by_level: bool) -> Choropleth:
    """The municipalities of one Land, zoomed to it: by level (one service) or by share (all)."""
    boundaries = layer("gemeinden")
    features = {k: v for k, v in boundaries.features.items() if k.startswith(land_key)}
    regions = _regions(figures, features, by_level=by_level)
    boxes = [path_bbox(d) for _name, d in features.values()]
    if boxes:
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    else:
        x0, y0, w, h = boundaries.view_box
        x1, y1 = x0 + w, y0 + h
    margin = max(x1 - x0, y1 - y0) // 50 + 2
    view_box = f"{x0 - margin} {y0 - margin} {x1 - x0 + 2 * margin} {y1 - y0 + 2 * margin}"
    labels = LEVEL_LABELS if by_level else _share_labels()
    return Choropleth(
        view_box=view_box,
        regions=regions,
        legend=_legend(regions, labels),
        pattern_size=max(round(max(x1 - x0, y1 - y0) / 150), 2),
        level_map=by_level,
    )
