"""Looking at and correcting stored reports (issue 11 §4): reports with a status, one report, an agency year
by year, corrections as new re-checked versions, reviews that persist and carry over. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from viewsdata import gold_records, load_gold, store_record

from xxgk.store import Store
from xxgk.store.cells import CellAddressError, CellValueError, header, resolve
from xxgk.store.corrections import CorrectionError, correct, history, review
from xxgk.store.query import ReportFilter, ReportNotFound, compare, find_reports, report_view, resolve_report
from xxgk.synth import generate

AGENCY = "福州市鼓楼区人民政府"


def test_reports_have_a_status_from_their_findings(store: Store) -> None:
    ids = load_gold(store)
    rows = find_reports(store)
    assert len(rows) == len(ids)
    by_key = {(r.agency, r.year): r for r in rows}
    # real/004 prints three arithmetic errors: an error report; a consistent synth report is clean
    assert by_key[("平潭综合实验区自然资源与生态环境局", 2023)].status == "error"
    clean = store_record(store, generate(3, agency=AGENCY, year=2023))
    assert [r.id for r in find_reports(store, ReportFilter(status="clean", agency="鼓楼"))] == [clean]
    errors = find_reports(store, ReportFilter(status="error"))
    assert errors and all(r.errors > 0 for r in errors)
    assert {r.id for r in find_reports(store, ReportFilter(status="unreviewed"))} >= {r.id for r in errors}
    # filters: year, agency part, region (平潭 is in 福建省; 上海 is not)
    assert {r.year for r in find_reports(store, ReportFilter(year=2024))} == {2024}
    fujian = {r.agency for r in find_reports(store, ReportFilter(region="福建省"))}
    assert "平潭综合实验区行政审批局" in fujian and AGENCY in fujian and "上海市科学技术委员会" not in fujian
    with pytest.raises(ValueError, match="unknown status"):
        ReportFilter(status="broken")


def test_dismissing_every_error_changes_the_status(store: Store) -> None:
    ids = load_gold(store)
    rid = ids[("平潭综合实验区自然资源与生态环境局", 2023)]
    errors = [f for f in report_view(store, rid).findings if f.severity == "error"]
    assert errors
    for f in errors:
        review(store, rid, f.id, "dismiss", comment="原件如此，已核实", who="审核员甲")
    row = next(r for r in find_reports(store) if r.id == rid)
    assert row.errors == 0 and row.status in ("warning", "clean")
    assert rid not in {r.id for r in find_reports(store, ReportFilter(status="error"))}


def test_a_report_is_found_by_id_or_agency_and_year(store: Store) -> None:
    rid = store_record(store, generate(1, agency=AGENCY, year=2023))
    for ref in (str(rid), f"{AGENCY} 2023", f"{AGENCY}2023年", f"{AGENCY}2023年度"):
        assert resolve_report(store, ref).id == rid
    with pytest.raises(ReportNotFound, match="years stored: 2023"):
        resolve_report(store, f"{AGENCY} 2021")
    with pytest.raises(ReportNotFound, match="no agency"):
        resolve_report(store, "不存在的机关 2023")
    with pytest.raises(ReportNotFound, match="no report 999"):
        resolve_report(store, "999")


def test_show_gives_the_record_findings_and_sources(store: Store) -> None:
    record = next(r for r in gold_records() if r.agency == "淮安市洪泽区人民政府")
    rid = store_record(store, record)
    view = report_view(store, f"{record.agency} {record.year}")
    assert view.record is not None and view.record.to_json() == record.to_json()
    assert {f.rule for f in view.findings} >= {"T3-01"} or any(f.severity == "error" for f in view.findings)
    assert all(f.review_state == "open" for f in view.findings)
    assert view.report.id == rid and len(view.versions) == 1 and view.sources == []


def test_correction_is_a_new_version_rechecked_and_the_old_one_intact(store: Store) -> None:
    record = generate(5, agency=AGENCY, year=2023)
    rid = store_record(store, record)
    before = report_view(store, rid)
    assert before.version is not None
    old_cells = store.cells(before.version.id)
    assert not [f for f in before.findings if f.severity == "error"]
    done = correct(store, rid, {"applications.new.natural_person": "999"}, reason="原件第3页为999", who="审核员甲")
    # the new version: parent, who, why, the changed cell; active; re-checked at once (the sum breaks)
    v = done.version
    assert (v.kind, v.parent_id, v.created_by, v.reason) == ("correction", before.version.id, "审核员甲", "原件第3页为999")
    old_value = record.tables["applications"].rows["new"][0].value  # type: ignore[union-attr]
    assert done.changed == [{"table": "applications", "row": "new", "column": 0, "cell": "applications.new.natural_person",
                             "old": str(old_value), "old_raw": None, "new": "999", "new_raw": "999"}]
    assert store.report(rid).active_version_id == v.id
    assert {f.rule for f in done.findings if f.severity == "error"} >= {"T3-01"}
    assert all(f.version_id == v.id for f in done.findings)
    now = store.record(v.id)
    assert now.tables["applications"].rows["new"][0].value == 999  # type: ignore[union-attr]
    # the old version is untouched: cells and findings as they were
    assert store.cells(before.version.id) == old_cells
    assert store.findings(before.version.id) == before.findings
    assert [x.id for x in history(store, rid)] == [before.version.id, v.id]
    # correcting back gives a third version without the error
    back = correct(store, f"{AGENCY} 2023", [("applications.rows.new[0]", str(old_value))], reason="复核", who="乙")
    assert back.version.parent_id == v.id
    assert not [f for f in back.findings if f.severity == "error"]
    assert len(history(store, rid)) == 3


def test_a_not_applicable_mark_and_a_blank_are_kept_as_such(store: Store) -> None:
    rid = store_record(store, generate(6, agency=AGENCY, year=2023))
    done = correct(store, rid, {"active.licensing": "不适用", "applications.carried_over.research": "空白"},
                   reason="按原件")
    cells = {(c.table, c.row, c.column): c for c in store.cells(done.version.id)}
    licensing, research = cells[("active", "licensing", 0)], cells[("applications", "carried_over", 2)]
    assert (licensing.value, licensing.raw, licensing.semantic) == (None, "不适用", "not_applicable")
    assert (research.value, research.semantic) == (None, "blank")


def test_bad_cell_or_value_is_a_clear_error_and_nothing_is_written(store: Store) -> None:
    rid = store_record(store, generate(7, agency=AGENCY, year=2023))
    n = store.counts()["versions"]
    with pytest.raises(CellAddressError, match=r"columns of applications\.new: natural_person, business"):
        correct(store, rid, {"applications.new.natral": "1"}, reason="x")
    with pytest.raises(CellAddressError, match="rows of applications: new, carried_over"):
        correct(store, rid, {"applications.nwe.total": "1"}, reason="x")
    with pytest.raises(CellAddressError, match="does not have"):
        correct(store, rid, {"active_2019.rules.new_made": "1"}, reason="x")
    with pytest.raises(CellValueError, match="whole number"):
        correct(store, rid, {"applications.new.total": "1.5"}, reason="x")
    with pytest.raises(CellValueError, match="negative"):
        correct(store, rid, {"applications.new.total": "-2"}, reason="x")
    with pytest.raises(CellValueError, match="not a value"):
        correct(store, rid, {"active.fees_10k_yuan": "十二"}, reason="x")
    with pytest.raises(CorrectionError, match="reason"):
        correct(store, rid, {"applications.new.total": "1"}, reason=" ")
    value = store.record(store.report(rid).active_version_id or 0).tables["applications"].rows["new"][6].value  # type: ignore[union-attr]
    with pytest.raises(CorrectionError, match="nothing to correct"):
        correct(store, rid, {"applications.new.total": str(value)}, reason="x")
    assert store.counts()["versions"] == n


def test_cell_addresses_in_every_form() -> None:
    ref = resolve("applications.new.natural_person")
    assert resolve("applications.rows.new[0]") == resolve("applications.new[0]") == ref
    assert resolve(header(ref)) == ref
    assert header(ref) == "表三·自然人·一、本年新收政府信息公开申请数量"
    assert resolve("active.licensing") == resolve("active.licensing") and resolve("active.licensing").column == 0
    assert resolve("review_litigation.litigation_direct.total") == resolve("review_litigation.litigation_direct[4]")


def test_review_state_persists_and_carries_over_to_the_same_finding(store: Store, db_url: str, tmp_path: Path) -> None:
    rid = store_record(store, generate(8, agency=AGENCY, year=2023))
    first = correct(store, rid, {"applications.new.natural_person": "999"}, reason="试", who="甲")
    t301 = next(f for f in first.findings if f.rule == "T3-01")
    t303 = next(f for f in first.findings if f.rule == "T3-03")
    review(store, rid, t301.id, "dismiss", comment="原件如此", who="乙")
    review(store, rid, t303.id, "confirm", who="乙")
    # persists: a new connection sees it
    with Store(db_url, data_dir=tmp_path / "other") as again:
        kept = {f.id: f for f in again.findings(first.version.id)}
        assert (kept[t301.id].review_state, kept[t301.id].review_comment, kept[t301.id].reviewed_by) == (
            "dismissed", "原件如此", "乙")
        assert kept[t303.id].review_state == "confirmed"
    # a correction elsewhere that keeps table 四 consistent: the same findings come back with their review
    rl = store.record(first.version.id).tables["review_litigation"].rows["review"]  # type: ignore[union-attr]
    upheld, total = rl[0].value or 0, rl[4].value or 0
    second = correct(store, rid, {"review_litigation.review.upheld": str(upheld + 1),
                                  "review_litigation.review.total": str(total + 1)}, reason="复议数", who="甲")
    assert second.carried == 2
    again301 = next(f for f in second.findings if f.rule == "T3-01")
    assert (again301.review_state, again301.review_comment, again301.reviewed_by) == ("dismissed", "原件如此", "乙")
    # a finding whose numbers changed is a new finding: open
    third = correct(store, rid, {"applications.new.natural_person": "998"}, reason="再改", who="甲")
    assert next(f for f in third.findings if f.rule == "T3-01").review_state == "open"
    # the earlier versions keep their reviews
    assert next(f for f in store.findings(first.version.id) if f.id == t301.id).review_state == "dismissed"


def test_review_errors(store: Store) -> None:
    rid = store_record(store, generate(9, agency=AGENCY, year=2023))
    done = correct(store, rid, {"applications.new.natural_person": "999"}, reason="试")
    with pytest.raises(CorrectionError, match="needs a comment"):
        review(store, rid, done.findings[0].id, "dismiss")
    with pytest.raises(CorrectionError, match="no finding 'Z-99'"):
        review(store, rid, "Z-99", "confirm")
    old = store.findings(done.parent_id)
    if old:
        with pytest.raises(CorrectionError, match="not on the active version"):
            review(store, rid, old[0].id, "confirm")
    f = review(store, rid, "T3-01", "confirm")
    assert f.review_state == "confirmed"
    assert review(store, rid, f.id, "reopen").review_state == "open"


def test_compare_years_side_by_side_with_cross_year_findings(store: Store) -> None:
    # gold: 平潭综合实验区行政审批局 2023 and 2024, two real reports of one agency
    ids = load_gold(store)
    agency = "平潭综合实验区行政审批局"
    cmp = compare(store, agency)
    assert cmp.years == [2023, 2024] and cmp.reports == {2023: ids[(agency, 2023)], 2024: ids[(agency, 2024)]}
    new_total = resolve("applications.new.total")
    assert set(cmp.cells[new_total]) == {2023, 2024}
    assert cmp.changes and all(c.year == 2024 and c.before != c.after for c in cmp.changes)
    assert compare(store, agency, (2024, 2025)).years == [2024]
    # synth: two independent years of one agency, so last year's 结转下年度 is not this year's 上年结转
    store_record(store, generate(21, agency=AGENCY, year=2022))
    rid = store_record(store, generate(22, agency=AGENCY, year=2023))
    mine = compare(store, "鼓楼区")
    carried = [f for f in mine.findings if f["rule"] == "Y-01"]
    assert carried and all(f["year"] == 2023 for f in carried)
    # correcting last year makes the next year's report re-checked against it (findings added, none lost)
    before = len(store.findings(store.report(rid).active_version_id or 0))
    prev = resolve_report(store, f"{AGENCY} 2022").id
    this = store.record(store.report(rid).active_version_id or 0).tables["applications"]
    assert this is not None
    forward = {f"applications.carried_forward.{c}": str(v.value if v.value is not None else "空白")
               for c, v in zip(("natural_person", "business", "research", "public_interest", "legal_service",
                                "other", "total"), this.rows["carried_over"], strict=True)}
    correct(store, prev, forward, reason="与次年上年结转一致")
    after = compare(store, "鼓楼区")
    assert not [f for f in after.findings if f["rule"] == "Y-01" and "id" not in f]
    assert len(store.findings(store.report(rid).active_version_id or 0)) >= before
    with pytest.raises(ReportNotFound):
        compare(store, "没有这个机关")


def test_signed_on_is_kept_by_the_store(store: Store) -> None:
    record = generate(10, agency=AGENCY, year=2023)
    record.signed_on = "2024-01-20"
    rid = store_record(store, record)
    assert store.record(store.report(rid).active_version_id or 0).signed_on == "2024-01-20"
