"""Backends and hand-built records for the store conformance suite.

``store_url`` yields a fresh database per test: a SQLite file always, and a fresh
PostgreSQL schema when BILAT_TEST_POSTGRES names a server (otherwise that parametrisation
skips, with the reason saying how to enable it).
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bilat.model import (
    Actor,
    Document,
    DocumentAnalysis,
    Event,
    EventMention,
    EventType,
    Role,
    Sentence,
    Status,
)
from bilat.store import SqlStore, engine_url, open_store

PG_ENV = "BILAT_TEST_POSTGRES"
PG_SKIP = (
    "set BILAT_TEST_POSTGRES to a postgresql:// URL to run the conformance suite on PostgreSQL"
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "bilat.db")  # type: ignore[operator]
        return
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(PG_SKIP)
    schema = f"bilat_test_{uuid.uuid4().hex[:12]}"  # generated here, never user input
    admin = create_engine(engine_url(server))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(engine_url(server)).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    opened = open_store(store_url)
    assert isinstance(opened, SqlStore)
    yield opened
    opened.close()


# --------------------------------------------------------------------------- builders


def doc(name: str, text: str, published: str | None = None, title: str | None = None,
        url: str | None = None) -> Document:  # fmt: skip
    return Document(
        id=Document.make_id(name, text), name=name, text=text, clean=text, published=published,
        published_source="manifest" if published else None, url=url, title=title, source="test",
    )  # fmt: skip


def mention(d: Document, evidence: str, type_: str, actors: tuple[str, ...] = (),
            countries: tuple[str, ...] = (), date: str | None = None, status: str = "occurred",
            location: str | None = None) -> EventMention:  # fmt: skip
    start = d.text.index(evidence)
    end = start + len(evidence)
    return EventMention(
        id=EventMention.make_id(d.id, type_, start, end, actors), doc_id=d.id, doc_name=d.name,
        type=EventType(type_), actors=actors, countries=countries, location=location, date=date,
        status=Status(status), evidence=evidence, start=start, end=end, published=d.published,
    )  # fmt: skip


def analysis(
    d: Document, *mentions: EventMention, actors: tuple[Actor, ...] = ()
) -> DocumentAnalysis:
    sentence = Sentence(doc_id=d.id, index=0, start=0, end=len(d.text), text=d.text)
    return DocumentAnalysis(document=d, sentences=(sentence,), mentions=mentions, actors=actors)


def event(eid: str, *mentions: EventMention, date: str | None = "", status: str | None = None,
          conflicts: tuple[str, ...] = ()) -> Event:  # fmt: skip
    """A merged event taking its fields from its first mention (date="" means "the same")."""
    first = mentions[0]
    return Event(
        id=eid, type=first.type, actors=first.actors, countries=first.countries,
        location=first.location, date=first.date if date == "" else date,
        status=Status(status) if status else first.status,
        mention_ids=tuple(m.id for m in mentions), conflicts=conflicts,
    )  # fmt: skip


PUTIN = Actor(
    id="Q7747", name="Vladimir Putin", kind="person", country="RUS",
    roles=(Role(title="President", country="RUS", start="2012-05-07", office="head_of_state"),),
    aliases=("Putin",),
)  # fmt: skip
KIM = Actor(id="Q56226", name="Kim Jong Un", kind="person", country="PRK", aliases=("Kim Jong-un",))
RUSSIA = Actor(id="RUS", name="Russia", kind="state", country="RUS")


class Corpus:
    """Five documents (one without events, one a copy of another) and six merged events.

    ======  ======  ==========  ======================================  ====================
    event   type    date        mentions (documents)                    notes
    ======  ======  ==========  ======================================  ====================
    E1      VISIT   2024-06-19  a                                       Putin to Pyongyang
    E2      MEET    2024-06-19  a, b, c (c is a copy of b)              3 sources, 2 indep.
    E3      AGREE   2024-06-19  b                                       treaty
    E4      MEET    2023-09     d                                       Vostochny
    E5      VISIT   (undated)   d                                       Shoigu, planned
    E6      CALL    2024        d                                       CHN-RUS, Wang/Lavrov
    ======  ======  ==========  ======================================  ====================
    """

    def __init__(self) -> None:
        self.a = doc("a.txt", "Vladimir Putin arrived in Pyongyang on Wednesday. "
                     "Putin held talks with Kim Jong Un at the Kumsusan guesthouse.",
                     published="2024-06-19", title="Putin lands in North Korea",
                     url="https://example.org/a")  # fmt: skip
        self.b = doc("b.txt", "Putin and Kim Jong Un signed a comprehensive strategic "
                     "partnership treaty. The leaders held talks in Pyongyang.",
                     published="2024-06-20", title="Russia and North Korea sign pact",
                     url="https://example.org/b")  # fmt: skip
        self.c = doc("c.txt", "Putin and Kim Jong Un signed a comprehensive strategic "
                     "partnership treaty. The leaders held talks in Pyongyang!",
                     published="2024-06-21", title="Pact signed (syndicated)")  # fmt: skip
        self.d = doc("d.txt", "Kim Jong Un met Putin at the Vostochny cosmodrome. "
                     "Sergey Shoygu will visit Pyongyang. "
                     "Wang Yi spoke by phone with Sergey Lavrov.",
                     published="2023-09-14", title="Kim in the Russian Far East")  # fmt: skip
        self.e = doc("e.txt", "The weather in Seoul was mild this week; nothing happened.")
        pr = ("RUS", "PRK")
        self.m_visit = mention(self.a, "Vladimir Putin arrived in Pyongyang", "VISIT",
                               ("Vladimir Putin",), pr, "2024-06-19", location="Pyongyang")
        self.m_meet_a = mention(self.a, "Putin held talks with Kim Jong Un", "MEET",
                                ("Vladimir Putin", "Kim Jong Un"), pr, "2024-06-19")
        self.m_agree = mention(self.b, "Putin and Kim Jong Un signed a comprehensive strategic "
                               "partnership treaty", "AGREE", ("Vladimir Putin", "Kim Jong Un"),
                               pr, "2024-06-19")  # fmt: skip
        self.m_meet_b = mention(self.b, "The leaders held talks in Pyongyang", "MEET",
                                ("Vladimir Putin", "Kim Jong Un"), pr, "2024-06-19")
        self.m_meet_c = mention(self.c, "The leaders held talks in Pyongyang", "MEET",
                                ("Vladimir Putin", "Kim Jong Un"), pr, "2024-06-19")
        self.m_vostochny = mention(self.d, "Kim Jong Un met Putin at the Vostochny cosmodrome",
                                   "MEET", ("Kim Jong Un", "Vladimir Putin"), ("PRK", "RUS"),
                                   "2023-09")  # fmt: skip
        self.m_shoigu = mention(self.d, "Sergey Shoygu will visit Pyongyang", "VISIT",
                                ("Sergei Shoigu",), pr, None, "planned", "Pyongyang")
        self.m_call = mention(self.d, "Wang Yi spoke by phone with Sergey Lavrov", "CALL",
                              ("Wang Yi", "Sergei Lavrov"), ("CHN", "RUS"), "2024")
        self.analyses = [
            analysis(self.a, self.m_visit, self.m_meet_a, actors=(PUTIN, KIM, RUSSIA)),
            analysis(self.b, self.m_agree, self.m_meet_b, actors=(PUTIN, KIM)),
            analysis(self.c, self.m_meet_c, actors=(PUTIN, KIM)),
            analysis(self.d, self.m_vostochny, self.m_shoigu, self.m_call, actors=(PUTIN,)),
            analysis(self.e),
        ]
        self.events = [
            event("E1", self.m_visit),
            event("E2", self.m_meet_a, self.m_meet_b, self.m_meet_c),
            event("E3", self.m_agree),
            event("E4", self.m_vostochny),
            event("E5", self.m_shoigu),
            event("E6", self.m_call),
        ]
        self.copies = {self.c.id: self.b.id}

    def load(self, store: SqlStore) -> SqlStore:
        store.add_analyses(self.analyses)
        store.replace_events(self.events, self.copies)
        return store


@pytest.fixture
def rec() -> SimpleNamespace:
    """The builders for tests (pytest runs with --import-mode=importlib: no sibling imports)."""
    return SimpleNamespace(
        doc=doc, mention=mention, analysis=analysis, event=event, PUTIN=PUTIN, KIM=KIM
    )


@pytest.fixture
def corpus() -> Corpus:
    return Corpus()


@pytest.fixture
def loaded(store: SqlStore, corpus: Corpus) -> SqlStore:
    return corpus.load(store)


# --------------------------------------------------------------------------- a random world

WORLD_STATES = ("CHN", "PRK", "RUS", "USA")
WORLD_PEOPLE = ("Vladimir Putin", "Kim Jong Un", "Sergei Lavrov", "Sergey Lavrov", "Wang Yi")
WORLD_DATES = ("2023", "2023-09", "2023-09-14", "2024-06", "2024-06-19", "2024-06-20", "2024", None)
WORLD_TYPES = ("VISIT", "MEET", "CALL", "AGREE", "AID")
WORLD_EVENTS = 90


def random_world(seed: int = 5) -> SimpleNamespace:
    """Documents with one sentence per event they report, and the events merged from them
    (1 to 3 sources each; 1 to 3 states; 0 to 3 people, one of them with two spellings;
    dates at every precision and none), for the tests of listings and summaries."""
    rng = random.Random(seed)
    sentences: dict[int, list[tuple[int, str]]] = {d: [] for d in range(30)}
    drawn = []
    for i in range(WORLD_EVENTS):
        states = tuple(rng.sample(WORLD_STATES, rng.choice((1, 2, 2, 3))))
        people = tuple(rng.sample(WORLD_PEOPLE, rng.choice((0, 1, 2, 3))))
        fields = (WORLD_TYPES[i % 5], people, states, rng.choice(WORLD_DATES),
                  "planned" if i % 7 == 0 else "occurred")  # fmt: skip
        docs = rng.sample(range(30), rng.choice((1, 1, 2, 3)))
        for d in docs:
            sentences[d].append((i, f"Report {i} of event {i} in document {d}."))
        drawn.append((i, fields, docs))
    documents = {d: doc(f"d{d:02d}.txt", " ".join(s for _, s in ss) or "Nothing here at all.",
                        published=f"2024-07-{d % 28 + 1:02d}")
                 for d, ss in sentences.items()}  # fmt: skip
    mentions: dict[tuple[int, int], Any] = {}
    for i, (type_, people, states, date, status), docs in drawn:
        for d in docs:
            mentions[(i, d)] = mention(documents[d], f"Report {i} of event {i} in document {d}.",
                                       type_, people, states, date, status)  # fmt: skip
    analyses = [analysis(document, *(m for (_, d2), m in mentions.items() if d2 == d))
                for d, document in documents.items()]  # fmt: skip
    events = [event(f"E{i:03d}", *(mentions[(i, d)] for d in docs)) for i, _, docs in drawn]
    names = {document.id: document.name for document in documents.values()}
    return SimpleNamespace(analyses=analyses, events=events,
                           texts={m.id: (m.evidence, names[m.doc_id]) for m in mentions.values()})


@pytest.fixture
def world() -> SimpleNamespace:
    return random_world()


@pytest.fixture
def filled(store: SqlStore, world: SimpleNamespace) -> SqlStore:
    """The random world stored as builds store it: documents, then merges in batches."""
    from bilat.store.base import MergeUpdate

    store.add_analyses(world.analyses)
    for lo in range(0, len(world.events), 40):
        store.apply_merge(MergeUpdate(tuple(world.events[lo:lo + 40]), {}, (), {}, ()))
    return store
