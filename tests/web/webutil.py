"""Helpers of the web tests: CSRF tokens out of pages, logging in through the form."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def log_in(client: TestClient, name: str) -> str:
    """Log ``name`` in through the form; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"name": name, "password": PASSWORD, "next": "/", "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return str(client.get("/api/me").json()["csrf_token"])


def put(store: Any, record: Any, findings: list[dict[str, Any]] | None = None) -> int:
    """Write ``record`` as the active version of its agency's report (the path ingest takes after parsing)."""
    from xxgk.store.versions import agency_for, insert_version, report_for

    with store.write() as session:
        agency = agency_for(session, record.agency)
        report, _ = report_for(session, agency.id, record.year, None)
        version = insert_version(session, report.id, record, findings=findings or [])
        report.active_version_id = version.id
        return int(report.id)


def finding(rule: str, severity: str = "error", **location: Any) -> dict[str, Any]:
    return {"rule": rule, "severity": severity, "message": f"{rule} 测试", "location": location}


def put_pdf(store: Any, record: Any, path: str = "report.pdf") -> tuple[int, int]:
    """Render ``record`` as a PDF, parse it back (cells with page and box) and store both: (report, source)."""
    from xxgk.parse import parse_bytes
    from xxgk.render import render
    from xxgk.rules import check
    from xxgk.store import schema as s
    from xxgk.store.versions import agency_for, insert_version, report_for

    data = render(record, "pdf")
    parsed = parse_bytes(data, path, "pdf")
    findings = [f.to_json() for f in check(parsed).findings]
    digest = store.blobs.put(data)
    with store.write() as session:
        agency = agency_for(session, parsed.agency)
        report, _ = report_for(session, agency.id, parsed.year, None)
        source = s.Source(sha256=digest, report_id=report.id, format="pdf", size=len(data), path=path)
        session.add(source)
        session.flush()
        version = insert_version(session, report.id, parsed, source_id=source.id, findings=findings)
        report.active_version_id = version.id
        return int(report.id), int(source.id)
