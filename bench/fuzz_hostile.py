"""Fuzz `bilat build` with generated hostile documents and count what happens to each.

usage: python bench/fuzz_hostile.py [--n 10000] [--seed 7] [--max-bytes 200000]
                                    [--keep DIR] [--json FILE]

Writes ``--n`` documents into a temporary folder: plain articles and every kind of bad
input a scraper produces (truncated HTML, Latin-1/CP1252/UTF-16/UTF-32 text, a page that
declares the wrong charset, binary attachments, files over the size limit, empty and
whitespace-only files, other languages and scripts, JSONL with broken lines, RSS feeds
broken or with empty entries, the same article ten times, deeply nested and garbage tags,
NUL and control bytes, right-to-left text and emoji, whole articles on one line). Each
document carries the outcomes it may have: stored, or reported with one of a few codes.

Then it runs :func:`bilat.pipeline.build` over the folder and prints: documents, taken,
skipped by error code, crashes (an exception escaping the build; the folder is then
rebuilt file by file to count the files that crash), documents neither stored nor reported
(must be 0), documents whose outcome was not one expected, time and peak memory. Exit code
0 when there are no crashes and no unreported documents.

Most documents are small (a few hundred bytes to a few KB) so that 10^4 of them build in
minutes with spaCy; the size limit is lowered to ``--max-bytes`` so that over-limit files
stay cheap to write (the check is the same at any limit).
"""

from __future__ import annotations

import argparse
import codecs
import json
import random
import resource
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bilat.config import Settings
from bilat.model import Failure
from bilat.pipeline import BuildReport, build
from bilat.store import open_store

TAKEN = "taken"  # outcome of a document that is stored

# ------------------------------------------------------------------------ text pieces

LEADERS = [
    ("Russian", "President Vladimir Putin", "Moscow"),
    ("North Korean", "leader Kim Jong Un", "Pyongyang"),
    ("Chinese", "President Xi Jinping", "Beijing"),
    ("Vietnamese", "President To Lam", "Hanoi"),
    ("Iranian", "Foreign Minister Abbas Araghchi", "Tehran"),
    ("Indian", "Prime Minister Narendra Modi", "New Delhi"),
    ("Russian", "Foreign Minister Sergei Lavrov", "Moscow"),
    ("North Korean", "Foreign Minister Choe Son Hui", "Pyongyang"),
]
VERBS = ["met", "held talks with", "spoke by phone with", "signed an agreement with",
         "will visit", "hosted", "received"]
WHEN = ["on Tuesday", "last week", "on June 19, 2024", "yesterday", "in late April",
        "next month", "on Friday", "earlier this year", ""]
FILLER = [
    "The two sides discussed trade, energy and transport links.",
    "Officials said the talks were constructive and covered regional security.",
    "Analysts expect further contacts before the end of the year.",
    "The ministry published a short statement after the meeting.",
    "Both delegations included deputy ministers and senior diplomats.",
    "The visit comes as the two countries expand their cooperation.",
]
# Made up for this script: enough words of each language for a confident identification.
FOREIGN = {
    "de": "Der Minister traf am Dienstag seinen Amtskollegen in der Hauptstadt und sprach "
          "über Handel, Energie und die Zusammenarbeit beider Länder in den nächsten Jahren.",
    "fr": "Le ministre a rencontré mardi son homologue dans la capitale pour discuter du "
          "commerce, de l'énergie et de la coopération entre les deux pays voisins.",
    "es": "El ministro se reunió el martes con su homólogo en la capital para hablar sobre "
          "comercio, energía y la cooperación entre los dos países durante los próximos años.",
    "ru": "Министр во вторник встретился со своим коллегой в столице и обсудил торговлю, "
          "энергетику и сотрудничество двух стран в ближайшие годы.",
    "zh": "部长星期二在首都会见了他的同行，双方讨论了贸易、能源以及两国在未来几年的合作问题。"
          "会谈气氛友好，双方同意继续加强交流。",
    "ar": "التقى الوزير يوم الثلاثاء نظيره في العاصمة وناقش الجانبان التجارة والطاقة والتعاون "
          "بين البلدين في السنوات المقبلة.",
}
# File names people and scrapers produce: spaces, accents, right-to-left, emoji, quotes.
ODD_NAMES = [" copy (2)", "-caf\u00e9", "-\u202etxt.exe", "-\U0001f600", "-'\"; DROP TABLE x",
             "-\u0645\u0642\u0627\u0644", "-%20%00", "-" + "x" * 150]
