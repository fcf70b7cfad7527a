"""The manifest: publication dates and URLs supplied next to the documents.

A JSONL file, one line per document: ``{"doc": "name.txt", "published": "2024-06-19",
"url": "https://..."}``. Values in the manifest win over what a record says about itself,
because the manifest is what the user curated; a null value means "unknown", not "erase".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bilat.errors import InputNotFound, ManifestError
from bilat.model import RawDocument
from bilat.sources.jsonl import without_lone_surrogates
from bilat.sources.names import path_text

MANIFEST_FIELDS = ("published", "url", "title", "source")


def read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """Map each document name to its manifest entry; raise ManifestError on a bad line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputNotFound(f"Manifest not found: {path_text(path)}.") from exc
    manifest: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    text = data.decode("utf-8-sig", errors="replace")
    where = path_text(path)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        entry = _parse_entry(line, f"{where}:{number}")
        name = entry["doc"]
        if name in manifest:
            raise ManifestError(
                f"{where}:{number}: {name!r} is already listed on line {first_line[name]}."
            )
        manifest[name] = entry
        first_line[name] = number
    return manifest


def _parse_entry(line: str, where: str) -> dict[str, Any]:
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ManifestError(f"{where}: not valid JSON ({exc.msg}).") from exc
    except RecursionError as exc:  # "[[[[..." thousands deep exhausts the parser's stack
        raise ManifestError(f"{where}: the JSON is nested too deeply.") from exc
    if not isinstance(entry, dict):
        raise ManifestError(f"{where}: expected a JSON object.")
    name = entry.get("doc")
    if not isinstance(name, str) or not name.strip():
        raise ManifestError(f'{where}: missing "doc" (the document file name or id).')
    entry["doc"] = without_lone_surrogates(name.strip())
    published = entry.get("published")
    if published is not None and not _is_iso_day(published):
        raise ManifestError(
            f'{where}: "published" must be "YYYY-MM-DD" or null, not {published!r}.'
        )
    for field in ("url", "title", "source"):
        if entry.get(field) is not None and not isinstance(entry[field], str):
            raise ManifestError(f'{where}: "{field}" must be a string or null.')
        if entry.get(field) is not None:
            entry[field] = without_lone_surrogates(entry[field])  # else unstorable
    return entry


def _is_iso_day(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def apply_manifest(raw: RawDocument, manifest: Mapping[str, Mapping[str, Any]]) -> RawDocument:
    """Return ``raw`` with the manifest's non-null values for its name filled in."""
    entry = manifest.get(raw.name)
    if not entry:
        return raw
    updates = {field: entry[field] for field in MANIFEST_FIELDS if entry.get(field) is not None}
    return dataclasses.replace(raw, **updates) if updates else raw
