import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilat.documents import clean_text
from bilat.documents.clean import blank_spans, is_debris_line, title_suffix

# Sentences written for these tests. Several start like debris ("By", "Tags", "Share",
# "Published", "Copyright", "Read more") and must survive all the same.
REAL_SENTENCES = [
    "The foreign minister of Freedonia arrived in Sylvania on Tuesday for talks.",
    "By Friday, the delegation had left the capital for the port city.",
    "By Monday night, the two sides had signed three agreements.",
    "Tags were attached to the grain sacks before they were shipped to the port.",
    "Share prices rose after the trade agreement was signed in the capital.",
    "Published reports say the two leaders met twice during the summit.",
    "Updated figures show that 12 ships delivered aid in May.",
    "Copyright law was one of the topics the ministers discussed.",
    "Read more about the treaty in the ministry's statement, the spokesman said.",
    "Related talks were held in the capital on Monday, officials said.",
    "Download speeds in the capital remain slow, the report said.",
    "Follow-up talks will be held next month in the northern city.",
    "Search operations continued on Tuesday near the border.",
    "Date of the next meeting was not disclosed.",
    "President Ana Lima, left, shakes hands with Prime Minister Tomas Berg during a meeting"
    " at the presidential palace.",
    "Photo: President Ana Lima greets Prime Minister Tomas Berg at the airport on Monday.",
    "SYLVANIA CITY, June 30 (Wire) -- Freedonia and Sylvania signed a treaty on Sunday.",
    "On September 13, the defence minister visited the capital.",
    "In March 2023",
    "Minister visits Sylvania for talks on trade",
    "The talks, held on May 16, 2024, lasted five hours.",
    "\u201cWe agreed on everything,\u201d the minister said.",
    "(The two presidents also discussed energy cooperation.)",
    "The summit ended with a joint statement on energy and transport cooperation.",
]


@pytest.mark.parametrize("sentence", REAL_SENTENCES)
def test_real_sentences_survive_unchanged(sentence: str) -> None:
    assert clean_text(sentence) == sentence
    text = f"{sentence}\n\n{REAL_SENTENCES[0]}\n"
    assert clean_text(text) == text


def test_a_real_article_survives_unchanged() -> None:
    article = "\n\n".join(REAL_SENTENCES)
    assert clean_text(article) == article


DEBRIS_LINES = [
    "Share",
    "    \u2022 Link copied",
    "READ MORE: Another story about something else",
    "Read more:",
    "Related Articles",
    "Related Article",
    "scroll to top",
    "Tags: ; ;",
    "Tags Freedonia, Sylvania",
    "tags North",
    "Source link",
    "Subscribe",
    "Download",
    "Mobile App",
    "android apple",
    "print dictionary print",
    "Show more",
    "{{item.group_date}}",
    '{{item.suffix?", "+item.suffix:""}}',
    "Copyright (C) EXAMPLE NEWS SERVICE All Rights Reserved.",
    "\u00a9 2024 Example Media Group",
    "Photo : Example News",
    "By Example Agency",
    "By Jane Doe",
    "Jane Doe (@janedoe) 5 minutes ago Mon 02nd September 2019 | 07:30 AM",
    "Published: 27 May. 2025, 10:03",
    "Published : Sept. 4, 2017 - 21:39",
    "Published September 15, 2023",
    "Updated September 15, 2023",
    "Published May 16,2024",
    "Please enter your comment!",
    "Please enter your name here",
    "You have entered an incorrect email address!",
    "Home > World > Asia",
    "calendar>>March 17. 2019 Juche 108",
    "May 16, 2024 5:25 PM",
    ":: June 20, 2024",
    "September 07, 0:24 UTC+3 CAPITAL",
    "(Wire) (Wire)",
    "(Reporting by Jane Doe; Editing by John Roe)",
    "1 pages in this article",
    "^",
    "12",
]


@pytest.mark.parametrize("line", DEBRIS_LINES)
def test_debris_lines_are_blanked_keeping_length(line: str) -> None:
    text = f"{REAL_SENTENCES[0]}\n{line}\n{REAL_SENTENCES[1]}"
    clean = clean_text(text)
    assert len(clean) == len(text)
    assert clean == f"{REAL_SENTENCES[0]}\n{' ' * len(line)}\n{REAL_SENTENCES[1]}"
    assert is_debris_line(line)


