"""The document-level passes: one declared order, each pass in its own module saying what it
reads and fills, and each filling only the candidate fields it declares."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import yaml

from bilat.annotations.actors import annotate
from bilat.config import Settings
from bilat.documents import prepare
from bilat.events import passes
from bilat.events.candidate import Candidate, Story
from bilat.events.narrative import read_story
from bilat.events.passes import DROPS, PASSES, Pass, run_passes
from bilat.events.screen import parse_for_events
from bilat.events.sentence_stage import read_candidates
from bilat.knowledge.kb import KnowledgeBase, load_kb
from bilat.model import Document
from bilat.pipeline import iter_documents

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CASES = Path(__file__).parent / "cases"
FIELDS = {f.name for f in fields(Candidate)}


def _modules() -> list[Any]:
    return [importlib.import_module(f"bilat.events.passes.{m.name}")
            for m in pkgutil.iter_modules(passes.__path__)]


def test_the_passes_are_named_once_and_fill_candidate_fields() -> None:
    names = [p.name for p in PASSES]
    assert len(names) == len(set(names))
    for p in PASSES:
        assert p.fills and p.fills <= FIELDS | {DROPS}, p.name


def test_every_pass_module_says_what_it_reads_and_fills_and_runs_in_the_order() -> None:
    in_order = {p.run.__module__ for p in PASSES}
    for module in _modules():
        doc = module.__doc__ or ""
        assert "Reads:" in doc and "Fills:" in doc, module.__name__
        assert module.__name__ in in_order, f"{module.__name__} is in no pass of PASSES"


def _documents(folder: Path, manifest: Path) -> list[Document]:
    settings = Settings()
    return [prepare(raw, settings) for raw in iter_documents([folder], manifest)]


def _snapshot(c: Candidate) -> dict[str, Any]:
    return {name: tuple(v) if isinstance(v := getattr(c, name), list) else v for name in FIELDS}


def _checked(step: Pass) -> Pass:
    """The pass, asserting that it writes only the fields it declares."""

    def run(cands: list[Candidate], story: Story) -> list[Candidate]:
        before = {id(c): _snapshot(c) for c in cands}
        out = step.run(cands, story)
        if [id(c) for c in out] != [id(c) for c in cands]:
            assert DROPS in step.fills, f"{step.name} changes the candidates it does not declare"
        for c in cands:
            changed = {k for k, v in _snapshot(c).items() if before[id(c)][k] != v}
            assert changed <= step.fills, f"{step.name} writes {changed - step.fills}"
        return out

    return Pass(step.name, run, step.fills)


def _run_checked(docs: list[Document], kb: KnowledgeBase,
                 parse: Callable[[list[str]], list[Any]]) -> int:
    written = 0
    for doc, paragraphs in zip(docs, parse([d.clean for d in docs]), strict=True):
        story = read_story(doc, paragraphs, annotate(kb, paragraphs, doc.published))
        candidates = read_candidates(kb, story)
        written += len(candidates)
        run_passes(candidates, story, tuple(_checked(p) for p in PASSES))
    return written


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def test_each_pass_fills_only_what_it_declares_on_the_examples(kb: KnowledgeBase) -> None:
    docs = _documents(EXAMPLES / "articles", EXAMPLES / "manifest.jsonl")
    assert _run_checked(docs, kb, lambda texts: parse_for_events(texts, kb)) > 0


def test_each_pass_fills_only_what_it_declares_on_the_dev_set(kb: KnowledgeBase,
                                                               dev_dir: Path) -> None:
    docs = _documents(dev_dir / "docs", dev_dir / "manifest.jsonl")
    assert _run_checked(docs, kb, lambda texts: parse_for_events(texts, kb)) > 0


def test_each_pass_fills_only_what_it_declares_on_the_cases(kb: KnowledgeBase) -> None:
    """The cases exercise the rarer passes (delegations, pairs, signers) the corpora may not."""
    cases = [c for path in sorted(CASES.glob("*.yaml"))
             for c in yaml.safe_load(path.read_text(encoding="utf-8"))]
    docs = [Document(id=Document.make_id("t.txt", c["text"]), name="t.txt", text=c["text"],
                     clean=c["text"], published=c.get("published")) for c in cases]
    assert _run_checked(docs, kb, lambda texts: parse_for_events(texts, kb)) > 0
