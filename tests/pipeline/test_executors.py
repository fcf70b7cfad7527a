"""Where chunks run: results come back in submission order with a bounded window, bad
worker options are usage errors, worker processes store what a serial build stores, and
they end when the build's process is killed."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bilat.config import Settings
from bilat.errors import UsageError
from bilat.pipeline import analyser_for, build, executors, in_order
from bilat.pipeline.executors import SHARING_SWITCH_INTERVAL, sharing_in_order
from bilat.store import open_store
from bilat.views.export import export_events_jsonl

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def export(db: Path) -> list[dict]:
    store = open_store(str(db))
    try:
        return list(export_events_jsonl(store))
    finally:
        store.close()


class Done:
    """A finished task that notes when its result is taken."""

    def __init__(self, value: list, log: list[str]) -> None:
        self.value, self.log = value, log

    def result(self) -> list:
        self.log.append(f"result {self.value[0]}")
        return self.value


def test_results_come_back_in_submission_order_with_a_bounded_window() -> None:
    log: list[str] = []

    def submit(chunk: list) -> Done:
        log.append(f"submit {chunk[0][0]}")
        return Done([chunk[0][0]], log)

    chunks = [[(f"d{i}", "")] for i in range(5)]
    assert list(in_order(submit, chunks, window=3)) == [[f"d{i}"] for i in range(5)]
    assert log == ["submit d0", "submit d1", "submit d2", "result d0", "submit d3", "result d1",
                   "submit d4", "result d2", "result d3", "result d4"]


class Running:
    """A worker's task, done once the test says so."""

    def __init__(self, value: list, finished: set[str]) -> None:
        self.value, self.finished = value, finished

    def done(self) -> bool:
        return self.value[0] in self.finished

    def result(self) -> list:
        self.finished.add(self.value[0])  # waiting for it lets it finish
        return self.value


def pool_and_here(finished: set[str], where: dict[str, str],
                  finishes_during: dict[str, set[str]]) -> tuple[Any, Any]:
    """A worker pool's ``submit`` and this process's ``here`` for one-document chunks,
    noting in ``where`` where each ran; while this process analyses a chunk named in
    ``finishes_during``, the workers finish the chunks it names."""
    def submit(chunk: list) -> Running:
        where[chunk[0][0]] = "worker"
        return Running([chunk[0][0]], finished)

    def here(chunk: list) -> list:
        where[chunk[0][0]] = "here"
        finished.update(finishes_during.get(chunk[0][0], set()))
        return [chunk[0][0]]

    return submit, here


def test_with_the_window_full_this_process_analyses_the_next_chunk_itself() -> None:
    finished: set[str] = set()
    where: dict[str, str] = {}
    # a worker finishes d0 while this process works on d3
    submit, here = pool_and_here(finished, where, {"d3": {"d0"}})

    chunks = [[(f"d{i}", "")] for i in range(6)]
    results = list(sharing_in_order(submit, here, chunks, window=2))
    assert results == [[f"d{i}"] for i in range(6)]  # input order, wherever they ran
    assert where == {"d0": "worker", "d1": "worker", "d2": "here", "d3": "here",
                     "d4": "worker", "d5": "here"}


def test_near_the_end_a_worker_gets_no_more_than_this_process_has_left() -> None:
    # filled to the window to the last chunk, the worker had two or three queued when
    # this process ran out, which then waited with its core idle (docs/performance-history.md,
    # thirteenth round)
    finished: set[str] = set()
    where: dict[str, str] = {}
    read: list[str] = []
    read_at_submit: dict[str, int] = {}

    def submit(chunk: list) -> Running:
        where[chunk[0][0]] = "worker"
        read_at_submit[chunk[0][0]] = len(read)
        return Running([chunk[0][0]], finished)

    def here(chunk: list) -> list:
        where[chunk[0][0]] = "here"
        finished.update({"d3": {"d0", "d1"}, "d6": {"d2"}}.get(chunk[0][0], set()))
        return [chunk[0][0]]

    def chunks() -> Iterator[list]:
        for i in range(8):
            read.append(f"d{i}")
            yield [(f"d{i}", "")]

    results = list(sharing_in_order(submit, here, chunks(), window=3))
    assert results == [[f"d{i}"] for i in range(8)]
    # d4 and d5 go out with as many chunks or more after them as the worker has; d7, the
    # last, stays here, the worker having two
    assert where == {"d0": "worker", "d1": "worker", "d2": "worker", "d3": "here",
                     "d4": "worker", "d5": "worker", "d6": "here", "d7": "here"}
    # the first window's chunks go out as they are read, without looking ahead
    assert [read_at_submit[f"d{i}"] for i in range(3)] == [1, 2, 3]


