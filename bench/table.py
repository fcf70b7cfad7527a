"""`make bench`: the throughput table of the scaling issue, each row a ratio of two passes
measured side by side in one run.

usage: python bench/table.py [--quick] [--repeat R] [--docs N] [--small N] [--seed S]
                             [--parallel]

Every pass runs in a fresh process. The two passes of a row run alternately, R times each
(3; --quick: 1), and the medians count: on a shared machine the load of the moment falls
on both sides of a ratio alike. Build passes are timed whole, from outside the process
(interpreter, imports, model and knowledge base included on both sides). Rows:

- a one-process ``bilat build`` against a plain spaCy ``nlp.pipe`` pass over the same
  texts, on the N-document mix of ``bench/run.py`` (1,200; --quick 300), on a smaller one
  (300; --quick 100), and on N documents without the mix's verbatim dev copies (generated
  stories alone: a process parses each distinct paragraph once, so the copies cost bilat
  little and the plain pass in full): goal 5x, acceptance 3x;
- ``--jobs 2`` and ``--dask local:2`` against one process, on the N-document mix: goal 1.8x
  (``--parallel``: this row alone, with the CPU seconds of each side, the build's own
  process and its workers apart: the build's process carries the serial parts); then
  whether the three builds' exports are identical, as they must be;
- adding 60 new documents to the N-document database against adding them to an empty
  one: goal at most 1.2x;
- merging 10x the synthetic mentions of ``bench/merge_bench.py`` against 1x (100,000 and
  1M; --quick 10,000 and 100,000), merge time only: goal at most 12x;
- ``GET /api/events`` of ``bench/api_bench.py`` at 1M events (--quick 100,000): the
  slowest filter's p95 against the 100 ms goal.

Each row gives words/s and the peak resident memory of the largest process (a worker's,
with workers). Figures and the table of record are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the other bench scripts

import run  # noqa: E402

Spec = dict[str, Any]
Result = dict[str, Any]


# ------------------------------------------------------------------------ passes (children)


def merge_pass(n: int, seed: int) -> Result:
    """Merge N synthetic mentions; the merge alone is timed (not generating them)."""
    import merge_bench

    from bilat.events.merge import merge_mentions

    mentions, _ = merge_bench.generate(n, seed)
    started = time.perf_counter()
    merge_mentions(mentions)
    return {"seconds": time.perf_counter() - started, "mentions": n, "peak_mb": run.peak_mb()}


def api_pass(n_events: int, n_requests: int) -> Result:
    """p95 (ms) of every filter of api_bench on a synthetic store of ``n_events`` (built
    once and kept in bench/out/; opening it migrates an older schema)."""
    import api_bench
    from fastapi.testclient import TestClient

    from bilat.store import open_store
    from bilat.web import create_app

    store = open_store(str(api_bench.database(n_events, reuse=True)))
    timings = api_bench.Timings()
    try:
        with TestClient(create_app(store)) as client:
            api_bench.measure_filters(client, timings, n_requests)
    finally:
        store.close()
    return {"p95": {kind: api_bench.percentile(ms, 95) for kind, ms in timings.ms.items()},
            "peak_mb": run.peak_mb()}


def child(spec: Spec) -> Result:
    """One pass in a fresh interpreter, timed whole from here as ``wall``."""
    script = HERE / ("run.py" if spec["pass"] in ("plain", "bilat") else "table.py")
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(script), "--child", json.dumps(spec)],
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"bench pass {spec} failed")
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "wall": wall}


def run_child(spec: Spec) -> None:
    if spec["pass"] == "merge":
        print(json.dumps(merge_pass(spec["n"], spec["seed"])))
    else:
        print(json.dumps(api_pass(spec["events"], spec["requests"])))


# ------------------------------------------------------------------------ side by side


def side_by_side(passes: list[Callable[[], Result]], repeat: int) -> list[Result]:
    """Each pass ``repeat`` times, taking turns; per pass, the run of median ``wall``
    time (so its memory and words go with it)."""
    runs: list[list[Result]] = [[] for _ in passes]
    for _ in range(repeat):
        for done, make in zip(runs, passes, strict=True):
            done.append(make())
    return [sorted(done, key=lambda r: r["wall"])[len(done) // 2] for done in runs]


def plain(paths: list[Path]) -> Callable[[], Result]:
    return lambda: child({"pass": "plain", "paths": [str(p) for p in paths]})


def build(corpus: Path, db: Path, *, jobs: int = 1, dask: str | None = None,
          start: Path | None = None) -> Callable[[], Result]:
    return lambda: child({"pass": "bilat", "paths": [str(corpus / "docs")],
                          "jobs": jobs, "dask": dask, "db": run.fresh_db(db, start),
                          "manifest": str(corpus / "manifest.jsonl")})


# ------------------------------------------------------------------------ rows


def rate(r: Result) -> str:
    mib = f", {r['peak_mb']:,.0f} MiB" if "peak_mb" in r else ""
    words = f", {r['words'] / r['wall']:,.0f} words/s" if "words" in r else ""
    return f"{r['wall']:.1f} s{words}{mib}"


def show(line: str) -> None:
    print(line, flush=True)


def row(what: str, mine: str, against: str, ratio: float, goal: str) -> str:
    return f"| {what} | {mine} | {against} | {ratio:.2f}x | {goal} |"


def build_rows(corpus: Path, others: list[tuple[Path, str]], repeat: int) -> Path:
    """One process against spaCy on the mix and the ``others`` (a corpus, what its row
    says of it), then two workers and Dask against one process. Returns the database of
    the one-process build."""
    out = run.OUT
    for c, what in [(corpus, ""), *others]:
        n = len(list((c / "docs").rglob("*.txt")))
        spacy, bilat = side_by_side([plain([c / "docs"]), build(c, out / "table-one.db")],
                                    repeat)
        show(row(f"{n:,} docs{what}, 1 process, vs plain spaCy", f"bilat {rate(bilat)}",
                 f"spaCy nlp.pipe {rate(spacy)}", spacy["wall"] / bilat["wall"], ">= 3x (5x)"))
    return parallel_rows(corpus, repeat)


def parallel_rows(corpus: Path, repeat: int, cpu: bool = False) -> Path:
    """``--jobs 2`` and ``--dask local:2`` against one process, the three taking turns
    (with ``cpu``, each side's CPU seconds, its workers' included). Returns the database
    of the one-process build."""
    one_db = run.OUT / "table-built.db"
    one, two, dask = side_by_side([build(corpus, one_db),
                                   build(corpus, run.OUT / "table-j2.db", jobs=2),
                                   build(corpus, run.OUT / "table-dask.db", dask="local:2")],
                                  repeat)

    def measured(r: Result) -> str:
        if not cpu:
            return rate(r)
        split = (f" (build's process {r['cpu_build']:.1f}, workers {r['cpu_workers']:.1f}; "
                 f"a worker's peak {r['peak_mb_workers']:,.0f} MiB)"
                 if r.get("cpu_workers") else "")
        return rate(r) + f", {r['cpu']:.1f} s CPU{split}"

    for label, r in (("--jobs 2", two), ("--dask local:2", dask)):
        show(row(f"{label} vs 1 process", f"{label} {measured(r)}",
                 f"1 process {measured(one)}", one["wall"] / r["wall"], ">= 1.8x"))
    if cpu:
        show(same_exports(one_db, run.OUT / "table-j2.db", run.OUT / "table-dask.db"))
    return one_db


def same_exports(*dbs: Path) -> str:
    """Whether the exports of the last build of each database are identical (a parallel
    build must store exactly what a one-process build stores), read after the timing."""
    from bilat.store import open_store
    from bilat.views.export import export_events_jsonl

    exports = []
    for db in dbs:
        store = open_store(str(db))
        try:
            exports.append(list(export_events_jsonl(store)))
        finally:
            store.close()
    verdict = "identical" if all(e == exports[0] for e in exports) else "DIFFERENT"
    return (f"\nexports of the {len(dbs)} builds ({len(exports[0]):,} documents' lines, "
            f"{', '.join(db.name for db in dbs)}): {verdict}")


def incremental_row(corpus: Path, built: Path, add: int, seed: int, repeat: int) -> str:
    additions = run.make_additions(add, 0.5, 0.15, seed)
    docs = len(list((corpus / "docs").rglob("*.txt")))
    into_built, into_empty = side_by_side(
        [build(additions, run.OUT / "table-grown.db", start=built),
         build(additions, run.OUT / "table-empty.db")], repeat)
    return row(f"add {add} docs to a db of {docs:,} vs of 0", f"{into_built['wall']:.1f} s",
               f"{into_empty['wall']:.1f} s", into_built["wall"] / into_empty["wall"], "<= 1.2x")


def merge_row(small: int, seed: int, repeat: int) -> str:
    few, many = side_by_side([lambda: child({"pass": "merge", "n": small, "seed": seed}),
                              lambda: child({"pass": "merge", "n": 10 * small, "seed": seed})],
                             repeat)
    return row(f"merge {10 * small:,} vs {small:,} synthetic mentions",
               f"{many['seconds']:.1f} s, {many['peak_mb']:,.0f} MiB",
               f"{few['seconds']:.1f} s, {few['peak_mb']:,.0f} MiB",
               many["seconds"] / few["seconds"], "<= 12x")


def api_row(events: int, requests: int) -> str:
    r = child({"pass": "api", "events": events, "requests": requests})
    slowest = max(r["p95"], key=r["p95"].get)
    each = ", ".join(f"{k} {v:.0f}" for k, v in r["p95"].items())
    return row(f"GET /api/events p95 at {events:,} events, slowest filter vs 100 ms",
               f"{slowest} {r['p95'][slowest]:.0f} ms (p95 ms: {each})", "goal 100 ms",
               r["p95"][slowest] / 100, "< 1x")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller corpora, one run per pass")
    ap.add_argument("--repeat", type=int, help="runs per pass, taking turns (3; quick 1)")
    ap.add_argument("--docs", type=int, help="documents of the mix (1200; quick 300)")
    ap.add_argument("--small", type=int, help="documents of the smaller mix (300; quick 100)")
    ap.add_argument("--add", type=int, default=60, help="documents added to a built database")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--parallel", action="store_true",
                    help="only the --jobs 2 and --dask local:2 row, with CPU seconds")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        run_child(json.loads(args.child))
        return
    quick = args.quick
    repeat = args.repeat or (1 if quick else 3)
    docs, small = args.docs or (300 if quick else 1200), args.small or (100 if quick else 300)
    run.OUT.mkdir(exist_ok=True)
    corpus = run.make_corpus(docs, 0.5, 0.15, args.seed)
    started = time.perf_counter()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"medians of {repeat} run(s) per pass, the passes of a row taking turns")
    print("\n| what | bilat | against | ratio | goal |\n|---|---|---|---:|---|", flush=True)
    if args.parallel:
        parallel_rows(corpus, repeat, cpu=True)
        print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
        return
    others = [(run.make_corpus(small, 0.5, 0.15, args.seed), ""),
              (run.make_corpus(docs, 0.0, 0.15, args.seed), " without verbatim copies")]
    built = build_rows(corpus, others, repeat)
    show(incremental_row(corpus, built, args.add, args.seed, repeat))
    show(merge_row(10_000 if quick else 100_000, args.seed, repeat))
    show(api_row(100_000 if quick else 1_000_000, 200 if quick else 400))
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end; "
          f"{time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
