"""Blank out scraping debris while keeping every character offset valid.

``clean_text`` returns a string of the same length as its input in which debris (menus,
share buttons, comment-form prompts, bylines, "READ MORE" links ...) is replaced by
spaces and line breaks are kept. Offsets found on the clean text therefore point into the
original text unchanged, so evidence quotes stay exact.

Written by hand because boilerplate removers (trafilatura, jusText) work on HTML trees:
here the input is already flat text, often scraped by someone else, and must keep its
length. The rules are line rules plus a few inline patterns. They err on the side of
keeping text: a leftover "Share" costs nothing, a blanked sentence loses an event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from bilat.documents.dates import MONTH_PATTERN, is_date_stamp

Span = tuple[int, int]

_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2019", "'", ")")

# Whole lines that are interface text (compared lower-case, bullets and colons stripped).


def _phrases(block: str) -> frozenset[str]:
    """Phrases separated by "|" or line breaks, stripped."""
    return frozenset(phrase.strip() for phrase in re.split(r"[|\n]", block)) - {""}


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


UI_PHRASES = _phrases(
    """
    link copied|copy link|show more|show less|load more|read more|read also|also read|see also
    related|related article|related articles|related news|related stories|related content
    source link|scroll to top|back to top|go to top|contact us|about us|most popular|most read
    most viewed|advertisement|sponsored|sponsored content|loading|more news|latest news
    go to search|use filter|select the city|currency converter|news feed|all news
    in other media|topics|sections|you may also like|you might also like|recommended
    trending|trending now|leave a reply|leave a comment|cancel reply|post comment|comments
    skip to content|skip to main content|toggle navigation|newsletter|sign up|accept cookies
    cookie settings|view comments|add comment|print this article|email this article
    share this article|share on facebook|share on twitter|follow us|follow us on
    """
)

# Lines made only of these words are share bars and app badges ("android apple", "Download
# Mobile App", "print dictionary print", "Share").
UI_WORDS = _words(
    """
    share shares sharing print printer email e-mail mail facebook twitter x whatsapp telegram
    linkedin reddit pinterest signal kakaotalk line android apple ios app apps mobile download
    subscribe dictionary copy link copied comment comments save bookmark tweet follow us on
    show hide more less login log in sign up register menu search close home top back to
    scroll listen audio font size text photo photos video videos gallery a+ a- rss feed
    """
)

_COMMENT_FORM = re.compile(
    r"^(please enter your (comment|name|e-?mail)|you have entered an incorrect"
    r"|save my name,? email|leave a (reply|comment)|cancel reply|post comment|\d+\s+comments?$)",
    re.I,
)
_READ_MORE = re.compile(
    r"^(read more|read also|also read|see also|more from"
    r"|related(\s+(articles?|news|stories|coverage|content|posts?))?)\s*(:|>|»|\||$)",
    re.I,
)
_TAGS = re.compile(r"^(tags?|keywords|filed under|categories|topics)\s*:", re.I)
_TAGS_NO_COLON = re.compile(r"^tags?\s+\S", re.I)
# "Copyright law was discussed" is a sentence; a copyright notice has a symbol or a year.
_RIGHTS_RESERVED = "all rights reserved"  # the one alternative of _COPYRIGHT not at the start
_COPYRIGHT = re.compile(r"^(copyright|©|\(c\))\s*(©|\(c\)|\d{4})|^©|" + _RIGHTS_RESERVED, re.I)
_PHOTO_CREDIT = re.compile(r"^(photo|photos|image|picture|file photo|photo credit)\s*:\s*\S", re.I)
_BYLINE = re.compile(r"^[Bb]y\s+[A-Z@]")
_SOCIAL_BYLINE = re.compile(
    r"\(@\w+\)|\b\d+\s+(seconds?|minutes?|mins?|hours?|hrs?|days?)\s+ago\b", re.I
)
# "(Yonhap) (Yonhap)", "(Reporting by ...; Editing by ...)"; a bracketed sentence is kept.
_PARENTHESISED_ONLY = re.compile(
    r"^(\([^()]{1,160}(?<![.!?])\)\s*|\[[^\[\]]{1,160}(?<![.!?])\]\s*)+$"
)
_PUBLISHED = re.compile(
    r"^(published|updated|posted|last updated|last modified|first published|date)\b", re.I
)
_PAGE_COUNT = re.compile(r"^(\d+\s+pages?\s+in\s+this\s+article|page\s+\d+\s+of\s+\d+)$", re.I)
_SYMBOLS_ONLY = re.compile(r"^[\W_]+$")
_QUOTES = frozenset("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb()[]")

# Inline debris, blanked wherever it occurs in a kept line.
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_INLINE_PHOTO_CREDIT = re.compile(
    r"\((?:photo|photos|image|picture|file photo)(?:\s+by\b|\s*:|\s+credit\b)[^()\n]{0,100}\)", re.I
)
_TRAILING_BRACKET_CREDIT = re.compile(r"(?<=\S)\s*\[[A-Z][A-Za-z/&.\- ]{1,40}\]\s*$")
_GLUED_BYLINE = re.compile(r"(?<=[\w.!?:])By [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}\s*$")
_LEADING_DATE_MARKER = re.compile(
    r"\A\s*date \d{4}-\d{2}-\d{2}(?:\s+\d{1,2}/\d{1,2}/\d{4})?"
    rf"(?:\s+{MONTH_PATTERN}\s+\d{{1,2}},\s*\d{{4}})?(?=\s|\Z)",
    re.I,
)

# each inline pattern, in order, with a literal every match of it holds
_INLINE_PATTERNS = ((_TEMPLATE, "{"), (_INLINE_PHOTO_CREDIT, "("),
                    (_TRAILING_BRACKET_CREDIT, "["), (_GLUED_BYLINE, "By "))

NAV_MIN_RUN = 4  # consecutive short lines before a block is called a menu
NAV_MAX_WORDS = 5
NAV_MAX_CHARS = 40


def clean_text(text: str) -> str:
    """``text`` with debris replaced by spaces; same length, line breaks kept."""
    return blank_spans(text, debris_spans(text))


def blank_spans(text: str, spans: Iterable[Span]) -> str:
    """``text`` with every character of ``spans`` but line breaks made a space. The spans,
    clipped to the text, are merged and each blanked with one substitution: a list of
    every character of the document cost more than finding its debris."""
    clipped = sorted((max(start, 0), min(end, len(text))) for start, end in spans)
    pieces: list[str] = []
    done = 0
    for start, end in _merged([span for span in clipped if span[0] < span[1]]):
        pieces.append(text[done:start])
        pieces.append(_NOT_A_BREAK.sub(" ", text[start:end]))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


_NOT_A_BREAK = re.compile(f"[^{re.escape(_LINE_BREAKS)}]")


def _merged(spans: list[Span]) -> Iterator[Span]:
    """Sorted spans, those that overlap or touch joined."""
    if not spans:
        return
    start, end = spans[0]
    for next_start, next_end in spans[1:]:
        if next_start > end:
            yield start, end
            start = next_start
        end = max(end, next_end)
    yield start, end


def debris_spans(text: str) -> Iterator[Span]:
    """Character spans of ``text`` that are debris."""
    marker = _LEADING_DATE_MARKER.match(text)
    marker_end = marker.end() if marker else 0
    # The marker shares its line with a headline or debris: judge what follows it.
    lines = [_skip_prefix(line, marker_end) for line in iter_lines(text)]
    debris = [is_debris_line(content) for _, content in lines]
    for index in navigation_lines(lines, debris):
        debris[index] = True
    for (start, content), is_debris in zip(lines, debris, strict=True):
        if is_debris:
            yield start, start + len(content)
        else:
            for span_start, span_end in inline_debris(content):
                yield start + span_start, start + span_end
    if marker:
        yield marker.start(), marker.end()


def _skip_prefix(line: tuple[int, str], prefix_end: int) -> tuple[int, str]:
    start, content = line
    if start >= prefix_end:
        return line
    cut = min(prefix_end - start, len(content))
    return start + cut, content[cut:]


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, content without its line break) for every line of ``text``."""
    offset = 0
    for line in text.splitlines(keepends=True):
        yield offset, line.rstrip(_LINE_BREAKS)
        offset += len(line)


