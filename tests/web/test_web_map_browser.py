"""The map in a real browser (headless Chromium, as in test_web_browser.py, whose fixtures
it uses): the sample corpus's cities are drawn where the API places them, states are
shaded, and a click on a city filters the timeline to its events."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def _browser_tests() -> ModuleType:
    """test_web_browser.py, loaded for its fixtures (tests import no sibling modules under
    --import-mode=importlib)."""
    path = Path(__file__).with_name("test_web_browser.py")
    spec = importlib.util.spec_from_file_location("_bilat_browser_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_fixtures = _browser_tests()
browser, page, sample_server, server = (_fixtures.browser, _fixtures.page,
                                        _fixtures.sample_server, _fixtures.server)
api_json, shot = _fixtures.api_json, _fixtures.shot

# A point of the viewport where a state's shape is the element under the pointer (the
# middle of its bounding box may be another state's, or the sea).
POINT_IN_STATE_JS = """(code) => {
  const shape = document.querySelector(`#map path.state[data-code="${code}"]`);
  const box = shape.getBoundingClientRect();
  for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
    const x = box.left + box.width * i / 40, y = box.top + box.height * j / 40;
    if (document.elementFromPoint(x, y) === shape) return [x, y];
  }
  return null;
}"""
CIRCLE_TITLES_JS = """() => Array.from(document.querySelectorAll("#map circle.place"),
                                       c => c.querySelector("title").textContent)"""


def test_the_map_draws_the_sample_corpus_cities(sample_server: str, page: Any) -> None:
    geo = api_json(page, sample_server + "/api/map")
    cities = {p["name"] for p in geo["places"]}
    assert {"Pyongyang", "Moscow", "Beijing", "Vladivostok"} <= cities
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(sample_server + "/map")
    page.wait_for_selector("#map[data-ready=true] svg")
    titles = page.evaluate(CIRCLE_TITLES_JS)
    assert sorted(titles) == sorted(f"{p['name']}: {p['events']} event"
                                    + ("s" if p["events"] > 1 else "")
                                    for p in geo["places"])  # fmt: skip
    engaged = page.locator("#map path.state.engaged")
    assert {engaged.nth(i).get_attribute("data-code") for i in range(engaged.count())} == {
        s["code"] for s in geo["states"] if s["shape"]}
    # the busiest city is the largest circle, and every circle is inside the drawing
    radii = {c.get_attribute("data-name"): float(c.get_attribute("r"))
             for c in page.locator("#map circle.place").all()}  # fmt: skip
    assert max(radii, key=lambda n: radii[n]) == geo["places"][0]["name"]
    box = page.locator("#map svg").bounding_box()
    for circle in page.locator("#map circle.place").all():
        b = circle.bounding_box()
        assert box["x"] <= b["x"] + b["width"] / 2 <= box["x"] + box["width"]
        assert box["y"] <= b["y"] + b["height"] / 2 <= box["y"] + box["height"]
    shot(page, "sample-map")

    # A click on a city opens the timeline of its events (Moscow: no other circle covers it).
    moscow = next(p for p in geo["places"] if p["name"] == "Moscow")
    page.locator("#map circle.place[data-name=Moscow]").click()
    page.wait_for_url("**/?location=Moscow")
    assert page.locator("table.events tr.event").count() == moscow["events"]
    assert page.locator("#filters input[name=location]").input_value() == "Moscow"
    assert page.problems == []


def test_a_click_on_a_state_filters_the_timeline_by_it(sample_server: str, page: Any) -> None:
    geo = api_json(page, sample_server + "/api/map?type=VISIT")
    state = next(s for s in geo["states"] if s["shape"])
    page.goto(sample_server + "/map?type=VISIT")
    page.wait_for_selector("#map[data-ready=true] svg")
    shape = page.locator(f"#map path.state[data-code={state['code']}]")
    assert shape.get_attribute("style")  # shaded
    shape.scroll_into_view_if_needed()
    x, y = page.evaluate(POINT_IN_STATE_JS, state["code"])
    page.mouse.click(x, y)
    page.wait_for_url("**/?*country=*")
    assert page.locator("table.events tr.event").count() == state["events"]
    assert page.problems == []


def test_hostile_place_names_are_text_on_the_map(server: str, page: Any) -> None:
    page.goto(server + "/map")
    page.wait_for_selector("#map[data-ready=true] svg")
    # no markup from a place name: the page's scripts are its own files and its data block
    scripts = "main script:not([src^='/static/']):not(#map-data[type='application/json'])"
    assert page.locator("main img, " + scripts).count() == 0
    assert "<script>alert(1)</script>" in page.locator("ul.unplaced").inner_text()
    shot(page, "map")
    assert page.problems == []
