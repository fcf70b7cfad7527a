"""Latency of bilat's API and pages on a synthetic SQLite store of 100k (or 1M) events.

Builds a deterministic synthetic store in bench/out/ (rebuilt each run, so it always has the
current schema, unless --reuse), written the way a build writes it: documents in batches,
each batch merged into the stored events (``Store.apply_merge``). Then, through the ASGI app
in this process, one request at a time:

- ``GET /api/events`` with each filter of QUERIES (and a keyset page deep in the list when
  the API offers a cursor), the page size drawn from 50, 100 and 500 (or from --sizes:
  ``--sizes 500`` measures the largest pages alone, which set the p95);
- every other endpoint and page once per round (ENDPOINTS): an event, a document, an actor,
  the actor list, stats, the network at both levels, the map (unfiltered and with one
  filter), and their HTML pages.

The server keeps aggregates until the data changes (bilat.web.aggregates), so after the
warm-up the aggregate endpoints are answered from what it kept (the filtered map: five
different answers); their first, computed, answer is printed apart ("1st") per kind (it
includes first-use costs: templates, the knowledge base).

It prints p50/p95 (ms), the median and 95th percentile CPU time of a request (ms: this
process's, which the machine's other load inflates less than the latency) and the response
size per query, overall for the filters. Targets:
p95 < 100 ms for every filter at 1M events and for every endpoint at 100k. A kind slower
than --budget seconds in total stops early (its n says how many requests it made).

    python bench/api_bench.py [--events 100000 [1000000 ...]] [--requests 400]
                              [--sizes 50 100 500] [--reuse | --db PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from fastapi.testclient import TestClient

from bilat.model import Document, DocumentAnalysis, Event, EventMention, EventType, Status
from bilat.store import open_store
from bilat.store.base import MergeUpdate
from bilat.web import create_app
from bilat.web.app import settle_heap
from bilat.web.links import actor_slug

OUT = Path(__file__).parent / "out"
MENTIONS_PER_DOC = 5
BATCH_DOCS = 500
COUNTRIES = ("RUS", "PRK", "CHN", "KOR", "USA", "JPN", "IRN", "BLR", "SYR", "VNM")
PEOPLE = tuple(
    f"{first} {last}"
    for first in ("Ivan", "Kim", "Li", "Park", "John", "Ali", "Sergei", "Choe")
    for last in ("Petrov", "Jong", "Wei", "Min", "Smith", "Reza", "Lavrov", "Son Hui")
)
PLACES = ("Moscow", "Pyongyang", "Beijing", "Seoul", "Vladivostok", "Tokyo", "Tehran", "Minsk")
WORDS = ("talks", "visit", "treaty", "summit", "delegation", "cooperation", "missile", "energy",
         "railway", "ministers", "agreement", "troops", "aid", "phone", "cosmodrome", "port")

QUERIES = {
    "nofilter": {},
    "type": {"type": "MEET"},
    "pair": {"country": "RUS,PRK"},
    "country": {"country": "CHN"},
    "actor": {"actor": "Sergei Lavrov"},
    "dates": {"since": "2019-03", "until": "2019-08"},
    "text": {"q": "railway treaty"},
    "mixed": {"country": "CHN", "type": "VISIT", "since": "2018", "sort": "-sources"},
    "deep": {"offset": "50000", "sort": "-date"},
}
PAGE_SIZES = (50, 100, 500)  # a list request's limit is drawn from these
# A page far into the list by cursor: the page after the one at this offset.
KEYSET_OFFSET = 50_000

Url = Callable[[random.Random, int], str]
FIRST = "1st "  # the first request of a kind


def event_id(i: int) -> str:
    """The i-th event's id. bilat's ids are content hashes, so the id order (which breaks
    ties in every sort) says nothing of dates or sources; numbered ids would tie it to the
    date and make some walks through an index look rarer than they are."""
    return "evt_" + hashlib.sha1(f"event {i}".encode()).hexdigest()[:16]


def _event(rng: random.Random, n: int) -> str:
    return event_id(rng.randrange(n))


def _doc(rng: random.Random, n: int) -> str:
    return f"doc_{rng.randrange(n // MENTIONS_PER_DOC):07d}"


def _actor(rng: random.Random, n: int) -> str:
    return actor_slug(rng.choice(PEOPLE))


ENDPOINTS: dict[str, Url] = {
    "event": lambda rng, n: "/api/events/" + _event(rng, n),
    "event page": lambda rng, n: "/events/" + _event(rng, n),
    "document": lambda rng, n: "/api/documents/" + _doc(rng, n),
    "document page": lambda rng, n: "/documents/" + _doc(rng, n),
    "actor detail": lambda rng, n: "/api/actors/" + _actor(rng, n),
    "actor page": lambda rng, n: "/actors/" + _actor(rng, n),
    "actors": lambda rng, n: "/api/actors?q=" + rng.choice(("kim", "lavrov", "li w")) + "&limit=15",
    "stats": lambda rng, n: "/api/stats",
    "stats type": lambda rng, n: "/api/stats?type=" + rng.choice(list(EventType)).value,
    "stats page": lambda rng, n: "/stats",
    "network": lambda rng, n: "/api/network",
    "network actor": lambda rng, n: "/api/network?level=actor",
    "network page": lambda rng, n: "/network",
    "map": lambda rng, n: "/api/map",
    "map filtered": lambda rng, n: "/api/map?" + rng.choice(
        ("country=CHN", "type=MEET", "country=RUS,PRK", "actor=Sergei+Lavrov", "location=Seoul")),
    "timeline page": lambda rng, n: "/",
    "map page": lambda rng, n: "/map",
}


# ---------------------------------------------------------------------------- the store


def synthetic(n_events: int, seed: int = 7) -> Iterator[tuple[list[DocumentAnalysis], list[Event]]]:
    """Batches of BATCH_DOCS documents with their mentions, and one event per mention."""
    rng = random.Random(seed)
    n_docs = (n_events + MENTIONS_PER_DOC - 1) // MENTIONS_PER_DOC
    analyses: list[DocumentAnalysis] = []
    events: list[Event] = []
    for d in range(n_docs):
        analysis, doc_events = _document(rng, d, n_docs, n_events)
        analyses.append(analysis)
        events += doc_events
        if len(analyses) == BATCH_DOCS:
            yield analyses, events
            analyses, events = [], []
    if analyses:
        yield analyses, events


def _document(rng: random.Random, d: int, n_docs: int,
              n_events: int) -> tuple[DocumentAnalysis, list[Event]]:
    year, month, day = 2015 + d * 10 // n_docs, 1 + d % 12, 1 + d % 28
    published = f"{year}-{month:02d}-{day:02d}"
    sentences, drawn = [], []
    for i in range(d * MENTIONS_PER_DOC, min(n_events, (d + 1) * MENTIONS_PER_DOC)):
        a, b = rng.sample(COUNTRIES, 2)
        actors = tuple(rng.sample(PEOPLE, rng.choice((0, 1, 2))))
        sentences.append(f"{' and '.join(actors) or a} held {rng.choice(WORDS)} on "
                         f"{rng.choice(WORDS)} in {rng.choice(PLACES)} number {i}.")
        drawn.append((i, a, b, actors))
    text = " ".join(sentences)
    doc = Document(id=f"doc_{d:07d}", name=f"doc_{d:07d}.txt", text=text, clean=text,
                   published=published, title=f"Report {d} on {rng.choice(WORDS)}")
    mentions, events = [], []
    pos = 0
    for (i, a, b, actors), sentence in zip(drawn, sentences, strict=True):
        type_ = list(EventType)[i % 5]
        status = Status.PLANNED if i % 11 == 0 else Status.OCCURRED
        date = published if i % 3 else published[:7]
        m = EventMention(id=f"men_{i:07d}", doc_id=doc.id, doc_name=doc.name, type=type_,
                         actors=actors, countries=(a, b), location=rng.choice(PLACES),
                         date=date, status=status, evidence=sentence, start=pos,
                         end=pos + len(sentence), published=published)
        pos += len(sentence) + 1
        mentions.append(m)
        events.append(Event(id=event_id(i), type=type_, actors=actors, countries=(a, b),
                            location=m.location, date=date, status=status, mention_ids=(m.id,)))
    return DocumentAnalysis(doc, (), tuple(mentions)), events


def build(path: Path, n_events: int) -> None:
    """Store the synthetic documents batch by batch, merging each batch as a build does."""
    started = time.perf_counter()
    store = open_store(str(path))
    try:
        for analyses, events in synthetic(n_events):
            store.add_analyses(analyses)
            store.apply_merge(MergeUpdate(
                events=tuple(events), copies={}, regrouped=(), bands={},
                merged=tuple(a.document.id for a in analyses)))
    finally:
        store.close()
    print(f"built {n_events} events in {time.perf_counter() - started:.1f} s -> {path}")


def database(n_events: int, reuse: bool) -> Path:
    """The synthetic store of ``n_events`` events: built afresh, or the one of a previous
    run with --reuse (opening it migrates an older schema)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"api_bench_{n_events}.db"
    if reuse and path.exists():
        print(f"reusing {path}")
        return path
    for stale in OUT.glob(path.name + "*"):  # the database and its -wal/-shm files
        stale.unlink()
    build(path, n_events)
    return path


