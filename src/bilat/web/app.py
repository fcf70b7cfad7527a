"""The analyst's desk: one FastAPI app serving the JSON/CSV API and the HTML pages.

The app only wires things together: routes live in :mod:`bilat.web.api` and
:mod:`bilat.web.pages`, data comes from a :class:`bilat.store.base.Store`. It is
read-only unless created with ``allow_writes=True``.
"""

from __future__ import annotations

import gc
import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bilat.config import Settings
from bilat.errors import (
    BilatError,
    NotFound,
    UsageError,
    WriteDisabled,
    WriteForbidden,
    WriteUnauthorized,
)
from bilat.knowledge.coordinates import locator
from bilat.knowledge.kb import KnowledgeBase, load_kb
from bilat.store.base import Store
from bilat.web import api, api_views, documents_list, pages, review
from bilat.web.admission import Admission
from bilat.web.aggregates import Aggregates, data_version_of
from bilat.web.params import PARAMS_FIX, one_value_each
from bilat.web.vendor import VENDOR_PACKAGES, find_node_modules

STATIC_DIR = Path(__file__).parent / "static"

# Scripts only from this origin: article text can never run as code even if some
# escaping were missed. Inline styles are allowed because vis-timeline and Chart.js
# position their elements with style attributes.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
)
# Requests computed at once by one server process (its threads share one interpreter, so
# more would only share the same CPU more thinly), how many more may wait, and how long.
ACTIVE = 4
WAITING = 64
PATIENCE = 0.25  # seconds: a request not started by then is answered 503
DB_ENV = "BILAT_SERVE_DB"  # the database of `bilat serve --workers N`'s worker processes
WRITE_TOKEN_ENV = "BILAT_WRITE_TOKEN"  # the token write requests must give


def create_app(
    store: Store, *, allow_writes: bool = False, kb: KnowledgeBase | None = None,
    active: int = ACTIVE, waiting: int = WAITING, patience: float = PATIENCE,
    write_token: str | None = None,
) -> FastAPI:
    """The web app over ``store``. Write endpoints answer 403 unless ``allow_writes`` and a
    ``write_token`` (default: BILAT_WRITE_TOKEN) are given (:mod:`bilat.web.writes`).

    Actor roles come from ``kb``, by default the bundled knowledge base (loaded on first use).
    At most ``active`` requests are computed at once and ``waiting`` more wait, each at most
    ``patience`` seconds; others are answered 503 (:mod:`bilat.web.admission`).
    """
    app = FastAPI(
        title="bilat",
        summary="Sourced, deduplicated, time-resolved state-to-state events.",
        version="1",
        # The interactive docs pages load their scripts from a CDN; bilat runs offline.
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(one_value_each)],
    )
    app.state.store = store
    app.state.aggregates = Aggregates(store, data_version_of(store))
    app.state.allow_writes = allow_writes
    app.state.write_token = write_token or os.environ.get(WRITE_TOKEN_ENV) or None
    app.state.kb = kb
    node_modules = find_node_modules()
    app.state.vendor = _mount_vendor(app, node_modules)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api.router)
    app.include_router(documents_list.api_router)
    app.include_router(api_views.router)
    app.include_router(pages.router)
    app.include_router(documents_list.page_router)
    app.include_router(review.router)
    _add_error_handlers(app)
    app.add_middleware(SecurityHeaders, headers=SECURITY_HEADERS)
    app.add_middleware(DropEmptyParams)
    app.add_middleware(DataSuffix)
    app.add_middleware(HeadAsGet)
    # outermost: a request refused costs nothing else
    app.add_middleware(Admission, active=active, waiting=waiting, patience=patience,
                       headers=SECURITY_HEADERS)
    return app


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, allow_writes: bool = False,
          workers: int = 1, access_log: bool = False) -> None:
    """Open the database ``db`` (SQLite path or postgresql:// URL) and serve it, from
    ``workers`` processes (each bounds its own work, see :func:`create_app`).

    No access log unless asked: under load, a log line per request cost the server more
    than a kept aggregate's answer (errors are still logged)."""
    import uvicorn

    from bilat.store import open_store

    store = open_store(db)  # opened (and migrated) once, here, before any worker starts
    try:
        if workers > 1:
            # uvicorn starts each worker by importing the app: an import string carries no
            # arguments, so the database and the write switch go through the environment.
            os.environ[DB_ENV] = str(db)
            os.environ["BILAT_ALLOW_WRITES"] = "1" if allow_writes else ""
            uvicorn.run("bilat.web.app:worker_app", factory=True, host=host, port=port,
                        workers=workers, access_log=access_log)
        else:
            app = create_app(store, allow_writes=allow_writes)
            settle_heap()
            uvicorn.run(app, host=host, port=port, access_log=access_log)
    finally:
        store.close()


def worker_app() -> FastAPI:
    """The app of one worker process of ``bilat serve --workers N`` (see :func:`serve`); its
    database closes with the process."""
    from bilat.store import open_store

    app = create_app(open_store(os.environ[DB_ENV]), allow_writes=Settings.from_env().allow_writes)
    settle_heap()
    return app


