"""The summaries of the stored events (the v4 section of :mod:`bilat.store.tables`), kept
up to date in the transaction that changes the events:

- :func:`maintained` wraps a write that replaces some events (``apply_merge``): the events
  it will replace are taken out of every summary before it, the events it wrote are added
  after it; :func:`take_out` takes out events about to be deleted by any other write;
- :func:`rebuild` recomputes every summary from the events (after ``replace_events``, and
  when a database is migrated to v4).

Both go through :class:`Delta`: an event's share of each summary (its facet rows, and one
unit in each count it falls in) is computed from its ``events`` row and its side tables
(``event_countries``, ``event_pairs``, ``event_actors``), added with sign +1 or -1. Taking
out and adding are one computation, so summaries after any sequence of merges equal the
ones rebuilt from scratch, row for row.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, select

from bilat.store import dated_search
from bilat.store import tables as t
from bilat.store.base import MergeUpdate
from bilat.store.derived import EventTables
from bilat.store.statements import chunks, dialect_insert, executemany, has_rows, insert_bulk

ALL = "*"  # facet_counts' key for the number of all events
REBUILD_BATCH = 2000  # events read at a time when rebuilding


# ---------------------------------------------------------------------------- facets


def type_facet(type_: str) -> str:
    return f"type:{type_}"


def country_facet(code: str) -> str:
    return f"country:{code}"


def pair_facet(a: str, b: str) -> str:
    """Both states take part (in either order)."""
    return f"pair:{min(a, b)}|{max(a, b)}"


def actor_facet(name: str) -> str:
    return f"actor:{name}"


def place_facet(location: str) -> str:
    return f"place:{location}"


# The events of one facet by place or by state are facet_counts rows keyed by the facet and
# the value ("place@type:MEET\x1fSeoul"); the unit separator ends the facet, which no name
# holds, so that one facet's rows are a range of keys. Prefixes other than the facets' own:
# the ranges "type:", "place:" ... read by the listing and the facets hold no such row.
BY_PLACE, BY_STATE, END_OF_FACET = "place@", "state@", "\x1f"


def breakdown_key(by: str, facet: str, value: str) -> str:
    return f"{by}{facet}{END_OF_FACET}{value}"


def breakdown_range(by: str, facet: str) -> tuple[str, str]:
    """[lo, hi) of the keys of ``facet`` broken down ``by`` place or state."""
    lo = f"{by}{facet}{END_OF_FACET}"
    return lo, lo[:-1] + chr(ord(END_OF_FACET) + 1)


def countries_key(countries: Iterable[str]) -> str:
    """The set of an event's states as event_tally stores it: "|CHN|RUS|" ("" for none), so
    that "takes part" is a LIKE '%|RUS|%'."""
    codes = sorted(set(countries))
    return "|" + "|".join(codes) + "|" if codes else ""


def pair_label(a: str, b: str) -> str:
    """A stats cell's pair: "PRK-RUS", "RUS" for an event with one state, else "unknown"."""
    return "-".join(c for c in (a, b) if c) or "unknown"


# ---------------------------------------------------------------------------- one event


@dataclass(frozen=True)
class EventFacts:
    """What the summaries need of one stored event."""

    id: str
    type: str
    status: str
    month: str  # YYYY-MM, or "unknown"
    span_lo: str  # YYYY-MM of the first day the date can denote, "" when undated
    span_hi: str  # YYYY-MM of the last day
    order_up: str
    order_down: str
    sources: int
    countries: tuple[str, ...]  # sorted
    pairs: tuple[tuple[str, str], ...]  # event_pairs rows, sorted
    actors: tuple[str, ...]  # sorted
    location: str | None = None

    def facets(self) -> list[str]:
        return [
            type_facet(self.type),
            *(country_facet(c) for c in self.countries),
            *(pair_facet(a, b) for a, b in self.pairs if b),
            *(actor_facet(n) for n in self.actors),
            *([place_facet(self.location)] if self.location is not None else []),
        ]

    def facet_breakdown(self, facets: Sequence[str]) -> list[str]:
        """The facet_counts keys of each of ``facets`` by this event's place and states."""
        places = [self.location] if self.location is not None else []
        return [*(breakdown_key(BY_PLACE, f, p) for f in facets for p in places),
                *(breakdown_key(BY_STATE, f, c) for f in facets for c in self.countries)]


