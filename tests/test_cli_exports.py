"""`bilat timeline` with the API's filters, checked the same way, and `bilat export` writing
every format of the sample corpus (examples/), read back as an analyst would."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from bilat.cli import app
from bilat.pipeline import build
from bilat.views.records import ROW_FIELDS

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample corpus built by the real pipeline, as `make run` does."""
    db = str(tmp_path_factory.mktemp("sample") / "sample.db")
    report = build([EXAMPLES / "articles"], db=db, manifest=EXAMPLES / "manifest.jsonl")
    assert report.taken and not report.skipped
    return db


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


# ---------------------------------------------------------------------------- timeline


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--country", "XYZ"], "no state bilat knows"),
        (["--type", "FOO"], "VISIT, MEET, CALL, AGREE, AID"),
        (["--since", "yesterday"], "a month (2024-06)"),  # the fix says what a date looks like
        (["--status", "rumoured"], "occurred, planned"),
        (["--sort", "random"], "-date"),
        (["--limit", "0"], "positive --limit"),
    ],
)
def test_timeline_refuses_what_the_api_refuses(sample_db: str, args: list[str],
                                               says: str) -> None:  # fmt: skip
    code, output = run("timeline", "--db", sample_db, *args)
    assert code == 2  # a usage error, as the API's 422
    flat = " ".join(output.split())
    assert "E302" in flat and says in flat and "Traceback" not in flat


def test_timeline_filters_sorts_and_limits_like_the_api(sample_db: str) -> None:
    code, output = run("timeline", "--db", sample_db, "--status", "planned", "--sort", "-date",
                       "--limit", "2", "--json")  # fmt: skip
    assert code == 0, output
    events = json.loads(output)
    assert len(events) == 2 and {e["status"] for e in events} == {"planned"}
    assert events[0]["date"] >= events[1]["date"]
    assert tuple(events[0]) == ROW_FIELDS
    _, found = run("timeline", "--db", sample_db, "--q", "treaty", "--csv")
    rows = list(csv.DictReader(io.StringIO(found)))
    assert rows and all("treaty" in (r["evidence"] + r["source_titles"]).lower() for r in rows)


def test_timeline_help_shows_plain_flags() -> None:
    _, output = run("timeline", "--help")
    for flag in ("--json", "--csv"):
        (line,) = [x for x in output.splitlines() if f" {flag} " in x]
        assert "<bool>" not in line
    for option in ("--status", "--q", "--sort", "--limit"):
        assert option in output


# ---------------------------------------------------------------------------- export


def test_export_writes_every_format_of_the_sample_corpus(sample_db: str, tmp_path: Path) -> None:
    out = {fmt: tmp_path / f"events.{fmt}" for fmt in ("csv", "parquet", "plover", "graphml",
                                                       "events-jsonl")}  # fmt: skip
    for fmt, path in out.items():
        code, output = run("export", "--db", sample_db, "--format", fmt, "-o", str(path))
        assert code == 0, output
    rows = list(csv.DictReader(out["csv"].open(encoding="utf-8")))
    table = pq.read_table(out["parquet"])
    assert len(rows) == table.num_rows > 0 and table.column_names == list(ROW_FIELDS)
    assert [r["id"] for r in rows] == table.column("id").to_pylist()
    visits = [r for r in rows if r["type"] == "VISIT" and r["recipient_state"]]
    assert visits and all(" → " in r["direction"] for r in visits)
    assert all(r["evidence"] and r["source_titles"] for r in rows)
    plover = [json.loads(line) for line in out["plover"].read_text().splitlines()]
    assert [p["id"] for p in plover] == [r["id"] for r in rows]
    for record in plover:
        assert {"id", "date", "date_precision", "event", "mode", "actor", "recipient",
                "event_loc", "event_text", "cite_info"} <= set(record)  # fmt: skip
        assert record["event"][0] in {"CONSULT", "SUPPORT", "AID", "AGREE"}
    graph = nx.read_graphml(out["graphml"])
    assert {"RUS", "PRK"} <= set(graph.nodes)
    assert any(d["directed"] for _, _, d in graph.edges(data=True))
    documents = out["events-jsonl"].read_text().splitlines()
    assert len(documents) == 14  # one line per stored document


def test_export_to_stdout_and_its_guard_rails(sample_db: str) -> None:
    code, output = run("export", "--db", sample_db, "--format", "parquet")
    assert code == 2 and "-o FILE" in " ".join(output.split())
    code, output = run("export", "--db", sample_db, "--format", "xlsx")
    assert code == 2 and "plover" in output
    code, output = run("export", "--db", sample_db, "--format", "graphml", "--level", "actor")
    assert code == 0 and output.startswith("<?xml") and "Vladimir Putin" in output
    code, output = run("export", "--db", sample_db, "--format", "csv", "-o", "/nonexistent/x.csv")
    assert code == 2 and "E001" in output


def test_export_takes_the_timelines_filters(sample_db: str) -> None:
    code, output = run("export", "--db", sample_db, "--format", "csv", "--type", "AID",
                       "--since", "2024")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(output)))
    assert code == 0 and rows and {r["type"] for r in rows} == {"AID"}
    assert all(r["date"] >= "2024" for r in rows if r["date"])
    code, output = run("export", "--db", sample_db, "--format", "plover", "--country", "XYZ")
    assert code == 2 and "E302" in output
