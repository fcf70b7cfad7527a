"""Why a search matched: for some events and a query, the evidence (and the document title)
of the mention that matched, so a result can show the words it was found by.

The matches are :func:`bilat.store.search.matching_mentions`, the same the listing filters
by, restricted to the events of one page. Takes an open connection.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select

from bilat.store import tables as t
from bilat.store.base import SearchMatch
from bilat.store.search import matching_mentions, words
from bilat.store.statements import chunks


def search_matches(conn: Connection, event_ids: Sequence[str], q: str) -> dict[str, SearchMatch]:
    """Event id -> the first (in the event's order) of its mentions matching ``q``, one whose
    evidence holds every word of ``q`` if any (the words may be only in the title); events
    without a match (or a ``q`` without words) are left out."""
    found = matching_mentions(conn.dialect.name, q)
    if found is None:
        return {}
    terms = set(words(q))
    em, m, d = t.event_mentions, t.mentions, t.documents
    out: dict[str, SearchMatch] = {}
    for chunk in chunks(sorted(set(event_ids))):
        stmt = (select(em.c.event_id, m.c.evidence, d.c.title, m.c.doc_name)
                .join(m, m.c.seq == em.c.mention_seq).join(d, d.c.id == m.c.doc_id)
                .where(em.c.event_id.in_(chunk), em.c.mention_seq.in_(found))
                .order_by(em.c.event_id, em.c.position))  # fmt: skip
        for event_id, evidence, title, doc_name in conn.execute(stmt).tuples():
            match = SearchMatch(evidence, title or doc_name)
            if event_id not in out or (terms <= set(words(evidence))
                                       and not terms <= set(words(out[event_id].evidence))):
                out[event_id] = match
    return out
