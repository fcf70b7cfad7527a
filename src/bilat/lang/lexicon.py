"""The lexicon: bilat's language data, loaded once from versioned YAML files.

Language is data, the way spaCy keeps ``lang/en/`` apart from its pipeline and trafilatura
keeps its selectors apart from its engine: every trigger lemma, modality word, title, kind
of agreement or aid, time word and every window or depth a rule uses lives in a file under
``lang/en/``, with where its words come from. Code refers to a named class
(``lexicon().words("PLAN_HEADS")``), never to a literal list.

A file holds::

    version: 1
    about: what the file's classes are for
    sources: [where the words come from, ...]
    classes:            # named word classes (PETRARCH's &WEAPON idea)
      PLAN_HEADS:
        about: heads whose complement is an intended event ("plans to visit")
        words: [plan, expect, "&SCHEDULE_HEADS"]   # "&NAME" includes another class
    numbers:            # windows and depths, in sentences or tokens as ``about`` says
      NARRATIVE_LOOKBACK: {about: ..., value: 2}
    maps:               # word -> label, for classes whose words name a kind
      AID_KINDS: {about: ..., entries: {troops: troops, soldier: troops}}

A class name is defined once across all files. A malformed entry raises
:class:`~bilat.errors.LexiconError` naming the file and the entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from bilat.errors import LexiconError

# libyaml's loader reads the same safe subset of YAML about nine times faster than the
# pure-Python one (0.03 against 0.26 CPU s for the language files, the same data); every
# build pays this at start-up.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LANG_DIR = Path(__file__).parent / "en"
SCHEMA_VERSION = 1
_FILE_KEYS = {"version", "about", "sources", "classes", "numbers", "maps"}
_REF = "&"


@dataclass(frozen=True)
class Lexicon:
    """Named word classes (in file order, references expanded), numbers and maps."""

    classes: Mapping[str, tuple[str, ...]]
    numbers: Mapping[str, int | float]
    maps: Mapping[str, Mapping[str, str]]
    defined_in: Mapping[str, str]  # name -> file it comes from

    def words(self, name: str) -> frozenset[str]:
        """The words of a class, as a set."""
        return frozenset(self.ordered(name))

    def ordered(self, name: str) -> tuple[str, ...]:
        """The words of a class in file order (for classes whose order matters)."""
        try:
            return self.classes[name]
        except KeyError:
            raise LexiconError(f"No word class {name!r} in {LANG_DIR}.") from None

    def number(self, name: str) -> int:
        value = self._number(name)
        if not isinstance(value, int):
            raise LexiconError(f"Number {name!r} is {value!r}, not a whole number.")
        return value

    def real(self, name: str) -> float:
        return float(self._number(name))

    def mapping(self, name: str) -> Mapping[str, str]:
        try:
            return self.maps[name]
        except KeyError:
            raise LexiconError(f"No map {name!r} in {LANG_DIR}.") from None

    def _number(self, name: str) -> int | float:
        try:
            return self.numbers[name]
        except KeyError:
            raise LexiconError(f"No number {name!r} in {LANG_DIR}.") from None


def load_lexicon(folder: Path = LANG_DIR) -> Lexicon:
    """Read and check every ``*.yaml`` file of ``folder``."""
    raw_classes: dict[str, list[str]] = {}
    numbers: dict[str, int | float] = {}
    maps: dict[str, Mapping[str, str]] = {}
    defined_in: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = _read(path)
        for name, entry in (data.get("classes") or {}).items():
            _define(name, path, defined_in)
            raw_classes[name] = _words(entry, path, name)
        for name, entry in (data.get("numbers") or {}).items():
            _define(name, path, defined_in)
            numbers[name] = _number(entry, path, name)
        for name, entry in (data.get("maps") or {}).items():
            _define(name, path, defined_in)
            maps[name] = MappingProxyType(_map(entry, path, name))
    classes = {name: _expand(name, raw_classes, defined_in, ()) for name in raw_classes}
    return Lexicon(MappingProxyType(classes), MappingProxyType(numbers), MappingProxyType(maps),
                   MappingProxyType(defined_in))


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path.name}: cannot be read as YAML ({exc}).") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path.name}: the file must be a mapping with version, about, sources.")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise LexiconError(f"{path.name}: unknown keys {sorted(unknown)}; "
                           f"allowed: {sorted(_FILE_KEYS)}.")
    if data.get("version") != SCHEMA_VERSION:
        raise LexiconError(f"{path.name}: version must be {SCHEMA_VERSION}, "
                           f"found {data.get('version')!r}.")
    if not isinstance(data.get("about"), str) or not data.get("sources"):
        raise LexiconError(f"{path.name}: every language file says what it is for (about) and "
                           "where its words come from (sources).")
    for section in ("classes", "numbers", "maps"):
        if not isinstance(data.get(section) or {}, dict):
            raise LexiconError(f"{path.name}: {section} must be a mapping of names to entries.")
    return data


def _define(name: Any, path: Path, defined_in: dict[str, str]) -> None:
    if not isinstance(name, str) or not name.isupper() or not name.replace("_", "").isalnum():
        raise LexiconError(f"{path.name}: {name!r} is not a NAME_IN_CAPITALS.")
    if name in defined_in:
        raise LexiconError(f"{path.name}: {name} is already defined in {defined_in[name]}; "
                           "define a class once and refer to it with &NAME.")
    defined_in[name] = path.name


def _entry(entry: Any, path: Path, name: str, key: str) -> Any:
    if not isinstance(entry, dict) or not isinstance(entry.get("about"), str) or key not in entry:
        raise LexiconError(f"{path.name}: {name} needs 'about' (what it is for) and '{key}'.")
    extra = set(entry) - {"about", key}
    if extra:
        raise LexiconError(f"{path.name}: {name} has unknown keys {sorted(extra)}.")
    return entry[key]


def _words(entry: Any, path: Path, name: str) -> list[str]:
    words = _entry(entry, path, name, "words")
    if not isinstance(words, list) or not words:
        raise LexiconError(f"{path.name}: {name}.words must be a non-empty list.")
    seen: set[str] = set()
    for w in words:
        if not isinstance(w, str) or not w or w != w.strip():
            raise LexiconError(f"{path.name}: {name} holds {w!r}, not a trimmed, non-empty string.")
        if w in seen:
            raise LexiconError(f"{path.name}: {name} lists {w!r} twice.")
        seen.add(w)
    return words


def _number(entry: Any, path: Path, name: str) -> int | float:
    value = _entry(entry, path, name, "value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LexiconError(f"{path.name}: {name}.value must be a number, found {value!r}.")
    return value


def _map(entry: Any, path: Path, name: str) -> dict[str, str]:
    entries = _entry(entry, path, name, "entries")
    if not isinstance(entries, dict) or not entries:
        raise LexiconError(f"{path.name}: {name}.entries must be a non-empty mapping.")
    for k, v in entries.items():
        if not isinstance(k, str) or not isinstance(v, str) or not k or not v:
            raise LexiconError(f"{path.name}: {name} maps {k!r} to {v!r}; both must be strings.")
    return dict(entries)


def _expand(name: str, raw: dict[str, list[str]], defined_in: Mapping[str, str],
            path: tuple[str, ...]) -> tuple[str, ...]:
    """A class's words with every ``&OTHER`` replaced by OTHER's words, in order, once each."""
    if name in path:
        raise LexiconError(f"{defined_in[name]}: classes refer to each other in a circle: "
                           f"{' -> '.join((*path, name))}.")
    out: dict[str, None] = {}
    for word in raw[name]:
        if word.startswith(_REF):
            ref = word[len(_REF):]
            if ref not in raw:
                raise LexiconError(f"{defined_in[name]}: {name} refers to &{ref}, which no "
                                   "language file defines.")
            out.update(dict.fromkeys(_expand(ref, raw, defined_in, (*path, name))))
        else:
            out[word] = None
    return tuple(out)
