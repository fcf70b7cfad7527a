"""The one Store conformance suite: every test runs on SQLite and on PostgreSQL.

PostgreSQL runs when BILAT_TEST_POSTGRES holds a postgresql:// URL (see conftest.py).
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from bilat.config import SCHEMA_VERSION
from bilat.errors import InvalidQuery, NotFound, SchemaVersionError, StoreError
from bilat.model import EventMention, EventType, Failure, Status
from bilat.store import EventFilter, SqlStore, engine_url, open_store
from bilat.store import schema as s

HOSTILE = "'; DROP TABLE events; --"


def ids(rows: Any) -> list[str]:
    return [r.event.id for r in rows]


def dump(store: SqlStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: two equal dumps mean identical content."""
    tables = [*s.metadata.sorted_tables, s.mention_search]
    with store.engine.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(select(*t.columns)))
            for t in tables
        }


def version_in(store: SqlStore) -> str:
    with store.engine.connect() as conn:
        value = conn.execute(select(s.meta.c.value).where(s.meta.c.key == "schema_version"))
        return str(value.scalar_one())


def set_version(url: str, version: str) -> None:
    store = open_store(url)
    assert isinstance(store, SqlStore)
    with store.engine.begin() as conn:
        conn.execute(s.meta.update().where(s.meta.c.key == "schema_version").values(value=version))
    store.close()


# --------------------------------------------------------------------------- schema


def test_new_database_records_schema_version(store: SqlStore) -> None:
    assert version_in(store) == str(SCHEMA_VERSION)
    with store.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    expected = {"meta", "documents", "sentences", "actors", "roles", "mentions", "events",
                "event_mentions", "copies", "failures", "event_countries",
                "event_actors"}  # fmt: skip
    assert expected <= tables


def test_reopening_keeps_data(store_url: str, corpus: Any) -> None:
    first = open_store(store_url)
    corpus.load(first)  # type: ignore[arg-type]
    first.close()
    again = open_store(store_url)
    assert again.count_events() == 6
    assert len(again.documents()) == 5
    again.close()


def test_newer_schema_is_refused_with_the_fix(store_url: str) -> None:
    set_version(store_url, str(SCHEMA_VERSION + 1))
    with pytest.raises(SchemaVersionError, match="Upgrade bilat"):
        open_store(store_url)


def test_unknown_schema_version_is_refused(store_url: str) -> None:
    set_version(store_url, "banana")
    with pytest.raises(SchemaVersionError, match="unknown schema version"):
        open_store(store_url)


def test_older_schema_without_migration_is_refused_and_left_alone(store_url: str) -> None:
    set_version(store_url, "0")
    with pytest.raises(SchemaVersionError, match="No migration from schema version 0"):
        open_store(store_url)
    with pytest.raises(SchemaVersionError, match=f"needs {SCHEMA_VERSION}"):
        open_store(store_url, migrate=False)
    engine = create_engine(engine_url(store_url))
    with engine.connect() as conn:
        stored = conn.execute(select(s.meta.c.value)).scalar_one()
    engine.dispose()
    assert stored == "0"


