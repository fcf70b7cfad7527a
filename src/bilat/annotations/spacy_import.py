"""spaCy imported without its command line.

``spacy/__init__.py`` imports ``spacy.cli.info`` for ``spacy.info``, and ``spacy.cli``
imports every spaCy command (download, train, project...) with typer, requests, httpx,
jinja2 and weasel: 0.18 of ``import spacy``'s 0.52 CPU s, paid by every build's start-up,
none of it used by bilat. While spaCy's package runs, ``spacy.cli.info`` is a stand-in
whose ``info`` imports the real command when called; the stand-in is removed as soon as
spaCy is imported, so a later ``import spacy.cli`` gets the real package. Written by hand:
spaCy has no switch for it, and importlib's LazyLoader cannot defer a submodule imported
with ``from ... import``.
"""

from __future__ import annotations

import sys
import types
from typing import Any

_INFO = "spacy.cli.info"


def import_spacy_without_cli() -> None:
    """Import spaCy (if no one has yet) without ``spacy.cli``."""
    if "spacy" in sys.modules or _INFO in sys.modules:
        return
    sys.modules[_INFO] = _info_stand_in()
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules[_INFO]


def _info_stand_in() -> types.ModuleType:
    stand_in = types.ModuleType(_INFO, "Stands for spaCy's info command while spaCy loads.")

    def info(*args: Any, **kwargs: Any) -> Any:
        """``spacy.info``: the real command, imported at its first call."""
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    stand_in.info = info  # type: ignore[attr-defined]
    return stand_in
