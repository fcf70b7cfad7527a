"""Events by period and type for the stats view: by month when the date gives one, by year
when it gives only the year, and undated apart -- so neither a year-only event nor an
undated one lands in a bar of its own called "unknown".

Each event counts once (the stats cells count an event once per pair of its states). Read
from ``event_tally`` when the filter asks only type, status, states and whole months, else
from the matching events. Takes an open connection; see :mod:`bilat.store.listing`.
"""

from __future__ import annotations

from sqlalchemy import Connection, case, func, literal, select

from bilat.store import tables as t
from bilat.store.base import EventFilter, PeriodCount
from bilat.store.listing import criteria, event_conditions, tally_conditions


def period_counts(conn: Connection, flt: EventFilter) -> list[PeriodCount]:
    """Events matching ``flt`` by (period, type): period "YYYY-MM", "YYYY" (dated to the
    year only) or "" (undated), in period order."""
    c = criteria(conn, flt)
    if c.nothing:
        return []
    if c.actors is None and c.matches is None and c.whole_months and c.location is None:
        tl = t.event_tally
        period = case(
            (tl.c.month != "unknown", tl.c.month),
            (tl.c.span_lo != "", func.substr(tl.c.span_lo, 1, 4)),
            else_=literal(""),
        ).label("period")
        stmt = (select(period, tl.c.type, func.sum(tl.c.events)).where(*tally_conditions(c))
                .group_by(period, tl.c.type))  # fmt: skip
    else:
        e = t.events
        period = func.coalesce(func.substr(e.c.date, 1, 7), literal("")).label("period")
        stmt = (select(period, e.c.type, func.count()).where(*event_conditions(c))
                .group_by(period, e.c.type))  # fmt: skip
    cells = (PeriodCount(p or "", type_, int(n)) for p, type_, n in conn.execute(stmt).tuples())
    return sorted((x for x in cells if x.count > 0), key=lambda x: (x.period, x.type))