def is_debris_line(line: str) -> bool:
    """True when the whole line is interface text, a byline, a credit or a date stamp."""
    stripped = line.strip()
    if not stripped:
        return False
    return (_is_interface_text(stripped) or _is_attribution(stripped)
            or _is_stamp_or_symbols(stripped))


def _is_interface_text(stripped: str) -> bool:
    """Buttons, page counts, template leftovers, comment forms, "READ MORE", tag lines."""
    words = stripped.split()
    bare = stripped.strip("•·|*#>»:-–— \t").lower()
    if bare in UI_PHRASES or _PAGE_COUNT.match(bare) or (
            "{" in stripped and not _TEMPLATE.sub("", stripped).strip()):
        return True  # (a template tag opens with "{": most lines need no substitution)
    if len(words) <= 6 and all(word.lower().strip("•·|:,") in UI_WORDS for word in words):
        return True
    if _COMMENT_FORM.match(bare) or _READ_MORE.match(bare) or _TAGS.match(bare):
        return True
    return bool(_TAGS_NO_COLON.match(bare) and len(words) <= 8
                and not stripped.endswith(_SENTENCE_END))


def _is_attribution(stripped: str) -> bool:
    """Copyright lines, photo credits, bylines and parenthesised credits."""
    words = stripped.split()
    sentence_like = stripped.endswith(_SENTENCE_END)
    # the length tests first: most lines are prose, too long for a notice or a byline,
    # and these patterns are searched at every position of a line
    if len(stripped) <= 200 and _copyright_notice(stripped):
        return True
    if _PHOTO_CREDIT.match(stripped) and len(words) <= 8 and not stripped.endswith("."):
        return True
    if _BYLINE.match(stripped) and len(words) <= 8 and not sentence_like:
        return True
    if len(words) <= 20 and not sentence_like and _SOCIAL_BYLINE.search(stripped):
        return True
    return bool(_PARENTHESISED_ONLY.match(stripped))


