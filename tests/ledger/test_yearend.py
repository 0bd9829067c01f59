"""Year-end tables from generated case histories pass every identity of the checker, and chain across years."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from ledger_strategies import ledgers

from xxgk.ledger import Appeal, Case, problems, year_report
from xxgk.ledger.yearend import merge
from xxgk.render.skeleton import skeleton
from xxgk.rules import check

IDENTITY_RULES = ("P-01", "P-03", "T3", "T4")


def identity_findings(report):  # type: ignore[no-untyped-def]
    result = check(report, select=",".join(IDENTITY_RULES))
    assert not result.internal_errors
    return [f"{f.rule} {f.message}" for f in result.findings]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers())
def test_generated_histories_pass_every_identity(cases: list[Case]) -> None:
    for c in cases:
        assert problems(c) == []
    for year in (2023, 2024, 2025, 2026):
        report = year_report(cases, year, agency="测试局")
        assert identity_findings(report) == []
    # carried forward of Y = carried over of Y+1, per column
    for year in (2023, 2024, 2025):
        this = year_report(cases, year).tables["applications"]
        following = year_report(cases, year + 1).tables["applications"]
        assert this is not None and following is not None
        assert this.values("carried_forward") == following.values("carried_over")
    # every case is new exactly once
    total_new = sum(year_report(cases, y).tables["applications"].values("new")[-1] for y in (2024, 2025))  # type: ignore[union-attr]
    assert total_new == len(cases)


def test_counts_land_in_their_rows() -> None:
    cases = [
        Case("1", date(2023, 12, 20), "natural_person"),  # open at the end of 2023 and 2024
        Case("2", date(2023, 12, 28), "business", answered=date(2024, 1, 10), result="withheld_state_secret"),
        Case("3", date(2024, 3, 1), "legal_service", answered=date(2024, 3, 5), result="other_other",
             appeals=[Appeal("review", date(2024, 4, 1), "corrected", date(2024, 6, 1)),
                      Appeal("litigation_after_review", date(2024, 7, 1), "upheld", date(2025, 2, 1))]),
        Case("4", date(2024, 12, 30), "natural_person", answered=date(2025, 1, 6), result="granted"),
    ]
    report = year_report(cases, 2024)
    apps, review = report.tables["applications"], report.tables["review_litigation"]
    assert apps is not None and review is not None
    assert apps.values("new") == [1, 0, 0, 0, 1, 0, 2]
    assert apps.values("carried_over") == [1, 1, 0, 0, 0, 0, 2]
    assert apps.values("withheld_state_secret") == [0, 1, 0, 0, 0, 0, 1]
    assert apps.values("other_other") == [0, 0, 0, 0, 1, 0, 1]
    assert apps.values("total") == [0, 1, 0, 0, 1, 0, 2]
    assert apps.values("carried_forward") == [2, 0, 0, 0, 0, 0, 2]
    assert review.values("review") == [0, 1, 0, 0, 1]
    assert review.values("litigation_after_review") == [0, 0, 0, 1, 1]  # decided only in 2025
    assert review.values("litigation_direct") == [0, 0, 0, 0, 0]


def test_merged_with_a_record_renders_and_checks_clean() -> None:
    from xxgk.render import render

    cases = [Case("1", date(2024, 3, 1), "research", answered=date(2024, 3, 20), result="unavailable_not_held")]
    record = merge(skeleton("测试局", 2024), year_report(cases, 2024, agency="测试局"))
    assert identity_findings(record) == []
    text = render(record, "md").decode("utf-8")
    assert "本机关不掌握相关政府信息" in text
