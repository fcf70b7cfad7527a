"""Benchmark merge_mentions on synthetic mentions with realistic duplication.

usage: python bench/merge_bench.py [N_MENTIONS] [--seed S] [--no-trace] [--digit-names]
       [--digest]

Generates real-world events between a few dozen states (popular pairs and people far more
often, like the news), then retells each event in 1..many mentions the way articles do:
at day, month or year precision or undated, with or without the place, naming everyone,
one person by surname, or nobody, some announced in advance as planned. Prints the
throughput, the number of events found against the number generated, and peak memory.

``--digit-names`` spells names and places as issue 19 first did ("Given7 Family7",
"City007"). Names are compared by their letters, so those 600 officials read as one
person and the 200 cities as one place: the merge sees far fewer distinct keys and merges
across events. That workload is kept to compare with the issue's own figures.
``--digest`` prints a SHA-256 of every event's ``repr``: a change meant to give the same
events must leave it as it was.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta

from bilat.events.merge import merge_mentions
from bilat.model import EventMention, EventType, Status

COUNTRIES = [f"C{i:02d}" for i in range(40)]
TYPES = list(EventType)
_SYLLABLES = ("ba", "de", "ki", "lo", "mu", "na", "pe", "ri", "so", "tu", "va", "zo")


def _spelled(i: int) -> str:
    """A made-up word for the number ``i``, of letters only: names and places are compared
    by keys that keep letters alone, so "Family17" and "Family18" would be one person."""
    word = ""
    for _ in range(3):
        i, rest = divmod(i, len(_SYLLABLES))
        word += _SYLLABLES[rest]
    return word.capitalize()


CITIES = [f"{_spelled(i)}grad" for i in range(200)]
DIGIT_CITIES = [f"City{i:03d}" for i in range(200)]


def _people(rng: random.Random, digit_names: bool = False) -> list[tuple[str, str]]:
    """(full name, country) for 600 officials, each with a family name of their own (or,
    with ``digit_names``, the issue's "Given7 Family7")."""
    if digit_names:
        return [(f"Given{i} Family{i}", rng.choice(COUNTRIES)) for i in range(600)]
    return [(f"{_spelled(i + 600)} {_spelled(i)}ov", rng.choice(COUNTRIES)) for i in range(600)]


def _zipf(rng: random.Random, n: int, s: float = 1.1) -> int:
    weights = [1 / (k + 1) ** s for k in range(n)]
    return rng.choices(range(n), weights=weights)[0]


def _retell(rng: random.Random, day: date, full: str) -> str | None:
    r = rng.random()
    if r < 0.45:
        return full
    if r < 0.75:
        return full[:7]
    if r < 0.85:
        return full[:4]
    return None


def generate(n: int, seed: int, digit_names: bool = False) -> tuple[list[EventMention], int]:
    rng = random.Random(seed)
    people = _people(rng, digit_names)
    cities = DIGIT_CITIES if digit_names else CITIES
    by_country: dict[str, list[str]] = {}
    for name, c in people:
        by_country.setdefault(c, []).append(name)
    start = date(2015, 1, 1)
    mentions: list[EventMention] = []
    events = 0
    while len(mentions) < n:
        events += 1
        a = COUNTRIES[_zipf(rng, len(COUNTRIES))]
        b = rng.choice([c for c in COUNTRIES if c != a])
        type_ = rng.choice(TYPES)
        day = start + timedelta(days=rng.randrange(3650))
        full = day.isoformat()
        actors = [
            rng.choice(by_country.get(a, ["Anon A"])),
            rng.choice(by_country.get(b, ["Anon B"])),
        ]
        if type_ is EventType.VISIT:
            actors = actors[:1]
        city = rng.choice(cities)
        copies = 1 + int(rng.expovariate(1 / 3))  # mean ~4 mentions per event, long tail
        for k in range(copies):
            named = rng.random()
            if named < 0.15:
                names: tuple[str, ...] = ()
            elif named < 0.35:
                names = tuple(x.split()[-1] for x in actors)  # surnames only
            else:
                names = tuple(actors)
            planned = rng.random() < 0.1
            published = day + timedelta(
                days=(-rng.randrange(1, 30) if planned else rng.randrange(0, 400))
            )
            doc = f"doc{rng.randrange(n // 3)}"
            mid = f"m{events}-{k}"
            mentions.append(
                EventMention(
                    id=mid,
                    doc_id=doc,
                    doc_name=doc,
                    type=type_,
                    actors=names,
                    countries=(a, b) if rng.random() < 0.8 else (b, a),
                    location=city if rng.random() < 0.6 else None,
                    date=_retell(rng, day, full),
                    status=Status.PLANNED if planned else Status.OCCURRED,
                    evidence="",
                    start=k,
                    end=k,
                    published=published.isoformat(),
                )
            )
    return mentions[:n], events


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-trace", action="store_true", help="skip the tracemalloc run")
    ap.add_argument("--digit-names", action="store_true",
                    help='names and places spelled "Given7 Family7" and "City007", as in the '
                         "issue's first figures")
    ap.add_argument("--digest", action="store_true",
                    help="print a SHA-256 of the events' repr (to check a change is exact)")
    args = ap.parse_args(argv)

    mentions, generated = generate(args.n, args.seed, args.digit_names)
    t0, c0 = time.perf_counter(), time.process_time()
    events = merge_mentions(mentions)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"mentions        {len(mentions):,}  (from {generated:,} generated events)")
    truth = [{m.split("-")[0] for m in e.mention_ids} for e in events]
    over = sum(len(t) > 1 for t in truth)
    split = sum(len(t) for t in truth) - len({k for t in truth for k in t})
    print(f"events merged   {len(events):,}  (over-merged {over:,}, duplicates {split:,})")
    print(f"merge time      {elapsed:.2f} s  ->  {len(mentions) / elapsed:,.0f} mentions/s")
    # CPU time too: on a shared machine the wall time says more about the neighbours
    print(f"merge CPU time  {cpu:.2f} s")
    if args.digest:
        digest = hashlib.sha256("".join(map(repr, events)).encode()).hexdigest()
        print(f"events digest   {digest}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"max RSS         {rss / 1024 if sys.platform != 'darwin' else rss / 2**20:,.0f} MiB")
    if not args.no_trace:
        tracemalloc.start()
        merge_mentions(mentions)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"merge peak heap {peak / 2**20:,.1f} MiB (tracemalloc, second run)")


if __name__ == "__main__":
    main()