def _copyright_notice(stripped: str) -> bool:
    """``_COPYRIGHT.search``: only its opening alternatives can match an ASCII line without
    its unanchored phrase (a non-ASCII line may hold a letter that matches one of the
    phrase's in any case, the long s for an "s"), and they match at the start only."""
    if stripped.isascii() and _RIGHTS_RESERVED not in stripped.lower():
        return _COPYRIGHT.match(stripped) is not None
    return _COPYRIGHT.search(stripped) is not None


def _is_stamp_or_symbols(stripped: str) -> bool:
    """"Published: ..." stamps, breadcrumbs, date stamps, symbol rows and bare page numbers."""
    if (
        _PUBLISHED.match(stripped)
        and any(char.isdigit() for char in stripped)
        and len(stripped.split()) <= 14
        and not stripped.endswith((".", "!", "?"))
    ):
        return True
    if is_breadcrumb(stripped) or is_date_stamp(stripped):
        return True
    if _SYMBOLS_ONLY.match(stripped) and not set(stripped) <= _QUOTES:
        return True
    return stripped.isdigit() and len(stripped) <= 4


def is_breadcrumb(line: str) -> bool:
    """ "Home > National > North Korea", "calendar>>March 17. 2019"."""
    separators = line.count(" > ") + line.count("»") + line.count(" / ")
    return (
        (">>" in line or separators >= 2)
        and len(line.split()) <= 12
        and not line.endswith((".", "!", "?"))
    )


def navigation_lines(lines: list[tuple[int, str]], debris: list[bool]) -> Iterator[int]:
    """Indices of lines in menu blocks: runs of short, mostly capitalised lines.

    A run is a block of consecutive non-blank lines, each short (or already debris).
    Menus have no sentence punctuation and start with capitals; hard-wrapped prose ends
    some lines with full stops and continues others in lower case, so it is spared.
    """
    run: list[int] = []
    for index, (_, content) in enumerate([*lines, (0, "")]):
        stripped = content.strip()
        if stripped and (debris[index] or _is_short(stripped)):
            run.append(index)
            continue
        yield from _menu_members(run, lines, debris)
        run = []


def _menu_members(run: list[int], lines: list[tuple[int, str]], debris: list[bool]) -> list[int]:
    short = [index for index in run if not debris[index]]
    if len(run) < NAV_MIN_RUN or len(short) < 3:
        return []
    texts = [lines[index][1].strip() for index in short]
    ending_sentences = sum(1 for text in texts if text.endswith((".", "!", "?")))
    capitalised = sum(1 for text in texts if not text[0].islower())
    if ending_sentences * 4 > len(texts) or capitalised * 10 < len(texts) * 7:
        return []
    return short


def _is_short(line: str) -> bool:
    return len(line) <= NAV_MAX_CHARS and len(line.split()) <= NAV_MAX_WORDS


def inline_debris(line: str) -> Iterator[Span]:
    """Debris inside a kept line: template tags, photo credits, title suffixes, bylines."""
    for pattern, needed in _INLINE_PATTERNS:
        if needed in line:  # (each pattern holds its literal: most lines hold none)
            for match in pattern.finditer(line):
                yield match.start(), match.end()
    suffix = title_suffix(line)
    if suffix is not None:
        yield suffix, len(line)


def title_suffix(line: str) -> int | None:
    """Where a " | Section | Site" suffix starts in a headline line, if it has one."""
    parts = line.split(" | ")
    if len(parts) < 2 or len(parts[0].split()) < 4:
        return None
    tail = parts[1:]
    if all(len(part.split()) <= 3 and not part.strip().endswith((".", "!", "?")) for part in tail):
        return len(parts[0])
    return None
