"""CPU seconds per stage of a one-process build, and the whole process's.

usage: python bench/stage_cpu.py [--docs 1200] [--seed 7] [--plain] [--export FILE]

Builds bench/run.py's corpus of ``--docs`` documents (made once, cached under bench/out/)
into a fresh database with ``jobs=1`` and prints, as one JSON line, the CPU seconds
(user+sys, ``time.process_time``) spent in each stage: preparing documents (decode,
clean, language, dates), the parse (screen and spaCy), and extraction's parts (names and
places, the story, the sentence stage, the document passes, the rest: mentions and
coreference), then the merge and everything else (reading, storing, start-up). CPU
seconds are what a shared machine's load changes least; compare runs taken back to back.

``--plain`` instead times spaCy's ``nlp.pipe`` over the same texts (model load included),
the anchor of issue 19's ratio. ``--export FILE`` also writes the build's export (to
check that a speed-up leaves the output byte-identical).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (bench/run.py: the corpus and the plain pass)

SECONDS: dict[str, float] = {}


def timed(stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            SECONDS[stage] = SECONDS.get(stage, 0.0) + time.process_time() - started
    return wrapper


def instrument() -> None:
    """Wrap each stage's entry point where its caller looks it up."""
    import bilat.events.extract as extract
    import bilat.pipeline.analyse as analyse
    import bilat.pipeline.run as pipeline_run

    analyse.prepare = timed("prepare", analyse.prepare)  # type: ignore[attr-defined]
    analyse.parse_for_events = timed("parse", analyse.parse_for_events)
    analyse.extract = timed("extract", analyse.extract)
    for name, stage in [("annotate", "extract.names"), ("read_story", "extract.story"),
                        ("read_candidates", "extract.sentences"),
                        ("run_passes", "extract.passes")]:
        setattr(extract, name, timed(stage, getattr(extract, name)))
    pipeline_run.merge_pending = timed("merge", pipeline_run.merge_pending)


def process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--plain", action="store_true")
    parser.add_argument("--export", type=Path)
    args = parser.parse_args(argv)
    corpus = run.make_corpus(args.docs, 0.5, 0.15, args.seed)
    if args.plain:
        result = run.plain_pass([corpus / "docs"])
        print(json.dumps({"pass": "plain", "process_cpu": round(process_cpu(), 2),
                          "pipe_cpu": round(result["cpu"], 2)}))
        return
    instrument()
    from bilat.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        build([corpus / "docs"], db=db, manifest=corpus / "manifest.jsonl", jobs=1)
        total = process_cpu()
        if args.export:  # after the count, in a process of its own
            subprocess.run([sys.executable, "-m", "bilat.cli", "export", "--db", db,
                            "-o", str(args.export)], check=True)
    extract_parts = sum(v for k, v in SECONDS.items() if k.startswith("extract."))
    stages = {**SECONDS, "extract.rest": SECONDS.get("extract", 0.0) - extract_parts}
    stages["other"] = total - sum(SECONDS.get(k, 0.0)
                                  for k in ("prepare", "parse", "extract", "merge"))
    print(json.dumps({"pass": "bilat", "process_cpu": round(total, 2),
                      **{k: round(v, 2) for k, v in sorted(stages.items())}}))


if __name__ == "__main__":
    main()
