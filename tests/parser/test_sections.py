"""Section headings in their real variety: the numbered heading in its place is the section whatever its
words; a non-standard wording is a C-02 warning quoting the whole printed heading, never a missing section."""

from __future__ import annotations

from pathlib import Path

import pytest

from renditions import replace_text
from xxgk.parse import parse_file
from xxgk.record import Report
from xxgk.rules import check
from xxgk.synth import generate

FORMATS = ["txt", "md", "html", "docx", "pdf"]
SIX_STANDARD, SIX_OWN = "六、其他需要报告的事项", "六、需要说明的其他事项与附表"
FIVE_STANDARD, FIVE_OWN = "五、存在的主要问题及改进情况", "五、存在的主要问题及明年工作计划"


def _parse(tmp_path: Path, fmt: str, data: bytes) -> Report:
    path = tmp_path / f"report.{fmt}"
    path.write_bytes(data)
    return parse_file(path)


def _without_fee(seed: int) -> Report:
    # Section 六 must not mention the fee or its standard words: then only its heading can find it.
    report = generate(seed)
    six = report.section(6)
    assert six is not None
    six.text = "本年度无需要说明的其他事项，附表见上。"
    return report


@pytest.mark.parametrize("fmt", FORMATS)
def test_sixth_heading_in_order_is_section_six_whatever_its_words(fmt: str, tmp_path: Path) -> None:
    report = _parse(tmp_path, fmt, replace_text(_without_fee(11), fmt, SIX_STANDARD, SIX_OWN))
    six = report.section(6)
    assert six is not None and six.heading == SIX_OWN
    assert "附表见上" in six.text
    findings = check(report).findings
    assert not [f for f in findings if f.rule == "C-01"]
    c02 = [f for f in findings if f.rule == "C-02"]
    assert [(f.severity, f.location.section) for f in c02] == [("warning", 6)]
    assert f"“{SIX_OWN}”" in c02[0].message


@pytest.mark.parametrize("fmt", FORMATS)
def test_non_standard_heading_is_quoted_whole(fmt: str, tmp_path: Path) -> None:
    report = _parse(tmp_path, fmt, replace_text(generate(12), fmt, FIVE_STANDARD, FIVE_OWN))
    five = report.section(5)
    assert five is not None and five.heading == FIVE_OWN
    c02 = [f for f in check(report).findings if f.rule == "C-02"]
    assert len(c02) == 1 and f"“{FIVE_OWN}”" in c02[0].message


@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_table_row_with_a_heading_ordinal_is_no_heading(fmt: str, tmp_path: Path) -> None:
    # Table 三 prints "四、结转下年度继续办理" between sections 三 and 五: with 四's heading lost, that row
    # must not become section 四.
    report = _parse(tmp_path, fmt, replace_text(generate(13), fmt, "四、政府信息公开行政复议、行政诉讼情况", ""))
    assert report.section(4) is None
    findings = check(report).findings
    assert [(f.rule, f.severity) for f in findings if f.location.section == 4] == [("C-02", "warning")]


def test_numbered_list_inside_a_section_is_no_heading(tmp_path: Path) -> None:
    # Only the next number in order is a heading: "一、…二、…" items inside 五 stay text of 五.
    report = generate(14)
    five = report.section(5)
    assert five is not None
    five.text = "一、公开内容不够全面\n二、下一步加强培训"
    parsed = _parse(tmp_path, "txt", replace_text(report, "txt", FIVE_STANDARD, FIVE_OWN))
    assert [s.number for s in parsed.sections] == [0, 1, 2, 3, 4, 5, 6]
    five_parsed = parsed.section(5)
    assert five_parsed is not None and "二、下一步加强培训" in five_parsed.text
