"""A document is named by its headline (bilat.views.documents): the title given, else the
first line of its clean text without the site's section trail, else its file name."""

from __future__ import annotations

import pytest

from bilat.store.base import DocumentSummary
from bilat.views.documents import DOCUMENT_FIELDS, HEADLINE_CHARS, document_record, headline


@pytest.mark.parametrize(
    ("title", "lead", "expected"),
    [
        ("Putin and Kim sign treaty", "Other first line\nText", "Putin and Kim sign treaty"),
        (None, "Shoygu shown missiles | World | News\n\nRussian Defence...",
         "Shoygu shown missiles"),
        (None, "                 Kim and Putin meet   at the spaceport\nHome | World",
         "Kim and Putin meet at the spaceport"),  # blanked debris and runs of spaces go
        (None, "\n\n  \nFirst words\n", "First words"),
        ("   ", "Lead line", "Lead line"),  # a blank title is no title
        (None, "", "file.txt"),
        (None, None, "file.txt"),
    ],
)
def test_the_headline_is_the_title_else_the_first_line(title: str | None, lead: str | None,
                                                       expected: str) -> None:  # fmt: skip
    assert headline(title, lead, "file.txt") == expected


def test_a_long_first_line_is_cut_at_a_word() -> None:
    long = "word " * 100
    cut = headline(None, long, "f.txt")
    assert len(cut) <= HEADLINE_CHARS + 1 and cut.endswith("word…")


def test_a_listed_document_is_its_headline_and_figures() -> None:
    d = DocumentSummary("doc_1", "02_kim.txt", "2023-09-13", None, "https://example.org/x",
                        None, 4, "Kim and Putin meet | Asia\nText")  # fmt: skip
    record = document_record(d)
    assert tuple(record) == DOCUMENT_FIELDS
    assert record["title"] == "Kim and Putin meet" and record["mentions"] == 4
