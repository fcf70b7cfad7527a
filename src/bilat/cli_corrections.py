"""`bilat correct reject|merge|split|set` and `bilat corrections list|export|import`: parse,
call :mod:`bilat.pipeline.curate`, format. Registered on the `bilat` command by
:mod:`bilat.cli`."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from bilat.cli_shared import DbOption, fail, open_existing, out
from bilat.config import DEFAULT_DB
from bilat.errors import BilatError

if TYPE_CHECKING:
    from bilat.pipeline.corrections import CorrectionState
    from bilat.pipeline.curate import Request

correct_app = typer.Typer(help="Correct the record: reject, merge, split, set a field.",
                          no_args_is_help=True)
corrections_app = typer.Typer(help="The corrections log: list, export and import (JSONL).",
                              no_args_is_help=True)
Note = Annotated[str, typer.Option("--note", help="Why (kept with the correction).")]
Author = Annotated[str | None, typer.Option(
    "--author", help="Who corrects (default: the user name).")]
EventId = Annotated[str, typer.Argument(help="Event id (evt_...).")]


def _correct(db: str, req: Request) -> None:
    """Make the correction, store it, apply the log and say where it landed."""
    from bilat.pipeline import curate

    try:
        store = open_existing(db)
        try:
            correction = curate.make(store, req)
            states = curate.record(store, [correction])
        finally:
            store.close()
    except BilatError as exc:
        fail(exc)
        return
    state = next(s for s in states if s.correction.id == correction.id)
    out.print(Text(f"{correction.id} {correction.action}: {_state_line(state)}"))


def _state_line(s: CorrectionState) -> str:
    return s.state + (f" -> {s.event_id}" if s.event_id else "")


def _author(author: str | None) -> str:
    return author or getpass.getuser()


@correct_app.command("reject")
def reject(event_id: EventId, db: DbOption = DEFAULT_DB, note: Note = "",
           author: Author = None) -> None:
    """This event did not happen (or is not a state-to-state engagement): drop it."""
    from bilat.pipeline.curate import Request

    _correct(db, Request("reject", event_id, note=note, author=_author(author)))


@correct_app.command("merge")
def merge(event_id: EventId,
          other: Annotated[str, typer.Argument(help="The event it is the same as.")],
          db: DbOption = DEFAULT_DB, note: Note = "", author: Author = None) -> None:
    """Two events are one: merge them."""
    from bilat.pipeline.curate import Request

    _correct(db, Request("merge", event_id, other_event_id=other, note=note,
                         author=_author(author)))


@correct_app.command("split")
def split(event_id: EventId,
          mention: Annotated[str, typer.Argument(help="The mention (men_...) to take out.")],
          db: DbOption = DEFAULT_DB, note: Note = "", author: Author = None) -> None:
    """A mention tells another event: take it out of this one, into an event of its own."""
    from bilat.pipeline.curate import Request

    _correct(db, Request("split", event_id, mention_id=mention, note=note,
                         author=_author(author)))


@correct_app.command("set")
def set_field(
    event_id: EventId,
    field: Annotated[str, typer.Argument(
        help="type, actors, countries, location, date, status or what.")],
    values: Annotated[list[str] | None, typer.Argument(
        help="The value (several for actors and countries; none to clear).")] = None,
    precision: Annotated[str | None, typer.Option(
        "--precision", help="For a date: day, month or year.")] = None,
    db: DbOption = DEFAULT_DB, note: Note = "", author: Author = None,
) -> None:
    """Give a field of the event the right value."""
    from bilat.pipeline.curate import Request

    given = list(values or [])
    value: object = given if field in ("actors", "countries") else (given[0] if given else None)
    _correct(db, Request("set", event_id, field=field, value=value, precision=precision,
                         note=note, author=_author(author)))


@corrections_app.command("list")
def list_corrections(db: DbOption = DEFAULT_DB) -> None:
    """Every correction with how it stands (applied, orphaned, inactive)."""
    from bilat.pipeline.corrections import correction_states

    try:
        store = open_existing(db)
        states = correction_states(store)
        store.close()
    except BilatError as exc:
        fail(exc)
        return
    for s in states:
        c = s.correction
        what = f" {c.field}={c.value!r}" if c.action == "set" else ""
        out.print(Text(f"{c.time} {c.id} {c.action}{what} by {c.author}: {_state_line(s)}"))


@corrections_app.command("export")
def export_corrections(
    db: DbOption = DEFAULT_DB,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="File (default: stdout).")] = None,
) -> None:
    """Write the corrections log as JSON Lines, in the order it is applied."""
    from bilat.pipeline.curate import to_jsonl

    try:
        store = open_existing(db)
        text = "".join(to_jsonl(store.corrections()))
        store.close()
    except BilatError as exc:
        fail(exc)
        return
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@corrections_app.command("import")
def import_corrections(
    path: Annotated[Path, typer.Argument(help="JSONL written by `bilat corrections export`.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Add the corrections of a JSONL file (those not stored yet) and apply them."""
    from bilat.pipeline import curate

    try:
        batch = curate.from_jsonl(path.read_text(encoding="utf-8").splitlines())
        store = open_existing(db)
        try:
            before = len(store.corrections())
            states = curate.record(store, batch)
        finally:
            store.close()
    except OSError as exc:
        fail(BilatError(f"Cannot read {path}: {exc.strerror}."))
        return
    except BilatError as exc:
        fail(exc)
        return
    orphaned = sum(s.state == "orphaned" for s in states)
    out.print(Text(f"imported {len(states) - before} corrections ({len(batch)} read); "
                   f"{len(states)} in the log, {orphaned} orphaned"))
