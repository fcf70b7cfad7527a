import pytest

from bilat.documents import find_publication_date
from bilat.documents.dates import is_date_stamp, parse_full_date, url_date

BODY = "The minister arrived in the capital on Tuesday for talks with his counterpart.\n"

# (text, html, url, expected date, expected source) — all written for this test.
CASES = [
    (
        " date 2025-05-27 Minister visits Sylvania\n" + BODY,
        None,
        None,
        "2025-05-27",
        "page-date-line",
    ),
    ("Headline\nPublished: 27 May. 2025, 10:03\n" + BODY, None, None, "2025-05-27", "byline"),
    (
        "Headline\nBy Wire\nPublished : Sept. 4, 2017 - 21:39\n" + BODY,
        None,
        None,
        "2017-09-04",
        "byline",
    ),
    (
        "World\nHeadline\nPublished September 15, 2023\nUpdated September 16, 2023\n" + BODY,
        None,
        None,
        "2023-09-15",
        "byline",
    ),
    ("Wire DIPLOMACY\nPublished May 16,2024\n" + BODY, None, None, "2024-05-16", "byline"),
    ("calendar>>March 17. 2019 Juche 108\nHeadline\n" + BODY, None, None, "2019-03-17", "byline"),
    (
        "Download\nMay 16, 2024 5:25 PM\nprinter\nHeadline\n" + BODY,
        None,
        None,
        "2024-05-16",
        "byline",
    ),
    (
        "Jane Doe (@janedoe) 5 minutes ago Mon 02nd September 2019 | 07:30 AM\n" + BODY,
        None,
        None,
        "2019-09-02",
        "byline",
    ),
    (
        "STORY: Headline\n:: June 20, 2024\n:: Capital City\n" + BODY,
        None,
        None,
        "2024-06-20",
        "byline",
    ),
    ("Updated 2024-03-05 10:00\n" + BODY, None, None, "2024-03-05", "byline"),
    (
        "CAPITAL (Wire News - 18th Oct, 2024) The ministry said troops had left.\n",
        None,
        None,
        "2024-10-18",
        "byline",
    ),
    (
        "CAPITAL CITY, Aug. 13, 2025 -- The two leaders spoke by phone.\n",
        None,
        None,
        "2025-08-13",
        "byline",
    ),
    (
        "09/02/2024 September 2, 2024 Leader arrives in the capital\n" + BODY,
        None,
        None,
        "2024-09-02",
        "byline",
    ),
    ("09/02/2024 September 2, 2024\nLeader arrives\n" + BODY, None, None, "2024-09-02", "byline"),
    ("June 19 talks ended without a deal in 2024, officials said.\n", None, None, None, None),
    # A dateline without a year is not enough on its own.
    ("MINSK, Dec. 6 (Wire) -- The presidents signed a treaty.\n", None, None, None, None),
    # A date in a long caption or deep in the body is an event date, not the publication date.
    (
        "Leader meets president at the spaceport, September 13, 2023, in this handout image.\n"
        + BODY,
        None,
        None,
        None,
        None,
    ),
    (BODY * 20 + "Published: 1 January 2020\n", None, None, None, None),
    (
        BODY,
        '<html><head><meta property="article:published_time" content="2024-06-19T10:00:00Z">'
        "</head><body><p>x</p></body></html>",
        None,
        "2024-06-19",
        "html-meta",
    ),
    (
        BODY,
        '<html><body><script type="application/ld+json">'
        '{"@type": "NewsArticle", "datePublished": "2022-01-02"}</script><p>x</p></body></html>',
        None,
        "2022-01-02",
        "html-meta",
    ),
    (BODY, None, "https://example.org/diplomacy/2024/09/18/ministers-meet", "2024-09-18", "url"),
    (BODY, None, "https://example.org/news/2024-11-05/national/x/123", "2024-11-05", "url"),
    (BODY, None, "http://example.cn/20241207/abc/c.html", "2024-12-07", "url"),
    (BODY, None, "https://example.org/view.php?ud=20170904000990", None, None),
    (BODY, None, None, None, None),
    # No date of its own: the text's present is the latest full date whose weekday it names
    # (a caption's "Sunday, June 18, 2023", or "On January 25, 2023" told "on Wednesday").
    (
        "Minister arrives\nThe minister walks with his host in the capital, Sunday, June 18,"
        " 2023.\nThe minister started talks on Sunday. They met in March 2021 too.\n",
        None,
        None,
        "2023-06-18",
        "text",
    ),
    (
        "On January 25, 2023, the government announced a loan. The president spoke at the"
        " ministry on Wednesday. The last loan came on March 3, 2019.\n",
        None,
        None,
        "2023-01-25",
        "text",
    ),
    # A file photo's date whose weekday the story never names is not its present.
    (
        "FILE - The leaders meet in the capital on November 14, 2022.\n" + BODY,
        None,
        None,
        None,
        None,
    ),
    # The page outranks the URL.
    (
        "Published: 05 Nov. 2024, 13:51\n" + BODY,
        None,
        "https://e.org/2020/01/01/x",
        "2024-11-05",
        "byline",
    ),
]


@pytest.mark.parametrize(("text", "html", "url", "expected", "source"), CASES)
def test_find_publication_date(
    text: str, html: str | None, url: str | None, expected: str | None, source: str | None
) -> None:
    assert find_publication_date(text, html, url) == (expected, source)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27 May. 2025", "2025-05-27"),
        ("Sept. 4, 2017", "2017-09-04"),
        ("September 2, 2024", "2024-09-02"),
        ("May 16,2024", "2024-05-16"),
        ("02nd September, 2019", "2019-09-02"),
        ("the 4th of July 2021", "2021-07-04"),
        ("2024-06-19T08:00", "2024-06-19"),
        ("2024/06/19", "2024-06-19"),
        ("19/06/2024", "2024-06-19"),
        ("09/02/2024", None),  # ambiguous: day-month or month-day
        ("Feb 30, 2024", None),
        ("Dec. 6", None),
        ("May 2024", None),
        ("09/02/2024 September 2, 2024", "2024-09-02"),
    ],
)
def test_parse_full_date(text: str, expected: str | None) -> None:
    assert parse_full_date(text) == expected


def test_date_stamps_are_lines_that_are_only_dates() -> None:
    assert is_date_stamp("May 16, 2024 5:25 PM")
    assert is_date_stamp("September 07, 0:24 UTC+3 MOSCOW")
    assert not is_date_stamp("In March 2023")
    assert not is_date_stamp("The talks were held on May 16, 2024.")


def test_url_date_rejects_impossible_dates() -> None:
    assert url_date("https://e.org/2024/13/40/x") is None
    assert url_date("https://e.org/2024/6/9/x") == "2024-06-09"
