"""PDF reader (text layer): real outcomes on the corpus PDFs, and bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from xxgk.readers import pdf
from xxgk.readers.document import Document, ReaderError
from xxgk.readers.pdf_grid import Seg, find_grids

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DEV = CORPUS / "dev" / "001_huaian-hongze-2023.pdf"
PRINT = CORPUS / "real" / "001_pingtan_2023.print.pdf"
needs_corpus = pytest.mark.skipif(not DEV.exists(), reason="shared corpus not available")


@pytest.fixture(scope="module")
def dev() -> Document:
    return pdf.read(DEV.read_bytes(), str(DEV))


@pytest.fixture(scope="module")
def printed() -> Document:
    return pdf.read(PRINT.read_bytes(), str(PRINT))


def row(doc: Document, label: str) -> list[str]:
    for ln in doc.lines:
        if ln.kind == "row" and any(f.text.startswith(label) for f in ln.fields):
            return [f.text for f in ln.fields]
    raise AssertionError(f"no row {label}")


@needs_corpus
def test_new_applications_row(dev: Document) -> None:
    ln = next(
        ln for ln in dev.lines if ln.kind == "row" and ln.fields[0].text == "一、本年新收政府信息公开申请数量"
    )
    assert [f.text for f in ln.fields[1:]] == ["21", "0", "0", "0", "0", "0", "21"]
    assert ln.fields[0].colspan == 3
    for f in ln.fields:
        assert f.page == 3 and f.box is not None and f.box[0] < f.box[2] and f.box[1] < f.box[3]
        assert f.start is not None and f.end is not None and dev.text[f.start : f.end] == f.text
    assert dev.text.splitlines()[ln.number - 1] == "\t".join(f.text for f in ln.fields)


@needs_corpus
def test_table_three_over_the_page_break(dev: Document) -> None:
    rows = [ln for ln in dev.lines if ln.kind == "row" and ln.table == 1]
    texts = ["\t".join(f.text for f in ln.fields) for ln in rows]
    i2 = next(i for i, t in enumerate(texts) if "2.没有现成信息需要另行制作" in t)
    assert "3.补正后申请内容仍不明确" in texts[i2 + 1]  # page 3 → page 4, in order, same table
    assert rows[i2].page == 3 and rows[i2 + 1].page == 4
    # the rowspan label continued on page 4 is not repeated as an empty cell
    assert row(dev, "3.补正后申请内容仍不明确") == ["3.补正后申请内容仍不明确", *["0"] * 7]
    assert texts[-1].startswith("四、结转下年度继续办理")
    # the rotated/vertical label is one cell, read top to bottom
    assert row(dev, "三、本年度办理结果")[:2] == ["三、本年度办理结果", "（一）予以公开"]


@needs_corpus
def test_page_numbers_removed(dev: Document) -> None:
    assert "- 3 -" not in dev.text and "-3-" not in dev.text
    assert dev.meta["running_lines_removed"] == 5


@needs_corpus
def test_section_four_and_narrative(dev: Document) -> None:
    last = [ln for ln in dev.lines if ln.kind == "row" and ln.table == 2][-1]
    assert " ".join(f.text for f in last.fields) == "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0"
    lines = dev.text.splitlines()
    assert "2023年政府信息公开工作年度报告" in lines[:3]
    assert lines.index("四、政府信息公开行政复议、行政诉讼情况") < lines.index("五、存在的主要问题及改进情况")


@needs_corpus
def test_browser_print_split_rows_and_kangxi(printed: Document) -> None:
    assert "\u2f00" not in printed.text and "\u2f08" not in printed.text  # ⼀ ⼈ normalised
    # the header row cut by the page break (社会公益 | 组织) is one cell
    assert row(printed, "商业企业") == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert row(printed, "一、本年新收政府信息公开申请数量")[1:] == ["80", "1", "0", "0", "0", "0", "81"]
    assert row(printed, "行政事业性收费") == ["行政事业性收费", "5949.088667"]
    r = row(printed, "3.补正后申请内容仍不明确")
    assert r[0] == "3.补正后申请内容仍不明确" and len(r) == 8


def test_grid_merged_cells() -> None:
    # 2 x 3 grid whose left column is one rowspan cell and whose top right is a colspan cell
    segs = [Seg(0, 0, 90, 0), Seg(30, 10, 90, 10), Seg(0, 20, 90, 20)]
    segs += [Seg(0, 0, 0, 20), Seg(30, 0, 30, 20), Seg(60, 10, 60, 20), Seg(90, 0, 90, 20)]
    (g,) = find_grids(segs)
    rows = g.rows()
    assert [(c.rowspan, c.colspan) for c in rows[0]] == [(2, 1), (1, 2)]
    assert [(c.rowspan, c.colspan) for c in rows[1]] == [(1, 1), (1, 1)]


def test_grid_open_bottom() -> None:
    # vertical lines run past the last horizontal line: the table is cut by the page break
    segs = [Seg(0, 0, 50, 0), Seg(0, 10, 50, 10), Seg(0, 0, 0, 30), Seg(50, 0, 50, 30)]
    (g,) = find_grids(segs)
    assert g.open_bottom and g.rows()[-1][0].open_bottom


def _blank_pdf() -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_truncated_pdf() -> None:
    data = DEV.read_bytes()[:5000] if DEV.exists() else _blank_pdf()[:200]
    with pytest.raises(ReaderError) as err:
        pdf.read(data, "cut.pdf")
    assert "cut.pdf" in str(err.value)


def test_corrupt_bytes() -> None:
    with pytest.raises(ReaderError) as err:
        pdf.read(b"%PDF-1.7\n" + bytes(range(256)) * 20, "junk.pdf")
    assert "junk.pdf" in str(err.value) and "corrupt" in err.value.reason


def test_not_a_pdf() -> None:
    with pytest.raises(ReaderError, match="not a PDF"):
        pdf.read(b"hello world", "x.pdf")


ENCRYPTED = b"""%%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
4 0 obj << /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >> endobj
trailer << /Root 1 0 R /Size 5 /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>
%%%%EOF
""" % (b"11" * 32, b"22" * 32)


def test_encrypted_pdf() -> None:
    # a Standard security handler whose /U does not match the empty password: a password is needed
    with pytest.raises(ReaderError) as err:
        pdf.read(ENCRYPTED, "secret.pdf")
    assert "secret.pdf" in str(err.value) and "encrypted" in err.value.reason


def test_blank_page_pdf_reads_with_warning() -> None:
    doc = pdf.read(_blank_pdf(), "blank.pdf")
    assert doc.text.strip() == "" and doc.warnings


def test_page_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    for _ in range(12):
        doc.new_page(200, 200)
    buf = io.BytesIO()
    doc.save(buf)
    out = pdf.analyze(buf.getvalue(), "long.pdf", max_pages=5).document
    assert out.meta["pages_read"] == 5 and any("5 of 12" in w for w in out.warnings)


def test_repeated_header_dropped_when_joining() -> None:
    from xxgk.readers.pdf import Block, OutCell, PageContent, assemble

    def part(page: int, texts: list[list[str]]) -> Block:
        segs = [Seg(0, 10 * r, 60, 10 * r) for r in range(len(texts) + 1)]
        segs += [Seg(x, 0, x, 10 * len(texts)) for x in (0, 30, 60)]
        (g,) = find_grids(segs)
        rows = [
            [OutCell(t, c.box, page, bottom=c.r1 == len(texts)) for t, c in zip(ts, cs, strict=True)]
            for ts, cs in zip(texts, g.rows(), strict=True)
        ]
        return Block(page, 0.0, rows=rows, grid=g)

    p1 = part(1, [["信息内容", "数量"], ["行政许可", "3"]])
    p2 = part(2, [["信息内容", "数量"], ["行政处罚", "4"]])
    pages = [(PageContent(1, 100, 100), [p1]), (PageContent(2, 100, 100), [p2])]
    doc = assemble("t.pdf", b"", pages)
    assert doc.text.splitlines() == ["信息内容\t数量", "行政许可\t3", "行政处罚\t4"]
    assert {ln.table for ln in doc.lines} == {0} and [ln.page for ln in doc.lines] == [1, 1, 2]


@pytest.mark.parametrize("angle", [90, -90])
def test_rotated_row_label(tmp_path: Path, angle: int) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = tmp_path / "rot.pdf"
    c = canvas.Canvas(str(out), pagesize=(300, 300))
    c.line(50, 250, 250, 250)
    c.line(100, 200, 250, 200)
    c.line(50, 150, 250, 150)
    for x in (50, 100, 180, 250):
        c.line(x, 150, x, 250)
    c.setFont("STSong-Light", 10)
    c.saveState()
    c.translate(80, 160) if angle == 90 else c.translate(70, 240)
    c.rotate(angle)
    c.drawString(0, 0, "本年度办理")  # a label printed turned, in a cell spanning two rows
    c.restoreState()
    c.drawString(105, 225, "（一）予以公开")
    c.drawString(190, 225, "22")
    c.drawString(105, 175, "（二）部分公开")
    c.drawString(190, 175, "19")
    c.save()
    doc = pdf.read(out.read_bytes(), str(out))
    assert doc.text.splitlines() == ["本年度办理\t（一）予以公开\t22", "（二）部分公开\t19"]
