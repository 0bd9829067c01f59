"""Run-together digits (web text printing a row's cells with no separator): every piece of evidence is used, and
the confidence says whether the split is settled (issue 9 §4)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from strategies import reports
from xxgk.cli import main
from xxgk.parse import parse_text
from xxgk.record import Report, json_default
from xxgk.render.flatten import flatten
from xxgk.rules import check
from xxgk.synth import generate

PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def splits(digits: str, n: int) -> tuple[tuple[int, ...], ...]:
    """Every way to cut ``digits`` into ``n`` numbers printed without leading zeros (an independent oracle)."""
    if n == 0:
        return ((),) if digits == "" else ()
    out = []
    for k in range(1, len(digits) - n + 2):
        head = digits[:k]
        if len(head) > 1 and head[0] == "0":
            break
        out.extend((int(head), *rest) for rest in splits(digits[k:], n - 1))
    return tuple(out)


def printed(values: list[int | None]) -> str:
    return "".join(str(v) for v in values if v is not None)


def parse_run_together(report: Report) -> Report:
    return parse_text(flatten(report, "run_together"), "generated.txt")


# ------------------------------------------------------------------------------------------------ table 二
@PROPS
@given(report=reports(template="2021", blank_rate=0.0))
def test_table_two_settled_by_the_narrative(report: Report) -> None:
    """Section 二's narrative names the row's numbers (制发…件，废止…件，现行有效…件): the split is exact and sure."""
    parsed = parse_run_together(report)
    want, got = report.tables["active"], parsed.tables["active"]
    assert want is not None and got is not None
    for key, cells in want.rows.items():
        assert [c.value for c in got.rows[key]] == [c.value for c in cells], key
        assert all(c.confidence == 1.0 for c in got.rows[key]), (key, [c.note for c in got.rows[key]])


def _no_narrative(report: Report) -> Report:
    for s in report.sections:
        if s.number == 2:
            s.text = "本年度主动公开政府信息情况如下表。"
    return report


def _documents_run_together() -> tuple[str, Report]:
    """A report printing 行政规范性文件5845546 (58 | 45 | 546) with no numbers in its narrative, and last year's
    record with 533 in force (533 + 58 − 45 = 546)."""
    report = _no_narrative(generate(3, template="2021"))
    active = report.tables["active"]
    assert active is not None
    for cell, v in zip(active.rows["normative_documents"], (58, 45, 546), strict=True):
        cell.value = v
    text = flatten(report, "run_together")
    assert "行政规范性文件5845546" in text
    previous = generate(4, template="2021", year=(report.year or 2023) - 1)
    prev_active = previous.tables["active"]
    assert prev_active is not None
    prev_active.rows["normative_documents"][2].value = 533
    return text, previous


def test_table_two_settled_by_the_previous_year() -> None:
    """No narrative numbers: last year's 现行有效 with this year's 制发 and 废止 settles 5845546 (Y-02 carry-over)."""
    text, previous = _documents_run_together()
    alone = parse_text(text, "g.txt")
    cells = alone.tables["active"].rows["normative_documents"]  # type: ignore[union-attr]
    assert all(c.confidence < 0.95 for c in cells), "nothing settles it: the split must say so"
    assert any(n.path and "normative_documents" in n.path for n in alone.notes)
    with_prev = parse_text(text, "g.txt", previous=previous)
    cells = with_prev.tables["active"].rows["normative_documents"]  # type: ignore[union-attr]
    assert [c.value for c in cells] == [58, 45, 546]
    assert all(c.confidence == 1.0 for c in cells)


def test_parse_cli_previous(tmp_path: Path) -> None:
    """``xxgk parse --previous FILE`` passes last year's record to the matcher; an unreadable one is exit 2."""
    text, previous = _documents_run_together()
    (tmp_path / "now.txt").write_text(text, encoding="utf-8")
    (tmp_path / "prev.json").write_text(json.dumps(previous.to_json(), ensure_ascii=False, default=json_default),
                                        encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["parse", "--previous", str(tmp_path / "prev.json"), str(tmp_path / "now.txt")])
    assert result.exit_code == 0, result.output
    cells = json.loads(result.output)["active"]["normative_documents"]
    assert [cells[k] for k in ("issued", "repealed", "in_force")] == [58, 45, 546]
    result = runner.invoke(main, ["parse", "--previous", str(tmp_path / "missing.json"), str(tmp_path / "now.txt")])
    assert result.exit_code == 2 and "missing.json" in result.output


def test_table_two_unsettled_keeps_the_likeliest_split() -> None:
    """Neither narrative nor last year: 现行有效 is cumulative, cells of like size — 58 | 45 | 546, flagged."""
    report = _no_narrative(generate(3, template="2021"))
    active = report.tables["active"]
    assert active is not None
    for cell, v in zip(active.rows["normative_documents"], (58, 45, 546), strict=True):
        cell.value = v
    parsed = parse_run_together(report)
    cells = parsed.tables["active"].rows["normative_documents"]  # type: ignore[union-attr]
    assert [c.value for c in cells] == [58, 45, 546]
    assert all(c.confidence < 0.95 and c.note for c in cells)


