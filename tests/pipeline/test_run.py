"""The build: it times each stage, tells progress once per input document, the CLI takes
its options, and `bilat build` leaves its objects out of the exit's collections."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilat.cli import app
from bilat.pipeline import build, iter_documents
from bilat.pipeline import run as pipeline_run
from bilat.pipeline.groups_ahead import Found, GroupsAhead
from bilat.pipeline.incremental import BandKeys, Kept
from bilat.store.base import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_report_times_each_stage(tmp_path: Path) -> None:
    report = build(
        [EXAMPLES / "articles"], db=str(tmp_path / "t.db"), manifest=EXAMPLES / "manifest.jsonl"
    )
    assert report.taken > 0
    assert set(report.seconds) == {"prepare", "extract", "store", "merge"}
    assert all(v >= 0 for v in report.seconds.values())


def test_progress_is_told_once_per_input_document(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES / "articles", folder)
    (folder / "empty.txt").write_text("")
    shutil.copy(folder / "02_kim-putin-vostochny-cosmodrome.txt", folder / "zz_twice.txt")
    names: list[str] = []
    db = str(tmp_path / "p.db")
    first = build([folder], db=db, progress=names.append)
    inputs = sorted(iter_documents([folder], None), key=lambda r: r.name)
    assert sorted(names) == [r.name for r in inputs]
    assert first.skipped and first.skipped[0].name == "empty.txt"
    names.clear()
    again = build([folder], db=db, progress=names.append)
    assert len(names) == len(inputs) and again.taken == 0 and again.already == len(inputs) - 1


def test_cli_build_takes_jobs_and_reports_bad_values(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["build", str(EXAMPLES / "articles"), "--db", str(tmp_path / "c.db"), "--jobs", "0"]
    )
    assert result.exit_code == 2 and "E001" in result.output


def test_cli_build_shows_a_progress_bar_when_asked(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "build",
            str(EXAMPLES / "articles" / "02_kim-putin-vostochny-cosmodrome.txt"),
            "--db",
            str(tmp_path / "b.db"),
            "--progress",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "docs/s" in result.output and "1/1" in result.output


def _freeze_seen(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter with an exit handler registered first (so it runs
    last) that says whether the collector's objects were frozen by then."""
    probe = ("import atexit, gc; "
             "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0)); ")
    done = subprocess.run([sys.executable, "-c", probe + code], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return [line for line in done.stdout.splitlines() if line.startswith("frozen")]


def test_the_cli_build_leaves_its_objects_out_of_the_exit_collections(tmp_path: Path) -> None:
    """Rule: the interpreter's last collections would walk the model's millions of objects;
    `bilat build`, which owns its process, freezes them at exit (not before)."""
    empty = tmp_path / "in"
    empty.mkdir()
    code = ("from bilat.cli import app; "
            f"app(['build', {str(empty)!r}, '--db', {str(tmp_path / 'x.db')!r}], "
            "standalone_mode=False); "
            "import gc; print('frozen before exit:', gc.get_freeze_count() > 0)")
    assert _freeze_seen(code) == ["frozen before exit: False", "frozen at exit: True"]


def test_a_library_build_leaves_the_callers_collector_alone(tmp_path: Path) -> None:
    """Rule: freezing at exit would keep a library user's own cyclic objects from being
    finalised, so `bilat.pipeline.build` never registers it."""
    empty = tmp_path / "in"
    empty.mkdir()
    code = ("from bilat.pipeline import build; "
            f"build([{str(empty)!r}], db={str(tmp_path / 'x.db')!r}); "
            "import gc; print('frozen before exit:', gc.get_freeze_count() > 0)")
    assert _freeze_seen(code) == ["frozen before exit: False", "frozen at exit: False"]


def _imported_after(code: str, modules: tuple[str, ...]) -> list[str]:
    """The ``modules`` a fresh interpreter holds after running ``code``."""
    probe = f"{code}; import sys; print([m for m in {modules!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    return eval(done.stdout.strip().splitlines()[-1])  # noqa: S307 - our own list's repr


HEAVY = ("spacy", "dateparser", "sqlalchemy", "trafilatura", "datasketch", "feedparser")


def test_the_build_imports_no_heavy_library_before_its_reader_is_forked() -> None:
    """Rule: a parallel build forks its reader as it starts, so what is imported before
    that (the package, the build's module, the reader's) holds none of the extraction's,
    the store's, the cleaning's or copy detection's libraries: imported earlier, they kept
    a core idle (~1.5 CPU s) that the reader could have used."""
    code = "from bilat.pipeline import build, iter_documents, prepared, BuildReport"
    assert _imported_after(code, HEAVY) == []


def test_the_package_still_gives_every_name_it_exports() -> None:
    """Rule: the package's names are imported at their first use, each from its module."""
    import bilat.pipeline as package

    for name in package.__all__:
        assert getattr(package, name).__module__.startswith("bilat.pipeline.")


def test_a_parallel_builds_own_process_never_imports_the_cleaning_or_minhash(
        tmp_path: Path) -> None:
    """Rule: in a parallel build the reader prepares every document and computes its band
    keys, so the build's own process (which also extracts and merges) imports neither
    the cleaning's libraries nor datasketch: they cost it ~1.5 CPU s with the other core
    idle. Its merge still finds the examples' near-copy."""
    db = tmp_path / "x.db"
    code = (f"from bilat.pipeline import build; build([{str(EXAMPLES / 'articles')!r}], "
            f"db={str(db)!r}, manifest={str(EXAMPLES / 'manifest.jsonl')!r}, jobs=2)")
    assert _imported_after(code, ("datasketch", "trafilatura", "feedparser")) == []
    from bilat.store import open_store

    store = open_store(str(db))
    try:
        assert store.copy_map(d.id for d in store.documents_page(limit=100).rows)
    finally:
        store.close()


def test_a_build_of_text_files_imports_no_html_feed_or_postgresql_library(
        tmp_path: Path) -> None:
    """Rule: the HTML extraction (trafilatura, htmldate), the feed parser and SQLAlchemy's
    PostgreSQL dialect are imported at their first use, so a one-process build of text
    files into SQLite imports none of them (0.15 CPU s of start-up); the HTML page of the
    examples brings in only what it needs."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted((EXAMPLES / "articles").glob("*.txt"))[:2]:
        shutil.copy(path, folder / path.name)
    db = str(tmp_path / "x.db")
    code = f"from bilat.pipeline import build; build([{str(folder)!r}], db={db!r})"
    unused = ("trafilatura", "htmldate", "feedparser", "sqlalchemy.dialects.postgresql")
    assert _imported_after(code, unused) == []


def test_a_one_process_builds_merge_is_given_every_mention_it_stored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule: every build keeps the mentions it stores for its merge, which then reads none
    back (a one-process build read the mix's 3,427 back: 0.06 CPU s)."""
    import bilat.pipeline.run as pipeline_run
    from bilat.store import open_store

    given: list[Kept] = []
    merge = pipeline_run.merge_pending

    def merge_and_keep(store: Store, ahead: BandKeys, kept: Kept, *banded: set[str]) -> None:
        given.append(dict(kept))
        merge(store, ahead, kept, *banded)

    monkeypatch.setattr(pipeline_run, "merge_pending", merge_and_keep)
    db = str(tmp_path / "k.db")
    build([EXAMPLES / "articles"], db=db, manifest=EXAMPLES / "manifest.jsonl", jobs=1)
    store = open_store(db)
    try:
        stored = store.mentions()
    finally:
        store.close()
    assert stored
    kept = sorted((m for ms in given[0].values() for m in ms), key=lambda m: m.id)
    assert kept == sorted(stored, key=lambda m: m.id)


class _FakeReading:
    """A reader's copy groups as :class:`~bilat.pipeline.reader.Reading` hands them."""

    def __init__(self) -> None:
        self.wanted = True
        self.found = Found({"a": 0, "b": 0}, {"a": "a", "b": "a"})

    @property
    def groups(self) -> Found | None:
        return self.found if self.wanted else None

    def ungrouped(self) -> None:
        self.wanted = False


def test_copy_groups_found_ahead_go_to_the_merge_only_from_a_database_that_started_empty(
        ) -> None:
    reading = _FakeReading()
    unsettled = pipeline_run._Ahead(10, 10, groups_if_empty=True, reading=reading)  # type: ignore[arg-type]
    assert unsettled.found_groups() is None  # nothing stored yet: the merge regroups

    empty = pipeline_run._Ahead(10, 10, groups_if_empty=True, reading=reading)  # type: ignore[arg-type]
    empty.started_empty(True)
    assert empty.found_groups() == reading.found

    holding = pipeline_run._Ahead(10, 10, groups_if_empty=True, reading=reading)  # type: ignore[arg-type]
    holding.started_empty(False)  # a stored document may be a copy of a new one
    holding.started_empty(True)  # settled once: asked again, nothing changes
    assert reading.wanted is False
    assert holding.found_groups() is None


def test_without_a_reader_the_build_groups_copies_itself_in_an_empty_database() -> None:
    ahead = pipeline_run._Ahead(10, 10, groups_if_empty=True)
    ahead.started_empty(True)
    assert isinstance(ahead.found_groups(), GroupsAhead)
    one_process = pipeline_run._Ahead(0, 10)
    one_process.started_empty(True)
    assert one_process.found_groups() is None
