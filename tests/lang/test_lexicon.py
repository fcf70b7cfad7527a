"""The lexicon: language data files are schema-checked, and every class is used by the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bilat.errors import LexiconError
from bilat.lang import LANG_DIR, lexicon, load_lexicon

SRC = Path(__file__).resolve().parents[2] / "src" / "bilat"

HEADER = "version: 1\nabout: test\nsources: [written for this test]\n"


def _folder(tmp_path: Path, **files: str) -> Path:
    for name, body in files.items():
        (tmp_path / f"{name}.yaml").write_text(HEADER + body, encoding="utf-8")
    return tmp_path


def test_the_bundled_lexicon_loads() -> None:
    lex = lexicon()
    assert lex.classes and all(lex.classes.values())
    assert lexicon() is lex  # read once per process


def test_every_defined_name_is_used_by_the_code() -> None:
    """Language data nobody reads is a rule that silently stopped applying."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    texts = "\n".join(p.read_text(encoding="utf-8") for p in LANG_DIR.glob("*.yaml"))
    unused = [name for name in lexicon().defined_in
              if f'"{name}"' not in code and not re.search(rf"&{name}\b", texts)]
    assert not unused, f"defined in lang/en but never used: {unused}"


def test_a_reference_includes_the_other_class_in_order(tmp_path: Path) -> None:
    lex = load_lexicon(_folder(tmp_path, a="classes:\n  A: {about: x, words: [one, '&B', four]}\n"
                                          "  B: {about: y, words: [two, three, one]}\n"))
    assert lex.ordered("A") == ("one", "two", "three", "four")
    assert lex.words("B") == {"one", "two", "three"}


@pytest.mark.parametrize("body,complaint", [
    ("classes:\n  A: {about: x, words: [one, one]}\n", "twice"),
    ("classes:\n  A: {about: x, words: ['&B']}\n", "no language file defines"),
    ("classes:\n  A: {about: x, words: ['&B']}\n  B: {about: y, words: ['&A']}\n", "circle"),
    ("classes:\n  A: {words: [one]}\n", "needs 'about'"),
    ("classes:\n  lower: {about: x, words: [one]}\n", "NAME_IN_CAPITALS"),
    ("classes:\n  A: {about: x, words: []}\n", "non-empty list"),
    ("numbers:\n  N: {about: x, value: two}\n", "must be a number"),
    ("maps:\n  M: {about: x, entries: {troops: 3}}\n", "both must be strings"),
    ("colours: {}\n", "unknown keys"),
])
def test_a_malformed_entry_is_a_coded_error_naming_the_file(
        tmp_path: Path, body: str, complaint: str) -> None:
    with pytest.raises(LexiconError, match=complaint) as info:
        load_lexicon(_folder(tmp_path, broken=body))
    assert info.value.code == "E021" and "broken.yaml" in str(info.value)


def test_a_name_is_defined_once_across_files(tmp_path: Path) -> None:
    folder = _folder(tmp_path, a="classes:\n  A: {about: x, words: [one]}\n",
                     b="numbers:\n  A: {about: x, value: 2}\n")
    with pytest.raises(LexiconError, match="already defined in a.yaml"):
        load_lexicon(folder)


def test_a_file_without_version_or_sources_is_refused(tmp_path: Path) -> None:
    bare = "classes:\n  A: {about: x, words: [one]}\n"
    (tmp_path / "bare.yaml").write_text(bare, encoding="utf-8")
    with pytest.raises(LexiconError, match="version"):
        load_lexicon(tmp_path)


def test_an_unknown_name_is_a_coded_error() -> None:
    with pytest.raises(LexiconError, match="NO_SUCH_CLASS"):
        lexicon().words("NO_SUCH_CLASS")
    with pytest.raises(LexiconError):
        lexicon().number("NO_SUCH_NUMBER")
