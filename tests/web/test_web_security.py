"""Hostile text stays text; hostile parameters stay values."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

XSS_SCRIPT = "<script>alert(1)</script>"  # as in the hostile document of conftest.py
XSS_IMG = "<img src=x onerror=alert(1)>"
RAW = (XSS_SCRIPT, XSS_IMG, "onerror=alert(1)>", "javascript:alert(1)\"")
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_IMG = "&lt;img src=x onerror=alert(1)&gt;"


def pages(docs: dict) -> list[str]:
    hostile = docs["hostile.html"].id
    return [
        "/",
        "/?q=leak",
        "/events/evt_hostile-2024",
        "/events/evt_choe-2024",
        f"/documents/{hostile}",
        "/actors",
        "/actors/img-src-x-onerror-alert-1",
        "/network?level=actor",
        "/stats",
        f"/?actor={XSS_IMG}",
        f"/?q={XSS_SCRIPT}",
        f"/actors?q={XSS_SCRIPT}",
    ]


def test_hostile_text_is_escaped_on_every_page(client: TestClient, docs: dict) -> None:
    for path in pages(docs):
        page = client.get(path).text
        for raw in RAW:
            assert raw not in page, (path, raw)
    doc_page = client.get(f"/documents/{docs['hostile.html'].id}").text
    assert ESCAPED_SCRIPT in doc_page and ESCAPED_IMG in doc_page
    assert "&#34;quoted&#34; and &#39;single&#39;" in doc_page
    event_page = client.get("/events/evt_hostile-2024").text
    assert ESCAPED_SCRIPT in event_page and ESCAPED_IMG in event_page
    assert '<mark id="m-' in event_page


def test_javascript_url_is_never_a_link(client: TestClient, docs: dict) -> None:
    for path in ("/events/evt_choe-2024", f"/documents/{docs['hostile.html'].id}"):
        assert 'href="javascript:' not in client.get(path).text.lower()


def test_api_returns_hostile_text_as_json_data(client: TestClient, docs: dict) -> None:
    body = client.get(f"/api/documents/{docs['hostile.html'].id}").json()
    assert XSS_SCRIPT in body["text"]  # data is unchanged; the pages escape it
    assert client.get("/api/events").headers["content-type"] == "application/json"


@pytest.mark.parametrize("path", ["/", "/api/events", "/events/evt_choe-2024", "/missing"])
def test_content_security_policy_allows_only_own_scripts(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self';" in csp and "default-src 'self'" in csp
    assert headers["x-content-type-options"] == "nosniff"


def test_pages_have_no_inline_scripts(client: TestClient, docs: dict) -> None:
    for path in pages(docs):
        page = client.get(path).text
        assert page.count("<script") == page.count("<script src=")


INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE events; --",
    "\" OR 1=1 --",
    "x') UNION SELECT id, text FROM documents --",
    "%' AND 1=1 --",
    "NEAR(kim putin)",
    "kim* OR putin",
    "\x00",
]


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize("param", ["actor", "q"])
def test_sql_injection_is_just_a_value(client: TestClient, param: str, value: str) -> None:
    response = client.get("/api/events", params={param: value})
    assert response.status_code == 200
    assert response.json()["total"] <= 9  # a plain search for the words, or an ignored blank
    for path in ("/", "/api/stats", "/api/network", "/stats", "/network"):
        assert client.get(path, params={param: value}).status_code == 200
    assert client.get("/api/actors", params={"q": value}).status_code == 200


@pytest.mark.parametrize("value", INJECTIONS[:5])
def test_sql_injection_in_ids_is_a_404(client: TestClient, value: str) -> None:
    for prefix in ("/api/events/", "/api/actors/", "/api/documents/", "/events/"):
        assert client.get(prefix + quote(value, safe="")).status_code == 404
    assert client.get("/api/events").json()["total"] == 9  # still all there
