"""Spreadsheet import: the agreed header from CSV and XLSX gives the same ledger; bad rows block the file."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from ledger_strategies import ledgers
from openpyxl import Workbook

from xxgk.ledger import Case
from xxgk.ledger.importer import ImportFailed, parse_map, read_cases, write_csv, write_xlsx

HEADER = "编号,收到日期,收到方式,申请人类型,补正告知日期,补正收到日期,征求意见开始日期,征求意见结束日期,延期,答复日期,办理结果"
ROWS = [
    "2024-001,2024-01-05,当面,自然人,,,,,否,2024-01-20,予以公开",
    "2024-002,2024年2月1日,网络,商业企业,2024年2月2日,2024年2月18日,,,是,2024年4月1日,属于国家秘密",
    "2024-003,2024-09-20,邮寄,法律服务机构,,,2024-09-25,2024-10-10,否,2024-11-04,本机关不掌握相关政府信息",
    "2024-004,2024-12-30,传真,科研机构,,,,,否,,",
    "2024-005,2024-03-01,其他,社会公益组织,,,,,否,2024-03-05,重复申请",
    "2024-006,2024-03-02,网络,其他,,,,,否,2024-03-06,其他",
    "2024-007,2024-03-03,网络,自然人,,,,,否,2024-03-07,（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
]


def _xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _as_xlsx_cells(line: str) -> list[object]:
    """The CSV row as a person would type it in Excel: dates as real dates where they are ISO."""
    out: list[object] = []
    for cell in line.split(","):
        if len(cell) == 10 and cell[4] == "-":
            out.append(datetime.fromisoformat(cell))
        else:
            out.append(cell or None)
    return out


def test_header_from_csv_and_xlsx_gives_the_same_ledger(tmp_path: Path) -> None:
    csv_path = tmp_path / "台账.csv"
    csv_path.write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8-sig")
    xlsx_path = _xlsx(tmp_path / "台账.xlsx", HEADER.split(","), [_as_xlsx_cells(r) for r in ROWS])
    from_csv, from_xlsx = read_cases(csv_path), read_cases(xlsx_path)
    assert from_csv == from_xlsx
    assert [c.result for c in from_csv] == [
        "granted", "withheld_state_secret", "unavailable_not_held", None, "rejected_duplicate", "other_other",
        "partially_granted"]
    second = from_csv[1]
    assert (second.received, second.correction_asked, second.correction_received, second.extended) == (
        date(2024, 2, 1), date(2024, 2, 2), date(2024, 2, 18), True)
    assert from_csv[3].answered is None and from_csv[3].applicant == "research"
    assert from_csv[5].applicant == "other"


def test_gbk_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "\n" + ROWS[0] + "\n").encode("gbk"))
    assert read_cases(path)[0].result == "granted"


@pytest.mark.parametrize(("row", "expected"), [
    ("X-1,2024-01-05,当面,自然人,,,,,否,2024-01-20,予以表扬", "办理结果未知"),
    ("X-1,2024-01-05,当面,自然人,,,,,否,2024-01-04,予以公开", "答复日期 2024-01-04 早于收到日期"),
    ("X-1,2024-01-05,当面,,,,,,否,2024-01-20,予以公开", "申请人类型为空"),
    ("X-1,2024-13-05,当面,自然人,,,,,否,,", "日期无效"),
    ("X-1,2024-01-05,当面,自然人,,,,,也许,,", "延期"),
])
def test_a_bad_row_is_reported_by_line_and_nothing_imported(tmp_path: Path, row: str, expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([HEADER, ROWS[0], row, ROWS[1]]) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        read_cases(path)
    assert [line for line, _ in info.value.errors] == [3]
    assert expected in info.value.errors[0][1]
    assert f"{path}:3:" in str(info.value)


def test_bad_rows_in_xlsx_are_reported_by_sheet_row(tmp_path: Path) -> None:
    rows = [_as_xlsx_cells(ROWS[0]), [None] * 11, _as_xlsx_cells(ROWS[1].replace("属于国家秘密", "不知道"))]
    path = _xlsx(tmp_path / "bad.xlsx", HEADER.split(","), rows)
    with pytest.raises(ImportFailed) as info:
        read_cases(path)
    assert [line for line, _ in info.value.errors] == [4]


def test_duplicate_ids_are_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("\n".join([HEADER, ROWS[0], ROWS[0]]) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="重复"):
        read_cases(path)


def test_map_names_other_columns(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_text("序号,登记时间,类别,结果,办结时间\nA1,2024/3/4,个人,不予处理-重复申请,2024.3.8\n", encoding="utf-8")
    with pytest.raises(ValueError, match="--map"):
        read_cases(path)
    [case] = read_cases(path, "序号=id,登记时间=received,类别=applicant,结果=result,办结时间=answered")
    assert case == Case("A1", date(2024, 3, 4), "natural_person", answered=date(2024, 3, 8),
                        result="rejected_duplicate")
    with pytest.raises(ValueError, match="unknown field"):
        parse_map("序号=number")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(ledgers(max_size=15))
def test_export_then_import_is_the_same_ledger(tmp_path: Path, cases: list[Case]) -> None:
    for c in cases:
        c.appeals = []  # appeals are not spreadsheet columns
    buf = io.StringIO()
    write_csv(cases, buf)
    path = tmp_path / "export.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    assert read_cases(path) == cases
    xlsx = tmp_path / "export.xlsx"
    write_xlsx(cases, xlsx)
    assert read_cases(xlsx) == cases


def test_received_date_from_article_31_when_not_given(tmp_path: Path) -> None:
    path = tmp_path / "31.csv"
    path.write_text("编号,收到方式,提交日期,确认日期,申请人类型\n"
                    "N-1,网络,2024-03-01,2024-03-04,自然人\n"   # online: the day both sides confirmed
                    "N-2,当面,2024-03-05,,商业企业\n"            # in person: the day handed in
                    "N-3,邮寄,2024-03-01,2024-03-06,其他\n",     # by post: the day signed for
                    encoding="utf-8")
    assert [c.received for c in read_cases(path)] == [date(2024, 3, 4), date(2024, 3, 5), date(2024, 3, 6)]
    path.write_text("编号,收到方式,提交日期,确认日期,申请人类型\nN-4,传真,2024-03-01,,自然人\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="第三十一条"):
        read_cases(path)
