"""Where extraction runs: in this process, in worker processes, or on Dask workers.

An :class:`Analyser` maps chunks of documents to their results, in the order the chunks
came, whichever executor runs them; only the build's own process writes to the store, so
a parallel build stores exactly what a serial build stores. A worker loads the model and
the knowledge base once (:func:`~bilat.pipeline.analyse.warm`), and ends with the build's
process however that ends (:func:`end_with_parent`).
"""

from __future__ import annotations

import asyncio
import functools
import gc
import math
import multiprocessing
import sys
import time
import types
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol

from bilat.cycles import paused
from bilat.errors import ClusterError, UsageError
from bilat.pipeline.analyse import Chunk, Result, analyse_chunk, warm
from bilat.pipeline.collector import frozen_once_loaded
from bilat.pipeline.processes import can_fork, end_with_parent

# Tasks in flight per worker: one running, one queued, so a worker never waits for work.
TASKS_PER_WORKER = 2
# A worker's beside the build's process: one more. The build's process tops the workers
# up only between its own chunks; a Dask worker that ran its two while the build's
# process ran one chunk waited for the next (1.8 to 2.2 s of waits on the mix with two,
# 0.55 to 0.95 with three), and the build's process, left with more chunks than its
# worker, set the wall. (A remote cluster's feeder does nothing else: two.)
SHARED_TASKS_PER_WORKER = 3
# The longest a thread of the build's process holds the GIL while another waits for it,
# while it extracts beside its worker processes (Python's default: 5 ms). The process
# pool's manager and feeder threads hand the workers their chunks and take their results
# in, a few GIL turns for each chunk: with 5 ms a worker waited for them between its
# chunks, 0.5 to 0.8 s in all on the mix, 0.1 to 0.25 with 1 ms. (Not with Dask: the
# scheduler's and nanny's event loop, in this process too, then took more of its turns
# from the extraction than its worker gained.)
SHARING_SWITCH_INTERVAL = 0.001
# The pipe a worker process writes its results into (Linux's default: 64 KiB). A chunk's
# results (70 to 120 KB on the mix) did not fit: the worker blocked in the write until the
# pool's manager thread in the build's process, which needs the GIL the extraction holds,
# had read the rest, instead of starting its next chunk, queued already.
RESULT_PIPE_BYTES = 1 << 20


class Meanwhile(Protocol):
    """Work for this process's core near the input's end, while its workers take the
    chunks left (a parallel build's early merge)."""

    def seconds(self) -> float:
        """The work's expected CPU seconds, were it done now (0: none to do)."""
        ...

    def __call__(self) -> None:
        """Do it (once every result before the workers' last ones has been yielded)."""
        ...


class Analyser(Protocol):
    """Maps chunks to their results, in the order the chunks came; where this process
    extracts beside workers, it may do ``meanwhile``'s work near the input's end."""

    def __call__(self, chunks: Iterable[Chunk],
                 meanwhile: Meanwhile | None = None) -> Iterator[list[Result]]: ...

# Windows' worth of chunks that must come after a pair of chunks for the pair to go out
# as one task (``submit_pair``): near the input's end single chunks keep the end even.
PAIRED_AHEAD = 2


class _Future(Protocol):
    def result(self) -> list[Result]: ...

    def done(self) -> bool: ...


def in_order(submit: Callable[[Chunk], _Future], chunks: Iterable[Chunk],
             window: int) -> Iterator[list[Result]]:
    """Submit chunks with at most ``window`` in flight; yield results in submission order."""
    pending: deque[_Future] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class _Part:
    """One chunk's results out of a task that analysed several (:func:`analyse_chunks`),
    its results fetched here (:func:`fetched_when_done`)."""

    def __init__(self, task: Future[list[list[Result]]], index: int) -> None:
        self.task = task
        self.index = index

    def result(self) -> list[Result]:
        return self.task.result()[self.index]

    def done(self) -> bool:
        return self.task.done()


# Sends two chunks out as one task: a future for each chunk's results, in their order.
SubmitPair = Callable[[Chunk, Chunk], tuple[_Future, _Future]]


def analyse_chunks(chunks: list[Chunk], kb_paths: tuple[Path, ...],
                   screened: bool) -> list[list[Result]]:
    """Each chunk's results, as :func:`analyse_chunk` gives them: one task for several."""
    return [analyse_chunk(chunk, kb_paths, screened) for chunk in chunks]


class _Ready:
    """A chunk analysed in this process, waiting for its turn in the output."""

    def __init__(self, results: list[Result]) -> None:
        self.results = results

    def result(self) -> list[Result]:
        return self.results

    def done(self) -> bool:
        return True


