"""The map's data and page (/api/map, /map) over the hand-made store of conftest.py: its
figures are those of the events, each place and state links to a timeline of exactly the
events counted, and place names from articles stay text."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from bilat.store.base import Store
from bilat.web import create_app

XSS_SCRIPT = "<script>alert(1)</script>"


def every_event(client: TestClient, query: str = "") -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = client.get(f"/api/events?limit=500&{query}").json()["events"]
    return events


def by_place(events: list[dict[str, Any]]) -> Counter[str]:
    return Counter(e["location"] for e in events if e["location"] is not None)


def by_state(events: list[dict[str, Any]]) -> Counter[str]:
    return Counter(code for e in events for code in set(e["countries"]))


def test_the_map_counts_the_corpus_events_by_place_and_state(client: TestClient) -> None:
    """Pyongyang: Shoigu's 2023 visit, Putin's 2024 visit and the treaty; Vladivostok: Kim's
    2019 arrival and the summit; Moscow: the Choe-Lavrov talks; Tsiolkovsky (the Vostochny
    meeting) and the hostile document's place have no coordinates; the troops have no place."""
    geo = client.get("/api/map").json()
    assert [(p["name"], p["events"]) for p in geo["places"]] == [
        ("Pyongyang", 3), ("Vladivostok", 2), ("Moscow", 1)]
    assert [(p["name"], p["events"]) for p in geo["unplaced"]] == [
        (XSS_SCRIPT, 1), ("Tsiolkovsky", 1)]
    assert (geo["total"], geo["placed"], geo["places_total"]) == (9, 8, 5)
    assert [(s["code"], s["name"], s["shape"], s["events"]) for s in geo["states"]] == [
        ("PRK", "North Korea", "408", 9), ("RUS", "Russia", "643", 9)]
    pyongyang = geo["places"][0]
    assert pyongyang["country"] == "PRK"
    assert (round(pyongyang["lat"]), round(pyongyang["lon"])) == (39, 126)
    assert all(p["lat"] is None and p["country"] is None for p in geo["unplaced"])


@pytest.mark.parametrize("query", ["", "type=VISIT", "country=RUS&since=2023", "actor=Kim Jong Un",
                                   "q=talks", "location=Pyongyang", "status=planned"])
def test_the_figures_are_those_of_the_listed_events(client: TestClient, query: str) -> None:
    events = every_event(client, query)
    geo = client.get(f"/api/map?{query}").json()
    counted = {p["name"]: p["events"] for p in geo["places"] + geo["unplaced"]}
    assert counted == dict(by_place(events))
    assert {s["code"]: s["events"] for s in geo["states"]} == dict(by_state(events))
    assert geo["total"] == len(events) and geo["placed"] == sum(by_place(events).values())


@pytest.mark.parametrize("query", ["", "type=MEET", "country=PRK"])
def test_each_link_opens_a_timeline_of_exactly_the_events_counted(
        client: TestClient, query: str) -> None:
    geo = client.get(f"/api/map?{query}").json()
    for item in geo["places"] + geo["unplaced"] + geo["states"]:
        link = urlsplit(item["timeline"])
        assert link.path == "/"
        assert client.get(f"/api/events?limit=500&{link.query}").json()["total"] == item["events"]


def test_a_state_link_keeps_the_state_filtered_by(client: TestClient) -> None:
    geo = client.get("/api/map?country=PRK").json()
    links = {s["code"]: s["timeline"] for s in geo["states"]}
    assert links == {"PRK": "/?country=PRK", "RUS": "/?country=PRK%2CRUS"}
    paired = client.get("/api/map?country=PRK,RUS").json()
    assert {s["timeline"] for s in paired["states"]} == {"/?country=PRK%2CRUS"}


def test_place_names_are_escaped_in_links_json_and_page(client: TestClient) -> None:
    hostile = next(p for p in client.get("/api/map").json()["unplaced"] if p["name"] == XSS_SCRIPT)
    assert hostile["timeline"] == "/?location=%3Cscript%3Ealert%281%29%3C%2Fscript%3E"
    assert client.get(f"/api/events?{urlsplit(hostile['timeline']).query}").json()["total"] == 1
    page = client.get("/map").text
    assert XSS_SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_page_lists_places_and_states_and_links_its_data(client: TestClient) -> None:
    page = client.get("/map?type=VISIT").text
    assert 'id="map"' in page and 'data-api="/api/map?type=VISIT"' in page
    assert 'data-atlas="/vendor/world-atlas/countries-50m.json"' in page
    assert page.count('<tr class="place">') == 2 and page.count('<tr class="state">') == 2
    assert '<a href="/?type=VISIT&amp;location=Pyongyang">Pyongyang</a>' in page
    assert '<a href="/map">Map</a>' in client.get("/").text  # in the navigation
    assert 'name="location" value="Pyongyang"' in client.get("/?location=Pyongyang").text


def test_the_data_suffix_and_the_limit(client: TestClient) -> None:
    assert client.get("/map.json?type=MEET").json() == client.get("/api/map?type=MEET").json()
    one = client.get("/api/map?limit=1").json()
    assert [p["name"] for p in one["places"] + one["unplaced"]] == ["Pyongyang"]
    assert one["places_total"] == 5 and one["limit"] == 1
    assert client.get("/api/map?limit=0").status_code == 422
    assert client.get("/api/map?location=" + "x" * 201).status_code == 422


def test_the_map_libraries_are_served_locally(client: TestClient) -> None:
    for path in ("/vendor/d3-array/dist/d3-array.min.js", "/vendor/d3-geo/dist/d3-geo.min.js",
                 "/vendor/topojson-client/dist/topojson-client.min.js",
                 "/vendor/world-atlas/countries-50m.json", "/static/map.js"):
        assert client.get(path).status_code == 200, path


def test_the_map_page_degrades_without_node_modules(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILAT_NODE_MODULES", "/nonexistent/node_modules")
    with TestClient(create_app(store)) as c:
        page = c.get("/map").text
        assert "run <code>make install</code>" in page and "/vendor/" not in page
        assert '<tr class="place">' in page  # the tables still work


def test_the_page_carries_the_answer_of_its_data_url_for_the_script(client: TestClient) -> None:
    """map.js draws from the page's data block rather than asking the server again; the block
    is JSON with markup characters escaped, so a place name cannot close it."""
    page = client.get("/map?country=PRK").text
    block = page.split('<script type="application/json" id="map-data">', 1)[1].split("</script>")[0]
    assert "<" not in block and json.loads(block) == client.get("/api/map?country=PRK").json()
