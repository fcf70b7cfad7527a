"""The analyst's desk (issue 17): the timeline opens newest first with facets beside the
list and snippets for a search; the stats bin by month or year and keep year-only and
undated events apart; the API twins /api/timeline, /api/facets and /api/periods."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bilat.store.base import Store
from bilat.web import create_app


@pytest.fixture(scope="module")
def sample_client(sample_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(sample_store)) as c:
        yield c


def listed_dates(page: str) -> list[str]:
    return re.findall(r'<td class="date"><a href="[^"]+">([^<]+)</a>', page)


def test_the_timeline_lists_the_newest_first(client: TestClient) -> None:
    dates = listed_dates(client.get("/").text)
    assert dates[0] == "2024-11-02" and dates == sorted(dates, reverse=True)
    assert listed_dates(client.get("/?sort=date").text)[0] == "2019-04-24"


def test_undated_events_are_listed_apart(sample_client: TestClient) -> None:
    page = sample_client.get("/").text
    head, _, undated = page.partition('<h2 id="undated">')
    assert undated and "undated" not in listed_dates(head)
    assert listed_dates(undated) == ["undated", "undated"]


def test_facets_beside_the_list_link_to_the_list_filtered(client: TestClient) -> None:
    page = client.get("/?country=RUS").text
    aside = page[page.index('<aside class="facets"'):]
    # MEET: summit-2019, vostochny-2023, choe-2024 under country=RUS
    assert re.search(r'<a href="/\?country=RUS&amp;type=MEET">MEET</a>\s*<span class="n">3</span>',
                     aside)
    assert 'href="/?actor=Vladimir+Putin&amp;country=RUS"' in aside
    assert 'href="/?country=PRK%2CRUS"' in aside  # a pair of states
    assert 'href="/?country=RUS&amp;since=2024&amp;until=2024"' in aside  # a year
    filtered = client.get("/?country=RUS&type=MEET").text
    assert "3 events;" in filtered
    # the value the filter has is marked, and its link takes it off
    selected = re.search(r'<li class="selected"><a href="([^"]+)"', filtered)
    assert selected and selected.group(1) == "/?country=RUS"


def test_the_facets_api_is_the_pages_twin(client: TestClient) -> None:
    body = client.get("/api/facets?type=VISIT&path=/stats").json()
    by_name = {f["name"]: f for f in body["facets"]}
    assert set(by_name) == {"type", "status", "pair", "actor", "year", "source"}
    assert by_name["type"]["values"] == [{"value": "VISIT", "label": "VISIT", "count": 3,
                                          "selected": True, "href": "/stats"}]  # fmt: skip
    years = {v["value"]: v["href"] for v in by_name["year"]["values"]}
    assert years["2024"] == "/stats?type=VISIT&since=2024&until=2024"
    assert by_name["source"]["values"][0]["href"] is None  # no filter takes a source
    assert body["complete"] and body["scanned"] == 3
    assert client.get("/api/facets?path=https://evil.example").status_code == 422


def test_search_results_show_the_evidence_with_the_words_marked(client: TestClient) -> None:
    page = client.get("/?q=treaty").text
    snippets = re.findall(r'<blockquote class="snippet">(.*?)</blockquote>', page, re.S)
    # the treaty's evidence holds the word; the visit is found by its document's title
    assert "comprehensive strategic partnership <mark>treaty</mark> on June 19" in snippets[1]
    assert snippets[0] == ('Vladimir Putin arrived in Pyongyang early on Wednesday <span '
                           'class="snippet-title">(title: Putin visits Pyongyang, signs '
                           'partnership <mark>treaty</mark>)</span>')


def test_a_word_found_only_in_the_title_is_shown_in_the_title(client: TestClient) -> None:
    page = client.get("/?q=cosmodrome+putin").text  # "Cosmodrome" in the evidence and title
    assert "<mark>Cosmodrome</mark>" in page
    page = client.get("/?q=partnership+pyongyang+signs").text  # "signs": the title only
    assert ("(title: Putin visits <mark>Pyongyang</mark>, <mark>signs</mark> "
            "<mark>partnership</mark> treaty)") in page


def test_snippets_escape_the_article_text(client: TestClient) -> None:
    page = client.get("/?q=intro").text
    snippet = re.search(r'<blockquote class="snippet">(.*?)</blockquote>', page, re.S)
    assert snippet and ("<mark>Intro</mark> &lt;script&gt;alert(1)&lt;/script&gt;"
                        in snippet.group(1))
    assert "<script>alert" not in page


def test_the_timeline_api_labels_and_spans_its_items(client: TestClient) -> None:
    body = client.get("/api/timeline").json()
    items = {i["id"]: i for i in body["items"]}
    assert items["evt_putin-visit-2024"]["label"] == "Putin → Pyongyang"
    assert items["evt_summit-2019"]["label"] == "Kim – Putin"
    assert items["evt_treaty-2024"]["label"] == "Putin – Kim: treaty"
    assert (items["evt_putin-visit-2024"]["start"], items["evt_putin-visit-2024"]["end"]) == (
        "2024-06-19", None)
    # a month-precision event spans its month
    assert (items["evt_shoigu-2023"]["start"], items["evt_shoigu-2023"]["end"]) == (
        "2023-07-01", "2023-08-01")
    assert [i["date"] for i in body["items"]] == sorted((i["date"] for i in body["items"]),
                                                        reverse=True)  # fmt: skip
    # 2019 is alone, 2023-2024 is busy: the view opens on the latter
    assert "2023-06" <= body["window"]["start"] < "2023-07-01"
    assert body["total"] == 9 and body["undated"] == 0
    assert client.get("/api/timeline?limit=2").json()["items"][0]["date"] == "2024-11-02"


def test_stats_bin_by_year_over_a_long_span_and_keep_the_undated_apart(
        sample_client: TestClient) -> None:
    page = sample_client.get("/stats").text
    assert "<h1>Engagements per year</h1>" in page
    assert re.search(r'<tr class="undated"><td>undated</td>', page)
    assert "2 undated" in page
    body = sample_client.get("/api/periods").json()
    assert body["bin"] == "year" and body["undated"]["total"] == 2
    assert body["periods"][0]["label"] == "2000" and body["periods"][-1]["label"] == "2025"


def test_stats_bin_by_month_over_a_short_span(sample_client: TestClient) -> None:
    body = sample_client.get("/api/periods?since=2023").json()
    assert body["bin"] == "month" and body["periods"][0]["label"] == "2023-07"
    assert "<h1>Engagements per month</h1>" in sample_client.get("/stats?since=2023").text
