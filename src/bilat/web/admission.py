"""Bounded work under load: at most ``active`` requests are computed at once; up to
``waiting`` more wait their turn, in order, for at most ``patience`` seconds; any other is
answered at once with 503 and Retry-After, and so is one that would wait longer than its
patience by the recent service times. A request whose client left while it waited is
dropped before any work is done for it.

So the server never holds more work than it can finish while a client still waits, and a
client it cannot serve soon learns it in well under a second (instead of a timeout after
its answer was computed for nobody).

Written here because the ASGI servers' own limit (uvicorn's ``--limit-concurrency``)
counts open connections, not requests: behind it, idle keep-alive clients would be refused
and there is no bounded wait.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Iterable

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bilat.errors import ServerBusy

EXEMPT = ("/static/", "/vendor/")  # files: no database work, never queued
RETRY_AFTER = 1  # seconds a shed client is asked to wait
SMOOTHING = 0.05  # weight of the last request in the moving average of service times


class Admission:
    """ASGI middleware bounding the requests computed and waiting at once (see module)."""

    def __init__(self, app: ASGIApp, *, active: int, waiting: int, patience: float,
                 headers: Iterable[tuple[str, str]] = ()) -> None:
        self.app = app
        self.active = active
        self.waiting = waiting
        self.patience = patience
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers]
        self.running = 0
        self.queue: deque[asyncio.Future[None]] = deque()
        self.service = 0.0  # seconds a request takes, a moving average
        self.shed = 0  # requests answered 503 so far
        self.dropped = 0  # requests whose client left while they waited

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        waited = await self._enter()
        if waited is None:
            self.shed += 1
            await busy(scope, send, self.headers)
            return
        started = asyncio.get_running_loop().time()
        try:
            if waited:
                left, read = await client_left(receive)
                if left:
                    self.dropped += 1
                    return
                receive = replay(read, receive)
            await self.app(scope, receive, send)
        finally:
            took = asyncio.get_running_loop().time() - started
            self.service += SMOOTHING * (took - self.service)
            self._leave()

    async def _enter(self) -> bool | None:
        """Take a slot: False at once, True after waiting for one, None if refused."""
        if self.running < self.active and not self.queue:
            self.running += 1
            return False
        if len(self.queue) >= self.waiting or self.expected_wait() > self.patience:
            return None
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.queue.append(turn)
        try:
            await asyncio.wait([turn], timeout=self.patience)
        except BaseException:  # cancelled while waiting: give up the place, or the slot
            if turn.done():
                self._leave()
            else:
                self.queue.remove(turn)
                turn.cancel()
            raise
        if not turn.done():  # patience ran out
            self.queue.remove(turn)
            turn.cancel()
            return None
        return True

    def expected_wait(self) -> float:
        """How long a request arriving now would wait, by the recent service times: one
        that would wait longer than its patience is refused at once, not after it."""
        return (len(self.queue) + 1) * self.service / max(1, self.active)

    def _leave(self) -> None:
        """Hand the slot to the first one waiting, or free it."""
        while self.queue:
            turn = self.queue.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.running -= 1


async def client_left(receive: Receive) -> tuple[bool, list[Message]]:
    """Whether the client has disconnected, without waiting: the messages already there are
    read (and returned, to be replayed to the app) until one would have to be waited for
    (after the request's body, only a disconnect can come)."""
    read: list[Message] = []
    while True:
        message: Message | None = None
        with anyio.CancelScope() as scope:
            scope.cancel()  # a receive that would wait is cancelled at once
            message = await receive()
        if message is None:
            return False, read
        if message["type"] == "http.disconnect":
            return True, read
        read.append(message)


def replay(read: list[Message], receive: Receive) -> Receive:
    """A receive that gives the messages already read first."""
    pending = deque(read)

    async def receive_again() -> Message:
        return pending.popleft() if pending else await receive()

    return receive_again


async def busy(scope: Scope, send: Send, headers: list[tuple[bytes, bytes]]) -> None:
    """503 with Retry-After: the API's error JSON, or a short page for a person."""
    err = ServerBusy(f"The server is busy; try again in {RETRY_AFTER} s.")
    if scope["path"].startswith(("/api", "/openapi")):
        body = json.dumps({"error": {"code": err.code, "message": err.message,
                                     "fix": err.fix_hint}}).encode()
        kind = b"application/json"
    else:
        body = (f"<!doctype html><meta charset=utf-8><title>Busy</title><p>{err.message}"
                f"</p>").encode()
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 503, "headers": [
        (b"content-type", kind), (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(RETRY_AFTER).encode()), *headers,
    ]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})
