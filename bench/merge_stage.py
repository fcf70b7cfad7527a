"""The build's merge stage alone: store the extracted analyses of a corpus into an empty
database and merge them (``merge_pending``), timed in CPU seconds, optionally profiled.

usage: python bench/merge_stage.py [CORPUS_DIR] [--db DB] [--repeat R] [--profile]

CORPUS_DIR holds ``docs/`` and ``manifest.jsonl`` (default: bench/run.py's 1,200-document
mix, made if missing). The extraction runs once and is cached as a pickle under bench/out/,
so re-runs time the merge only. With ``--db`` the analyses are added to a copy of that
database (an incremental build) instead of an empty one, e.g. bench/incremental_bench.py's
``incr-db-N.db`` with ``--additions``, its 60 new documents.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import OUT, extracted, fresh_db, make_additions, make_corpus  # noqa: E402


def store_and_merge(analyses: list[Any], profile: bool,
                    start: Path | None = None) -> tuple[float, float, int]:
    """CPU seconds to store the analyses in a fresh database and to merge them; events."""
    from bilat.pipeline import merge_pending
    from bilat.store import open_store

    store = open_store(fresh_db(OUT / "merge-stage.db", start))
    try:
        started = time.process_time()
        store.add_analyses(analyses)
        stored = time.process_time()
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        merge_pending(store)
        merged = time.process_time()
        if profiler:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        return stored - started, merged - stored, store.count_events()
    finally:
        store.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--db", type=Path, help="add to a copy of this database")
    ap.add_argument("--additions", action="store_true",
                    help="the corpus is bench/run.py's 60 additions (incremental_bench.py's)")
    args = ap.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    if args.additions:
        corpus = make_additions(60, 0.5, 0.15, 7)
    else:
        corpus = args.corpus or make_corpus(1200, 0.5, 0.15, 7)
    analyses = extracted(corpus, cache=True)
    mentions = sum(len(a.mentions) for a in analyses)
    runs = [store_and_merge(analyses, args.profile, args.db) for _ in range(args.repeat)]
    store_s, merge_s, events = min(runs, key=lambda r: r[1])
    print(f"{len(analyses):,} documents, {mentions:,} mentions, {events:,} events: "
          f"store {store_s:.2f} s, merge {merge_s:.2f} s CPU (fastest of {len(runs)})")


if __name__ == "__main__":
    main()
