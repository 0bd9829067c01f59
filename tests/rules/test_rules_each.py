"""Each rule: one report where it fires and the unchanged base report where it must not."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from helpers import base, rules, run, set_text

from xxgk.record import Cell, Report
from xxgk.synth import SynthOptions, generate


def _cell(r: Report, table: str, row: str, col: int, value: object) -> None:
    t = r.tables[table]
    assert t is not None
    t.rows[row][col] = Cell(value)  # type: ignore[arg-type]


def _bump(table: str, row: str, col: int, delta: int = 1) -> Callable[[Report], None]:
    def go(r: Report) -> None:
        t = r.tables[table]
        assert t is not None
        t.rows[row][col].value = (t.rows[row][col].value or 0) + delta  # type: ignore[operator]
    return go


def _with_apps(r: Report, n: int = 5) -> None:
    t = r.tables["applications"]
    assert t is not None
    for row in ("new", "total", "granted"):
        for col in (0, 6):
            t.rows[row][col].value = (t.rows[row][col].value or 0) + n  # type: ignore[operator]


def _del_section(n: int) -> Callable[[Report], None]:
    def go(r: Report) -> None:
        r.sections = [s for s in r.sections if s.number != n]
    return go


CASES: dict[str, Callable[[Report], None]] = {
    "P-01": lambda r: _cell(r, "review_litigation", "review", 0, -1),
    "P-02": lambda r: _cell(r, "active", "fees_10k_yuan", 0, Decimal("-1.5")),
    "T3-01": _bump("applications", "carried_forward", 0),
    "T3-02": lambda r: (_bump("applications", "granted", 0)(r), _bump("applications", "granted", 6)(r)),
    "T3-03": _bump("applications", "granted", 6),
    "T4-01": _bump("review_litigation", "review", 4),
    "T2-01": lambda r: _cell(r, "active", "normative_documents", 0, 10**6),
    "T2-02": lambda r: _cell(r, "active", "rules", 2, 3),
    "T2-04": lambda r: (_with_apps(r), _cell(r, "active", "fees_10k_yuan", 0, Decimal(0)),
                        set_text(r, 6, "本年度收取信息处理费300元。")),
    "C-01": _del_section(5),
    "C-02": lambda r: setattr(r.sections[4], "heading", "五、工作中的不足"),
    "C-03": lambda r: r.tables.__setitem__("active", None),
    "C-04": lambda r: r.tables["applications"].rows.pop("withheld_query"),  # type: ignore[union-attr]
    "C-05": lambda r: r.tables.__setitem__("review_litigation", None),
    "C-07": lambda r: (_bump("applications", "granted", 0, 15)(r), _bump("applications", "total", 0, 15)(r),
                       _bump("applications", "new", 0, 15)(r), _bump("applications", "new", 6, 15)(r),
                       _bump("applications", "total", 6, 15)(r), _cell(r, "applications", "granted", 6, None)),
    "C-08": lambda r: set_text(r, 1, "本年度认真做好主动公开工作。"),
    "C-09": lambda r: (setattr(r, "agency", "青山县人民政府"), set_text(r, 1, "主动公开、依申请公开。")),
    "C-10": lambda r: set_text(r, 5, ""),
    "C-11": lambda r: set_text(r, 6, "无。"),
    "C-13": lambda r: set_text(r, 1, "主动公开、依申请公开、政府信息管理、平台建设、监督保障。"),
    "C-14": lambda r: setattr(r, "title", "年度报告"),
    "V-01": lambda r: (r.tables.update(generate(1, template="2019", agency="青山县应急管理局").tables),
                       setattr(r, "template", "2019")),
    "V-02": lambda r: (setattr(r, "year", 2020), setattr(r, "published_on", "2021-01-20")),
    "V-03": lambda r: setattr(r, "template", "mixed"),
    "V-04": lambda r: setattr(r, "year", 2017),
    "D-01": lambda r: setattr(r, "published_on", "2024-02-15"),
    "D-02": lambda r: (setattr(r, "agency", "青山县人民政府"), setattr(r, "published_on", "2024-04-02")),
    "D-03": lambda r: (setattr(r, "agency", "青山镇人民政府"), setattr(r, "published_on", "2024-02-15")),
    "D-04": lambda r: setattr(r, "published_on", "2023-12-20"),
    "D-05": lambda r: setattr(r, "published_on", None),
    "D-06": lambda r: (setattr(r, "year", 2017), setattr(r, "published_on", "2018-05-01")),
    "N-01": lambda r: (_with_apps(r), set_text(r, 3, "本年度未收到政府信息公开申请。")),
    "N-02": lambda r: set_text(r, 3, "本年度共收到政府信息公开申请九百九十九件。"),
    "N-03": lambda r: set_text(r, 3, "其中予以公开1.2万件。"),
    "N-04": lambda r: (_with_apps(r), _bump("review_litigation", "review", 0)(r),
                       _bump("review_litigation", "review", 4)(r),
                       set_text(r, 4, "本年度未发生政府信息公开行政复议、行政诉讼案件。")),
    "N-05": lambda r: set_text(r, 4, "本年度发生行政复议十二件。"),
    "N-06": lambda r: set_text(r, 2, "本年度制发行政规范性文件1000件。"),
    "N-07": lambda r: (_with_apps(r), _bump("applications", "other_no_fee", 0)(r),
                       _bump("applications", "other_no_fee", 6)(r), _bump("applications", "granted", 0, -1)(r),
                       _bump("applications", "granted", 6, -1)(r), set_text(r, 6, "无。")),
    "N-08": lambda r: set_text(r, 6, "本年度收取信息处理费300元。"),
    "N-09": lambda r: setattr(r, "title", "青山县应急管理局2019年政府信息公开工作年度报告"),
    "N-10": lambda r: (_with_apps(r), _bump("review_litigation", "review", 1)(r),
                       _bump("review_litigation", "review", 4)(r), set_text(r, 4, "复议案件均获维持。")),
    "X-01": lambda r: (_bump("review_litigation", "review", 0)(r), _bump("review_litigation", "review", 4)(r)),
}


def _quiet_base() -> Report:
    r = base()
    # No applications and no cases: the starting point of the narrative cases.
    for table in ("applications", "review_litigation"):
        t = r.tables[table]
        assert t is not None
        for cells in t.rows.values():
            for c in cells:
                c.value = 0
    set_text(r, 3, "本年度未收到政府信息公开申请。")
    set_text(r, 4, "本年度未发生行政复议、行政诉讼。")
    return r


@pytest.mark.parametrize("rule", sorted(CASES))
def test_fires(rule: str) -> None:
    r = _quiet_base()
    CASES[rule](r)
    assert rule in rules(run(r)), [f.message for f in run(r).findings]


@pytest.mark.parametrize("rule", sorted(CASES))
def test_quiet_on_base(rule: str) -> None:
    assert rule not in rules(run(_quiet_base()))
    assert rule not in rules(run(base()))


def test_p03_one_warning_for_many_blanks() -> None:
    r = generate(2, SynthOptions(blank_rate=1.0))
    result = run(r)
    assert rules(result, "error") == []
    assert rules(result).count("P-03") == 1


def test_c07_names_value() -> None:
    r = _quiet_base()
    CASES["C-07"](r)
    c07 = [f for f in run(r).findings if f.rule == "C-07"]
    assert len(c07) == 1 and c07[0].suggested == 15
    assert c07[0].location.path == "applications.rows.granted[6]"
    assert "15" in c07[0].message


def test_t3_04_both_other_layouts() -> None:
    r = _quiet_base()
    t = r.tables["applications"]
    assert t is not None
    t.rows["other"] = [Cell(0) for _ in range(6)] + [Cell(2)]
    assert "T3-04" in rules(run(r))


def test_single_other_row_in_2021() -> None:
    r = generate(4, SynthOptions(other_single_row=True))
    result = run(r)
    assert rules(result, "error") == []
    assert "C-04" in rules(result, "warning")


def test_p04_p05_t2_03_2019() -> None:
    r = generate(3, SynthOptions(template="2019", year=2020, published_on="2021-01-10",
                                 agency="青山县应急管理局"))
    assert rules(run(r), "error") == []
    _cell(r, "active_2019", "licensing", 0, 1)
    _cell(r, "active_2019", "licensing", 1, -5)
    _cell(r, "active_2019", "procurement", 1, Decimal(-1))
    _cell(r, "active_2019", "normative_documents", 1, 9)
    _cell(r, "active_2019", "normative_documents", 2, 1)
    found = rules(run(r))
    assert {"P-04", "P-05", "T2-03"} <= set(found)


def test_select_ignore() -> None:
    r = _quiet_base()
    CASES["T3-03"](r)
    assert set(rules(run(r, select="T3"))) == {"T3-02", "T3-03"}
    assert "T3-03" not in rules(run(r, ignore=["T3-03"]))


def test_never_raises_on_odd_data() -> None:
    r = base()
    t = r.tables["applications"]
    assert t is not None
    t.rows["new"] = [Cell(Decimal("1.5"))]
    t.rows["bogus"] = [Cell(1)]
    r.published_on = "someday"
    r.year = None
    result = run(r)
    assert result.internal_errors == []
    assert "P-01" in rules(result)


def test_cross_year() -> None:
    prev = generate(9, SynthOptions(agency="青山县应急管理局", year=2022, published_on="2023-01-10"))
    now = generate(9, SynthOptions(agency="青山县应急管理局", year=2023, published_on="2024-01-10"))
    found = rules(run(now, previous=prev))
    assert "C-15" in found  # same seed: same text
    t, p = now.tables["applications"], prev.tables["applications"]
    assert t is not None and p is not None
    p.rows["carried_forward"][0].value = (t.rows["carried_over"][0].value or 0) + 2  # type: ignore[operator]
    assert "Y-01" in rules(run(now, previous=prev))
    a, b = now.tables["active"], prev.tables["active"]
    assert a is not None and b is not None
    b.rows["normative_documents"][2].value = 10**5
    assert "Y-02" in rules(run(now, previous=prev))
    set_text(now, 5, "问题：不足。措施：加强。")
    assert "Y-04" in rules(run(now, previous=prev))


def test_n01_not_fired_by_zero_carried_over() -> None:
    """"上年结转政府信息公开申请0件" is about carried-over applications: no N-01 when new > 0."""
    from xxgk.record import SectionText
    from xxgk.rules import check
    from xxgk.synth import SynthOptions, generate

    report = generate(3, SynthOptions())
    apps = report.tables["applications"]
    assert apps is not None and (apps.value("new", 6) or 0) > 0
    report.sections = [s for s in report.sections if s.number != 3]
    report.sections.append(SectionText(3, "三、收到和处理政府信息公开申请情况", "上年结转政府信息公开申请0件。"))
    assert not [f for f in check(report).findings if f.rule == "N-01"]


def test_identity_through_an_unsure_cell_is_a_warning() -> None:
    """A failing identity that uses a low-confidence cell (OCR, run-together digits) is not an error."""
    from xxgk.rules import check
    from xxgk.synth import generate

    report = generate(5)
    review = report.tables["review_litigation"]
    assert review is not None
    cell = review.rows["review"][4]
    cell.value = (cell.value or 0) + 1
    sure = [f for f in check(report).findings if f.rule == "T4-01"]
    assert sure and all(f.severity == "error" for f in sure)
    cell.confidence = 0.5
    unsure = [f for f in check(report).findings if f.rule == "T4-01"]
    assert unsure and all(f.severity == "warning" and "核对原文" in f.message for f in unsure)
