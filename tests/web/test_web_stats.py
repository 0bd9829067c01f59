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


def test_jumps_page_and_json_a_page_at_a_time(local: TestClient, store: Store) -> None:
    """The jumps have their own page and JSON twin: a page of them cut in SQL, the total, links to the next."""
    from xxgk.store.stats import stats

    for seed, agency in enumerate(("临江县教育局", "东湖区应急管理局", "西湖区财政局")):
        put(store, generate(seed, agency=agency, year=2022))
        put(store, generate(seed + 10, agency=agency, year=2023))  # other random values: many jumps
    every = stats(store, year=2023)["jumps"]
    assert len(every) > 5
    first = local.get("/api/stats/jumps", params={"per_page": "2"}).json()
    assert (first["year"], first["total"], first["page"], first["pages"]) == (2023, len(every), 1, -(-len(every) // 2))
    assert first["jumps"] == every[:2]
    assert local.get("/api/stats/jumps", params={"per_page": "2", "page": "3"}).json()["jumps"] == every[4:6]
    past = local.get("/api/stats/jumps", params={"page": "99"}).json()
    assert past["jumps"] == [] and past["total"] == len(every)
    html = local.get("/stats/jumps", params={"per_page": "2", "page": "2"}).text
    assert "第 2 / " in html and 'href="/stats/jumps?year=2023&amp;page=3&amp;per_page=2" rel="next"' in html
    assert every[2]["agency"] in html
    assert local.get("/api/stats/jumps", params={"page": "x"}).status_code == 422
    assert local.get("/stats/jumps", params={"year": "2022"}).status_code == 200  # nothing to compare with
    assert local.get("/api/stats/jumps", params={"year": "2022"}).json()["total"] == 0


def test_jumps_not_for_authors(served: TestClient, store: Store) -> None:
    log_in(served, "auth")
    assert served.get("/api/stats/jumps").status_code == 403
    assert served.get("/stats/jumps").status_code == 403
