"""Dask clusters for ``bilat build ... --dask local:N`` or ``--dask tcp://host:8786``.

``local:N`` starts a LocalCluster of N - 1 single-threaded worker processes on this
machine (spaCy releases the GIL too rarely for threads to help), the build's own process
being the N-th (:attr:`ClusterSpec.dask_workers`); any other value is the address of
a running scheduler, whose workers need bilat and the pinned spaCy model installed and the
user knowledge files (``BILAT_KB_PATH``) at the same paths. What runs on the workers is
:func:`bilat.pipeline.executors.dask_analyser`.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from bilat.deferred import import_deferring
from bilat.errors import ClusterError

_LOCAL = re.compile(r"local(?::(\d+))?")
CONNECT_TIMEOUT = "20s"
# A local cluster's workers run without Dask's stack profiler: it samples the task's
# thread every 10 ms, taking the GIL and CPU from the extraction on the same cores, for a
# dashboard a build never shows. Its scheduler (in this process), nanny and workers poll
# less often: the event loop's tick (default 20 ms, to warn of a blocked loop), the
# system monitor (500 ms, the dashboard's CPU and memory figures) and the workers' memory
# monitor (100 ms, to pause or spill past a memory limit that a build's workers, with a
# few hundred MiB each, stay far from). Measured idle: 0.05 CPU s a second -> 0.013. A
# remote cluster keeps its own configuration.
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}
FORKED_WORKERS = {"distributed.worker.multiprocessing-method": "fork"}
# A scheduler serves HTTP (its health and metrics routes) even without its dashboard, on
# port 8787 unless told otherwise: a second local cluster on the machine (two builds at
# once) warned "Port 8787 is already in use". A local cluster's is on a free port of the
# loopback interface (Dask's own way to pick one: port 0), which nothing here reads.
LOCAL_SCHEDULER_HTTP = {"dashboard_address": "127.0.0.1:0"}
# What importing Dask loads for what a build never does, left out until called
# (:mod:`bilat.deferred`; 0.26 CPU s to import ``distributed`` -> about 0.2, serial on the
# build's process's way to its worker's first chunk): jinja2, for the HTML reprs of a
# notebook; click, for preload modules' command-line options (used only when a preload
# is configured: then imported as usual, :func:`_preloads`); and the websocket comm, for
# ws:// addresses (imported when the address is one: :func:`dask_client`).
DEFERRED_WITH_DASK: Mapping[str, Sequence[str]] = {
    "jinja2": ("Environment", "FileSystemLoader", "Template"),
    "jinja2.exceptions": ("TemplateNotFound",),
}
DEFERRED_WITHOUT_PRELOADS: Mapping[str, Sequence[str]] = {
    "click": ("Command", "Context", "NoSuchOption", "UsageError"),
}
DEFERRED_WITH_DISTRIBUTED: Mapping[str, Sequence[str]] = {"distributed.comm.ws": ()}
PRELOADS = tuple(f"distributed.{part}.preload" for part in ("scheduler", "worker", "nanny",
                                                            "client"))
WEBSOCKETS = ("ws://", "wss://")


@dataclass(frozen=True)
class ClusterSpec:
    local_workers: int | None  # N for local:N, None for a scheduler address
    address: str | None = None

    @property
    def shared(self) -> bool:
        """Whether the build's own process extracts beside the Dask workers: with
        ``local:N`` (N >= 2) N processes extract, like ``--jobs N``; a remote cluster's
        workers are elsewhere and the build's process only feeds them and stores."""
        return self.local_workers is not None and self.local_workers >= 2

    @property
    def dask_workers(self) -> int | None:
        """The workers a local cluster starts: N - 1 beside the build's process (one for
        ``local:1``); None for a scheduler's address."""
        if self.local_workers is None:
            return None
        return self.local_workers - 1 if self.shared else 1


def parse_spec(spec: str) -> ClusterSpec:
    """``local`` / ``local:N`` (N >= 1) or a scheduler address (``tcp://host:8786``)."""
    spec = spec.strip()
    m = _LOCAL.fullmatch(spec)
    if m:
        n = int(m.group(1) or 1)
        if n < 1:
            raise ClusterError(f"--dask {spec}: a local cluster needs at least one worker.")
        return ClusterSpec(n)
    if spec.startswith("local") or ("://" not in spec and ":" not in spec):
        raise ClusterError(f"--dask {spec!r} is neither local:N nor a scheduler address.")
    return ClusterSpec(None, spec)


def import_distributed() -> ModuleType:
    """``distributed``, imported (if no one has yet) without what a build does not use
    (:data:`DEFERRED_WITH_DASK`, ...)."""
    dask = import_deferring("dask", DEFERRED_WITH_DASK)
    stand_ins = {**DEFERRED_WITH_DASK, **DEFERRED_WITH_DISTRIBUTED}
    if not _preloads(dask.config):
        stand_ins.update(DEFERRED_WITHOUT_PRELOADS)
    return import_deferring("distributed", stand_ins)


def _preloads(config: Any) -> bool:
    """Whether Dask's configuration (its files and environment) names a preload module."""
    return any(config.get(key, None) for key in PRELOADS)


@contextmanager
def dask_client(spec: str, fork: bool = False) -> Iterator[Any]:
    """A connected ``distributed.Client``, closed (with its local cluster) on exit; with
    ``fork``, a local cluster's worker processes are forked from this one (they inherit
    what it has loaded) instead of spawned."""
    import_distributed()
    import dask.config
    from dask.distributed import Client, LocalCluster

    parsed = parse_spec(spec)
    if parsed.address is not None and parsed.address.startswith(WEBSOCKETS):
        importlib.import_module("distributed.comm.ws")  # registers the ws:// comms
    config = {**LOCAL_WORKER_CONFIG, **(FORKED_WORKERS if fork else {})}
    with ExitStack() as stack:
        try:
            if parsed.dask_workers is not None:
                stack.enter_context(dask.config.set(config))  # the nannies pass
                cluster = stack.enter_context(LocalCluster(  # it on to their workers
                    n_workers=parsed.dask_workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, scheduler_kwargs=LOCAL_SCHEDULER_HTTP,
                    silence_logs=logging.ERROR))
                client = stack.enter_context(Client(cluster))
            else:
                client = stack.enter_context(Client(parsed.address, timeout=CONNECT_TIMEOUT))
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"--dask {spec}: cannot reach the cluster ({exc}).") from exc
        yield client
