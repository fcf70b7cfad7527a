"""Write the hostile corpus in tests/data/hostile/ (run once; the files are kept in git).

Every file is small and made up here: truncated HTML, wrong encodings, a binary renamed
.txt, an empty file, JSONL with broken lines, a German article, a page of pure debris.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent / "hostile"

ENGLISH = (
    "The foreign minister of Freedonia arrived in Sylvania on Tuesday for two days of talks "
    "with her counterpart, the ministry said in a statement. The two sides are expected to "
    "sign an agreement on trade and discuss cooperation in energy and transport."
)

GERMAN = (
    "Der Außenminister von Freedonien ist am Dienstag zu zweitägigen Gesprächen in Sylvanien "
    "eingetroffen, teilte das Ministerium mit. Beide Seiten wollen ein Handelsabkommen "
    "unterzeichnen und über die Zusammenarbeit bei Energie und Verkehr sprechen. Die Reise "
    "ist die erste eines Mitglieds der neuen Regierung in das Nachbarland seit drei Jahren."
)


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace_only.txt": b"  \n\n\t \n",
        "attachment_png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "attachment_pdf.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>\n",
        "nul_garbage.txt": bytes((i * 37) % 256 for i in range(600)),
        "cp1252_quotes.txt": ("\u201cWe agreed,\u201d she said \u2013 " + ENGLISH).encode("cp1252"),
        "latin1_accents.txt": ("Café diplomacy: " + ENGLISH + " Señor García attended.").encode(
            "latin-1"
        ),
        "utf16_bom.txt": ENGLISH.encode("utf-16"),
        "german_article.txt": GERMAN.encode("utf-8"),
        "debris_only.txt": "\n".join(
            [
                "Share",
                "Subscribe",
                "READ MORE: Something else happened",
                "Tags: ; ;",
                "Please enter your comment!",
                "Please enter your name here",
                "scroll to top",
                "Copyright (C) Example News. All Rights Reserved.",
            ]
        ).encode("utf-8"),
        "truncated.html": (
            "<html><head><title>Minister visits Sylvania</title></head><body><article>"
            f"<h1>Minister visits Sylvania</h1><p>{ENGLISH}</p><p>The visit is the first"
        ).encode(),
        "declared_wrong_charset.html": (
            '<html><head><meta charset="utf-8"><title>Talks</title></head><body>'
            f"<p>Caf\u00e9 talks. {ENGLISH}</p></body></html>"
        ).encode("latin-1"),
        "tags_only.html": b"<html><head><script>var x = 1;</script></head><body></body></html>",
        "records.jsonl": "\n".join(
            [
                json.dumps({"id": "good-text", "text": ENGLISH, "published": "2024-06-19"}),
                '{"id": "broken", "text": "unterminated',
                json.dumps({"text": "no id here " * 10}),
                json.dumps(["not", "an", "object"]),
                json.dumps({"id": "good-html", "html": f"<p>{ENGLISH}</p>"}),
                json.dumps({"id": "german", "text": GERMAN}),
                json.dumps({"id": "bad-published", "text": ENGLISH, "published": 20240619}),
            ]
        ).encode("utf-8")
        + b"\n\xff\xfe not utf-8 at all\n",
        "notes.md": b"# not an input format; ignored\n",
    }
    for name, data in files.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
