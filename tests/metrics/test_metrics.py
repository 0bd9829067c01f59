"""Metric catalogue: formulas refer to the template, values hand-computed on gold records, invariants on
generated reports (rates within [0, 1]; not applicable exactly when the denominator is 0; unavailable
exactly when an input cell is blank)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

from strategies import reports
from xxgk.metrics import (
    BY_KEY,
    METRICS,
    NOT_APPLICABLE,
    NOT_IN_FORMAT,
    OK,
    RATE,
    UNAVAILABLE,
    Cells,
    FirstOf,
    compute,
)
from xxgk.metrics.model import leaves
from xxgk.record import Report, cell_path
from xxgk.synth import generate
from xxgk.template import FORMATS, TABLES


def gold(corpus: Path, name: str) -> Report:
    return Report.from_json(json.loads((corpus / f"{name}.gold.json").read_text(encoding="utf-8")))


# ---------------------------------------------------------------- the catalogue is data over the template
def test_catalogue_keys_and_fields() -> None:
    assert len({m.key for m in METRICS}) == len(METRICS) == len(BY_KEY)
    assert len({m.name for m in METRICS}) == len(METRICS)
    for m in METRICS:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", m.key)
        assert m.kind in ("count", "rate", "amount") and m.unit
        for f in m.formulas:
            assert (f.denominator is not None) == (m.kind == RATE), m.key
        assert bool(m.not_applicable) == (m.kind == RATE), m.key  # only rates can be undefined
        assert m.unit == "%" if m.kind == RATE else m.unit in ("件", "万元", "元")
    for key in ("normative_documents_published", "applications_new", "granted_rate", "partially_granted_rate",
                "withheld_rate", "unavailable_rate", "rejected_rate", "review_correction_rate",
                "litigation_direct_loss_rate", "litigation_after_review_loss_rate", "carry_forward_rate",
                "review_total", "litigation_total", "licensing_decisions", "punishment_decisions"):
        assert key in BY_KEY


def test_formulas_name_existing_rows_and_columns_of_their_formats() -> None:
    for m in METRICS:
        for formula in m.formulas:
            for fmt in formula.formats:
                tables = {t.key for t in FORMATS[fmt].tables}
                for cells in leaves(formula.value) + (leaves(formula.denominator) if formula.denominator else []):
                    assert cells.table in tables, (m.key, fmt, cells.table)
                    t = TABLES[cells.table]
                    rows = cells.row_keys()
                    assert rows, (m.key, cells)
                    for row in rows:
                        for col in cells.columns:
                            assert col in [c.key for c in t.row_columns(t.row(row))], (m.key, row, col)
                # outside FirstOf every row exists in the format; a FirstOf has one option that does
                for expr in (formula.value, formula.denominator):
                    if expr is None:
                        continue
                    for part in getattr(expr, "terms", (expr,)):
                        options = part.options if isinstance(part, FirstOf) else (part,)
                        assert any(all(fmt in TABLES[c.table].row(r).formats for c in leaves(o) for r in c.row_keys())
                                   for o in options), (m.key, fmt)


def test_formula_text_uses_template_labels() -> None:
    assert BY_KEY["withheld_rate"].formulas[0].describe() == "三·（三）不予公开各项·总计 ÷ 三·（七）总计·总计"
    assert "复议后起诉·结果维持＋结果纠正＋其他结果" in BY_KEY["litigation_after_review_loss_rate"].formulas[0].describe()
    # a column key that the template lacks is an error, not a silent zero
    with pytest.raises(ValueError):
        Cells("applications", ("nope",), rows=("new",)).column_index("new", "nope")


# ---------------------------------------------------------------- hand-computed on gold records
def test_pingtan_2023(corpus: Path) -> None:
    v = compute(gold(corpus, "real/001_pingtan_2023"))
    assert v["normative_documents_published"].value == 77
    assert v["normative_documents_in_force"].value == 470
    assert v["licensing_decisions"].value == 2629 and v["punishment_decisions"].value == 1330
    assert v["fees_10k_yuan"].value == Decimal("5949.088667")
    assert v["applications_new"].value == 81 and v["applications_handled"].value == 81
    assert v["granted_rate"].value == pytest.approx(22 / 81)
    assert v["partially_granted_rate"].value == pytest.approx(20 / 81)
    assert v["withheld_rate"].value == pytest.approx((1 + 1 + 1 + 2) / 81)
    assert v["unavailable_rate"].value == pytest.approx(31 / 81)
    assert v["rejected_rate"].value == pytest.approx(1 / 81)
    assert v["other_handling_rate"].value == pytest.approx(2 / 81)
    assert v["natural_person_share"].value == pytest.approx(80 / 81)
    assert v["carry_forward_rate"].value == 0.0 and v["carry_forward_rate"].status == OK  # 0 of 81: a real 0 %
    # 四: review [1, 1, 0, 0, 2]; direct [4, 0, 0, 1, 5]; after review [1, 0, 1, 0, 2]
    assert v["review_correction_rate"].value == pytest.approx(1 / 2)
    assert v["litigation_direct_loss_rate"].value == 0.0
    assert v["litigation_after_review_loss_rate"].value == 0.0
    assert v["litigation_total"].value == 7 and v["review_litigation_total"].value == 9
    assert v["procurement_amount_yuan"].status == NOT_IN_FORMAT
    assert v["granted_rate"].cells == ("applications.rows.granted[6]", "applications.rows.total[6]")


def test_pingtan_2019(corpus: Path) -> None:
    v = compute(gold(corpus, "real/003_pingtan_2019"))
    assert v["normative_documents_published"].value == 89  # 本年新公开数量
    assert v["licensing_decisions"].value == 181
    assert v["procurement_amount_yuan"].value == Decimal("75394432.52")
    assert v["normative_documents_in_force"].status == NOT_IN_FORMAT
    assert v["granted_rate"].value == pytest.approx(7 / 23)
    assert v["unavailable_rate"].value == pytest.approx(12 / 23)
    assert v["other_handling_rate"].value == 0.0  # the one row （六）其他处理 of the 2019 layout
    # no review or lawsuit at all: the rates are undefined, not 0 % and not 100 %
    for key in ("review_correction_rate", "litigation_loss_rate", "litigation_direct_loss_rate"):
        assert v[key].status == NOT_APPLICABLE and v[key].value is None and "分母为0" in v[key].reason
    assert v["review_total"].value == 0 and v["review_total"].status == OK


def test_huaian_prints_both_shapes_of_other_and_an_inconsistent_review_total(corpus: Path) -> None:
    v = compute(gold(corpus, "dev/001_huaian-hongze-2023"))
    # the （六） sub-rows are blank, the one row （六）其他处理 is filled: the filled shape is read
    assert v["other_handling_rate"].status == OK and v["other_handling_rate"].value == 0.0
    assert v["other_handling_rate"].cells == ("applications.rows.other[6]", "applications.rows.total[6]")
    # review [10, 1, 0, 0, 0]: the printed total is kept as printed; the rate reads the result columns
    assert v["review_total"].value == 0
    assert v["review_correction_rate"].value == pytest.approx(1 / 11)
    assert v["litigation_direct_loss_rate"].status == NOT_APPLICABLE


def test_blank_total_column_is_unavailable_not_zero(corpus: Path) -> None:
    v = compute(gold(corpus, "seeds/003_1877cc79e01d8aca"))  # 2019, every 总计 cell of table 三 blank
    assert v["applications_new"].status == UNAVAILABLE and v["applications_new"].value is None
    assert "“一、本年新收政府信息公开申请数量”行“总计”列留空" in v["applications_new"].reason
    assert v["granted_rate"].status == UNAVAILABLE and v["granted_rate"].reason.startswith("分母不可得")
    assert v["punishment_decisions"].value == 7
    w = compute(gold(corpus, "seeds/004_5aae1f456b103e16"))  # （六）3.其他 blank in the 总计 column
    assert w["other_handling_rate"].status == UNAVAILABLE and "“3.其他”" in w["other_handling_rate"].reason
    assert w["unavailable_rate"].value == 1.0  # 1 of 1: a real 100 %


def test_missing_table_is_unavailable_and_unknown_keys_refused() -> None:
    report = generate(3)
    report.tables["review_litigation"] = None
    v = compute(report, ["review_total", "granted_rate"])
    assert list(v) == ["granted_rate", "review_total"]  # catalogue order
    assert v["review_total"].status == UNAVAILABLE and "缺少第四部分表格" in v["review_total"].reason
    with pytest.raises(KeyError):
        compute(report, ["no_such_metric"])


# ---------------------------------------------------------------- invariants on generated reports
def _values(report: Report) -> dict[str, object]:
    return {cell_path(t, r, i): c.value for t, r, i, c in report.cells()}


@settings(max_examples=150, deadline=None)
@given(reports())
def test_invariants(report: Report) -> None:
    cells = _values(report)
    values = compute(report)
    assert list(values) == [m.key for m in METRICS]
    for key, v in values.items():
        m = BY_KEY[key]
        assert (v.value is None) == (v.status != OK), key
        if v.status == NOT_IN_FORMAT:
            assert m.formula_for(report.template) is None
            continue
        read = [cells.get(p) for p in v.cells]
        blank = any(x is None for x in read)
        if m.kind != RATE:
            assert v.status == (UNAVAILABLE if blank else OK), key
            if not blank:
                assert v.value == sum(read), key  # a count is the plain sum of the cells it names
            continue
        # a rate: undefined exactly when the denominator is 0, unknown exactly when an input is blank
        assert (v.status == NOT_APPLICABLE) == (v.denominator is not None and v.denominator == 0), key
        if v.denominator is not None and v.denominator == 0:
            assert v.status == NOT_APPLICABLE, key
        elif blank:
            assert v.status == UNAVAILABLE, key
        else:
            assert v.status == OK and 0.0 <= v.value <= 1.0, key
            assert v.value == pytest.approx(float(v.numerator) / float(v.denominator))


@settings(max_examples=100, deadline=None)
@given(reports())
def test_rates_against_the_record(report: Report) -> None:
    """The same rates computed straight from the record's cells, without the catalogue."""
    a = report.table("applications")
    rl = report.table("review_litigation")
    v = compute(report)
    total = a.value("total", 6)
    granted = a.value("granted", 6)
    if total is None:
        assert v["granted_rate"].status == UNAVAILABLE
    elif total == 0:
        assert v["granted_rate"].status == NOT_APPLICABLE
    elif granted is None:
        assert v["granted_rate"].status == UNAVAILABLE
    else:
        assert v["granted_rate"].value == pytest.approx(granted / total)
    review = rl.values("review")
    concluded = review[:3]
    if any(x is None for x in concluded):
        assert v["review_correction_rate"].status == UNAVAILABLE
    elif sum(concluded) == 0:
        assert v["review_correction_rate"].status == NOT_APPLICABLE
    else:
        assert v["review_correction_rate"].value == pytest.approx(review[1] / sum(concluded))
    assert v["applications_new"].value == a.value("new", 6)


@settings(max_examples=60, deadline=None)
@given(reports(blank_rate=0.0))
def test_no_blank_means_every_metric_of_the_format_is_known(report: Report) -> None:
    for key, v in compute(report).items():
        assert v.status in (OK, NOT_APPLICABLE, NOT_IN_FORMAT), (key, v.reason)


def test_other_as_one_row_in_a_2021_report() -> None:
    report = generate(11, other_single_row=True, scale=3.0)
    a = report.table("applications")
    assert "other" in a.rows and "other_other" not in a.rows
    v = compute(report)["other_handling_rate"]
    assert v.cells[0] == "applications.rows.other[6]"
    assert v.numerator == a.value("other", 6)


def test_unknown_or_mixed_format_takes_the_formula_whose_tables_are_there() -> None:
    old = generate(5, template="2019", scale=3.0)
    old.template = None  # format not recognised: the 2019 section-二 table decides
    v = compute(old)
    assert v["licensing_decisions"].cells == ("active_2019.licensing.decisions",)
    assert v["normative_documents_in_force"].status == UNAVAILABLE  # 2021-only data: its table is missing
    new = generate(5, template="2021")
    new.template = "mixed"
    assert compute(new)["licensing_decisions"].cells == ("active.licensing",)
