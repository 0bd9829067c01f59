"""``xxgk brief``: writes each format; clear errors for an unknown extension, an unknown agency, an empty store,
a year without reports; the sentence rules."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from xxgk.briefing.model import COUNT, RATE, Number, Source, show
from xxgk.briefing.phrases import change
from xxgk.cli import main
from xxgk.store import Store


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def db(store: Store) -> str:
    return str(store.url)


def test_area_and_agency_files(brief_store: Store, tmp_path: Path) -> None:
    code, out = run("brief", "--db", db(brief_store), "--year", "2023", "--region", "福建省", "--no-charts",
                    "-o", str(tmp_path / "fj.html"))
    assert code == 0, out
    assert "numbers, each with its source" in out
    text = (tmp_path / "fj.html").read_text(encoding="utf-8")
    assert "福建省" in text and "南昌市" not in text  # the region filter
    code, out = run("brief", "--db", db(brief_store), "--agency", "福州市台江区教育局", "--year", "2023",
                    "-o", str(tmp_path / "one.xlsx"))
    assert code == 0, out
    assert (tmp_path / "one.xlsx").read_bytes()[:2] == b"PK"


def test_errors_are_clear(brief_store: Store, tmp_path: Path) -> None:
    code, out = run("brief", "--db", db(brief_store), "-o", str(tmp_path / "x.txt"))
    assert code == 2 and "unknown extension .txt" in out and not (tmp_path / "x.txt").exists()
    code, out = run("brief", "--db", db(brief_store), "--agency", "不存在的局", "-o", str(tmp_path / "a.docx"))
    assert code == 1 and "unknown agency '不存在的局'" in out and "Traceback" not in out
    code, out = run("brief", "--db", db(brief_store), "--year", "2031", "-o", str(tmp_path / "a.docx"))
    assert code == 1 and "no report of 2031" in out and "2023" in out
    code, out = run("brief", "--db", db(brief_store), "--region", "火星", "-o", str(tmp_path / "a.docx"))
    assert code == 2 and "火星" in out
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    Store(empty, data_dir=tmp_path / "data").close()
    code, out = run("brief", "--db", empty, "-o", str(tmp_path / "a.docx"))
    assert code == 1 and "holds no reports" in out


def test_rules_for_changes_and_blanks() -> None:
    src = Source.query("quantile", year=2023, metric="granted_rate", p=0.5)
    now, before = Number(0.30, RATE, src), Number(0.25, RATE, src)
    words = change(now, before)
    assert "上升" in words and any(isinstance(w, Number) and w.text == "5.0个百分点" for w in words)
    assert "下降" in change(before, now)
    assert "基本持平" in change(Number(0.251, RATE, src), before)
    assert change(now, Number(None, RATE, src)) == ["，上年无可比数据"]
    assert "基本持平" in change(Number(102, COUNT, src), Number(100, COUNT, src))
    assert show(None, COUNT) == "—"  # a blank is never shown as 0
    assert Number(None, COUNT, src, "份").text == "—"
