"""``xxgk stats`` on a small store with hand-set values: coverage against the expected list, errors, rules,
quartiles, ranks among peers, year-on-year jumps, grouping, region filter. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select
from storeutil import finding, put

from xxgk.commands.stats import stats_cmd
from xxgk.record import Report
from xxgk.store import Store
from xxgk.store import schema as s
from xxgk.store.agencies import import_list
from xxgk.store.stats import Thresholds, quartiles, region_level, region_prefix, stats
from xxgk.synth import generate

LIST = """名称,类型,区划
福州市人民政府,人民政府,350100
福州市应急管理局,部门,350100
福州市教育局,部门,350100
厦门市教育局,部门,350200
福州市交通运输局,部门,350100
"""


def record(agency: str, year: int, granted: int, total: int, seed: int = 0) -> Report:
    r = generate(seed, agency=agency, year=year, sections=False)
    rows = r.tables["applications"].rows
    rows["granted"][6].value = granted
    rows["total"][6].value = total
    return r


@pytest.fixture
def filled(store: Store, tmp_path: Path) -> Store:
    (tmp_path / "list.csv").write_text(LIST, encoding="utf-8")
    import_list(store, tmp_path / "list.csv")
    put(store, record("福州市人民政府", 2023, 5, 10), [finding("T3-01"), finding("D-02")])
    put(store, record("福州市应急管理局", 2023, 2, 10), [finding("P-03", "warning")])
    put(store, record("福州市教育局", 2023, 9, 10), [finding("P-03", "warning"), finding("T3-01")])
    put(store, record("厦门市教育局", 2023, 0, 0))  # no application: the rate is not applicable
    put(store, record("福州市人民政府", 2022, 1, 10))
    put(store, record("福州市应急管理局", 2022, 3, 20))
    put(store, record("福州市交通运输局", 2022, 1, 1))  # reported in 2022, missing in 2023
    put(store, record("福州市某某中心", 2023, 1, 2))  # not on the list
    return store


def test_coverage_rules_quartiles_ranks_jumps(filled: Store) -> None:
    data = stats(filled, metrics=["granted_rate"])
    assert data["year"] == 2023  # the latest year by default
    c = data["coverage"]
    assert (c["expected"], c["reports"], c["expected_in"], c["unexpected"], c["with_errors"]) == (5, 5, 4, 1, 2)
    assert c["missing"] == ["福州市交通运输局"]
    late = filled.find_report("福州市人民政府", 2023)
    assert late is not None
    assert c["late"] == [{"agency": "福州市人民政府", "published_on": c["late"][0]["published_on"], "rule": "D-02",
                          "report_id": late.id}]
    assert [(r["rule"], r["reports"]) for r in data["rules"]][:2] == [("P-03", 2), ("T3-01", 2)]
    (m,) = data["metrics"]
    # granted rates 0.5, 0.2, 0.9 and 1 of 2 (the unexpected agency counts too); 厦门 is not applicable
    assert m["n"] == 4 and m["not_applicable"] == 1
    assert (m["p25"], m["p50"], m["p75"]) == pytest.approx(quartiles([0.2, 0.5, 0.5, 0.9]))
    assert m["p50"] == pytest.approx(0.5)
    ranks = {(r["agency"]): (r["rank"], r["of"], r["kind"], r["level"]) for r in data["ranks"]["granted_rate"]}
    assert ranks["福州市教育局"] == (1, 2, "dept", 2)  # peers: departments at city level
    assert ranks["福州市应急管理局"] == (2, 2, "dept", 2)
    assert ranks["福州市人民政府"] == (1, 1, "local_gov", 2)
    assert "厦门市教育局" not in ranks  # no value, no rank
    # 0.1 → 0.5 is a jump; 0.15 → 0.2 is not
    assert [(j["agency"], j["previous"], j["value"]) for j in data["jumps"]] == [("福州市人民政府", 0.1, 0.5)]
    before = filled.find_report("福州市人民政府", 2022)
    assert before is not None and (data["jumps"][0]["report_id"], data["jumps"][0]["previous_report_id"]) == (
        late.id, before.id)
    assert stats(filled, metrics=["granted_rate"], thresholds=Thresholds(rate=0.5))["jumps"] == []


def test_region_filter_and_grouping(filled: Store) -> None:
    data = stats(filled, region="厦门市", metrics=["granted_rate", "applications_handled"])
    assert data["region"] == {"code": "350200", "name": "福建省厦门市"}
    assert data["coverage"]["reports"] == 1 and data["coverage"]["missing"] == []
    assert data["metrics"][0]["n"] == 0 and data["metrics"][0]["p50"] is None
    assert data["metrics"][1]["p50"] == 0
    by_region = stats(filled, region="福建省", metrics=["granted_rate"], by="region")["groups"]
    assert [(g["group"], g["name"], g["agencies"], g["metrics"]["granted_rate"]["n"]) for g in by_region] == [
        ("350100", "福建省福州市", 4, 4), ("350200", "福建省厦门市", 1, 0)]
    by_kind = stats(filled, metrics=["granted_rate"], by="kind")["groups"]
    assert {g["name"]: g["metrics"]["granted_rate"]["n"] for g in by_kind} == {"人民政府": 1, "部门": 2,
                                                                                "其他": 1}
    with pytest.raises(ValueError, match="unknown metric"):
        stats(filled, metrics=["nope"])
    with pytest.raises(ValueError):
        stats(filled, region="朝阳区")  # two places: refused, not guessed


def test_metric_values_are_backfilled(filled: Store) -> None:
    before = stats(filled)
    with filled.write() as session:
        session.execute(delete(s.MetricValue))
    assert stats(filled) == before
    with filled.read() as session:
        assert session.scalar(select(func.count()).select_from(s.MetricValue)) == 8 * len(before["metrics"])


def test_empty_store(store: Store) -> None:
    assert stats(store)["coverage"] is None


def test_cli(filled: Store, db_url: str) -> None:
    runner = CliRunner()
    res = runner.invoke(stats_cmd, ["--db", db_url, "--year", "2023", "--metric", "granted_rate"])
    assert res.exit_code == 0, res.output
    assert "未报：福州市交通运输局" in res.output and "逾期：福州市人民政府" in res.output
    assert "予以公开率" in res.output and "50.0%" in res.output
    data = json.loads(runner.invoke(stats_cmd, ["--db", db_url, "--format", "json", "--by", "kind"]).output)
    assert data["coverage"]["with_errors"] == 2 and len(data["metrics"]) > 20
    res = runner.invoke(stats_cmd, ["--db", db_url, "--metric", "nope"])
    assert res.exit_code == 2 and "unknown metric" in res.output


def test_region_codes() -> None:
    assert (region_prefix("350000"), region_prefix("350100"), region_prefix("350128")) == ("35", "3501", "350128")
    assert (region_level("350000"), region_level("350100"), region_level("350128000000")) == (1, 2, 3)
    assert region_level(None) is None
    assert quartiles([]) is None and quartiles([3.0]) == (3.0, 3.0, 3.0)
    assert quartiles([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 3.0, 4.0)


@settings(deadline=None)  # numpy's first import
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=60))
def test_quartiles_agree_with_numpy(values: list[float]) -> None:
    import numpy

    got = quartiles(sorted(values))
    assert got is not None
    assert got == pytest.approx(tuple(numpy.percentile(values, [25, 50, 75])), rel=1e-9, abs=1e-6)
    assert min(values) <= got[0] <= got[1] <= got[2] <= max(values)


def test_stats_runs_beside_a_writer(filled: Store, db_url: str, tmp_path: Path) -> None:
    """Statistics only read (when every metric value is there): a writer holding the lock does not stop them."""
    if not db_url.startswith("sqlite"):
        pytest.skip("the SQLite write lock")
    import sqlite3

    stats(filled)  # any backfill done
    lock = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    lock.execute("BEGIN IMMEDIATE")
    try:
        with Store(db_url, data_dir=tmp_path / "data", busy_timeout=0.2) as other:
            assert stats(other, metrics=["granted_rate"])["coverage"]["reports"] == 5
    finally:
        lock.rollback()
        lock.close()


# --- the quartiles and groups as the straightforward computation gives them (every value loaded, sorted here)

def _straightforward(store: Store, year: int, prefix: str | None, keys: list[str],
                     by: str | None) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    from xxgk.store.stats import _group_code

    with store.read() as session:
        rows = session.execute(select(s.MetricValue, s.Agency).join(s.Report, s.Report.active_version_id ==
                                                                       s.MetricValue.version_id)
                               .join(s.Agency, s.Agency.id == s.Report.agency_id).where(s.Report.year == year)).all()
        picked = [(mv.metric, mv.value, mv.status, a.id, a.kind, a.region_code) for mv, a in rows
                  if not prefix or (a.region_code or "").startswith(prefix)]
    metrics = []
    for key in keys:
        known = sorted(v for m, v, st_, *_ in picked if m == key and st_ == "ok" and v is not None)
        other = [st_ for m, v, st_, *_ in picked if m == key and not (st_ == "ok" and v is not None)]
        metrics.append((key, len(known), quartiles(known), other.count("not_applicable"),
                        other.count("unavailable"), other.count("not_in_format")))
    groups = []
    if by:
        depth = min(len(prefix) + 2, 6) if prefix else 2
        of = {aid: (_group_code(code, depth) if by == "region" else kind)
              for _, _, _, aid, kind, code in picked}
        for g in sorted({of[aid] for _, _, st_, aid, *_ in picked if st_ == "ok"}, key=lambda x: (x is None, x or "")):
            members = {aid for _, _, st_, aid, *_ in picked if st_ == "ok" and of[aid] == g}
            per = {key: sorted(v for m, v, st_, aid, *_ in picked
                               if m == key and st_ == "ok" and v is not None and of[aid] == g) for key in keys}
            groups.append((g, len(members), {key: (len(v), quartiles(v)) for key, v in per.items()}))
    return metrics, groups


def _as_computed(data: dict[str, Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    def qs(m: dict[str, Any]) -> Any:
        return None if m["n"] == 0 else (m["p25"], m["p50"], m["p75"])

    metrics = [(m["key"], m["n"], qs(m), m["not_applicable"], m["unavailable"], m["not_in_format"])
               for m in data["metrics"]]
    groups = [(g["group"], g["agencies"], {k: (m["n"], qs(m)) for k, m in g["metrics"].items()})
              for g in data["groups"]]
    return metrics, groups


_STATUS = st.one_of(st.just(None), st.sampled_from(["not_applicable", "unavailable", "not_in_format"]),
                    st.tuples(st.just("ok"), st.one_of(st.none(), st.sampled_from([0.0, 1.0, 0.5, -2.0, 1e6]),
                                                       st.floats(-1e6, 1e6, allow_nan=False))))


def _rewrite_values(store: Store, metrics: list[str], drawn: Sequence[Sequence[Any]]) -> None:
    """Replace the values of ``metrics`` on every active version (in id order) by a drawn row each: None for no
    row at all, a status alone, or (status, value)."""
    with store.write() as session:
        versions = sorted(v for v in session.scalars(select(s.Report.active_version_id)) if v is not None)
        session.execute(delete(s.MetricValue).where(s.MetricValue.metric.in_(metrics)))
        for vid, row in zip(versions, drawn, strict=True):
            for metric, got in zip(metrics, row, strict=True):
                if got is None:
                    continue
                status, value = got if isinstance(got, tuple) else (got, None)
                session.add(s.MetricValue(version_id=vid, metric=metric, value=value, status=status))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=st.lists(st.tuples(_STATUS, _STATUS), min_size=8, max_size=8),
       region=st.sampled_from([None, "福建省", "350200"]), by=st.sampled_from([None, "kind", "region"]),
       few=st.booleans())
def test_fast_quartiles_equal_the_straightforward_ones(filled: Store, drawn: list[tuple[Any, Any]],
                                                       region: str | None, by: str | None, few: bool) -> None:
    """Whatever the values, ties, blanks and statuses, the quartiles, counts and groups of ``stats`` are
    exactly (not approximately) what loading every value and sorting it in Python gives."""
    from xxgk.metrics import METRICS

    changed = ["granted_rate", "applications_handled"]  # a rate and a count, rewritten for every version
    _rewrite_values(filled, changed, drawn)
    keys = [*changed, "rules_published"] if few else [m.key for m in METRICS]
    data = stats(filled, year=2023, region=region, metrics=keys if few else None, by=by, jumps=False)
    prefix = region_prefix(data["region"]["code"]) if region else None
    assert _as_computed(data) == _straightforward(filled, 2023, prefix, keys, by)
    assert data["jumps"] is None


# mostly known values far apart (so that there are jumps to page through), some blanks and other statuses
_JUMPY = st.sampled_from([None, "not_applicable", "unavailable", ("ok", None), ("ok", 0.0), ("ok", 0.1), ("ok", 0.9),
                          ("ok", 1.0), ("ok", 5.0), ("ok", 50.0), ("ok", 500.0), ("ok", 500.0)])
_CHANGED = ["granted_rate", "disclosure_rate", "applications_handled", "applications_new", "rules_published",
            "applications_carried_forward"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=st.lists(st.lists(_JUMPY, min_size=len(_CHANGED), max_size=len(_CHANGED)), min_size=8, max_size=8),
       region=st.sampled_from([None, None, "福建省", "350100"]), few=st.booleans(),
       limit=st.one_of(st.none(), st.integers(0, 6)), offset=st.integers(0, 5))
def test_a_page_of_jumps_is_a_slice_of_all_of_them(filled: Store, drawn: list[list[Any]], region: str | None,
                                                    few: bool, limit: int | None, offset: int) -> None:
    """``year_on_year`` (sorted and cut in SQL, counted by a window) gives exactly the slice of the jumps
    ``stats`` lists, and their total, whatever the values, blanks and statuses of both years."""
    from xxgk.store.stats import year_on_year

    changed = _CHANGED
    _rewrite_values(filled, changed, drawn)
    keys = changed[:4] if few else None
    full = stats(filled, year=2023, region=region, metrics=keys)["jumps"]
    page = year_on_year(filled, year=2023, region=region, metrics=keys, limit=limit, offset=offset)
    assert page["jumps"] == full[offset:None if limit is None else offset + limit]
    assert page["total"] == len(full)


def test_jumps_on_their_own(filled: Store) -> None:
    from xxgk.store.stats import year_on_year

    every = stats(filled)["jumps"]
    assert [(j["agency"], j["metric"]) for j in every if j["metric"] == "granted_rate"] == [
        ("福州市人民政府", "granted_rate")]
    got = year_on_year(filled, limit=1)
    assert got["year"] == 2023 and got["total"] == len(every) > 1 and got["jumps"] == every[:1]
    assert year_on_year(filled, year=2022)["total"] == 0  # no 2021 to compare with
    assert year_on_year(filled, limit=5, offset=len(every))["jumps"] == []
    with pytest.raises(ValueError, match="unknown metric"):
        year_on_year(filled, metrics=["nope"])
    with pytest.raises(ValueError):
        year_on_year(filled, offset=-1)
