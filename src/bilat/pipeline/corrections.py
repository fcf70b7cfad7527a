"""The corrections stage: after every merge (a full one, an incremental one, one after
documents were replaced), the corrections people made are applied again to the events.

A correction addresses an event through its mentions, whose ids are content hashes that
a rebuild gives again (and that an edited document's statement is found by, see
:class:`~bilat.model.MentionRef`), so it holds whatever the merge did meanwhile:

- the events holding a mention some correction names are read, with those mentions;
- the merges, splits and rejections are applied to their groups of mentions in the order
  they were made; then each ``set`` gives its field to the event holding most of its
  mentions (a field set before a merge holds on the merged event);
- only the events that change are rewritten; the corrected record is a fixed point, so
  applying the corrections to it again changes nothing, and an incremental build gives
  what a full rebuild gives.

A correction none of whose mentions is stored any more is *orphaned*: kept, reported by
``bilat status`` and the API, and applied again if its mentions come back.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bilat.events.merge import event_of
from bilat.model import Correction, Event, EventMention, EventType, MentionRef, Status

if TYPE_CHECKING:
    from bilat.store.base import Store

APPLIED, ORPHANED, INACTIVE = "applied", "orphaned", "inactive"


@dataclass(frozen=True)
class CorrectionState:
    """How a correction stands on the current record: ``applied`` (to ``event_id``, None
    for a rejection), ``orphaned`` (a mention it needs is gone) or ``inactive`` (its event
    was rejected by another correction)."""

    correction: Correction
    state: str
    event_id: str | None = None


@dataclass
class Outcome:
    """What applying the corrections changes: the events to delete and to store, the
    fields a person set (event id -> field -> correction id), and each correction's state."""

    removed: list[str] = field(default_factory=list)
    added: list[Event] = field(default_factory=list)
    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    states: list[CorrectionState] = field(default_factory=list)


def apply_corrections(store: Store) -> list[CorrectionState]:
    """Apply every stored correction to the stored events (rewriting only those that
    change); return how each correction stands."""
    outcome = _outcome(store)
    set_fields = {e: tuple(sorted(by_field)) for e, by_field in outcome.fields.items()}
    if outcome.removed or outcome.added or set_fields != store.corrected_fields():
        store.rewrite_corrected(outcome.removed, outcome.added, outcome.fields)
    return outcome.states


def correction_states(store: Store) -> list[CorrectionState]:
    """How each stored correction stands on the stored events (nothing is written)."""
    return _outcome(store).states


def _outcome(store: Store) -> Outcome:
    corrections = store.corrections()
    if not corrections:
        return Outcome()
    resolved = store.resolve_mentions(r for c in corrections for r in (*c.target, *c.other))
    stored = store.events_holding(sorted(set(resolved.values())))
    held = {mid for e in stored.values() for mid in e.mention_ids}
    mentions = store.mentions_by_id(sorted(held | set(resolved.values())))
    copies = store.copy_map(sorted({m.doc_id for m in mentions.values()}))
    return correct(stored, mentions, corrections, resolved, copies)


# ---------------------------------------------------------------------------- pure


class _Groups:
    """Groups of mention ids (the events being corrected), keyed by the stored event id
    they started from or by a new key."""

    def __init__(self, stored: Mapping[str, Event]) -> None:
        self.members: dict[str, list[str]] = {k: list(e.mention_ids) for k, e in stored.items()}
        self.of: dict[str, str] = {m: k for k, ms in self.members.items() for m in ms}
        self.changed: set[str] = set()

    def holding(self, mention_ids: Sequence[str]) -> str | None:
        """The group holding most of ``mention_ids`` (the first such on a tie)."""
        counts = Counter(self.of[m] for m in mention_ids if m in self.of)
        return counts.most_common(1)[0][0] if counts else None

    def reject(self, key: str) -> None:
        for m in self.members.pop(key):
            del self.of[m]
        self.changed.discard(key)

    def merge(self, keep: str, other: str) -> None:
        for m in self.members.pop(other):
            self.of[m] = keep
            self.members[keep].append(m)
        self.changed.discard(other)
        self.changed.add(keep)

    def split(self, mention_id: str) -> str:
        key = self.of[mention_id]
        self.members[key].remove(mention_id)
        self.changed.add(key)
        new = f"split:{mention_id}"
        self.members[new] = [mention_id]
        self.of[mention_id] = new
        self.changed.add(new)
        return new


