"""The pages in a real browser: Playwright drives Debian's headless Chromium against
uvicorn on a free loopback port, serving either the sample corpus (examples/, built by
the pipeline) or the hand-made Russia–North Korea store with its hostile document.

Chromium is $BILAT_TEST_CHROMIUM, else `chromium` on the PATH; without it these tests
skip. Screenshots go to tests/artifacts/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bilat.store.base import Store
from bilat.web import create_app

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("BILAT_TEST_CHROMIUM"), "chromium", "chromium-browser"):
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(store: Store) -> Iterator[str]:
    """uvicorn serving ``store`` in a thread; yields the base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):  # up to 10 s for the socket to listen
        if srv.started:
            break
        time.sleep(0.05)
    else:
        pytest.fail("uvicorn did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(store: Store) -> Iterator[str]:
    with serving(store) as url:
        yield url


@pytest.fixture(scope="module")
def sample_server(sample_store: Store) -> Iterator[str]:
    with serving(sample_store) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        pytest.skip(
            "no Chromium: set BILAT_TEST_CHROMIUM to its path or `apt-get install chromium`"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.problems = []  # console errors (e.g. CSP violations) and dialogs (a fired alert)
    pg.on("console", lambda msg: pg.problems.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: pg.problems.append(str(exc)))
    pg.on("dialog", lambda d: (pg.problems.append("dialog: " + d.message), d.dismiss()))
    yield pg
    context.close()


def shot(page: Any, name: str, *, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


# Per timeline row (event type): the events drawn as items (points, spans; a point's dot is a
# .vis-item too, not counted) and those folded into clusters. vis-timeline renders only the
# items in view.
DRAWN_PER_TYPE_JS = """() => {
  const box = document.getElementById("timeline");
  const labels = Array.from(box.querySelectorAll(".vis-labelset .vis-label"),
                            l => l.textContent.trim());
  const rows = Array.from(box.querySelectorAll(".vis-foreground .vis-group"));
  const drawn = {};
  rows.forEach((row, i) => {
    const items = row.querySelectorAll(".vis-item.vis-point, .vis-item.vis-range, \
.vis-item.vis-box").length;
    const clustered = Array.from(row.querySelectorAll(".vis-item.vis-cluster"),
                                 c => Number(c.textContent));
    if (items || clustered.length) drawn[labels[i]] = items + clustered.reduce((a, b) => a + b, 0);
  });
  return drawn;
}"""


def api_json(page: Any, url: str) -> Any:
    response = page.request.get(url)
    assert response.ok, (url, response.status)
    return response.json()


def in_window(item: dict[str, Any], window: dict[str, str]) -> bool:
    """Whether a timeline item (a point, or a span up to its end) shows in the window."""
    return item["start"] <= window["end"] and (item["end"] or item["start"]) >= window["start"]


def assert_timeline_shows_the_window(page: Any, timeline_api: str) -> dict[str, Any]:
    """Each item of the window the timeline opens on is drawn, as itself or counted in a
    cluster's number; returns the API's answer."""
    page.wait_for_selector("#timeline[data-ready=true] .vis-item")
    timeline = api_json(page, timeline_api)
    drawn = page.evaluate(DRAWN_PER_TYPE_JS)
    assert drawn, "nothing drawn"
    expected: dict[str, int] = {}
    for item in timeline["items"]:
        if in_window(item, timeline["window"]):
            expected[item["type"]] = expected.get(item["type"], 0) + 1
    assert drawn == expected
    return dict(timeline)


def test_sample_corpus_timeline_filter_open_event_see_evidence(
    sample_server: str, page: Any
) -> None:
    """The acceptance walk on the sample corpus: timeline, actor filter, event, evidence."""
    base = sample_server
    everything = api_json(page, base + "/api/events?limit=500")
    assert everything["total"] >= 10
    page.goto(base + "/")
    assert_timeline_shows_the_window(page, base + "/api/timeline")
    assert page.locator("table.events tr.event").count() == min(everything["total"], 100)
    shot(page, "sample-timeline")

    # Filter by an actor: typing offers the matching people; take the suggestion.
    actor = page.locator("#filters input[name=actor]")
    actor.press_sequentially("Shoigu")
    suggestion = page.locator("#actor-names[data-query=Shoigu] option").first
    suggestion.wait_for(state="attached")
    name = suggestion.get_attribute("value")
    assert name == "Sergei Shoigu"
    actor.fill(name)
    actor.press("Enter")
    page.wait_for_url("**/?actor=Sergei+Shoigu*")
    assert actor.input_value() == name  # the filter stays in the URL and the form
    filtered = api_json(page, base + "/api/events?actor=Sergei+Shoigu&limit=500")["events"]
    assert 0 < len(filtered) < everything["total"]
    rows = page.locator("table.events tr.event")
    assert rows.count() == len(filtered)
    assert all(name in row for row in rows.all_inner_texts())
    assert_timeline_shows_the_window(page, base + "/api/timeline?actor=Sergei+Shoigu")
    shot(page, "sample-timeline-shoigu")

    # Open an event from the timeline.
    page.locator("#timeline .vis-item:not(.vis-cluster) .vis-item-content").first.click()
    page.wait_for_url("**/events/*")
    event_path = "/" + page.url.split("/", 3)[3]
    assert event_path in {e["page"] for e in filtered}
    detail = api_json(page, base + "/api" + event_path)
    assert name in detail["event"]["actors"]

    # Each source shows its text with the evidence marked, and links to the source.
    evidence = {m["evidence"] for m in detail["mentions"]}
    marks = page.locator("blockquote.excerpt mark")
    assert marks.count() == len(detail["mentions"])
    assert marks.first.is_visible()
    assert set(marks.all_inner_texts()) <= {" ".join(e.split()) for e in evidence}
    for source in detail["sources"]:
        assert page.locator(f"li.source a[href^='{source['page']}#m-']").count() >= 1
        if source["url"]:
            assert page.locator(f"li.source a.external[href='{source['url']}']").count() >= 1
    shot(page, "sample-event")

    # The source link opens the whole article at the marked evidence.
    page.locator("li.source a[href^='/documents/']").first.click()
    page.wait_for_url("**/documents/*#m-*")
    target = page.locator("article.doc-text mark:target")
    assert target.is_visible()
    assert " ".join(target.inner_text().split()) in {" ".join(e.split()) for e in evidence}
    shot(page, "sample-document")
    assert page.problems == []


def test_sample_corpus_actor_network_stats_draw(sample_server: str, page: Any) -> None:
    kim = api_json(page, sample_server + "/api/actors/kim-jong-un")
    page.goto(sample_server + "/actors/kim-jong-un")
    assert page.locator("table.roles tbody tr").count() == len(kim["roles"]) > 0
    assert page.locator("table.events tr.event").count() == len(kim["events"])
    assert_timeline_shows_the_window(page, sample_server + "/api/timeline?actor=Kim+Jong+Un")
    shot(page, "sample-actor")
    page.goto(sample_server + "/network?since=2023&until=2024")
    page.wait_for_selector("#network[data-ready=true] canvas")
    shot(page, "sample-network")
    page.goto(sample_server + "/stats")
    page.wait_for_selector("#chart[data-ready=true]")
    shot(page, "sample-stats")
    assert page.problems == []


def test_timeline_filter_event_evidence(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.wait_for_selector(
        "#timeline[data-ready=true] .vis-item, #timeline[data-ready=true] .vis-cluster"
    )
    assert page.locator("table.events tr.event").count() == 9
    shot(page, "timeline")

    page.fill("#filters input[name=actor]", "Vladimir Putin")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?actor=Vladimir+Putin*")
    page.wait_for_selector("#timeline[data-ready=true] .vis-item")
    rows = page.locator("table.events tr.event")
    assert rows.count() == 4
    assert all("Vladimir Putin" in t for t in rows.all_inner_texts())
    shot(page, "timeline-putin")

    page.click("a[href='/events/evt_treaty-2024']")
    page.wait_for_url("**/events/evt_treaty-2024")
    mark = page.locator("blockquote.excerpt mark").first
    assert mark.is_visible()
    assert mark.inner_text().startswith("Putin and Kim Jong Un signed a comprehensive")
    shot(page, "event")
    assert page.problems == []


def test_timeline_says_when_it_shows_only_part(server: str, page: Any) -> None:
    def claim_more(route: Any) -> None:  # as if the store held more than one API page
        response = route.fetch()
        route.fulfill(response=response, json={**response.json(), "total": 10_000})

    page.route("**/api/timeline*", claim_more)
    page.goto(server + "/")
    note = page.locator("p.truncated")
    note.wait_for()
    assert "newest 9 of 10000 events" in note.inner_text()


def test_hostile_document_runs_no_script(server: str, page: Any, docs: dict) -> None:
    page.goto(server + "/events/evt_hostile-2024")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()  # shown as text
    assert page.locator("main img").count() == 0
    page.goto(server + f"/documents/{docs['hostile.html'].id}")
    assert page.locator("article.doc-text mark").count() == 2
    shot(page, "document-hostile")
    page.goto(server + "/")
    page.wait_for_selector("#timeline[data-ready=true] .vis-item")
    assert page.problems == []


def test_actor_network_stats_draw(server: str, page: Any) -> None:
    page.goto(server + "/actors/kim-jong-un")
    page.wait_for_selector("#timeline[data-ready=true] .vis-item")
    assert page.locator("table.events tr.event").count() == 4
    shot(page, "actor")
    page.goto(server + "/network?level=actor")
    page.wait_for_selector("#network[data-ready=true] canvas")
    shot(page, "network")
    page.goto(server + "/stats")
    page.wait_for_selector("#chart[data-ready=true]")
    shot(page, "stats")
    assert page.problems == []


# ---------------------------------------------------------------------------- the desk

DESK_VIEWPORT = {"width": 1400, "height": 1000}
TYPES = ["VISIT", "MEET", "CALL", "AGREE", "AID"]


@pytest.fixture
def desk(browser: Any) -> Iterator[Any]:
    """A page the size of an analyst's window, 1400x1000."""
    context = browser.new_context(viewport=DESK_VIEWPORT)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.problems = []
    pg.on("console", lambda msg: pg.problems.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: pg.problems.append(str(exc)))
    yield pg
    context.close()


def test_sample_first_view_shows_every_type_row_newest_first(sample_server: str,
                                                             desk: Any) -> None:
    desk.goto(sample_server + "/")
    timeline = assert_timeline_shows_the_window(desk, sample_server + "/api/timeline")
    # every type has its row, all of them above the fold, none scrolled inside the widget
    labels = desk.locator("#timeline .vis-labelset .vis-label")
    assert labels.all_inner_texts() == TYPES
    for label in labels.all():
        box = label.bounding_box()
        assert box is not None and box["y"] + box["height"] <= DESK_VIEWPORT["height"]
    assert desk.evaluate("() => window.scrollY") == 0
    # the view opens on the busy 2023-2025 period, each event a labelled item, not a number
    assert timeline["window"]["start"] >= "2023-01-01"
    assert desk.locator("#timeline .vis-cluster").count() == 0
    assert desk.locator("#timeline .vis-item-content", has_text="Putin → Pyongyang").count() >= 1
    # the list below is newest first; the undated events follow apart
    dates = desk.locator("table.events td.date").all_inner_texts()
    dated = [d for d in dates if d != "undated"]
    assert dated == sorted(dated, reverse=True) and dated[0] == timeline["items"][0]["date"]
    assert desk.locator("#undated + p + table.events tr.event").count() == 2
    shot(desk, "desk-first-view")
    # what the analyst sees on opening, as docs/screenshot-timeline.png shows it
    shot(desk, "desk-first-view-window", full_page=False)
    assert desk.problems == []


def test_a_year_precision_event_is_drawn_as_a_span_over_its_year(sample_server: str,
                                                                 desk: Any) -> None:
    # Kim Jong Il's meetings: "2000" (a year) and "2011"; Putin's visit "2000-07" (a month)
    desk.goto(sample_server + "/?since=2000&until=2001")
    timeline = assert_timeline_shows_the_window(
        desk, sample_server + "/api/timeline?since=2000&until=2001"
    )
    year_item = next(i for i in timeline["items"] if i["date"] == "2000")
    assert (year_item["start"], year_item["end"]) == ("2000-01-01", "2001-01-01")
    year_span = desk.locator("#timeline .vis-item.vis-range", has_text=year_item["label"])
    month_span = desk.locator("#timeline .vis-item.vis-range", has_text="Putin → Pyongyang")
    year_box, month_box = year_span.bounding_box(), month_span.bounding_box()
    assert year_box is not None and month_box is not None
    # a year is about twelve months wide, and the view opens on all of it
    assert year_box["width"] > 5 * month_box["width"] > 0
    widget = desk.locator("#timeline").bounding_box()
    assert widget is not None and year_box["x"] + year_box["width"] < widget["x"] + widget["width"]
    assert desk.locator("#timeline .vis-item.vis-point").count() == 0  # no day-dated event
    shot(desk, "desk-year-span")
    assert desk.problems == []


def test_a_facet_click_filters_the_list(sample_server: str, desk: Any) -> None:
    desk.goto(sample_server + "/")
    call = desk.locator("section.facet[data-facet=type] a", has_text="CALL")
    count = int(call.locator("xpath=following-sibling::span[@class='n']").inner_text())
    call.click()
    desk.wait_for_url("**/?type=CALL")
    rows = desk.locator("table.events tr.event")
    assert rows.count() == count == 1
    assert "CALL" in rows.first.inner_text()
    assert (desk.locator("section.facet[data-facet=type] li.selected").inner_text()
            .startswith("CALL"))
    # a second facet adds to the first
    desk.locator("section.facet[data-facet=actor] a", has_text="Vladimir Putin").click()
    desk.wait_for_url("**/?actor=Vladimir+Putin&type=CALL")
    assert desk.locator("#filters select[name=type]").input_value() == "CALL"
    shot(desk, "desk-facet")
    assert desk.problems == []


def test_a_search_shows_the_evidence_it_matched(sample_server: str, desk: Any) -> None:
    desk.goto(sample_server + "/")
    search = desk.locator("header form.search input[name=q]")
    search.fill("ratified")
    search.press("Enter")
    desk.wait_for_url("**/?q=ratified")
    snippet = desk.locator("blockquote.snippet").first
    assert snippet.is_visible()
    assert snippet.locator("mark").first.inner_text().lower() == "ratified"
    assert (desk.locator("blockquote.snippet").count()
            == desk.locator("table.events tr.event").count())
    shot(desk, "desk-search")
    assert desk.problems == []
