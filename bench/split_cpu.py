"""What a second extracting process costs beyond the work it takes: the mix's chunks
analysed in one process, then split between two, one after the other and at once.

usage: python bench/split_cpu.py [--dev-share F] [--docs N] [--seed S] [--rounds R]

The chunks (16 documents, as a build makes them) are prepared here, the model and the
knowledge base loaded and frozen as a build does, then each arrangement runs in
processes forked from this one, which report their user and system CPU seconds and minor
page faults: ``one`` every chunk in one process; ``seq`` the even chunks in one process,
then the odd ones in another (what two processes learn again, caches and repeated
paragraphs, without their competing for the machine); ``conc`` the same two at once
(with what two busy cores cost each other); ``halves`` the first half then the second
(a split that keeps neighbouring documents together). A build's reader, transfers and
storing are not in these figures: ``bench/timeline.py`` has them.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev-share", type=float, default=0.5)
    ap.add_argument("--docs", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    from bilat.config import Settings
    from bilat.model import Document
    from bilat.pipeline.analyse import analyse_chunk, warm
    from bilat.pipeline.reader import prepare_all
    from bilat.pipeline.run import CHUNK_DOCS, iter_documents

    corpus = run.make_corpus(args.docs, args.dev_share, 0.15, args.seed)
    settings = Settings.from_env()
    read = iter_documents([corpus / "docs"], corpus / "manifest.jsonl")
    docs = [(p.document, p.origin) for p in prepare_all(read, settings)
            if isinstance(p.document, Document)]
    chunks = [docs[i:i + CHUNK_DOCS] for i in range(0, len(docs), CHUNK_DOCS)]
    gc.disable()
    warm(settings.kb_paths)
    gc.freeze()
    gc.enable()
    arrangements = {"one": [chunks], "seq": [chunks[0::2], chunks[1::2]],
                    "conc": [chunks[0::2], chunks[1::2]],
                    "halves": [chunks[:len(chunks) // 2], chunks[len(chunks) // 2:]]}

    def fork(part: list, out: int) -> int:
        pid = os.fork()
        if pid == 0:
            for chunk in part:
                analyse_chunk(chunk, settings.kb_paths)
            u = resource.getrusage(resource.RUSAGE_SELF)
            os.write(out, (json.dumps([u.ru_utime, u.ru_stime, u.ru_minflt]) + "\n").encode())
            os._exit(0)
        return pid

    for _ in range(args.rounds):
        for name, parts in arrangements.items():
            read_end, out = os.pipe()
            started = time.perf_counter()
            if name == "conc":
                for pid in [fork(part, out) for part in parts]:
                    os.waitpid(pid, 0)
            else:
                for part in parts:
                    os.waitpid(fork(part, out), 0)
            os.close(out)
            with os.fdopen(read_end) as results:
                each = [json.loads(line) for line in results.read().splitlines()]
            user, sys_s, faults = (sum(e[i] for e in each) for i in range(3))
            print(f"{name:6s} CPU s {user + sys_s:5.2f} (user {user:.2f}, sys {sys_s:.2f}, "
                  f"{int(faults):,} minor faults), per process "
                  f"{[round(e[0] + e[1], 2) for e in each]}, wall "
                  f"{time.perf_counter() - started:.2f}, load {os.getloadavg()[0]:.1f}",
                  flush=True)


if __name__ == "__main__":
    main()
