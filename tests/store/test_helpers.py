"""Pure helpers behind the store: date intervals, search words, URLs, copy chains."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilat.errors import StoreError
from bilat.model import Failure
from bilat.partial_date import lower_bound, month_of, upper_bound
from bilat.store import engine_url, open_store
from bilat.store.derived import resolve_copies
from bilat.store.search import matching_mentions, search_body, words


@pytest.mark.parametrize(
    ("value", "lo", "hi", "month"),
    [
        ("2024-06-13", "2024-06-13", "2024-06-13", "2024-06"),
        ("2024-06", "2024-06-01", "2024-06-31", "2024-06"),
        ("2017", "2017-01-01", "2017-12-31", None),
        ("2024-06-13T10:00", "2024-06-13", "2024-06-13", "2024-06"),
        (None, None, None, None),
        ("June 2024", None, None, None),
    ],
)
def test_date_bounds(value: str | None, lo: str | None, hi: str | None, month: str | None) -> None:
    assert (lower_bound(value), upper_bound(value), month_of(value)) == (lo, hi, month)


def test_words_fold_case_diacritics_and_punctuation() -> None:
    folded = ["kim", "jong", "un", "s", "talks", "in", "pyongyang", "2024"]
    assert words("Kim Jong-un's “talks” in Pyöngyang_2024") == folded
    assert words("'; DROP TABLE --") == ["drop", "table"]
    assert search_body("Putin met Kim.", None, "a.txt") == "putin met kim a txt"


def test_query_without_words_is_no_filter() -> None:
    assert matching_mentions("sqlite", "  '\"--; ") is None
    assert matching_mentions("postgresql", "*") is None


def test_query_words_are_bound_not_inlined() -> None:
    stmt = matching_mentions("sqlite", "NEAR shoigu")
    assert stmt is not None
    compiled = stmt.compile()
    assert "shoigu" not in str(compiled)
    assert compiled.params == {"fts_query": '"near" "shoigu"'}


def test_engine_url(tmp_path: Path) -> None:
    assert engine_url("postgresql://u@h:5432/db") == "postgresql+psycopg://u@h:5432/db"
    assert engine_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert engine_url(tmp_path / "x.db") == f"sqlite:///{tmp_path.resolve() / 'x.db'}"
    assert engine_url(":memory:") == "sqlite://"
    with pytest.raises(StoreError):
        engine_url("mysql://u@h/db")
    with pytest.raises(StoreError, match="does not exist"):
        engine_url(tmp_path / "missing" / "x.db")


def test_copy_chains_resolve_to_the_final_canonical() -> None:
    assert resolve_copies({"c": "b", "b": "a", "x": "x"}) == {"c": "a", "b": "a"}
    assert resolve_copies({"p": "q", "q": "p"}) == {}  # a cycle: each its own canonical


def test_in_memory_store_keeps_data_across_calls() -> None:
    store = open_store(":memory:")
    store.add_failures([Failure("x", "x", "read", "E101", "empty")])
    assert [f.name for f in store.failures()] == ["x"]
    store.close()
