"""Where the store lives and how to connect: URL resolution, engine set-up, clear errors.

Resolution order: an explicit ``--db URL`` (or a plain file path, taken as SQLite), then the environment
variable ``XXGK_DATABASE_URL``, then ``xxgk.sqlite3`` in the user data directory (platformdirs). PostgreSQL
URLs are served by psycopg 3 (``postgresql://`` is rewritten to ``postgresql+psycopg://``).
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

ENV_URL = "XXGK_DATABASE_URL"
ENV_DATA_DIR = "XXGK_DATA_DIR"
SQLITE_FILE = "xxgk.sqlite3"
WAL_CHECKPOINT_PAGES = 16_000  # 4 KB pages: 64 MB
BUSY_TIMEOUT_MS = 10_000  # a second writer waits this long for the lock, then gets a clear error


class StoreError(Exception):
    """Any store failure a user can act on (bad URL, database missing, locked, newer schema…)."""


class StoreConflict(StoreError):
    """A write refused by a unique constraint: another writer made the same row first (nothing was written)."""


class StoreDataError(StoreError):
    """A value the database refuses to hold (PostgreSQL: a NUL character in text): the data written is at
    fault, not the database; nothing of that transaction was written."""


def default_data_dir() -> Path:
    """The user data directory: ``XXGK_DATA_DIR`` or platformdirs' ``user_data_dir("xxgk")``."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("xxgk", appauthor=False))


def resolve_url(db: str | None = None) -> URL:
    """The database URL to use (see module doc). A plain path means a SQLite file."""
    raw = db or os.environ.get(ENV_URL) or ""
    if not raw:
        return make_url(f"sqlite:///{default_data_dir() / SQLITE_FILE}")
    if "://" not in raw:
        return make_url(f"sqlite:///{Path(raw).expanduser().absolute()}")
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {raw!r} ({exc})") from exc
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database {url.get_backend_name()!r}: use sqlite:///FILE or postgresql://…")
    return url


def describe(url: URL) -> str:
    """The URL for messages, password hidden."""
    return url.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL (None for in-memory or other databases)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def make_engine(url: URL, create_default_dir: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine for ``url``. SQLite: WAL, foreign keys, busy timeout; its folder must exist (or is the default)."""
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None and not path.parent.is_dir():
            if create_default_dir:
                path.parent.mkdir(parents=True, exist_ok=True)
            else:
                raise StoreError(f"cannot open database {path}: folder {path.parent} does not exist")
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000}, json_serializer=json_dumps)
        event.listen(engine, "connect", lambda conn, _rec: _sqlite_pragmas(conn, busy_timeout_ms))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # PostgreSQL: a writer waits for row locks at most this long, then gets a clear error
    return create_engine(url, pool_pre_ping=True, json_serializer=json_dumps,
                         connect_args={"options": f"-c lock_timeout={busy_timeout_ms}", "connect_timeout": 10})


def json_dumps(obj: Any) -> str:
    """JSON columns: Chinese kept readable; Decimal and numpy scalars (OCR boxes, scores) as plain numbers."""
    if obj is None:  # most cells have no box: SQLAlchemy still asks for its JSON ("null")
        return "null"
    return _ENCODER.encode(obj)


def _plain(o: Any) -> Any:
    """JSON for what :mod:`json` does not know (the encoder's ``default``)."""
    if isinstance(o, Decimal):
        return int(o) if o == o.to_integral_value() else float(o)
    if hasattr(o, "item"):  # numpy scalar
        return o.item()
    if hasattr(o, "tolist"):  # numpy array
        return o.tolist()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


# one encoder for every value: json.dumps with options builds a new encoder on each call (a cost per cell)
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_plain)


def writer(engine: Engine) -> Engine:
    """The same engine for transactions that write: on SQLite they take the write lock at BEGIN, so a locked
    database is detected before anything is written, never half way through a report."""
    return engine.execution_options(xxgk_write=True)


def _sqlite_begin(conn: Any) -> None:
    write = conn.get_execution_options().get("xxgk_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _sqlite_pragmas(dbapi_conn: Any, busy_timeout_ms: int) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable at checkpoints, never corrupt
    # a checkpoint (two fsyncs) every 64 MB of WAL rather than every 4 MB: an ingest dirties ~600 pages a
    # report (the cells' indexes), so the default checkpointed every other report (bench/PROFILE.md)
    cur.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
    cur.close()