def test_older_schema_is_migrated_on_open(
    store_url: str, corpus: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(store_url)
    corpus.load(store)  # type: ignore[arg-type]
    store.close()

    def add_notes_table(conn: Any) -> None:
        conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))

    monkeypatch.setattr(s, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(s, "MIGRATIONS", {SCHEMA_VERSION: add_notes_table})
    migrated = open_store(store_url)
    assert isinstance(migrated, SqlStore)
    assert version_in(migrated) == str(SCHEMA_VERSION + 1)
    with migrated.engine.connect() as conn:
        assert "notes" in inspect(conn).get_table_names()
    assert migrated.count_events() == 6
    migrated.close()


def test_failing_migration_rolls_back(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    open_store(store_url).close()

    def broken(conn: Any) -> None:
        conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
        raise SchemaVersionError("migration step failed")

    monkeypatch.setattr(s, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(s, "MIGRATIONS", {SCHEMA_VERSION: broken})
    with pytest.raises(SchemaVersionError, match="migration step failed"):
        open_store(store_url)
    monkeypatch.undo()
    store = open_store(store_url)
    assert isinstance(store, SqlStore)
    assert version_in(store) == str(SCHEMA_VERSION)
    with store.engine.connect() as conn:
        assert "notes" not in inspect(conn).get_table_names()
    store.close()


# --------------------------------------------------------------------------- writes


def test_add_analyses_stores_documents_sentences_mentions_actors(
    store: SqlStore, corpus: Any
) -> None:
    store.add_analyses(corpus.analyses)
    assert [d.name for d in store.documents()] == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    assert store.document(corpus.a.id) == corpus.a
    assert store.mentions()[:2] == [corpus.m_visit, corpus.m_meet_a]
    assert len(store.mentions()) == 8
    assert store.known_documents([corpus.a.id, "doc_missing"]) == {corpus.a.id}
    d = dump(store)
    assert len(d["sentences"]) == 5
    assert sorted(r[0] for r in d["actors"]) == ["Q56226", "Q7747", "RUS"]
    assert [r[2] for r in d["roles"]] == ["President"]


def test_document_summaries_count_mentions(loaded: SqlStore, corpus: Any) -> None:
    summaries = loaded.document_summaries()
    assert [(x.name, x.mentions) for x in summaries] == [
        ("a.txt", 2), ("b.txt", 2), ("c.txt", 1), ("d.txt", 3), ("e.txt", 0),
    ]  # fmt: skip
    assert summaries[0].title == "Putin lands in North Korea"


def test_re_adding_the_same_analyses_changes_nothing(store: SqlStore, corpus: Any) -> None:
    corpus.load(store)
    before = dump(store)
    store.add_analyses(corpus.analyses)
    store.add_analyses(list(reversed(corpus.analyses)))
    assert dump(store) == before


def test_a_document_already_stored_is_left_unchanged(
    rec: Any, store: SqlStore, corpus: Any
) -> None:
    store.add_analyses(corpus.analyses[:1])
    extra = rec.mention(corpus.a, "Putin held talks", "MEET", ("Vladimir Putin",))
    store.add_analyses([rec.analysis(corpus.a, corpus.m_visit, extra)])
    assert [m.id for m in store.mentions()] == [corpus.m_visit.id, corpus.m_meet_a.id]


def test_a_batch_that_fails_midway_stores_nothing(rec: Any, store: SqlStore, corpus: Any) -> None:
    other = rec.doc("z.txt", corpus.a.text)  # a different document repeating a's mention id
    clash = rec.analysis(other, replace(corpus.m_visit, doc_id=other.id))
    with pytest.raises(StoreError):
        store.add_analyses([corpus.analyses[0], clash])
    assert store.documents() == []
    assert store.mentions() == []
    assert all(rows == [] for name, rows in dump(store).items() if name != "meta")


def test_a_mention_in_the_wrong_analysis_is_refused(rec: Any, store: SqlStore, corpus: Any) -> None:
    with pytest.raises(StoreError, match="belongs to document"):
        store.add_analyses([rec.analysis(corpus.b, corpus.m_visit)])
    assert store.documents() == []


def test_failures_are_idempotent_and_ordered(store: SqlStore) -> None:
    f1 = Failure("x.pdf", "in/x.pdf", "decode", "E102", "binary")
    f2 = Failure("a.txt", "in/a.txt", "read", "E101", "empty")
    store.add_failures([f1, f2, f1])
    store.add_failures([f1])
    assert store.failures() == [f2, f1]


def test_storing_a_document_clears_the_failures_of_its_name(rec: Any, store: SqlStore) -> None:
    fixed = rec.doc("a.txt", "Putin visited Pyongyang.", "2024-06-20")
    store.add_failures([Failure("a.txt", "in/a.txt", "read", "E101", "empty"),
                        Failure("x.pdf", "in/x.pdf", "decode", "E102", "binary")])
    store.add_analyses([rec.analysis(fixed)])
    assert [f.name for f in store.failures()] == ["x.pdf"]


def test_replace_events_replaces_everything(rec: Any, loaded: SqlStore, corpus: Any) -> None:
    assert loaded.count_events() == 6
    loaded.replace_events([rec.event("E9", corpus.m_meet_c)], {})
    rows = loaded.events()
    assert ids(rows) == ["E9"]
    assert rows[0].independent_sources == 1
    assert loaded.mention_event_ids() == {corpus.m_meet_c.id: "E9"}
    assert loaded.actors("Shoigu") == []
    assert [c.pair for c in loaded.stats()] == ["PRK-RUS"]


def test_replace_events_is_atomic(rec: Any, loaded: SqlStore, corpus: Any) -> None:
    before = dump(loaded)
    broken = replace(corpus.m_visit, id="men_unknown")
    with pytest.raises(StoreError, match="not stored"):
        loaded.replace_events([rec.event("E7", corpus.m_agree), rec.event("E8", broken)], {})
    with pytest.raises(StoreError):  # duplicate event ids fail inside the database
        loaded.replace_events([rec.event("E7", corpus.m_agree), rec.event("E7", corpus.m_call)], {})
    assert dump(loaded) == before


def test_replace_events_twice_is_identical(loaded: SqlStore, corpus: Any) -> None:
    before = dump(loaded)
    loaded.replace_events(corpus.events, corpus.copies)
    assert dump(loaded) == before


# --------------------------------------------------------------------------- events


def test_event_rows_carry_sourcing_figures(loaded: SqlStore, corpus: Any) -> None:
    row = {r.event.id: r for r in loaded.events()}["E2"]
    assert row.event == corpus.events[1]
    assert (row.sources, row.independent_sources) == (3, 2)
    assert (row.first_reported, row.last_reported) == ("2024-06-19", "2024-06-21")
    assert row.doc_names == ("a.txt", "b.txt", "c.txt")
    undated = {r.event.id: r for r in loaded.events()}["E5"]
    assert undated.event.date is None and undated.event.status == Status.PLANNED


def test_copy_chains_count_once(store: SqlStore, corpus: Any) -> None:
    store.add_analyses(corpus.analyses)
    copies = {corpus.c.id: corpus.b.id, corpus.b.id: corpus.a.id}
    store.replace_events(corpus.events, copies)
    assert {r.event.id: r.independent_sources for r in store.events()}["E2"] == 1


def test_sort_by_date_puts_undated_last_both_ways(loaded: SqlStore) -> None:
    assert ids(loaded.events()) == ["E4", "E6", "E1", "E2", "E3", "E5"]
    assert ids(loaded.events(sort="-date")) == ["E1", "E2", "E3", "E6", "E4", "E5"]


def test_sort_by_sources_ties_by_id(loaded: SqlStore) -> None:
    assert ids(loaded.events(sort="-sources")) == ["E2", "E1", "E3", "E4", "E5", "E6"]
    assert ids(loaded.events(sort="sources")) == ["E1", "E3", "E4", "E5", "E6", "E2"]


@pytest.mark.parametrize("sort", ["date", "-date", "sources", "-sources"])
def test_pages_concatenate_to_the_full_listing(loaded: SqlStore, sort: str) -> None:
    full = ids(loaded.events(sort=sort))
    paged = [i for off in range(0, 6, 4)
             for i in ids(loaded.events(limit=4, offset=off, sort=sort))]
    assert paged == full
    assert ids(loaded.events(limit=2, offset=5, sort=sort)) == full[5:]
    assert loaded.events(limit=0) == []
    assert loaded.events(offset=10) == []


def test_invalid_arguments_are_refused(loaded: SqlStore) -> None:
    with pytest.raises(InvalidQuery):
        loaded.events(sort="date; DROP TABLE events")
    with pytest.raises(InvalidQuery):
        loaded.events(limit=-1)
    with pytest.raises(InvalidQuery):
        loaded.events(EventFilter(since="June"))
    with pytest.raises(InvalidQuery):
        loaded.network(level="galaxy")


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (EventFilter(), ["E4", "E6", "E1", "E2", "E3", "E5"]),
        (EventFilter(type="MEET"), ["E4", "E2"]),
        (EventFilter(type="meet", status="occurred"), ["E4", "E2"]),
        (EventFilter(status="planned"), ["E5"]),
        (EventFilter(countries=("CHN",)), ["E6"]),
        (EventFilter(countries=("rus",)), ["E4", "E6", "E1", "E2", "E3", "E5"]),
        (EventFilter(countries=("PRK", "RUS")), ["E4", "E1", "E2", "E3", "E5"]),
        (EventFilter(countries=("PRK", "CHN")), []),
        (EventFilter(actor="Shoigu"), ["E5"]),
        (EventFilter(actor="Sergey Shoygu"), ["E5"]),
        (EventFilter(actor="Kim Jong-un"), ["E4", "E2", "E3"]),
        (EventFilter(actor="Q7747"), ["E4", "E1", "E2", "E3"]),  # an actor id
        (EventFilter(actor="Nobody Known"), []),
        # A date interval matches when it overlaps [since, until].
        (EventFilter(since="2023-09-01", until="2023-09-30"), ["E4"]),
        (EventFilter(since="2023-09-20"), ["E4", "E6", "E1", "E2", "E3"]),
        (EventFilter(since="2024-06-01"), ["E6", "E1", "E2", "E3"]),
        (EventFilter(since="2024-06-20"), ["E6"]),
        (EventFilter(until="2023-12"), ["E4"]),
        (EventFilter(since="2024-06", until="2024-06"), ["E6", "E1", "E2", "E3"]),
        (EventFilter(since="2024-06-19", until="2024-06-19", type="VISIT"), ["E1"]),
        (EventFilter(type="CALL", actor="Lavrov", countries=("CHN", "RUS")), ["E6"]),
    ],
)
def test_filters(loaded: SqlStore, flt: EventFilter, expected: list[str]) -> None:
    assert ids(loaded.events(flt)) == expected
    assert loaded.count_events(flt) == len(expected)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("cosmodrome", ["E4"]),  # evidence
        ("Vostochny COSMODROME", ["E4"]),  # case-insensitive, every word
        ("cosmodrome treaty", []),  # words must share one mention
        ("syndicated", ["E2"]),  # a source title only
        ("pact", ["E2", "E3"]),  # title of b and c
        ("c.txt", ["E2"]),  # document name
        ("Kim Jong-un", ["E4", "E2", "E3"]),  # hyphen splits like a space
        ("Pyöngyang", ["E1", "E2", "E5"]),  # diacritics folded
        ("talks", ["E2"]),
        ("telephone", []),
        ("   ", ["E4", "E6", "E1", "E2", "E3", "E5"]),  # no words: no filter
    ],
)
def test_full_text_search(loaded: SqlStore, q: str, expected: list[str]) -> None:
    assert ids(loaded.events(EventFilter(q=q))) == expected
    assert loaded.count_events(EventFilter(q=q)) == len(expected)