def read_facts(conn: Connection, event_ids: Iterable[str]) -> Iterator[EventFacts]:
    """The stored events among ``event_ids`` (absent ids are skipped), in id order."""
    e = t.events
    columns = (e.c.id, e.c.type, e.c.status, e.c.month, e.c.date_lo, e.c.date_hi,
               e.c.order_up, e.c.order_down, e.c.sources, e.c.location)  # fmt: skip
    for chunk in chunks(sorted(set(event_ids))):
        countries = _values_by_event(conn, t.event_countries, ("country",), chunk)
        pairs = _values_by_event(conn, t.event_pairs, ("a", "b"), chunk)
        names = _values_by_event(conn, t.event_actors, ("name",), chunk)
        for r in conn.execute(select(*columns).where(e.c.id.in_(chunk)).order_by(e.c.id)):
            yield EventFacts(
                id=r.id, type=r.type, status=r.status, month=r.month or "unknown",
                span_lo=(r.date_lo or "")[:7], span_hi=(r.date_hi or "")[:7],
                order_up=r.order_up, order_down=r.order_down, sources=r.sources,
                countries=tuple(c for (c,) in countries.get(r.id, ())),
                # every event has a pair row (derived.EventTables); ("", "") if one is missing
                pairs=tuple((a, b) for a, b in pairs.get(r.id, ())) or (("", ""),),
                actors=tuple(n for (n,) in names.get(r.id, ())), location=r.location,
            )  # fmt: skip


def _values_by_event(conn: Connection, table: Table, columns: Sequence[str],
                     chunk: Sequence[str]) -> dict[str, list[tuple[str, ...]]]:
    """event_id -> its rows' ``columns`` in ``table``, sorted."""
    stmt = select(table.c.event_id, *(table.c[c] for c in columns)).where(
        table.c.event_id.in_(chunk))
    found: dict[str, list[tuple[str, ...]]] = {}
    for row in conn.execute(stmt):
        found.setdefault(row[0], []).append(tuple(row[1:]))
    return {k: sorted(v) for k, v in found.items()}


# ---------------------------------------------------------------------------- deltas

TallyKey = tuple[str, str, str, str, str, str, str]  # event_tally's primary key (TALLY_KEY)
TALLY_KEY = tuple(c.name for c in t.event_tally.primary_key.columns)
EdgeKey = tuple[str, str, str]  # (level, a, b)


@dataclass
class Delta:
    """Changes to every summary, accumulated event by event (sign +1 adds, -1 takes out)."""

    new_facets: list[dict[str, Any]] = field(default_factory=list)
    gone_facets: list[tuple[str, str]] = field(default_factory=list)  # (facet, event_id)
    facet_counts: Counter[str] = field(default_factory=Counter)
    tally_events: Counter[TallyKey] = field(default_factory=Counter)
    tally_pairs: Counter[TallyKey] = field(default_factory=Counter)
    tally_month: dict[TallyKey, str] = field(default_factory=dict)
    stats: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    edges: dict[EdgeKey, Counter[str]] = field(default_factory=dict)
    nodes: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, f: EventFacts, sign: int) -> None:
        facets = f.facets()
        if sign > 0:
            self.new_facets += [
                {"facet": k, "event_id": f.id, "order_up": f.order_up,
                 "order_down": f.order_down, "sources": f.sources}
                for k in facets
            ]  # fmt: skip
        else:
            self.gone_facets += [(k, f.id) for k in facets]
        counts = self.facet_counts  # key by key: Counter.update walks a dict in Python
        for keys in ((ALL, *facets), f.facet_breakdown(facets)):
            for k in dict.fromkeys(keys):  # each key once per event, as before
                counts[k] += sign
        self._add_pairs(f, sign)
        for x, y in combinations(f.actors, 2):  # sorted and distinct: x < y
            self._add_edge("actor", x, y, f.type, sign)

    def _add_pairs(self, f: EventFacts, sign: int) -> None:
        states = countries_key(f.countries)
        for i, (a, b) in enumerate(f.pairs):
            key = (f.type, f.status, f.span_lo, f.span_hi, states, a, b)
            self.tally_month[key] = f.month
            self.tally_events[key] += sign if i == 0 else 0  # each event once
            self.tally_pairs[key] += sign
            self.stats[(f.month, f.type, pair_label(a, b))] += sign
            if b:
                self._add_edge("state", a, b, f.type, sign)

    def _add_edge(self, level: str, a: str, b: str, type_: str, sign: int) -> None:
        self.edges.setdefault((level, a, b), Counter())[type_] += sign
        self.nodes[(level, a)] += sign
        self.nodes[(level, b)] += sign


