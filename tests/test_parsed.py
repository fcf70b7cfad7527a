"""A data file's parsed form kept once and read back while the file is unchanged."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from bilat.parsed import cache_dir, computed_once, parsed_once


class Parser:
    """Parses a file of numbers, one a line, and counts its calls."""

    def __init__(self, make: Any = None) -> None:
        self.calls = 0
        self.make = make

    def __call__(self, path: Path) -> Any:
        self.calls += 1
        numbers = [int(line) for line in path.read_text().split()]
        return self.make(numbers) if self.make else {"numbers": numbers}


def test_a_file_is_parsed_once_and_its_kept_form_read_back(tmp_path: Path) -> None:
    source = tmp_path / "numbers.txt"
    source.write_text("1\n2\n")
    parse = Parser()
    first = parsed_once(source, parse, "numbers-1", tmp_path / "kept")
    again = parsed_once(source, parse, "numbers-1", tmp_path / "kept")
    assert first == again == {"numbers": [1, 2]}
    assert parse.calls == 1


def test_an_edited_file_or_another_form_is_parsed_again(tmp_path: Path) -> None:
    source = tmp_path / "numbers.txt"
    source.write_text("1\n")
    parse = Parser()
    parsed_once(source, parse, "numbers-1", tmp_path / "kept")
    source.write_text("1\n2\n3\n")
    assert parsed_once(source, parse, "numbers-1", tmp_path / "kept") == {"numbers": [1, 2, 3]}
    parsed_once(source, parse, "numbers-2", tmp_path / "kept")
    assert parse.calls == 3


def test_a_file_edited_to_the_same_size_is_parsed_again(tmp_path: Path) -> None:
    source = tmp_path / "numbers.txt"
    source.write_text("1\n")
    parse = Parser()
    parsed_once(source, parse, "numbers-1", tmp_path / "kept")
    source.write_text("2\n")
    later = os.stat(source).st_mtime_ns + 1_000_000_000
    os.utime(source, ns=(later, later))
    assert parsed_once(source, parse, "numbers-1", tmp_path / "kept") == {"numbers": [2]}


@pytest.mark.parametrize("make", [tuple, lambda n: {"on": dt.date(2026, 1, n[0])}])
def test_values_json_would_not_give_back_equal_are_not_kept(tmp_path: Path, make: Any) -> None:
    source = tmp_path / "numbers.txt"
    source.write_text("1\n")
    parse = Parser(make)
    assert parsed_once(source, parse, "numbers-1", tmp_path / "kept") == make([1])
    assert parsed_once(source, parse, "numbers-1", tmp_path / "kept") == make([1])
    assert parse.calls == 2


def test_a_damaged_kept_form_is_parsed_again(tmp_path: Path) -> None:
    source = tmp_path / "numbers.txt"
    source.write_text("4\n")
    parse = Parser()
    parsed_once(source, parse, "numbers-1", tmp_path / "kept")
    for kept in (tmp_path / "kept").iterdir():
        kept.write_bytes(b'{"state": [')
    assert parsed_once(source, parse, "numbers-1", tmp_path / "kept") == {"numbers": [4]}
    assert parsed_once(source, parse, "numbers-1", tmp_path / "kept") == {"numbers": [4]}
    assert parse.calls == 2


def test_a_directory_that_cannot_be_written_keeps_nothing(tmp_path: Path) -> None:
    source = tmp_path / "numbers.txt"
    source.write_text("5\n")
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    parse = Parser()
    assert parsed_once(source, parse, "numbers-1", blocked / "kept") == {"numbers": [5]}
    assert parsed_once(source, parse, "numbers-1", blocked / "kept") == {"numbers": [5]}
    assert parse.calls == 2


def test_a_missing_file_raises_as_reading_it_would(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        parsed_once(tmp_path / "none.txt", Parser(), "numbers-1", tmp_path / "kept")


def test_bilat_cache_names_the_directory_or_turns_keeping_off(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILAT_CACHE", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("BILAT_CACHE", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "bilat"
    monkeypatch.setenv("BILAT_CACHE", "0")
    assert cache_dir() is None
    source = tmp_path / "numbers.txt"
    source.write_text("6\n")
    parse = Parser()
    parsed_once(source, parse, "numbers-1")
    parsed_once(source, parse, "numbers-1")
    assert parse.calls == 2
    assert not (tmp_path / "xdg").exists()


def test_by_content_a_file_edited_with_the_same_size_and_time_is_parsed_again(
        tmp_path: Path) -> None:
    source = tmp_path / "numbers.txt"
    source.write_text("1\n")
    stamp = os.stat(source).st_mtime_ns
    parse = Parser()
    parsed_once(source, parse, "numbers-1", tmp_path / "kept", by_content=True)
    source.write_text("2\n")
    os.utime(source, ns=(stamp, stamp))
    assert parsed_once(source, parse, "numbers-1", tmp_path / "kept",
                       by_content=True) == {"numbers": [2]}
    assert parsed_once(source, parse, "numbers-1", tmp_path / "kept",
                       by_content=True) == {"numbers": [2]}
    assert parse.calls == 2


class Computer:
    """Makes a value from no file, and counts its calls."""

    def __init__(self, value: Any) -> None:
        self.calls = 0
        self.value = value

    def __call__(self) -> Any:
        self.calls += 1
        return self.value


def test_a_value_is_computed_once_for_the_same_inputs_and_again_for_others(
        tmp_path: Path) -> None:
    compute = Computer({"ids": [[1, 2], [2**64 - 1]]})
    inputs = {"phrases": ["a b", "c"], "library": "3.8"}
    first = computed_once(inputs, compute, "ids-1", tmp_path / "kept")
    again = computed_once(dict(reversed(inputs.items())), compute, "ids-1", tmp_path / "kept")
    assert first == again == {"ids": [[1, 2], [2**64 - 1]]}
    assert compute.calls == 1
    computed_once({**inputs, "library": "3.9"}, compute, "ids-1", tmp_path / "kept")
    computed_once(inputs, compute, "ids-2", tmp_path / "kept")
    assert compute.calls == 3


def test_a_damaged_or_unwritable_kept_value_is_computed_again(tmp_path: Path) -> None:
    compute = Computer([7])
    computed_once(["x"], compute, "ids-1", tmp_path / "kept")
    for kept in (tmp_path / "kept").iterdir():
        kept.write_bytes(b'{"state": ["')
    assert computed_once(["x"], compute, "ids-1", tmp_path / "kept") == [7]
    assert computed_once(["x"], compute, "ids-1", tmp_path / "kept") == [7]
    assert compute.calls == 2
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    assert computed_once(["x"], compute, "ids-1", blocked / "kept") == [7]
    assert computed_once(["x"], compute, "ids-1", blocked / "kept") == [7]
    assert compute.calls == 4


def test_a_kept_value_of_other_inputs_under_the_same_name_is_not_read(tmp_path: Path) -> None:
    compute = Computer([1])
    computed_once(["x"], compute, "ids-1", tmp_path / "kept")
    (kept,) = (tmp_path / "kept").iterdir()
    record = kept.read_text().replace("[1]", "[2]")
    kept.write_text(record.replace('"state":["', '"state":["0'))
    assert computed_once(["x"], compute, "ids-1", tmp_path / "kept") == [1]
    assert compute.calls == 2


def test_with_keeping_off_a_value_is_computed_every_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILAT_CACHE", "0")
    compute = Computer([3])
    computed_once(["x"], compute, "ids-1")
    computed_once(["x"], compute, "ids-1")
    assert compute.calls == 2
