"""CPU seconds of a build's storing alone: its checks and batch writes, without extraction.

usage: python bench/store_cpu.py [--dev-share 0.5] [--repeat 3]

Extracts bench/run.py's 1,200-document corpus once in this process (kept as a pickle
under bench/out/, as the merge benchmarks keep theirs: delete it once extraction changes),
then stores its analyses into a fresh SQLite database as a build does: for each 32
documents (``BILAT_BATCH_SIZE``'s default) the check of which are stored as they are, by
chunks of 16 (``Store.current_documents``), then one ``Store.add_analyses``. Prints the CPU
seconds (``time.process_time``) of each repeat: in all, of the checks, and of closing the
store. Band keys and the merge are left out (``bench/timeline.py`` times those in a build).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402

BATCH, CHUNK = 32, 16


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev-share", type=float, default=0.5)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    run.OUT.mkdir(exist_ok=True)
    corpus = run.make_corpus(1200, args.dev_share, 0.15, 7)
    analyses = run.extracted(corpus, cache=True)
    from bilat.store import open_store

    runs = []
    for _ in range(args.repeat):
        db = run.fresh_db(run.OUT / "store-cpu.db")
        store = open_store(db, exclusive=True)
        started, checks = time.process_time(), 0.0
        for i in range(0, len(analyses), BATCH):
            batch = analyses[i:i + BATCH]
            checked = time.process_time()
            for j in range(0, len(batch), CHUNK):
                store.current_documents([a.document for a in batch[j:j + CHUNK]])
            checks += time.process_time() - checked
            store.add_analyses(batch)
        closing = time.process_time()
        store.close()
        done = time.process_time()
        runs.append({"all": round(done - started, 3), "checks": round(checks, 3),
                     "close": round(done - closing, 3)})
    print(json.dumps({"dev share": args.dev_share, "load": round(os.getloadavg()[0], 1),
                      "runs": runs}))


if __name__ == "__main__":
    main()
