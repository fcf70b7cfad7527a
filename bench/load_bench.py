"""Load on bilat's server: 200 concurrent clients for 60 s on a 100k-event database.

Starts ``bilat serve`` on 127.0.0.1 over the synthetic store of bench/api_bench.py (built
once, reused with --reuse), then runs --clients clients for --seconds seconds, each on its
own keep-alive connection, sending its next request as soon as the last is answered: a mix
of list, event, document, actor, stats and network requests, API and pages alike (MIX).

- A request unanswered after --timeout seconds is a timeout: the client drops the connection,
  as a person giving up would, and opens a new one.
- A 503 is a shed request: the client waits the Retry-After it was given, then goes on.

Prints the throughput (answered requests per second), p50/p95/p99 of answered requests
(overall and per kind), errors, timeouts, shed requests and how fast they were shed, the
peak resident memory of the server (all its processes, sampled every 0.2 s), and the CPU
seconds (user+sys) the server and this load generator spent during the run: answered
requests per server CPU second is the figure that a busy machine changes least, and the
generator's CPU is what it took from the server on the same cores.

Bounded and loopback only: the server listens on 127.0.0.1, the run ends after --seconds
(plus at most --timeout for the requests in flight), and the server is stopped.

    python bench/load_bench.py [--events 100000] [--clients 200] [--seconds 60]
                               [--workers N] [--reuse | --db PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench/api_bench.py

from api_bench import ENDPOINTS, QUERIES, database, percentile  # noqa: E402

HOST = "127.0.0.1"
Url = Callable[[random.Random, int], str]


def _list(rng: random.Random, n: int) -> str:
    # a page, as the pages ask: without a limit the list would stream every event
    return "/api/events?" + urlencode({**rng.choice(list(QUERIES.values())), "limit": "50"})


def _timeline(rng: random.Random, n: int) -> str:
    return "/?" + urlencode(rng.choice(list(QUERIES.values())))


# Kind of request -> the URLs it draws from (uniformly); every kind is drawn equally often.
MIX: dict[str, tuple[Url, ...]] = {
    "list": (_list, _list, _timeline),
    "event": (ENDPOINTS["event"], ENDPOINTS["event page"]),
    "document": (ENDPOINTS["document"], ENDPOINTS["document page"]),
    "actor": (ENDPOINTS["actor detail"], ENDPOINTS["actor page"], ENDPOINTS["actors"]),
    "stats": (ENDPOINTS["stats"], ENDPOINTS["stats type"], ENDPOINTS["stats page"]),
    "network": (ENDPOINTS["network"], ENDPOINTS["network actor"], ENDPOINTS["network page"]),
}


# ---------------------------------------------------------------------------- the client

# A minimal HTTP/1.1 GET over asyncio streams, written here because on a 2-core machine the
# load generator's CPU is taken from the server under test, and a full client (httpx) spends
# several times more of it per request than reading a status line and a sized body.


@dataclass
class Answer:
    status: int
    size: int
    close: bool
    retry_after: float


async def get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> Answer:
    target = quote(path, safe="/?&=,%+")
    writer.write(f"GET {target} HTTP/1.1\r\nHost: {HOST}\r\nAccept: */*\r\n\r\n".encode())
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed by the server")
    headers = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", ""):
        size = await _read_chunks(reader)
    elif "content-length" in headers:
        size = len(await reader.readexactly(int(headers["content-length"])))
    else:
        size, headers["connection"] = len(await reader.read()), "close"
    return Answer(int(status_line.split()[1]), size, headers.get("connection") == "close",
                  float(headers.get("retry-after", 0) or 0))


async def _read_chunks(reader: asyncio.StreamReader) -> int:
    size = 0
    while (length := int((await reader.readline()).split(b";")[0], 16)) > 0:
        size += len(await reader.readexactly(length + 2)) - 2
    await reader.readline()
    return size


@dataclass
class Tally:
    ms: dict[str, list[float]] = field(default_factory=dict)  # answered, per kind
    shed_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    timeouts: int = 0

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


async def client(seed: int, port: int, n_events: int, deadline: float, timeout: float,
                 tally: Tally) -> None:
    rng = random.Random(seed)
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while time.monotonic() < deadline:
        kind = rng.choice(list(MIX))
        path = rng.choice(MIX[kind])(rng, n_events)
        started = time.monotonic()
        try:
            if conn is None:
                conn = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
            answer = await asyncio.wait_for(get(*conn, path), timeout)
        except asyncio.TimeoutError:
            tally.timeouts += 1
            conn = _drop(conn)
            continue
        except (OSError, ConnectionError, ValueError, asyncio.IncompleteReadError) as exc:
            tally.error(type(exc).__name__)
            conn = _drop(conn)
            continue
        elapsed = (time.monotonic() - started) * 1000
        if answer.close:
            conn = _drop(conn)
        if answer.status == 503:
            tally.shed_ms.append(elapsed)
            await asyncio.sleep(min(answer.retry_after, max(0.0, deadline - time.monotonic())))
        elif answer.status == 200:
            tally.ms.setdefault(kind, []).append(elapsed)
        else:
            tally.error(f"HTTP {answer.status}")
    _drop(conn)


def _drop(conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None) -> None:
    if conn is not None:
        conn[1].close()


# ---------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, workers: int | None, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "bilat.cli", "serve", "--db", str(db), "--host", HOST,
               "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    return server


async def wait_ready(port: int, server: subprocess.Popen[bytes], limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server exited with {server.returncode}; see its log")
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
            answer = await get(reader, writer, "/api/events?limit=1")
            writer.close()
            if answer.status == 200:
                return
        except OSError:
            pass
        await asyncio.sleep(0.5)
    sys.exit("the server did not answer within 120 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """SIGINT (uvicorn's graceful stop, which also stops its workers), then the group."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@dataclass
class ServerUse:
    """What the server's processes used during the run: peak summed resident memory and
    CPU seconds (user+sys) per process, the latest sample of each."""

    peak: int = 0
    cpu: dict[int, float] = field(default_factory=dict)

    def cpu_seconds(self, before: dict[int, float]) -> float:
        return sum(cpu - before.get(pid, 0.0) for pid, cpu in self.cpu.items())


def server_processes(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:  # the server has exited (or is exiting)
        return []


def sample(processes: list[psutil.Process], use: ServerUse) -> None:
    total = 0
    for p in processes:
        try:
            with p.oneshot():
                total += p.memory_info().rss
                times = p.cpu_times()
                use.cpu[p.pid] = times.user + times.system
        except psutil.Error:
            pass
    use.peak = max(use.peak, total)


async def sample_server(pid: int, use: ServerUse, stop: asyncio.Event) -> None:
    """Sample the server and its worker processes every 0.2 s until ``stop``, and once after."""
    while not stop.is_set():
        sample(server_processes(pid), use)
        await asyncio.sleep(0.2)
    sample(server_processes(pid), use)


def own_cpu() -> float:
    times = os.times()
    return times.user + times.system


# ---------------------------------------------------------------------------- the run


async def warm_up(port: int, n_events: int) -> None:
    """One request of each URL kind first: first-use costs (templates, the knowledge base)
    are not the server's latency under load."""
    rng = random.Random(0)
    for urls in MIX.values():
        for url in urls:
            path = url(rng, n_events)
            reader, writer = await asyncio.open_connection(HOST, port)
            answer = await get(reader, writer, path)
            writer.close()
            if answer.status != 200:
                print(f"warm-up: {path} answered {answer.status}")


@dataclass
class Run:
    tally: Tally
    elapsed: float  # seconds of the load
    peak: int  # bytes resident, the server's processes summed
    server_cpu: float  # seconds (user+sys) the server's processes spent during the load
    client_cpu: float  # seconds (user+sys) this generator spent during the load


async def load(port: int, server_pid: int, args: argparse.Namespace) -> Run:
    await warm_up(port, args.events)
    tally, use, stop = Tally(), ServerUse(), asyncio.Event()
    sample(server_processes(server_pid), use)
    before = dict(use.cpu)
    use.peak = 0
    sampler = asyncio.create_task(sample_server(server_pid, use, stop))
    started, client_cpu = time.monotonic(), own_cpu()
    deadline = started + args.seconds
    await asyncio.gather(*(
        client(i, port, args.events, deadline, args.timeout, tally) for i in range(args.clients)
    ))  # fmt: skip
    elapsed, client_cpu = time.monotonic() - started, own_cpu() - client_cpu
    stop.set()
    await sampler
    return Run(tally, elapsed, use.peak, use.cpu_seconds(before), client_cpu)


def report(run: Run, args: argparse.Namespace) -> None:
    tally, elapsed, peak = run.tally, run.elapsed, run.peak
    answered = [v for values in tally.ms.values() for v in values]
    total = len(answered) + len(tally.shed_ms) + tally.timeouts + sum(tally.errors.values())
    print(f"{args.clients} clients, {elapsed:.1f} s, {args.events} events, "
          f"workers {args.workers or 'default'}:")
    print(f"  requests   {total}  answered {len(answered)}  throughput "
          f"{len(answered) / elapsed:.1f} answered/s")
    if answered:
        print(f"  latency    p50 {statistics.median(answered):.0f} ms  "
              f"p95 {percentile(answered, 95):.0f} ms  p99 {percentile(answered, 99):.0f} ms")
    print(f"  timeouts   {tally.timeouts} (> {args.timeout:.0f} s)")
    print(f"  errors     {sum(tally.errors.values())} {tally.errors or ''}")
    shed = tally.shed_ms
    print(f"  shed (503) {len(shed)}" + (
        f"  answered in p50 {statistics.median(shed):.0f} ms  p95 {percentile(shed, 95):.0f} ms"
        f"  max {max(shed):.0f} ms" if shed else ""))
    print(f"  peak memory {peak / 2**20:.0f} MiB (server, all processes)")
    per_cpu = len(answered) / run.server_cpu if run.server_cpu else 0.0
    print(f"  server CPU {run.server_cpu:.1f} s ({run.server_cpu / elapsed:.2f} cores)  "
          f"{per_cpu:.1f} answered per server CPU second")
    print(f"  generator CPU {run.client_cpu:.1f} s ({run.client_cpu / elapsed:.2f} cores)")
    print(f"  {'kind':<9} {'n':>6} {'p50':>7} {'p95':>7} {'p99':>7}")
    for kind in MIX:
        values = tally.ms.get(kind, [])
        if values:
            print(f"  {kind:<9} {len(values):>6} {statistics.median(values):>7.0f} "
                  f"{percentile(values, 95):>7.0f} {percentile(values, 99):>7.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds a client waits for an answer before giving up")
    parser.add_argument("--workers", type=int, default=None,
                        help="bilat serve --workers (default: the server's own default)")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the database of an earlier run if there is one")
    parser.add_argument("--db", type=Path, default=None,
                        help="serve this database (built by api_bench's builder) instead")
    args = parser.parse_args()
    db = args.db or database(args.events, args.reuse)
    port = free_port()
    server = start_server(db, port, args.workers, db.with_suffix(".serve.log"))
    try:
        asyncio.run(wait_ready(port, server))
        load_before = os.getloadavg()
        run = asyncio.run(load(port, server.pid, args))
    finally:
        stop_server(server)
    print(f"load average before {' '.join(f'{x:.2f}' for x in load_before)}, "
          f"after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    report(run, args)


if __name__ == "__main__":
    main()
