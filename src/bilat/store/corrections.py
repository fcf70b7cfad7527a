"""The corrections log and what applying it writes (tables ``corrections`` and
``event_corrections`` of :mod:`bilat.store.tables`, schema v7).

The log is append-only: a correction is stored once (by its content id) and never updated
or deleted, so curation can be exported, reviewed and imported elsewhere. Applying it
(:func:`bilat.pipeline.corrections.apply_corrections`) reads the events the corrections
address through their mentions and rewrites them here, with the summaries kept in step,
in one transaction.

Each function takes the connection of its one transaction
(:class:`bilat.store.sql.SqlStore` opens it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, tuple_

from bilat.model import Correction, Event, EventMention, MentionRef
from bilat.store import summaries, writes
from bilat.store import tables as t
from bilat.store.base import MergeUpdate
from bilat.store.queries import event
from bilat.store.rows import mention_from_row
from bilat.store.statements import chunks, insert_ignore, insert_rows

# ---------------------------------------------------------------------------- the log


def correction_row(c: Correction) -> dict[str, Any]:
    return {
        "id": c.id, "action": c.action,
        "target": json.dumps([_ref_dict(r) for r in c.target], ensure_ascii=False),
        "other": json.dumps([_ref_dict(r) for r in c.other], ensure_ascii=False),
        "field": c.field,
        "value": None if c.value is None else json.dumps(
            list(c.value) if isinstance(c.value, tuple) else c.value, ensure_ascii=False),
        "note": c.note, "author": c.author, "time": c.time,
    }  # fmt: skip


def correction_from_row(r: Any) -> Correction:
    value = None if r.value is None else json.loads(r.value)
    return Correction(
        id=r.id, action=r.action, target=_refs(r.target), other=_refs(r.other),
        field=r.field, value=tuple(value) if isinstance(value, list) else value,
        note=r.note, author=r.author, time=r.time,
    )  # fmt: skip


def _ref_dict(r: MentionRef) -> dict[str, str]:
    return {"id": r.id, "doc": r.doc, "type": r.type, "evidence": r.evidence}


def _refs(raw: str) -> tuple[MentionRef, ...]:
    return tuple(MentionRef(**item) for item in json.loads(raw))


def add_corrections(conn: Connection, batch: Sequence[Correction]) -> int:
    """Append the corrections not stored yet (by id), in the order given; return how many."""
    stored = {i for chunk in chunks(sorted({c.id for c in batch}))
              for i in conn.execute(select(t.corrections.c.id)
                                    .where(t.corrections.c.id.in_(chunk))).scalars()}
    fresh: dict[str, Correction] = {}
    for c in batch:
        if c.id not in stored:
            fresh.setdefault(c.id, c)
    # one row at a time: seq, the order of application, follows the order given
    for c in fresh.values():
        insert_ignore(conn, t.corrections, [correction_row(c)])
    return len(fresh)


def corrections(conn: Connection) -> list[Correction]:
    """Every correction, in the order they were stored (and are applied)."""
    rows = conn.execute(select(t.corrections).order_by(t.corrections.c.seq))
    return [correction_from_row(r) for r in rows]


# ---------------------------------------------------------------------------- targets


def resolve(conn: Connection, refs: Iterable[MentionRef]) -> dict[str, str]:
    """Ref id -> id of the stored mention it designates: the mention of that id, else the
    one statement of the same document name, type and evidence (its document was edited,
    which gave its mentions new ids). Refs that find nothing are left out (orphaned)."""
    wanted = {r.id: r for r in refs}
    m = t.mentions
    found = {i: i for chunk in chunks(sorted(wanted))
             for i in conn.execute(select(m.c.id).where(m.c.id.in_(chunk))).scalars()}
    missing = [r for i, r in wanted.items() if i not in found]
    keys = sorted({(r.doc, r.type, r.evidence) for r in missing})
    by_key: dict[tuple[str, str, str], list[str]] = {}
    for i in range(0, len(keys), 100):
        stmt = (select(m.c.id, m.c.doc_name, m.c.type, m.c.evidence)
                .where(tuple_(m.c.doc_name, m.c.type, m.c.evidence).in_(keys[i:i + 100]))
                .order_by(m.c.id))
        for row in conn.execute(stmt):
            by_key.setdefault((row.doc_name, row.type, row.evidence), []).append(row.id)
    for r in missing:
        candidates = by_key.get((r.doc, r.type, r.evidence), [])
        if len(candidates) == 1:  # the same words twice in one document: ambiguous
            found[r.id] = candidates[0]
    return found


def events_holding(conn: Connection, mention_ids: Sequence[str]) -> dict[str, Event]:
    """The stored events holding one of ``mention_ids``, by id (each with all its
    mentions)."""
    em = t.event_mentions
    ids = sorted({r for chunk in chunks(sorted(set(mention_ids))) for r in conn.execute(
        select(em.c.event_id).where(em.c.mention_id.in_(chunk))).scalars()})
    return {i: event(conn, i).row.event for i in ids}


def mentions_by_id(conn: Connection, mention_ids: Sequence[str]) -> dict[str, EventMention]:
    m = t.mentions
    return {row.id: mention_from_row(row) for chunk in chunks(sorted(set(mention_ids)))
            for row in conn.execute(select(m).where(m.c.id.in_(chunk)))}


def corrected_fields(conn: Connection,
                     event_ids: Iterable[str] | None = None) -> dict[str, tuple[str, ...]]:
    """Event id -> the fields a person set on it (in field order), for ``event_ids`` or
    every event."""
    ec = t.event_corrections
    stmt = select(ec.c.event_id, ec.c.field).order_by(ec.c.event_id, ec.c.field)
    rows: list[Any] = []
    if event_ids is None:
        rows = list(conn.execute(stmt).tuples())
    else:  # bound as one expanding parameter: a page asks for 500 ids at a time
        of_ids = stmt.where(ec.c.event_id.in_(bindparam("ids", expanding=True)))
        for chunk in chunks(sorted(set(event_ids))):
            rows += conn.execute(of_ids, {"ids": list(chunk)}).tuples().all()
    found: dict[str, tuple[str, ...]] = {}
    for event_id, field in rows:
        found[event_id] = (*found.get(event_id, ()), field)
    return found


# ---------------------------------------------------------------------------- writing


def rewrite(conn: Connection, removed: Sequence[str], added: Sequence[Event],
            fields: dict[str, dict[str, str]]) -> None:
    """Delete the ``removed`` events, store the ``added`` ones (summaries kept in step) and
    make ``event_corrections`` say ``fields``: event id -> field -> correction id."""
    gone = sorted(set(removed))
    summaries.take_out(conn, gone)
    writes.delete_events(conn, gone)
    if added:
        update = MergeUpdate(events=tuple(added), copies={}, regrouped=(), bands={}, merged=())
        with summaries.maintained(conn, update) as written:
            written.tables = writes.apply_merge(conn, update)
    conn.execute(delete(t.event_corrections))
    insert_rows(conn, t.event_corrections, [
        {"event_id": e, "field": f, "correction_id": c}
        for e, by_field in sorted(fields.items()) for f, c in sorted(by_field.items())
    ])  # fmt: skip