def test_full_text_with_other_filters_and_paging(loaded: SqlStore) -> None:
    flt = EventFilter(q="Pyongyang", type="MEET")
    assert ids(loaded.events(flt)) == ["E2"]
    assert ids(loaded.events(EventFilter(q="Putin"), limit=2, offset=1,
                             sort="-date")) == ["E2", "E3"]


# --------------------------------------------------------------------------- detail


def test_event_detail_lists_every_mention_in_report_order(loaded: SqlStore, corpus: Any) -> None:
    detail = loaded.event("E2")
    assert detail.row.event.mention_ids == (
        corpus.m_meet_a.id, corpus.m_meet_b.id, corpus.m_meet_c.id
    )  # fmt: skip
    assert [m.mention for m in detail.mentions] == [
        corpus.m_meet_a, corpus.m_meet_b, corpus.m_meet_c
    ]  # fmt: skip
    assert [m.document_title for m in detail.mentions] == [
        "Putin lands in North Korea", "Russia and North Korea sign pact",
        "Pact signed (syndicated)",
    ]  # fmt: skip
    assert [m.document_url for m in detail.mentions] == [
        "https://example.org/a", "https://example.org/b", None
    ]  # fmt: skip
    assert detail.row.sources == 3


def test_unknown_ids_raise_not_found(loaded: SqlStore) -> None:
    with pytest.raises(NotFound):
        loaded.event("E404")
    with pytest.raises(NotFound):
        loaded.document("doc_404")
    with pytest.raises(NotFound):
        loaded.event(HOSTILE)


def test_mention_event_ids(loaded: SqlStore, corpus: Any) -> None:
    mapping = loaded.mention_event_ids()
    assert mapping[corpus.m_meet_c.id] == "E2"
    assert mapping[corpus.m_shoigu.id] == "E5"
    assert len(mapping) == 8


# --------------------------------------------------------------------------- aggregates


