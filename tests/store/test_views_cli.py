"""The CLI over the store's views: reports, show, compare, correct, history, review, export, import — run
through the real ``xxgk`` command group on a real SQLite store (the library is tested on both backends)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from viewsdata import load_gold

from xxgk.cli import main
from xxgk.store import Store


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _db(tmp_path: Path) -> str:
    db = str(tmp_path / "s.db")
    with Store(db, data_dir=tmp_path) as store:
        load_gold(store)
    return db


def test_reports_show_compare(tmp_path: Path) -> None:
    db = _db(tmp_path)
    code, out, _ = _run("reports", "--db", db, "--format", "json", "--status", "error")
    assert code == 0
    rows = json.loads(out)
    assert rows and all(r["status"] == "error" and r["errors"] > 0 for r in rows)
    code, out, _ = _run("reports", "--db", db, "--year", "2019")
    assert code == 0 and "平潭综合实验区" in out and "2019" in out
    code, out, _ = _run("show", "--db", db, "平潭综合实验区自然资源与生态环境局 2023")
    assert code == 0 and "T3-0" in out and "open" in out and "来源" in out
    code, _, err = _run("show", "--db", db, "平潭综合实验区 2030")
    assert code == 1 and "years stored" in err and "Traceback" not in err
    code, out, _ = _run("compare", "--db", db, "平潭综合实验区行政审批局", "--years", "2021-2025")
    assert code == 0 and "2023" in out and "2024" in out and "表三" in out
    code, _, err = _run("compare", "--db", db, "平潭综合实验区行政审批局", "--years", "后年")
    assert code == 2 and "FIRST-LAST" in err
    code, _, err = _run("reports", "--db", str(tmp_path / "none.db"))
    assert code == 1 and "no database" in err


def test_correct_history_review(tmp_path: Path) -> None:
    db = _db(tmp_path)
    ref = "平潭综合实验区 2023"
    code, out, _ = _run("correct", "--db", db, ref, "applications.new.natural_person", "999", "--reason", "核对原件",
                        "--who", "甲")
    assert code == 0 and "→ 999" in out and "re-checked" in out
    code, _, err = _run("correct", "--db", db, ref, "applications.new.natral", "1", "--reason", "x")
    assert code == 1 and "columns of applications.new: natural_person" in err
    code, _, err = _run("correct", "--db", db, ref, "applications.new.total", "-3", "--reason", "x")
    assert code == 1 and "negative" in err
    code, out, _ = _run("history", "--db", db, ref, "--format", "json")
    versions = json.loads(out)
    assert [v["kind"] for v in versions] == ["parse", "correction"] and versions[1]["active"]
    assert versions[1]["created_by"] == "甲" and versions[1]["changed"][0]["new"] == "999"
    code, out, _ = _run("review", "--db", db, ref, "T3-01", "dismiss", "--comment", "原件如此", "--who", "乙")
    assert code == 0 and "dismissed" in out
    code, _, err = _run("review", "--db", db, ref, "T3-01", "dismiss")
    assert code == 1 and "comment" in err
    code, out, _ = _run("show", "--db", db, ref, "--format", "json")
    t301 = next(f for f in json.loads(out)["findings"] if f["rule"] == "T3-01")
    assert (t301["review_state"], t301["review_comment"]) == ("dismissed", "原件如此")


def test_export_and_import(tmp_path: Path) -> None:
    db = _db(tmp_path)
    for name, flag in (("w.xlsx", "--wide"), ("l.parquet", "--long"), ("f.csv", "--findings"), ("all.jsonl", "--long")):
        code, _, err = _run("export", "--db", db, "-o", str(tmp_path / name), flag, "--region", "福建省")
        assert code == 0 and (tmp_path / name).stat().st_size > 0, err
    assert all(json.loads(line)["agency"].startswith("平潭")
               for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines())
    code, out, _ = _run("import", "--db", db, str(tmp_path / "l.parquet"))
    assert code == 0 and "0 reports with a new version" in out
    (tmp_path / "bad.csv").write_text("agency,year,table,row,column,value\n某县,2023,applications,new,0,x\n",
                                      encoding="utf-8")
    code, _, err = _run("import", "--db", db, str(tmp_path / "bad.csv"))
    assert code == 1 and "line 2" in err and "nothing imported" in err
    code, _, err = _run("export", "--db", db, "-o", str(tmp_path / "x.txt"))
    assert code == 2 and "--format" in err
