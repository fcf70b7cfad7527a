"""The JSON/CSV API over a real SQLite store (see conftest.py for the records)."""

from __future__ import annotations

import csv
import io
from typing import Any, cast
from urllib.parse import quote

import pytest
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from bilat.knowledge.kb import KnowledgeBase, Person
from bilat.model import Role
from bilat.store.base import EventFilter, EventRow, Provenance, Store
from bilat.web import create_app


def ids(response_json: dict) -> list[str]:
    return [e["id"] for e in response_json["events"]]


def test_list_has_paging_envelope_and_event_fields(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == 9 and body["limit"] is None and body["offset"] == 0
    assert len(body["events"]) == 9  # no limit: every event
    event = body["events"][0]
    assert set(event) >= {
        "id", "type", "actors", "countries", "location", "date", "status", "sources",
        "independent_sources", "first_reported", "last_reported",
    }
    assert event["id"] == "evt_kim-visit-2019"  # oldest first by default


MEETINGS = ["evt_summit-2019", "evt_vostochny-2023", "evt_choe-2024"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=AGREE", ["evt_treaty-2024"]),
        ("status=planned", []),  # the planned report was merged with the occurred one
        ("actor=Sergei Shoigu", ["evt_shoigu-2023"]),
        ("actor=Sergey Shoygu", ["evt_shoigu-2023"]),  # any romanisation
        ("since=2024-10&until=2024-10", ["evt_troops-2024"]),
        ("since=2024-06&type=VISIT", ["evt_putin-visit-2024"]),
        ("q=Russky Island", ["evt_summit-2019"]),
        ("q=cosmodrome", ["evt_shoigu-2023", "evt_vostochny-2023"]),  # title words count too
        ("country=RUS&country=PRK&type=MEET", MEETINGS),
        ("country=PRK,RUS&type=MEET", MEETINGS),
        ("country=prk&type=AID", ["evt_troops-2024"]),
        ("country=USA", []),
    ],
)
def test_filters(client: TestClient, query: str, expected: list[str]) -> None:
    body = client.get(f"/api/events?{query}").json()
    assert ids(body) == expected
    assert body["total"] == len(expected)


def test_paging_walks_every_event_once(client: TestClient) -> None:
    seen = []
    for offset in range(0, 10, 4):
        body = client.get(f"/api/events?limit=4&offset={offset}").json()
        assert body["total"] == 9 and body["limit"] == 4 and body["offset"] == offset
        seen += ids(body)
    assert len(seen) == 9 and len(set(seen)) == 9


def test_sorting(client: TestClient) -> None:
    newest = client.get("/api/events?sort=-date").json()["events"]
    dates = [e["date"] for e in newest]
    assert dates == sorted(dates, reverse=True)
    most = client.get("/api/events?sort=-sources").json()["events"]
    assert most[0]["id"] == "evt_choe-2024" and most[0]["sources"] == 2


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("limit=501", 422),
        ("limit=0", 422),
        ("offset=-1", 422),
        ("sort=random", 422),
        ("type=WAR", 422),
        ("status=rumoured", 422),
        ("since=yesterday", 422),
        ("country=RUSSIA", 422),
        ("country=RUS,PRK,KOR", 422),
        ("country=RUS&country=PRK&country=CHN", 422),
        ("country=XYZ", 422),  # no state has that code: refused, as by `bilat timeline`
    ],
)
def test_bad_parameters_are_json_errors(client: TestClient, query: str, status: int) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"].startswith("E") and error["message"] and error["fix"]


