"""The DOCX opens with python-docx in the official look and converts with LibreOffice headless; the PDF
fallback (reportlab) and the charts; the appendix comes from the catalogues."""

from __future__ import annotations

import io
import os
import shutil

import pypdfium2 as pdfium
import pytest
from briefing_store import Written
from docx import Document
from docx.oxml.ns import qn

from xxgk.briefing.charts import cjk_font, draw
from xxgk.briefing.model import RATE, Figure, Number, Series, Source
from xxgk.briefing.writers.pdf import render_pdf
from xxgk.metrics import METRICS
from xxgk.render.docx import BODY_FONT, HEADING_FONT


def east_asia(run: object) -> str | None:
    fonts = run._element.rPr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def pdf_text(data: bytes, pages: int = 2) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(min(pages, len(pdf))))
    finally:
        pdf.close()


def test_docx_opens_in_the_official_look(area: Written) -> None:
    doc = Document(str(area.files["docx"]))
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    assert paragraphs[0].text == area.briefing.title
    headings = [p for p in paragraphs if p.text in {s.title for s in area.briefing.sections}]
    assert [p.text for p in headings] == ["一、总体情况", "二、质量", "三、对标", "四、风险清单", "五、附录"]
    assert all(east_asia(p.runs[0]) == HEADING_FONT for p in headings)
    body = next(p for p in paragraphs if p.text.startswith("2023年度，"))
    assert east_asia(body.runs[0]) == BODY_FONT
    assert "应报送年度报告的机关" in body.text and "逾期发布的" in body.text
    assert len(doc.inline_shapes) >= 2  # the charts, as images
    text = "\n".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)
    for metric in METRICS:  # 附表1 from the catalogue
        assert metric.name in text
    # 附表3: one row per number, in order
    sources = doc.tables[-1]
    assert [r.cells[0].text for r in sources.rows[1:]] == [n.id for n in area.briefing.numbers()]


def test_docx_converts_with_libreoffice(area: Written) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        if os.environ.get("XXGK_ALLOW_SKIP") == "1":
            pytest.skip("LibreOffice (soffice) is not installed; XXGK_ALLOW_SKIP=1")
        pytest.fail("LibreOffice is not installed: scripts/setup-system.sh installs libreoffice-writer-nogui")
    data = render_pdf(area.briefing, engine="libreoffice")
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "政府信息公开工作年度报告审查情况" in text.replace("\r", "").replace("\n", "")
    assert "一、总体情况" in text


def test_pdf_without_libreoffice_is_drawn_by_reportlab(area: Written) -> None:
    data = render_pdf(area.briefing, engine="reportlab")
    assert data.startswith(b"%PDF")
    text = pdf_text(data).replace("\r", "").replace("\n", "")
    assert "审查情况" in text and "一、总体情况" in text
    assert len(pdfium.PdfDocument(data)) >= 5


def test_chart_is_a_png_with_a_chinese_font() -> None:
    assert cjk_font()[0]  # fonts-wqy-zenhei (scripts/setup-system.sh)
    n = [Number(v, RATE, Source.query("quantile", year=2023, metric="granted_rate", p=0.5)) for v in (0.2, 0.5, None)]
    png = draw(Figure("图 予以公开率", "range", ["甲", "乙", "丙"], [Series("2023年", n), Series("P25", n),
                                                                Series("P75", n), Series("2022年", n)], RATE))
    assert png.startswith(b"\x89PNG")
    from PIL import Image

    assert Image.open(io.BytesIO(png)).size[0] > 600