@contextmanager
def threads_answered_sooner() -> Iterator[None]:
    """This process's threads take turns at the GIL every :data:`SHARING_SWITCH_INTERVAL`
    seconds at most within the block, then as before."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, SHARING_SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def sharing_in_order(submit: Callable[[Chunk], _Future], here: Callable[[Chunk], list[Result]],
                     chunks: Iterable[Chunk], window: int, workers: int = 1,
                     submit_pair: SubmitPair | None = None,
                     meanwhile: Meanwhile | None = None) -> Iterator[list[Result]]:
    """Like :func:`in_order`, but instead of waiting while ``window`` chunks are in flight,
    this process analyses the next chunk itself (``here``): on N cores N processes extract,
    the workers always have work queued, and what this process has left to do (reading,
    storing) takes it off extraction for just that long. Results that are done are yielded
    at once, in submission order, so they are stored while the workers go on.

    Near the input's end the ``workers`` get no more than this process has left to do
    itself: a chunk goes out only while at least as many come after it as each worker has
    in flight (looking that far ahead). Filled to the window to the last chunk, a worker
    had two or three queued when this process ran out, which then waited for them with its
    core idle (0.1 to 0.3 s of wall on the mix); the first ``window`` chunks go out without
    looking ahead, so the worker starts as soon as the first chunk is there.

    With ``submit_pair``, a chunk goes out with the next one as one task while more than
    :data:`PAIRED_AHEAD` windows' chunks come after them (away from the start and the
    end, which stay as they are).

    With ``meanwhile``, once the chunks left (past the first window) are about as many
    as the workers need to stay busy while this process does its work (their chunks in
    flight counted, each chunk as long as this process's last ones), the workers get
    them all and this process does the work meanwhile (:func:`_tail_to_workers`)."""
    pending: deque[_Future] = deque()
    upcoming = _Upcoming(chunks)
    submitted = 0
    chunk_seconds = 0.0  # this process's last chunks' CPU seconds, averaged
    for chunk in upcoming:
        busy = sum(not task.done() for task in pending)
        if (meanwhile is not None and submitted >= window and chunk_seconds
                and not upcoming.at_least(_chunks_for(meanwhile.seconds(), chunk_seconds,
                                                      busy, workers))):
            yield from _tail_to_workers(submit, [chunk, *upcoming], pending, meanwhile)
            return
        if busy < window and (submitted < window or upcoming.at_least(math.ceil(busy / workers))):
            if (submit_pair is not None and submitted >= window
                    and upcoming.at_least(1 + PAIRED_AHEAD * window)):
                pending.extend(submit_pair(chunk, next(upcoming)))
                submitted += 2
            else:
                pending.append(submit(chunk))
                submitted += 1
        else:
            started = time.process_time()
            pending.append(_Ready(here(chunk)))
            spent = time.process_time() - started
            chunk_seconds = (chunk_seconds + spent) / 2 if chunk_seconds else spent
        while pending and pending[0].done():
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _chunks_for(work_seconds: float, chunk_seconds: float, busy: int, workers: int) -> int:
    """How many more chunks the ``workers`` need to stay busy for ``work_seconds`` of this
    process's work, given ``busy`` chunks in flight (0 or less: the work is too short to
    be worth doing early)."""
    return math.ceil(work_seconds * workers / chunk_seconds) - busy


def _tail_to_workers(submit: Callable[[Chunk], _Future], chunks: list[Chunk],
                     pending: deque[_Future], work: Callable[[], None]) -> Iterator[list[Result]]:
    """The input's last ``chunks`` sent to the workers; the results already done yielded,
    then ``work`` done here while the workers extract, then the rest, in order."""
    pending.extend(submit(chunk) for chunk in chunks)
    while pending and pending[0].done():
        yield pending.popleft().result()
    work()
    while pending:
        yield pending.popleft().result()


class _Upcoming(Iterator[Chunk]):
    """The input's chunks, pulled only as far ahead as :meth:`at_least` asks (each pulled
    chunk is read from the reader and checked against the store)."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        self._chunks = iter(chunks)
        self._ahead: deque[Chunk] = deque()

    def __next__(self) -> Chunk:
        return self._ahead.popleft() if self._ahead else next(self._chunks)

    def at_least(self, count: int) -> bool:
        """Whether ``count`` chunks or more come after the one taken last."""
        while len(self._ahead) < count:
            chunk = next(self._chunks, None)
            if chunk is None:
                return False
            self._ahead.append(chunk)
        return True


Warmed = Callable[[], None]  # loads the model and the knowledge base here, once