def apply(conn: Connection, delta: Delta) -> None:
    """Write ``delta`` into the summaries (rows whose counts reach 0 are deleted)."""
    _delete_keys(conn, t.event_facets, ("facet", "event_id"), delta.gone_facets)
    insert_bulk(conn, t.event_facets, delta.new_facets)
    _add_counts(conn, t.facet_counts, ("facet",), "events", {
        (k,): {"events": n} for k, n in delta.facet_counts.items()})
    _add_counts(conn, t.event_tally, TALLY_KEY, "pairs", {
        key: {"events": delta.tally_events[key], "pairs": n, "month": delta.tally_month[key]}
        for key, n in delta.tally_pairs.items()
    })  # fmt: skip
    _add_counts(conn, t.stats_cells, ("month", "type", "pair"), "n", {
        key: {"n": n} for key, n in delta.stats.items()})
    _add_counts(conn, t.network_nodes, ("level", "node"), "weight", {
        key: {"weight": n} for key, n in delta.nodes.items()})
    _apply_edges(conn, delta.edges)


def _key_condition(table: Table, keys: Sequence[str]) -> list[Any]:
    """``key = :key`` for each key column: run once per row (executemany), each an indexed
    lookup (SQLite scans for a row-value IN list)."""
    return [table.c[k] == bindparam(f"k_{k}") for k in keys]


def _delete_keys(conn: Connection, table: Table, keys: Sequence[str],
                 values: Sequence[tuple[Any, ...]], *extra: Any) -> None:
    if values:
        stmt = delete(table).where(*_key_condition(table, keys), *extra)
        executemany(conn, stmt, [{f"k_{k}": v for k, v in zip(keys, row, strict=True)}
                                  for row in values])  # fmt: skip


def _add_counts(conn: Connection, table: Table, keys: Sequence[str], present: str,
                changes: dict[Any, dict[str, Any]]) -> None:
    """Add each change's integer columns to the row of its key (created at 0 if missing),
    set its other columns; delete the rows whose ``present`` count fell to 0."""
    rows = [dict(zip(keys, key, strict=True)) | values for key, values in changes.items()
            if any(isinstance(v, int) and v for v in values.values())]  # fmt: skip
    if not rows:
        return
    counted = [c for c, v in rows[0].items() if c not in keys and isinstance(v, int)]
    stmt = dialect_insert(conn)(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[k] for k in keys],
        set_={c: table.c[c] + stmt.excluded[c] for c in counted},
    )
    executemany(conn, stmt, rows)
    emptied = [tuple(r[k] for k in keys) for r in rows if r[present] < 0]
    _delete_keys(conn, table, keys, emptied, table.c[present] <= 0)


def _apply_edges(conn: Connection, changes: dict[EdgeKey, Counter[str]]) -> None:
    """Network edges: read the touched ones, add the changes by type, write them back."""
    touched = sorted(k for k, types in changes.items() if any(types.values()))
    merged = _stored_edges(conn, touched)
    rows = []
    for key in touched:
        types = merged.get(key, Counter())
        types.update(changes[key])
        kept = {k: n for k, n in sorted(types.items()) if n > 0}
        if kept:
            rows.append({"level": key[0], "a": key[1], "b": key[2],
                         "weight": sum(kept.values()), "types": json.dumps(kept)})
    _delete_keys(conn, t.network_edges, ("level", "a", "b"), touched)
    executemany(conn, insert(t.network_edges), rows)


def _stored_edges(conn: Connection, keys: Sequence[EdgeKey]) -> dict[EdgeKey, Counter[str]]:
    """The counts by type of the stored edges among ``keys``, read by (level, a) ranges."""
    ne = t.network_edges
    wanted = set(keys)
    found: dict[EdgeKey, Counter[str]] = {}
    for level in sorted({k[0] for k in keys}):
        for chunk in chunks(sorted({k[1] for k in keys if k[0] == level})):
            stmt = select(ne.c.a, ne.c.b, ne.c.types).where(ne.c.level == level, ne.c.a.in_(chunk))
            for a, b, types in conn.execute(stmt).tuples():
                if (level, a, b) in wanted:
                    found[(level, a, b)] = Counter(json.loads(types))
    return found


