"""Corrections on the web (issue 18): writes only with --allow-writes and the write token
(401 without it, 403 with a wrong one), page forms only with the writer cookie and the
CSRF token, every write logged; a correction made shows in the API."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bilat.store import open_store
from bilat.web import create_app
from bilat.web.writes import COOKIE, csrf_token, writer_cookie

TOKEN = "a-long-random-secret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def writable(corpus_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    """A server taking writes, on a copy of the web corpus."""
    path = tmp_path / "copy.db"
    shutil.copy(corpus_db, path)
    store = open_store(str(path))
    with TestClient(create_app(store, allow_writes=True, write_token=TOKEN)) as c:
        yield c
    store.close()


def test_the_corrections_log_is_read_by_anyone(client: TestClient) -> None:
    body = client.get("/api/corrections").json()
    assert body == {"total": 0, "orphaned": 0, "corrections": []}


def test_a_read_only_server_refuses_writes_403(client: TestClient) -> None:
    answer = client.post("/api/corrections", headers=AUTH,
                         json={"action": "reject", "event_id": "evt_troops-2024"})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "E301"


def test_writes_without_a_configured_token_are_refused_403(
        store: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BILAT_WRITE_TOKEN", raising=False)
    with TestClient(create_app(store, allow_writes=True)) as c:  # type: ignore[arg-type]
        answer = c.post("/api/corrections", headers=AUTH,
                        json={"action": "reject", "event_id": "evt_troops-2024"})
    assert answer.status_code == 403


def test_an_api_write_without_the_token_is_401_and_with_a_wrong_one_403(
        writable: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    body = {"action": "reject", "event_id": "evt_troops-2024"}
    with caplog.at_level(logging.INFO, logger="bilat.writes"):
        assert writable.post("/api/corrections", json=body).status_code == 401
        wrong = writable.post("/api/corrections", json=body,
                              headers={"Authorization": "Bearer guess"})
        assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "E306"
        basic = writable.post("/api/corrections", json=body,
                              headers={"Authorization": f"Basic {TOKEN}"})
        assert basic.status_code == 401
    assert writable.get("/api/events/evt_troops-2024").status_code == 200
    assert [r.message.split(":")[-1].strip() for r in caplog.records] == [
        "no token", "wrong token", "no token"]


def test_an_api_write_with_the_token_corrects_and_is_logged(
        writable: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="bilat.writes"):
        answer = writable.post("/api/corrections", headers=AUTH, json={
            "action": "set", "event_id": "evt_summit-2019", "field": "location",
            "value": "Russky Island", "note": "the island, not the city", "author": "ann"})
    assert answer.status_code == 201, answer.text
    made = answer.json()
    assert made["state"] == "applied" and made["author"] == "ann"
    event = writable.get(f"/api/events/{made['event_id']}").json()["event"]
    assert event["location"] == "Russky Island" and event["corrected"] == ["location"]
    assert any("correction set" in r.message and "author=ann" in r.message
               for r in caplog.records)
    log = writable.get("/api/corrections").json()
    assert log["total"] == 1 and log["corrections"][0]["note"] == "the island, not the city"


def test_a_bad_correction_is_refused_400(writable: TestClient) -> None:
    answer = writable.post("/api/corrections", headers=AUTH, json={
        "action": "set", "event_id": "evt_summit-2019", "field": "status", "value": "maybe"})
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "E304"
    assert writable.post("/api/corrections", headers=AUTH, json=["reject"]).status_code == 400


def _form(**fields: str) -> dict[str, str]:
    return {"action": "reject", "event_id": "evt_troops-2024", "next": "/", **fields}


def test_a_page_form_needs_the_writer_cookie_401_and_the_csrf_token_403(
        writable: TestClient) -> None:
    assert writable.post("/corrections", data=_form(csrf=csrf_token(TOKEN)),
                         follow_redirects=False).status_code == 401
    writable.cookies.set(COOKIE, writer_cookie(TOKEN))
    assert writable.post("/corrections", data=_form(), follow_redirects=False).status_code == 403
    assert writable.post("/corrections", data=_form(csrf="forged"),
                         follow_redirects=False).status_code == 403
    writable.cookies.set(COOKIE, writer_cookie("another token"))
    assert writable.post("/corrections", data=_form(csrf=csrf_token(TOKEN)),
                         follow_redirects=False).status_code == 403
    assert writable.get("/api/events/evt_troops-2024").status_code == 200


def test_a_writer_signs_in_once_and_corrects_from_the_event_page(writable: TestClient) -> None:
    page = writable.get("/events/evt_troops-2024").text
    assert 'action="/writer"' in page and "csrf" not in page  # no form token before sign-in
    wrong = writable.post("/writer", data={"token": "guess", "next": "/"},
                          follow_redirects=False)
    assert wrong.status_code == 403
    signed = writable.post("/writer", data={"token": TOKEN, "next": "/events/evt_troops-2024"},
                           follow_redirects=False)
    assert signed.status_code == 303 and "httponly" in signed.headers["set-cookie"].lower()
    assert TOKEN not in signed.headers["set-cookie"]
    page = writable.get("/events/evt_troops-2024").text
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert csrf and csrf.group(1) == csrf_token(TOKEN)
    done = writable.post("/corrections", data=_form(csrf=csrf.group(1)), follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/"
    assert writable.get("/api/events/evt_troops-2024").status_code == 404


def test_a_form_redirects_only_within_the_site(writable: TestClient) -> None:
    writable.cookies.set(COOKIE, writer_cookie(TOKEN))
    done = writable.post("/corrections", follow_redirects=False,
                         data=_form(csrf=csrf_token(TOKEN), next="//evil.example/x"))
    assert done.status_code == 303 and done.headers["location"] == "/"