BINARY_HEADERS = [b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0",
                  b"GIF89a", b"\x1f\x8b\x08", b"\x7fELF", b"SQLite format 3\x00"]


def sentence(rng: random.Random) -> str:
    (adj_a, who_a, _), (adj_b, who_b, city_b) = rng.sample(LEADERS, 2)
    when = rng.choice(WHEN)
    return f"{adj_a} {who_a} {rng.choice(VERBS)} {adj_b} {who_b} in {city_b} {when}".strip() + "."


def article(rng: random.Random, sentences: int = 0) -> str:
    n = sentences or rng.randint(3, 8)
    lines = [sentence(rng) if i % 2 == 0 else rng.choice(FILLER) for i in range(n)]
    return "\n".join(lines) + "\n"


def html_page(body: str, title: str = "Talks", charset: str = "utf-8") -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines() if line)
    return (f'<html><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body><nav>Home | World | Share</nav><article><h1>{title}</h1>{paragraphs}"
            "</article><footer>Copyright Example News</footer></body></html>")


# ------------------------------------------------------------------------ documents


@dataclass
class Corpus:
    """The generated files and, per document name, the outcomes it may have."""

    root: Path
    expected: dict[str, set[str]] = field(default_factory=dict)
    kinds: Counter[str] = field(default_factory=Counter)
    count: int = 0

    def file(self, kind: str, suffix: str, data: bytes, outcomes: set[str]) -> None:
        odd = ODD_NAMES[self.count % len(ODD_NAMES)] if self.count % 17 == 0 else ""
        name = f"{self.count:05d}-{kind}{odd}{suffix}"
        (self.root / name).write_bytes(data)
        self.expect(kind, name, outcomes)

    def expect(self, kind: str, name: str, outcomes: set[str]) -> None:
        self.expected[name] = outcomes
        self.kinds[kind] += 1
        self.count += 1


Maker = Callable[[Corpus, random.Random, int], None]


def english_txt(c: Corpus, rng: random.Random, _: int) -> None:
    c.file("english", ".txt", article(rng).encode(), {TAKEN})


def english_html(c: Corpus, rng: random.Random, _: int) -> None:
    c.file("english", ".html", html_page(article(rng)).encode(), {TAKEN})


def char_refs(c: Corpus, rng: random.Random, _: int) -> None:
    refs = ["&#xD800;", "&#0;", "&#99999999;", "&#x110000;", "&#x202E;", "&nbsp;", "&bogus;", "&#",
            "&amp;amp;", "&#x1F600;", "&#65279;"]
    body = "\n".join(
        line + " " + "".join(rng.choices(refs, k=3)) for line in article(rng).splitlines()
    )
    c.file("char-refs", ".html", html_page(body).encode(), {TAKEN})


def truncated_html(c: Corpus, rng: random.Random, _: int) -> None:
    page = html_page(article(rng)).encode()
    cut = rng.randint(1, len(page) - 1)
    c.file("truncated", ".html", page[:cut], {TAKEN, "E101"})


def legacy_encoding(c: Corpus, rng: random.Random, _: int) -> None:
    text = (
        "Caf\u00e9 diplomacy: Se\u00f1or Garc\u00eda said \u201cwe agreed\u201d \u2013 "
        + article(rng)
    )
    codec = rng.choice(["cp1252", "latin-1"])
    data = text.encode(codec, errors="replace")
    c.file(f"enc-{codec}", ".txt", data, {TAKEN})


def wide_encoding(c: Corpus, rng: random.Random, _: int) -> None:
    codec = rng.choice(["utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-8-sig"])
    data = article(rng).encode(codec)
    if codec in ("utf-16-le", "utf-16-be") and rng.random() < 0.5:
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    c.file(f"enc-{codec}", ".txt", data, {TAKEN})


def wrong_charset(c: Corpus, rng: random.Random, _: int) -> None:
    page = html_page(
        "Caf\u00e9 talks.\n" + article(rng), charset=rng.choice(["utf-8", "koi8-r", "bogus"])
    )
    c.file("wrong-charset", ".html", page.encode("latin-1", errors="replace"), {TAKEN})


