"""Curation in a real browser (issue 18): a writer signs in, merges a pair from the review
queue and rejects an event from its page; after a full rebuild of the events the pages
still show both corrections. Playwright drives headless Chromium ($BILAT_TEST_CHROMIUM or
`chromium`) against uvicorn serving the sample corpus (examples/) with writes on."""

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

from bilat.pipeline import build, remerge
from bilat.store import open_store
from bilat.web import create_app

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TOKEN = "browser-test-token"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]


def _chromium() -> str | None:
    for candidate in (os.environ.get("BILAT_TEST_CHROMIUM"), "chromium", "chromium-browser"):
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("curate") / "sample.db"
    build([EXAMPLES / "articles"], db=str(path), manifest=EXAMPLES / "manifest.jsonl")
    return path


@pytest.fixture(scope="module")
def writable_server(sample_db: Path) -> Iterator[str]:
    import uvicorn

    store = open_store(str(sample_db))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(store, allow_writes=True, write_token=TOKEN)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    else:
        pytest.fail("uvicorn did not start")
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture
def page() -> Iterator[Any]:
    path = _chromium()
    if path is None:
        pytest.skip("no Chromium: set BILAT_TEST_CHROMIUM or `apt-get install chromium`")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        pg = browser.new_context().new_page()
        pg.set_default_timeout(15_000)
        yield pg
        browser.close()


def _json(page: Any, url: str) -> Any:
    answer = page.request.get(url)
    assert answer.ok, (url, answer.status)
    return answer.json()


def test_merge_from_the_queue_and_reject_from_an_event_page_hold_after_a_rebuild(
        page: Any, writable_server: str, sample_db: Path) -> None:
    base = writable_server
    queue = _json(page, f"{base}/api/review")["items"]
    pair = next(i for i in queue if i["kind"] == "possibly-same")
    first, second = (e["id"] for e in pair["events"])
    pair_mentions = {m["id"] for e in pair["events"] for m in e["mentions"]}
    doomed = next(e["id"] for i in queue if i["kind"] == "inferred" for e in i["events"]
                  if e["id"] not in (first, second))

    # sign in once, from an event page
    page.goto(f"{base}/events/{doomed}")
    page.fill("input[name=token]", TOKEN)
    page.click("text=Sign in to correct")
    assert page.locator("#reject").count() == 1

    # merge the pair from the queue
    page.goto(f"{base}/review")
    item = page.locator(".review-item", has=page.locator(f'[data-event="{first}"]')).filter(
        has=page.locator(f'[data-event="{second}"]')).first
    item.locator("button.merge").click()
    page.wait_for_url(f"{base}/review")

    # reject another from its page
    page.goto(f"{base}/events/{doomed}")
    page.click("#reject")
    page.wait_for_url(f"{base}/")

    states = _json(page, f"{base}/api/corrections")["corrections"]
    assert [(c["action"], c["state"]) for c in states] == [("merge", "applied"),
                                                         ("reject", "applied")]

    # a full rebuild of the events from the stored mentions, then the pages again
    store = open_store(str(sample_db))
    remerge(store)
    store.close()
    merged = _json(page, f"{base}/api/corrections")["corrections"][0]["event_id"]
    page.goto(f"{base}/events/{merged}")
    assert page.locator("ol.sources > li").count() == len(pair_mentions)
    held = _json(page, f"{base}/api/events/{merged}")
    assert {m["id"] for m in held["mentions"]} == pair_mentions
    gone = page.goto(f"{base}/events/{doomed}")
    assert gone is not None and gone.status == 404
    page.goto(f"{base}/review")
    assert page.locator(f'[data-event="{doomed}"]').count() == 0
