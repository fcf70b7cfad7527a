"""Coordinates of place names (bilat.knowledge.coordinates): the knowledge base's places
found in the gazetteer by name and state, venues through their city, capitals, and names
the knowledge base does not list."""

from __future__ import annotations

from bilat.knowledge.coordinates import Located, Locator, locator
from bilat.knowledge.gazetteer import City, Gazetteer
from bilat.knowledge.kb import Country, KnowledgeBase, Place, load_kb

MOSCOW = City("Moscow", "RUS", 55.75, 37.62, 10_381_222)
MOSCOW_ID = City("Moscow", "USA", 46.73, -117.0, 25_000)  # Moscow, Idaho
KAZAN = City("Kazan", "RUS", 55.79, 49.12, 1_104_738)
PARIS = City("Paris", "FRA", 48.85, 2.35, 2_138_551)
PARIS_TX = City("Paris", "USA", 33.66, -95.56, 25_171)
LUXEMBOURG = City("Luxembourg", "LUX", 49.61, 6.13, 76_684)
WOODSIDE_NY = City("Woodside", "USA", 40.75, -73.91, 45_000)
WOODSIDE_UK = City("Woodside", "GBR", 51.1, -0.1, 40_000)


def _gazetteer() -> Gazetteer:
    return Gazetteer(
        [MOSCOW, MOSCOW_ID, KAZAN, PARIS, PARIS_TX, LUXEMBOURG, WOODSIDE_NY, WOODSIDE_UK],
        {"RUS": 643, "AFG": 4},
        alternates={KAZAN: ("Khasan", "Kasan")},
        capitals={"LUX": "Luxembourg"},
    )


def _kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    kb.add_country(Country("RUS", "Russia", capital="Moscow"))
    kb.add_country(Country("LUX", "Luxembourg", capital="Luxembourg City"))
    kb.add_place(Place("Moscow", "RUS", aliases=("Moskva",)))
    kb.add_place(Place("Kremlin", "RUS", kind="venue", aliases=("the Kremlin",), city="Moscow"))
    kb.add_place(Place("Kazan", "RUS"))
    kb.add_place(Place("Khasan", "RUS"))  # a border station: no city of GeoNames' 15,000
    kb.add_place(Place("Paris", "USA"))  # a place listed in another state than the largest
    kb.add_place(Place("Siberia", "RUS", kind="region"))
    return kb


def _locator() -> Locator:
    return Locator(_kb(), _gazetteer())


def test_a_listed_place_is_the_city_of_its_own_state() -> None:
    assert _locator().locate("Paris") == Located("Paris", "USA", 33.66, -95.56)
    assert _locator().locate("Moskva") == Located("Moskva", "RUS", 55.75, 37.62)


def test_a_venue_is_where_its_city_is() -> None:
    assert _locator().locate("the Kremlin") == Located("the Kremlin", "RUS", 55.75, 37.62)


def test_another_listed_place_is_no_alternate_spelling() -> None:
    """GeoNames lists "Khasan" among Kazan's spellings; the knowledge base lists Kazan as a
    place of its own, so Khasan is not put on Kazan."""
    locate = _locator().locate
    assert locate("Khasan") is None
    assert locate("Kazan") == Located("Kazan", "RUS", 55.79, 49.12)


def test_a_region_is_no_point() -> None:
    assert _locator().locate("Siberia") is None


def test_a_capital_is_found_under_the_name_geonames_gives_it() -> None:
    assert _locator().locate("Luxembourg City") == Located("Luxembourg City", "LUX", 49.61, 6.13)


def test_an_unlisted_name_is_placed_among_the_states_of_its_events() -> None:
    locate = _locator().locate
    assert locate("Woodside", ["GBR", "RUS"]).country == "GBR"
    assert locate("Woodside") is None  # two towns of a size: no way to tell
    assert locate("Woodside", ["FRA"]) is None  # none in the states of its events
    assert locate("Atlantis") is None


def test_a_territory_that_geonames_lists_apart_is_its_holders() -> None:
    """Rule: a state's ``territories`` (Hong Kong, HKG in GeoNames) hold its listed places,
    and their cities count as the state's."""
    victoria = City("Victoria", "HKG", 22.28, 114.16, 1_000_000)
    gaz = Gazetteer([victoria, MOSCOW], {})
    kb = KnowledgeBase()
    kb.add_country(Country("CHN", "China", territories=("HKG",)))
    kb.add_place(Place("Victoria", "CHN"))
    assert Locator(kb, gaz).locate("Victoria") == Located("Victoria", "CHN", 22.28, 114.16)
    without = KnowledgeBase()
    without.add_country(Country("CHN", "China"))
    without.add_place(Place("Victoria", "CHN"))
    assert Locator(without, gaz).locate("Victoria") is None


def test_shapes_of_world_maps_are_iso_numeric_codes_of_three_digits() -> None:
    shape_id = _locator().shape_id
    assert (shape_id("RUS"), shape_id("AFG"), shape_id("XKX")) == ("643", "004", None)


def test_the_bundled_knowledge_places_its_capitals_and_most_cities() -> None:
    """Against the installed GeoNames data: every capital of countries.yaml, and the cities
    and venues of places.yaml but for a few towns and sites under 15,000 inhabitants."""
    kb, found = load_kb(), locator()
    capitals = [c for c in kb.countries.values() if c.capital]
    assert all(found.locate(c.capital).country == c.iso3 for c in capitals)  # type: ignore[union-attr]
    points = [p for p in kb.places.values() if p.kind in ("city", "venue")]
    placed = [p for p in points if found.locate(p.name) is not None]
    assert len(placed) >= 0.9 * len(points)
    assert found.locate("Vladivostok").country == "RUS"  # type: ignore[union-attr]
    assert found.locate("Khasan") is None  # not Kazan
    assert found.locate("Hong Kong").country == "CHN"  # type: ignore[union-attr]
    assert found.locate("Macao").country == "CHN"  # type: ignore[union-attr]
    assert found.shape_id("PRK") == "408"
