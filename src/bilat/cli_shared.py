"""What every `bilat` command module shares: the consoles, the --db option, printing any
text as it reads (:func:`plain`), failing with a coded error and its exit code, and opening
a database that must exist. Used by :mod:`bilat.cli` and :mod:`bilat.cli_corrections`."""

from __future__ import annotations

import sys
import unicodedata
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from bilat.errors import BilatError, StoreError
from bilat.sources.names import safe_text

# the store (SQLAlchemy, ~0.25 CPU s) is imported where a database is opened: `bilat build`
# forks its reader before it imports the store, and importing it here came first
if TYPE_CHECKING:
    from bilat.store.base import Store

# wide tables when piped (rich would fold them to 80 columns)
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", help="SQLite file or postgresql:// URL.")]


# Reorder the text after them on screen ("Trojan source"), so a name could hide its end.
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def plain(value: object) -> Text:
    """``value`` (a document name, a message) as text that prints exactly as it reads: never
    read as Rich markup or emoji codes (a Text is neither), control characters, bidi
    overrides and undecodable bytes shown as escapes (``\\x1b``, ``\\u202e``, ``\\xff``)."""
    text = safe_text(str(value))
    return Text("".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS else char
        for char in text))


# Exit codes: 0 done; 1 build: some documents skipped; 2 a usage error or nothing usable;
# 3 the database failed (a StoreError: locked, disk full, corrupt, unreachable, missing).
EXIT_STORE = 3


def fail(exc: BilatError) -> None:
    """Print a coded error and its fix (one line, no traceback) and exit."""
    err.print(Text.assemble(("error", "red"), " ", plain(exc)))
    raise typer.Exit(EXIT_STORE if isinstance(exc, StoreError) else 2)


def open_existing(db: str) -> Store:
    """The database for a command that reads it: never created (a typo is refused)."""
    from bilat.store import open_store

    return open_store(db, create=False)