def binary(c: Corpus, rng: random.Random, _: int) -> None:
    data = rng.choice(BINARY_HEADERS) + rng.randbytes(rng.randint(16, 4000))
    c.file("binary", rng.choice([".txt", ".html"]), data, {"E102"})


def random_bytes(c: Corpus, rng: random.Random, _: int) -> None:
    c.file("noise", ".txt", rng.randbytes(rng.randint(1, 3000)), {"E101", "E102", "E103", "E105"})


def too_large(c: Corpus, rng: random.Random, limit: int) -> None:
    body = article(rng, 40)
    data = (body * (limit // len(body) + 2)).encode()[: limit + rng.randint(1, limit)]
    if rng.random() < 0.3:
        record = json.dumps({"id": f"{c.count:05d}-huge-record", "text": data.decode()})
        (c.root / f"{c.count:05d}-huge.jsonl").write_text(record + "\n", encoding="utf-8")
        c.expect("too-large", f"{c.count:05d}-huge-record", {"E104"})
        return
    c.file("too-large", rng.choice([".txt", ".html"]), data, {"E104"})


def empty(c: Corpus, rng: random.Random, _: int) -> None:
    data = rng.choice([b"", b" ", b"\n\n\t  \r\n", b"\xef\xbb\xbf", "\u00a0\u2028\n".encode(),
                       b"<html></html>", b"<p> </p><p>Share</p>"])
    c.file("empty", rng.choice([".txt", ".html"]), data, {"E101"})


def foreign(c: Corpus, rng: random.Random, _: int) -> None:
    language = rng.choice(sorted(FOREIGN))
    text = "\n".join([FOREIGN[language]] * rng.randint(2, 5))
    c.file(f"lang-{language}", ".txt", text.encode(), {"E105"})


def jsonl(c: Corpus, rng: random.Random, _: int) -> None:
    """Good records between broken lines: each broken line is reported as FILE:LINE."""
    file = f"{c.count:05d}-records.jsonl"
    lines: list[bytes] = []
    for _ in range(rng.randint(2, 8)):
        number = len(lines) + 1
        choice = rng.random()
        if choice < 0.4:
            name = f"{c.count:05d}-record"
            published = rng.choice(["2024-06-19", "2024-06-19T08:00:00Z", "yesterday", "2024-13-45",
                                    "", "0000-00-00", "9999-12-31", None])
            text = article(rng)
            if rng.random() < 0.2:  # half a surrogate pair, as a cut emoji leaves in JSON
                text += rng.choice(["\ud83d", "\ude00", "\udfff x"])
            lines.append(json.dumps({"id": name, "text": text, "published": published}).encode())
            c.expect("jsonl-good", name, {TAKEN})
            continue
        broken = rng.choice([
            b'{"id": "x", "text": "unterminated',
            b'["not", "an", "object"]',
            json.dumps({"text": article(rng)}).encode(),  # no id
            json.dumps({"id": "y", "text": 42}).encode(),
            json.dumps({"id": "", "text": "blank id"}).encode(),
            b"\xff\xfe not utf-8 \x80\x81",
            b"{" * 5000,
            b"[" * 100_000,  # nesting that exhausts the JSON parser's stack
            b'{"id": ' + b"[" * 100_000 + b"}",
            json.dumps({"id": "z", "text": "ok", "published": 20240619}).encode(),
        ])
        lines.append(broken)
        c.expect("jsonl-broken", f"{file}:{number}", {"E106"})
    (c.root / file).write_bytes(b"\n".join(lines) + b"\n")


def feed(c: Corpus, rng: random.Random, _: int) -> None:
    file = f"{c.count:05d}-feed.xml"
    if rng.random() < 0.4:
        data = rng.choice([b"<rss><channel><item><title>cut", b"not xml at all", b"\x00\x01<rss>"])
        (c.root / file).write_bytes(data)
        c.expect("feed-broken", file, {"E106", "E101", "E102"})
        return
    items = []
    for i in range(rng.randint(1, 4)):
        guid = f"{c.count:05d}-entry"
        if rng.random() < 0.3:
            items.append(f"<item><guid>{guid}</guid><title>Nothing</title></item>")
            c.expect("feed-empty-entry", guid, {"E106"})
        else:
            body = article(rng).replace("\n", " ").replace("&", "and")
            items.append(f"<item><guid>{guid}</guid><title>Talks {i}</title>"
                         f"<pubDate>Wed, 19 Jun 2024 08:00:00 GMT</pubDate>"
                         f"<description>{body}</description></item>")
            c.expect("feed-entry", guid, {TAKEN})
    xml = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
           f'{"".join(items)}</channel></rss>')
    (c.root / file).write_text(xml, encoding="utf-8")


def ten_times(c: Corpus, rng: random.Random, _: int) -> None:
    """The same article under ten names (syndicated copies), and one record ten times."""
    text = article(rng).encode()
    if rng.random() < 0.5:
        for _ in range(10):
            c.file("copy", ".txt", text, {TAKEN})
        return
    name = f"{c.count:05d}-repeated"
    record = json.dumps({"id": name, "text": text.decode()})
    (c.root / f"{c.count:05d}-repeated.jsonl").write_text((record + "\n") * 10, encoding="utf-8")
    c.expect("repeated-record", name, {TAKEN})


def garbage_tags(c: Corpus, rng: random.Random, _: int) -> None:
    depth = rng.choice([50, 500, 5000])
    inner = "<p>" + article(rng).replace("\n", "</p><p>") + "</p>" if rng.random() < 0.7 else ""
    choice = rng.random()
    if choice < 0.4:
        page = "<div>" * depth + inner + "</div>" * rng.randint(0, depth)
    elif choice < 0.7:
        page = "".join(
            rng.choice(
                [
                    "<",
                    ">",
                    "</",
                    "<b",
                    "<!--",
                    "-->",
                    "<![CDATA[",
                    "]]>",
                    "&#",
                    ";",
                    "&amp",
                    "<script>",
                    "</script>",
                    " x ",
                    '="',
                    "'",
                ]
            )
            for _ in range(2000)
        )
        page += inner
    else:
        page = f"<html><body><table>{'<tr><td>' * depth}{inner}</body>"
    c.file("tags", ".html", page.encode(), {TAKEN, "E101", "E102", "E105"})


def nul_bytes(c: Corpus, rng: random.Random, _: int) -> None:
    text = bytearray(article(rng).encode())
    for _ in range(rng.randint(1, 20)):
        text.insert(rng.randrange(len(text)), 0)
    c.file("nul", ".txt", bytes(text), {"E102"})


def control_chars(c: Corpus, rng: random.Random, _: int) -> None:
    text = article(rng)
    noise = "".join(
        rng.choice("\x01\x02\x07\x08\x0b\x0c\x1b\x7f\x85\x9b") for _ in range(rng.randint(1, 200))
    )
    cut = rng.randrange(len(text))
    c.file("control", ".txt", (text[:cut] + noise + text[cut:]).encode(), {TAKEN, "E102"})


def rtl_emoji(c: Corpus, rng: random.Random, _: int) -> None:
    extra = ["\u202e", "\u200f", "\u200b", "\ufeff", "\U0001f1f7\U0001f1fa", "\U0001f91d",
             "\u0645\u0648\u0633\u0643\u0648", "e\u0301", "\ud7ff", "\U0010fffd", "\u0000"[:0]]
    lines = article(rng).splitlines()
    text = "\n".join(
        line + " " + "".join(rng.choices(extra, k=rng.randint(0, 4))) for line in lines
    )
    c.file("rtl-emoji", ".txt", text.encode(), {TAKEN})


def long_line(c: Corpus, rng: random.Random, limit: int) -> None:
    """A whole article on one line; one in ten close to the size limit (spaCy's worst case)."""
    count = rng.randint(50, 300) if rng.random() < 0.9 else limit // 80
    sentences = [sentence(rng) if i % 3 == 0 else rng.choice(FILLER) for i in range(count)]
    c.file("long-line", ".txt", " ".join(sentences).encode()[: limit - 1], {TAKEN})


# (maker, weight): plain articles are a quarter, the rest spread over the hostile kinds.
MAKERS: list[tuple[Maker, int]] = [
    (english_txt, 15), (english_html, 10), (truncated_html, 8), (legacy_encoding, 6),
    (wide_encoding, 6), (wrong_charset, 4), (binary, 8), (random_bytes, 5), (too_large, 2),
    (empty, 6), (foreign, 7), (jsonl, 5), (feed, 3), (ten_times, 1), (garbage_tags, 6),
    (nul_bytes, 4), (control_chars, 3), (rtl_emoji, 4), (long_line, 1), (char_refs, 3),
]


def generate(root: Path, n: int, seed: int, limit: int) -> Corpus:
    rng = random.Random(seed)
    corpus = Corpus(root)
    makers, weights = zip(*MAKERS, strict=True)
    while corpus.count < n:
        rng.choices(makers, weights)[0](corpus, rng, limit)
    return corpus


# ------------------------------------------------------------------------ run and count


@dataclass
class Outcome:
    report: BuildReport | None
    crashes: list[str]  # tracebacks of exceptions that escaped the build
    stored: set[str]
    failures: list[Failure]


def run(root: Path, db: str, settings: Settings) -> Outcome:
    crashes: list[str] = []
    report: BuildReport | None = None
    try:
        report = build([root], db=db, settings=settings)
    except Exception:  # noqa: BLE001 - counting crashes is the point
        crashes.append(traceback.format_exc())
        crashes = _per_file(root, db, settings) or crashes
    store = open_store(db)
    try:
        stored = {d.name for d in store.documents()}
        failures = store.failures()
    finally:
        store.close()
    return Outcome(report, crashes, stored, failures)


def _per_file(root: Path, db: str, settings: Settings) -> list[str]:
    """After a crash: build every file on its own to count the files that crash."""
    crashes = []
    for path in sorted(root.iterdir()):
        try:
            build([path], db=db, settings=settings)
        except Exception:  # noqa: BLE001
            crashes.append(f"{path.name}\n{traceback.format_exc()}")
    return crashes


def tally(corpus: Corpus, outcome: Outcome) -> dict[str, object]:
    reported: dict[str, set[str]] = {}
    for f in outcome.failures:
        reported.setdefault(f.name, set()).add(f.code)
        # an entry of a feed is named FILE#N when it has no id or link of its own
        reported.setdefault(f.name.split("#")[0], set()).add(f.code)
    unreported, unexpected = [], []
    for name, allowed in sorted(corpus.expected.items()):
        got = ({TAKEN} if name in outcome.stored else set()) | reported.get(name, set())
        if not got:
            unreported.append(name)
        elif not got <= allowed:
            unexpected.append(f"{name}: {sorted(got)} not in {sorted(allowed)}")
    return {
        "documents": len(corpus.expected),
        "taken": len(outcome.stored),
        "skipped_by_code": dict(sorted(Counter(f.code for f in outcome.failures).items())),
        "crashes": len(outcome.crashes),
        "unreported": len(unreported),
        "unexpected_outcome": len(unexpected),
        "examples_unreported": unreported[:10],
        "examples_unexpected": unexpected[:10],
        "kinds": dict(sorted(corpus.kinds.items())),
    }


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="documents to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-bytes", type=int, default=200_000, help="size limit for the run")
    parser.add_argument(
        "--keep", type=Path, help="write the corpus and database here, and keep them"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="bilat-fuzz-"))
    root = work / "docs"
    root.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        corpus = generate(root, args.n, args.seed, args.max_bytes)
        generated = time.perf_counter() - started
        files = sorted(root.iterdir())
        size = sum(p.stat().st_size for p in files)
        settings = Settings(max_doc_bytes=args.max_bytes, batch_size=64)
        started = time.perf_counter()
        outcome = run(root, str(work / "fuzz.db"), settings)
        seconds = time.perf_counter() - started
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    figures = tally(corpus, outcome)
    figures |= {
        "files": len(files),
        "corpus_mb": round(size / 1e6, 1),
        "generate_seconds": round(generated, 1),
        "build_seconds": round(seconds, 1),
        "peak_rss_mb": round(peak_mb()),
        "stage_seconds": {
            k: round(v, 1) for k, v in (outcome.report.seconds if outcome.report else {}).items()
        },
        "exit_code": outcome.report.exit_code if outcome.report else None,
        "seed": args.seed,
        "max_doc_bytes": args.max_bytes,
    }
    for key, value in figures.items():
        print(f"{key:>22}: {value}")
    for crash in outcome.crashes[:3]:
        print(crash, file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if not outcome.crashes and not figures["unreported"] else 1


if __name__ == "__main__":
    sys.exit(main())
