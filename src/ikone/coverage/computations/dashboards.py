"""Dashboard figures from aggregate counts (plain dicts in, dataclasses out)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ikone.coverage.computations.aggregates import at_least, share


@dataclass(frozen=True)
class Cell:
    """Coverage of one group of services (a Themenfeld, or all) at one organisation."""

    services: int
    by_level: Mapping[int, int]
    online: int
    compliant: int

    @property
    def reported(self) -> int:
        return sum(self.by_level.values())

    @property
    def online_share(self) -> float:
        return share(self.online, self.services)

    @property
    def compliant_share(self) -> float:
        return share(self.compliant, self.services)

    @property
    def heat(self) -> int:
        """0–4: a bucket of the compliant share for the heat-map colour (legend in the template)."""
        return min(int(self.compliant_share * 5), 4)


def cell(by_level: Mapping[int, int], *, services: int, online_level: int, compliant_level: int) -> Cell:
    return Cell(
        services=services,
        by_level=dict(by_level),
        online=at_least(dict(by_level), online_level),
        compliant=at_least(dict(by_level), compliant_level),
    )


@dataclass
class MatrixRow:
    key: object
    cells: list[Cell]
    total: Cell
    rank: int = 0


def matrix(
    counts: Iterable[tuple[object, object, int, int]],
    *,
    rows: list[object],
    columns: list[tuple[object, int]],
    online_level: int,
    compliant_level: int,
) -> list[MatrixRow]:
    """Rows × columns from (row, column, level, count); columns carry their number of services.

    Rows are ranked by compliant share, then online share (equal figures share a rank)."""
    table: dict[tuple[object, object], dict[int, int]] = {}
    for row, column, level, count in counts:
        levels = table.setdefault((row, column), {})
        levels[level] = levels.get(level, 0) + count
    total_services = sum(n for _c, n in columns)
    result = []
    for row in rows:
        cells = [
            cell(
                table.get((row, column), {}),
                services=n,
                online_level=online_level,
                compliant_level=compliant_level,
            )
            for column, n in columns
        ]
        overall: dict[int, int] = {}
        for c in cells:
            for level, count in c.by_level.items():
                overall[level] = overall.get(level, 0) + count
        total = cell(
            overall, services=total_services, online_level=online_level, compliant_level=compliant_level
        )
        result.append(MatrixRow(key=row, cells=cells, total=total))
    ordered = sorted(result, key=lambda r: (-r.total.compliant, -r.total.online))
    previous: tuple[int, int] | None = None
    for position, matrix_row in enumerate(ordered, start=1):
        figures = (matrix_row.total.compliant, matrix_row.total.online)
        matrix_row.rank = ordered[position - 2].rank if figures == previous else position
        previous = figures
    return result


@dataclass(frozen=True)
class AreaService:
    """How many municipalities of an area offer one service at the threshold."""

    service_id: int
    by_level: Mapping[int, int]
    at_threshold: int
    municipalities: int

    @property
    def share(self) -> float:
        return share(self.at_threshold, self.municipalities)

    @property
    def everywhere(self) -> bool:
        return self.municipalities > 0 and self.at_threshold >= self.municipalities

    @property
    def somewhere(self) -> bool:
        return self.at_threshold > 0


@dataclass
class AreaFigures:
    services: list[AreaService] = field(default_factory=list)
    municipalities: int = 0

    @property
    def everywhere(self) -> int:
        return sum(1 for s in self.services if s.everywhere)

    @property
    def somewhere(self) -> int:
        return sum(1 for s in self.services if s.somewhere)

    @property
    def mean_share(self) -> float:
        return share(sum(s.at_threshold for s in self.services), len(self.services) * self.municipalities)


def area_figures(
    counts: Iterable[tuple[int, int, int]], *, service_ids: list[int], municipalities: int, threshold: int
) -> AreaFigures:
    """From (service_id, level, count) of one area to per-service figures at `threshold`."""
    by_service: dict[int, dict[int, int]] = {}
    for service_id, level, count in counts:
        levels = by_service.setdefault(service_id, {})
        levels[level] = levels.get(level, 0) + count
    return AreaFigures(
        services=[
            AreaService(
                service_id=service_id,
                by_level=by_service.get(service_id, {}),
                at_threshold=at_least(by_service.get(service_id, {}), threshold),
                municipalities=municipalities,
            )
            for service_id in service_ids
        ],
        municipalities=municipalities,
    )
