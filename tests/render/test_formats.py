"""DOCX / HTML / PDF output: official merged cells, blank cells empty, text layer, legible pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xxgk.record import Report
from xxgk.render import FORMATS, render

from .conftest import GOLDS, gold

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_gold_renders(path: Path, fmt: str, tmp_path: Path) -> None:
    report = Report.from_json(json.loads(path.read_text(encoding="utf-8")))
    data = render(report, fmt)  # printed arithmetic errors are rendered as printed (no check here)
    out = tmp_path / f"r.{fmt}"
    out.write_bytes(data)
    assert out.stat().st_size > 1000


def _spans(tc: object) -> tuple[int, str | None]:
    pr = tc.find(W + "tcPr")  # type: ignore[attr-defined]
    gs = pr.find(W + "gridSpan") if pr is not None else None
    vm = pr.find(W + "vMerge") if pr is not None else None
    return (int(gs.get(W + "val")) if gs is not None else 1, None if vm is None else vm.get(W + "val"))


def _docx_tables(report: Report, tmp_path: Path) -> list[object]:
    import docx

    path = tmp_path / "r.docx"
    path.write_bytes(render(report, "docx"))
    return [t._tbl for t in docx.Document(str(path)).tables]


def test_docx_table3_merged_cells(tmp_path: Path) -> None:
    tables = _docx_tables(gold("008_template_blank"), tmp_path)
    assert len(tables) == 3
    rows = list(tables[1].iter(W + "tr"))  # type: ignore[attr-defined]
    head = [list(r.iter(W + "tc")) for r in rows[:3]]
    assert _spans(head[0][0]) == (3, "restart") and _spans(head[0][1]) == (7, None)  # note | 申请人情况
    assert _spans(head[1][0]) == (3, "continue")
    assert [_spans(tc) for tc in head[1][1:]] == [(1, "restart"), (5, None), (1, "restart")]  # 自然人|法人…|总计
    assert _spans(head[2][1]) == (1, "continue") and _spans(head[2][-1]) == (1, "continue")
    label = [_spans(next(iter(r.iter(W + "tc")))) for r in rows[5:27]]
    assert label[0] == (1, "restart") and all(s == (1, "continue") for s in label[1:])  # 三、本年度办理结果 × 22
    assert _spans(next(iter(rows[3].iter(W + "tc")))) == (3, None)  # 一、本年新收 spans the 3 label columns
    texts = ["".join(t.text or "" for t in tc.iter(W + "t")) for tc in head[0] + head[1]]
    assert "法人或其他组织" in texts and texts[0].startswith("（本列数据的勾稽关系")


def test_docx_table4_two_header_rows(tmp_path: Path) -> None:
    tables = _docx_tables(gold("001_pingtan_2023"), tmp_path)
    rows = list(tables[2].iter(W + "tr"))  # type: ignore[attr-defined]
    first = [_spans(tc) for tc in rows[0].iter(W + "tc")]
    second = [_spans(tc) for tc in rows[1].iter(W + "tc")]
    assert first == [(5, None), (10, None)]
    assert second == [(1, "restart")] * 5 + [(5, None), (5, None)]
    values = ["".join(t.text or "" for t in tc.iter(W + "t")) for tc in rows[3].iter(W + "tc")]
    assert values == ["1", "1", "0", "0", "2", "4", "0", "0", "1", "5", "1", "0", "1", "0", "2"]


def test_docx_blank_cells_stay_empty(tmp_path: Path) -> None:
    report = gold("002_shuyang")  # five 法人或其他组织 columns blank in every row
    rows = list(_docx_tables(report, tmp_path)[1].iter(W + "tr"))  # type: ignore[attr-defined]
    cells = ["".join(t.text or "" for t in tc.iter(W + "t")) for tc in rows[3].iter(W + "tc")]
    assert cells[2:7] == [""] * 5


def test_html_rowspan_colspan() -> None:
    from lxml import html

    page = html.fromstring(render(gold("001_pingtan_2023"), "html"))
    t3 = page.xpath('//table[@data-table="applications"]')[0]
    note = t3.xpath(".//tr[1]/th[1]")[0]
    assert (note.get("rowspan"), note.get("colspan")) == ("3", "3")
    assert t3.xpath('.//th[text()="法人或其他组织"]/@colspan') == ["5"]
    assert t3.xpath('.//td[text()="三、本年度办理结果"]/@rowspan') == ["22"]
    t4 = page.xpath('//table[@data-table="review_litigation"]')[0]
    assert t4.xpath('.//th[text()="行政诉讼"]/@colspan') == ["10"]
    assert "@page" in page.xpath("//style/text()")[0]


def test_html_null_table_and_blank() -> None:
    from lxml import html

    page = html.fromstring(render(gold("002_35beedbe3e7b0ed3"), "html"))
    assert not page.xpath('//table[@data-table="active"]')
    blank = html.fromstring(render(gold("002_shuyang"), "html"))
    row = blank.xpath('//table[@data-table="applications"]//tr[4]/td')
    assert [td.text for td in row[2:7]] == [None] * 5


def test_pdf_text_layer_and_pages(tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    pytest.importorskip("reportlab")
    report = gold("001_pingtan_2023")
    path = tmp_path / "r.pdf"
    path.write_bytes(render(report, "pdf"))
    pdf = pdfium.PdfDocument(str(path))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for needle in ("申请人情况", "法人或其他组织", "三、收到和处理政府信息公开申请情况", "5949.088667", "未经复议直接起诉"):
        assert needle in text
    for i in range(len(pdf)):
        image = pdf[i].render(scale=1.5).to_pil().convert("L")
        image.save(tmp_path / f"page{i + 1}.png")
        dark = sum(image.histogram()[:128])
        assert dark > 2000, f"page {i + 1} looks empty"  # glyphs and rules were drawn
    assert len(list(tmp_path.glob("page*.png"))) == len(pdf)
