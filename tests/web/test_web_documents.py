"""The documents list (API and page), lists that stream every row, and the actors' states,
on the hand-built corpus of conftest.py and on a store of 1,000 events."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bilat.model import Document, DocumentAnalysis, Event, EventMention, EventType, Status
from bilat.store import open_store
from bilat.web import create_app

NEWEST_FIRST = ["hostile.html", "yonhap_2024.txt", "reuters_2024.txt", "tass_2023.txt",
                "kcna_2019.txt"]  # fmt: skip


def names(body: dict) -> list[str]:
    return [d["name"] for d in body["documents"]]


def test_documents_are_listed_newest_first_with_their_figures(client: TestClient) -> None:
    body = client.get("/api/documents").json()
    assert body["total"] == 5 and body["limit"] is None and names(body) == NEWEST_FIRST
    first = body["documents"][1]
    assert first["title"] == "North Korea sends troops to Russia"
    assert first["mentions"] == 2 and first["page"].startswith("/documents/doc_")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("since=2024", NEWEST_FIRST[:3]),
        ("until=2023-12", NEWEST_FIRST[3:]),
        ("since=2024-06&until=2024-06", ["reuters_2024.txt"]),
        ("source=test", NEWEST_FIRST),
        ("source=example.org", NEWEST_FIRST[1:]),  # the hostile one's URL is no http URL
        ("source=nowhere", []),
    ],
)
def test_documents_filter_by_source_and_date(client: TestClient, query: str,
                                             expected: list[str]) -> None:  # fmt: skip
    assert names(client.get(f"/api/documents?{query}").json()) == expected


def test_documents_page_by_limit_and_offset_and_say_so(client: TestClient) -> None:
    response = client.get("/api/documents?limit=2&offset=2")
    assert names(response.json()) == NEWEST_FIRST[2:4]
    assert response.headers["x-total-count"] == "5" and response.headers["x-limit"] == "2"
    csv_page = client.get("/api/documents.csv?limit=2")
    assert "offset=2" in csv_page.headers["link"]
    assert client.get("/api/documents?since=June").status_code == 422


@pytest.mark.parametrize("path", ["/api/documents.csv", "/documents.csv",
                                  "/api/documents?format=csv"])  # fmt: skip
def test_documents_as_csv(client: TestClient, path: str) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get(path).text)))
    assert [r["name"] for r in rows] == NEWEST_FIRST
    assert set(rows[0]) == {"id", "name", "title", "published", "source", "url", "mentions"}


def test_documents_json_twin_is_the_list(client: TestClient) -> None:
    assert client.get("/documents.json?since=2024").json() == client.get(
        "/api/documents?since=2024").json()


def test_the_documents_page_lists_headlines_with_links(client: TestClient, docs: dict) -> None:
    page = client.get("/documents?since=2024")
    assert page.status_code == 200
    assert "Putin visits Pyongyang, signs partnership treaty" in page.text
    assert f'href="/documents/{docs["reuters_2024.txt"].id}"' in page.text
    assert "kcna_2019.txt" not in page.text
    assert "<script>alert(1)</script>" not in page.text  # the hostile title shows as text
    assert 'href="/documents"' in client.get("/").text  # in the navigation


# ---------------------------------------------------------------------------- 1,000 events

N = 1000


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One document and 1,000 events, one mention each."""
    text = " ".join(f"Putin met Kim on day {i}." for i in range(N))
    doc = Document(id=Document.make_id("big.txt", text), name="big.txt", text=text, clean=text,
                   published="2024-06-19")  # fmt: skip
    mentions, events = [], []
    pos = 0
    for i in range(N):
        evidence = f"Putin met Kim on day {i}."
        start = text.index(evidence, pos)
        pos = start + len(evidence)
        m = EventMention(
            id=EventMention.make_id(doc.id, "MEET", start, pos, ("Vladimir Putin",)),
            doc_id=doc.id, doc_name=doc.name, type=EventType.MEET, actors=("Vladimir Putin",),
            countries=("RUS", "PRK"), location=None, date=f"{2000 + i % 25}",
            status=Status.OCCURRED, evidence=evidence, start=start, end=pos)  # fmt: skip
        mentions.append(m)
        events.append(Event(f"evt_{i:04}", EventType.MEET, m.actors, m.countries, None, m.date,
                            Status.OCCURRED, (m.id,)))  # fmt: skip
    store = open_store(Path(tmp_path_factory.mktemp("big")) / "big.db")
    store.add_analyses([DocumentAnalysis(doc, (), tuple(mentions))])
    store.replace_events(events, {})
    with TestClient(create_app(store)) as client:
        yield client
    store.close()


@pytest.mark.parametrize("path", ["/api/events.csv", "/api/events?format=csv", "/events.csv"])
def test_a_csv_list_without_a_limit_has_every_row(big: TestClient, path: str) -> None:
    response = big.get(path)
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == N and len({r["id"] for r in rows}) == N
    assert response.headers["x-total-count"] == str(N) and "x-limit" not in response.headers
    assert all(r["evidence"].startswith("Putin met Kim") for r in rows)


@pytest.mark.parametrize("path", ["/api/events", "/api/events.json", "/events.json"])
def test_a_json_list_without_a_limit_has_every_row(big: TestClient, path: str) -> None:
    body = big.get(path).json()
    assert body["total"] == N and body["limit"] is None and len(body["events"]) == N
    assert len({e["id"] for e in body["events"]}) == N


def test_a_limited_list_says_so_and_links_the_rest(big: TestClient) -> None:
    response = big.get("/api/events.csv?limit=300&sort=-date")
    assert len(list(csv.DictReader(io.StringIO(response.text)))) == 300
    assert response.headers["x-limit"] == "300" and 'rel="next"' in response.headers["link"]
    assert big.get("/api/events?limit=300").json()["limit"] == 300


def test_a_bad_cursor_on_a_stream_is_an_error_answer(big: TestClient) -> None:
    response = big.get("/api/events.csv?after=nonsense")
    assert response.status_code == 400 and response.json()["error"]["code"] == "E302"


def test_an_actor_named_only_in_events_shows_the_state_the_knowledge_base_gives(
        big: TestClient) -> None:  # fmt: skip
    """The store has no actors row for Putin (he is only named in events): his state comes
    from the knowledge base, on the list, the actor's data and both pages."""
    (putin,) = big.get("/api/actors").json()["actors"]
    assert (putin["name"], putin["country"]) == ("Vladimir Putin", "RUS")
    assert big.get("/api/actors/vladimir-putin").json()["actor"]["country"] == "RUS"
    assert "<td>RUS</td>" in big.get("/actors").text
    assert ">RUS</a>" in big.get("/actors/vladimir-putin").text