# ---------------------------------------------------------------------------- keeping them


@dataclass
class Written:
    """What the write inside :func:`maintained` tells it: the rows it wrote, from which the
    added events' facts are taken instead of being read back (None: read them)."""

    tables: EventTables | None = None


@contextmanager
def maintained(conn: Connection, update: MergeUpdate) -> Iterator[Written]:
    """Around the write of ``update`` (``writes.apply_merge``, which sets the ``Written``
    it is given): take out the events it replaces (those holding its mentions) before, add
    the events it wrote after."""
    mention_ids = sorted({mid for e in update.events for mid in e.mention_ids})
    take_out(conn, _events_holding(conn, mention_ids))
    written = Written()
    yield written
    ids = [e.id for e in update.events]
    delta = Delta()
    for facts in (facts_of(written.tables) if written.tables else read_facts(conn, ids)):
        delta.add(facts, +1)
    apply(conn, delta)
    dated_search.add(conn, ids, written.tables)


def facts_of(tables: EventTables) -> list[EventFacts]:
    """The facts of the events of ``tables``, as :func:`read_facts` reads them once they
    are stored (in id order; side rows sorted)."""
    by_event: dict[str, dict[str, list[Any]]] = {}
    for name, rows, columns in (("countries", tables.countries, ("country",)),
                                ("pairs", tables.pairs, ("a", "b")),
                                ("actors", tables.actors, ("name",))):  # fmt: skip
        for row in rows:
            values = tuple(row[c] for c in columns)
            by_event.setdefault(row["event_id"], {}).setdefault(name, []).append(values)
    facts = []
    for r in sorted(tables.events, key=lambda row: row["id"]):
        side = by_event.get(r["id"], {})
        facts.append(EventFacts(
            id=r["id"], type=r["type"], status=r["status"], month=r["month"] or "unknown",
            span_lo=(r["date_lo"] or "")[:7], span_hi=(r["date_hi"] or "")[:7],
            order_up=r["order_up"], order_down=r["order_down"], sources=r["sources"],
            countries=tuple(c for (c,) in sorted(side.get("countries", ()))),
            pairs=tuple(sorted(side.get("pairs", ()))) or (("", ""),),
            actors=tuple(n for (n,) in sorted(side.get("actors", ()))), location=r["location"],
        ))  # fmt: skip
    return facts


def take_out(conn: Connection, event_ids: Iterable[str]) -> None:
    """Take stored events out of every summary: call it before deleting them (any write
    that deletes events without re-adding them through :func:`maintained`)."""
    ids = sorted(set(event_ids))
    delta = Delta()
    for facts in read_facts(conn, ids):
        delta.add(facts, -1)
    apply(conn, delta)
    dated_search.take_out(conn, ids)


def _events_holding(conn: Connection, mention_ids: Sequence[str]) -> set[str]:
    if not has_rows(conn, t.events):  # as writes' own: no event, none holds them
        return set()
    em = t.event_mentions
    return {
        r for chunk in chunks(mention_ids)
        for r in conn.execute(select(em.c.event_id).where(em.c.mention_id.in_(chunk))).scalars()
    }  # fmt: skip


def rebuild(conn: Connection) -> None:
    """Every summary recomputed from the stored events, a batch of events at a time. The
    facets' sort indexes are dropped meanwhile and made again at the end: one sort of all
    the rows costs far less than inserting them one by one in key order."""
    for table in t.SUMMARY_TABLES:
        conn.execute(delete(table))
    sort_indexes = sorted(t.event_facets.indexes, key=lambda ix: str(ix.name))
    for index in sort_indexes:
        index.drop(conn)
    e = t.events
    delta, last = Delta(), ""
    while True:
        stmt = select(e.c.id).where(e.c.id > last).order_by(e.c.id).limit(REBUILD_BATCH)
        ids = list(conn.execute(stmt).scalars())
        if not ids:
            break
        for facts in read_facts(conn, ids):
            delta.add(facts, +1)
        executemany(conn, insert(t.event_facets), delta.new_facets)
        delta.new_facets = []
        last = ids[-1]
    apply(conn, delta)
    for index in sort_indexes:
        index.create(conn)
