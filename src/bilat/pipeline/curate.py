"""Making corrections: from what a person names (an event id, a mention id, a field and
its value) to a :class:`~bilat.model.Correction` that addresses the event by its mentions,
checked before it is stored; storing and applying it; and the corrections log as JSON
Lines (``bilat corrections export/import``), so curation can be reviewed, shared and
versioned.

The CLI (``bilat correct``) and the API (``POST /api/corrections``) only parse and call
:func:`make` and :func:`record`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bilat.errors import InvalidCorrection, NotFound
from bilat.model import (
    CORRECTABLE_FIELDS,
    CORRECTION_ACTIONS,
    Correction,
    EventType,
    MentionRef,
    Precision,
    Status,
)
from bilat.partial_date import coarsen, parts, rank, span
from bilat.pipeline.corrections import CorrectionState, apply_corrections

if TYPE_CHECKING:
    from bilat.store.base import Store

Value = str | tuple[str, ...] | None
DATE_RANK = {Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3}


@dataclass(frozen=True)
class Request:
    """A correction as a person asks for it."""

    action: str
    event_id: str
    other_event_id: str | None = None  # merge
    mention_id: str | None = None  # split
    field: str | None = None  # set
    value: Any = None  # set
    precision: str | None = None  # set date
    note: str = ""
    author: str = ""


def make(store: Store, req: Request, *, time: str | None = None) -> Correction:
    """The correction ``req`` asks for, addressed through the mentions of its events."""
    if req.action not in CORRECTION_ACTIONS:
        raise InvalidCorrection(f"Unknown correction {req.action!r}.")
    target = _refs(store, req.event_id)
    other: tuple[MentionRef, ...] = ()
    name: str | None = None
    value: Value = None
    if req.action == "merge":
        if not req.other_event_id or req.other_event_id == req.event_id:
            raise InvalidCorrection("A merge needs a second, different event id.")
        other = _refs(store, req.other_event_id)
    elif req.action == "split":
        target = _one_mention(target, req.mention_id)
    elif req.action == "set":
        name, value = checked_value(req.field, req.value, req.precision)
    stamp = time or datetime.now(UTC).isoformat(timespec="seconds")
    return Correction(
        id=Correction.make_id(req.action, target, other, name, value, req.author, stamp),
        action=req.action, target=target, other=other, field=name, value=value,
        note=req.note, author=req.author, time=stamp,
    )  # fmt: skip


def record(store: Store, corrections: Iterable[Correction]) -> list[CorrectionState]:
    """Store the corrections (those not stored yet) and apply the log again."""
    store.add_corrections(list(corrections))
    return apply_corrections(store)


def _refs(store: Store, event_id: str) -> tuple[MentionRef, ...]:
    try:
        detail = store.event(event_id)
    except NotFound:
        raise InvalidCorrection(f"No event with id {event_id!r}.") from None
    return tuple(MentionRef.of(d.mention) for d in detail.mentions)


def _one_mention(refs: tuple[MentionRef, ...], mention_id: str | None) -> tuple[MentionRef, ...]:
    if len(refs) < 2:
        raise InvalidCorrection("The event has one mention: there is nothing to split off.")
    chosen = tuple(r for r in refs if r.id == mention_id)
    if not chosen:
        raise InvalidCorrection(f"Mention {mention_id!r} is not one of the event's mentions.")
    return chosen


def checked_value(name: str | None, raw: Any, precision: str | None = None
                  ) -> tuple[str, Value]:
    """The field and its value as the event stores it; InvalidCorrection if it cannot be."""
    if name not in CORRECTABLE_FIELDS:
        raise InvalidCorrection(f"Field {name!r} cannot be set.")
    if name in ("actors", "countries"):
        items = [raw] if isinstance(raw, str) else list(raw or [])
        items = [str(i).strip() for i in items if str(i).strip()]
        if name == "countries":
            items = [i.upper() for i in items]
            if any(len(i) != 3 or not i.isalpha() for i in items):
                raise InvalidCorrection(f"Countries are ISO-3 codes, not {items!r}.")
        return name, tuple(items)
    text = None if raw is None else str(raw).strip() or None
    if name == "type":
        return name, _member(EventType, (text or "").upper(), name)
    if name == "status":
        return name, _member(Status, (text or "").lower(), name)
    if name == "date":
        return name, _date(text, precision)
    return name, text


def _member(enum: type[EventType] | type[Status], text: str, name: str) -> str:
    try:
        return enum(text).value
    except ValueError:
        choices = ", ".join(m.value for m in enum)
        raise InvalidCorrection(f"{name} is one of {choices}, not {text!r}.") from None


def _date(text: str | None, precision: str | None) -> str | None:
    """An ISO prefix as precise as asked (``2019-04-25`` at month precision is
    ``2019-04``); None for no date."""
    if text is None:
        return None
    try:
        span(text)
        if "-".join(parts(text)) != text:
            raise ValueError(text)
    except ValueError:
        raise InvalidCorrection(
            f"Dates are ISO prefixes (2019, 2019-04, 2019-04-25), not {text!r}.") from None
    if precision is None:
        return text
    try:
        wanted = Precision(precision)
    except ValueError:
        raise InvalidCorrection(f"Precision is day, month or year, not {precision!r}.") from None
    if rank(text) < DATE_RANK[wanted]:
        raise InvalidCorrection(f"{text!r} is not precise to the {precision}.")
    return coarsen(text, wanted)


# ---------------------------------------------------------------------------- JSON Lines


def to_dict(c: Correction) -> dict[str, Any]:
    return {
        "id": c.id, "action": c.action, "time": c.time, "author": c.author, "note": c.note,
        "field": c.field, "value": list(c.value) if isinstance(c.value, tuple) else c.value,
        "target": [_ref_dict(r) for r in c.target], "other": [_ref_dict(r) for r in c.other],
    }  # fmt: skip


def _ref_dict(r: MentionRef) -> dict[str, str]:
    return {"id": r.id, "doc": r.doc, "type": r.type, "evidence": r.evidence}


def to_jsonl(corrections: Iterable[Correction]) -> Iterator[str]:
    for c in corrections:
        yield json.dumps(to_dict(c), ensure_ascii=False) + "\n"


def from_jsonl(lines: Iterable[str]) -> list[Correction]:
    """Corrections from JSON Lines, each checked; InvalidCorrection names the bad line."""
    found = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                found.append(from_dict(json.loads(line)))
            except (ValueError, TypeError, KeyError) as exc:
                raise InvalidCorrection(f"line {number}: {exc}") from None
    return found


def from_dict(d: dict[str, Any]) -> Correction:
    action = d["action"]
    if action not in CORRECTION_ACTIONS:
        raise InvalidCorrection(f"Unknown correction {action!r}.")
    target = tuple(MentionRef(**r) for r in d["target"])
    other = tuple(MentionRef(**r) for r in d.get("other") or ())
    if not target or (action == "merge" and not other):
        raise InvalidCorrection(f"A {action} correction needs the mentions it addresses.")
    name, value = checked_value(d["field"], d["value"]) if action == "set" else (None, None)
    c = Correction(id="", action=action, target=target, other=other, field=name, value=value,
                   note=str(d.get("note") or ""), author=str(d.get("author") or ""),
                   time=str(d["time"]))
    # the id is the content's: a line edited by hand is another correction
    return Correction(**{**c.__dict__, "id": Correction.make_id(
        action, target, other, name, value, c.author, c.time)})
