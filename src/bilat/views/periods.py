"""The stats view's table: events per period and type, by month over a short span and by
year over a long one (a monthly axis over decades leaves the data in a sliver), with the
events dated only to a year and the undated ones in rows of their own, never mixed into
one "unknown" bar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bilat.store.base import PeriodCount

MONTHS_BY_MONTH = 36  # spans (first to last month) longer than this are binned by year


@dataclass(frozen=True)
class PeriodRow:
    label: str  # "2024-06", "2024", "2011 (year only)" or "undated"
    counts: dict[str, int] = field(default_factory=dict)  # type -> events

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class PeriodTable:
    bin: str  # "month" or "year"
    periods: tuple[PeriodRow, ...]  # every period from the first to the last, quiet ones too
    year_only: tuple[PeriodRow, ...]  # by month: the events dated only to a year, per year
    undated: PeriodRow


def _months_between(first: str, last: str) -> int:
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7])


def _every_month(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    for _ in range(_months_between(first, last) + 1):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _add(rows: dict[str, dict[str, int]], key: str, cell: PeriodCount) -> None:
    counts = rows.setdefault(key, {})
    counts[cell.type] = counts.get(cell.type, 0) + cell.count


def period_table(cells: Iterable[PeriodCount], *, max_months: int = MONTHS_BY_MONTH) -> PeriodTable:
    """Bin ``cells`` by month, or by year when the months run longer than ``max_months``."""
    cells = list(cells)
    months = sorted(c.period for c in cells if len(c.period) == 7)
    years = sorted(c.period[:4] for c in cells if c.period)
    by_year = bool(months) and _months_between(months[0], months[-1]) > max_months
    if not months:  # only years (or nothing): by year
        by_year = True
    periods: dict[str, dict[str, int]] = {}
    year_only: dict[str, dict[str, int]] = {}
    undated: dict[str, dict[str, int]] = {}
    for c in cells:
        if not c.period:
            _add(undated, "undated", c)
        elif by_year:
            _add(periods, c.period[:4], c)
        elif len(c.period) == 4:
            _add(year_only, c.period, c)
        else:
            _add(periods, c.period, c)
    if by_year:
        keys = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)] if years else []
    else:
        keys = _every_month(months[0], months[-1])
    return PeriodTable(
        bin="year" if by_year else "month",
        periods=tuple(PeriodRow(k, periods.get(k, {})) for k in keys),
        year_only=tuple(PeriodRow(f"{y} (year only)", n) for y, n in sorted(year_only.items())),
        undated=PeriodRow("undated", undated.get("undated", {})),
    )