class Work:
    """Work for this process near the end (:class:`~bilat.pipeline.executors.Meanwhile`),
    noted in ``log`` when done."""

    def __init__(self, seconds: float, log: list[str]) -> None:
        self.expected, self.log = seconds, log

    def seconds(self) -> float:
        return self.expected

    def __call__(self) -> None:
        self.log.append("work")


def placed(work: Work | None, log: list[str],
           monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Where each of 12 chunks runs, with a worker that finishes a chunk only when this
    process's d3 says so or its result is awaited, and this process's chunks costing one
    CPU second each; the results are noted in ``log``."""
    clock = iter(range(1000))  # two readings a chunk here, a second apart
    monkeypatch.setattr(executors, "time", types.SimpleNamespace(
        process_time=lambda: float(next(clock))))
    finished: set[str] = set()
    where: dict[str, str] = {}
    submit, here = pool_and_here(finished, where, {"d3": {"d0", "d1", "d2"}})
    chunks = [[(f"d{i}", "")] for i in range(12)]
    for result in sharing_in_order(submit, here, chunks, window=3, meanwhile=work):
        log.append(result[0])
    assert [e for e in log if e != "work"] == [f"d{i}" for i in range(12)]  # in order
    monkeypatch.undo()
    return where


def test_near_the_end_the_workers_take_the_last_chunks_while_this_process_does_other_work(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a parallel build into an empty database merges what it stored meanwhile, instead of
    # merging it all at the end with the worker idle (docs/performance-history.md, issue 19's
    # eighteenth round)
    log: list[str] = []
    where = placed(Work(5.0, log), log, monkeypatch)
    # five chunks' worth of work: the workers keep three in flight to d6, then this process
    # takes chunks while five or more are left with the worker's three; at d10 two are
    # left, which with the three in flight cover the work: both go out
    assert where == {**{f"d{i}": "worker" for i in (0, 1, 2, 4, 5, 6, 10, 11)},
                     **{f"d{i}": "here" for i in (3, 7, 8, 9)}}
    # the work comes once every result before the worker's unfinished ones (d4 on) is out
    assert log == ["d0", "d1", "d2", "d3", "work", *(f"d{i}" for i in range(4, 12))]


def test_without_other_work_near_the_end_this_process_shares_the_last_chunks_as_before(
        monkeypatch: pytest.MonkeyPatch) -> None:
    log: list[str] = []
    nothing = placed(Work(0.0, log), log, monkeypatch)
    assert "work" not in log
    assert nothing == placed(None, [], monkeypatch)
    assert nothing["d11"] == "here"


def test_away_from_the_start_and_the_end_chunks_go_out_in_pairs() -> None:
    # a Dask task costs ~8 ms of CPU in comms across both processes: two chunks a task
    # halve that, single chunks at the start (the worker starts at once) and the end
    # (it stays even); docs/performance-history.md, sixteenth round
    tasks: list[str] = []

    def submit(chunk: list) -> Running:
        tasks.append(chunk[0][0])
        return Running([chunk[0][0]], {chunk[0][0]})  # an instant worker

    def submit_pair(first: list, second: list) -> tuple[Running, Running]:
        tasks.append(f"{first[0][0]}+{second[0][0]}")
        done = {first[0][0], second[0][0]}
        return Running([first[0][0]], done), Running([second[0][0]], done)

    chunks = [[(f"d{i}", "")] for i in range(20)]
    results = list(sharing_in_order(submit, lambda chunk: [], chunks, window=3,
                                    submit_pair=submit_pair))
    assert results == [[f"d{i}"] for i in range(20)]
    # a pair goes out while 1 + PAIRED_AHEAD windows' chunks or more come after its first
    assert executors.PAIRED_AHEAD == 2
    assert tasks == ["d0", "d1", "d2", "d3+d4", "d5+d6", "d7+d8", "d9+d10", "d11+d12",
                     *(f"d{i}" for i in range(13, 20))]


def test_a_dask_task_of_two_chunks_gives_each_its_own_results_in_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    build_process = os.getpid()

    def stand_in(chunk: list, *_: object) -> list:
        if os.getpid() == build_process:
            time.sleep(0.05)  # the worker's tasks end meanwhile: it is given more
        return [chunk[0][0]]

    parts: list[int] = []

    class Part(executors._Part):
        def __init__(self, task: Any, index: int) -> None:
            parts.append(index)
            super().__init__(task, index)

    # the worker is forked after the stand-in is in place, so it runs it too
    monkeypatch.setattr(executors, "analyse_chunk", stand_in)
    monkeypatch.setattr(executors, "_Part", Part)
    chunks = [[(f"d{i}", "")] for i in range(24)]
    with executors.dask_analyser("local:2", (), True, lambda: None) as run:
        assert list(run(chunks)) == [[f"d{i}"] for i in range(24)]
    assert parts[:2] == [0, 1]  # some chunks went out in pairs


def test_done_results_are_yielded_before_the_input_ends() -> None:
    finished: set[str] = set()

    def submit(chunk: list) -> Running:
        finished.add(chunk[0][0])  # an instant worker
        return Running([chunk[0][0]], finished)

    read: list[str] = []

    def chunks() -> Iterator[list]:
        for i in range(3):
            read.append(f"d{i}")
            yield [(f"d{i}", "")]

    results = sharing_in_order(submit, lambda chunk: [chunk[0][0]], chunks(), window=1)
    assert next(results) == ["d0"]
    assert next(results) == ["d1"]
    assert read == ["d0", "d1"]  # stored as they come, not once the input ends


def test_threads_take_turns_at_the_gil_sooner_within_the_block_then_as_before() -> None:
    before = sys.getswitchinterval()
    with executors.threads_answered_sooner():
        assert sys.getswitchinterval() == SHARING_SWITCH_INTERVAL < before
    assert sys.getswitchinterval() == before
    with pytest.raises(KeyError), executors.threads_answered_sooner():
        raise KeyError("a build that fails midway")
    assert sys.getswitchinterval() == before


def test_worker_processes_are_answered_sooner_while_this_process_extracts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the pool's threads that hand chunks to the workers and take their results in wait
    # for the GIL at most a millisecond while the chunks run (docs/performance-history.md,
    # eleventh round), and the interval is as before once they are done
    before = sys.getswitchinterval()
    seen: list[float] = []

    def spy(submit: object, here: object, chunks: list, window: int,
            workers: int = 1, meanwhile: object = None) -> Iterator[list]:
        for chunk in chunks:
            seen.append(sys.getswitchinterval())
            yield [chunk[0][0]]

    monkeypatch.setattr(executors, "sharing_in_order", spy)
    with executors.process_analyser(2, (), True, lambda: None) as run:
        assert list(run([[("d0", "")], [("d1", "")]])) == [["d0"], ["d1"]]
        assert sys.getswitchinterval() == before
    assert seen == [SHARING_SWITCH_INTERVAL] * 2


@pytest.mark.parametrize("analyser", [
    lambda: executors.process_analyser(2, (), True, lambda: None),
    lambda: executors.dask_analyser("local:2", (), True, lambda: None),
], ids=["--jobs 2", "--dask local:2"])
def test_a_worker_beside_the_build_process_is_given_three_chunks_ahead(
        analyser: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # the build's process tops its workers up only between its own chunks: with two in
    # flight a worker that ran both while it ran one of its own waited for work
    # (docs/performance-history.md, eleventh round)
    windows: list[int] = []

    def spy(submit: object, here: object, chunks: object, window: int,
            workers: int = 1, **pairs: object) -> list[object]:
        windows.append(window)
        return []

    monkeypatch.setattr(executors, "sharing_in_order", spy)
    with analyser() as run:
        assert list(run([])) == []
    assert windows == [3]


def test_a_dask_task_s_results_are_here_once_it_is_done() -> None:
    # a Dask future's result() fetched them only when asked, through the scheduler, while
    # the build's process waited (docs/performance-history.md, fifteenth round)
    from bilat.pipeline.cluster import dask_client

    with dask_client("local:1") as client:
        fetched = executors.fetched_when_done(client, client.submit(sum, [1, 2], pure=False))
        concurrent.futures.wait([fetched], timeout=60)  # type: ignore[list-item]
    assert fetched.result() == 3  # the cluster is gone: the results were fetched already


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pipe grows on Linux")
def test_a_worker_process_writes_a_chunk_s_results_into_its_pipe_at_once() -> None:
    # a result larger than the default 64 KiB pipe kept the worker in its write until the
    # build's process, busy extracting, read it (docs/performance-history.md, thirteenth round)
    with executors.forked_workers(1, (), warmed=lambda: None) as pool:
        pipe = pool._result_queue._writer.fileno()  # type: ignore[attr-defined]
        assert fcntl.fcntl(pipe, fcntl.F_GETPIPE_SZ) >= executors.RESULT_PIPE_BYTES
        assert len(pool.submit(bytes, 300_000).result()) == 300_000  # larger than it


def test_bad_worker_options_are_usage_errors() -> None:
    with pytest.raises(UsageError), analyser_for(0, None, ()):
        pass
    with pytest.raises(UsageError), analyser_for(2, "local:2", ()):
        pass


def test_a_build_with_worker_processes_stores_what_a_serial_build_stores(tmp_path: Path) -> None:
    serial, parallel = tmp_path / "serial.db", tmp_path / "jobs.db"
    build([EXAMPLES / "articles"], db=str(serial), manifest=EXAMPLES / "manifest.jsonl")
    report = build(
        [EXAMPLES / "articles"], db=str(parallel), manifest=EXAMPLES / "manifest.jsonl", jobs=2
    )
    assert report.taken > 0
    assert export(parallel) == export(serial)


def test_a_parallel_build_that_merges_early_stores_what_a_serial_build_stores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of one document: the workers take the last ones while the build's process
    merges what it stored, and the final merge adds the rest to those events."""
    import bilat.pipeline.run as pipeline_run

    merged: list[int] = []
    merge = pipeline_run.merge_pending

    def counted(store: Any, *args: Any) -> None:
        merged.append(len(store.pending_ids()))
        merge(store, *args)

    monkeypatch.setattr(pipeline_run, "merge_pending", counted)
    # the examples' merge is too short to be worth doing early: three chunks for it
    monkeypatch.setattr(executors, "_chunks_for", lambda *args: 3)
    one = dataclasses.replace(Settings.from_env(), batch_size=1)
    serial, parallel = tmp_path / "serial.db", tmp_path / "jobs.db"
    build([EXAMPLES / "articles"], db=str(serial), manifest=EXAMPLES / "manifest.jsonl",
          settings=one)
    assert len(merged) == 1
    report = build([EXAMPLES / "articles"], db=str(parallel),
                   manifest=EXAMPLES / "manifest.jsonl", jobs=2, settings=one)
    assert len(merged) == 3  # the early merge and the final one
    assert 0 < merged[1] < report.taken and merged[2] == report.taken - merged[1]
    assert export(parallel) == export(serial)
    again = build([EXAMPLES / "articles"], db=str(parallel),
                  manifest=EXAMPLES / "manifest.jsonl", jobs=2, settings=one)
    assert again.taken == 0 and merged[3:] == [0]  # a database that held documents: no early merge
    assert export(parallel) == export(serial)


def test_a_parallel_build_stopped_after_its_early_merge_finishes_on_its_rerun(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The documents stored after the early merge stay pending: the rerun merges them
    into the events the early merge stored, and the export is a serial build's."""
    import bilat.pipeline.run as pipeline_run

    merge = pipeline_run.merge_pending
    calls: list[int] = []

    def stopped_at_the_final_merge(store: Any, *args: Any) -> None:
        calls.append(len(store.pending_ids()))
        if len(calls) == 2:
            raise KeyboardInterrupt
        merge(store, *args)

    monkeypatch.setattr(pipeline_run, "merge_pending", stopped_at_the_final_merge)
    monkeypatch.setattr(executors, "_chunks_for", lambda *args: 3)
    one = dataclasses.replace(Settings.from_env(), batch_size=1)
    serial, parallel = tmp_path / "serial.db", tmp_path / "jobs.db"
    with pytest.raises(KeyboardInterrupt):
        build([EXAMPLES / "articles"], db=str(parallel), manifest=EXAMPLES / "manifest.jsonl",
              jobs=2, settings=one)
    assert calls[0] > 0 and calls[1] > 0  # stopped with documents left pending
    monkeypatch.undo()
    build([EXAMPLES / "articles"], db=str(serial), manifest=EXAMPLES / "manifest.jsonl")
    rerun = build([EXAMPLES / "articles"], db=str(parallel),
                  manifest=EXAMPLES / "manifest.jsonl", jobs=2, settings=one)
    assert rerun.taken == 0
    assert export(parallel) == export(serial)


# --------------------------------------------------------------------------- worker lives


def _children() -> dict[int, int]:
    """pid -> parent pid of every live process (zombies count as gone)."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if state != "Z":
                found[int(entry)] = int(ppid)
    return found


def _descendants(pid: int) -> set[int]:
    parents = _children()
    out, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - out
        out |= frontier
    return out


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _kill_and_check(proc: subprocess.Popen[bytes], wanted: int) -> None:
    """Wait for ``wanted`` descendants of ``proc``, SIGKILL it, and assert that all of
    them end within a bounded wait (whatever is left is killed after the check)."""
    assert _wait_for(lambda: len(_descendants(proc.pid)) >= wanted, 120), "no workers started"
    family = _descendants(proc.pid)
    try:
        assert proc.poll() is None, "the parent ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        gone = _wait_for(lambda: not family & set(_children()), 30)
        assert gone, f"still alive after their parent was killed: {family & set(_children())}"
    finally:
        for pid in family & set(_children()):
            os.kill(pid, signal.SIGKILL)


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads the process tree from /proc")


@linux_only
@pytest.mark.slow
def test_killing_a_parallel_build_leaves_no_worker_alive(dev_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for copy in range(3):  # enough work that the build is extracting when it is killed
        for doc in sorted((dev_dir / "docs").iterdir()):
            shutil.copy(doc, folder / f"{copy}-{doc.name}")
    command = [sys.executable, "-m", "bilat.cli", "build", str(folder), "--jobs", "3",
               "--db", str(tmp_path / "t.db")]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    # --jobs 3: this process and two workers (spawned ones come with multiprocessing's
    # resource tracker, a third descendant; forked ones do not)
    _kill_and_check(proc, wanted=2)


HELPER = '''
import multiprocessing, sys, time
from bilat.pipeline.executors import end_with_parent

def child():
    sys.platform = "other"  # as where prctl does not exist: only the sentinel thread
    end_with_parent()
    time.sleep(600)

if __name__ == "__main__":
    multiprocessing.get_context("spawn").Process(target=child).start()
    time.sleep(600)
'''


@linux_only
def test_a_worker_without_prctl_ends_with_its_parent_too(tmp_path: Path) -> None:
    """The portable way: a thread waiting on the parent's sentinel ends the process."""
    (tmp_path / "orphan_helper.py").write_text(HELPER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(tmp_path), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.Popen([sys.executable, "-m", "orphan_helper"], env=env,
                            start_new_session=True)
    _kill_and_check(proc, wanted=2)  # the child and the resource tracker
