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


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# Per timeline row (event type): the events drawn as boxes and those folded into clusters.
# vis-timeline renders only the rows in view, so a row with nothing drawn is skipped.
DRAWN_PER_TYPE_JS = """() => {
  const box = document.getElementById("timeline");
  const labels = Array.from(box.querySelectorAll(".vis-labelset .vis-label"),
                            l => l.textContent.trim());
  const rows = Array.from(box.querySelectorAll(".vis-foreground .vis-group"));
  const drawn = {};
  rows.forEach((row, i) => {
    const boxes = row.querySelectorAll(".vis-item.vis-box").length;
    const clustered = Array.from(row.querySelectorAll(".vis-item.vis-cluster"),
                                 c => Number(c.textContent));
    if (boxes || clustered.length) drawn[labels[i]] = boxes + clustered.reduce((a, b) => a + b, 0);
  });
  return drawn;
}"""


def api_json(page: Any, url: str) -> Any:
    response = page.request.get(url)
    assert response.ok, (url, response.status)
    return response.json()


def assert_timeline_shows_every_dated_event(page: Any, events: list[dict[str, Any]]) -> None:
    """Each dated event is on the timeline, as a box or counted in a cluster's number."""
    page.wait_for_selector("#timeline[data-ready=true] .vis-item")
    drawn = page.evaluate(DRAWN_PER_TYPE_JS)
    assert drawn, "nothing drawn"
    expected: dict[str, int] = {}
    for e in events:
        if e["date"]:
            expected[e["type"]] = expected.get(e["type"], 0) + 1
    assert drawn == {t: n for t, n in expected.items() if t in drawn}


def test_sample_corpus_timeline_filter_open_event_see_evidence(
    sample_server: str, page: Any
) -> None:
    """The acceptance walk on the sample corpus: timeline, actor filter, event, evidence."""
    base = sample_server
    everything = api_json(page, base + "/api/events?limit=500")
    assert everything["total"] >= 10
    page.goto(base + "/")
    assert_timeline_shows_every_dated_event(page, everything["events"])
    assert page.locator("#timeline .vis-cluster").count() > 0  # the 2023-2024 events crowd
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
    assert_timeline_shows_every_dated_event(page, filtered)
    shot(page, "sample-timeline-shoigu")

    # Open an event from the timeline.
    page.locator("#timeline .vis-item.vis-box").first.click()
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
    assert_timeline_shows_every_dated_event(page, kim["events"])
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

    page.route("**/api/events?*", claim_more)
    page.goto(server + "/")
    note = page.locator("p.truncated")
    note.wait_for()
    assert "oldest 9 of 10000 events" in note.inner_text()


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
