"""Statements run on the database driver's own cursor, inside the connection's transaction: the ingest
writer's hot path.

For a one-row INSERT, SQLAlchemy's work around the statement (cache key, compiled-cache look-up, parameter
processing, execution context, result object) costs several times the database's own. Here SQLAlchemy still
writes the SQL, once per statement and dialect — quoting, casts, type processors (JSON, dates) and
Python-side column defaults are its — and each call is only the driver's ``execute``. Driver errors are
raised as SQLAlchemy's (IntegrityError, OperationalError…), as a statement run by SQLAlchemy would raise them,
so the store tells them apart the same way. (Statement events such as ``before_cursor_execute`` do not fire.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Insert, Table, insert
from sqlalchemy.sql.dml import UpdateBase

__all__ = ["execute", "executemany", "insert_many", "insert_row"]


@dataclass(frozen=True)
class _Plan:
    """A statement compiled for one dialect, and how to turn a dict of values into the driver's parameters."""

    sql: str
    names: tuple[str, ...]  # the bound parameters, in the statement's order
    processors: tuple[Callable[[Any], Any] | None, ...]  # the type's bind processor of each
    defaults: tuple[tuple[int, Callable[[], Any]], ...]  # (position, default) of columns the values may leave out
    positional: bool  # qmark / numeric paramstyle: a tuple; else a dict
    returns_id: bool  # RETURNING the new row's id (else the cursor's lastrowid)

    def params(self, values: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        row = [values.get(name) for name in self.names]
        for i, default in self.defaults:
            if self.names[i] not in values:
                row[i] = default()
        row = [v if p is None else p(v) for v, p in zip(row, self.processors, strict=True)]
        return tuple(row) if self.positional else dict(zip(self.names, row, strict=True))


_PLANS: dict[tuple[Any, ...], _Plan] = {}


def _plan(conn: Connection, key: tuple[Any, ...], make: Callable[[], UpdateBase], columns: Sequence[str] | None,
          returns_id: bool) -> _Plan:
    dialect = conn.dialect
    cache_key = (dialect.name, dialect.driver, *key)
    plan = _PLANS.get(cache_key)
    if plan is not None:
        return plan
    compiled = make().compile(dialect=dialect, column_keys=list(columns) if columns is not None else None)
    names = tuple(compiled.positiontup or compiled.binds)
    binds = compiled.binds
    processors = tuple(binds[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names)
    defaults: list[tuple[int, Callable[[], Any]]] = []
    for column in getattr(compiled, "insert_prefetch", ()):  # columns with a Python-side default
        if column.key in names and column.default is not None:
            defaults.append((names.index(column.key), _default(column.default)))
    plan = _Plan(compiled.string, names, processors, tuple(defaults),
                 dialect.paramstyle in ("qmark", "numeric"), returns_id)
    _PLANS[cache_key] = plan
    return plan


def _default(default: Any) -> Callable[[], Any]:
    arg = default.arg
    if default.is_callable:  # SQLAlchemy wraps a no-argument callable as ``lambda context: fn()``
        return lambda: arg(None)
    return lambda: arg


@contextmanager
def _errors(conn: Connection, sql: str) -> Iterator[Any]:
    """The driver's cursor; a driver error raised as SQLAlchemy's."""
    from sqlalchemy.exc import DBAPIError

    dbapi = conn.dialect.loaded_dbapi
    raw = conn.connection.driver_connection
    assert raw is not None
    try:
        cursor = raw.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
    except dbapi.Error as exc:
        raise DBAPIError.instance(sql, None, exc, dbapi.Error, dialect=conn.dialect) from exc


def insert_row(conn: Connection, table: Table, values: Mapping[str, Any]) -> int:
    """INSERT one row of ``values`` (column keys; columns left out get their default) and return its id."""
    returning = conn.dialect.name != "sqlite"  # SQLite's cursor knows the rowid it made

    def make() -> Insert:
        stmt = insert(table)
        return stmt.returning(table.c.id) if returning else stmt

    plan = _plan(conn, ("insert", table.name, *values), make, tuple(values), returning)
    with _errors(conn, plan.sql) as cursor:
        cursor.execute(plan.sql, plan.params(values))
        new = cursor.fetchone()[0] if plan.returns_id else cursor.lastrowid
    return int(new)


def execute(conn: Connection, key: str, stmt: UpdateBase, values: Mapping[str, Any]) -> None:
    """Run ``stmt`` (an INSERT, UPDATE or DELETE with bound parameters, kept by the caller and named ``key``
    for the plan cache) with ``values``."""
    plan = _plan(conn, ("stmt", key), lambda: stmt, None, False)
    with _errors(conn, plan.sql) as cursor:
        cursor.execute(plan.sql, plan.params(values))


def executemany(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT ``rows`` (dicts with the same keys) into ``table`` in one executemany."""
    if not rows:
        return
    columns = tuple(rows[0])
    plan = _plan(conn, ("insert", table.name, *columns), lambda: insert(table), columns, False)
    with _errors(conn, plan.sql) as cursor:
        cursor.executemany(plan.sql, [plan.params(r) for r in rows])


def insert_many(conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """``rows`` (tuples of ``columns``, values as the driver takes them) into ``table`` in one executemany
    (PostgreSQL: one COPY): none of SQLAlchemy's per-row work, which costs more than the database's for the
    ~200 cells of a report. Only for columns without Python-side defaults or type processing (JSON given as
    its text)."""
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    if conn.dialect.driver == "psycopg":
        sql = f"COPY {quote(table.name)} ({names}) FROM STDIN"
        # PostgreSQL's COPY: the rows stream in one command (an INSERT per row costs the server a round of
        # parse, bind and execute each)
        with _errors(conn, sql) as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join([mark] * len(columns))})"
    with _errors(conn, sql) as cursor:
        cursor.executemany(sql, rows)
