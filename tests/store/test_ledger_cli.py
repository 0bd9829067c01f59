"""``xxgk ledger`` end to end on SQLite and PostgreSQL: import, due, list/show marks, report → check/render."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from xxgk.cli import main
from xxgk.record import Report
from xxgk.rules import check

HEADER = "编号,收到日期,收到方式,申请人类型,补正告知日期,补正收到日期,征求意见开始日期,征求意见结束日期,延期,答复日期,办理结果"
ROWS = [
    # answered on its deadline day (20th working day after 2024-09-20 is 10-23, over 国庆 and its 调休)
    "A-1,2024-09-20,当面,自然人,,,,,否,2024-10-23,予以公开",
    # answered one working day late
    "A-2,2024-09-20,网络,商业企业,,,,,否,2024-10-24,部分公开",
    # open: deadline 2024-12-30 (20 working days after 12-02); overdue on 2025-01-02
    "A-3,2024-12-02,网络,自然人,,,,,否,,",
    # open: deadline 2025-01-20; not overdue on 2025-01-02
    "A-4,2024-12-20,传真,科研机构,,,,,否,,",
    # open, waiting for the corrected request: no deadline runs
    "A-5,2024-12-10,邮寄,其他,2024-12-11,,,,否,,",
    # received before 2024, answered in 2024
    "A-6,2023-12-27,当面,法律服务机构,,,,,是,2024-01-30,重复申请",
]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _import(db: str, tmp_path: Path, rows: list[str] = ROWS, agency: str = "测试市某某局") -> Result:
    path = tmp_path / "台账.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return run("ledger", "import", "--db", db, "--agency", agency, str(path))


def test_due_lists_open_cases_overdue_first(db_url: str, tmp_path: Path) -> None:
    assert _import(db_url, tmp_path).exit_code == 0
    result = run("ledger", "due", "--db", db_url, "--agency", "测试市某某局", "--on", "2025-01-02", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["id"], r["deadline"], r["overdue"]) for r in rows] == [
        ("A-3", "2024-12-30", True), ("A-4", "2025-01-20", False)]
    text = run("ledger", "due", "--db", db_url, "--agency", "测试市某某局", "--on", "2025-01-02").stdout
    assert text.splitlines()[0].startswith("逾期 A-3")
    assert "待补正" in text and "A-5" in text


def test_answered_late_is_marked_in_list_and_show(db_url: str, tmp_path: Path) -> None:
    _import(db_url, tmp_path)
    listing = run("ledger", "list", "--db", db_url, "--agency", "测试市某某局", "--on", "2025-01-02").stdout
    lines = {line.split("\t")[0]: line for line in listing.splitlines()}
    assert "逾期答复" in lines["A-2"] and "逾期答复" not in lines["A-1"]
    assert "已逾期" in lines["A-3"]
    shown = run("ledger", "show", "--db", db_url, "--agency", "测试市某某局", "A-2").stdout
    assert "逾期答复" in shown and "答复期限    2024-10-23" in shown
    as_json = json.loads(run("ledger", "show", "--db", db_url, "--agency", "测试市某某局", "A-1",
                             "--format", "json").stdout)
    assert as_json["answered_late"] is False and as_json["deadline"] == "2024-10-23"


def test_report_is_a_record_the_checker_and_renderer_accept(db_url: str, tmp_path: Path) -> None:
    _import(db_url, tmp_path)
    result = run("ledger", "report", "--db", db_url, "--agency", "测试市某某局", "--year", "2024", "--format", "json")
    assert result.exit_code == 0, result.output
    record = Report.from_json(json.loads(result.stdout))
    apps = record.tables["applications"]
    assert apps is not None
    assert apps.values("new") == [2, 1, 1, 0, 0, 1, 5]
    assert apps.values("carried_over") == [0, 0, 0, 0, 1, 0, 1]
    assert apps.values("carried_forward") == [1, 0, 1, 0, 0, 1, 3]
    assert [f.rule for f in check(record, select="P-01,T3,T4").findings] == []
    # merged with the rest of a record: xxgk render writes it, xxgk check finds no T3/T4 error
    skeleton = tmp_path / "new.yaml"
    assert run("new", "--agency", "测试市某某局", "--year", "2024", "-o", str(skeleton)).exit_code == 0
    merged = tmp_path / "merged.yaml"
    assert run("ledger", "report", "--db", db_url, "--agency", "测试市某某局", "--year", "2024", "--merge",
               str(skeleton), "-o", str(merged)).exit_code == 0
    out = tmp_path / "report.md"
    assert run("render", str(merged), "-o", str(out)).exit_code == 0
    assert "重复申请" in out.read_text(encoding="utf-8")
    as_json = tmp_path / "merged.json"
    run("ledger", "report", "--db", db_url, "--agency", "测试市某某局", "--year", "2024", "--merge", str(skeleton),
        "-o", str(as_json))
    checked = run("check", "--select", "T3,T4", "--format", "json", str(as_json))
    assert checked.exit_code == 0, checked.output
    assert [json.loads(line)["findings"] for line in checked.stdout.splitlines()] == [[]]


def test_bad_file_imports_nothing(db_url: str, tmp_path: Path) -> None:
    bad = [*ROWS[:2], "A-9,2024-05-06,当面,自然人,,,,,否,2024-05-01,予以公开", "A-10,2024-05-06,当面,,,,,,否,,"]
    result = _import(db_url, tmp_path, bad)
    assert result.exit_code == 1
    assert "台账.csv:4: 答复日期 2024-05-01 早于收到日期" in result.stderr
    assert "台账.csv:5: 申请人类型为空" in result.stderr
    assert "nothing imported" in result.stderr
    listing = run("ledger", "list", "--db", db_url, "--agency", "测试市某某局")
    assert listing.stdout == ""


def test_add_update_appeal_and_export_round_trip(db_url: str, tmp_path: Path) -> None:
    common = ["--db", db_url, "--agency", "某某街道办事处"]
    added = run("ledger", "add", *common, "B-1", "--received", "2025年1月24日", "--applicant", "自然人",
                "--channel", "网络")
    assert added.exit_code == 0, added.output
    assert "答复期限    2025-02-27" in added.stdout  # over 春节 2025 and its 调休 Sundays/Saturdays
    again = run("ledger", "add", *common, "B-1", "--received", "2025-01-24", "--applicant", "自然人")
    assert again.exit_code == 1 and "已存在" in again.stderr
    updated = run("ledger", "add", *common, "B-1", "--update", "--answered", "2025-02-20", "--result", "属于国家秘密")
    assert updated.exit_code == 0 and "属于国家秘密" in updated.stdout
    appeal = run("ledger", "appeal", *common, "B-1", "--kind", "行政复议", "--filed", "2025-03-01")
    assert appeal.exit_code == 0 and "尚未审结" in appeal.stdout
    report = json.loads(run("ledger", "report", *common, "--year", "2025", "--format", "json").stdout)
    assert report["review_litigation"]["review"] == [0, 0, 0, 1, 1]
    for name in ("out.csv", "out.xlsx"):
        path = tmp_path / name
        assert run("ledger", "export", *common, "-o", str(path)).exit_code == 0
        other = ["--db", db_url, "--agency", f"另一机关{name}"]
        assert run("ledger", "import", *other, str(path)).exit_code == 0
        copied = json.loads(run("ledger", "list", *other, "--format", "json").stdout)
        original = json.loads(run("ledger", "list", *common, "--format", "json").stdout)
        assert len(original) == 1 and len(original[0]["appeals"]) == 1
        assert [c | {"appeals": []} for c in copied] == [c | {"appeals": []} for c in original]


def test_a_deadline_beyond_the_calendar_names_the_year(db_url: str, tmp_path: Path) -> None:
    from xxgk.ledger.calendar import covered_years

    last = covered_years()[1]
    rows = [f"C-1,{last}-12-21,当面,自然人,,,,,否,,", f"C-2,{last}-11-02,当面,自然人,,,,,否,,"]
    _import(db_url, tmp_path, rows)
    result = run("ledger", "due", "--db", db_url, "--agency", "测试市某某局", "--on", f"{last}-12-25")
    assert result.exit_code == 1
    assert f"C-1: no official working-day calendar for {last + 1}" in result.stderr
    assert "C-2" in result.stdout  # the other case is still listed


def test_a_database_that_cannot_be_opened_is_a_clear_error(tmp_path: Path) -> None:
    result = run("ledger", "list", "--db", str(tmp_path / "missing-dir" / "x.db"), "--agency", "测试局")
    assert result.exit_code == 1  # a store failure, not a usage error
    assert "missing-dir" in result.stderr and "Traceback" not in result.output


def test_add_derives_the_received_date_by_article_31(tmp_path: Path) -> None:
    common = ["--db", str(tmp_path / "l.db"), "--agency", "测试局"]
    # online: received the day both sides confirmed (Sun 2024-09-29, a 国庆 调休 working day)
    added = run("ledger", "add", *common, "W-1", "--channel", "网络", "--submitted", "2024-09-27",
                "--confirmed", "2024-09-29", "--applicant", "自然人", "--consult-start", "2024-10-08",
                "--consult-end", "2024-11-01")
    assert added.exit_code == 0, added.output
    assert "收到日期    2024-09-29（网络）" in added.stdout
    # 10-08 … 11-01: 10-08…10-11, Sat 10-12 (调休), 10-14…10-18, 10-21…10-25, 10-28…11-01 = 20 working days,
    # past the third party's 15 (第三十二条)
    assert "含征求意见 20 个工作日" in added.stdout
    assert "征求意见超15个工作日" in added.stdout
    missing = run("ledger", "add", *common, "W-2", "--channel", "传真", "--submitted", "2024-09-27",
                  "--applicant", "自然人")
    assert missing.exit_code == 2 and "第三十一条" in missing.output
