"""OCR path: scanned corpus PDF (no text layer) → the same row lines as the text layer; cells vs the gold."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from xxgk.readers.document import Document

pytest.importorskip("rapidocr_onnxruntime")

SCANS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "scans"
SCAN = SCANS / "001_pingtan_2023.pdf"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not SCAN.exists(), reason="shared corpus not available")]


@pytest.fixture(scope="module")
def scanned() -> Document:
    from xxgk.readers import pdf

    return pdf.read(SCAN.read_bytes(), str(SCAN))


def test_scanned_pages_are_ocred(scanned: Document) -> None:
    assert scanned.meta["ocr_pages"] == list(range(1, 10))
    assert "平潭综合实验区2023年度政府信息公开工作年度报告" in scanned.text


def test_table_rows_from_ocr(scanned: Document) -> None:
    rows = {ln.fields[0].text: ln for ln in scanned.lines if ln.kind == "row" and ln.fields}
    new = rows["一、本年新收政府信息公开申请数量"]
    assert [f.text for f in new.fields[1:]] == ["80", "1", "0", "0", "0", "0", "81"]
    for f in new.fields:
        assert f.page == 5 and f.box is not None and f.confidence is not None and 0 <= f.confidence <= 1
    total = next(ln for name, ln in rows.items() if name.endswith("总计") and "七" in name)
    assert [f.text for f in total.fields[1:]] == ["80", "1", "0", "0", "0", "0", "81"]
    assert [f.text for f in rows["行政事业性收费"].fields] == ["行政事业性收费", "5949.088667"]
    # table 三 continues over pages 5 and 6 as one table
    t3 = [ln for ln in scanned.lines if ln.kind == "row" and ln.table == new.table]
    assert t3[-1].fields[0].text == "四、结转下年度继续办理" and t3[-1].page == 6


def _flatten(obj: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out[f"{prefix}[{i}]"] = v
    else:
        out[prefix] = obj
    return out


def _same(got: Any, gold: Any) -> bool:
    if isinstance(gold, int | float) and isinstance(got, int | float | Decimal) and not isinstance(got, bool):
        return abs(float(got) - gold) < 1e-9
    return bool(got == gold)


def test_cells_against_gold_and_low_confidence_flagged(scanned: Document) -> None:
    match = pytest.importorskip("xxgk.matcher")
    report = match.match(scanned)
    got = report.to_json(provenance=False)
    gold = json.loads(SCAN.with_suffix(".gold.json").read_text(encoding="utf-8"))
    keys = [k for k in _flatten({t: gold[t] for t in ("active", "applications", "review_litigation")})]
    flat_got = _flatten({t: got.get(t) for t in ("active", "applications", "review_litigation")})
    flat_gold = _flatten({t: gold[t] for t in ("active", "applications", "review_litigation")})
    wrong = [k for k in keys if not _same(flat_got.get(k), flat_gold[k])]
    assert len(wrong) <= 0.01 * len(keys), wrong
    low = {f"{t}.{r}[{i}]" for t, r, i, c in report.cells() if c.confidence < 0.8}
    for k in wrong:  # a wrong cell must not pass as a sure one
        assert any(k.endswith(x.split(".", 1)[1]) for x in low), k