def test_actors_with_event_counts(loaded: SqlStore) -> None:
    listed = {a.name: a for a in loaded.actors()}
    assert listed["Vladimir Putin"].events == 4
    assert listed["Vladimir Putin"].id == "Q7747"
    assert listed["Kim Jong Un"].events == 3
    assert listed["Sergei Shoigu"].events == 1  # named in events, not in the actors table
    assert "Russia" not in listed  # persons only
    assert [a.name for a in loaded.actors()][:2] == ["Vladimir Putin", "Kim Jong Un"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [("putin", ["Vladimir Putin"]), ("Shoygu", ["Sergei Shoigu"]), ("kim jong-un", ["Kim Jong Un"]),
     ("lav", ["Sergei Lavrov"]), ("zzz", []), (HOSTILE, [])],
)  # fmt: skip
def test_actors_query(loaded: SqlStore, q: str, expected: list[str]) -> None:
    assert [a.name for a in loaded.actors(q)] == expected


def test_stats_by_month_type_and_pair(loaded: SqlStore) -> None:
    cells = [(c.month, c.type, c.pair, c.count) for c in loaded.stats()]
    assert cells == [
        ("2023-09", "MEET", "PRK-RUS", 1),
        ("2024-06", "AGREE", "PRK-RUS", 1),
        ("2024-06", "MEET", "PRK-RUS", 1),
        ("2024-06", "VISIT", "PRK-RUS", 1),
        ("unknown", "CALL", "CHN-RUS", 1),  # dated only to the year
        ("unknown", "VISIT", "PRK-RUS", 1),
    ]
    assert [c.type for c in loaded.stats(EventFilter(type="AGREE"))] == ["AGREE"]


def test_stats_count_single_state_and_stateless_events(
    rec: Any, store: SqlStore, corpus: Any
) -> None:
    store.add_analyses(corpus.analyses)
    alone = replace(corpus.m_visit, countries=("RUS",))
    none = replace(corpus.m_agree, countries=())
    store.replace_events([rec.event("X1", alone), rec.event("X2", none)], {})
    assert [(c.type, c.pair) for c in store.stats()] == [("AGREE", "unknown"), ("VISIT", "RUS")]
    assert store.network() == []


def test_network_state_level(loaded: SqlStore) -> None:
    edges = loaded.network()
    assert [(e.source, e.target, e.weight) for e in edges] == [("PRK", "RUS", 5), ("CHN", "RUS", 1)]
    assert edges[0].types == {"AGREE": 1, "MEET": 2, "VISIT": 2}
    assert [e.weight for e in loaded.network(EventFilter(status="occurred"))] == [4, 1]


def test_network_actor_level(loaded: SqlStore) -> None:
    edges = loaded.network(level="actor")
    assert [(e.source, e.target, e.weight) for e in edges] == [
        ("Kim Jong Un", "Vladimir Putin", 3), ("Sergei Lavrov", "Wang Yi", 1),
    ]  # fmt: skip
    assert edges[0].types == {"AGREE": 1, "MEET": 2}
    assert loaded.network(EventFilter(type="CALL"), level="actor")[0].types == {"CALL": 1}


# --------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    "flt",
    [
        EventFilter(actor=HOSTILE),
        EventFilter(type=HOSTILE),
        EventFilter(status=HOSTILE),
        EventFilter(countries=(HOSTILE,)),
        EventFilter(countries=("RUS", HOSTILE)),
        EventFilter(q=HOSTILE + " zzz"),
        EventFilter(q='"unterminated'),
        EventFilter(q="NEAR(a b) OR *"),
        EventFilter(actor="O'Brien"),
        EventFilter(q="x' OR '1'='1"),
    ],
)  # fmt: skip
def test_hostile_parameters_are_data(loaded: SqlStore, flt: EventFilter) -> None:
    assert loaded.events(flt) == []
    assert loaded.count_events(flt) == 0
    assert loaded.stats(flt) == []
    assert loaded.network(flt) == []
    assert loaded.count_events() == 6  # the events table is still there


def test_quoted_values_round_trip(rec: Any, store: SqlStore) -> None:
    text_ = f"O'Brien met \"Kim\" in Pyongyang. {HOSTILE}"
    d = rec.doc(f"it's{HOSTILE}.txt", text_, title=f"O'Brien \"quoted\" {HOSTILE}")
    m = rec.mention(d, "O'Brien met \"Kim\" in Pyongyang", "MEET",
                    ("Robert O'Brien", "Kim Jong Un"), ("USA", "PRK"), "2019-06")  # fmt: skip
    store.add_analyses([rec.analysis(d, m, actors=(rec.KIM, rec.PUTIN))])
    store.replace_events([rec.event(f"E'{HOSTILE}", m)], {d.id: HOSTILE})
    assert store.document(d.id) == d
    assert store.mentions() == [m]
    assert ids(store.events(EventFilter(actor="O'Brien"))) == [f"E'{HOSTILE}"]
    assert ids(store.events(EventFilter(q="DROP TABLE events"))) == [f"E'{HOSTILE}"]
    assert store.event(f"E'{HOSTILE}").row.doc_names == (d.name,)
    assert store.known_documents([HOSTILE, d.id]) == {d.id}


def test_unicode_and_types_round_trip(rec: Any, store: SqlStore) -> None:
    d = rec.doc("한국.txt", "Choe Son Hui met Sergueï Lavrov in Moscow.",
                published="2024-01-16")
    m = rec.mention(d, "Choe Son Hui met Sergueï Lavrov in Moscow", "MEET",
                    ("Choe Son Hui", "Sergei Lavrov"), ("PRK", "RUS"), "2024-01-16",
                    location="Moscow")  # fmt: skip
    store.add_analyses([rec.analysis(d, m)])
    store.replace_events([rec.event("E1", m, conflicts=("date: 2024-01-16 vs 2024-01-15",))], {})
    row = store.events()[0]
    assert row.event.type is EventType.MEET and row.event.status is Status.OCCURRED
    assert row.event.conflicts == ("date: 2024-01-16 vs 2024-01-15",)
    assert ids(store.events(EventFilter(q="Serguei"))) == ["E1"]
    assert ids(store.events(EventFilter(actor="Choe Son-hui"))) == ["E1"]


