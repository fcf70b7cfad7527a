"""Server-rendered pages: content, links, evidence marks, graceful degradation."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from bilat.model import EventMention, EventType, Status
from bilat.store.base import Store
from bilat.web import create_app
from bilat.web.pages import Mark, evidence_span, highlight, safe_url


def test_timeline_lists_events_with_links(client: TestClient) -> None:
    page = client.get("/").text
    assert 'id="timeline"' in page and "/vendor/vis-timeline/" in page
    assert 'href="/events/evt_treaty-2024"' in page
    assert 'href="/actors/kim-jong-un"' in page
    assert "9 events" in page


def test_timeline_filters_come_from_the_url(client: TestClient) -> None:
    page = client.get("/?actor=Sergei+Shoigu").text
    assert "1 event;" in page and "evt_shoigu-2023" in page and "evt_treaty-2024" not in page
    assert 'value="Sergei Shoigu"' in page  # the form keeps the filter
    assert 'data-api="/api/timeline?actor=Sergei+Shoigu"' in page


def test_event_page_marks_the_evidence_in_each_source(client: TestClient) -> None:
    page = client.get("/events/evt_choe-2024").text
    marks = re.findall(r"<mark [^>]*>(.*?)</mark>", page, re.S)
    assert (
        marks[0]
        == "Choe Son Hui is expected to visit Moscow next month for talks with Sergei Lavrov"
    )
    assert marks[1].startswith("Choe Son Hui met Sergei Lavrov in Moscow on November 1")
    assert 'href="https://example.org/yonhap-2024"' in page


def test_event_page_quotes_the_other_statements_of_the_event(client: TestClient) -> None:
    page = client.get("/events/evt_summit-2019").text
    assert "Also told here" in page
    assert "<li>The leaders discussed the situation on the Korean peninsula.</li>" in page
    assert "Also told here" not in client.get("/events/evt_choe-2024").text


def test_document_page_marks_every_mention_and_links_events(client: TestClient, docs: dict) -> None:
    page = client.get(f"/documents/{docs['reuters_2024.txt'].id}").text
    assert page.count("<mark ") == 2
    assert (
        'href="/events/evt_treaty-2024"' in page and 'href="/events/evt_putin-visit-2024"' in page
    )


def test_actor_network_stats_pages_render_lists(client: TestClient) -> None:
    actor = client.get("/actors/vladimir-putin").text
    assert "Vladimir Putin" in actor and "evt_putin-visit-2024" in actor
    network = client.get("/network?level=actor").text
    assert "<td>Kim Jong Un</td><td>Vladimir Putin</td><td>3</td>" in network
    stats = client.get("/stats?since=2024-06&until=2024-06").text
    assert "<td>2024-06</td>" in stats and "<td>2019-04</td>" not in stats
    assert "Sergei Lavrov" in client.get("/actors?q=lavrov").text


def test_pages_link_to_their_data(client: TestClient) -> None:
    links = {
        "/?type=MEET": [
            'href="/api/events.csv?type=MEET&amp;limit=500"',
            'href="/api/events?type=MEET"',
        ],
        "/actors/kim-jong-un": [
            'href="/actors/kim-jong-un.json"',
            'href="/api/events.csv?actor=Kim+Jong+Un"',  # every event: no limit
        ],
        "/actors?q=kim": ['href="/api/actors.csv?q=kim"', 'href="/api/actors?q=kim"'],
        "/documents?since=2024": ['href="/api/documents.csv?since=2024"',
                                  'href="/api/documents?since=2024"'],
        "/events/evt_treaty-2024": ['href="/api/events/evt_treaty-2024"'],
        "/network?level=actor": [
            'href="/api/network.csv?level=actor"',
            'href="/api/network?level=actor"',
        ],
        "/stats?type=AID": ['href="/api/stats.csv?type=AID"', 'href="/api/stats?type=AID"'],
    }
    for path, expected in links.items():
        page = client.get(path).text
        for link in expected:
            assert link in page, (path, link)


def test_filter_forms_offer_actor_suggestions(client: TestClient) -> None:
    for path in ("/", "/network", "/stats"):
        page = client.get(path).text
        assert 'list="actor-names"' in page and '<datalist id="actor-names">' in page
        assert '<script src="/static/filters.js" defer>' in page


@pytest.mark.parametrize("path", ["/events/nope", "/actors/nobody", "/documents/nope", "/missing"])
def test_unknown_pages_are_html_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "E300" in response.text


def test_bad_filter_on_a_page_is_an_html_error(client: TestClient) -> None:
    response = client.get("/?since=yesterday")
    assert response.status_code == 422 and "<html" in response.text


def test_pages_degrade_without_node_modules(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("BILAT_NODE_MODULES", "/nonexistent/node_modules")
    with TestClient(create_app(store)) as c:
        for path in ("/", "/network", "/stats", "/actors/kim-jong-un"):
            page = c.get(path).text
            assert "run <code>make install</code>" in page
            assert "/vendor/" not in page
        assert "evt_treaty-2024" in c.get("/").text  # the list still works
        assert c.get("/vendor/vis-timeline/package.json").status_code == 404


def test_vendor_libraries_are_served_locally(client: TestClient) -> None:
    for path in (
        "/vendor/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js",
        "/vendor/cytoscape/dist/cytoscape.min.js",
        "/vendor/chart.js/dist/chart.umd.min.js",
        "/static/timeline.js",
    ):
        assert client.get(path).status_code == 200, path


def test_highlight_escapes_every_piece() -> None:
    text = "a<b>c & 'd' \"e\""
    html = highlight(text, [Mark(1, 4, "m-1", "<x>")])
    assert (
        html == 'a<mark id="m-1" title="&lt;x&gt;">&lt;b&gt;</mark>c &amp; &#39;d&#39; &#34;e&#34;'
    )


def test_highlight_clips_overlaps_and_out_of_range_marks() -> None:
    html = highlight("abcdef", [Mark(0, 3, "x", ""), Mark(2, 5, "y", ""), Mark(9, 12, "z", "")])
    assert html == '<mark id="x" title="">abc</mark><mark id="y" title="">de</mark>f'


def test_evidence_span_falls_back_to_the_quote() -> None:
    m = EventMention(
        "m", "d", "d", EventType.MEET, (), (), None, None, Status.OCCURRED, "met", 50, 53
    )
    assert evidence_span("They met today", m) == (5, 8)


@pytest.mark.parametrize(
    ("url", "safe"),
    [("https://a.org/x", "https://a.org/x"), ("javascript:alert(1)", None), (" JavaScript:x", None),
     ("data:text/html,x", None), (None, None)],
)
def test_only_http_links(url: str | None, safe: str | None) -> None:
    assert safe_url(url) == safe


def test_empty_form_fields_mean_no_filter(client: TestClient) -> None:
    page = client.get("/?actor=Sergei+Shoigu&country=&type=&status=&since=&until=&q=")
    assert page.status_code == 200 and "1 event;" in page.text
    assert client.get("/api/events?type=&q=").json()["total"] == 9
