"""The `bilat` command: a thin layer that parses arguments, calls the library, formats."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from bilat.cli_corrections import correct_app, corrections_app
from bilat.cli_shared import (
    DbOption,
    err,
    fail,
    open_existing,
    out,
    plain,
)
from bilat.config import DEFAULT_DB
from bilat.errors import BilatError, UsageError

if TYPE_CHECKING:
    from bilat.pipeline import BuildReport

app = typer.Typer(
    help="bilat: sourced, deduplicated, time-resolved records of state-to-state events.",
    no_args_is_help=True, add_completion=False)
app.add_typer(correct_app, name="correct")
app.add_typer(corrections_app, name="corrections")

@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(
        help="Files or folders (.txt, .html, .jsonl, feeds).")],
    meta: Annotated[Path | None, typer.Option(
        "--meta", help="JSONL manifest with publication dates.")] = None,
    db: DbOption = DEFAULT_DB,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Extracting processes.")] = 1,
    dask: Annotated[str | None, typer.Option(
        "--dask",
        help="Extract on Dask: local:N workers, or a scheduler address (tcp://host:8786).")] = None,
    progress: Annotated[bool | None, typer.Option(
        "--progress/--no-progress",
        help="Progress bar on stderr (default: when it is a terminal).")] = None,
    prune: Annotated[bool, typer.Option(
        "--prune",
        help="Remove the stored documents this build did not take (deleted files, records "
             "no longer given), so the database holds exactly these inputs.")] = False,
) -> None:
    """Read articles and build (or extend) the event database. A document is known by its
    name: a new text or new metadata under a stored name replaces what was stored."""
    from bilat.pipeline import build as run_build
    from bilat.pipeline import iter_documents, skip_exit_collections
    from bilat.progress import document_progress, wanted

    skip_exit_collections()
    try:
        if wanted(err, progress):
            # one cheap pass to count the documents, so the bar can show how far along it is
            total = sum(1 for _ in iter_documents(paths, meta))
            with document_progress(err, total) as advance:
                report = run_build(paths, db=db, manifest=meta, progress=advance, jobs=jobs,
                                   dask=dask, prune=prune)
        else:
            report = run_build(paths, db=db, manifest=meta, jobs=jobs, dask=dask, prune=prune)
    except BilatError as exc:
        fail(exc)
        return
    _print_report(report, db)
    raise typer.Exit(report.exit_code)


def _print_report(report: BuildReport, db: str) -> None:
    """What the build skipped, replaced and pruned (stderr), then its summary line."""
    for f in report.skipped:
        line = plain(f"{f.name}: [{f.code}] {f.message}")
        err.print(Text.assemble(("skipped", "yellow"), " ", line))
    for c in report.replaced:
        err.print(Text.assemble(("replaced", "cyan"), " ", _change_line(c.name, c.change)))
    for name in report.pruned:
        err.print(Text.assemble(("pruned", "cyan"), " ", plain(name)))
    changed = "".join(f", {n} {what}" for n, what in (
        (len(report.replaced), "replaced"), (len(report.pruned), "pruned")) if n)
    out.print(plain(
        f"took {report.taken} documents ({report.already} already in the database{changed}), "
        f"skipped {len(report.skipped)}; {report.mentions} event mentions, "
        f"{report.events} events in {db}"
    ))
    orphaned = [s.correction for s in report.corrections if s.state == "orphaned"]
    for o in orphaned:
        err.print(Text.assemble(("orphaned", "yellow"), " ", plain(f"{o.id} {o.action}: {o.note}")))
    if report.corrections:
        out.print(f"{len(report.corrections)} corrections applied again, {len(orphaned)} orphaned")


_CHANGES = {"text": "new text", "metadata": "new metadata"}


def _change_line(name: str, change: str) -> Text:
    return plain(f"{name} ({_CHANGES.get(change, change)})")


# A plain flag: typer would otherwise show "--json <bool>" in the help.
FLAG = {"metavar": ""}


# The filters of `timeline` and `export`: those of GET /api/events, checked by the same
# function (bilat.views.filters.event_filter).
ActorOption = Annotated[str | None, typer.Option(help="Actor name (any spelling).")]
CountryOption = Annotated[list[str] | None, typer.Option(
    help="ISO-3 code; give twice for a pair.")]
TypeOption = Annotated[str | None, typer.Option("--type", help="VISIT, MEET, CALL, AGREE or AID.")]
StatusOption = Annotated[str | None, typer.Option(help="occurred or planned.")]
SinceOption = Annotated[str | None, typer.Option(help="ISO date prefix, inclusive.")]
UntilOption = Annotated[str | None, typer.Option(help="ISO date prefix, inclusive.")]
WordsOption = Annotated[str | None, typer.Option(
    "--q", help="Words to find in the evidence and the source titles.")]


@app.command()
def timeline(
    db: DbOption = DEFAULT_DB,
    actor: ActorOption = None,
    country: CountryOption = None,
    type: TypeOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    q: WordsOption = None,
    sort: Annotated[str, typer.Option(
        help="date, -date (newest first), sources or -sources (most first).")] = "date",
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", **FLAG)] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.", **FLAG)] = False,
) -> None:
    """Print events in date order with their sources (the filters of GET /api/events)."""
    from bilat.views.filters import check_limit, check_sort, event_filter
    from bilat.views.records import ROW_FIELDS, iter_records
    from bilat.views.serialise import csv_lines
    from bilat.views.timeline import json_array, render_table
    from bilat.views.timeline import timeline as rows_of

    try:
        flt = event_filter(actor=actor, countries=country or (), type=type, status=status,
                           since=since, until=until, q=q)
        check_sort(sort)
        check_limit(limit)
        store = open_existing(db)
        try:
            if as_json or as_csv:
                found = iter_records(store, flt, sort=sort, limit=limit)
                lines = json_array(found) if as_json else csv_lines(found, ROW_FIELDS)
                sys.stdout.writelines(lines)
            else:
                out.print(render_table(rows_of(store, flt, sort=sort, limit=limit)))
        finally:
            store.close()
    except BilatError as exc:
        fail(exc)


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    format: Annotated[str, typer.Option(
        "--format", help="events-jsonl (EVENTS.md, one document a line), csv, parquet, "
        "plover (PLOVER JSON, one event a line), graphml (the network) or gold (the corrected "
        "record in the gold format, keys from event ids).")] = "events-jsonl",
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="File (default: stdout; parquet needs one).")] = None,
    level: Annotated[str, typer.Option(
        help="graphml: the network of states (state) or of persons (actor).")] = "state",
    actor: ActorOption = None,
    country: CountryOption = None,
    type: TypeOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    q: WordsOption = None,
) -> None:
    """Write every event in an analyst's format (see docs/exports.md); the filters choose
    the events of csv, parquet, plover and graphml (events-jsonl is every document)."""
    from bilat.views.filters import event_filter
    from bilat.views.formats import BINARY_FORMATS, ExportRequest, check, write_export

    try:
        flt = event_filter(actor=actor, countries=country or (), type=type, status=status,
                           since=since, until=until, q=q)
        request = ExportRequest(format=format, flt=flt, level=level)
        check(request, to_file=output is not None)
        store = open_existing(db)
        try:
            if output is None:
                write_export(store, request, sys.stdout.buffer if format in BINARY_FORMATS
                             else sys.stdout)  # fmt: skip
            else:
                mode = "wb" if format in BINARY_FORMATS else "w"
                with _open_output(output, mode) as fh:
                    write_export(store, request, fh)
        finally:
            store.close()
    except BilatError as exc:
        fail(exc)


def _open_output(path: Path, mode: str) -> IO[Any]:
    try:
        if "b" in mode:
            return open(path, mode)  # noqa: SIM115 - closed by the caller's with
        return open(path, mode, encoding="utf-8", newline="\n")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"Cannot write {path}: {exc.strerror}.",
                         fix="Give -o a path in a folder that exists and you may write.") from None


@app.command("eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(
        help="Gold JSONL files (shared/spec/EVENTS.md format), or evaluation-set folders holding "
             "gold.jsonl (with docs/ and manifest.jsonl for --build).")],
    db: DbOption = DEFAULT_DB,
    build_sets: Annotated[bool, typer.Option(
        "--build",
        help="Build each set folder's docs/ into a fresh temporary database first.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", **FLAG)] = False,
) -> None:
    """Score against gold with the reference scorer's figures, set by set, with error classes."""
    from bilat.views.evaluate import format_report, gold_file, reference_figures, set_name

    try:
        results = [(path, _score_set(path, db, build_sets)) for path in gold]
    except BilatError as exc:
        fail(exc)
        return
    if as_json:
        figures = [reference_figures(res) for _, res in results]
        # one set: exactly the reference scorer's JSON; several: keyed by set name
        text = json.dumps(figures[0] if len(results) == 1
                          else {set_name(p): f for (p, _), f in zip(results, figures, strict=True)})
    else:
        text = "\n\n".join(
            (f"== {set_name(path)} ({gold_file(path)})\n" if len(results) > 1 else "")
            + format_report(res) for path, res in results)
    sys.stdout.write(text + "\n")


