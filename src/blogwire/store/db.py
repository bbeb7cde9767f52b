"""The SQLite file under the store: opening, pragmas, migrations, transactions.

Every sqlite3 error leaves this package as a StoreError naming the database file,
so the CLI can print one line that says which state file is at fault.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from blogwire.errors import StoreError
from blogwire.store.records import utc_text

Clock = Callable[[], dt.datetime]
BUSY_TIMEOUT_MS = 5000
NEW_FILE_GRACE_S = 5.0  # an empty database file younger than this is being created

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The script cut into single statements: sqlite3's `executescript` would
        commit first, and the migration must run inside our own transaction."""
        out: list[str] = []
        pending = ""
        for line in self.sql.splitlines(keepends=True):
            pending += line
            if sqlite3.complete_statement(pending):
                out.append(pending)
                pending = ""
        if pending.strip():
            out.append(pending)  # only comments can be left; SQLite accepts them
        return out


def load_migrations() -> tuple[Migration, ...]:
    """The bundled `migrations/NNNN_name.sql`, checked to be numbered 1, 2, 3 …"""
    folder = resources.files("blogwire.store").joinpath("migrations")
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        names = ", ".join(m.name for m in found) or "none"
        raise StoreError(f"schema migrations must be numbered 0001, 0002, … without gaps: {names}")
    return tuple(found)


def snapshot(source: Path, target: Path) -> None:
    """Copy the database at `source` to `target` as one read transaction sees it
    (SQLite's backup API), so a live WAL database copies whole and consistent; a dry
    run then changes the copy freely. The source is only read, never migrated; a
    missing source leaves no copy (the dry run then starts from a new store)."""
    if not source.exists():
        return
    refuse_empty(source)
    try:
        with (
            closing(sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)) as original,
            closing(sqlite3.connect(target)) as copy,
        ):
            original.backup(copy)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot copy the database: {exc}", subject=str(source)) from exc


def refuse_empty(path: Path) -> None:
    """A database file that exists but holds no byte was truncated (or made by something
    else): SQLite would take it for a new store, and rejected stories would come back
    as new drafts. It is refused, and left as it is for the user to look at. A file
    only seconds old is another process creating the store right now (SQLite creates
    the file on connect and writes it a moment later), so it is let through."""
    try:
        info = path.stat()
    except OSError:
        return  # missing (a new store), or opening it will say what is wrong
    age = time.time() - info.st_mtime
    empty = stat.S_ISREG(info.st_mode) and info.st_size == 0
    if empty and age > NEW_FILE_GRACE_S and not Path(f"{path}-wal").exists():
        raise StoreError(
            "the database file is empty (0 bytes): it was truncated or is not blogwire's; "
            "restore it from a backup, or move it away to start a new store",
            subject=str(path),
        )


class Database:
    """One connection, in autocommit mode: transactions are explicit and ours."""

    def __init__(self, connection: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self._conn = connection
        self.path = path
        self._clock = clock
        self._depth = 0

    @classmethod
    def open(cls, path: Path, *, clock: Clock | None = None) -> Self:
        """Open or create the database at `path` and bring its schema up to date."""
        path = Path(path)
        refuse_empty(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder {path.parent}: {exc.strerror or exc}", subject=str(path)
            ) from exc
        try:
            connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the database: {exc}", subject=str(path)) from exc
        connection.row_factory = sqlite3.Row
        db = cls(connection, path, clock or (lambda: dt.datetime.now(dt.UTC)))
        try:
            db._prepare()
        except BaseException:
            connection.close()
            raise
        return db

    def _prepare(self) -> None:
        self._execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        migrations = load_migrations()
        # Read the version before anything writes: a newer database must be left as is.
        self._refuse_newer(self.schema_version(), migrations)
        self._execute("PRAGMA journal_mode = WAL")  # readers never wait for the writer
        self._execute("PRAGMA foreign_keys = ON")
        # IMMEDIATE so two processes opening a new file migrate one after the other,
        # the second then seeing the version the first recorded.
        with self.transaction():
            current = self.schema_version()
            self._refuse_newer(current, migrations)
            for migration in migrations[current:]:
                for statement in migration.statements():
                    self._execute(statement, what=f"migration {migration.name}")
                self._execute(f"PRAGMA user_version = {migration.version}")

    def _refuse_newer(self, version: int, migrations: Sequence[Migration]) -> None:
        if version > len(migrations):
            raise StoreError(
                f"schema version {version} is newer than this blogwire knows "
                f"({len(migrations)}); upgrade blogwire to use this database",
                subject=str(self.path),
            )

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def schema_version(self) -> int:
        return int(self._one("PRAGMA user_version")[0])

    def integrity_ok(self) -> bool:
        """PRAGMA integrity_check says 'ok' and no foreign key points nowhere (the
        integrity check does not look at foreign keys)."""
        rows = self._query("PRAGMA integrity_check")
        healthy = len(rows) == 1 and rows[0][0] == "ok"
        return healthy and not self._query("PRAGMA foreign_key_check")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all.

        The outermost level is BEGIN IMMEDIATE: it takes the write lock up front, so
        a transaction that reads and then writes cannot fail with SQLITE_BUSY midway
        while another process writes (busy_timeout only helps while waiting for a
        lock, not when a read snapshot has gone stale). An inner level is a
        savepoint: it commits nothing by itself, and an exception caught inside the
        outer block undoes only the inner level's writes.
        """
        savepoint = f"level{self._depth}" if self._depth else None
        self._execute(f"SAVEPOINT {savepoint}" if savepoint else "BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            self._undo(savepoint)
            raise
        self._depth -= 1
        if savepoint:
            self._execute(f"RELEASE {savepoint}")
            return
        try:
            self._execute("COMMIT")
        except StoreError:
            self._undo(None)
            raise

    def _undo(self, savepoint: str | None) -> None:
        if savepoint:
            self._execute(f"ROLLBACK TO {savepoint}")
            self._execute(f"RELEASE {savepoint}")
        elif self._conn.in_transaction:
            self._execute("ROLLBACK")

    # -- helpers for the store's queries ------------------------------------

    def _now(self) -> str:
        return utc_text(self._clock())

    def _execute(self, sql: str, params: Sequence[Any] = (), *, what: str = "") -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise StoreError(_describe(exc, what), subject=str(self.path)) from exc

    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            self._conn.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise StoreError(_describe(exc, ""), subject=str(self.path)) from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(_describe(exc, ""), subject=str(self.path)) from exc

    def _one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row:
        row = self._query(sql, params)
        if not row:
            raise StoreError(f"no row for {sql.split()[0]} {params}", subject=str(self.path))
        return row[0]

    def _maybe_one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        rows = self._query(sql, params)
        return rows[0] if rows else None


def _describe(exc: sqlite3.Error, what: str) -> str:
    text = str(exc)
    if "file is not a database" in text:
        text = "not a blogwire database (not an SQLite file)"
    elif "unable to open database file" in text or "readonly" in text:
        text = f"cannot write the database or its folder ({text})"
    return f"{what}: {text}" if what else text
