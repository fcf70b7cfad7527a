"""Where a parallel build's cores wait: a timeline of one ``bilat build --jobs N``.

usage: python bench/timeline.py [--jobs N | --dask local:N] [--docs N] [--seed S] [--dev-share F]

Builds the N-document mix of ``bench/run.py`` (1,200) into a fresh database with
timestamps and CPU seconds per phase: in the build's process (opening the store, loading
the model, the extraction it shares, each batch stored, the final merge's parts), in the
reader process (reading and preparing) and per chunk in each worker (and the seconds a
worker waited between its chunks). Prints the phases,
then one line of CPU seconds: the build's start-up before the extraction starts (S; and
S0 from the process's start, with the imports before the build), its own share of the
extraction phase, the workers', the reader's, and the final merge (M), with an estimate
of a quiet 2-core wall: S0 + (the extraction phase's CPU, and what the reader did not
finish within S0) / 2 + M. CPU seconds hold better than wall times on a shared
machine; the estimate ignores what two busy cores cost each other. Each process's user and
system CPU seconds and minor page faults (``resource.getrusage``) are given beside its
line, and a worker's CPU outside its chunks (receiving them, sending results); the
corpus without verbatim copies with ``--dev-share 0``. The wall seconds the build's
process spent waiting for its workers' results (in their futures' ``result()``: for a
chunk its workers had not finished, or, with Dask, results not yet fetched) are
given after the build's chunks. A merge inside the extraction phase (a build into an
empty database merges what it stored while its workers take the last chunks) is named
"early merge", apart from M. The last line gives the CPU
seconds the build's process spent in the cycle collector (full collections, and all), by
``gc.callbacks``.

The phases are timed by wrapping the pipeline's functions in this process (workers are
forked from it, and the reader too, so they run the wrapped functions).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import importlib
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402

T0 = time.perf_counter()
PARENT = os.getpid()
PHASES: list[tuple[str, float, float, float]] = []  # (what, start, end, CPU s) here
STARTED_AT_CPU: dict[str, float] = {}  # this process's CPU seconds as a phase started
LOGS = Path(tempfile.mkdtemp(prefix="bilat-timeline-"))  # one file per other process
WAITED_FOR_RESULTS: list[float] = []  # the build's process, in its workers' result()
PAIRS: list[int] = []  # tasks of two chunks (Dask), their chunks
COLLECTED = {"full": 0.0, "all": 0.0, "full collections": 0}  # this process's collector


def time_collections(phase: str, info: dict[str, int]) -> None:
    """A ``gc.callbacks`` entry: the CPU seconds of this process's collections."""
    if os.getpid() != PARENT:
        return
    if phase == "start":
        COLLECTED["started"] = time.process_time()
        return
    spent = time.process_time() - COLLECTED.pop("started", time.process_time())
    COLLECTED["all"] += spent
    if info["generation"] == 2:
        COLLECTED["full"] += spent
        COLLECTED["full collections"] += 1


gc.callbacks.append(time_collections)


