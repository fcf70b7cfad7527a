"""The real development articles (read at run time from ../shared, never copied here)."""

import re
from datetime import date
from pathlib import Path

import pytest

from bilat.config import Settings
from bilat.documents import clean_text, find_publication_date, prepare
from bilat.documents.dates import byline_date, url_date
from bilat.model import RawDocument
from bilat.sources import apply_manifest, iter_raw, read_manifest

DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "dev"

pytestmark = pytest.mark.skipif(
    not (DEV / "docs").is_dir(), reason=f"shared dev corpus not found at {DEV}"
)


def _manifest() -> dict[str, dict]:
    return read_manifest(DEV / "manifest.jsonl")


def test_every_dev_document_prepares_as_english_with_its_manifest_date() -> None:
    manifest = _manifest()
    documents = []
    for raw in iter_raw([DEV / "docs"]):
        assert isinstance(raw, RawDocument), raw
        documents.append(prepare(apply_manifest(raw, manifest), Settings()))
    assert len(documents) == len(list((DEV / "docs").glob("*.txt")))
    for doc in documents:
        assert doc.language == "en"
        assert len(doc.clean) == len(doc.text)
        expected = manifest[doc.name]["published"]
        if expected:
            assert (doc.published, doc.published_source) == (expected, "record")


def test_dates_found_on_the_page_agree_with_the_manifest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    manifest = _manifest()
    dated = found = 0
    for path in sorted((DEV / "docs").glob("*.txt")):
        expected = manifest[path.name]["published"]
        if not expected:
            continue
        dated += 1
        date, _source = find_publication_date(path.read_text(encoding="utf-8"))
        if date is not None:
            found += 1
            assert date == expected, path.name
    with capsys.disabled():
        print(f"\npublication date found on the page for {found} of {dated} dated dev documents")
    assert found >= dated // 2


def test_dated_urls_agree_with_the_manifest_within_a_day() -> None:
    # A URL carries the newsroom's local date, so it may be a day off the manifest's.
    for entry in _manifest().values():
        if entry["published"] and entry.get("url") and (found := url_date(entry["url"])):
            gap = date.fromisoformat(found) - date.fromisoformat(entry["published"])
            assert abs(gap.days) <= 1, entry["doc"]


def test_debris_seen_in_dev_documents_is_blanked() -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in (DEV / "docs").glob("*.txt")}
    debris_markers = ["Please enter your comment!", "READ MORE:", "scroll to top", "Link copied"]
    for name, text in texts.items():
        clean = clean_text(text)
        for marker in debris_markers:
            if marker in text:
                assert marker not in clean, (name, marker)
        assert not clean.lstrip().startswith("date 2"), name


def test_bylines_alone_agree_with_the_manifest(capsys: pytest.CaptureFixture[str]) -> None:
    # Hide the scraper's leading "date ..." marker so only the page's own bylines count.
    manifest = _manifest()
    found = 0
    for path in sorted((DEV / "docs").glob("*.txt")):
        expected = manifest[path.name]["published"]
        text = re.sub(r"\A\s*date \d{4}-\d{2}-\d{2}", "", path.read_text(encoding="utf-8"))
        date_found = byline_date(text)
        if expected and date_found:
            found += 1
            assert date_found == expected, path.name
    with capsys.disabled():
        print(f"\nbyline dates found (marker hidden): {found}")
    assert found >= 10
