"""Property tests: extraction over any text never raises and keeps its promises.

Promises checked on every example: evidence is exactly ``document.text[start:end]``, its
sentence lies inside the document, and an event reported as done is never dated after the
article that reports it (ISO prefixes compared at the event date's precision).
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilat.documents.clean import clean_text
from bilat.events.extract import extract
from bilat.knowledge.kb import KnowledgeBase, load_kb
from bilat.model import Document, DocumentAnalysis, Status

# spaCy parses every example, so keep the example counts moderate.
_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Pieces that reach every part of extraction: triggers of each type, states, people,
# places, date phrases of every kind, quotes, modality, and text that breaks layouts.
_TRIGGERS = [
    " visited ", " arrived in ", " met ", " held talks with ", " spoke by phone with ",
    " signed a treaty with ", " sent troops to ", " will visit ", " plans to meet ",
    " left for ", " may visit ", " did not meet ", " delivered aid to ", " hosted ",
    " a phone call ", " an agreement ", " the talks took place ", " invited ",
]
_NAMES = [
    "Russia", "North Korea", "DPRK", "China", "the United States", "Vladimir Putin",
    "Kim Jong Un", "Sergei Lavrov", "Choe Son Hui", "Xi Jinping", "the Kremlin",
    "Russian President", "North Korean leader", "Pyongyang", "Moscow", "Vladivostok",
    "his counterpart", "the delegation", "Shoigu", "He", "She", "They",
]
_DATES = [
    " on Tuesday", " yesterday", " last week", " next month", " on June 19, 2024",
    " 19 June 2024", " in 2019", " in late April", " three decades ago", " 2019-2020",
    " the previous day", " tomorrow", " Dec. 31, 2099", " in 1850", " on Feb. 29",
    " earlier this year", " exactly 70 years ago", " this weekend", " May",
]
_NOISE = [
    ".", ",", ";", ":", "!", "?", "\"", "\u201c", "\u201d", "'", "(", ")", "-", "\u2014",
    "\n", "\n\n", "\r\n", "\u2028", "\t", "  ", " ", "\u00a0", "\u200b", "\ufeff",
    "\U0001f600", "\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd", "e\u0301",
    "\u202e", "READ MORE:", "Share", "Published: 27 May. 2025, 10:03", "date 2024-06-19\n",
    "1,500", "Su-35", "\x00", "\x07", "A" * 300,
]
_PIECE = st.sampled_from(_TRIGGERS + _NAMES + _DATES + _NOISE) | st.text(max_size=12)
_NEWS_LIKE = st.lists(_PIECE, max_size=40).map("".join)
_PUBLISHED = st.none() | st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)).map(
    date.isoformat
)


def _kb() -> KnowledgeBase:
    return load_kb(())  # the bundled knowledge only: no user files from the environment


def _document(text: str, published: str | None) -> Document:
    # clean_text keeps offsets, as prepare() does, so offsets on clean point into text
    return Document(id=Document.make_id("p.txt", text), name="p.txt", text=text,
                    clean=clean_text(text), published=published)


def _check(document: Document, analysis: DocumentAnalysis) -> None:
    text = document.text
    for sentence in analysis.sentences:
        assert 0 <= sentence.start <= sentence.end <= len(text)
        assert sentence.text == text[sentence.start : sentence.end]
    for mention in analysis.mentions:
        assert 0 <= mention.start <= mention.end <= len(text)
        assert mention.evidence == text[mention.start : mention.end]
        assert mention.evidence.strip()
        assert mention.doc_id == document.id
        if mention.status == Status.OCCURRED and mention.date and document.published:
            # "2024-06" is not later than "2024-06-19": compare at the event's precision
            assert mention.date <= document.published[: len(mention.date)], (
                mention.date, document.published, mention.evidence
            )


@_SETTINGS
@given(text=st.text(max_size=400), published=_PUBLISHED)
def test_any_text_extracts_without_error(text: str, published: str | None) -> None:
    document = _document(text, published)
    _check(document, extract(document, _kb()))


@_SETTINGS
@given(text=_NEWS_LIKE, published=_PUBLISHED)
def test_news_like_text_keeps_evidence_and_dates_honest(text: str, published: str | None) -> None:
    document = _document(text, published)
    _check(document, extract(document, _kb()))


@_SETTINGS
@given(
    subject=st.sampled_from(_NAMES), trigger=st.sampled_from(_TRIGGERS),
    other=st.sampled_from(_NAMES), when=st.sampled_from(_DATES), published=_PUBLISHED,
    lead=st.sampled_from(["", "\n", "  ", "READ MORE: x\n", "\u201c"]),
)
def test_one_event_sentence_in_any_date_context(
    subject: str, trigger: str, other: str, when: str, published: str | None, lead: str
) -> None:
    text = f"{lead}Russian President {subject}{trigger}{other}{when}. North Korea and Russia."
    document = _document(text, published)
    _check(document, extract(document, _kb()))
