"""How sources name what they read: every name and message is valid Unicode text.

A file name on Linux is bytes; Python hands the bytes that are not UTF-8 over as lone
surrogates ("surrogateescape"), which can be neither stored nor printed. Every name, origin
and message that leaves this layer goes through :func:`path_text` instead, which shows such
bytes as ``\\xff`` escapes: the user still sees which file it was, the text is the same on
every run, and valid UTF-8 names are left exactly as they are.
"""

from __future__ import annotations

import os
from pathlib import Path

from bilat.errors import DocumentError
from bilat.model import Failure


def path_text(path: str | os.PathLike[str]) -> str:
    """``path`` as valid text, its undecodable bytes shown as ``\\xNN`` escapes."""
    return safe_text(os.fspath(path))


def name_text(path: Path) -> str:
    """The file name of ``path`` (its last part) as valid text."""
    return path_text(path.name)


def safe_text(text: str) -> str:
    """``text`` without lone surrogates: escaped bytes back to ``\\xNN``, others ``\\udNNN``."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte (from a JSON escape)
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def failure_of(path: Path, error: DocumentError, *, name: str | None = None,
               origin: str | None = None) -> Failure:
    """The reported, skipped input ``path`` (or a record in it, when ``name`` and ``origin``
    say which), refused with ``error``."""
    return Failure(
        name=name if name is not None else name_text(path),
        origin=origin if origin is not None else path_text(path),
        stage=error.stage,
        code=error.code,
        message=safe_text(error.message),
    )