def _score_set(path: Path, db: str, build_first: bool) -> dict:
    import tempfile

    from bilat.pipeline import build as run_build
    from bilat.views.evaluate import evaluate_files, gold_file
    from bilat.views.export import export_events_jsonl

    with tempfile.TemporaryDirectory(prefix="bilat-eval-") as tmp:
        if build_first:
            if not (path / "docs").is_dir():
                raise BilatError(f"{path} is not an evaluation-set folder (no docs/ inside).",
                                 fix="Give SET folders with docs/, gold.jsonl and manifest.jsonl, "
                                     "or leave out --build and give --db.")
            db = str(Path(tmp) / "eval.db")
            manifest = path / "manifest.jsonl"
            run_build([path / "docs"], db=db, manifest=manifest if manifest.exists() else None)
        store = open_existing(db)
        pred = list(export_events_jsonl(store))
        store.close()
    return evaluate_files(gold_file(path), pred)


@app.command()
def status(db: DbOption = DEFAULT_DB) -> None:
    """What the database holds, the documents that were skipped and why, and the documents
    replaced by a new version or pruned, and the corrections whose event is gone."""
    from bilat.pipeline.corrections import correction_states

    try:
        store = open_existing(db)
        docs, failures = store.document_summaries(), store.failures()
        n_events, changes = store.count_events(), store.changes()
        states = correction_states(store)
        store.close()
    except BilatError as exc:
        fail(exc)
        return
    pruned = [c for c in changes if c.change == "pruned"]
    out.print(f"{len(docs)} documents, {n_events} events, {len(failures)} skipped documents, "
              f"{len(changes) - len(pruned)} replaced, {len(pruned)} pruned")
    for f in failures:
        out.print(plain(f"  skipped {f.name} at {f.stage}: [{f.code}] {f.message}"))
    for c in changes:
        line = plain(f"  pruned {c.name}") if c.change == "pruned" else Text.assemble(
            "  replaced ", _change_line(c.name, c.change))
        out.print(line)
    orphaned = [state.correction for state in states if state.state == "orphaned"]
    if states:
        out.print(f"{len(states)} corrections, {len(orphaned)} orphaned (their event is gone)")
    for o in orphaned:
        out.print(plain(f"  orphaned {o.id} {o.action} by {o.author} at {o.time}: {o.note}"))


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    allow_writes: Annotated[bool, typer.Option(
        "--allow-writes",
        help="Enable write endpoints (corrections), for BILAT_WRITE_TOKEN holders.")] = False,
    workers: Annotated[int, typer.Option(
        min=1, help="Server processes (e.g. one per core).")] = 1,
) -> None:
    """Serve the REST API and the web UI (read-only unless --allow-writes; writes then
    need the token in BILAT_WRITE_TOKEN)."""
    import os

    from bilat.web import serve as run_server

    if allow_writes and not os.environ.get("BILAT_WRITE_TOKEN"):
        fail(BilatError("--allow-writes needs a write token.",
                         fix="Set BILAT_WRITE_TOKEN to a long random secret."))
    try:
        open_existing(db).close()  # refused before the server starts: nothing to serve
    except BilatError as exc:
        fail(exc)
        return
    run_server(db, host=host, port=port, allow_writes=allow_writes, workers=workers)


@app.command()
def doctor(db: DbOption = DEFAULT_DB) -> None:
    """Check the installation and the database; say how to fix what is wrong."""
    from rich.table import Table

    from bilat.doctor import run_checks

    checks = run_checks(db)
    table = Table("check", "", "found", "fix")
    for c in checks:
        table.add_row(c.name, "[green]ok[/green]" if c.ok else "[red]FAIL[/red]",
                      plain(c.detail), c.fix)
    out.print(table)
    failed = [c.name for c in checks if not c.ok]
    out.print(f"{len(failed)} problem(s): {', '.join(failed)}" if failed else "all checks passed")
    raise typer.Exit(1 if failed else 0)


if __name__ == "__main__":  # pragma: no cover
    app()
