"""Where places are: a place name -> (latitude, longitude, state), for the map.

The knowledge base names places without coordinates (``knowledge/data/places.yaml``); their
coordinates come from the GeoNames gazetteer (:mod:`bilat.knowledge.gazetteer`), looked up
by name *and* state, so a listed place never lands in another state of the same name
(Woodside, California is not Woodside, New York):

- a place the knowledge base lists: the most populous GeoNames city of its state (or of a
  territory of the state's that GeoNames lists apart: Hong Kong, Macau) named by
  its name or one of its aliases (never a city the knowledge base lists as another place);
  a venue, through the city it is in ("Kremlin" -> Moscow); a region, nowhere;
- a state's capital (``countries.yaml``), likewise within its state, else the capital
  GeoNames names for that state ("Luxembourg City" is GeoNames' "Luxembourg");
- any other name (a city the gazetteer gave an event): the city of that name in one of the
  states the events are about, or with no states to go by, the one city that dominates
  the name (:meth:`~bilat.knowledge.gazetteer.Gazetteer.resolve`).

Places the gazetteer lacks (towns under 15,000 inhabitants, launch sites, border stations,
regions) have no coordinates: the map lists them apart rather than guessing.

The shapes of world maps (world-atlas) are keyed by ISO 3166-1 numeric codes; bilat's
states by ISO-3: :meth:`Locator.shape_id` maps one to the other through GeoNames'
country data, not a table of our own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bilat.knowledge.gazetteer import City, Gazetteer, gazetteer
from bilat.knowledge.kb import KnowledgeBase, Place, load_kb, per_kb
from bilat.knowledge.names import place_key


@dataclass(frozen=True)
class Located:
    """A place name with the coordinates of the city it denotes."""

    name: str  # the name asked about
    country: str  # ISO-3 of the state the place is in
    latitude: float
    longitude: float


class Locator:
    """Coordinates of place names, from a knowledge base and a gazetteer (answers cached)."""

    def __init__(self, kb: KnowledgeBase, gaz: Gazetteer) -> None:
        self._kb = kb
        self._gaz = gaz
        self._capitals = {place_key(c.capital): c.iso3 for c in kb.countries.values()
                          if c.capital}  # fmt: skip
        self._found: dict[tuple[str, tuple[str, ...]], Located | None] = {}
        # GeoNames files a territory's cities under its own code (Hong Kong under HKG):
        # the state that holds it, for cities to be found and counted as that state's
        self._holder = {t: c.iso3 for c in kb.countries.values() for t in c.territories}

    def locate(self, name: str, countries: Iterable[str] = ()) -> Located | None:
        """Where ``name`` is; ``countries`` (ISO-3) are the states of the events, consulted
        only for a name the knowledge base does not list."""
        key = (name, tuple(sorted(set(countries))))
        if key not in self._found:
            city = self._city(name, key[1])
            self._found[key] = None if city is None else Located(
                name, self._state_of(city), city.latitude, city.longitude)
        return self._found[key]

    def shape_id(self, iso3: str) -> str | None:
        """The id of the state's shape in world-atlas: its ISO numeric code, three digits
        ("408" for PRK, "004" for AFG); None for a state without one (Kosovo)."""
        numeric = self._gaz.numeric_code(iso3)
        return None if numeric is None else f"{numeric:03d}"

    def _city(self, name: str, countries: tuple[str, ...]) -> City | None:
        place = self._kb.place(name)
        if place is not None:
            return self._city_of_place(place)
        capital_of = self._capitals.get(place_key(name))
        if capital_of is not None:
            return self._city_in(capital_of, (name,)) or self._gaz.capital(capital_of)
        city = self._gaz.resolve(name, countries)
        if city is None or (countries and self._state_of(city) not in countries):
            return None
        return city

    def _state_of(self, city: City) -> str:
        """The state ``city`` is in, a territory's cities counted as its holder's."""
        return self._holder.get(city.country, city.country)

    def _city_of_place(self, place: Place, depth: int = 0) -> City | None:
        if place.kind == "region":
            return None  # a region is no point ("the Russian Far East")
        if place.kind == "venue" and place.city and depth == 0:
            # the venue's city, itself a listed place as a rule ("St. Petersburg")
            listed = self._kb.place(place.city)
            if listed is not None and listed.country == place.country:
                return self._city_of_place(listed, depth + 1)
            return self._city_in(place.country, (place.city,))
        city = self._city_in(place.country, (place.name, *place.aliases), place)
        if city is None and self._capitals.get(place_key(place.name)) == place.country:
            city = self._gaz.capital(place.country)  # "Luxembourg City" is "Luxembourg"
        return city

    def _city_in(self, country: str, names: Iterable[str],
                 place: Place | None = None) -> City | None:
        """The most populous city of ``country`` that one of ``names`` names (in their order),
        but not a city the knowledge base lists as another place: GeoNames spells Kazan
        "Khasan" too, and Khasan is a border station of its own."""
        for name in names:
            found = [c for c in self._gaz.cities(name)
                     if self._state_of(c) == country and self._kb.place(c.name) in (None, place)]
            if found:
                return found[0]
        return None


def locator(kb: KnowledgeBase | None = None) -> Locator:
    """The locator of ``kb`` (the bundled knowledge base by default) over the installed
    gazetteer, made once per knowledge base and process (loading GeoNames costs ~0.5 s)."""
    kb = kb if kb is not None else load_kb()
    return per_kb("coordinates", kb, lambda k: Locator(k, gazetteer()))
