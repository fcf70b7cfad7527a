"""Latency of GET /api/events on a 100k-event SQLite store.

Builds a deterministic synthetic store of 100,000 events in bench/out/ (rebuilt each run,
so it always has the current schema),
then sends a few hundred list requests with a mix of filters through the ASGI app and
prints p50/p95 per kind of query and overall. Target: p95 < 100 ms.

    .venv/bin/python bench/api_bench.py [--events 100000] [--requests 400]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

from bilat.model import Document, DocumentAnalysis, Event, EventMention, EventType, Status
from bilat.store import open_store
from bilat.store.base import Store
from bilat.web import create_app

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
    "actor": {"actor": "Sergei Lavrov"},
    "dates": {"since": "2019-03", "until": "2019-08"},
    "text": {"q": "railway treaty"},
    "mixed": {"country": "CHN", "type": "VISIT", "since": "2018", "sort": "-sources"},
    "deep": {"offset": "50000", "sort": "-date"},
}


def synthetic(n_events: int, seed: int = 7) -> tuple[list[DocumentAnalysis], list[Event]]:
    rng = random.Random(seed)
    analyses, events = [], []
    n_docs = (n_events + MENTIONS_PER_DOC - 1) // MENTIONS_PER_DOC
    for d in range(n_docs):
        year, month, day = 2015 + d * 10 // n_docs, 1 + d % 12, 1 + d % 28
        published = f"{year}-{month:02d}-{day:02d}"
        sentences, mentions = [], []
        for k in range(MENTIONS_PER_DOC):
            i = d * MENTIONS_PER_DOC + k
            if i >= n_events:
                break
            a, b = rng.sample(COUNTRIES, 2)
            actors = tuple(rng.sample(PEOPLE, rng.choice((0, 1, 2))))
            sentences.append(f"{' and '.join(actors) or a} held {rng.choice(WORDS)} on "
                             f"{rng.choice(WORDS)} in {rng.choice(PLACES)} number {i}.")
            mentions.append((i, a, b, actors))
        text = " ".join(sentences)
        doc = Document(id=f"doc_{d:07d}", name=f"doc_{d:07d}.txt", text=text, clean=text,
                       published=published, title=f"Report {d} on {rng.choice(WORDS)}")
        doc_mentions = []
        pos = 0
        for (i, a, b, actors), sentence in zip(mentions, sentences, strict=True):
            type_ = list(EventType)[i % 5]
            status = Status.PLANNED if i % 11 == 0 else Status.OCCURRED
            date = published if i % 3 else published[:7]
            m = EventMention(id=f"men_{i:07d}", doc_id=doc.id, doc_name=doc.name, type=type_,
                             actors=actors, countries=(a, b), location=rng.choice(PLACES),
                             date=date, status=status, evidence=sentence, start=pos,
                             end=pos + len(sentence), published=published)
            pos += len(sentence) + 1
            doc_mentions.append(m)
            events.append(Event(id=f"evt_{i:07d}", type=type_, actors=actors, countries=(a, b),
                                location=m.location, date=date, status=status, mention_ids=(m.id,)))
        analyses.append(DocumentAnalysis(doc, (), tuple(doc_mentions)))
    return analyses, events


def build(path: Path, n_events: int) -> None:
    started = time.perf_counter()
    analyses, events = synthetic(n_events)
    store = open_store(str(path))
    try:
        for lo in range(0, len(analyses), BATCH_DOCS):
            store.add_analyses(analyses[lo:lo + BATCH_DOCS])
        store.replace_events(events, {})
    finally:
        store.close()
    print(f"built {n_events} events in {time.perf_counter() - started:.1f} s -> {path}")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def measure(store: Store, n_requests: int) -> dict[str, list[float]]:
    rng = random.Random(11)
    timings: dict[str, list[float]] = {k: [] for k in QUERIES}
    kinds = list(QUERIES)
    with TestClient(create_app(store)) as client:
        for kind in kinds:  # warm-up: first-use costs are not latency
            client.get("/api/events", params=QUERIES[kind])
        for n in range(n_requests):
            kind = kinds[n % len(kinds)]
            params = {**QUERIES[kind], "limit": str(rng.choice((50, 100, 500)))}
            started = time.perf_counter()
            response = client.get("/api/events", params=params)
            timings[kind].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                sys.exit(f"{kind}: HTTP {response.status_code} {response.text[:200]}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"api_bench_{args.events}.db"
    for stale in OUT.glob(path.name + "*"):  # the database and its -wal/-shm files
        stale.unlink()
    build(path, args.events)
    store = open_store(str(path))
    try:
        timings = measure(store, args.requests)
    finally:
        store.close()
    print(f"GET /api/events on {args.events} events, {args.requests} requests (ms):")
    print(f"{'query':<9} {'n':>4} {'p50':>8} {'p95':>8}")
    for kind, values in timings.items():
        p50, p95 = statistics.median(values), percentile(values, 95)
        print(f"{kind:<9} {len(values):>4} {p50:>8.1f} {p95:>8.1f}")
    every = [v for values in timings.values() for v in values]
    p50, p95 = statistics.median(every), percentile(every, 95)
    print(f"{'overall':<9} {len(every):>4} {p50:>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