def test_row_counts_match_records(loaded: SqlStore) -> None:
    with loaded.engine.connect() as conn:
        def count(t: Any) -> int:
            return int(conn.execute(select(func.count()).select_from(t)).scalar_one())

        assert count(s.event_mentions) == 8
        assert count(s.mention_search) == 8
        assert count(s.copies) == 1


# --------------------------------------------------------------------------- incremental merging


def event_ids_of(groups: list[tuple[Any, ...]], loaded: SqlStore) -> list[str]:
    """The stored event of each candidate group (by its first mention)."""
    of = loaded.mention_event_ids()
    return sorted(of[g[0].id] for g in groups)


def test_stored_documents_are_pending_until_merged(store: SqlStore, corpus: Any) -> None:
    from bilat.store.base import MergeUpdate

    store.add_analyses(corpus.analyses)
    assert [d.name for d in store.pending_documents()] == [
        "a.txt", "b.txt", "c.txt", "d.txt", "e.txt"
    ]  # fmt: skip
    store.apply_merge(MergeUpdate(tuple(corpus.events), {}, (), {}, (corpus.a.id, corpus.b.id)))
    assert [d.name for d in store.pending_documents()] == ["c.txt", "d.txt", "e.txt"]
    store.add_analyses(corpus.analyses)  # already stored: not pending again
    assert [d.name for d in store.pending_documents()] == ["c.txt", "d.txt", "e.txt"]
    assert store.pending_ids() == sorted(d.id for d in store.pending_documents())


def test_merge_candidates_share_a_block_and_a_month(
    rec: Any, loaded: SqlStore, corpus: Any
) -> None:
    probe = rec.doc("p.txt", "Putin and Kim met again. Putin will visit. They met.",
                    published="2024-06-30")  # fmt: skip
    pr = ("RUS", "PRK")
    meet_june = rec.mention(probe, "Putin and Kim met again", "MEET", ("Vladimir Putin",), pr,
                            "2024-06-20")
    # E2 (2024-06-19, same block) only: not E4 (2023-09), E3 (AGREE), E6 (CHN-RUS)
    assert event_ids_of(loaded.merge_candidates([meet_june]), loaded) == ["E2"]
    (group,) = loaded.merge_candidates([meet_june])
    assert {m.id for m in group} == {corpus.m_meet_a.id, corpus.m_meet_b.id, corpus.m_meet_c.id}
    # an undated plan published in June 2024 reaches back a year: E1 (day) and E5 (undated)
    visit = rec.mention(probe, "Putin will visit", "VISIT", ("Vladimir Putin",), pr, None,
                        "planned")
    assert event_ids_of(loaded.merge_candidates([visit]), loaded) == ["E1", "E5"]
    # an undated mention of an undated article can be any time: the whole block
    undated = replace(rec.mention(probe, "They met", "MEET", (), ("PRK", "RUS")),
                      published=None, date=None)
    assert event_ids_of(loaded.merge_candidates([undated]), loaded) == ["E2", "E4"]
    far = replace(meet_june, date="2019-01-05")
    assert loaded.merge_candidates([far]) == []


def test_apply_merge_replaces_only_the_events_it_touches(
    rec: Any, loaded: SqlStore, corpus: Any
) -> None:
    from bilat.store.base import MergeUpdate

    before = dump(loaded)
    split = [rec.event("E2a", corpus.m_meet_a), rec.event("E2b", corpus.m_meet_b, corpus.m_meet_c)]
    loaded.apply_merge(MergeUpdate(tuple(split), {}, (), {}, ()))
    assert ids(loaded.events()) == ["E4", "E6", "E1", "E2a", "E2b", "E3", "E5"]
    after = dump(loaded)
    e2_rows = [r for r in before["events"] if r[0] == "E2"]
    assert [r for r in after["events"] if r[0] not in ("E2a", "E2b")] == [
        r for r in before["events"] if r not in e2_rows
    ]
    # the derived tables equal a full replacement with the same events
    full = [e for e in corpus.events if e.id != "E2"] + split
    loaded.replace_events(full, corpus.copies)
    again = dump(loaded)
    for table in ("events", "event_mentions", "event_countries", "event_actors", "event_pairs",
                  "actor_names", "copies"):  # fmt: skip
        assert after[table] == again[table], table


def test_apply_merge_refuses_to_orphan_a_mention(rec: Any, loaded: SqlStore, corpus: Any) -> None:
    from bilat.store.base import MergeUpdate

    before = dump(loaded)
    with pytest.raises(StoreError, match="leave out"):
        loaded.apply_merge(MergeUpdate((rec.event("E2a", corpus.m_meet_a),), {}, (), {}, ()))
    assert dump(loaded) == before


