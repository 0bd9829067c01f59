"""Exports and imports of the store (issue 11 §5): long / wide / findings in CSV, XLSX, Parquet, JSON lines;
a long export read back is the same cells; SQLite and PostgreSQL give byte-identical exports; the XLSX opens
with openpyxl (numbers as numbers, blanks blank) and converts with LibreOffice headless."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from viewsdata import gold_records, load_gold, store_record

from strategies import reports
from xxgk.record import Report, Source
from xxgk.store import Store
from xxgk.store.cells import all_cells, header
from xxgk.store.corrections import correct, history
from xxgk.store.export import LONG_COLUMNS, REPORT_COLUMNS, export
from xxgk.store.importer import ImportFileError, import_long
from xxgk.store.query import ReportFilter
from xxgk.synth import generate

IDS = ("report_id", "version_id", "source_sha256", "source_path")  # the store's own numbering, not the cells'


def _long(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: v for k, v in row.items() if k not in IDS} for row in csv.DictReader(f)]


# ------------------------------------------------------------------------------------------- round trip
MARKS = list("0123456789,，/—不适用 \"'\n件约")


@st.composite
def provenanced(draw: st.DrawFn) -> Report:
    """A generated report whose cells carry provenance: printed text (marks, commas, quotes, line breaks),
    page, box, line and span, confidence, notes — drawn from one seed, so each example stays small for
    Hypothesis (a draw per cell of ~230 cells exceeds its data budget)."""
    import random

    record = draw(reports())
    record.agency = record.agency or "某县人民政府"
    record.year = record.year or 2023
    rng = random.Random(draw(st.integers(0, 2**32)))

    def maybe(value: object) -> object:
        return value if rng.random() < 0.7 else None

    for _, _, _, cell in record.cells():
        if rng.random() < 0.25:
            continue
        box = tuple(round(rng.uniform(0, 900), 2) for _ in range(4))
        raw = "".join(rng.choice(MARKS) for _ in range(rng.randint(1, 6)))
        cell.source = Source(line=maybe(rng.randint(1, 500)), start=maybe(rng.randint(0, 9999)),  # type: ignore[arg-type]
                             end=maybe(rng.randint(0, 9999)), page=maybe(rng.randint(1, 30)),  # type: ignore[arg-type]
                             box=maybe(box), raw=maybe(raw))  # type: ignore[arg-type]
        cell.confidence = rng.choice([1.0, 0.5, 0.93, 0.123456])
        cell.note = rng.choice([None, None, "看不清", "OCR, 低置信度", "line\nbreak"])
    return record


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(provenanced(), min_size=1, max_size=2), fmt=st.sampled_from(["csv", "parquet"]))
def test_long_export_import_round_trips_exactly(records: list[Report], fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        with Store(str(d / "a.db"), data_dir=d) as a, Store(str(d / "b.db"), data_dir=d) as b:
            for i, r in enumerate(records):
                r.year = 2000 + i  # one report per record
                store_record(a, r)
            export(a, d / f"a.{fmt}", shape="long")
            result = import_long(b, str(d / f"a.{fmt}"), who="测试")
            assert len(result.created) == len(records)
            export(a, d / "a.csv", shape="long")
            export(b, d / "b.csv", shape="long")
            assert _long(d / "a.csv") == _long(d / "b.csv")
            # the records themselves: the same cells, values and provenance
            for ra, rb in zip(a.reports(), b.reports(), strict=True):
                ja = a.record(ra.active_version_id or 0).to_json()
                jb = b.record(rb.active_version_id or 0).to_json()
                for key in ("active", "active_2019", "applications", "review_litigation", "cells"):
                    assert ja.get(key) == jb.get(key)
            # importing the same file again changes nothing
            again = import_long(b, str(d / f"a.{fmt}"))
            assert again.unchanged and not again.updated and not again.created


def test_long_import_into_the_same_store(store: Store, tmp_path: Path) -> None:
    ids = load_gold(store)
    out = tmp_path / "long.csv"
    export(store, out, shape="long")
    assert not import_long(store, str(out)).updated  # the same cells: nothing new
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == list(LONG_COLUMNS)
    target = next(r for r in rows if r["cell"] == "applications.new.total")
    rid = int(target["report_id"])
    target["value"] = str(int(target["value"] or 0) + 5)
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(LONG_COLUMNS))
        w.writeheader()
        w.writerows(rows)
    result = import_long(store, str(out), who="导入员")
    assert result.updated == [rid] and len(result.unchanged) == len(ids) - 1
    versions = history(store, rid)
    last = versions[-1]
    assert (last.kind, last.parent_id, last.created_by) == ("import", versions[-2].id, "导入员")
    assert [c["cell"] for c in last.changed] == ["applications.new.total"]
    assert store.report(rid).active_version_id == last.id
    assert any(f.rule == "T3-01" for f in store.findings(last.id))  # re-checked: the total no longer adds up


def test_bad_rows_are_named_by_line_and_nothing_is_imported(store: Store, tmp_path: Path) -> None:
    store_record(store, generate(2, agency="某县人民政府", year=2023))
    good = tmp_path / "long.csv"
    export(store, good, shape="long")
    lines = good.read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    bad = [lines[0]]
    for i, line in enumerate(lines[1:6]):
        cells = line.split(",")
        if i == 1:
            cells[head.index("value")] = "abc"
        if i == 2:
            cells[head.index("row")] = "nonsense"
        if i == 3:
            cells[head.index("year")] = "二〇二三"
        bad.append(",".join(cells))
    bad.append(lines[1])  # the first cell again
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    before = store.counts()
    with pytest.raises(ImportFileError) as err:
        import_long(store, str(path))
    problems = dict(err.value.problems)
    assert set(problems) == {"line 3", "line 4", "line 5", "line 7"}
    assert "not a number" in problems["line 3"] and "rows of" in problems["line 4"]
    assert "year" in problems["line 5"] and "given twice" in problems["line 7"]
    assert store.counts() == before
    for name, content in (("x.txt", "a"), ("e.csv", "agency,year\n")):
        (tmp_path / name).write_text(content, encoding="utf-8")
        with pytest.raises(ImportFileError):
            import_long(store, str(tmp_path / name))


# ----------------------------------------------------------------------------------------- determinism
def test_sqlite_and_postgresql_give_identical_exports(pg_cluster: object, tmp_path: Path) -> None:
    urls = [f"sqlite:///{tmp_path / 's.db'}", pg_cluster.new_database()]  # type: ignore[attr-defined]
    outputs = []
    for n, url in enumerate(urls):
        with Store(url, data_dir=tmp_path / f"d{n}") as store:
            load_gold(store)
            rid = store.find_report("平潭综合实验区", 2023)
            assert rid is not None
            correct(store, rid.id, {"active.licensing": "/"}, reason="原件为斜线", who="甲")
            files = {}
            for shape, fmt in (("long", "csv"), ("wide", "csv"), ("findings", "csv"), ("long", "jsonl"),
                               ("findings", "jsonl")):
                out = tmp_path / f"{n}-{shape}.{fmt}"
                export(store, out, shape=shape)
                files[(shape, fmt)] = out.read_bytes()
            outputs.append(files)
    for key in outputs[0]:
        assert outputs[0][key] == outputs[1][key], key
    assert outputs[0][("long", "csv")].count(b"\n") > 1000


def test_jsonl_is_the_parsers_record(store: Store, tmp_path: Path) -> None:
    records = gold_records()
    for r in records:
        r.signed_on = "2024-01-31"  # kept by the store too
        store_record(store, r)
    out = tmp_path / "all.jsonl"
    export(store, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(records)
    by_key = {(r.agency, r.year): r for r in records}
    for line in lines:
        data = json.loads(line)
        assert data["schema"] == "xxgk.report/1"
        expected = json.loads(json.dumps(by_key[(data["agency"], data["year"])].to_json()))
        expected.pop("source", None)  # a source is a stored file (ingest): these records were put without one
        assert data == expected
        assert Report.from_json(data).to_json() == data
    only = tmp_path / "2019.jsonl"
    export(store, only, flt=ReportFilter(year=2019))
    assert [json.loads(x)["year"] for x in only.read_text(encoding="utf-8").splitlines()] == [2019]


# ------------------------------------------------------------------------------------------------ wide
def test_wide_has_a_row_per_report_and_chinese_headers_from_the_template(store: Store, tmp_path: Path) -> None:
    ids = load_gold(store)
    rid = store.find_report("平潭综合实验区", 2023)
    assert rid is not None
    correct(store, rid.id, {"active.licensing": "/", "applications.new.research": "空白"}, reason="按原件")
    out = tmp_path / "wide.csv"
    export(store, out, shape="wide")
    rows = list(csv.reader(out.open(encoding="utf-8")))
    head = rows[0]
    assert head[:len(REPORT_COLUMNS)] == list(REPORT_COLUMNS)
    assert "表三·自然人·一、本年新收政府信息公开申请数量" in head
    assert set(head[len(REPORT_COLUMNS):]) <= {header(ref) for ref in all_cells()}
    assert len(rows) == len(ids) + 1
    mine = next(r for r in rows[1:] if r[0] == str(rid.id))
    assert mine[head.index("表二·本年处理决定数量·行政许可")] == "/"
    assert mine[head.index("表三·科研机构·一、本年新收政府信息公开申请数量")] == ""


# ------------------------------------------------------------------------------------------------ xlsx
def _xlsx_store(store: Store, tmp_path: Path) -> tuple[Path, Path]:
    load_gold(store)
    rid = store.find_report("平潭综合实验区", 2023)
    assert rid is not None
    correct(store, rid.id, {"applications.new.research": "空白"}, reason="按原件")
    wide, long = tmp_path / "wide.xlsx", tmp_path / "long.xlsx"
    export(store, wide, shape="wide")
    export(store, long, shape="long")
    return wide, long


def test_xlsx_opens_with_numbers_as_numbers_and_blanks_blank(store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wide, long = _xlsx_store(store, tmp_path)
    wb = load_workbook(wide)
    assert wb.sheetnames[0] == "报告" and wb.sheetnames[-1] == "问题"
    assert "表三 收到和处理政府信息公开申请情况" in wb.sheetnames
    t3 = wb["表三 收到和处理政府信息公开申请情况"]
    assert t3.freeze_panes == "D2"
    head = [c.value for c in t3[1]]
    col = head.index("表三·科研机构·一、本年新收政府信息公开申请数量")
    values = [row[col] for row in t3.iter_rows(min_row=2, values_only=True)]
    assert None in values  # the blank cell is blank, not 0 and not ""
    assert all(v is None or isinstance(v, int) for v in values)
    assert t3.column_dimensions["B"].width > 10
    findings = wb["问题"]
    assert findings.max_row > 1 and findings.freeze_panes == "A2"
    lwb = load_workbook(long)
    sheet = lwb["表三 收到和处理政府信息公开申请情况"]
    vi = [c.value for c in sheet[1]].index("value")
    assert any(isinstance(r[vi], int) for r in sheet.iter_rows(min_row=2, values_only=True))
    # and the long workbook reads back: the same cells
    assert not import_long(store, str(long)).updated


def test_xlsx_converts_with_libreoffice(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("XXGK_ALLOW_SKIP") == "1":
            pytest.skip("LibreOffice (soffice) is not installed; XXGK_ALLOW_SKIP=1")
        pytest.fail("LibreOffice (soffice) is not installed: scripts/setup-system.sh installs "
                    "libreoffice-calc-nogui (XXGK_ALLOW_SKIP=1 skips this test)", pytrace=False)
    with Store(str(tmp_path / "s.db"), data_dir=tmp_path) as store:  # the workbook is the same on every backend
        wide, _ = _xlsx_store(store, tmp_path)
    profile = tmp_path / "lo-profile"
    utf8_csv = "csv:Text - txt - csv (StarCalc):44,34,76"  # comma, double quote, UTF-8
    proc = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", utf8_csv,
                           "--outdir", str(tmp_path / "lo"), str(wide)], capture_output=True, text=True, timeout=300)
    converted = tmp_path / "lo" / "wide.csv"
    assert proc.returncode == 0 and converted.exists(), proc.stderr + proc.stdout
    rows = list(csv.reader(converted.open(encoding="utf-8")))
    assert rows[0] == list(REPORT_COLUMNS)
    assert any("平潭综合实验区" in r for r in rows[1:])
    assert all(r[0].isdigit() and r[2].isdigit() for r in rows[1:])  # numbers came through as numbers
