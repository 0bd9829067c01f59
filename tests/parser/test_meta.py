"""Report metadata as real reports print it: the agency named inside a sentence, the page's publication date
beside the signature (落款) date."""

from __future__ import annotations

from pathlib import Path

import pytest

from renditions import replace_text
from xxgk.parse import parse_file
from xxgk.record import Report
from xxgk.render import render
from xxgk.rules import check
from xxgk.synth import generate

AGENCY = "淮安市洪泽区人民政府"
SENTENCE = f"本报告由{AGENCY}办公室根据《中华人民共和国政府信息公开条例》要求编制。"


def _parse(tmp_path: Path, fmt: str, data: bytes) -> Report:
    path = tmp_path / f"report.{fmt}"
    path.write_bytes(data)
    return parse_file(path)


def _rules(report: Report) -> set[str]:
    return {f.rule for f in check(report).findings}


@pytest.mark.parametrize("fmt", ["txt", "html", "docx"])
def test_short_title_name_expands_from_a_sentence_without_its_lead(fmt: str, tmp_path: Path) -> None:
    # The title names the agency short (洪泽区政府); the preamble sentence names it in full after 本报告由.
    report = generate(21, agency=AGENCY, year=2023, published_on="2024-01-20")
    title = f"{AGENCY}2023年政府信息公开工作年度报告"
    short = f"洪泽区政府2023年政府信息公开工作年度报告\n{SENTENCE}"
    if fmt == "html":
        short = short.replace("\n", "</h1>\n<p>") + "</p><h1 hidden>"
    parsed = _parse(tmp_path, fmt, replace_text(report, fmt, title, short))
    assert parsed.agency == AGENCY
    assert "C-14" not in _rules(parsed)  # the title does name the agency, short


@pytest.mark.parametrize("lead", [SENTENCE, f"现将{AGENCY}办公室2023年度政府信息公开工作情况报告如下。"])
def test_agency_from_a_sentence_when_the_title_names_none(lead: str, tmp_path: Path) -> None:
    report = generate(22, agency=AGENCY, year=2023, published_on="2024-01-20")
    title = f"{AGENCY}2023年政府信息公开工作年度报告"
    parsed = _parse(tmp_path, "txt", replace_text(report, "txt", title, f"2023年政府信息公开工作年度报告\n{lead}"))
    assert parsed.agency == f"{AGENCY}办公室"


PAGE_DATES = ["发布时间：2024-01-31", "发布日期：2024年01月31日", "发文日期：2024-01-31", "公开日期：2024-01-31 09:30"]


@pytest.mark.parametrize("fmt", ["txt", "html", "docx", "pdf"])
@pytest.mark.parametrize("printed", PAGE_DATES)
def test_publication_date_of_the_page_is_not_the_signature_date(fmt: str, printed: str, tmp_path: Path) -> None:
    report = generate(23, agency="青山县应急管理局", year=2023, published_on="2024-01-29")
    title = "青山县应急管理局2023年政府信息公开工作年度报告"
    parsed = _parse(tmp_path, fmt, replace_text(report, fmt, title, f"{title}\n{printed}"))
    assert parsed.signed_on == "2024-01-29"
    assert parsed.published_on == "2024-01-31"
    assert "D-01" not in _rules(parsed)  # a department: 1月31日 is on time


def test_signature_date_alone_is_the_publication_date(tmp_path: Path) -> None:
    report = generate(24, agency="青山县应急管理局", year=2023, published_on="2024-02-05")
    parsed = _parse(tmp_path, "txt", replace_text(report, "txt", "2024年2月5日", "2024年2月5日"))
    assert (parsed.published_on, parsed.signed_on) == ("2024-02-05", "2024-02-05")
    assert "D-01" in _rules(parsed)


def test_record_round_trips_signed_on() -> None:
    report = generate(25, published_on="2024-01-31")
    report.signed_on = "2024-01-29"
    again = Report.from_json(report.to_json())
    assert (again.published_on, again.signed_on) == ("2024-01-31", "2024-01-29")


def test_deadline_rules_use_the_signature_date_only_without_a_publication_date() -> None:
    report = generate(26, agency="青山县应急管理局", year=2023, published_on=None)
    report.published_on, report.signed_on = None, "2024-02-10"
    assert {"D-01"} <= _rules(report) and "D-05" not in _rules(report)
    report.published_on = "2024-01-30"  # published on time although signed after the deadline: trusted
    assert not {"D-01", "D-05"} & _rules(report)
    report.published_on = report.signed_on = None
    assert "D-05" in _rules(report)


def test_page_metadata_table_gives_the_publication_not_the_writing_date(tmp_path: Path) -> None:
    # Government pages print a metadata table: 成文日期 (the signing date) comes before 发布日期.
    report = generate(27, agency="青山县应急管理局", year=2023, published_on="2024-01-29")
    table = ("<table><tr><td>索引号</td><td>123/2024-00001</td><td>成文日期</td><td>2024-01-29</td></tr>"
             "<tr><td>发布机构</td><td>青山县应急管理局</td><td>发布日期</td><td>2024-01-31</td></tr></table>")
    page = render(report, "html").decode("utf-8").replace("<body>", "<body>" + table, 1)
    parsed = _parse(tmp_path, "html", page.encode("utf-8"))
    assert (parsed.published_on, parsed.signed_on) == ("2024-01-31", "2024-01-29")
