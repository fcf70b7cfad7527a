"""The story as told: which lines are titles and captions, and what day each sentence
counts "the previous day" from.

Reads the parsed paragraphs in order and makes the :class:`~bilat.events.candidate.Story`
the later stages read: every sentence (``Sentence``), and for each one with words a
:class:`~bilat.events.candidate.Told` saying whether it is a headline or a photo caption
and what reference day a report before it set. Layout words and sizes come from
``lang/en/events_narrative.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

from spacy.attrs import LEMMA
from spacy.tokens import Span

from bilat.annotations.actors import DocumentEntities
from bilat.annotations.nlp import Paragraph, span_text, tokens_where, word_ids
from bilat.events.arguments.dates import expressions
from bilat.events.candidate import Story, Told
from bilat.lang import lexicon
from bilat.model import Document, Precision, Sentence, TimeExpression

_LEX = lexicon()
REPORTING_VERBS = _LEX.words("REPORTING_VERBS")
_REPORTING_IDS = word_ids(REPORTING_VERBS)
PROSE_MIN_WORDS = _LEX.number("PROSE_MIN_WORDS")
HEADLINE_MIN_WORDS = _LEX.number("HEADLINE_MIN_WORDS")
HEADLINE_CAPITALISED = _LEX.real("HEADLINE_CAPITALISED")
TITLE_MIN_WORDS = _LEX.number("TITLE_MIN_WORDS")
TITLE_MAX_WORDS = _LEX.number("TITLE_MAX_WORDS")
SENTENCE_ENDS = ".!?\"”'’"  # a line ending in one of these is a sentence, not a title
TITLE_ENDS = SENTENCE_ENDS + ":;,"


def _credit_pattern() -> re.Pattern[str]:
    """A caption's credit: a photo word, a bracketed credit ending the paragraph ("[AP]",
    "[AP/YONHAP]"), or an agency in the closing parentheses ("(AP Photo/Ahn Young-joon)")."""
    photo = "|".join(re.escape(w) for w in _LEX.ordered("PHOTO_WORDS"))
    agencies = "|".join(re.escape(w) for w in _LEX.ordered("PHOTO_AGENCIES"))
    return re.compile(rf"\b(?:{photo})\b|\[[A-Z][A-Za-z]*(?:/[A-Z][A-Za-z]*)*\]\s*$"
                      rf"|\((?:[^()]*\b(?:{agencies})\b[^()]*)\)\s*$", re.I)


_PHOTO_CREDIT = _credit_pattern()


def read_story(document: Document, paragraphs: list[Paragraph], ents: DocumentEntities) -> Story:
    """Every sentence of the parsed paragraphs, and how each sentence with words is told."""
    sentences: list[Sentence] = []
    told: list[Told] = []
    reference = document.published
    for p_index, para in enumerate(paragraphs):
        headline = looks_like_headline(para.text) or (not told and is_title(para.text))
        # cleaning blanks the credit ("[AP/YONHAP]") that tells a caption: read the original
        caption = is_caption(document.text[para.start : para.start + len(para.text)])
        for sent in para.doc.sents:
            start = para.start + sent.start_char
            end = para.start + sent.end_char
            record = Sentence(document.id, len(sentences), start, end, document.text[start:end])
            sentences.append(record)
            if not span_text(sent).strip():
                continue
            reference = report_reference(sent, document.published, reference, para.start)
            told.append(Told(record.index, sent, para, p_index, reference, headline, caption))
    return Story(document, paragraphs, ents, tuple(sentences), tuple(told))


def looks_like_headline(text: str) -> bool:
    """A line of mostly capitalised words with no final punctuation ("Putin Arrives In
    Pyongyang For Talks With Kim")."""
    words = [w for w in text.split() if w[:1].isalpha()]
    if len(words) < HEADLINE_MIN_WORDS or text.rstrip()[-1:] in SENTENCE_ENDS:
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised / len(words) >= HEADLINE_CAPITALISED


def is_title(text: str) -> bool:
    """The document's first line, with no final punctuation, is its title, whatever its case
    ("North Korea's minister visits Russia, talks expected")."""
    words = text.split()
    return TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS and text.rstrip()[-1:] not in TITLE_ENDS


def is_caption(text: str) -> bool:
    """A photo caption ("Putin, right, and Kim shake hands ... on April 25, 2019. [AP]");
    give it the whole paragraph, since the credit often ends up a sentence of its own."""
    return bool(_PHOTO_CREDIT.search(text.strip()))


def report_reference(
    sent: Span, published: str | None, current: str | None, offset: int
) -> str | None:
    """A reporting clause with a day ("state media reported Wednesday") anchors later
    "the previous day" expressions; a day in what the report tells does not. Rule
    ``narrative.report-reference``."""
    if next(tokens_where(sent, LEMMA, _REPORTING_IDS), None) is None:
        return current
    exprs = expressions(
        span_text(sent), published, tense="past", offset=offset + sent.start_char
    )
    for e in exprs:
        if (e.precision == Precision.DAY and e.value and not e.text.lower().startswith("the ")
                and _dates_the_report(sent, e, offset)):
            return e.value
    return current


def _dates_the_report(sent: Span, e: TimeExpression, offset: int) -> bool:
    """ "The council said last week that Shoigu will hold talks on Wednesday": Wednesday is
    the talks' day; only a date of the reporting verb itself is the report's."""
    span = sent.doc.char_span(e.start - offset, e.end - offset, alignment_mode="expand")
    if span is None:
        return True
    verb = next((a for a in span.root.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb is None or verb.lemma_ in REPORTING_VERBS


def is_prose(t: Told) -> bool:
    """A sentence of the story itself (not a title, menu item, caption or byline)."""
    text = span_text(t.sent).strip()
    return (not t.headline and len(text.split()) >= PROSE_MIN_WORDS
            and text[-1:] in SENTENCE_ENDS and not t.caption)


def sentence_finder(told: Sequence[Told]) -> Callable[[int], int]:
    """offset in the document -> index of the sentence that holds it."""
    starts = [t.para.start + t.sent.start_char for t in told]
    return lambda offset: told[max(0, bisect_right(starts, offset) - 1)].index if told else 0
