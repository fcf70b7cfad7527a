"""The build and the cycle collector: paused while the libraries, the model and the
knowledge base load, then kept off them for the rest of the build.

Why: they are some 260,000 objects that live as long as the build and are never garbage.
Every full collection walked them all and freed nothing (~1 CPU s of a 1,200-document
one-process build, a third of it while they load, and a full collection in the final
merge, which runs alone with the workers' cores idle). Put out of the collector's reach
(``gc.freeze``) once loaded, a collection walks only what the build allocates since.
Processes forked from the build (its workers) inherit them frozen too: a collection in a
worker would otherwise write to every page that holds them and copy the shared memory
page by page.

Kept apart from the executors so that the build can pause the collector before it
imports them (spaCy and the extraction: most of the imports' collections).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bilat.cycles import paused


@contextmanager
def frozen_once_loaded(load: Callable[[], None]) -> Iterator[Callable[[], None]]:
    """Every object alive at the start of this block (the libraries imported) out of the
    collector's reach (``gc.freeze``) until its end, and a function that, at its first
    call, runs ``load`` with the collector paused and freezes what it loaded too. At the
    end of the block this process gets them back and collects as before. A block that
    never calls it (a build with nothing new to extract) loads nothing.

    A process that had frozen objects itself (a server after its start) keeps all frozen:
    ``gc.unfreeze`` cannot give back only what this block froze."""
    theirs = gc.get_freeze_count()  # objects frozen before this block
    loaded = False

    def load_once() -> None:
        nonlocal loaded
        if not loaded:
            # frozen before the collector resumes: the objects allocated while it was
            # paused still count, and its first collection would walk them all
            with paused():
                load()
                gc.freeze()
            loaded = True

    gc.freeze()
    try:
        yield load_once
    finally:
        if not theirs:
            gc.unfreeze()
