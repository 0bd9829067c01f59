"""Put records into a store directly (the path ingest takes after parsing), for tests of what reads it."""

from __future__ import annotations

from typing import Any

from xxgk.record import Report
from xxgk.store import Store
from xxgk.store import schema as s
from xxgk.store.versions import agency_for, insert_version, report_for


def put(store: Store, record: Report, findings: list[dict[str, Any]] | None = None) -> int:
    """Write ``record`` as the active version of its agency's report for its year; returns the report id."""
    assert record.agency and record.year
    with store.write() as session:
        agency = agency_for(session, record.agency)
        report, _ = report_for(session, agency.id, record.year, None)
        version = insert_version(session, report.id, record, findings=findings or [])
        report.active_version_id = version.id
        return report.id


def finding(rule: str, severity: str = "error") -> dict[str, Any]:
    return {"rule": rule, "severity": severity, "message": f"{rule} test", "location": {}}


def agency(store: Store, name: str) -> s.Agency:
    from xxgk.store.versions import find_agency

    with store.read() as session:
        a = find_agency(session, name)
        assert a is not None
        session.expunge(a)
        return a