@contextmanager
def analyser_for(jobs: int, dask: str | None, kb_paths: tuple[Path, ...],
                 screened: bool = True, warmed: Warmed | None = None) -> Iterator[Analyser]:
    """The executor the options ask for: ``dask`` (a cluster spec), else ``jobs``
    processes (this one and ``jobs - 1`` workers), else this process. ``warmed`` loads
    the model and the knowledge base in this process (by default :func:`warm`, its
    objects then frozen until the executor ends: :func:`~bilat.pipeline.collector.
    frozen_once_loaded`)."""
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}.")
    if dask and jobs > 1:
        raise UsageError("Give either --jobs or --dask, not both.",
                         fix="With --dask, the workers come from the Dask cluster.")
    with ExitStack() as stack:
        if warmed is None:
            warmed = stack.enter_context(frozen_once_loaded(lambda: warm(kb_paths)))
        if dask:
            run = stack.enter_context(dask_analyser(dask, kb_paths, screened, warmed))
        elif jobs > 1:
            run = stack.enter_context(process_analyser(jobs, kb_paths, screened, warmed))
        else:
            run = stack.enter_context(serial_analyser(kb_paths, screened, warmed))
        yield run


@contextmanager
def serial_analyser(kb_paths: tuple[Path, ...], screened: bool,
                    warmed: Warmed) -> Iterator[Analyser]:
    """Chunks analysed in this process, the model loaded at the first (a build with
    nothing new loads none)."""
    def run(chunks: Iterable[Chunk], meanwhile: Meanwhile | None = None) -> Iterator[list[Result]]:
        for chunk in chunks:  # nothing to do meanwhile: no other process extracts
            warmed()
            yield analyse_chunk(chunk, kb_paths, screened)

    yield run


@contextmanager
def process_analyser(jobs: int, kb_paths: tuple[Path, ...], screened: bool,
                     warmed: Warmed) -> Iterator[Analyser]:
    """``jobs`` processes extract: this one and ``jobs - 1`` workers
    (:func:`sharing_in_order`). A build's own process used to only read and store while
    ``jobs`` workers extracted; on 2 cores it then loaded the libraries and the model for
    nothing, left a core idle while the workers started, and took CPU from both workers
    at once (1.6x one process with ``--jobs 2``).

    Where the platform forks safely (Linux), this process loads the model and the
    knowledge base first and the workers are forked from it (:func:`forked_workers`);
    elsewhere they are spawned and load their own."""
    workers = jobs - 1
    start = (functools.partial(forked_workers, warmed=warmed) if can_fork()
             else spawned_workers)
    with start(workers, kb_paths) as pool:
        def submit(chunk: Chunk) -> _Future:
            return pool.submit(analyse_chunk, chunk, kb_paths, screened)

        def here(chunk: Chunk) -> list[Result]:
            warmed()
            return analyse_chunk(chunk, kb_paths, screened)

        def run(chunks: Iterable[Chunk],
                meanwhile: Meanwhile | None = None) -> Iterator[list[Result]]:
            with threads_answered_sooner():
                yield from sharing_in_order(submit, here, chunks,
                                            workers * SHARED_TASKS_PER_WORKER, workers=workers,
                                            meanwhile=meanwhile)

        yield run