def test_bands_and_copy_groups(rec: Any, loaded: SqlStore, corpus: Any) -> None:
    from bilat.store.base import MergeUpdate

    bands = {corpus.b.id: ("00:x", "01:y"), corpus.c.id: ("00:x", "02:z"), corpus.a.id: ("03:w",)}
    events = [e for e in corpus.events if e.id == "E2"]
    loaded.apply_merge(MergeUpdate(tuple(events),
                                   {corpus.c.id: corpus.a.id, corpus.b.id: corpus.a.id},
                                   (corpus.a.id, corpus.b.id, corpus.c.id), bands, ()))  # fmt: skip
    assert loaded.band_matches(["00:x"]) == {"00:x": {corpus.b.id, corpus.c.id}}
    assert loaded.band_matches(["02:z", "09:none", HOSTILE]) == {"02:z": {corpus.c.id}}
    assert loaded.copy_map([corpus.a.id, corpus.c.id, corpus.d.id]) == {corpus.c.id: corpus.a.id}
    group = tuple(sorted([corpus.b.id, corpus.c.id]))
    assert loaded.copy_groups_of([corpus.c.id]) == [(corpus.a.id, *group)]
    assert loaded.copy_groups_of([corpus.a.id, corpus.b.id]) == [(corpus.a.id, *group)]
    assert loaded.copy_groups_of([corpus.d.id]) == []
    # a group known by the documents asked, its other members not read
    assert loaded.copy_canonicals([corpus.c.id, corpus.d.id, HOSTILE]) == {corpus.c.id: corpus.a.id}
    assert loaded.copy_canonicals([corpus.a.id, corpus.b.id]) == {
        corpus.a.id: corpus.a.id, corpus.b.id: corpus.a.id}
    # the regrouped copy map counts at once in the independent sources
    assert {r.event.id: r.independent_sources for r in loaded.events()}["E2"] == 1
    assert [[m.id for m in g] for g in loaded.events_of_documents([corpus.c.id])] == [
        [corpus.m_meet_a.id, corpus.m_meet_b.id, corpus.m_meet_c.id]
    ]
    assert loaded.events_of_documents([corpus.e.id]) == []
    assert [d.name for d in loaded.documents([corpus.d.id, corpus.a.id, "doc_none"])] == [
        "a.txt", "d.txt"
    ]  # fmt: skip
    assert [m.id for m in loaded.mentions([corpus.c.id])] == [corpus.m_meet_c.id]


def test_regrouping_rewrites_only_the_copy_rows_that_change(loaded: SqlStore, corpus: Any) -> None:
    """A new copy joining a stored group writes its own row; the members' rows, whose
    canonical stays, are left as they are (SQLite: same rowid). A new original moves them."""
    from bilat.store.base import MergeUpdate

    a, b, c, d = (corpus.a.id, corpus.b.id, corpus.c.id, corpus.d.id)
    loaded.apply_merge(MergeUpdate((), {b: a, c: a}, (a, b, c), {}, ()))

    def rows() -> dict[str, Any]:
        with loaded.engine.connect() as conn:
            if conn.dialect.name != "sqlite":
                return {r[0]: r[1] for r in conn.execute(
                    text("SELECT doc_id, canonical_id FROM copies")).tuples()}  # fmt: skip
            return {r[0]: r[1:] for r in conn.execute(
                text("SELECT doc_id, canonical_id, rowid FROM copies")).tuples()}  # fmt: skip

    before = rows()
    loaded.apply_merge(MergeUpdate((), {b: a, c: a, d: a}, (a, b, c, d), {}, ()))
    after = rows()
    assert {k: after[k] for k in (b, c)} == {k: before[k] for k in (b, c)}
    assert loaded.copy_map([a, b, c, d]) == {b: a, c: a, d: a}
    loaded.apply_merge(MergeUpdate((), {a: d, b: d, c: d}, (a, b, c, d), {}, ()))
    assert loaded.copy_map([a, b, c, d]) == {a: d, b: d, c: d}


def test_schema_v1_is_migrated_to_incremental_merging(store_url: str, corpus: Any) -> None:
    """A version 1 database (no blocking, band or pending tables) gets them on open, with
    a blocking row for every stored mention and every document pending, so the next build
    merges everything once."""
    from bilat.pipeline import merge_pending

    fresh = open_store(store_url)
    assert isinstance(fresh, SqlStore)
    fresh.add_analyses(corpus.analyses)
    expected_blocks = dump(fresh)["mention_blocks"]
    merge_pending(fresh)
    merged = dump(fresh)
    with fresh.engine.begin() as conn:  # back to what bilat 1 wrote
        for table in ("mention_blocks", "document_bands", "pending_documents", "document_changes"):
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("DROP INDEX ix_copies_canonical"))
        _drop_spans(conn)
        _drop_labels(conn)
        conn.execute(s.meta.update().where(s.meta.c.key == "schema_version").values(value="1"))
    fresh.close()
    migrated = open_store(store_url)
    assert isinstance(migrated, SqlStore)
    assert version_in(migrated) == str(SCHEMA_VERSION) == "10"
    assert dump(migrated)["mention_blocks"] == expected_blocks
    assert len(migrated.pending_documents()) == 5
    merge_pending(migrated)
    assert migrated.pending_documents() == []
    after = dump(migrated)
    assert {k: v for k, v in after.items() if k != "meta"} == _without_spans(merged)
    migrated.close()


def _drop_labels(conn: Any) -> None:
    """Back to a schema before v3: no ``what`` on mentions and events."""
    for table in ("mentions", "events"):
        conn.execute(text(f"ALTER TABLE {table} DROP COLUMN what"))


def test_schema_v2_is_migrated_to_labels(store_url: str, corpus: Any) -> None:
    """A version 2 database (no ``what`` columns) gets them on open: its mentions and
    events read with no label and stay as merged; mentions stored after that keep theirs."""
    from bilat.pipeline import merge_pending

    fresh = open_store(store_url)
    assert isinstance(fresh, SqlStore)
    fresh.add_analyses(corpus.analyses[:3])
    merge_pending(fresh)
    before = sorted(e.event.id for e in fresh.events())
    with fresh.engine.begin() as conn:
        _drop_spans(conn)
        _drop_labels(conn)
        conn.execute(text("DROP TABLE document_changes"))
        conn.execute(s.meta.update().where(s.meta.c.key == "schema_version").values(value="2"))
    fresh.close()
    migrated = open_store(store_url)
    assert isinstance(migrated, SqlStore) and version_in(migrated) == "10"
    assert sorted(e.event.id for e in migrated.events()) == before
    assert all(m.what is None for m in migrated.mentions())
    labelled = [replace(m, what="treaty") for a in corpus.analyses[3:] for m in a.mentions]
    migrated.add_analyses([replace(a, mentions=tuple(labelled_for(a, labelled)))
                           for a in corpus.analyses[3:]])
    merge_pending(migrated)
    stored = {m.id: m.what for m in migrated.mentions()}
    assert labelled and all(stored[m.id] == "treaty" for m in labelled)
    migrated.close()


