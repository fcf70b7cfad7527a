"""Extraction cases as data: each case of tests/events/cases/*.yaml is a short text, its
publication date, the rule it exercises and what the extracted mentions must show.

A case::

    - rule: visit.traveller.not-the-host      # documented in the module that implements it
      text: "The leader of the DPRK arrived in Russia at the invitation of ..."
      published: "2023-09-16"
      select: {type: VISIT}                   # which mentions the checks look at
      first: {actors: {excludes: [Vladimir Putin]}, countries: [PRK, RUS]}

``select`` keys (all optional): ``type`` (one or a list), ``actor`` (one of its actors),
``country`` (one of its states), ``evidence_has`` / ``evidence_lacks`` (a substring of its
evidence), ``status``, ``date``, ``what``. Checks on the selected mentions: ``found``
(true: some, false: none), ``count``, ``at_most``, ``first``, ``last``, ``all`` (at least
one, and every one matches), ``any`` (one matches), ``none`` (none matches, if any), ``each``
(one spec per mention, in order), ``unordered`` (one spec per mention, in any order).
A case with several selections lists them under ``checks``.

A field spec is a value (lists compare as tuples, ``null`` is None, a status by its
value) or one operation: ``{set: [...]}``, ``{includes: [...]}``, ``{excludes: [...]}``,
``{not: value}``, ``{startswith: "2017-09"}``.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bilat.events.extract import extract
from bilat.knowledge.kb import KnowledgeBase, load_kb
from bilat.model import Document, EventMention

CASES = Path(__file__).parent / "cases"
SRC = Path(__file__).resolve().parents[2] / "src" / "bilat" / "events"
QUANTIFIERS = {"found", "count", "at_most", "first", "last", "all", "any", "none", "each",
               "unordered"}
CASE_KEYS = {"rule", "text", "published", "select", "checks", "why"} | QUANTIFIERS


def _load() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            out.append((f"{path.stem}:{i}:{case['rule']}", case))
    return out


ALL = _load()


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.mark.parametrize("case", [c for _, c in ALL], ids=[i for i, _ in ALL])
def test_case(case: dict[str, Any], kb: KnowledgeBase) -> None:
    text = case["text"]
    doc = Document(id=Document.make_id("t.txt", text), name="t.txt", text=text, clean=text,
                   published=case.get("published"))
    mentions = extract(doc, kb).mentions
    for check in case.get("checks") or [case]:
        selected = [m for m in mentions if _selected(m, check.get("select") or {})]
        _check(check, selected, mentions)


def test_cases_are_well_formed() -> None:
    for name, case in ALL:
        assert set(case) <= CASE_KEYS, (name, set(case) - CASE_KEYS)
        assert re.fullmatch(r"[a-z]+(\.[a-z-]+)+", case["rule"]), name
        checks = case.get("checks") or [case]
        assert all(QUANTIFIERS & set(c) for c in checks), f"{name} checks nothing"


def test_every_rule_a_case_names_is_documented_where_it_is_implemented() -> None:
    """A rule id names a rule of bilat.events: its module says ``rule.id``."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    missing = sorted({c["rule"] for _, c in ALL if f"``{c['rule']}``" not in code})
    assert not missing, f"rule ids no module of bilat.events documents: {missing}"


# ------------------------------------------------------------------------ matching


def _selected(m: EventMention, select: dict[str, Any]) -> bool:
    types = select.get("type")
    if types is not None and m.type.value not in ([types] if isinstance(types, str) else types):
        return False
    if "actor" in select and select["actor"] not in m.actors:
        return False
    if "evidence_has" in select and select["evidence_has"] not in m.evidence:
        return False
    if "evidence_lacks" in select and select["evidence_lacks"] in m.evidence:
        return False
    if "country" in select and select["country"] not in m.countries:
        return False
    if "status" in select and m.status.value != select["status"]:
        return False
    if "date" in select and m.date != select["date"]:
        return False
    return "what" not in select or m.what == select["what"]


def _check(check: dict[str, Any], selected: list[EventMention],
           mentions: tuple[EventMention, ...]) -> None:
    seen = [(m.type.value, m.actors, m.countries, m.location, m.date, m.status.value, m.what)
            for m in mentions]
    if "found" in check:
        assert bool(selected) == check["found"], seen
    if "count" in check:
        assert len(selected) == check["count"], seen
    if "at_most" in check:
        assert len(selected) <= check["at_most"], seen
    for key in ("first", "last"):
        if key in check:
            assert selected, f"nothing selected by {check.get('select')} in {seen}"
            m = selected[0 if key == "first" else -1]
            assert _matches(m, check[key]), (check[key], m)
    if "all" in check:
        assert selected, f"nothing selected by {check.get('select')} in {seen}"
        assert all(_matches(m, check["all"]) for m in selected), (check["all"], seen)
    if "any" in check:
        assert any(_matches(m, check["any"]) for m in selected), (check["any"], seen)
    if "none" in check:
        assert not any(_matches(m, check["none"]) for m in selected), (check["none"], seen)
    if "each" in check:
        specs = check["each"]
        assert len(selected) == len(specs), (specs, seen)
        assert all(_matches(m, s) for m, s in zip(selected, specs, strict=True)), (specs, seen)
    if "unordered" in check:
        specs = check["unordered"]
        assert len(selected) == len(specs), (specs, seen)
        assert any(all(_matches(m, s) for m, s in zip(order, specs, strict=True))
                   for order in itertools.permutations(selected)), (specs, seen)


def _matches(m: EventMention, spec: dict[str, Any]) -> bool:
    return all(_field_matches(_value(m, name), want) for name, want in spec.items())


def _value(m: EventMention, name: str) -> Any:
    value = getattr(m, name)
    if name == "spans":
        return [list(span) for span in value]
    return value.value if name == "status" else value


def _field_matches(value: Any, want: Any) -> bool:
    if isinstance(want, dict):
        ((op, arg),) = want.items()
        if op == "set":
            return set(value) == set(arg)
        if op == "includes":
            return set(arg) <= set(value)
        if op == "excludes":
            return not set(arg) & set(value)
        if op == "not":
            return not _field_matches(value, arg)
        if op == "startswith":
            return value is not None and value.startswith(arg)
        raise ValueError(f"unknown field operation {op!r}")
    if isinstance(want, list):
        return tuple(value) == tuple(want)
    return value == want
