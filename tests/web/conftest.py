"""A small real SQLite store about Russia–North Korea relations, built by hand,
and a test client on it.

The records follow the reporting of real events (the 2019 Vladivostok summit, the 2023
Vostochny meeting, Shoigu's 2023 trip, Putin's June 2024 visit and treaty, the 2024 troop
deployment). One document is hostile: its title, URL and text carry markup and quotes
that every page must show as text.

``sample_store`` is the bundled sample corpus (examples/) built by the real pipeline, for
the end-to-end browser test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bilat.model import (
    Actor,
    Document,
    DocumentAnalysis,
    Event,
    EventMention,
    EventType,
    Role,
    Status,
)
from bilat.store import open_store
from bilat.store.base import Store
from bilat.web import create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_QUOTES = "\"quoted\" and 'single'"

DOCS = {
    "kcna_2019.txt": (
        "2019-04-26",
        "Kim Jong Un and Putin hold talks in Vladivostok",
        "https://example.org/kcna-2019",
        "Chairman Kim Jong Un arrived in Vladivostok on Wednesday by armoured train. "
        "Kim Jong Un and Vladimir Putin held talks on Russky Island in Vladivostok on April 25, "
        "their first summit. The leaders discussed the situation on the Korean peninsula.",
    ),
    "tass_2023.txt": (
        "2023-09-13",
        "Putin meets Kim at Vostochny Cosmodrome",
        "https://example.org/tass-2023",
        "Russian Defence Minister Sergei Shoigu visited Pyongyang in July for the armistice "
        "anniversary. On Wednesday Vladimir Putin met Kim Jong Un at the Vostochny Cosmodrome "
        "in the Amur region, where they discussed military cooperation.",
    ),
    "reuters_2024.txt": (
        "2024-06-19",
        "Putin visits Pyongyang, signs partnership treaty",
        "https://example.org/reuters-2024",
        "Vladimir Putin arrived in Pyongyang early on Wednesday for his first visit in 24 years. "
        "Putin and Kim Jong Un signed a comprehensive strategic partnership treaty on June 19 "
        "that includes a mutual defence clause.",
    ),
    "yonhap_2024.txt": (
        "2024-10-18",
        "North Korea sends troops to Russia",
        "https://example.org/yonhap-2024",
        "South Korea's spy agency said North Korea has sent about 1,500 special forces troops "
        "to Russia to support its war in Ukraine. Foreign Minister Choe Son Hui is expected to "
        "visit Moscow next month for talks with Sergei Lavrov.",
    ),
    "hostile.html": (
        "2024-11-02",
        f"Leak {XSS_SCRIPT} {XSS_IMG}",
        "javascript:alert(1)",
        f"Intro {XSS_SCRIPT} and {XSS_IMG} then {XSS_QUOTES}. "
        f"Choe Son Hui met Sergei Lavrov in Moscow on November 1 {XSS_IMG} "
        "at the foreign ministry. "
        f"Trailer {XSS_SCRIPT}.",
    ),
}

PEOPLE = {
    "Kim Jong Un": ("PRK", (Role("Supreme Leader", "PRK", "2011-12-17", None, "head_of_state"),)),
    "Vladimir Putin": (
        "RUS",
        (
            Role("President", "RUS", "2012-05-07", None, "head_of_state"),
            Role("Prime Minister", "RUS", "2008-05-08", "2012-05-07", "head_of_government"),
        ),
    ),
    "Sergei Shoigu": (
        "RUS",
        (
            Role("Minister of Defence", "RUS", "2012-11-06", "2024-05-12", "defence_minister"),
            Role("Secretary of the Security Council", "RUS", "2024-05-12", None, None),
        ),
    ),
    "Sergei Lavrov": (
        "RUS",
        (Role("Minister of Foreign Affairs", "RUS", "2004-03-09", None, "foreign_minister"),),
    ),
    "Choe Son Hui": (
        "PRK",
        (Role("Minister of Foreign Affairs", "PRK", "2022-06-10", None, "foreign_minister"),),
    ),
}

# (event key, doc, type, actors, countries, location, date, status, evidence)
PK, RP = ("PRK", "RUS"), ("RUS", "PRK")
KIM_PUTIN, PUTIN_KIM = ("Kim Jong Un", "Vladimir Putin"), ("Vladimir Putin", "Kim Jong Un")
CHOE_LAVROV = ("Choe Son Hui", "Sergei Lavrov")
MENTIONS = [
    ("kim-visit-2019", "kcna_2019.txt", "VISIT", ("Kim Jong Un",), PK, "Vladivostok",
     "2019-04-24", "occurred",
     "Chairman Kim Jong Un arrived in Vladivostok on Wednesday by armoured train."),
    ("summit-2019", "kcna_2019.txt", "MEET", KIM_PUTIN, PK, "Vladivostok", "2019-04-25",
     "occurred",
     "Kim Jong Un and Vladimir Putin held talks on Russky Island in Vladivostok on April 25"),
    ("shoigu-2023", "tass_2023.txt", "VISIT", ("Sergei Shoigu",), RP, "Pyongyang", "2023-07",
     "occurred", "Russian Defence Minister Sergei Shoigu visited Pyongyang in July"),
    ("vostochny-2023", "tass_2023.txt", "MEET", PUTIN_KIM, RP, "Tsiolkovsky", "2023-09-13",
     "occurred", "Vladimir Putin met Kim Jong Un at the Vostochny Cosmodrome"),
    ("putin-visit-2024", "reuters_2024.txt", "VISIT", ("Vladimir Putin",), RP, "Pyongyang",
     "2024-06-19", "occurred", "Vladimir Putin arrived in Pyongyang early on Wednesday"),
    ("treaty-2024", "reuters_2024.txt", "AGREE", PUTIN_KIM, RP, "Pyongyang", "2024-06-19",
     "occurred",
     "Putin and Kim Jong Un signed a comprehensive strategic partnership treaty on June 19"),
    ("troops-2024", "yonhap_2024.txt", "AID", (), PK, None, "2024-10", "occurred",
     "North Korea has sent about 1,500 special forces troops to Russia"),
    ("choe-2024", "yonhap_2024.txt", "MEET", CHOE_LAVROV, PK, "Moscow", "2024-11", "planned",
     "Choe Son Hui is expected to visit Moscow next month for talks with Sergei Lavrov"),
    ("choe-2024", "hostile.html", "MEET", CHOE_LAVROV, PK, "Moscow", "2024-11-01", "occurred",
     f"Choe Son Hui met Sergei Lavrov in Moscow on November 1 {XSS_IMG}"),
    ("hostile-2024", "hostile.html", "CALL", (XSS_IMG,), PK, XSS_SCRIPT, "2024-11-02",
     "occurred", f"Intro {XSS_SCRIPT} and {XSS_IMG} then {XSS_QUOTES}"),
]  # fmt: skip


# what was signed or moved, for the events that have an object
LABELS = {"treaty-2024": "treaty", "troops-2024": "troops"}
# another statement of the event in the same document (EventMention.spans)
RETOLD = {"summit-2019": "The leaders discussed the situation on the Korean peninsula."}


def documents() -> dict[str, Document]:
    out = {}
    for name, (published, title, url, text) in DOCS.items():
        out[name] = Document(
            id=Document.make_id(name, text), name=name, text=text, clean=text, published=published,
            published_source="manifest", url=url, title=title, source="test",
        )
    return out


def mentions(docs: dict[str, Document]) -> list[tuple[str, EventMention]]:
    out = []
    for key, doc_name, type_, actors, countries, location, date, status, evidence in MENTIONS:
        doc = docs[doc_name]
        start = doc.text.index(evidence)
        end = start + len(evidence)
        spans = ((start, end),)
        if key in RETOLD:
            again = doc.text.index(RETOLD[key])
            spans += ((again, again + len(RETOLD[key])),)
        mention = EventMention(
            id=EventMention.make_id(doc.id, type_, start, end, actors), doc_id=doc.id,
            doc_name=doc.name, type=EventType(type_), actors=actors, countries=countries,
            location=location, date=date, status=Status(status), evidence=evidence, start=start,
            end=end, published=doc.published, what=LABELS.get(key), spans=spans,
        )  # fmt: skip
        out.append((key, mention))
    return out


def populate(store: Store) -> None:
    docs = documents()
    keyed = mentions(docs)
    people = {
        name: Actor(id=f"per_{i}", name=name, kind="person", country=country, roles=roles)
        for i, (name, (country, roles)) in enumerate(PEOPLE.items())
    }
    analyses = []
    for doc in docs.values():
        ms = tuple(m for _, m in keyed if m.doc_id == doc.id)
        named = {a for m in ms for a in m.actors if a in people}
        analyses.append(DocumentAnalysis(doc, (), ms, tuple(people[a] for a in sorted(named))))
    store.add_analyses(analyses)
    events: dict[str, list[EventMention]] = {}
    for key, m in keyed:
        events.setdefault(key, []).append(m)
    store.replace_events([
        Event(id=f"evt_{key}", type=ms[-1].type, actors=ms[-1].actors, countries=ms[-1].countries,
              location=ms[-1].location, date=ms[-1].date, status=ms[-1].status,
              mention_ids=tuple(m.id for m in ms), what=ms[-1].what)
        for key, ms in events.items()
    ], {})


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "corpus.db"
    store = open_store(str(path))
    try:
        populate(store)
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The bundled sample corpus (examples/) built by the real pipeline, as `make run` does."""
    from bilat.pipeline import build

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    report = build([EXAMPLES / "articles"], db=str(path), manifest=EXAMPLES / "manifest.jsonl")
    assert report.taken and not report.skipped, report
    opened = open_store(str(path))
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def store(corpus_db: Path) -> Iterator[Store]:
    opened = open_store(str(corpus_db))
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store)) as c:
        yield c


@pytest.fixture(scope="session")
def docs() -> dict[str, Document]:
    return documents()