def labelled_for(analysis: Any, labelled: list[EventMention]) -> list[EventMention]:
    return [m for m in labelled if m.doc_id == analysis.document.id]


# --------------------------------------------------------------------------- versions


def test_current_documents_are_those_stored_as_they_are(
    rec: Any, loaded: SqlStore, corpus: Any
) -> None:
    edited = rec.doc("b.txt", corpus.b.text + " Updated.", "2024-06-20")
    redated = replace(corpus.d, published="2023-09-13")
    new = rec.doc("z.txt", "A new article.")
    assert loaded.current_documents([corpus.a, edited, redated, new, corpus.e]) == {
        corpus.a.id, corpus.e.id
    }  # fmt: skip


def test_a_new_text_replaces_the_stored_version(rec: Any, loaded: SqlStore, corpus: Any) -> None:
    """Identity is the name: b.txt's new text takes the place of the old one, with no stale
    mention, search or blocking row, band key, copy link or event left of it; the events
    it was in go, and the documents they and its copy group touch wait for a merge."""
    from bilat.store.base import DocumentChange, MergeUpdate

    loaded.apply_merge(MergeUpdate((), {}, (), {corpus.b.id: ("00:x",)}, tuple(
        x.document.id for x in corpus.analyses)))  # fmt: skip
    edited = rec.doc("b.txt", "Putin and Kim Jong Un signed a new treaty.", "2024-06-20")
    m = rec.mention(edited, "Putin and Kim Jong Un signed a new treaty", "AGREE",
                    ("Vladimir Putin", "Kim Jong Un"), ("RUS", "PRK"), "2024-06-19")
    assert loaded.add_analyses([rec.analysis(edited, m)]) == [DocumentChange("b.txt", "text")]
    assert [d.name for d in loaded.documents()] == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    with pytest.raises(NotFound):
        loaded.document(corpus.b.id)
    stored = {x.id for x in loaded.mentions()}
    assert m.id in stored and not {corpus.m_agree.id, corpus.m_meet_b.id} & stored
    assert sorted(ids(loaded.events())) == ["E1", "E4", "E5", "E6"]  # E2 and E3 held b's
    assert {d.name for d in loaded.pending_documents()} == {"a.txt", "b.txt", "c.txt"}
    assert loaded.copy_map([corpus.c.id]) == {}
    assert loaded.band_matches(["00:x"]) == {}
    assert loaded.events(EventFilter(q="comprehensive")) == []
    d = dump(loaded)
    assert len(d["mention_search"]) == len(d["mentions"]) == 7
    assert {r[2] for r in d["mention_blocks"]} <= stored
    counted: dict[str, int] = {}
    for _, name in d["event_actors"]:
        counted[name] = counted.get(name, 0) + 1
    assert {r[0]: r[2] for r in d["actor_names"]} == counted
    assert loaded.changes() == [DocumentChange("b.txt", "text")]


def test_new_metadata_replaces_the_stored_version(rec: Any, loaded: SqlStore, corpus: Any) -> None:
    from bilat.store.base import DocumentChange

    redated = replace(corpus.a, published="2024-06-18", url="https://example.org/a-fixed")
    mentions = [replace(m, published="2024-06-18") for m in (corpus.m_visit, corpus.m_meet_a)]
    assert loaded.add_analyses([rec.analysis(redated, *mentions)]) == [
        DocumentChange("a.txt", "metadata")]
    assert loaded.document(corpus.a.id) == redated
    assert {m.published for m in loaded.mentions([corpus.a.id])} == {"2024-06-18"}
    assert loaded.add_analyses([rec.analysis(redated, *mentions)]) == []  # now as stored
    assert loaded.changes() == [DocumentChange("a.txt", "metadata")]


def test_two_versions_of_a_name_in_one_batch_are_refused(rec: Any, store: SqlStore) -> None:
    first, second = rec.doc("a.txt", "One text."), rec.doc("a.txt", "Another text.")
    with pytest.raises(StoreError, match="Two versions"):
        store.add_analyses([rec.analysis(first), rec.analysis(second)])
    assert store.documents() == []


def test_prune_keeps_the_named_documents_and_this_builds_failures(
    loaded: SqlStore, corpus: Any
) -> None:
    from bilat.store.base import DocumentChange

    kept = Failure("x.pdf", "in/x.pdf", "decode", "E102", "binary")
    loaded.add_failures([kept, Failure("old.txt", "in/old.txt", "read", "E101", "empty")])
    assert loaded.prune({"a.txt", "b.txt", "c.txt"}, [kept]) == ["d.txt", "e.txt"]
    assert [d.name for d in loaded.documents()] == ["a.txt", "b.txt", "c.txt"]
    assert sorted(ids(loaded.events())) == ["E1", "E2", "E3"]  # E4-E6 were d's alone
    assert loaded.failures() == [kept]
    assert loaded.changes() == [
        DocumentChange("d.txt", "pruned"), DocumentChange("e.txt", "pruned")
    ]  # fmt: skip
    loaded.add_analyses([corpus.analyses[3]])  # d.txt is back
    assert loaded.changes() == [DocumentChange("e.txt", "pruned")]
    assert loaded.prune({"a.txt", "b.txt", "c.txt", "d.txt"}, [kept]) == []


# --------------------------------------------------------------------------- opening