def settle_heap() -> None:
    """Load the knowledge base and the map's gazetteer, then take everything alive at a
    server's start out of the garbage collector's passes (``gc.freeze``). Why: a full
    collection walks every object alive, and these are most of them; measured on a
    100k-event store, those passes put 100-200 ms on one request in twenty of a 500-event
    list, and the gazetteer's loading 0.6 s on the first map. A server starts once, so
    what is frozen is never garbage."""
    locator(load_kb())
    gc.collect()
    gc.freeze()


def _mount_vendor(app: FastAPI, node_modules: Path | None) -> frozenset[str]:
    """Serve only the packages the pages use, never the whole node_modules tree."""
    found = set()
    for package in VENDOR_PACKAGES:
        folder = node_modules / package if node_modules else None
        if folder is not None and folder.is_dir():
            app.mount(f"/vendor/{package}", StaticFiles(directory=folder), name=f"vendor-{package}")
            found.add(package)
    return frozenset(found)


class DropEmptyParams:
    """Treat ``?type=`` like no ``type`` at all: an HTML filter form submits every field,
    and an empty field means "any", not an invalid value."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            query = scope["query_string"].decode("utf-8", "replace")
            pairs = parse_qsl(query, keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v.strip()]
            if len(kept) != len(pairs):
                scope = {**scope, "query_string": urlencode(kept).encode("ascii")}
        await self.app(scope, receive, send)


class HeadAsGet:
    """Answer HEAD as GET, without the body (HTTP's HEAD: the GET's status and headers):
    the routes are declared for GET only, and would answer HEAD with 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # a part of the body: not sent
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class DataSuffix:
    """Datasette-style data URLs: a page's URL plus ``.json`` (or ``.csv`` for a list)
    answers with the page's data, e.g. ``/network.csv?level=actor`` or
    ``/events/evt_1.json``. They are the API's answers: the path is rewritten to
    ``/api/...`` before routing, so there is one implementation of each."""

    # The list pages' data is /api/<list>.json|csv (the timeline's list is /events.csv);
    # an item page's is /api/<kind>/<id>.json.
    PATTERN = re.compile(r"/(?:(?:events|actors|stats|network|documents)\.(?:json|csv)"
                         r"|map\.json|(?:events|actors|documents)/[^/]+\.json)")

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.PATTERN.fullmatch(scope["path"]):
            scope = {**scope, "path": "/api" + scope["path"]}
            if "raw_path" in scope and scope["raw_path"] is not None:
                scope["raw_path"] = b"/api" + scope["raw_path"]
        await self.app(scope, receive, send)


class SecurityHeaders:
    """The security headers on every response, set as its start is sent. A plain ASGI
    middleware: Starlette's ``@app.middleware("http")`` runs each request through an extra
    task and a response stream, which cost more than the rest of a cached answer."""

    def __init__(self, app: ASGIApp, headers: tuple[tuple[str, str], ...]) -> None:
        self.app = app
        self.names = {name.lower().encode() for name, _ in headers}
        self.headers = [(name.lower().encode(), value.encode()) for name, value in headers]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", ())
                kept = [(k, v) for k, v in headers if k.lower() not in self.names]
                message = {**message, "headers": [*kept, *self.headers]}
            await send(message)

        await self.app(scope, receive, with_headers)


# ---------------------------------------------------------------------------- errors

_STATUS: tuple[tuple[type[BilatError], int], ...] = (
    (NotFound, 404),
    (WriteDisabled, 403),
    (WriteUnauthorized, 401),
    (WriteForbidden, 403),
    (UsageError, 400),
)


def status_of(exc: BilatError) -> int:
    for cls, status in _STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BilatError)
    async def bilat_error(request: Request, exc: BilatError) -> Response:
        return error_response(request, exc, status_of(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, UsageError(_describe(exc), fix=PARAMS_FIX), 422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Starlette still logs the traceback; the client gets the usual error shape.
        err = BilatError(
            f"Internal error ({type(exc).__name__}).",
            fix="This is a bug in bilat; the server log has the details.",
        )
        return error_response(request, err, 500)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        err: BilatError
        if exc.status_code == 404:
            err = NotFound(f"No such page: {request.url.path}", fix="See / or /openapi.json.")
        else:
            err = UsageError(str(exc.detail), fix="See /openapi.json for the API.")
        return error_response(request, err, exc.status_code)


def error_response(request: Request, exc: BilatError, status: int) -> Response:
    """JSON for the API and files, an HTML page for a person's page."""
    if request.url.path.startswith(("/api", "/openapi", "/static", "/vendor")):
        return JSONResponse(api.error_body(exc), status_code=status)
    return pages.error_page(request, exc, status)


def _describe(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "query")
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg")))
    return "Invalid parameter " + "; ".join(parts) if parts else "Invalid request."
