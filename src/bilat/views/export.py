"""Export in the gold format of shared/spec/EVENTS.md: one JSON object per document a line.

Every stored document is written, with or without events, in document-name order; each
event is a mention's export fields plus ``id``, the merged event it belongs to. The output
is byte-identical across runs: orders are total and JSON keys are in a fixed order. The
record is the corrected one (:mod:`bilat.views.gold`): fields a person set are the
event's and listed in ``corrected``; statements of a rejected event are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from bilat.model import EventMention
from bilat.store.base import Store
from bilat.views.gold import Corrected


def export_events_jsonl(store: Store) -> Iterator[dict[str, Any]]:
    corrected = Corrected.of(store)
    by_doc: dict[str, list[EventMention]] = {}
    for m in store.mentions():
        by_doc.setdefault(m.doc_id, []).append(m)
    for doc in store.document_summaries():
        mentions = sorted(by_doc.get(doc.id, ()), key=lambda m: (m.start, m.end, m.id))
        yield {
            "doc": doc.name,
            "published": doc.published,
            "events": [corrected.entry(m) for m in mentions if not corrected.rejected(m)],
        }


def write_events_jsonl(store: Store, path_or_file: str | Path | IO[str]) -> int:
    """Write the export to a path or an open text file; return the number of lines."""
    if isinstance(path_or_file, (str, Path)):
        with open(path_or_file, "w", encoding="utf-8", newline="\n") as fh:
            return _write(store, fh)
    return _write(store, path_or_file)


def _write(store: Store, fh: IO[str]) -> int:
    lines = 0
    for record in export_events_jsonl(store):
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        lines += 1
    return lines
