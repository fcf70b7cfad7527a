"""`make bench`: the cost of adding the same K documents to databases of growing size.

usage: python bench/incremental_bench.py [--sizes 0 300 1200 4800] [--add K] [--repeat R]
                                         [--seed S] [--merge-only] [--no-full-merge]

A pool of documents like the news a user accumulates (the shared dev articles once, and
generated wire stories and general news spread over seven years; see bench/corpus.py) is
shuffled and cut into growing databases: the 300-document database is the first 300, the
1,200-document one adds the next 900 to it (an incremental build too), and so on. Then
the same K new documents (bench/run.py's additions: new copies of dev articles, wire
stories and news) are added to a copy of each database, each run in a fresh process
(model loading included, as in a real `bilat build`), the fastest of R runs counting.
Reports total seconds, the merge stage alone, and both against the empty database.
Incremental builds re-merge only the new documents' neighbourhood, so the ratio should
stay flat as the database grows. ``--merge-only`` skips the whole builds and times storing
and merging the extracted additions alone (the databases are still built once if missing).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate, replicate_dev, write_manifest  # noqa: E402
from run import DEV, OUT, Bench, extracted, fresh_db, make_additions  # noqa: E402


def make_pool(n: int, event_share: float, seed: int) -> tuple[Path, list[Path]]:
    """``n`` documents (the dev set once, generated stories and news) in one folder per
    document, shuffled; returns the manifest and the documents in database order."""
    from bilat.knowledge.kb import load_kb

    root = OUT / f"incr-pool-{n}-{event_share}-{seed}"
    manifest = root / "manifest.jsonl"
    if not manifest.exists():
        kb = load_kb()
        docs = root / "docs"
        published = replicate_dev(DEV, docs / "dev", 1)
        n_events = round(n * event_share)
        n_news = max(0, n - len(published) - n_events)
        published |= generate(kb, docs / "events", n_events, "events", seed, prefix="pool_")
        published |= generate(kb, docs / "news", n_news, "news", seed, prefix="pool_")
        write_manifest(manifest, published)
    files = sorted((root / "docs").rglob("*.txt"))
    random.Random(seed).shuffle(files)
    return manifest, files[:n]


def grown_databases(
    sizes: list[int], pool: list[Path], manifest: Path, bench: Bench
) -> dict[int, Path]:
    """One database per size, each built by adding the next documents of the pool to a
    copy of the previous one."""
    dbs: dict[int, Path] = {}
    previous, built = None, 0
    for size in sorted(sizes):
        db = OUT / f"incr-db-{size}.db"
        if size and not db.exists():
            part = OUT / f"incr-part-{built}-{size}"
            shutil.rmtree(part, ignore_errors=True)
            part.mkdir(parents=True)
            for f in pool[built:size]:
                shutil.copy(f, part / f.name)
            if previous is not None:
                shutil.copy(previous, db)
            bench.bilat([part], 1, db, fresh=previous is None, manifest=manifest)
            shutil.rmtree(part)
        dbs[size] = db
        previous, built = (db, size) if size else (previous, built)
    return dbs


def add_into(db: Path, size: int, additions: Path, bench: Bench) -> dict[str, Any]:
    target = OUT / f"incr-add-{size}.db"
    if size:
        shutil.copy(db, target)
    else:
        target.unlink(missing_ok=True)
    return bench.bilat([additions / "docs"], 1, target, fresh=size == 0,
                       manifest=additions / "manifest.jsonl")


def report(k: int, results: dict[int, dict[str, Any]]) -> str:
    base = results[min(results)]
    lines = [f"Adding the same {k} documents to databases of growing size. Whole `bilat build` "
             "(fresh process, model loading included; fastest run): wall and CPU seconds. Then "
             "storing and merging the extracted documents alone (CPU seconds), incrementally "
             "and, for comparison, by merging everything again as builds did before:", "",
             "| database docs | events | build wall s | vs empty | build cpu s | vs empty "
             "| store+merge cpu s | vs empty | full re-merge cpu s |",
             "|--------------:|-------:|-------------:|---------:|------------:|---------:"
             "|------------------:|---------:|--------------------:|"]
    for size, r in sorted(results.items()):
        lines.append(
            f"| {size:>13,} | {r['events_before']:>6,} | {r['seconds']:12.2f} | "
            f"{r['seconds'] / base['seconds']:7.2f}x | {r['cpu']:11.2f} | "
            f"{r['cpu'] / base['cpu']:7.2f}x | {r['merge_cpu']:17.3f} | "
            f"{r['merge_cpu'] / base['merge_cpu']:7.2f}x | {r['full_merge_cpu']:19.3f} |"
        )
    return "\n".join(lines)


def merge_cpu(db: Path | None, analyses: list[Any], repeat: int,
              full: bool = True) -> tuple[float, float]:
    """CPU seconds (fastest of ``repeat``) to store the extracted additions into a copy of
    ``db`` and merge them incrementally, and to merge everything again instead (the old way;
    NaN without ``full``: at 50,000 documents that takes minutes per run)."""
    import time

    from bilat.pipeline import merge_pending, remerge
    from bilat.store import open_store

    copy = OUT / "incr-merge.db"
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for i, merge in enumerate((merge_pending, remerge) if full else (merge_pending,)):
            store = open_store(fresh_db(copy, db))
            try:
                started = time.process_time()
                store.add_analyses(analyses)
                merge(store)
                best[i] = min(best[i], time.process_time() - started)
            finally:
                store.close()
    return best[0], best[1] if full else float("nan")


def events_in(db: Path) -> int:
    if not db.exists():
        return 0
    from bilat.store import open_store

    store = open_store(str(db))
    try:
        return store.count_events()
    finally:
        store.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", type=int, nargs="+", default=[0, 300, 1200, 4800])
    ap.add_argument("--add", type=int, default=60)
    ap.add_argument("--event-share", type=float, default=0.15)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--merge-only", action="store_true",
                    help="skip the whole builds: store and merge the additions only")
    ap.add_argument("--no-full-merge", action="store_true",
                    help="skip timing a full re-merge of each database (minutes at 50,000)")
    args = ap.parse_args(argv)
    if not (DEV / "docs").is_dir():
        raise SystemExit(f"the shared dev set is not at {DEV}")
    OUT.mkdir(exist_ok=True)
    sizes = sorted(set([0, *args.sizes]))
    manifest, pool = make_pool(max(sizes), args.event_share, args.seed)
    additions = make_additions(args.add, 0.5, args.event_share, args.seed)
    dbs = grown_databases(sizes, pool, manifest, Bench(OUT, 1))
    bench = Bench(OUT, args.repeat)
    analyses = extracted(additions)
    results = {}
    for size in sizes:
        r = ({"seconds": float("nan"), "cpu": float("nan")} if args.merge_only
             else add_into(dbs[size], size, additions, bench))
        r["events_before"] = events_in(dbs[size]) if size else 0
        r["merge_cpu"], r["full_merge_cpu"] = merge_cpu(
            dbs[size] if size else None, analyses, args.repeat, not args.no_full_merge
        )
        results[size] = r
    (OUT / "incremental_bench.json").write_text(json.dumps(
        {"load": os.getloadavg(), "results": results}, indent=2))
    print(report(args.add, results))


if __name__ == "__main__":
    main()
