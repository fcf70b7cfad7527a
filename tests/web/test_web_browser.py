"""The pages in a real browser: Playwright drives Debian's headless Chromium against
uvicorn serving the hand-made Russia–North Korea store on a free loopback port.

Screenshots go to tests/artifacts/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
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
    for candidate in (os.environ.get("BILAT_TEST_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and shutil.which(candidate):
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(store: Store) -> Iterator[str]:
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
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium not found: set BILAT_TEST_CHROMIUM or apt-get install chromium")
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


def test_timeline_filter_event_evidence(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.wait_for_selector("#timeline[data-ready=true] .vis-item, #timeline[data-ready=true] .vis-cluster")
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