def timed(module: Any, name: str, label: str | None = None) -> None:
    """Wrap ``module.name`` to log its start, end and CPU seconds in whichever process."""
    original: Callable[..., Any] = getattr(module, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.perf_counter(), time.process_time()
        STARTED_AT_CPU.setdefault(label or name, cpu)
        try:
            return original(*args, **kwargs)
        finally:
            entry = (label or name, start - T0, time.perf_counter() - T0,
                     time.process_time() - cpu)
            if os.getpid() == PARENT:
                PHASES.append(entry)
            else:  # a worker or the reader: its whole CPU so far goes with the entry
                with (LOGS / f"{os.getpid()}.jsonl").open("a") as log:
                    log.write(json.dumps([*entry, time.process_time(), *_usage()]) + "\n")

    setattr(module, name, wrapper)


def _usage() -> tuple[float, float, int]:
    """This process's user and system CPU seconds and minor page faults so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime, usage.ru_minflt


def _split(usage: list[float]) -> str:
    return f"(user {usage[0]:.2f}, sys {usage[1]:.2f}, {int(usage[2]):,} minor faults)"


def instrument() -> None:
    """Wrap the light modules now; the heavy ones (the executors, spaCy, the store) once the
    build has forked its reader, as the build imports them, so that the reader and the
    build's start-up are timed as they run without this script."""
    import bilat.pipeline.reader as reader
    import bilat.pipeline.run as build_run

    timed(reader, "_read", "reader")
    timed(reader._Grouping, "add", "grouping")
    timed(build_run, "build")
    timed(build_run, "_extract_and_store", "extraction phase")
    timed(build_run, "_write", "store a batch")
    timed(build_run, "merge_pending", "merge")
    forked = build_run.read_ahead

    @contextlib.contextmanager
    def read_ahead(*args: Any, **kwargs: Any) -> Any:
        with forked(*args, **kwargs) as documents:
            PHASES.append(("reader forked", time.perf_counter() - T0,
                           time.perf_counter() - T0, 0.0))
            instrument_heavy(store_now=False)
            yield documents

    build_run.read_ahead = read_ahead


def instrument_heavy(store_now: bool = True) -> None:
    """The extraction's modules, and the store's now (``store_now``) or as the build opens
    it: a parallel build into a new file imports it after forking its workers
    (``pipeline/store_later.py``), and importing it here would move that import back."""
    import bilat.pipeline.analyse as analyse
    import bilat.pipeline.executors as executors
    import bilat.pipeline.incremental as incremental
    import bilat.pipeline.store_later as store_later

    timed(analyse, "analyse_chunk", "chunk")
    import concurrent.futures.process as pool_process  # a worker's results, sent back

    timed(pool_process, "_sendback_result", "send results")
    executors.analyse_chunk = analyse.analyse_chunk  # the name the executors submit
    time_waits_for_results(executors)
    time_cluster_start()
    timed(analyse, "warm")
    executors.warm = analyse.warm
    for part in ("_regroup_copies", "_pending_mentions", "_neighbourhood", "merge_mentions"):
        timed(incremental, part, f"merge: {part}")
    if store_now:
        instrument_store(timed_open=True)
        return
    opened = store_later.StoreLater.__call__

    def first_call_timed(self: Any) -> Any:
        if self.opened is not None:
            return opened(self)
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return opened(self)
        finally:
            PHASES.append(("open the store (late)", start - T0, time.perf_counter() - T0,
                           time.process_time() - cpu))
            instrument_store(timed_open=False)

    store_later.StoreLater.__call__ = first_call_timed  # type: ignore[method-assign]


class _TimedResult:
    """A worker's future whose ``result()`` notes the wall seconds the caller waited."""

    def __init__(self, future: Any) -> None:
        self.future = future

    def done(self) -> bool:
        return bool(self.future.done())

    def result(self) -> Any:
        start = time.perf_counter()
        try:
            return self.future.result()
        finally:
            WAITED_FOR_RESULTS.append(time.perf_counter() - start)


def time_waits_for_results(executors: Any) -> None:
    """Wrap the futures that the build's process takes its workers' results from."""
    sharing = executors.sharing_in_order

    def timed_sharing(submit: Callable[[Any], Any], *args: Any, **kwargs: Any) -> Any:
        pair = kwargs.get("submit_pair")
        if pair is not None:  # two chunks as one task (Dask): each chunk's part timed
            def timed_pair(*two: Any) -> tuple[Any, ...]:
                PAIRS.append(len(two))
                return tuple(_TimedResult(p) for p in pair(*two))

            kwargs["submit_pair"] = timed_pair
        return sharing(lambda chunk: _TimedResult(submit(chunk)), *args, **kwargs)

    executors.sharing_in_order = timed_sharing


def time_cluster_start() -> None:
    """A Dask cluster's way up in the build's process: importing ``distributed``, then
    starting the cluster (a local one's scheduler, nanny and forked worker) and its client."""
    import bilat.pipeline.cluster as cluster

    started = cluster.dask_client

    @contextlib.contextmanager
    def timed_client(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.perf_counter(), time.process_time()
        imported = getattr(cluster, "import_distributed", None)  # older trees: a plain import
        imported() if imported else importlib.import_module("distributed")
        PHASES.append(("dask: import distributed", start - T0, time.perf_counter() - T0,
                       time.process_time() - cpu))
        start, cpu = time.perf_counter(), time.process_time()
        with started(*args, **kwargs) as client:
            PHASES.append(("dask: cluster and client up", start - T0,
                           time.perf_counter() - T0, time.process_time() - cpu))
            yield client

    cluster.dask_client = timed_client


def instrument_store(timed_open: bool) -> None:
    import bilat.store as store

    if timed_open:
        timed(store, "open_store")  # imported by the build after the reader's fork
    timed(store.SqlStore, "apply_merge", "merge: store.apply_merge")  # the writes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--dask", default=None, help="a cluster instead of --jobs (local:N)")
    ap.add_argument("--docs", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dev-share", type=float, default=0.5,
                    help="the share of dev copies in the mix (0: no verbatim copies)")
    args = ap.parse_args()
    run.OUT.mkdir(exist_ok=True)
    corpus = run.make_corpus(args.docs, args.dev_share, 0.15, args.seed)
    instrument()
    if args.jobs == 1 and not args.dask:
        instrument_heavy()
    import bilat.pipeline.run as build_run

    db = run.fresh_db(run.OUT / "timeline.db")
    print(f"load average {os.getloadavg()[0]:.1f}")
    build_run.build([corpus / "docs"], db=db, manifest=corpus / "manifest.jsonl",
                    jobs=1 if args.dask else args.jobs, dask=args.dask)
    report(time.perf_counter() - T0)


def waited(chunks: list[Any]) -> float:
    """The wall seconds between a process's chunks: a worker's are waits for work (its
    next chunk not yet handed to it); the build's process's are what it does besides
    extracting (storing, taking batches from the reader, handing chunks out)."""
    return sum(after[1] - before[2] for before, after in zip(chunks, chunks[1:], strict=False))


def overlap(pid: str, grouped: list[Any], read: list[Any], first_chunk: float) -> str:
    """The reader's copy grouping (its CPU s in all) and what of the reader's work reaches
    into the extraction: its CPU seconds after the first chunk started (from the CPU
    its process had spent at its last grouping before then), and the grouping's among
    them."""
    before = [g for g in grouped if g[2] <= first_chunk]
    cpu_then = before[-1][4] if before else 0.0
    late = sum(g[3] for g in grouped if g[2] > first_chunk)
    return (f"reader {pid:>8}  grouping {len(grouped)} batches, "
            f"{sum(g[3] for g in grouped):.2f} CPU s; after the first chunk's start at "
            f"{first_chunk:.2f} s: {max(0.0, read[4] - cpu_then):.2f} CPU s, "
            f"{late:.2f} of it grouping")


def tail(here: float, worker: float) -> str:
    """The end of the extraction: which process ran out of work first (chunks, or for the
    build's process its early merge), and how long (wall s) its core then waited for the
    other's last chunk."""
    waiting = "the build's process" if here < worker else "the workers"
    return (f"extraction's end: the build's last chunk or early merge ends at {here:.2f} s, "
            f"the workers' last chunk "
            f"at {worker:.2f} s: {waiting} waited {abs(worker - here):.2f} s")


def print_waits_for_results() -> None:
    if PAIRS:
        print(f"build's process  {len(PAIRS)} tasks of two chunks")
    if WAITED_FOR_RESULTS:
        print(f"build's process  waited for its workers' results {sum(WAITED_FOR_RESULTS):.2f} s "
              f"(wall) in {len(WAITED_FOR_RESULTS)} results, the longest "
              f"{max(WAITED_FOR_RESULTS):.2f} s")


def early_merges_named() -> None:
    """The merges inside the extraction phase (a build into an empty database merges what
    it stored while its workers take the last chunks) named apart from the final merge M,
    which starts after it: their CPU is in the extraction phase's."""
    extraction_end = max((p[2] for p in PHASES if p[0] == "extraction phase"), default=None)
    if extraction_end is None:
        return
    for i, (what, start, end, seconds) in enumerate(PHASES):
        if what.startswith("merge") and end <= extraction_end:
            PHASES[i] = ("early " + what, start, end, seconds)


def print_left_at_early_merge(pid: str, done: list[Any], early: list[Any]) -> None:
    """What a worker had left when the build's process began its early merge: the chunks
    ending after its start and their CPU seconds, against the merge's."""
    if early:
        left = [e for e in done if e[2] > early[0][1]]
        print(f"worker {pid:>8}  after the early merge's start ({early[0][3]:.2f} CPU s): "
              f"{len(left)} chunks, {sum(e[3] for e in left):.2f} CPU s")


def report(wall: float) -> None:
    early_merges_named()
    cpu: dict[str, float] = {}
    for what, start, end, seconds in PHASES:
        cpu[what] = cpu.get(what, 0.0) + seconds
        if what not in ("chunk", "store a batch", "build"):
            print(f"build's process  {what:28s} {start:7.2f} -> {end:7.2f} s, {seconds:5.2f} CPU s")
    batches = [p for p in PHASES if p[0] == "store a batch"]
    if batches:
        print(f"build's process  {len(batches)} batches stored, {cpu['store a batch']:.2f} CPU s")
    chunks = [p for p in PHASES if p[0] == "chunk"]
    if chunks:
        print(f"build's process  {len(chunks)} chunks, {cpu['chunk']:.2f} CPU s, "
              f"{chunks[0][1]:.2f} -> {chunks[-1][2]:.2f} s, {waited(chunks):.2f} s between")
    print_waits_for_results()
    workers, reader = 0.0, 0.0
    first_chunk = min([chunks[0][1]] if chunks else [], default=float("inf"))
    for log in LOGS.iterdir():  # the first chunk of any process
        starts = [json.loads(line)[1] for line in log.read_text().splitlines()
                  if line.startswith('["chunk"')]
        first_chunk = min([first_chunk, *starts])
    last_ends: list[float] = []  # each worker's last chunk's end
    early = [p for p in PHASES if p[0] == "early merge"]
    for log in sorted(LOGS.iterdir()):
        entries = [json.loads(line) for line in log.read_text().splitlines()]
        done = [e for e in entries if e[0] == "chunk"]
        if done:
            workers += done[-1][4]
            last_ends.append(done[-1][2])
            print(f"worker {log.stem:>8}  {len(done)} chunks, {done[-1][4]:.2f} CPU s "
                  f"({sum(e[3] for e in done):.2f} in its chunks), "
                  f"{done[0][1]:.2f} -> {done[-1][2]:.2f} s, {waited(done):.2f} s waiting "
                  f"{_split(done[-1][5:])}")
            print_left_at_early_merge(log.stem, done, early)
            sends = [e for e in entries if e[0] == "send results"]
            print(f"worker {log.stem:>8}  results sent {len(sends)} times, "
                  f"{sum(e[2] - e[1] for e in sends):.2f} s of wall in the sends")
        for e in entries:
            if e[0] == "reader":
                reader = e[4]
                print(f"reader {log.stem:>8}  {e[1]:.2f} -> {e[2]:.2f} s, {e[4]:.2f} CPU s "
                      f"{_split(e[5:])}")
                grouped = [g for g in entries if g[0] == "grouping"]
                if grouped:
                    print(overlap(log.stem, grouped, e, first_chunk))
        log.unlink()
    LOGS.rmdir()
    if chunks and last_ends:  # the build's process's last work: a chunk, or its early merge
        early = [p[2] for p in PHASES if p[0] == "early merge"]
        print(tail(max([chunks[-1][2], *early]), max(last_ends)))
    # start-up: the build's own CPU from its start to its extraction's; and from the
    # process's start (the imports before the build, which leave the other core idle)
    start = STARTED_AT_CPU.get("extraction phase", 0.0) - STARTED_AT_CPU.get("build", 0.0)
    from_start = STARTED_AT_CPU.get("extraction phase", 0.0)
    phase, merge = cpu.get("extraction phase", 0.0), cpu.get("merge", 0.0)
    estimate = from_start + (phase + workers + max(0.0, reader - from_start)) / 2 + merge
    own = resource.getrusage(resource.RUSAGE_SELF)
    print(f"build's process  {own.ru_utime + own.ru_stime:.2f} CPU s "
          f"{_split([own.ru_utime, own.ru_stime, own.ru_minflt])}")
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    print(json.dumps({"S": round(start, 2), "S0": round(from_start, 2),
                      "extraction here": round(phase, 2),
                      "workers": round(workers, 2), "reader": round(reader, 2),
                      "M": round(merge, 2), "CPU s in all": round(total, 1),
                      "quiet 2-core estimate": round(estimate, 1), "wall": round(wall, 1)}))
    print(f"collector in the build's process: {COLLECTED['full collections']} full "
          f"collections, {COLLECTED['full']:.2f} CPU s; all collections {COLLECTED['all']:.2f}")


if __name__ == "__main__":
    main()
