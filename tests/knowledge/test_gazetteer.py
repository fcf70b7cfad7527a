"""The gazetteer: cities by name from GeoNames, chosen by the states a text is about."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilat.knowledge.gazetteer import City, Gazetteer, _load_gazetteer, city_key, gazetteer

BALI_CM = City("Bali", "CMR", 5.9, 10.0, 27_000)
BALI_XX = City("Bali", "IND", 24.0, 73.0, 20_000)
PARIS = City("Paris", "FRA", 48.9, 2.3, 2_138_551)
PARIS_TX = City("Paris", "USA", 33.7, -95.6, 25_000)
SEOUL = City("Seoul", "KOR", 37.6, 127.0, 10_000_000)


def _small() -> Gazetteer:
    return Gazetteer([BALI_CM, BALI_XX, PARIS, PARIS_TX, SEOUL], {"KOR": 410},
                     alternates={SEOUL: ("Soul", "Keijo")})


def test_a_city_in_a_state_the_text_is_about_wins() -> None:
    assert _small().resolve("Paris", ["USA", "CHN"]) == PARIS_TX


def test_without_context_a_name_is_taken_only_when_one_city_dominates_it() -> None:
    g = _small()
    assert g.resolve("Paris") == PARIS  # 85 times larger than Paris, Texas
    assert g.resolve("Bali") is None  # two towns of similar size: no way to tell


def test_alternate_spellings_and_diacritics_find_the_city() -> None:
    g = _small()
    assert g.resolve("Keijo") == SEOUL
    assert g.resolve("SÉOUL") == SEOUL
    assert g.cities("Nowhere") == ()
    assert city_key("Rostov-on-Don") == "rostovondon"


def test_numeric_codes_name_the_shapes_of_world_maps() -> None:
    assert _small().numeric_code("KOR") == 410 and _small().numeric_code("XXX") is None


def test_the_installed_geonames_data_holds_cities_of_every_continent() -> None:
    g = gazetteer()
    assert g.resolve("Chengdu").country == "CHN"
    assert g.resolve("Denpasar").country == "IDN"
    assert g.resolve("Woodside", ["USA"]).country == "USA"
    assert g.resolve("Peking").name == "Beijing"  # an alternate name of a large city
    assert g.numeric_code("PRK") == 408


def test_the_gazetteer_read_back_from_its_kept_form_is_the_one_parsed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILAT_CACHE", str(tmp_path))
    parsed = _load_gazetteer()
    assert list(tmp_path.iterdir())  # kept
    kept = _load_gazetteer()
    for name in ("Paris", "Woodside", "Rostov-on-Don", "Chengdu", "Bali"):
        assert kept.cities(name) == parsed.cities(name)
    assert kept._by_key == parsed._by_key
