"""统计与对标: the year's coverage, rules, metric quartiles; links to the reports behind the numbers."""

from __future__ import annotations

from fastapi.testclient import TestClient
from webutil import finding, log_in, put

from xxgk.store import Store
from xxgk.synth import generate


def test_stats_page(local: TestClient, store: Store) -> None:
    put(store, generate(1, agency="临江县教育局", year=2023), [finding("C-01", "error")])
    put(store, generate(2, agency="东湖区应急管理局", year=2023))
    data = local.get("/api/stats").json()
    assert data["year"] == 2023 and data["coverage"]["reports"] == 2 and data["coverage"]["with_errors"] == 1
    assert [r["rule"] for r in data["rules"]] == ["C-01"]
    page = local.get("/stats")
    assert page.status_code == 200
    assert "/reports?year=2023&amp;rule=C-01" in page.text and "指标分布" in page.text
    assert local.get("/api/stats", params={"year": "x"}).status_code == 422
    # the jumps on demand: the API gives them by default, leaves them out (null) when asked to
    assert data["jumps"] == [] and local.get("/api/stats", params={"jumps": "false"}).json()["jumps"] is None


def test_stats_empty_and_author(served: TestClient, store: Store) -> None:
    log_in(served, "rev")
    assert served.get("/stats").status_code == 200
    log_in(served, "auth")
    assert served.get("/api/stats").status_code == 403
