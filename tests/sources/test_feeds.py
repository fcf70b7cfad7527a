from pathlib import Path

from bilat.errors import MalformedRecord
from bilat.model import Failure, RawDocument
from bilat.sources.feeds import read_feed

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Wire</title><link>https://example.org</link>
<item>
  <title>Minister visits</title><link>https://example.org/2024/06/19/visit</link>
  <guid>https://example.org/?p=1</guid>
  <description>Teaser only</description>
  <content:encoded><![CDATA[<p>The full body of the article.</p>]]></content:encoded>
  <pubDate>Wed, 19 Jun 2024 08:00:00 GMT</pubDate>
</item>
<item><title>Link only</title><link>https://example.org/b</link>
  <description>Summary body.</description></item>
<item><title>Nothing inside</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><id>urn:uuid:1</id><title>Talks held</title>
  <updated>2023-09-15T10:00:00Z</updated>
  <content type="html">&lt;p&gt;Talks were held.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_entries_become_html_records_with_metadata() -> None:
    records = list(read_feed(RSS, Path("wire.rss")))
    first, second, third = records
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.name == "https://example.org/?p=1"
    assert first.kind == "html"
    assert b"full body" in first.data and b"Teaser" not in first.data
    assert (first.published, first.title, first.source) == (
        "2024-06-19",
        "Minister visits",
        "Example Wire",
    )
    assert first.url == "https://example.org/2024/06/19/visit"
    assert first.origin == "wire.rss#1"
    assert second.name == "https://example.org/b"
    assert second.data == b"Summary body."
    assert second.published is None
    assert isinstance(third, Failure) and third.code == MalformedRecord.code


def test_atom_entries_use_updated_when_there_is_no_published_date() -> None:
    (entry,) = list(read_feed(ATOM, Path("wire.atom")))
    assert isinstance(entry, RawDocument)
    assert (entry.name, entry.published, entry.source) == ("urn:uuid:1", "2023-09-15", "Atom Wire")
    assert b"Talks were held." in entry.data


def test_xml_that_is_not_a_feed_is_a_failure() -> None:
    (failure,) = list(read_feed(b"<<<this is not xml", Path("junk.xml")))
    assert isinstance(failure, Failure)
    assert "junk.xml" in failure.message


def test_a_feed_that_breaks_before_its_first_entry_is_a_failure() -> None:
    # feedparser calls this "rss" (it saw the tag) but finds no entry: it must not vanish
    (failure,) = list(read_feed(b"\x00\x01<rss>", Path("cut.xml")))
    assert isinstance(failure, Failure)
    assert failure.code == "E106" and "cut.xml" in failure.message


def test_a_well_formed_feed_without_entries_is_reported_as_empty() -> None:
    empty = (b'<?xml version="1.0"?><rss version="2.0">'
             b"<channel><title>Quiet wire</title></channel></rss>")
    (failure,) = list(read_feed(empty, Path("quiet.rss")))
    assert isinstance(failure, Failure)
    assert failure.code == "E101" and "no entries" in failure.message