# ------------------------------------------------------------------------------------------------ table 三
@PROPS
@given(report=reports(blank_rate=0.0))
def test_table_three_unique_split_is_certain(report: Report) -> None:
    """A row whose own identity (six columns sum to 总计) admits exactly one split is read with full confidence."""
    parsed = parse_run_together(report)
    want, got = report.tables["applications"], parsed.tables["applications"]
    assert want is not None and got is not None
    for key, cells in want.rows.items():
        values = [c.value for c in cells]
        fitting = [s for s in splits(printed(values), len(values)) if sum(s[:-1]) == s[-1]]
        if len(fitting) == 1:
            assert [c.value for c in got.rows[key]] == values, key
            assert all(c.confidence == 1.0 for c in got.rows[key]), (key, [c.note for c in got.rows[key]])


def test_table_three_rows_in_doubt_settled_by_the_columns() -> None:
    """部分公开 "12000113" balances as 12|0|0|0|1|0|13 and as 1|2|0|0|0|1|… ; the column identities (T3-01, T3-02)
    admit only the printed reading, so it is certain."""
    report = generate(1, blank_rate=0.0)
    parsed = parse_run_together(report)
    want, got = report.tables["applications"], parsed.tables["applications"]
    assert want is not None and got is not None
    for key in ("partially_granted", "total"):
        values = [c.value for c in want.rows[key]]
        assert len([s for s in splits(printed(values), 7) if sum(s[:-1]) == s[-1]]) > 1, key
        assert [c.value for c in got.rows[key]] == values, key
        assert all(c.confidence == 1.0 for c in got.rows[key]), key


@PROPS
@given(report=reports(blank_rate=0.0))
def test_certain_cells_are_right(report: Report) -> None:
    """Whatever evidence settled it, a run-together cell read with full confidence holds the printed value."""
    parsed = parse_run_together(report)
    got = {(t, r, i): c for t, r, i, c in parsed.cells()}
    for t, r, i, cell in report.cells():
        found = got.get((t, r, i))
        assert found is not None, (t, r, i)
        assert found.value == cell.value or found.confidence < 1.0, (t, r, i, cell.value, found.value, found.note)


def test_column_identity_failing_through_certain_cells_is_an_error() -> None:
    """社会公益组织 new = 2 but （七）总计 = 0 in that column, every row split unique: T3-01 is an error."""
    report = generate(4, blank_rate=0.0)
    apps = report.tables["applications"]
    assert apps is not None
    new = apps.rows["new"]
    assert apps.rows["total"][3].value == 0
    # the row still balances, the column does not
    new[3].value, new[6].value = 2, (new[6].value or 0) + 2 - (new[3].value or 0)
    parsed = parse_run_together(report)
    for key in ("new", "carried_over", "total", "carried_forward"):
        values = [c.value for c in apps.rows[key]]
        assert len([s for s in splits(printed(values), 7) if sum(s[:-1]) == s[-1]]) == 1, key
    findings = [f for f in check(parsed).findings if f.rule == "T3-01" and f.location.column == 3]
    assert findings and all(f.severity == "error" for f in findings), [(f.severity, f.message) for f in findings]


# ------------------------------------------------------------------------------------------------ table 四
@PROPS
@given(report=reports(blank_rate=0.0), data=st.data())
def test_table_four_printed_error_splits_into_fifteen_cells(report: Report, data: st.DataObject) -> None:
    """One printed error in table 四 (a group total off): the row is still read as its 15 cells, never one huge
    count; a cell whose split was a guess says so."""
    review = report.tables["review_litigation"]
    assert review is not None
    group = data.draw(st.sampled_from(list(review.rows)))
    col = data.draw(st.integers(0, 4))
    delta = data.draw(st.sampled_from([1, 2, 7, 10, 100]))
    cell = review.rows[group][col]
    cell.value = (cell.value or 0) + delta
    flat = [c.value for cells in review.rows.values() for c in cells]
    digits = printed(flat)
    assume(len(digits) >= 15)
    parsed = parse_run_together(report)
    got = parsed.tables["review_litigation"]
    assert got is not None
    cells = [c for cells in got.rows.values() for c in cells]
    assert len(cells) == 15 and all(c.value is not None for c in cells)
    assert printed([c.value for c in cells]) == digits
    for c, v in zip(cells, flat, strict=True):
        assert c.value == v or c.confidence < 0.95, (digits, [c.value for c in cells])
    if any(c.confidence < 0.95 for c in cells):
        assert any(n.path and n.path.startswith("review_litigation") for n in parsed.notes)


def test_table_four_fewer_digits_than_cells() -> None:
    """``10000000000000``: 14 digits for 15 cells — 15 cells all the same, low confidence, never one 14-digit count."""
    report = generate(2, blank_rate=0.0)
    review = report.tables["review_litigation"]
    assert review is not None
    text = flatten(report, "run_together")
    run = printed([c.value for cells in review.rows.values() for c in cells])
    text = text.replace(run, "10000000000000", 1)
    parsed = parse_text(text, "g.txt")
    got = parsed.tables["review_litigation"]
    assert got is not None
    cells = [c for cells in got.rows.values() for c in cells]
    assert len(cells) == 15
    assert all(c.value is None or c.value < 10 for c in cells)
    assert all(c.confidence < 0.95 for c in cells)
    assert any(n.path and n.path.startswith("review_litigation") for n in parsed.notes)
