"""Bounded work under load (bilat.web.admission): a few requests computed at once, a few
more waiting a bounded time, the rest refused at once with 503 and Retry-After; a request
whose client left while it waited is not computed. And the app a worker of
``bilat serve --workers N`` builds from its environment."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bilat.store.base import Store
from bilat.web import app as web_app
from bilat.web.admission import Admission, client_left

Message = dict[str, Any]


class Held:
    """An ASGI app whose requests run until released, recording which ones ran."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.ran: list[str] = []

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        self.ran.append(scope["path"])
        await self.release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def scope(path: str) -> dict[str, Any]:
    return {"type": "http", "path": path, "method": "GET", "headers": []}


Answer = tuple[int, dict[str, str], bytes]


async def request(gate: Admission, path: str, *, leaves: bool = False) -> Answer:
    """Send one request through ``gate``: its status, headers and body (0 if none)."""
    sent: list[Message] = []
    messages = [{"type": "http.request", "body": b"", "more_body": False}]
    if leaves:
        messages.append({"type": "http.disconnect"})

    async def receive() -> Message:
        if messages:
            return messages.pop(0)
        await asyncio.Event().wait()  # connected: nothing more comes
        raise AssertionError

    async def send(message: Message) -> None:
        sent.append(message)

    await gate(scope(path), receive, send)
    if not sent:
        return 0, {}, b""
    headers = {k.decode(): v.decode() for k, v in sent[0]["headers"]}
    return sent[0]["status"], headers, b"".join(m.get("body", b"") for m in sent[1:])


def test_requests_beyond_the_slots_and_the_queue_are_refused_at_once() -> None:
    async def scenario() -> None:
        held = Held()
        gate = Admission(held, active=1, waiting=1, patience=5.0,
                         headers=[("X-Content-Type-Options", "nosniff")])
        running = asyncio.create_task(request(gate, "/api/events"))
        waiting = asyncio.create_task(request(gate, "/events/e1"))
        await asyncio.sleep(0.01)
        loop = asyncio.get_running_loop()
        started = loop.time()
        status, headers, body = await request(gate, "/api/stats")  # no slot, queue full
        assert loop.time() - started < 0.5
        assert status == 503 and headers["retry-after"] == "1"
        assert headers["x-content-type-options"] == "nosniff"
        assert json.loads(body)["error"]["code"] == "E303"
        page = await request(gate, "/stats")
        assert page[0] == 503 and page[1]["content-type"].startswith("text/html")
        held.release.set()
        assert [(await running)[0], (await waiting)[0]] == [200, 200]  # the one waiting ran
        assert held.ran == ["/api/events", "/events/e1"] and gate.shed == 2
        assert gate.running == 0 and not gate.queue

    asyncio.run(scenario())


def test_a_request_waits_at_most_its_patience() -> None:
    async def scenario() -> None:
        held = Held()
        gate = Admission(held, active=1, waiting=4, patience=0.05)
        running = asyncio.create_task(request(gate, "/api/events"))
        await asyncio.sleep(0.01)
        assert (await request(gate, "/api/events"))[0] == 503  # still running after 50 ms
        held.release.set()
        assert (await running)[0] == 200
        assert (await request(gate, "/api/events"))[0] == 200  # the slot is free again
        assert gate.running == 0 and not gate.queue

    asyncio.run(scenario())


def test_a_request_that_would_wait_past_its_patience_is_refused_at_once() -> None:
    async def scenario() -> None:
        held = Held()
        gate = Admission(held, active=1, waiting=8, patience=1.0)
        running = asyncio.create_task(request(gate, "/api/events"))
        await asyncio.sleep(0.01)
        gate.service = 0.4  # recent requests took 0.4 s: the third in line would wait 1.2 s
        waiting = [asyncio.create_task(request(gate, "/api/events")) for _ in range(2)]
        await asyncio.sleep(0.01)
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert (await request(gate, "/api/events"))[0] == 503
        assert loop.time() - started < 0.1 and len(gate.queue) == 2
        held.release.set()
        assert [(await r)[0] for r in (running, *waiting)] == [200, 200, 200]

    asyncio.run(scenario())


def test_a_client_that_left_while_waiting_is_not_served() -> None:
    async def scenario() -> None:
        held = Held()
        gate = Admission(held, active=1, waiting=4, patience=5.0)
        running = asyncio.create_task(request(gate, "/api/events"))
        await asyncio.sleep(0.01)
        gone = asyncio.create_task(request(gate, "/documents/d1", leaves=True))
        await asyncio.sleep(0.01)
        held.release.set()
        assert (await running)[0] == 200 and (await gone)[0] == 0
        assert held.ran == ["/api/events"] and gate.dropped == 1

    asyncio.run(scenario())


def test_files_are_never_queued() -> None:
    async def scenario() -> None:
        held = Held()
        gate = Admission(held, active=0, waiting=0, patience=0.0)
        held.release.set()
        assert (await request(gate, "/static/bilat.css"))[0] == 200
        assert (await request(gate, "/api/events"))[0] == 503

    asyncio.run(scenario())


def test_client_left_replays_nothing_lost() -> None:
    async def scenario() -> None:
        body = [{"type": "http.request", "body": b"ab", "more_body": True},
                {"type": "http.request", "body": b"c", "more_body": False}]
        queue = list(body)

        async def receive() -> Message:
            if queue:
                return queue.pop(0)
            await asyncio.Event().wait()
            raise AssertionError

        assert await client_left(receive) == (False, body)

    asyncio.run(scenario())


def test_the_app_bounds_its_work_by_default(store: Store) -> None:
    with TestClient(web_app.create_app(store, active=0, waiting=0)) as client:
        response = client.get("/api/events")
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    assert response.headers["content-security-policy"] == web_app.CSP


def test_a_worker_opens_the_database_named_in_its_environment(
        corpus_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(web_app.DB_ENV, str(corpus_db))
    monkeypatch.setenv("BILAT_ALLOW_WRITES", "")
    app = web_app.worker_app()
    try:
        with TestClient(app) as client:
            assert client.get("/api/events").json()["total"] == 9
    finally:
        app.state.store.close()
