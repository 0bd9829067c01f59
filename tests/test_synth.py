"""The generator's reports are consistent, deterministic and round-trip through JSON."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from strategies import reports
from xxgk.record import Report
from xxgk.synth import SynthOptions, application_rows, chinese_number, generate


def _z(v: object) -> int:
    return 0 if v is None else int(v)  # type: ignore[call-overload]


def _identities_hold(report: Report) -> bool:
    apps = report.tables["applications"]
    assert apps is not None
    rows = {k: [_z(c.value) for c in cells] for k, cells in apps.rows.items()}
    for values in rows.values():
        if sum(values[:-1]) != values[-1]:
            return False
    results = [k for k in rows if k not in ("new", "carried_over", "total", "carried_forward")]
    for c in range(7):
        if rows["new"][c] + rows["carried_over"][c] != rows["total"][c] + rows["carried_forward"][c]:
            return False
        if sum(rows[k][c] for k in results) != rows["total"][c]:
            return False
    rl = report.tables["review_litigation"]
    assert rl is not None
    return all(sum(_z(c.value) for c in cells[:4]) == _z(cells[4].value) for cells in rl.rows.values())


@settings(max_examples=200)
@given(reports())
def test_generated_reports_are_consistent(report: Report) -> None:
    assert _identities_hold(report)
    assert len(report.sections) == 6


def test_deterministic() -> None:
    assert generate(5).dumps() == generate(5).dumps()
    assert generate(5).dumps() != generate(6).dumps()


@pytest.mark.parametrize(
    ("opts", "nrows"),
    [(SynthOptions(), 25), (SynthOptions(template="2019"), 23), (SynthOptions(other_single_row=True), 23)],
)
def test_layouts(opts: SynthOptions, nrows: int) -> None:
    report = generate(1, opts)
    apps = report.tables["applications"]
    assert apps is not None and len(apps.rows) == nrows
    assert list(apps.rows) == application_rows(opts.template, opts.other_single_row)
    assert (report.tables.get("active_2019") is not None) == (opts.template == "2019")


def test_blanks_only_replace_zeros() -> None:
    report = generate(3, SynthOptions(blank_rate=1.0))
    assert any(c.value is None for _, _, _, c in report.cells())
    assert _identities_hold(report)


def test_json_round_trip() -> None:
    report = generate(11, SynthOptions(template="2019"))
    again = Report.from_json(json.loads(report.dumps()))
    assert again.dumps() == report.dumps()


def test_chinese_number() -> None:
    assert [chinese_number(n) for n in (3, 10, 12, 40, 99)] == ["三", "十", "十二", "四十", "九十九"]