# ---------------------------------------------------------------------------- measuring


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


class Timings:
    """Latency (ms) and response size (bytes) per kind of request."""

    def __init__(self) -> None:
        self.ms: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}  # CPU time of this process: what load does not change
        self.size: dict[str, list[int]] = {}
        self.spent: dict[str, float] = {}

    def get(self, client: TestClient, kind: str, url: str,
            params: dict[str, str] | None = None) -> dict[str, object] | None:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params=params)
        elapsed = time.perf_counter() - started
        self.cpu.setdefault(kind, []).append((time.process_time() - cpu) * 1000)
        if response.status_code != 200:
            sys.exit(f"{kind}: {url} HTTP {response.status_code} {response.text[:200]}")
        self.ms.setdefault(kind, []).append(elapsed * 1000)
        self.size.setdefault(kind, []).append(len(response.content))
        self.spent[kind] = self.spent.get(kind, 0.0) + elapsed
        is_json = response.headers.get("content-type", "").startswith("application/json")
        return response.json() if is_json else None

    def print(self, title: str, kinds: list[str], overall: bool) -> None:
        print(title)
        print(f"{'query':<14} {'n':>4} {'p50':>8} {'p95':>8} {'cpu p50':>8} {'cpu p95':>8} "
              f"{'KB':>8}")
        for kind in kinds:
            values = self.ms.get(kind)
            if not values:
                print(f"{kind:<14} {'-':>4}")
                continue
            size = statistics.median(self.size[kind]) / 1024
            print(f"{kind:<14} {len(values):>4} {statistics.median(values):>8.1f} "
                  f"{percentile(values, 95):>8.1f} {statistics.median(self.cpu[kind]):>8.1f} "
                  f"{percentile(self.cpu[kind], 95):>8.1f} {size:>8.1f}")
        if overall:
            every = [v for k in kinds for v in self.ms.get(k, [])]
            cpu = [v for k in kinds for v in self.cpu.get(k, [])]
            print(f"{'overall':<14} {len(every):>4} {statistics.median(every):>8.1f} "
                  f"{percentile(every, 95):>8.1f} {statistics.median(cpu):>8.1f} "
                  f"{percentile(cpu, 95):>8.1f}")


