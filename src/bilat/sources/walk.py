"""Find the inputs under the user's paths: every entry met is a file to read or a report.

Folders are walked in sorted order (a folder's files, then its sub-folders), so two runs
over the same tree meet the same sequence. Hidden entries (.git, .cache) and files whose
suffix bilat does not read (images, notes) are passed over without a word: a folder of
articles often holds them. Everything else the walk meets and cannot read is reported with
its own code: a folder it may not list (E109), a link that loops (E110) or leads nowhere
(E111), a FIFO, socket or device file (E112, never opened: opening a FIFO blocks until a
writer comes), and a file given by name whose type bilat does not read (E113).

Links to folders are followed, links to files are read; a link back into a folder that
contains it is a loop, reported once and not followed.

Written on ``os.scandir`` rather than ``os.walk``: os.walk hides exactly the entries that
must be reported (a folder it cannot list, links it does not follow, entries that are
neither file nor folder).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bilat.errors import (
    DanglingLink,
    LinkLoop,
    NotRegularFile,
    UnreadableFile,
    UnreadableFolder,
    UnsupportedFile,
)
from bilat.model import Failure
from bilat.sources.names import failure_of, path_text

FolderKey = tuple[int, int]  # (device, inode): the same folder, whatever link leads to it


@dataclass(frozen=True)
class _Folder:
    path: Path
    key: FolderKey


def inputs_under(path: Path, supported: frozenset[str]) -> Iterator[Path | Failure]:
    """The files to read under ``path`` (a file or a folder), in order, and a Failure for
    each input met that cannot be read. ``supported`` holds the suffixes bilat reads."""
    try:
        status = os.stat(path)
    except OSError as exc:
        yield _unreachable(path, exc)
        return
    if stat.S_ISDIR(status.st_mode):
        yield from _walk(path, frozenset({_key(status)}), supported)
    elif path.suffix.lower() not in supported:
        where = path_text(path)
        yield failure_of(path, UnsupportedFile(f"{where}: not a file type bilat reads."))
    elif stat.S_ISREG(status.st_mode):
        yield path
    else:
        yield _special(path, status)


def _walk(folder: Path, ancestors: frozenset[FolderKey],
          supported: frozenset[str]) -> Iterator[Path | Failure]:
    """``folder``'s files in name order, then its sub-folders; ``ancestors`` are the folders
    this one is in (a link back to one of them is a loop)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")),
                             key=lambda e: e.name)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        yield failure_of(folder, UnreadableFolder(
            f"{path_text(folder)}: the folder cannot be listed ({reason})."))
        return
    folders: list[_Folder] = []
    for entry in entries:
        found = _classify(entry, supported)
        if isinstance(found, _Folder):
            folders.append(found)
        elif found is not None:
            yield found
    for sub in folders:
        if sub.key in ancestors:
            where = path_text(sub.path)
            yield failure_of(sub.path, LinkLoop(
                f"{where}: the link leads back to a folder that contains it; not followed."))
        else:
            yield from _walk(sub.path, ancestors | {sub.key}, supported)


def _classify(entry: os.DirEntry[str],
              supported: frozenset[str]) -> Path | Failure | _Folder | None:
    """What to do with one entry: read it (a Path), walk it (a _Folder), report it (a
    Failure), or pass it over (None: a file of a type bilat does not read)."""
    path = Path(entry.path)
    try:
        status = entry.stat()  # follows links: a link is what it leads to
    except OSError as exc:
        # A broken entry of a type bilat would not read anyway is passed over like any
        # such file; a name with no suffix may have been a folder, so it is reported.
        if path.suffix and path.suffix.lower() not in supported:
            return None
        return _unreachable(path, exc)
    if stat.S_ISDIR(status.st_mode):
        return _Folder(path, _key(status))
    if path.suffix.lower() not in supported:
        return None
    return path if stat.S_ISREG(status.st_mode) else _special(path, status)


def _unreachable(path: Path, exc: OSError) -> Failure:
    """The report for an entry whose status cannot be read: a link that loops or leads
    nowhere, or an entry the user may not look at."""
    where = path_text(path)
    if exc.errno == errno.ELOOP:
        return failure_of(path, LinkLoop(f"{where}: the link leads to itself, in a loop."))
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        target = path_text(os.readlink(path))
        return failure_of(path, DanglingLink(f"{where}: the link points to {target}, "
                                             "which does not exist."))
    reason = exc.strerror or str(exc)
    return failure_of(path, UnreadableFile(f"{where}: cannot be read ({reason})."))


def _special(path: Path, status: os.stat_result) -> Failure:
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(status.st_mode)
            else "a socket" if stat.S_ISSOCK(status.st_mode)
            else "a device file" if stat.S_ISCHR(status.st_mode) or stat.S_ISBLK(status.st_mode)
            else "not a regular file")
    return failure_of(path, NotRegularFile(f"{path_text(path)}: {kind}; not opened."))


def _key(status: os.stat_result) -> FolderKey:
    return status.st_dev, status.st_ino
