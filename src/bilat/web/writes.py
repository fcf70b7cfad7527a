"""Who may write: the guard of every write endpoint.

Reading is open; writing is off unless the server was started with ``--allow-writes`` and
a write token (``BILAT_WRITE_TOKEN``):

- the API takes the token as ``Authorization: Bearer TOKEN``: none is refused 401, a wrong
  one 403 (compared in constant time, :func:`hmac.compare_digest`);
- the pages take it once in a form (:func:`writer_cookie`): the browser then holds a cookie
  derived from it (HttpOnly, SameSite=Strict), and every page form carries a CSRF token
  derived from it too, which a form posted from another site cannot know: no cookie is
  refused 401, a missing or wrong CSRF token 403.

Every write, allowed or refused, is logged (logger ``bilat.writes``).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

from fastapi import Request

from bilat.errors import WriteDisabled, WriteForbidden, WriteUnauthorized

log = logging.getLogger("bilat.writes")
COOKIE = "bilat_writer"


def _derived(token: str, purpose: str) -> str:
    return hmac.new(token.encode("utf-8"), purpose.encode("ascii"), hashlib.sha256).hexdigest()


def writer_cookie(token: str) -> str:
    """The cookie value that stands for the token in a browser (never the token itself)."""
    return _derived(token, "writer")


def csrf_token(token: str) -> str:
    """The token every page form carries."""
    return _derived(token, "csrf")


def _token(request: Request) -> str:
    """The server's write token; WriteDisabled when writes are off."""
    token: str | None = request.app.state.write_token
    if not request.app.state.allow_writes or not token:
        refuse(request, "writes are disabled")
        raise WriteDisabled("This server is read-only.")
    return token


def refuse(request: Request, why: str) -> None:
    log.warning("write refused: %s %s from %s: %s", request.method, request.url.path,
                _client(request), why)


def logged(request: Request, what: str, **details: Any) -> None:
    log.info("write: %s %s from %s: %s %s", request.method, request.url.path, _client(request),
             what, " ".join(f"{k}={v}" for k, v in sorted(details.items())))


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def check_api_write(request: Request) -> None:
    """An API write: the bearer token must be the server's."""
    token = _token(request)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        refuse(request, "no token")
        raise WriteUnauthorized("Writing needs the write token.")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        refuse(request, "wrong token")
        raise WriteForbidden("The write token is wrong.")


def check_page_write(request: Request, csrf: str | None) -> None:
    """A page form's write: the writer cookie, and the form's CSRF token."""
    token = _token(request)
    cookie = request.cookies.get(COOKIE, "")
    if not cookie:
        refuse(request, "no writer cookie")
        raise WriteUnauthorized("Give the write token first (the form on the page).")
    if not hmac.compare_digest(cookie.encode(), writer_cookie(token).encode()):
        refuse(request, "wrong writer cookie")
        raise WriteForbidden("The write token given earlier is wrong.")
    if not csrf or not hmac.compare_digest(csrf.encode(), csrf_token(token).encode()):
        refuse(request, "wrong CSRF token")
        raise WriteForbidden("The form's CSRF token is missing or wrong: reload the page.")


def check_login(request: Request, given: str | None) -> str:
    """The cookie value for a browser that gave the right token."""
    token = _token(request)
    if not given:
        refuse(request, "no token")
        raise WriteUnauthorized("Writing needs the write token.")
    if not hmac.compare_digest(given.encode(), token.encode()):
        refuse(request, "wrong token")
        raise WriteForbidden("The write token is wrong.")
    logged(request, "writer signed in")
    return writer_cookie(token)


def page_writes(request: Request) -> dict[str, Any]:
    """What a page needs to show its write forms: whether writes are on, whether this
    browser gave the token, and the CSRF token for its forms."""
    token: str | None = request.app.state.write_token
    on = bool(request.app.state.allow_writes and token)
    signed = on and hmac.compare_digest(request.cookies.get(COOKIE, "").encode(),
                                        writer_cookie(token or "").encode())
    return {"on": on, "signed": signed, "csrf": csrf_token(token) if signed and token else ""}