def correct(stored: Mapping[str, Event], mentions: Mapping[str, EventMention],
            corrections: Sequence[Correction], resolved: Mapping[str, str],
            copies: Mapping[str, str]) -> Outcome:
    """The corrected events for ``stored`` (the events holding a corrected mention, by
    id), with ``mentions`` holding every mention of them, ``resolved`` mapping each ref id
    to its stored mention, and ``copies`` the copy map for the field votes."""
    groups = _Groups(stored)
    states: dict[str, CorrectionState] = {}
    for c in corrections:
        if c.action != "set":
            states[c.id] = _structural(c, groups, resolved)
    events: dict[str, Event] = {}
    for key in groups.members:
        if key in groups.changed or key not in stored:
            events[key] = event_of([mentions[m] for m in groups.members[key]], copies)
        else:
            events[key] = stored[key]
    fields: dict[str, dict[str, str]] = {}
    for c in corrections:
        if c.action == "set":
            states[c.id] = _set(c, groups, resolved, events, fields)
    outcome = Outcome(states=[_final(states[c.id], groups, resolved, events)
                              for c in corrections])
    kept = {key: e for key, e in events.items() if key in fields or key in groups.changed}
    unchanged = {key for key, e in kept.items() if stored.get(key) == e}
    outcome.removed = sorted(k for k in stored if k not in groups.members or
                             (k in kept and k not in unchanged))
    outcome.added = [e for k, e in sorted(kept.items()) if k not in unchanged]
    outcome.fields = {events[k].id: v for k, v in fields.items()}
    return outcome


def _ids(refs: Sequence[MentionRef], resolved: Mapping[str, str]) -> list[str]:
    return [resolved[r.id] for r in refs if r.id in resolved]


def _structural(c: Correction, groups: _Groups, resolved: Mapping[str, str]) -> CorrectionState:
    target, other = _ids(c.target, resolved), _ids(c.other, resolved)
    if not target or (c.action == "merge" and not other):
        return CorrectionState(c, ORPHANED)
    key = groups.holding(target)
    if c.action == "reject":
        if key is not None:  # else its mentions are in no event: rejected already
            groups.reject(key)
        return CorrectionState(c, APPLIED)
    if key is None:
        return CorrectionState(c, INACTIVE)
    if c.action == "merge":
        second = groups.holding(other)
        if second is None:
            return CorrectionState(c, INACTIVE)
        if second != key:
            groups.merge(key, second)
        return CorrectionState(c, APPLIED, key)
    # split: the one mention out of its event (nothing to do when it is alone already)
    alone = len(groups.members[key]) == 1
    return CorrectionState(c, APPLIED, key if alone else groups.split(target[0]))


def _set(c: Correction, groups: _Groups, resolved: Mapping[str, str], events: dict[str, Event],
         fields: dict[str, dict[str, str]]) -> CorrectionState:
    target = _ids(c.target, resolved)
    if not target:
        return CorrectionState(c, ORPHANED)
    key = groups.holding(target)
    if key is None or c.field is None:
        return CorrectionState(c, INACTIVE)
    events[key] = with_value(events[key], c.field, c.value)
    fields.setdefault(key, {})[c.field] = c.id
    return CorrectionState(c, APPLIED, key)


def _final(state: CorrectionState, groups: _Groups, resolved: Mapping[str, str],
           events: Mapping[str, Event]) -> CorrectionState:
    """The state with the id of the event its mentions ended in (a later merge or
    rejection may have taken them elsewhere)."""
    if state.state != APPLIED or state.correction.action == "reject":
        return state
    key = groups.holding(_ids(state.correction.target, resolved))
    if key is None:
        return dataclasses.replace(state, state=INACTIVE, event_id=None)
    return dataclasses.replace(state, event_id=events[key].id)


def with_value(event: Event, name: str, value: str | tuple[str, ...] | None) -> Event:
    """``event`` with one field set as a person gave it (values checked when the
    correction was made, see :mod:`bilat.pipeline.curate`)."""
    text = value if isinstance(value, str) else None
    items = (value,) if isinstance(value, str) else tuple(value or ())
    if name == "type":
        return dataclasses.replace(event, type=EventType(text))
    if name == "status":
        return dataclasses.replace(event, status=Status(text))
    if name == "actors":
        return dataclasses.replace(event, actors=items)
    if name == "countries":
        return dataclasses.replace(event, countries=items)
    if name == "location":
        return dataclasses.replace(event, location=text)
    if name == "date":
        return dataclasses.replace(event, date=text)
    return dataclasses.replace(event, what=text)
