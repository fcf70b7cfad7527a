"""Libraries imported without submodules bilat never calls into.

Two libraries import, when imported, a heavy submodule for one function bilat does not
use (or uses once, on a path a kept value spares): spaCy imports ``spacy.cli`` (every
spaCy command, with typer, requests, httpx, jinja2 and weasel: 0.18 of ``import spacy``'s
0.52 CPU s) for ``spacy.info``, and datasketch imports ``scipy.integrate`` (0.32 of its
0.48 CPU s) for the integral that chooses an LSH's bands. While such a library's package
runs, the submodule is a stand-in whose functions import the real one when first called;
the stand-in is removed as soon as the library is imported, so a later import of the
submodule gets the real one. Written by hand: neither library has a switch for it, and
importlib's LazyLoader cannot defer a submodule imported with ``from ... import``.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def import_deferring(library: str, stand_ins: Mapping[str, Sequence[str]]) -> types.ModuleType:
    """Import ``library`` (if no one has yet) with each module of ``stand_ins`` (a module's
    name -> the names the library takes from it) not imported until one of those names is
    called; a module already imported is used as it is."""
    if library in sys.modules:
        return sys.modules[library]
    standing = [name for name in stand_ins if name not in sys.modules]
    for name in standing:
        sys.modules[name] = _stand_in(name, stand_ins[name])
    try:
        return importlib.import_module(library)
    finally:
        for name in standing:
            del sys.modules[name]


def _stand_in(module: str, names: Sequence[str]) -> types.ModuleType:
    stand_in = types.ModuleType(module, f"Stands for {module} until one of its functions "
                                        "is called.")
    for name in names:
        setattr(stand_in, name, _imported_when_called(module, name))
    return stand_in


def _imported_when_called(module: str, name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"``{module}.{name}``, imported at its first call."
    return call
