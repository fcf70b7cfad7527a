"""`bilat build`: sources -> documents -> annotations -> events -> store.

This package is the edge where files, processes and the database meet the pure stages:

- :mod:`~bilat.pipeline.run` - the build: read the inputs, skip what is stored, extract
  in chunks, write in batches, merge, report (:func:`build`, :func:`iter_documents`);
- :mod:`~bilat.pipeline.reader` - reading and preparing the input (:func:`prepared`), in
  a process of its own in a parallel build, while the build's process loads the model;
- :mod:`~bilat.pipeline.analyse` - what a worker runs: one document, one chunk parsed in
  one spaCy stream (:func:`analyse_chunk`);
- :mod:`~bilat.pipeline.executors` - where chunks run: this process, this process and
  ``jobs - 1`` worker processes, or Dask workers (:mod:`~bilat.pipeline.cluster` connects
  to the cluster);
  results come back in input order and only the build's process writes, so a parallel
  build stores exactly what a serial build stores;
- :mod:`~bilat.pipeline.processes` - whether the reader and workers may be forked, and
  how each ends with the build's process;
- :mod:`~bilat.pipeline.collector` - the cycle collector paused while the libraries, the
  model and the knowledge base load, and kept off them for the rest of the build;
- :mod:`~bilat.pipeline.incremental` - the merge of newly stored documents with their
  neighbourhood of stored events (:func:`merge_pending`), equal to merging everything
  again (:func:`remerge`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The names below are imported at their first use, not with the package: a parallel build
# forks its reader as soon as it starts (:func:`~bilat.pipeline.run.build`), and the
# extraction's libraries (spaCy, dateparser: ~1 CPU s) are then imported beside the
# reader instead of before it, with a core idle.
if TYPE_CHECKING:  # "x as x": re-exported for type checkers
    from bilat.pipeline.analyse import analyse_chunk as analyse_chunk
    from bilat.pipeline.executors import analyser_for as analyser_for
    from bilat.pipeline.executors import in_order as in_order
    from bilat.pipeline.incremental import merge_pending as merge_pending
    from bilat.pipeline.incremental import remerge as remerge
    from bilat.pipeline.reader import prepared as prepared
    from bilat.pipeline.run import BuildReport as BuildReport
    from bilat.pipeline.run import build as build
    from bilat.pipeline.run import iter_documents as iter_documents
    from bilat.pipeline.run import skip_exit_collections as skip_exit_collections

# each name the package gives -> the module it lives in
_HOME = {
    "analyse_chunk": "analyse",
    "analyser_for": "executors",
    "in_order": "executors",
    "merge_pending": "incremental",
    "remerge": "incremental",
    "prepared": "reader",
    "BuildReport": "run",
    "build": "run",
    "iter_documents": "run",
    "skip_exit_collections": "run",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)


__all__ = sorted(_HOME)
