"""Event coreference: mentions of one real-world event become one :class:`Event`.

The merge is a pure function of the *set* of mentions: input order never matters, and the
output (events, their ids, their fields) is the same whether the mentions arrive in one
build or in several. That is what makes ``bilat build A && bilat build B`` equal to
``bilat build A B``.

How it works, block by block (never all pairs globally), one module a step:

1. **Profiles** (:mod:`~bilat.events.merge.profiles`). Mentions that agree on every field
   the merge looks at (type, date, location, actors, countries; plus status and
   publication date when undated) are interchangeable, so they are compared once, as one
   profile. Wire copies collapse here; two such mentions from one article do not (see 3).
2. **Blocks** (:mod:`~bilat.events.merge.blocking`). A profile can only match profiles
   that share a :func:`blocking_keys` key (type and a pair of its countries). Connected
   blocks form a *component*; components are merged independently, so the store can
   re-merge only the components new mentions touch.
3. **Dated profiles** are compared within a block and the reach in days their two
   precisions allow (:func:`~bilat.events.merge.compatibility.reach_days`: two days
   between days, a month between a month and a day, none otherwise) and joined with
   union-find when :func:`compatible`
   (:mod:`~bilat.events.merge.compatibility`): same type, dates of which one refines the
   other (or the days of one stay in one city, or one event two articles date a day
   apart, or a report dated by its own day and the event of the days before, or a recent
   month counted from another present and a day of the month next to it), the people of one among
   the people of the other or, when a side names
   nobody, the same countries, compatible places. Two mentions one article keeps apart are never
   one event.
4. **Chaining guard** (:mod:`~bilat.events.merge.clustering`). Union-find is transitive,
   compatibility is not: ``2024-06`` fits both ``2024-06-19`` and ``2024-06-20``, which do
   not fit each other. A cluster whose profiles are not pairwise compatible is split again
   around its most precise profiles (day dates and named places first), each other
   profile joining the sub-cluster it is compatible with *in full* (complete linkage) and
   agrees with most. Sub-clusters are :class:`~bilat.events.merge.groups.Group` lists that
   keep a summary of their members (distinct fields, span bounds, articles), so a vague
   profile is tested once per distinct set of fields, and the best group first.
5. **Undated profiles** only join when the rest is strong (same country set unless two
   named people vouch for a smaller one, compatible actors and place) and something ties
   them to the event beyond type and countries: a person, a named place, or, for an
   unnamed mention, an unnamed source. An undated occurred mention happened in the year
   before its article; an undated planned one will happen in the year after it; among the
   events that fit, it joins the nearest one in time (the latest before publication, or
   the next after). Undated profiles that fit no dated event are grouped among themselves
   with complete linkage.
6. **Events** (:mod:`~bilat.events.merge.fields`): each group's fields by vote of its
   independent sources, its conflicts, and an id from its earliest report.

Cost: profiles are sorted once and compared only with those of their block within reach in
time, so the work is O(n log n) for realistic data; the quadratic part is bounded by the
number of distinct profiles of one type and country pair within a month (a year for
year-only and undated ones).

Incremental merges (:mod:`bilat.pipeline.incremental`) re-merge only the neighbourhood of
new mentions, found through :func:`blocking_keys`, :func:`window_months` and
:func:`mergeable`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bilat import cycles

# The public names, re-exported (``name as name``) for the store, the pipeline and tests.
from bilat.events.merge.blocking import block_name as block_name
from bilat.events.merge.blocking import blocking_keys as blocking_keys
from bilat.events.merge.blocking import components
from bilat.events.merge.blocking import could_merge as could_merge
from bilat.events.merge.blocking import merge_window as merge_window
from bilat.events.merge.blocking import mergeable as mergeable
from bilat.events.merge.blocking import window_months as window_months
from bilat.events.merge.clustering import merge_component
from bilat.events.merge.compatibility import compatible as compatible
from bilat.events.merge.fields import event_of as event_of
from bilat.events.merge.profiles import date_span as date_span
from bilat.events.merge.profiles import undated_span as undated_span
from bilat.events.merge.profiles import unordered_profiles
from bilat.model import Event, EventMention


def merge_mentions(
    mentions: Sequence[EventMention], copies: Mapping[str, str] | None = None
) -> list[Event]:
    """Merge mentions into events, sorted by (date or "", id).

    ``copies`` maps a document id to the id of the document it copies (see
    :func:`bilat.events.copies.find_copies`); a copy and its original then count as one
    source when fields are voted on and conflicts are reported.

    Pure and order-independent: the same set of mentions gives the same events with the
    same ids. Merging a union of whole components (see :func:`blocking_keys`) gives the
    same events for them as merging everything.
    """
    copies = copies or {}
    events = []
    # no cycle collection while merging: the merge allocates millions of profiles, tuples
    # and groups that live until it returns and form no garbage cycles, so each collection
    # scans a heap that only grows (at a million mentions, a sixth of the merge's time)
    with cycles.paused():
        for component in components(unordered_profiles(mentions)):
            for group in merge_component(component):
                events.append(event_of([m for p in group for m in p.mentions], copies))
    events.sort(key=lambda e: (e.date or "", e.id))
    return events
