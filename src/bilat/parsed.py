"""Data files parsed once per machine, not once per process: the parsed form of a file is
kept as JSON in the user's cache directory and read back while the file is unchanged.

Why: every process that extracts loads the GeoNames gazetteer (17 MB of JSON, of which
bilat keeps five fields a city: 0.34 CPU s of parsing) and the knowledge base's YAML
(0.22 CPU s in PyYAML's constructor, which is Python even with libyaml's parser), before
it parses its first sentence. A parallel build pays that before it can fork its workers,
with the other core idle, and a one-process build pays it too. Read back with orjson,
their kept forms cost a tenth of that.

A kept form stands for the file as it is: it records the file's size and modification
time (as Python's bytecode cache does for a module's source), and for files that can
change without either changing (bundled files a release installs with fixed times) a
digest of their bytes; it is found by the file's resolved path and the form's name, which
says what was kept and in which version. An edited file, another file or another form is
parsed again and kept anew. Only values JSON gives back equal are kept (a YAML date, or a
mapping with number keys, is parsed every time). Writes go through a temporary file and a
rename, so a process reads a whole kept form or none; a directory that cannot be written
keeps nothing, and the file is parsed as before. ``BILAT_CACHE`` names the directory
(default ``$XDG_CACHE_HOME/bilat``, else ``~/.cache/bilat``); ``BILAT_CACHE=0`` keeps and
reads nothing. A value made from no single file (the knowledge base's phrases as token
ids, the LSH's bands) is kept the same way by a digest of everything it is made from,
the libraries' versions included (:func:`computed_once`).

Written here: joblib.Memory and diskcache keep pickles (loading one can run code) and
find them by a function's arguments, not by the state of the file it reads.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

OFF = "0"


def cache_dir() -> Path | None:
    """Where kept forms go, or None when ``BILAT_CACHE=0``."""
    chosen = os.environ.get("BILAT_CACHE", "")
    if chosen == OFF:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "bilat"


def parsed_once(path: Path, parse: Callable[[Path], Any], form: str,
                directory: Path | None = None, by_content: bool = False) -> Any:
    """``parse(path)``, or the value it gave the last time for the file as it is now (kept
    in ``directory``, by default :func:`cache_dir`). ``form`` names what ``parse`` makes
    and its version: change it when ``parse`` changes. ``by_content``: the file's bytes
    are compared too (a digest; about 2 ms a MB), not only its size and time. Errors
    reading ``path`` (missing, unreadable) are raised as ``parse`` raises them."""
    directory = directory or cache_dir()
    if directory is None:
        return parse(path)
    state = os.stat(path)  # a missing file raises here, as it would in ``parse``
    seen: list[int | str] = [state.st_size, state.st_mtime_ns]
    if by_content:
        seen.append(hashlib.sha1(path.read_bytes(), usedforsecurity=False).hexdigest())
    return _kept_or_made(directory / f"{form}-{_digest(path)}.json", seen,
                         lambda: parse(path))


def computed_once(inputs: Any, compute: Callable[[], Any], form: str,
                  directory: Path | None = None) -> Any:
    """``compute()``, or the value it gave the last time for the same ``inputs`` (kept in
    ``directory``, by default :func:`cache_dir`): for a value made from no single file,
    such as the knowledge base's phrases tokenized. ``inputs`` (JSON values) must hold
    everything the value depends on, the libraries' versions included; the kept value
    is found by their digest. ``form`` names what ``compute`` makes and its version."""
    directory = directory or cache_dir()
    if directory is None:
        return compute()
    digest = hashlib.sha256(orjson.dumps(inputs, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return _kept_or_made(directory / f"{form}-{digest[:16]}.json", [digest], compute)


def _kept_or_made(kept: Path, seen: list[int | str], make: Callable[[], Any]) -> Any:
    """The value kept in ``kept`` for the state ``seen``, else ``make()``, kept anew."""
    try:
        record = orjson.loads(kept.read_bytes())
        if record["state"] == seen:
            return record["value"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        pass  # none kept yet, or a damaged one: made again and kept anew
    value = make()
    _keep(kept, {"state": seen, "value": value})
    return value


def _digest(path: Path) -> str:
    """A short name for the file's resolved path (paths hold characters names cannot)."""
    return hashlib.sha1(str(path.resolve()).encode(), usedforsecurity=False).hexdigest()[:16]


def _keep(kept: Path, record: dict[str, Any]) -> None:
    """Write ``record`` to ``kept`` whole, if JSON gives its value back equal."""
    try:
        data = orjson.dumps(record)
    except TypeError:  # a value JSON cannot hold (a date, a number as a mapping's key)
        return
    if orjson.loads(data)["value"] != record["value"]:  # e.g. a tuple would come back a list
        return
    import tempfile  # imported here: only a first read writes

    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=kept.parent, prefix=".", suffix=".tmp")
    except OSError:
        return  # a read-only directory: parsed every time, as before
    try:
        with open(handle, "wb") as out:
            out.write(data)
        os.replace(name, kept)
    except OSError:  # a full disk
        Path(name).unlink(missing_ok=True)
