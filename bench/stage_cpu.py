"""CPU seconds per stage of a one-process build, and the whole process's.

usage: python bench/stage_cpu.py [--docs 1200] [--seed 7] [--dev-share 0.5] [--plain] [--parts]
                                 [--export FILE] [--loop] [--embed]

Builds bench/run.py's corpus of ``--docs`` documents (made once, cached under bench/out/)
into a fresh database with ``jobs=1`` and prints, as one JSON line, the CPU seconds
(user+sys, ``time.process_time``) spent in each stage: preparing documents (decode,
clean, language, dates), the parse (screen and spaCy), and extraction's parts (names and
places, the story, the sentence stage, the document passes, the rest: mentions and
coreference), then the merge, storing and everything else (start-up: imports, the model,
the knowledge base; reading files). CPU seconds are what a shared machine's load changes
least; compare runs taken back to back.

``--parts`` also splits the parse: the tokenizer, the screen (and its choice of where the
entity recogniser runs), each pipeline component (each batch is handed over whole, so a
component's time is its own) and the entity recogniser's windows, with the token counts.
It changes no result, and adds next to nothing.

``--plain`` instead times spaCy's ``nlp.pipe`` over the same texts (model load included),
the anchor of issue 19's ratio. ``--export FILE`` also writes the build's export (to
check that a speed-up leaves the output byte-identical).

``--dev-share`` is the share of the corpus made of verbatim copies of the dev articles
(0.5, issue 19's mix: 16 copies of each). A process parses each distinct paragraph once
(:mod:`bilat.annotations.repeats`), so those copies are cheap for bilat and not for the
plain pass; ``--dev-share 0`` times a corpus of generated stories alone, whose paragraphs
rarely repeat.

``--loop`` instead checks bilat's transition loop (``bilat.annotations.transitions``)
against spaCy's own on every paragraph of the corpus: after tok2vec and the tagger, the
parser and the entity recogniser run over the whole paragraphs once with each, and it prints
how many paragraphs got identical heads, labels, sentence starts and entities, and the
CPU seconds of each component both ways.

``--embed`` instead checks the remembered token embedding (``bilat.annotations.embedding``)
against the models' own: the whole pipeline runs over every paragraph of the corpus once
with ``BILAT_EMBED_CACHE=0`` and once with the cache, and it prints how many paragraphs got
the identical tok2vec output and identical analyses (tags, heads, labels, sentence starts,
entities), and the CPU seconds both ways (after a first pass that warms the rest).
``--docs-dir DIR`` makes ``--loop`` or ``--embed`` check another folder's texts (a development
set's) instead of the corpus.
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
    import bilat.pipeline.reader as reader
    import bilat.pipeline.run as pipeline_run

    reader.prepare = timed("prepare", reader.prepare)  # type: ignore[attr-defined]
    analyse.parse_for_events = timed("parse", analyse.parse_for_events)
    analyse.extract = timed("extract", analyse.extract)
    for name, stage in [("annotate", "extract.names"), ("read_story", "extract.story"),
                        ("read_candidates", "extract.sentences"),
                        ("run_passes", "extract.passes")]:
        setattr(extract, name, timed(stage, getattr(extract, name)))
    pipeline_run.merge_pending = timed("merge", pipeline_run.merge_pending)
    pipeline_run._write = timed("store", pipeline_run._write)


TOKENS: dict[str, int] = {}


class _TimedComponent:
    """A pipeline component whose batches are timed alone: the batch before it is
    materialised first, so the upstream components' time is not counted as its own."""

    def __init__(self, name: str, proc: Any) -> None:
        self.name, self.proc = name, proc

    def __call__(self, doc: Any) -> Any:
        return self.pipe([doc]).__next__()

    def pipe(self, docs: Any, **kwargs: Any) -> Any:
        from bilat.annotations.nlp import _run_component

        stage = f"parse.{self.name}"
        for batch in _batches(docs, kwargs.get("batch_size") or 256):
            TOKENS[stage] = TOKENS.get(stage, 0) + sum(len(d) for d in batch)
            started = time.process_time()
            out = list(_run_component(self.proc, batch))  # as bilat runs it
            SECONDS[stage] = SECONDS.get(stage, 0.0) + time.process_time() - started
            yield from out

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.proc, attr)


def _batches(docs: Any, size: int) -> Any:
    batch: list[Any] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def instrument_parse() -> None:
    """Time the parse's parts (see ``--parts``)."""
    import bilat.annotations.nlp as nlp_module
    from bilat.events.screen import EventScreen

    nlp = nlp_module.load_nlp()
    nlp._components = [(name, _TimedComponent(name, proc))  # type: ignore[attr-defined]
                       for name, proc in nlp._components]  # type: ignore[attr-defined]
    nlp_module._make_doc = timed("parse.tokenizer", nlp_module._make_doc)
    EventScreen.__call__ = timed("parse.screen", EventScreen.__call__)  # type: ignore[method-assign]
    EventScreen.needs_entities = timed(  # type: ignore[method-assign]
        "parse.screen", EventScreen.needs_entities)
    nlp_module._recognise = timed("parse.ner_windows", nlp_module._recognise)


def _analysis(doc: Any) -> tuple[Any, ...]:
    return (tuple(t.head.i for t in doc), tuple(t.dep_ for t in doc),
            tuple(t.is_sent_start for t in doc),
            tuple((e.start, e.end, e.label_) for e in doc.ents))


