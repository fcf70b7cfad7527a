"""Corrections on the web: the review queue (``/review``, ``GET /api/review``), the log
and its states (``GET /api/corrections``), writing a correction from the API
(``POST /api/corrections``) or from a page form (``POST /corrections``), and the writer's
sign-in (``POST /writer``). Every write goes through :mod:`bilat.web.writes` and is
logged; the corrections themselves are made and applied by :mod:`bilat.pipeline.curate`,
the queue is :mod:`bilat.views.review`.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from bilat.errors import InvalidCorrection
from bilat.store.base import EventDetail
from bilat.views.review import ReviewItem, review_queue
from bilat.views.serialise import mention_dict
from bilat.web import api, writes
from bilat.web.links import event_page
from bilat.web.pages import render
from bilat.web.params import store_of

if TYPE_CHECKING:
    from bilat.pipeline.corrections import CorrectionState

# bilat.pipeline is imported where it is used, not here: importing it loads the build's
# language models (spaCy, ~75 MB), which a server process never needs to answer the
# lists and pages, only to make or show corrections.

router = APIRouter()
# One correction at a time in this process: applying the log reads the events and then
# rewrites them, and two interleaved would each rewrite what the other just replaced.
_WRITING = threading.Lock()
MAX_FORM_BYTES = 64_000
EVENT_AFTER = "@event"  # a form's ``next``: the page of the event it corrected, as it is now
REQUEST_FIELDS = ("action", "event_id", "other_event_id", "mention_id", "field", "value",
                  "precision", "note", "author")


def state_json(s: CorrectionState) -> dict[str, Any]:
    from bilat.pipeline import curate

    return {**curate.to_dict(s.correction), "state": s.state, "event_id": s.event_id}


def item_json(store: Any, item: ReviewItem) -> dict[str, Any]:
    return {"kind": item.kind, "why": item.why,
            "events": [_detail_json(store, d) for d in item.events]}


def _detail_json(store: Any, detail: EventDetail) -> dict[str, Any]:
    return {**api.events_json(store, [detail.row])[0],
            "mentions": [{**mention_dict(md.mention), "title": md.document_title}
                         for md in detail.mentions]}


@router.get("/api/review", tags=["api"])
def get_review(request: Request) -> Response:
    """The review queue: pairs of events possibly the same, events whose sources disagree,
    one-source events with fields their evidence does not state; each with its evidence."""
    store = store_of(request)
    items = [item_json(store, i) for i in review_queue(store)]
    return JSONResponse({"total": len(items), "items": items})


@router.get("/review", include_in_schema=False, response_class=HTMLResponse)
def review_page(request: Request) -> Response:
    store = store_of(request)
    items = [item_json(store, i) for i in review_queue(store)]
    return render(request, "review.html", items=items, writes=writes.page_writes(request),
                  here=request.url.path)


@router.get("/api/corrections", tags=["api"])
def list_corrections(request: Request) -> Response:
    """Every correction in the order it is applied, with how it stands: applied (to
    ``event_id``), orphaned (its event is gone) or inactive (its event was rejected)."""
    from bilat.pipeline.corrections import correction_states

    states = correction_states(store_of(request))
    return JSONResponse({"total": len(states),
                         "orphaned": sum(s.state == "orphaned" for s in states),
                         "corrections": [state_json(s) for s in states]})


@router.post("/api/corrections", tags=["api"], status_code=201)
async def post_correction(request: Request) -> Response:
    """Make a correction (needs ``--allow-writes`` and ``Authorization: Bearer TOKEN``).
    Body: action (reject, merge, split, set), event_id, other_event_id (merge), mention_id
    (split), field, value, precision (set), note, author."""
    writes.check_api_write(request)
    try:
        body = await request.json()
    except ValueError:
        raise InvalidCorrection("The body must be a JSON object.") from None
    if not isinstance(body, dict):
        raise InvalidCorrection("The body must be a JSON object.")
    state = await run_in_threadpool(_record, request, body)
    return JSONResponse(state_json(state), status_code=201)


@router.post("/writer", include_in_schema=False)
async def sign_in(request: Request) -> Response:
    """A browser gives the write token once; it keeps a cookie derived from it."""
    form = await _form(request)
    cookie = writes.check_login(request, form.get("token"))
    response = RedirectResponse(_local(form.get("next")), status_code=303)
    response.set_cookie(writes.COOKIE, cookie, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")
    return response


@router.post("/corrections", include_in_schema=False)
async def form_correction(request: Request) -> Response:
    """A correction from a page form (writer cookie and CSRF token), then back to the page
    named by ``next``."""
    form = await _form(request)
    writes.check_page_write(request, form.get("csrf"))
    state = await run_in_threadpool(_record, request, form)
    target = form.get("next")
    if target == EVENT_AFTER:  # the page of the event the correction ended in
        target = event_page(state.event_id) if state.event_id else "/"
    return RedirectResponse(_local(target), status_code=303)


def _record(request: Request, fields: dict[str, Any]) -> CorrectionState:
    """Make, store and apply the correction (in a worker thread: it reads and writes the
    database, which would hold up every other request on the event loop)."""
    from bilat.pipeline import curate

    given = {k: fields.get(k) for k in REQUEST_FIELDS}
    if not isinstance(given["action"], str) or not isinstance(given["event_id"], str):
        raise InvalidCorrection("A correction needs an action and an event_id.")
    req = curate.Request(
        action=given["action"], event_id=given["event_id"],
        other_event_id=given["other_event_id"] or None, mention_id=given["mention_id"] or None,
        field=given["field"] or None, value=given["value"], precision=given["precision"] or None,
        note=str(given["note"] or ""), author=str(given["author"] or "web"),
    )  # fmt: skip
    store = store_of(request)
    with _WRITING:
        correction = curate.make(store, req)
        states = curate.record(store, [correction])
    state = next(s for s in states if s.correction.id == correction.id)
    writes.logged(request, f"correction {correction.action}", id=correction.id,
                  author=correction.author, event=req.event_id, state=state.state)
    return state


async def _form(request: Request) -> dict[str, str]:
    """An urlencoded form's fields (the first value of each). Parsed with the standard
    library: FastAPI's form support needs python-multipart for what parse_qs does."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise InvalidCorrection("The form is too large.")
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {k: v[0] for k, v in parsed.items()}


def _local(path: str | None) -> str:
    """A redirect target on this site only (an absolute or protocol-relative URL is not)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path
