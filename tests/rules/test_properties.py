"""Properties over generated consistent reports (xxgk.synth)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import reports
from xxgk.record import Report
from xxgk.rules import check
from xxgk.rules.arithmetic import identities
from xxgk.rules.context import Context


@settings(max_examples=150, deadline=None)
@given(reports())
def test_consistent_report_has_no_error(report: Report) -> None:
    result = check(report)
    assert result.internal_errors == []
    assert [f.message for f in result.findings if f.severity == "error"] == []
    assert not any(f.rule in ("C-07",) or f.rule.startswith(("T3", "T4")) for f in result.findings)


@settings(max_examples=150, deadline=None)
@given(reports(blank_rate=0.0), st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=50))
def test_one_changed_cell_is_found(report: Report, pick: int, delta: int) -> None:
    rng = random.Random(pick)
    table_key = rng.choice(["applications", "review_litigation"])
    table = report.tables[table_key]
    assert table is not None
    row = rng.choice(sorted(table.rows))
    col = rng.randrange(len(table.rows[row]))
    original = table.rows[row][col].value
    assert original is not None
    table.rows[row][col].value = original + delta
    ref = (table_key, row, col)
    expected = {(i.rule, frozenset(i.refs)) for i in identities(Context(report)) if ref in i.refs}
    findings = [f for f in check(report).findings if f.rule.startswith(("T3", "T4"))]
    got = {(f.rule, frozenset((c.table, c.row, c.column) for c in f.cells)) for f in findings}
    assert {f.severity for f in findings} == {"error"}
    assert got == expected
    path = f"{table_key}.rows.{row}[{col}]" if table_key == "applications" else f"{table_key}.{row}[{col}]"
    for f in findings:
        if f.culprit is not None:
            assert f.culprit.path == path and f.suggested == original
        else:  # table 四: each cell sits in one identity, so several cells could explain it
            assert path in [loc.path for loc, _ in f.candidates]
    if table_key == "applications":
        assert all(f.culprit is not None for f in findings)