def keyset_cursor(client: TestClient) -> str | None:
    """The cursor of the page after KEYSET_OFFSET in -date order, or None when the API
    offers no cursor (an older bilat)."""
    body = client.get("/api/events", params={"sort": "-date", "limit": "50",
                                             "offset": str(KEYSET_OFFSET)}).json()
    cursor = body.get("next")
    return cursor if isinstance(cursor, str) else None


def measure_filters(client: TestClient, timings: Timings, n_requests: int,
                    sizes: tuple[int, ...] = PAGE_SIZES) -> None:
    rng = random.Random(11)
    kinds = list(QUERIES)
    cursor = keyset_cursor(client)
    if cursor is not None:
        kinds.append("keyset")
    for kind in kinds:  # warm-up: first-use costs are not latency (a page: no limit is all)
        client.get("/api/events", params={**QUERIES.get(kind, {}), "limit": "50"})
    for n in range(n_requests):
        kind = kinds[n % len(kinds)]
        params = {**QUERIES.get(kind, {}), "limit": str(rng.choice(sizes))}
        if kind == "keyset":
            params = {"sort": "-date", "after": str(cursor), "limit": params["limit"]}
        timings.get(client, kind, "/api/events", params)


def measure_endpoints(client: TestClient, timings: Timings, n_events: int, rounds: int,
                      budget: float) -> None:
    rng = random.Random(13)
    for kind, url in ENDPOINTS.items():  # warm-up, timed: nothing is kept yet
        timings.get(client, FIRST + kind, url(rng, n_events))
    for _ in range(rounds):
        for kind, url in ENDPOINTS.items():
            if timings.spent.get(kind, 0.0) < budget:
                timings.get(client, kind, url(rng, n_events))


def run(n_events: int, n_requests: int, rounds: int, budget: float, reuse: bool,
        db: Path | None = None, sizes: tuple[int, ...] = PAGE_SIZES) -> None:
    path = db or database(n_events, reuse)
    # a database given with --db is only read: an older schema is refused, not migrated
    store = open_store(str(path), migrate=db is None, create=db is None)
    timings = Timings()
    try:
        app = create_app(store)
        settle_heap()  # as `bilat serve` does before its first request
        with TestClient(app) as client:
            measure_filters(client, timings, n_requests, sizes)
            measure_endpoints(client, timings, n_events, rounds, budget)
    finally:
        store.close()
    filters = [*QUERIES, *(["keyset"] if "keyset" in timings.ms else [])]
    timings.print(f"GET /api/events on {n_events} events, {n_requests} requests (ms):",
                  filters, overall=True)
    timings.print(f"endpoints and pages on {n_events} events, {rounds} rounds (ms):",
                  list(ENDPOINTS), overall=False)
    timings.print("their first request (computed: nothing kept yet) (ms):",
                  [FIRST + kind for kind in ENDPOINTS], overall=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[100_000])
    parser.add_argument("--requests", type=int, default=400, help="list requests per size")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(PAGE_SIZES),
                        help="the page sizes a list request draws its limit from")
    parser.add_argument("--rounds", type=int, default=40, help="requests per endpoint")
    parser.add_argument("--budget", type=float, default=30.0,
                        help="seconds one endpoint may take in total before it stops early")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the database of an earlier run if there is one")
    parser.add_argument("--db", type=Path, default=None,
                        help="measure this database (built by this builder, of --events events)")
    args = parser.parse_args()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for n_events in args.events:
        run(n_events, args.requests, args.rounds, args.budget, args.reuse, args.db,
            tuple(args.sizes))
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