def test_an_exclusive_open_is_refused_at_once_while_held(store_url: str) -> None:
    from bilat.errors import DatabaseLocked

    first = open_store(store_url, exclusive=True)
    try:
        with pytest.raises(DatabaseLocked, match="Another build"):
            open_store(store_url, exclusive=True)
        reader = open_store(store_url)  # reading needs no lock
        assert reader.count_events() == 0
        reader.close()
    finally:
        first.close()
    again = open_store(store_url, exclusive=True)  # freed on close
    again.close()


def test_a_read_only_open_refuses_a_missing_database(store_url: str) -> None:
    from bilat.errors import DatabaseNotFound

    with pytest.raises(DatabaseNotFound):
        open_store(store_url, create=False)
    if "://" not in store_url:
        assert not os.path.exists(store_url)  # no empty SQLite file left behind
    created = open_store(store_url)
    assert isinstance(created, SqlStore)
    with created.engine.connect() as conn:
        assert "documents" in inspect(conn).get_table_names()
    created.close()
    reopened = open_store(store_url, create=False)
    assert reopened.count_events() == 0
    reopened.close()

def _drop_spans(conn: Any) -> None:
    """Back to a schema before v4: no ``spans`` on mentions."""
    conn.execute(text("ALTER TABLE mentions DROP COLUMN spans"))


def _without_spans(tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """A dump as a migrated store holds it: mentions stored before v4 have no spans."""
    spans = [c.name for c in s.mentions.columns].index("spans")
    out = {k: v for k, v in tables.items() if k != "meta"}
    out["mentions"] = sorted(r[:spans] + (None,) + r[spans + 1:] for r in out["mentions"])
    return out


def test_spans_survive_the_store(store: SqlStore, corpus: Any) -> None:
    """Every statement of a mention's event is kept with it, in order."""
    spans = ((3, 40), (120, 180), (41, 90))
    analysis = corpus.analyses[0]
    told = replace(analysis.mentions[0], spans=spans)
    store.add_analyses([replace(analysis, mentions=(told, *analysis.mentions[1:]))])
    assert {m.id: m.spans for m in store.mentions()}[told.id] == spans


def test_schema_v4_is_migrated_to_spans(store_url: str, corpus: Any) -> None:
    """A version 4 database (no ``spans`` column) gets it on open: its mentions read with
    no spans and its events stay as merged; mentions stored after that keep theirs."""
    from bilat.pipeline import merge_pending

    fresh = open_store(store_url)
    assert isinstance(fresh, SqlStore)
    fresh.add_analyses(corpus.analyses[:3])
    merge_pending(fresh)
    before = sorted(e.event.id for e in fresh.events())
    with fresh.engine.begin() as conn:
        _drop_spans(conn)
        conn.execute(s.meta.update().where(s.meta.c.key == "schema_version").values(value="4"))
    fresh.close()
    migrated = open_store(store_url)
    assert isinstance(migrated, SqlStore) and version_in(migrated) == "10"
    assert sorted(e.event.id for e in migrated.events()) == before
    assert all(m.spans == () for m in migrated.mentions())
    told = [replace(m, spans=((m.start, m.end), (0, 1))) for a in corpus.analyses[3:]
            for m in a.mentions]
    migrated.add_analyses([replace(a, mentions=tuple(labelled_for(a, told)))
                           for a in corpus.analyses[3:]])
    merge_pending(migrated)
    stored = {m.id: m.spans for m in migrated.mentions()}
    assert told and all(stored[m.id] == m.spans for m in told)
    migrated.close()


def page_index_in(store: SqlStore) -> bool:
    found = inspect(store.engine).get_indexes("event_mentions")
    return any(i["name"] == "ix_event_mentions_page" for i in found)


def page_plan(store: SqlStore) -> str:
    """SQLite's plan for reading the mention ids of a page's events."""
    from bilat.store.queries import _MENTION_IDS_BY_EVENT

    with store.engine.connect() as conn:
        compiled = _MENTION_IDS_BY_EVENT._sqlite.compile(conn)
        return " ".join(str(r[-1]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + str(compiled), ('["evt_a", "evt_b"]',)))


def test_schema_v9_gets_the_page_index_when_opened(filled: SqlStore, store_url: str) -> None:
    """Migration v9 -> v10 adds the index a page's mention ids are read from, with its
    statistics (a database analysed before it would otherwise keep the old plan); the
    pages read the same rows with it."""
    before = filled.events_page(limit=50, sort="-date")
    with filled.engine.begin() as conn:  # back to what bilat wrote at schema v9
        conn.execute(text("DROP INDEX ix_event_mentions_page"))
        conn.execute(text("ANALYZE"))
        if conn.dialect.name == "sqlite":  # statistics of a big database: a link per seek
            conn.execute(text("UPDATE sqlite_stat1 SET stat = '1000000 1 1' "
                              "WHERE idx = 'sqlite_autoindex_event_mentions_1'"))
        conn.execute(s.meta.update().where(s.meta.c.key == "schema_version").values(value="9"))
    assert not page_index_in(filled)
    filled.close()
    migrated = open_store(store_url)
    assert isinstance(migrated, SqlStore)
    assert version_in(migrated) == "10" and page_index_in(migrated)
    assert migrated.events_page(limit=50, sort="-date") == before
    if migrated.engine.dialect.name == "sqlite":
        assert "COVERING INDEX ix_event_mentions_page" in page_plan(migrated)
    migrated.close()


def test_a_pages_mention_ids_are_read_from_the_page_index(filled: SqlStore) -> None:
    """SQLite reads the links of a page's events from the covering index alone, already
    in event and position order (no row per link, no sort)."""
    if filled.engine.dialect.name != "sqlite":
        pytest.skip("the plan checked is SQLite's")
    plan = page_plan(filled)
    assert "COVERING INDEX ix_event_mentions_page" in plan and "TEMP B-TREE" not in plan