@pytest.mark.parametrize(
    "path",
    ["/api/events/evt_nope", "/api/actors/nobody", "/api/documents/doc_nope", "/api/nothing"],
)
def test_unknown_ids_are_404_json(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "E300"


def test_event_detail_has_mentions_sources_and_offsets(client: TestClient) -> None:
    body = client.get("/api/events/evt_choe-2024").json()
    assert body["event"]["sources"] == 2
    assert [s["doc_name"] for s in body["sources"]] == ["yonhap_2024.txt", "hostile.html"]
    assert {"title", "url", "published", "doc_id"} <= set(body["sources"][0])
    for mention in body["mentions"]:
        text = client.get(f"/api/documents/{mention['doc_id']}").json()["text"]
        assert text[mention["start"]:mention["end"]] == mention["evidence"]


def test_document_has_text_metadata_and_mentions(client: TestClient, docs: dict) -> None:
    doc = docs["reuters_2024.txt"]
    body = client.get(f"/api/documents/{doc.id}").json()
    assert (
        body["text"] == doc.text
        and body["title"] == doc.title
        and body["published"] == "2024-06-19"
    )
    assert {m["type"] for m in body["mentions"]} == {"VISIT", "AGREE"}


def test_actors_search_and_detail(client: TestClient) -> None:
    names = [a["name"] for a in client.get("/api/actors?q=lavrov").json()["actors"]]
    assert names == ["Sergei Lavrov"]
    for key in ("kim-jong-un", "Kim Jong-un", "per_0"):
        body = client.get(f"/api/actors/{key}").json()
        assert body["actor"]["name"] == "Kim Jong Un"
        assert body["events_total"] == 4
        assert {e["type"] for e in body["events"]} == {"VISIT", "MEET", "AGREE"}


def test_actors_limit_keeps_the_total(client: TestClient) -> None:
    everyone = client.get("/api/actors").json()
    first = client.get("/api/actors?limit=1").json()
    assert first["total"] == everyone["total"] > 1
    assert first["actors"] == everyone["actors"][:1]  # the most engaged
    assert client.get("/api/actors?limit=0").status_code == 422


def test_actor_roles_come_from_the_knowledge_base(store: Store) -> None:
    kb = KnowledgeBase()
    kb.add_person(Person("Sergei Shoigu", "RUS", roles=(
        Role("Minister of Defence", "RUS", "2012-11-06", "2024-05-12", "defence_minister"),
        Role("Secretary of the Security Council", "RUS", "2024-05-12", None),
    ), aliases=("Sergey Shoygu",)))
    with TestClient(create_app(store, kb=kb)) as c:
        body = c.get("/api/actors/sergei-shoigu").json()
        page = c.get("/actors/sergei-shoigu").text
    assert [(r["title"], r["start"], r["end"]) for r in body["roles"]] == [
        ("Minister of Defence", "2012-11-06", "2024-05-12"),
        ("Secretary of the Security Council", "2024-05-12", None),
    ]
    assert body["aliases"] == ["Sergey Shoygu"]
    assert "Minister of Defence" in page and "2012-11-06" in page and "present" in page


def test_stats_counts_by_month_type_and_pair(client: TestClient) -> None:
    body = client.get("/api/stats").json()
    assert body["total"] == 9
    assert {"month": "2024-06", "type": "AGREE", "pair": "PRK-RUS", "count": 1} in body["cells"]
    assert client.get("/api/stats?type=VISIT").json()["total"] == 3


def test_network_by_state_and_actor(client: TestClient) -> None:
    states = client.get("/api/network").json()
    assert states["edges"] == [{"source": "PRK", "target": "RUS", "weight": 9,
                                "types": {"AGREE": 1, "AID": 1, "CALL": 1, "MEET": 3, "VISIT": 3},
                                "flows": {}}]
    assert {n["id"] for n in states["nodes"]} == {"PRK", "RUS"}
    people = client.get("/api/network?level=actor&since=2024").json()
    pairs = {(e["source"], e["target"]) for e in people["edges"]}
    assert pairs == {("Kim Jong Un", "Vladimir Putin"), ("Choe Son Hui", "Sergei Lavrov")}
    assert client.get("/api/network?level=galaxy").status_code == 422


@pytest.mark.parametrize("path", ["/api/events?format=csv", "/api/events.csv"])
def test_events_as_csv(client: TestClient, path: str) -> None:
    response = client.get(path + ("&" if "?" in path else "?") + "type=MEET")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == ["evt_summit-2019", "evt_vostochny-2023", "evt_choe-2024"]
    assert rows[0]["actors"] == "Kim Jong Un; Vladimir Putin"


@pytest.mark.parametrize(
    "path", ["/api/actors.csv", "/api/stats.csv", "/api/network.csv?level=actor"])
def test_other_lists_as_csv(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert len(list(csv.reader(io.StringIO(response.text)))) > 1


def test_json_suffix_equals_plain(client: TestClient, docs: dict) -> None:
    assert (
        client.get("/api/events.json?type=AID").json() == client.get("/api/events?type=AID").json()
    )
    for item in (
        "events/evt_treaty-2024",
        "actors/kim-jong-un",
        f"documents/{docs['reuters_2024.txt'].id}",
    ):
        assert client.get(f"/api/{item}.json").json() == client.get(f"/api/{item}").json()


@pytest.mark.parametrize(
    ("page", "api"),
    [
        ("/events.csv?type=MEET", "/api/events.csv?type=MEET"),
        ("/events.json?actor=Sergei+Shoigu", "/api/events?actor=Sergei+Shoigu"),
        ("/actors.csv?q=kim", "/api/actors.csv?q=kim"),
        ("/actors.json", "/api/actors"),
        ("/network.csv?level=actor&since=2024", "/api/network.csv?level=actor&since=2024"),
        ("/network.json?level=actor", "/api/network?level=actor"),
        ("/stats.csv?type=VISIT", "/api/stats.csv?type=VISIT"),
        ("/stats.json", "/api/stats"),
        ("/events/evt_treaty-2024.json", "/api/events/evt_treaty-2024"),
        ("/actors/kim-jong-un.json", "/api/actors/kim-jong-un"),
    ],
)
def test_page_url_plus_suffix_is_its_data(client: TestClient, page: str, api: str) -> None:
    """Datasette style: a page's URL with .json or .csv answers with the page's data."""
    response, expected = client.get(page), client.get(api)
    assert response.status_code == 200
    assert response.headers["content-type"] == expected.headers["content-type"]
    assert response.content == expected.content


def test_document_page_plus_json_is_its_data(client: TestClient, docs: dict) -> None:
    doc_id = docs["hostile.html"].id
    assert (
        client.get(f"/documents/{doc_id}.json").json()
        == client.get(f"/api/documents/{doc_id}").json()
    )


@pytest.mark.parametrize(
    "path", ["/events/evt_nope.json", "/actors/nobody.json", "/documents/doc_nope.json"])
def test_unknown_ids_with_suffix_are_404_json(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "E300"


class BrokenStore:
    """Every store call fails, as a bug or a lost database connection would."""

    def __getattr__(self, name: str) -> object:
        raise RuntimeError("database gone")


def test_unexpected_failure_is_a_500_in_the_usual_shape() -> None:
    app = create_app(cast(Store, BrokenStore()))
    with TestClient(app, raise_server_exceptions=False) as c:
        api = c.get("/api/events")
        page = c.get("/")
    assert api.status_code == 500
    error = api.json()["error"]
    assert error["code"] == "E000" and "RuntimeError" in error["message"] and error["fix"]
    assert "database gone" not in api.text  # internals stay in the server log
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")


def test_csv_cells_cannot_start_a_formula(client: TestClient) -> None:
    text = client.get("/api/actors.csv").text
    assert "\n=" not in text and ",=" not in text


def test_openapi_documents_the_endpoints(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/actors", "/api/actors/{actor_id}",
            "/api/documents/{doc_id}", "/api/stats", "/api/network"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert params >= {
        "actor",
        "country",
        "type",
        "status",
        "since",
        "until",
        "q",
        "limit",
        "offset",
        "sort",
        "format",
    }


def test_read_only_by_default(client: TestClient) -> None:
    assert client.app.state.allow_writes is False  # type: ignore[attr-defined]
    assert client.post("/api/events").status_code == 405


def test_what_was_signed_or_moved_is_in_the_event_and_its_mentions(client: TestClient) -> None:
    body = client.get("/api/events/evt_treaty-2024").json()
    assert body["event"]["what"] == "treaty"
    assert [m["what"] for m in body["mentions"]] == ["treaty"]
    assert client.get("/api/events/evt_choe-2024").json()["event"]["what"] is None
    page = client.get("/events/evt_treaty-2024").text
    assert "<dt>What</dt><dd>treaty</dd>" in page


def test_the_api_serialises_events_as_the_views_do(client: TestClient) -> None:
    """One serialiser: an API event is the views' analyst record plus its page, and the
    CSV's columns are the record's fields, as the CLI's."""
    from bilat.views.records import ROW_FIELDS, records

    store = client.app.state.store  # type: ignore[attr-defined]
    (first,) = store.events(limit=1)
    (record,) = records(store, [first])
    listed = client.get("/api/events?limit=1").json()["events"][0]
    assert listed == {**record, "page": f"/events/{first.event.id}"}
    header = client.get("/api/events.csv?limit=1").text.splitlines()[0]
    assert tuple(header.split(",")) == ROW_FIELDS


def _record_as_first_written(row: EventRow, provenance: Provenance | None) -> dict[str, Any]:
    """The analyst's record as bilat.views.records first wrote it (event_dict's fields and
    the record's own, merged in ROW_FIELDS order): the reference the faster one must meet."""
    from bilat.views.documents import headline
    from bilat.views.records import ROW_FIELDS, date_precision, direction
    from bilat.views.serialise import event_dict

    way, docs = direction(row.event), provenance.documents if provenance else ()
    extra = {
        "date_precision": date_precision(row.event.date), "direction": way.label,
        "actor_state": way.actor, "recipient_state": way.recipient,
        "evidence": provenance.evidence if provenance else None,
        "source_titles": [headline(d.title, d.lead, d.name) for d in docs],
        "source_urls": [d.url for d in docs if d.url],
        "corrected": list(provenance.corrected) if provenance else [],
    }  # fmt: skip
    base = event_dict(row, tuple(f for f in ROW_FIELDS if f not in extra))
    return {f: base[f] if f in base else extra[f] for f in ROW_FIELDS}


@pytest.mark.parametrize("query", ["limit=500", "limit=3&sort=-date", "limit=2&offset=3",
                                   "limit=500&country=PRK&type=MEET"])
def test_a_page_of_events_is_byte_for_byte_what_jsonresponse_wrote(client: TestClient,
                                                                     query: str) -> None:
    """The rule: the faster page (rows read once, records written out, orjson) answers the
    same bytes as Starlette's JSONResponse of the records built the first way, here on
    records with markup, quotes and non-ASCII text."""
    store = client.app.state.store  # type: ignore[attr-defined]
    response = client.get(f"/api/events?{query}")
    params = dict(p.split("=") for p in query.split("&"))
    flt = EventFilter(countries=(params["country"],) if "country" in params else (),
                      type=params.get("type"))
    page = store.events_page(flt, limit=int(params["limit"]), offset=int(params.get("offset", 0)),
                             sort=params.get("sort", "date"))
    found = store.provenance([r.event.id for r in page.rows])
    events = [{**_record_as_first_written(r, found.get(r.event.id)),
               "page": "/events/" + quote(r.event.id, safe="")} for r in page.rows]
    expected = JSONResponse({"total": response.json()["total"], "limit": int(params["limit"]),
                             "offset": int(params.get("offset", 0)), "next": page.next,
                             "events": events}).body
    assert events and response.content == expected
    assert response.headers["content-type"] == "application/json"


# --------------------------------------------------------------------------- methods and repeats


@pytest.mark.parametrize("path", ["/api/events?type=MEET", "/api/events.csv", "/api/stats",
                                  "/", "/network", "/static/bilat.css"])
def test_head_answers_like_get_without_a_body(client: TestClient, path: str) -> None:
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    # a streamed list (every event) has no length before it is written
    assert head.headers.get("content-length") == got.headers.get("content-length")
    assert got.headers.get("content-length") in (None, str(len(got.content)))


def test_head_of_a_missing_item_is_404_without_a_body(client: TestClient) -> None:
    head = client.head("/api/events/evt_none")
    assert head.status_code == 404 and head.content == b""


@pytest.mark.parametrize(("query", "name"), [
    ("type=VISIT&type=MEET", "type"),
    ("sort=date&sort=-date", "sort"),
    ("since=2019&since=2024&type=MEET", "since"),
    ("limit=1&limit=2", "limit"),
])
def test_a_repeated_single_valued_parameter_is_refused(client: TestClient, query: str,
                                                       name: str) -> None:
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "E001" and f"{name}: given 2 times" in error["message"]


def test_a_repeated_parameter_is_refused_on_pages_too(client: TestClient) -> None:
    response = client.get("/?type=VISIT&type=MEET")
    assert response.status_code == 422 and "text/html" in response.headers["content-type"]
    assert "type: given 2 times" in response.text


def test_list_parameters_may_repeat(client: TestClient) -> None:
    """country is documented as a list: country=RUS&country=PRK is a pair, as before."""
    pair = client.get("/api/events?country=RUS&country=PRK")
    assert pair.status_code == 200
    assert ids(pair.json()) == ids(client.get("/api/events?country=RUS,PRK").json())
    assert client.get("/api/events?type=MEET&type=").status_code == 200  # empty means absent


# ---------------------------------------------------------------------------- paging


def test_next_cursor_walks_the_same_pages_as_offsets(client: TestClient) -> None:
    by_offset = [ids(client.get(f"/api/events?sort=-date&limit=4&offset={o}").json())
                 for o in (0, 4, 8)]  # fmt: skip
    first = client.get("/api/events?sort=-date&limit=4").json()
    second = client.get(f"/api/events?sort=-date&limit=4&after={first['next']}").json()
    third = client.get(f"/api/events?sort=-date&limit=4&after={second['next']}").json()
    assert [ids(first), ids(second), ids(third)] == by_offset
    assert second["total"] == 9 and third["next"] is None  # the last page says so


@pytest.mark.parametrize("query", ["after=bm90LWEtY3Vyc29y", "after=W10&offset=4"])
def test_a_damaged_cursor_or_one_with_an_offset_is_a_json_400(client: TestClient,
                                                             query: str) -> None:
    response = client.get(f"/api/events?limit=4&{query}")
    assert response.status_code == 400 and response.json()["error"]["code"] == "E302"


def test_a_csv_page_links_to_the_next(client: TestClient) -> None:
    response = client.get("/api/events.csv?type=MEET&limit=2")
    link = response.headers["link"]
    assert link.startswith("</api/events.csv?") and link.endswith('>; rel="next"')
    following = client.get(link[1:link.index(">")])
    assert [r["id"] for r in csv.DictReader(io.StringIO(following.text))] == ["evt_choe-2024"]
    assert "link" not in following.headers


def test_stats_are_paged_with_figures_over_every_cell(client: TestClient) -> None:
    whole = client.get("/api/stats").json()
    assert whole["limit"] == 1000 and whole["offset"] == 0
    assert whole["cells_total"] == len(whole["cells"]) > 3
    pages = [client.get(f"/api/stats?limit=2&offset={o}").json()
             for o in range(0, whole["cells_total"], 2)]  # fmt: skip
    assert [c for p in pages for c in p["cells"]] == whole["cells"]
    assert {(p["total"], p["cells_total"]) for p in pages} == {(9, whole["cells_total"])}
    more = client.get("/api/stats.csv?limit=2").headers["link"]
    assert "offset=2" in more and "limit=2" in more


def test_stats_by_month_sum_the_pairs(client: TestClient) -> None:
    body = client.get("/api/stats?by=month&since=2024-06&until=2024-06").json()
    assert body["cells"] == [{"month": "2024-06", "type": "AGREE", "pair": "*", "count": 1},
                             {"month": "2024-06", "type": "VISIT", "pair": "*", "count": 1}]
    assert client.get("/api/stats?by=week").status_code == 422


def test_network_edges_count_who_acted_on_whom_when_asked(client: TestClient) -> None:
    """Direction: Kim's visit and the troops went from PRK to RUS, Shoigu's and Putin's
    visits from RUS to PRK; meetings, calls and the treaty have no direction."""
    (edge,) = client.get("/api/network?directed=true").json()["edges"]
    assert edge["flows"] == {"PRK>RUS": 2, "RUS>PRK": 2}
    (aid,) = client.get("/api/network?directed=true&type=AID").json()["edges"]
    assert aid["flows"] == {"PRK>RUS": 1}
    (meet,) = client.get("/api/network?directed=true&type=MEET").json()["edges"]
    assert meet["flows"] == {}
    text = client.get("/api/network.csv?directed=true&since=2024").text
    assert text.splitlines()[1].endswith("PRK>RUS:1; RUS>PRK:1")


def test_network_lists_the_heaviest_edges_with_ends_weighed_over_all(client: TestClient) -> None:
    whole = client.get("/api/network?level=actor").json()
    top = client.get("/api/network?level=actor&limit=1").json()
    assert whole["limit"] == 500 and whole["edges_total"] == len(whole["edges"]) > 1
    assert top["edges"] == whole["edges"][:1] and top["edges_total"] == whole["edges_total"]
    weights = {n["id"]: n["weight"] for n in whole["nodes"]}
    assert {n["id"]: n["weight"] for n in top["nodes"]} == {
        end: weights[end] for end in (top["edges"][0]["source"], top["edges"][0]["target"])}
    assert client.get("/api/network?limit=0").status_code == 422
