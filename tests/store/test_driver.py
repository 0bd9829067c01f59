"""The writer's driver-level statements (xxgk.store.driver) write what SQLAlchemy would write, on SQLite and
PostgreSQL: the same columns read back (JSON, dates, defaults), ids, errors told apart the same way."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import bindparam, insert, select, update

from xxgk.store import Store
from xxgk.store import schema as s
from xxgk.store.db import StoreConflict
from xxgk.store.driver import execute, executemany, insert_many, insert_row
from xxgk.store.versions import table

SKIP = {"id", "created_at"}


def _columns(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__mapper__.column_attrs if c.key not in SKIP}


_NAMES = itertools.count()


def _agency_and_report(store: Store) -> int:
    """A new agency (its name unique in the test run) and its report for 2023."""
    name = f"测试县第{next(_NAMES)}局"
    with store.write() as session:
        conn = session.connection()
        agency = insert_row(conn, table(s.Agency), {"name": name, "norm_name": name})
        return insert_row(conn, table(s.Report), {"agency_id": agency, "year": 2023})


# PostgreSQL text cannot hold NUL (a refused value is a StoreDataError: test_ingest)
chars = st.characters(exclude_characters="\x00")
texts = st.one_of(st.none(), st.text(chars, max_size=20))
json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-10**9, 10**9), st.text(chars, max_size=8)),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(chars, max_size=6),
                                                                                       inner, max_size=3),
                           max_leaves=8)
version_values = st.fixed_dictionaries({
    "kind": st.sampled_from(s.VERSION_KINDS), "agency_printed": texts, "template": st.sampled_from([None, "2019", "2021"]),
    "published_on": st.sampled_from([None, "2024-01-31"]), "title": texts,
    "tables": st.dictionaries(st.sampled_from(["t2", "t3", "t4"]), st.sampled_from(["present", "missing"])),
    "parse_notes": st.lists(st.dictionaries(st.sampled_from(["code", "message"]), st.text(chars, max_size=10)),
                            max_size=2),
    "changed": st.lists(json_values, max_size=2), "confidence": st.floats(0, 1), "n_cells": st.integers(0, 500),
    "reason": texts,
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=version_values)
def test_a_row_reads_back_as_sqlalchemys_insert_of_it(store: Store, values: dict[str, Any]) -> None:
    report = _agency_and_report(store)
    with store.write() as session:
        conn = session.connection()
        ours = insert_row(conn, table(s.Version), values | {"report_id": report})
        theirs = conn.execute(insert(table(s.Version)).returning(table(s.Version).c.id),
                              values | {"report_id": report}).scalar_one()
    assert ours != theirs
    with store.read() as session:
        a, b = session.get(s.Version, ours), session.get(s.Version, theirs)
        assert a is not None and b is not None
        assert _columns(a) == _columns(b)
        assert a.created_at is not None and b.created_at is not None  # the Python-side default, both ways


def test_defaults_json_and_update(store: Store) -> None:
    report = _agency_and_report(store)
    with store.write() as session:
        conn = session.connection()
        version = insert_row(conn, table(s.Version), {"report_id": report, "kind": "parse"})
        executemany(conn, table(s.Finding), [
            {"version_id": version, "rule": "T-01", "severity": "error", "message": "合计不符", "path": None,
             "details": {"values": {"合计": 3}, "cells": ["t3.a[1]"]}},
            {"version_id": version, "rule": "T-02", "severity": "warning", "message": "空白", "path": "t3.b[2]",
             "details": {}},
        ])
        when = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)
        stmt = (update(table(s.Report)).where(s.Report.id == bindparam("report"))
                .values(active_version_id=bindparam("active"), updated_at=bindparam("now")))
        execute(conn, "test-set-active", stmt, {"report": report, "active": version, "now": when})
    with store.read() as session:
        v = session.get(s.Version, version)
        assert v is not None
        # columns the values left out: their Python-side defaults, as SQLAlchemy fills them
        assert (v.tables, v.parse_notes, v.changed, v.confidence, v.n_cells) == ({}, [], [], 1.0, 0)
        findings = session.scalars(select(s.Finding).where(s.Finding.version_id == version)
                                   .order_by(s.Finding.rule)).all()
        assert [(f.rule, f.details, f.review_state, f.origin) for f in findings] == [
            ("T-01", {"values": {"合计": 3}, "cells": ["t3.a[1]"]}, "open", "check"),
            ("T-02", {}, "open", "check")]
        r = session.get(s.Report, report)
        assert r is not None and r.active_version_id == version
        assert r.updated_at.replace(tzinfo=UTC) == when


def test_a_unique_refusal_is_a_conflict_and_nothing_is_kept(store: Store) -> None:
    row = {"sha256": "ab" * 32, "size": 3, "format": "txt", "path": "a.txt"}
    with store.write() as session:
        insert_row(session.connection(), table(s.Source), row)
    with pytest.raises(StoreConflict), store.write() as session:
        insert_row(session.connection(), table(s.Source), row | {"sha256": "cd" * 32, "path": "b.txt"})
        insert_row(session.connection(), table(s.Source), row | {"path": "c.txt"})  # same bytes: refused
    with store.read() as session:
        assert session.scalars(select(s.Source.path).order_by(s.Source.path)).all() == ["a.txt"]


def test_insert_many_rows_read_back(store: Store) -> None:
    report = _agency_and_report(store)
    with store.write() as session:
        conn = session.connection()
        version = insert_row(conn, table(s.Version), {"report_id": report, "kind": "parse"})
        insert_many(conn, table(s.MetricValue), ("version_id", "metric", "value", "status"),
                    [(version, "rate", 0.25, "ok"), (version, "count", None, "not_applicable")])
    with store.read() as session:
        got = session.execute(select(s.MetricValue.metric, s.MetricValue.value, s.MetricValue.status)
                              .order_by(s.MetricValue.metric)).all()
    assert [tuple(r) for r in got] == [("count", None, "not_applicable"), ("rate", 0.25, "ok")]
