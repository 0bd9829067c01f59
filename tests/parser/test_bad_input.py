"""Bad input: a clear error naming the file, or a partial record with the gaps stated — never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xxgk.parse import ParseError, parse_bytes, parse_file

XXGK = [str(Path(sys.executable).parent / "xxgk")]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*XXGK, *args], input=None if stdin is None else stdin.decode(), capture_output=True,
                          text=True, timeout=120)


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(ParseError, match=r"empty\.txt: empty file"):
        parse_file(p)


def test_binary_garbage(tmp_path: Path) -> None:
    p = tmp_path / "garbage.bin"
    p.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ParseError, match=r"garbage\.bin"):
        parse_file(p)


def test_text_that_is_not_a_report() -> None:
    with pytest.raises(ParseError, match="not an annual report"):
        parse_bytes("今天天气很好，我们去公园散步。\n然后吃了午饭。".encode(), "diary.txt")


def test_missing_file() -> None:
    with pytest.raises(ParseError, match=r"nope\.txt"):
        parse_file("nope.txt")


def test_report_with_a_section_missing_states_the_gap(corpus: Path) -> None:
    text = (corpus / "seeds" / "004_5aae1f456b103e16.txt").read_text(encoding="utf-8")
    cut = text[: text.index("#### 四、政府信息公开行政复议")]  # drop sections 四–六
    report = parse_bytes(cut.encode(), "cut.md")
    assert report.tables["review_litigation"] is None
    assert any(n.code == "table-missing" and "第四部分" in n.message for n in report.notes)
    assert report.tables["applications"] is not None


def test_gbk_and_bom_encodings(corpus: Path) -> None:
    text = (corpus / "seeds" / "000_1eefaa90e23e53e0.txt").read_text(encoding="utf-8")
    want = parse_bytes(text.encode("utf-8"), "a.txt").to_json(provenance=False)
    for data in (text.encode("gb18030"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        got = parse_bytes(data, "a.txt").to_json(provenance=False)
        assert {k: got[k] for k in ("agency", "active", "applications")} == {
            k: want[k] for k in ("agency", "active", "applications")}


def test_ten_megabyte_file(tmp_path: Path, corpus: Path) -> None:
    """A huge text (a report drowned in padding) parses in bounded time, or fails clearly."""
    text = (corpus / "seeds" / "000_1eefaa90e23e53e0.txt").read_text(encoding="utf-8")
    filler = "这是一段与报告无关的很长的文字。" * 20
    p = tmp_path / "huge.txt"
    p.write_text(text + ("\n" + filler) * (10 * 1024 * 1024 // (len(filler.encode()) + 1)), encoding="utf-8")
    assert p.stat().st_size > 10 * 1024 * 1024
    report = parse_file(p)
    assert report.tables["applications"] is not None


def test_cli_batch_goes_on_after_a_bad_file(tmp_path: Path, corpus: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    good = corpus / "seeds" / "000_1eefaa90e23e53e0.txt"
    done = run("parse", "--format", "jsonl", str(bad), str(good))
    assert done.returncode == 1
    lines = [json.loads(x) for x in done.stdout.splitlines()]
    assert [x["source"]["path"] for x in lines] == [str(bad), str(good)]
    assert "empty file" in lines[0]["error"] and str(bad) in lines[0]["error"]
    assert lines[1]["applications"]["rows"]["new"] == [0] * 7
    assert "Traceback" not in done.stderr


def test_cli_usage_error_exit_2() -> None:
    assert run("parse").returncode == 2
    assert run("parse", "--format", "xml", "x.txt").returncode == 2


def test_cli_stdin(corpus: Path) -> None:
    data = (corpus / "seeds" / "001_21df99b200ff014e.txt").read_bytes()
    done = run("parse", "-", stdin=data)
    assert done.returncode == 0
    assert json.loads(done.stdout)["agency"] == "渝中区应急管理局"


# ------------------------------------------------------------------------------------------ variants met in the wild
def _variant(corpus: Path, old: str, new: str, count: int = 1) -> str:
    text = (corpus / "seeds" / "000_1eefaa90e23e53e0.txt").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, count)


def test_total_row_printed_without_ordinal(corpus: Path) -> None:
    text = _variant(corpus, "(七) 总计\t", "总计\t")
    apps = parse_bytes(text.encode(), "a.txt").tables["applications"]
    assert apps is not None and apps.values("total") == [0] * 7


def test_units_printed_in_cells(corpus: Path) -> None:
    text = _variant(corpus, "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
                    "一、本年新收政府信息公开申请数量\t\t3件\t0件\t0件\t0件\t0件\t0件\t3件")
    apps = parse_bytes(text.encode(), "a.txt").tables["applications"]
    assert apps is not None and apps.values("new") == [3, 0, 0, 0, 0, 0, 3]


def test_title_with_chinese_year_and_guanyu(corpus: Path) -> None:
    text = _variant(corpus, "应急中心 2024 年政府信息公开工作年度报告", "某某县应急管理局关于二〇二四年度政府信息公开工作年度报告")
    report = parse_bytes(text.encode(), "a.txt")
    assert (report.agency, report.year) == ("某某县应急管理局", 2024)


def test_page_time_is_published_on_signature_is_signed_on_despite_the_footer(corpus: Path) -> None:
    text = (corpus / "seeds" / "002_35beedbe3e7b0ed3.txt").read_text(encoding="utf-8")
    text = "发布时间：2024-02-01 10:00\n" + text + "\n\n主办单位：某某县人民政府办公室\n版权所有 建议使用IE9以上浏览器\n"
    report = parse_bytes(text.encode(), "a.txt")
    assert (report.published_on, report.signed_on) == ("2024-02-01", "2024-01-15")
    no_signature = parse_bytes(text.replace("2024年1月15日", "").encode(), "a.txt")
    assert (no_signature.published_on, no_signature.signed_on) == ("2024-02-01", None)
    no_page_time = parse_bytes(text.replace("发布时间：2024-02-01 10:00", "").encode(), "a.txt")
    assert (no_page_time.published_on, no_page_time.signed_on) == ("2024-01-15", "2024-01-15")


def test_total_row_printed_as_heji_and_signed_changes(corpus: Path) -> None:
    text = _variant(corpus, "(七) 总计\t", "(七) 合计\t")
    apps = parse_bytes(text.encode(), "a.txt").tables["applications"]
    assert apps is not None and apps.values("total") == [0] * 7
    text = (corpus / "seeds" / "003_1877cc79e01d8aca.txt").read_text(encoding="utf-8")
    text = text.replace("\t行政处罚\n\t\u30007\n\t0\n\t7", "\t行政处罚\n\t\u30007\n\t+3\n\t7")
    active = parse_bytes(text.encode(), "a.txt").tables["active_2019"]
    assert active is not None and active.values("punishment") == [7, 3, 7]


def test_title_forms(corpus: Path) -> None:
    forms = {
        "某某县应急管理局2023年度政府信息公开工作年度报告": ("某某县应急管理局", 2023),
        "2023年某某县应急管理局政府信息公开工作年度报告": ("某某县应急管理局", 2023),
        "关于某某县应急管理局2023年政府信息公开工作年度报告": ("某某县应急管理局", 2023),
        "某某县应急管理局政府信息公开工作2023年度报告": ("某某县应急管理局", 2023),
        "某某县应急管理局2023年政务公开工作年度报告": ("某某县应急管理局", 2023),
        "某某县应急管理局2023年信息公开工作年报": ("某某县应急管理局", 2023),
    }
    for title, want in forms.items():
        text = _variant(corpus, "应急中心 2024 年政府信息公开工作年度报告", title)
        report = parse_bytes(text.encode(), "a.txt")
        assert (report.agency, report.year) == want, title


def test_section_four_printed_one_group_per_line(corpus: Path) -> None:
    """Table 四 transposed (one line per 行政复议 / 直接起诉 / 复议后起诉), after prose that names a count."""
    text = (corpus / "seeds" / "000_1eefaa90e23e53e0.txt").read_text(encoding="utf-8")
    start = text.index("四、政府信息公开行政复议、行政诉讼情况")
    end = text.index("五、存在的主要问题及改进情况")
    table = ("四、政府信息公开行政复议、行政诉讼情况\n\n本年度行政复议3件。\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
             "行政复议\t1\t1\t0\t1\t3\n未经复议直接起诉\t0\t0\t0\t0\t0\n复议后起诉\t2\t0\t0\t0\t2\n\n")
    report = parse_bytes((text[:start] + table + text[end:]).encode(), "a.txt")
    review = report.tables["review_litigation"]
    assert review is not None
    assert [review.values(k) for k in ("review", "litigation_direct", "litigation_after_review")] == [
        [1, 1, 0, 1, 3], [0, 0, 0, 0, 0], [2, 0, 0, 0, 2]]
