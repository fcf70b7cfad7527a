"""The build lock of a SQLite database: an exclusive ``flock`` (``msvcrt.locking`` on
Windows) on a file beside it, ``<db>.lock``, released by the operating system when the
process ends, however it ends (a ``kill -9`` included).

Kept out of :mod:`bilat.store` (whose package imports SQLAlchemy) so that a build can take
it before that import (:mod:`bilat.pipeline.store_later`); the store takes it through
:mod:`bilat.store.locks`.

Written by hand: the standard library has the primitives and no lock file helper, and the
few lines here are all a non-blocking, crash-safe lock needs (no dependency is added for
them).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from bilat.errors import DatabaseLocked, DatabaseReadOnly

ANOTHER_BUILD = "Another build is using the database {where}."


class FileLock:
    """An exclusive lock on ``path`` (created if missing, removed on release)."""

    def __init__(self, path: Path, where: str) -> None:
        self.path = path
        self._fd: int | None = None
        for _ in range(3):  # the file may be replaced between our open and our lock: retry
            fd = self._open(where)
            if not _try_lock(fd):
                os.close(fd)
                raise DatabaseLocked(ANOTHER_BUILD.format(where=where))
            if _same_file(fd, path):
                self._fd = fd
                return
            os.close(fd)  # locked a file another build had just removed
        raise DatabaseLocked(ANOTHER_BUILD.format(where=where))

    def _open(self, where: str) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise DatabaseReadOnly(
                f"The lock file beside the database {where} cannot be created ({reason})."
            ) from None

    def release(self) -> None:
        if self._fd is None:
            return
        # Removed while still held: a build that opened it meanwhile finds it gone. (Windows
        # keeps an open file; an empty lock file left behind there is harmless.)
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)