def _paragraph_texts(docs_dir: Path) -> list[str]:
    """Every paragraph of every file under ``docs_dir``, as the build splits them."""
    from bilat.annotations.nlp import paragraphs

    return [chunk for path in sorted(p for p in docs_dir.rglob("*") if p.is_file())
            for _, chunk in paragraphs(path.read_text(errors="ignore"))]


def check_loop(docs_dir: Path) -> dict[str, Any]:
    """See ``--loop``."""
    from bilat.annotations import transitions
    from bilat.annotations.nlp import PIPE_BATCH, load_nlp

    nlp = load_nlp()
    texts = _paragraph_texts(docs_dir)
    out: dict[str, Any] = {"paragraphs": len(texts)}
    analyses = {}
    for way in ("spacy", "bilat"):
        docs = [nlp.make_doc(text) for text in texts]
        for name in ("tok2vec", "tagger"):
            docs = list(nlp.get_pipe(name).pipe(docs, batch_size=PIPE_BATCH))  # type: ignore[attr-defined]
        for name in ("parser", "ner"):
            component = nlp.get_pipe(name)
            started = time.process_time()
            if way == "spacy":
                docs = list(component.pipe(docs, batch_size=PIPE_BATCH))  # type: ignore[attr-defined]
            else:
                docs = list(transitions.pipe(component, docs, PIPE_BATCH))
            out[f"{way}.{name}_cpu"] = round(time.process_time() - started, 2)
        analyses[way] = [_analysis(doc) for doc in docs]
    out["tokens"] = sum(len(a[0]) for a in analyses["bilat"])
    out["identical"] = sum(a == b for a, b in zip(analyses["spacy"], analyses["bilat"],
                                                  strict=True))
    return out


def _full_analysis(doc: Any) -> tuple[Any, ...]:
    return (tuple(t.tag_ for t in doc), *_analysis(doc))


def check_embedding(docs_dir: Path) -> dict[str, Any]:
    """See ``--embed``."""
    import os

    import numpy

    from bilat.annotations.nlp import load_nlp, run_pipeline

    nlp = load_nlp()
    texts = _paragraph_texts(docs_dir)
    out: dict[str, Any] = {"paragraphs": len(texts)}
    runs = {}
    # the first pass warms everything but the embedding cache (the attribute cache, the
    # allocator), so that the two timed passes differ by the embedding cache alone
    for way, switch in (("warm-up", "0"), ("model", "0"), ("cached", "1")):
        os.environ["BILAT_EMBED_CACHE"] = switch
        docs = [nlp.make_doc(text) for text in texts]
        started = time.process_time()
        docs = list(run_pipeline(nlp, docs))
        if way != "warm-up":
            out[f"{way}_cpu"] = round(time.process_time() - started, 2)
            runs[way] = docs
    os.environ.pop("BILAT_EMBED_CACHE")
    pairs = list(zip(runs["model"], runs["cached"], strict=True))
    out["tokens"] = sum(len(doc) for doc, _ in pairs)
    out["same_tok2vec"] = sum(numpy.array_equal(a.tensor, b.tensor) for a, b in pairs)
    out["identical"] = sum(_full_analysis(a) == _full_analysis(b) for a, b in pairs)
    return out


def embedded_rows() -> list[int]:
    """The rows each remembered embedding holds at the end (``--parts``)."""
    from bilat.annotations import embedding

    return [len(rows.index) for rows in embedding._CACHES.values()]


def process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dev-share", type=float, default=0.5,
                        help="share of verbatim dev copies in the corpus")
    parser.add_argument("--plain", action="store_true")
    parser.add_argument("--parts", action="store_true", help="split the parse's time")
    parser.add_argument("--export", type=Path)
    parser.add_argument("--loop", action="store_true",
                        help="check the transition loop against spaCy's")
    parser.add_argument("--embed", action="store_true",
                        help="check the remembered embedding against the models' own")
    parser.add_argument("--docs-dir", type=Path, help="--loop, --embed: these texts instead")
    args = parser.parse_args(argv)
    if args.loop and args.docs_dir:
        print(json.dumps({"pass": "loop", **check_loop(args.docs_dir)}))
        return
    if args.embed and args.docs_dir:
        print(json.dumps({"pass": "embed", **check_embedding(args.docs_dir)}))
        return
    corpus = run.make_corpus(args.docs, args.dev_share, 0.15, args.seed)
    if args.plain:
        result = run.plain_pass([corpus / "docs"])
        print(json.dumps({"pass": "plain", "process_cpu": round(process_cpu(), 2),
                          "pipe_cpu": round(result["cpu"], 2)}))
        return
    if args.loop:
        print(json.dumps({"pass": "loop", **check_loop(corpus / "docs")}))
        return
    if args.embed:
        print(json.dumps({"pass": "embed", **check_embedding(corpus / "docs")}))
        return
    instrument()
    if args.parts:
        instrument_parse()
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
                                  for k in ("prepare", "parse", "extract", "merge", "store"))
    print(json.dumps({"pass": "bilat", "process_cpu": round(total, 2),
                      **{k: round(v, 2) for k, v in sorted(stages.items())},
                      **({"tokens": TOKENS, "embedded_rows": embedded_rows()}
                         if args.parts else {})}))


if __name__ == "__main__":
    main()
