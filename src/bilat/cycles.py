"""Python's cycle collector paused for a block that only allocates objects that live on.

Shared by the layers that build large, long-lived structures: the gazetteer as it loads
(``knowledge``), the merge's profiles and groups (``events.merge``) and the build's
libraries, model and knowledge base (``pipeline.collector``). In such a block every
collection walks a heap that only grows and frees nothing; each caller says, where it
pauses, what it measured. Reference counting still frees everything meanwhile.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic garbage collection in this block; the collector is as it was after it
    (a caller that had turned it off keeps it off, even if a library in the block turned
    it on: srsly, which spaCy's model load calls, does so at every msgpack read)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        else:
            gc.disable()