@contextmanager
def forked_workers(workers: int, kb_paths: tuple[Path, ...],
                   warmed: Warmed | None = None) -> Iterator[ProcessPoolExecutor]:
    """Workers forked from this process once it has loaded the model and the knowledge
    base (which it needs anyway, as it extracts too): they share both copy-on-write and
    start extracting at once. A spawned worker imports the libraries and loads the model
    again, +3 CPU seconds each, taken from the extraction on a machine with as many cores
    as processes.

    The pool forks its workers at its first task, before it starts a thread of its own;
    the build's store is not used in a worker (only this process writes), and its build
    lock stays held while they live."""
    with ExitStack() as stack:
        if warmed is None:
            warmed = stack.enter_context(frozen_once_loaded(lambda: warm(kb_paths)))
        warmed()  # the workers inherit the loaded objects frozen (collector.py)
        pool = stack.enter_context(ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"), initializer=end_with_parent))
        roomier_results(pool)
        pool.submit(int)  # forks every worker now, while nothing else runs here
        yield pool


def roomier_results(pool: ProcessPoolExecutor) -> None:
    """Let the pool's workers write a chunk's results into its pipe at once
    (:data:`RESULT_PIPE_BYTES`), where Linux lets a pipe grow (``F_SETPIPE_SZ``)."""
    import fcntl

    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    grow = getattr(fcntl, "F_SETPIPE_SZ", None)
    if writer is None or grow is None:
        return
    # above the system's limit (/proc/sys/fs/pipe-max-size) the pipe stays as it was
    with suppress(OSError):
        fcntl.fcntl(writer.fileno(), grow, RESULT_PIPE_BYTES)


@contextmanager
def spawned_workers(workers: int, kb_paths: tuple[Path, ...]) -> Iterator[ProcessPoolExecutor]:
    """Workers started as fresh interpreters, each loading the model itself while this
    process reads."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker,
                             initargs=(kb_paths,)) as pool:
        roomier_results(pool)
        with light_main():  # start every worker now (a task each, none of them idle yet)
            for _ in range(workers):
                pool.submit(int)
        yield pool


def start_worker(kb_paths: tuple[Path, ...]) -> None:
    """A spawned worker's start: tie its life to the build's, then load what it needs,
    out of the collector's reach for the worker's life (collector.py)."""
    end_with_parent()
    with paused():
        warm(kb_paths)
        gc.freeze()  # before the collector resumes (collector.py)


@contextmanager
def light_main() -> Iterator[None]:
    """Start worker processes without the build's main module. A spawned process first
    runs its parent's ``__main__`` again (the CLI, with SQLAlchemy, typer and rich: +0.7 s
    and +16 MiB a worker) so that functions defined there can be unpickled; a worker runs
    only functions of this package, so it is given an empty main module instead. Only the
    processes started inside this block are concerned."""
    main = sys.modules["__main__"]
    if getattr(main, "__spec__", None) is None and getattr(main, "__file__", None) is None:
        yield  # an interactive main: nothing to run again
        return
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


@contextmanager
def dask_analyser(spec: str, kb_paths: tuple[Path, ...], screened: bool,
                  warmed: Warmed) -> Iterator[Analyser]:
    """Chunks run on the workers of a Dask cluster (:mod:`bilat.pipeline.cluster`), and
    with ``local:N`` in this process too, as with ``--jobs N``. A local cluster's workers
    are forked from this process once it has loaded the model, where the platform allows
    it (as :func:`forked_workers`). Each task's results are fetched as soon as it is done
    (:func:`fetched_when_done`)."""
    # imported here: Dask is only loaded by builds that ask for it
    from bilat.pipeline.cluster import dask_client, parse_spec

    fork = parse_spec(spec).local_workers is not None and can_fork()
    with ExitStack() as stack:
        if fork:
            warmed()
        with light_main():  # a local cluster starts its processes here
            client = stack.enter_context(dask_client(spec, fork=fork))
        workers = len(client.scheduler_info()["workers"])
        if workers == 0:
            raise ClusterError(f"--dask {spec}: the scheduler has no workers.")
        shared = parse_spec(spec).shared
        if not (shared or fork):  # load the model on every worker now, not in its first
            client.run(warm, kb_paths)  # task; with local:N this process extracts meanwhile

        def submit(chunk: Chunk) -> _Future:
            task = client.submit(analyse_chunk, chunk, kb_paths, screened, pure=False)
            return fetched_when_done(client, task)

        def submit_pair(first: Chunk, second: Chunk) -> tuple[_Future, _Future]:
            task = client.submit(analyse_chunks, [first, second], kb_paths, screened, pure=False)
            both = fetched_when_done(client, task)
            return _Part(both, 0), _Part(both, 1)

        def here(chunk: Chunk) -> list[Result]:
            warmed()
            return analyse_chunk(chunk, kb_paths, screened)

        window = workers * (SHARED_TASKS_PER_WORKER if shared else TASKS_PER_WORKER)

        def run(chunks: Iterable[Chunk],
                meanwhile: Meanwhile | None = None) -> Iterator[list[Result]]:
            if not shared:  # this process only feeds the cluster: its core is free anyway
                return in_order(submit, chunks, window)
            return sharing_in_order(submit, here, chunks, window, workers=workers,
                                    submit_pair=submit_pair, meanwhile=meanwhile)

        yield run


def fetched_when_done(client: Any, task: Any) -> Future[Any]:
    """A Dask task's results, fetched into this process by the client's event loop as soon
    as the task is done, not when this process asks for them. A Dask future is done once
    its results are on the worker; its ``result()`` then fetched them through the
    scheduler while this process waited, its core idle (0.6 to 0.8 s of wall over the
    1,200-document mix with ``local:2``, the round trips' event loop in this process
    waiting for the GIL at each step). Whether a task is done is then whether its results
    are here, which is what :func:`sharing_in_order` asks."""
    fetch = client.gather(task, asynchronous=True)  # the coroutine, run on the client's loop
    return asyncio.run_coroutine_threadsafe(fetch, client.loop.asyncio_loop)
