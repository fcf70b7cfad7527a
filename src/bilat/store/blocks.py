"""Rows of the ``mention_blocks`` index: where a stored mention can be found by the new
mentions that could merge with it (see :func:`bilat.events.merge.window_months`)."""

from __future__ import annotations

from bilat.events.merge import block_name, blocking_keys, window_months
from bilat.model import EventMention

UNBOUNDED = "*"  # the month of a mention whose merge window is unbounded


def block_rows(m: EventMention) -> list[dict[str, str]]:
    """One row per (blocking key, month of the merge window)."""
    months = window_months(m) or (UNBOUNDED,)
    blocks = [block_name(key) for key in sorted(blocking_keys(m))]
    return [{"block": block, "month": month, "mention_id": m.id}
            for block in blocks for month in months]


def probe_pairs(mentions: list[EventMention]) -> tuple[set[tuple[str, str]], set[str]]:
    """What to look up for ``mentions``: (block, month) pairs of bounded windows, and the
    blocks of unbounded ones (those meet every month). Rows whose own window is unbounded
    are found under the month "*" of every block probed."""
    pairs: set[tuple[str, str]] = set()
    whole: set[str] = set()
    for m in mentions:
        months = window_months(m)
        for key in blocking_keys(m):
            block = block_name(key)
            if months is None:
                whole.add(block)
            else:
                pairs.update((block, month) for month in months)
                pairs.add((block, UNBOUNDED))
    return pairs, whole