def test_leading_date_marker_is_blanked_but_the_headline_kept() -> None:
    text = " date 2024-09-02 09/02/2024 September 2, 2024 President arrives in Sylvania\nBody."
    clean = clean_text(text)
    assert clean.strip().startswith("President arrives in Sylvania")
    assert clean.index("President") == text.index("President")
    assert "2024" not in clean


def test_leading_date_marker_followed_by_debris_blanks_the_whole_line() -> None:
    text = " date 2023-12-12 Most Popular\nThe delegation arrived on Monday.\n"
    assert clean_text(text).strip() == "The delegation arrived on Monday."


def test_inline_credits_templates_and_glued_bylines_are_blanked() -> None:
    cases = {
        "Minister visits SylvaniaBy Example Agency": "Minister visits Sylvania",
        "Lima greets Berg at the palace. (Photo by Jane Doe/Wire)": (
            "Lima greets Berg at the palace."
        ),
        "Lima greets Berg in a meeting room (photo: Example Times)": (
            "Lima greets Berg in a meeting room"
        ),
        "Lima and Berg shake hands in the capital. [AP/WIRE]": (
            "Lima and Berg shake hands in the capital."
        ),
        "Talks end {{item.group_date}} today": "Talks end " + " " * 19 + " today",
        "Minister heads to Sylvania for talks on trade | World | News": (
            "Minister heads to Sylvania for talks on trade"
        ),
    }
    for text, expected in cases.items():
        clean = clean_text(text)
        assert len(clean) == len(text)
        assert clean.rstrip() == expected, text


def test_title_suffix_needs_a_real_headline_and_short_sections() -> None:
    assert title_suffix("Minister heads to Sylvania for talks | World | News") is not None
    assert title_suffix("A | B") is None
    assert (
        title_suffix("Exports rose 5% | imports fell sharply after the sanctions took hold") is None
    )


def test_navigation_menu_block_is_blanked_but_the_article_kept() -> None:
    menu = "\n".join(
        [
            "Politics & Diplomacy",
            "World",
            "Business & Economy",
            "Science & Space",
            "Sport",
            "Press Review",
            "You can filter your feed,",
            "by choosing only interesting",
            "sections.",
        ]
    )
    text = f"{menu}\n\nMinister to pay official visit to Sylvania\n\n{REAL_SENTENCES[0]}\n"
    clean = clean_text(text)
    assert clean.strip().startswith("Minister to pay official visit to Sylvania")
    assert REAL_SENTENCES[0] in clean
    assert clean.count("\n") == text.count("\n")


def test_hard_wrapped_prose_is_not_taken_for_a_menu() -> None:
    prose = "\n".join(
        [
            "The minister said",
            "the talks went well.",
            "she will return",
            "in the autumn.",
            "Both sides agreed.",
        ]
    )
    assert clean_text(prose) == prose


def test_crlf_and_unusual_line_breaks_are_kept() -> None:
    text = "Share\r\nThe minister arrived.\u2028Subscribe\r\n"
    clean = clean_text(text)
    assert clean == "     \r\nThe minister arrived.\u2028         \r\n"


@given(st.text())
def test_any_string_keeps_its_length_and_line_breaks(text: str) -> None:
    clean = clean_text(text)
    assert len(clean) == len(text)
    for original, cleaned in zip(text, clean, strict=True):
        assert cleaned == original or cleaned == " "


@given(st.lists(st.sampled_from(REAL_SENTENCES + DEBRIS_LINES + [""]), max_size=30))
def test_mixed_lines_never_lose_length(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert len(clean_text(text)) == len(text)


def test_blank_spans_blanks_overlapping_and_clipped_spans_but_keeps_line_breaks() -> None:
    text = "ab\ncd\u2028ef"
    spans = [(3, 7), (1, 4), (-2, 1), (20, 30), (5, 2)]  # unsorted, overlapping, outside
    assert blank_spans(text, spans) == "  \n  \u2028 f"
    assert blank_spans(text, []) == text
