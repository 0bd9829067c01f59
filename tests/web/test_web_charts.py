"""Chart data (xxgk.store.benchmark behind /api/stats/metric/… and /api/agencies/…/benchmark): the same
quartiles and ranks as xxgk.store.stats.stats, every agency placed with its report, roles kept."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from webutil import log_in, put

from xxgk.metrics import compute
from xxgk.store import Store
from xxgk.store.benchmark import agency_benchmark, level_sql
from xxgk.store.stats import region_level, stats
from xxgk.synth import generate

AGENCIES = ["福州市鼓楼区教育局", "福州市台江区教育局", "福州市仓山区教育局", "福州市晋安区教育局", "福建省教育厅"]


def _fill(store: Store) -> dict[tuple[str, int], int]:
    ids = {}
    for i, name in enumerate(AGENCIES):
        for year in (2022, 2023):
            ids[(name, year)] = put(store, generate(10 * i + year, agency=name, year=year))
    return ids


def test_metric_points_place_every_agency_with_the_quartiles_of_stats(local: TestClient, store: Store) -> None:
    ids = _fill(store)
    whole = {m["key"]: m for m in stats(store, year=2023)["metrics"]}
    for key in ("granted_rate", "applications_new", "rules_published"):
        data = local.get(f"/api/stats/metric/{key}", params={"year": "2023"}).json()
        assert data["metric"]["key"] == key and data["year"] == 2023
        assert (data["n"], data["p25"], data["p50"], data["p75"]) == tuple(whole[key][q] for q in ("n", "p25", "p50", "p75"))
        assert data["n"] == len(data["points"]) and data["n"] + sum(data["unknown"].values()) == len(AGENCIES)
        values = [p["value"] for p in data["points"]]
        assert values == sorted(values)
        for p in data["points"]:  # each point is its agency's 2023 report, with the value computed from it
            assert p["report_id"] == ids[(p["agency"], 2023)]
    assert local.get("/api/stats/metric/nonsense").status_code == 422
    assert local.get("/api/stats/metric/granted_rate", params={"year": "x"}).status_code == 422


def test_agency_benchmark_ranks_as_stats_does(local: TestClient, store: Store) -> None:
    ids = _fill(store)
    keys = ["granted_rate", "applications_new", "rules_published", "review_total"]
    agencies = {a.name: a.id for a in store.agencies()}
    for year in (2022, 2023):
        ranks = stats(store, year=year, metrics=keys)["ranks"]
        for name in AGENCIES:
            data = agency_benchmark(store, agencies[name], keys)
            assert data["years"] == [2022, 2023]
            for m in data["metrics"]:
                point = next(s for s in m["series"] if s["year"] == year)
                assert point["report_id"] == ids[(name, year)]
                expected = next((r for r in ranks[m["key"]] if r["agency"] == name), None)
                if expected is None:  # not known that year: not ranked, its status said
                    assert point["rank"] is None and point["status"] != "ok"
                else:
                    assert (point["rank"], point["n"], point["value"]) == (expected["rank"], expected["of"],
                                                                         expected["value"])
    # the values are the record's own
    record = generate(10 * 0 + 2023, agency=AGENCIES[0], year=2023)
    computed = compute(record)
    data = local.get(f"/api/agencies/{agencies[AGENCIES[0]]}/benchmark").json()
    for m in data["metrics"]:
        point = next(s for s in m["series"] if s["year"] == 2023)
        assert point["value"] == (computed[m["key"]].value if computed[m["key"]].status == "ok" else None)
    assert local.get("/api/agencies/99999/benchmark").status_code == 404


def test_chart_pages_and_roles(served: TestClient, store: Store) -> None:
    put(store, generate(1, agency="某某市某某区人民政府", year=2023))
    put(store, generate(2, agency="某某市某某区教育局", year=2023))
    agencies = {a.name: a.id for a in store.agencies()}
    log_in(served, "rev")
    page = served.get("/stats").text
    assert 'data-chart="distribution"' in page and "/static/vendor/echarts.min.js" in page
    assert served.get(f"/agencies/{agencies['某某市某某区教育局']}").status_code == 200
    log_in(served, "auth")  # an author: its own agency's benchmark, nothing else
    assert served.get("/api/stats/metric/granted_rate").status_code == 403
    assert served.get(f"/api/agencies/{agencies['某某市某某区人民政府']}/benchmark").status_code == 200
    assert served.get(f"/api/agencies/{agencies['某某市某某区教育局']}/benchmark").status_code == 403


def test_stats_page_lists_year_on_year_jumps(local: TestClient, store: Store) -> None:
    """A count that jumps from one year to the next is listed, as read, with a link to the reports."""
    from xxgk.record import Cell

    before = generate(1, agency="福州市鼓楼区教育局", year=2022)
    after = generate(1, agency="福州市鼓楼区教育局", year=2023)
    before.tables["applications"].rows["new"] = [Cell(v) for v in (3, 0, 0, 0, 0, 0, 3)]
    after.tables["applications"].rows["new"] = [Cell(v) for v in (300, 0, 0, 0, 0, 0, 300)]
    put(store, before)
    put(store, after)
    jumps = stats(store, year=2023)["jumps"]
    assert any(j["metric"] == "applications_new" and (j["previous"], j["value"]) == (3, 300) for j in jumps)
    page = local.get("/stats", params={"year": "2023"}).text  # a link to them, not the list (its own page)
    assert '<a href="/stats/jumps?year=2023">' in page and '<td class="num">3</td><td class="num">300</td>' not in page
    row = local.get("/stats/jumps", params={"year": "2023"}).text
    assert "依申请新收数</td>" in row and '<td class="num">3</td><td class="num">300</td>' in row
    assert "/reports?year=2023&amp;q=%E7%A6%8F%E5%B7%9E" in row
    assert f'<span id="jumps-total">{len(jumps)}</span>' in row


CODES = st.one_of(st.none(), st.text("0123456789", max_size=12),
                  st.builds(lambda a, b, c: a + b + c, st.sampled_from(["35", "11", "00"]),
                            st.sampled_from(["00", "01", "10"]), st.sampled_from(["00", "28", "", "00000001"])))


@settings(max_examples=300, deadline=None)
@given(CODES)
def test_the_peers_level_in_sql_is_region_level(code: str | None) -> None:
    """The benchmark picks peers by region level in SQL: the same level as region_level reads in Python."""
    from sqlalchemy import String as Str
    from sqlalchemy import create_engine, literal, select

    engine = _ENGINE.setdefault("e", create_engine("sqlite://"))
    with engine.connect() as conn:
        assert conn.execute(select(level_sql(literal(code, Str())))).scalar() == region_level(code)


_ENGINE: dict[str, object] = {}
