"""Error classes of an evaluation, counted rather than guessed.

Every unmatched prediction and every missed gold event of a document falls into one class,
and every matched pair's wrong fields are counted by field and by how they are wrong:

- ``duplicate``: a prediction that could match a gold event another prediction already
  matched: the same event reported twice in one document (headline, lead, caption, retold).
- ``argument``: a missed gold event for which the document holds an unmatched prediction of
  the same type: the event was seen but with the wrong people or states. Each such miss
  pairs off one unmatched prediction, so it is one argument error, not a miss plus a
  false event.
- ``false_event``: any other unmatched prediction (no such event in gold).
- ``missed``: any other missed required gold event (no prediction of its type left).

Field errors on matched required pairs: ``date`` (``wrong``, ``coarser``, ``missing``,
``invented`` where gold has none), ``location`` (``wrong``, ``missing``), ``countries``
and ``status`` (``wrong``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from bilat.views.matching import Event, date_credit, match_document, matchable, place_key


def error_classes(gold: Mapping[str, dict[str, Any]],
                  pred: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """Counts of each error class over the gold documents, and the documents where they occur."""
    counts: Counter[str] = Counter()
    fields: dict[str, Counter[str]] = defaultdict(Counter)
    where: dict[str, Counter[str]] = defaultdict(Counter)
    for doc, line in gold.items():
        gev = line["events"]
        pev = (pred.get(doc) or {}).get("events", [])
        found = _document_errors(gev, pev)
        for name, n in found.items():
            counts[name] += n
            where[name][doc] += n
        for gi, pi in match_document(gev, pev):
            if not gev[gi].get("optional"):
                for field, how in _field_errors(gev[gi], pev[pi]):
                    fields[field][how] += 1
    return {
        "counts": {k: counts[k] for k in ("duplicate", "argument", "false_event", "missed")},
        "fields": {f: dict(sorted(c.items())) for f, c in sorted(fields.items())},
        "documents": {k: dict(v.most_common(5)) for k, v in sorted(where.items())},
    }


def _document_errors(gev: Sequence[Event], pev: Sequence[Event]) -> Counter[str]:
    pairs = match_document(gev, pev)
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    out: Counter[str] = Counter()
    left: list[int] = []
    for pi in range(len(pev)):
        if pi in matched_p:
            continue
        if any(matchable(gev[gi], pev[pi]) for gi in matched_g):
            out["duplicate"] += 1
        else:
            left.append(pi)
    for gi, g in enumerate(gev):
        if gi in matched_g or g.get("optional"):
            continue
        same_type = next((pi for pi in left if pev[pi].get("type") == g["type"]), None)
        if same_type is None:
            out["missed"] += 1
        else:
            left.remove(same_type)
            out["argument"] += 1
    out["false_event"] += len(left)
    return out


def _field_errors(g: Event, p: Event) -> list[tuple[str, str]]:
    errors = []
    credit = date_credit(p.get("date"), g.get("date"))
    if credit is None and p.get("date") is not None:
        errors.append(("date", "invented"))
    elif credit == 0.5:
        errors.append(("date", "coarser"))
    elif credit == 0.0:
        errors.append(("date", "missing" if p.get("date") is None else "wrong"))
    if g.get("location") and place_key(p.get("location")) != place_key(g["location"]):
        errors.append(("location", "missing" if not p.get("location") else "wrong"))
    if set(p.get("countries") or []) != set(g["countries"]):
        errors.append(("countries", "wrong"))
    if p.get("status") != g["status"]:
        errors.append(("status", "wrong"))
    return errors


def format_errors(res: Mapping[str, Any]) -> list[str]:
    counts = res["counts"]
    lines = ["errors   " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items())]
    for field, how in res["fields"].items():
        lines.append(f"  {field:9} " + ", ".join(f"{k} {v}" for k, v in how.items()))
    return lines
