"""The DOCX reader (and the legacy .doc/.wps path) on the corpus files and on documents built here."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx as python_docx
import pytest

from test_reader_html import assert_offsets, gold_of, golden_diff, section3_values, section4_values
from xxgk.readers import docx, legacy, read_document
from xxgk.readers.document import Document, ReaderError

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
DOCS = sorted(REAL.glob("*.docx")) if REAL.is_dir() else []
FILLED = [p for p in DOCS if not p.name.startswith("008")]
TEMPLATE = REAL / "008_template_blank.docx"

needs_corpus = pytest.mark.skipif(not DOCS, reason="the shared corpus is not available")


def read_file(path: Path) -> Document:
    return docx.read(path.read_bytes(), str(path))


def rows(doc: Document) -> list[list[str]]:
    return [[f.text for f in line.fields] for line in doc.lines if line.kind == "row"]


# --- the real documents ---------------------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("path", FILLED, ids=lambda p: p.stem)
def test_real_docx_tables_as_printed(path: Path) -> None:
    doc = read_file(path)
    gold = gold_of(path)
    assert doc.format == "docx" and doc.size == len(path.read_bytes())
    assert section3_values(doc) == list(gold["applications"]["rows"].values())
    assert section4_values(doc) == [v for group in gold["review_litigation"].values() for v in group]
    assert doc.meta["title"].endswith("报告") and "_" not in doc.meta["title"]
    assert doc.meta["published"] == gold["published_on"]
    assert_offsets(doc)


@needs_corpus
def test_blank_template_merged_cells() -> None:
    doc = read_file(TEMPLATE)
    table_rows = rows(doc)
    # gridSpan: the one-value tables span 3 grid columns under a 4-column grid
    licensing = next(line for line in doc.lines if line.kind == "row" and line.fields[0].text == "行政许可")
    assert [(f.text, f.colspan) for f in licensing.fields] == [("行政许可", 1), ("", 3)]
    # U+3000-only cells are blank
    assert next(r for r in table_rows if r[0] == "规章") == ["规章", "", "", ""]
    assert next(r for r in table_rows if r[0] == "行政处罚") == ["行政处罚", ""]
    # vMerge: the 三、本年度办理结果 label column is merged over 22 rows and printed once
    assert sum(1 for r in table_rows if "三、本年度办理结果" in r) == 1
    start = next(i for i, r in enumerate(table_rows) if r[0] == "三、本年度办理结果")
    assert table_rows[start][1] == "（一）予以公开"
    assert table_rows[start + 1][0].startswith("（二）部分公开")  # continuation cell not emitted again
    assert table_rows[start + 2][:2] == ["（三）不予公开", "1.属于国家秘密"]
    assert table_rows[start + 3][0] == "2.其他法律行政法规禁止公开"
    header = next(r for r in table_rows if r[:1] == ["自然人"])
    assert header == ["自然人", "法人或其他组织", "总计"]
    assert section4_values_blank(doc) == [""] * 15
    assert_offsets(doc)


def section4_values_blank(doc: Document) -> list[str]:
    line = next(line for line in doc.lines if line.kind == "row" and len(line.fields) == 15)
    return [f.text for f in line.fields]


# --- documents built here -------------------------------------------------------------------------------------


def build(make: object) -> bytes:
    document = python_docx.Document()
    make(document)  # type: ignore[operator]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_body_order_merges_vertical_labels_and_nested_tables() -> None:
    def make(d: python_docx.document.Document) -> None:
        d.core_properties.title = "某局2023年政府信息公开工作年度报告_某网站"
        d.add_paragraph("发布时间：2024-01-09")
        d.add_paragraph("一、总体情况")
        t = d.add_table(rows=3, cols=4)
        t.cell(0, 0).merge(t.cell(0, 3)).text = "第二十条第（一）项"
        label = t.cell(1, 0).merge(t.cell(2, 0))
        label.text = "三"
        for ch in "、本年度":
            label.add_paragraph(ch)
        t.cell(1, 1).text = "（一）予以公开"
        t.cell(1, 2).text = "\u3000"
        t.cell(1, 3).text = "5"
        t.cell(2, 1).text = "（二）"
        t.cell(2, 1).add_paragraph("部分公开")
        t.cell(2, 3).text = "7"
        outer = d.add_table(rows=1, cols=1)
        outer.cell(0, 0).text = "外层说明"
        outer.cell(0, 0).add_table(rows=1, cols=2).cell(0, 1).text = "9"
        d.add_paragraph("六、其他需要报告的事项")

    doc = docx.read(build(make), "built.docx")
    assert [(line.kind, [f.text for f in line.fields]) for line in doc.lines] == [
        ("text", ["发布时间：2024-01-09"]),
        ("text", ["一、总体情况"]),
        ("row", ["第二十条第（一）项"]),
        ("row", ["三、本年度", "（一）予以公开", "", "5"]),
        ("row", ["（二）部分公开", "", "7"]),  # the merged label is not repeated
        ("text", ["外层说明"]),
        ("row", ["", "9"]),
        ("text", ["六、其他需要报告的事项"]),
    ]
    assert doc.lines[2].fields[0].colspan == 4
    assert [line.table for line in doc.lines if line.kind == "row"] == [0, 0, 0, 2]
    assert doc.meta == {"title": "某局2023年政府信息公开工作年度报告", "published": "2024-01-09"}
    assert_offsets(doc)


def test_hidden_runs_and_deleted_text_are_not_read() -> None:
    def make(d: python_docx.document.Document) -> None:
        p = d.add_paragraph("看得见")
        p.add_run("看不见").font.hidden = True

    doc = docx.read(build(make), "hidden.docx")
    assert doc.text == "看得见"


def test_strict_ooxml_namespace() -> None:
    xml = (
        b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body>'
        b"<w:p><w:r><w:t>\xe8\xa7\x84\xe7\xab\xa0</w:t></w:r></w:p></w:body></w:document>"
    )
    assert docx.read(zip_of({"word/document.xml": xml}), "strict.docx").text == "规章"


WNS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def numbered_paragraph(text: str, num_id: int | None = None, ilvl: int = 0, style: str | None = None) -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num_id is not None:
        props += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    return f"<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_list_numbers_are_printed_labels() -> None:
    def level(ilvl: int, fmt: str, text: str) -> str:
        return (
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>'
        )

    numbering = (
        f"<w:numbering {WNS}>"
        f'<w:abstractNum w:abstractNumId="0">{level(0, "chineseCounting", "%1、")}'
        f"{level(1, 'chineseCounting', '（%2）')}</w:abstractNum>"
        f'<w:abstractNum w:abstractNumId="1">{level(0, "bullet", "•")}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="2">{level(0, "decimal", "%1.")}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num></w:numbering>'
    )
    styles = (
        f'<w:styles {WNS}><w:style w:type="paragraph" w:styleId="Item">'
        '<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style></w:styles>'
    )
    paragraphs = [
        numbered_paragraph("总体情况", 1, 0),
        numbered_paragraph("主动公开", 1, 1),
        numbered_paragraph("依申请公开", 1, 1),
        numbered_paragraph("主动公开政府信息情况", 1, 0),
        numbered_paragraph("规章", 1, 1),
        numbered_paragraph("菜单项", 2, 0),
        numbered_paragraph("属于国家秘密", style="Item"),
        numbered_paragraph("其他法律行政法规禁止公开", style="Item"),
        numbered_paragraph("不编号", 0, 0),
    ]
    document = f"<w:document {WNS}><w:body>{''.join(paragraphs)}</w:body></w:document>"
    data = zip_of(
        {
            "word/document.xml": document.encode(),
            "word/numbering.xml": numbering.encode(),
            "word/styles.xml": styles.encode(),
        }
    )
    assert docx.read(data, "numbered.docx").text.split("\n") == [
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "二、主动公开政府信息情况",
        "（一）规章",
        "菜单项",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "不编号",
    ]


def test_number_formats() -> None:
    assert [docx.format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 23)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十三",
    ]
    assert docx.format_number(3, "chineseLegalSimplified") == "叁"
    assert docx.format_number(2, "ideographTraditional") == "乙"
    assert docx.format_number(4, "decimalEnclosedCircle") == "④"
    assert docx.format_number(14, "upperRoman") == "XIV"
    assert docx.format_number(28, "lowerLetter") == "bb"


# --- bad input ------------------------------------------------------------------------------------------------


def zip_of(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()


@needs_corpus
def test_truncated_docx_is_a_reader_error() -> None:
    data = TEMPLATE.read_bytes()
    for cut in (len(data) // 2, len(data) - 100, 200):
        with pytest.raises(ReaderError, match=r"truncated\.docx"):
            docx.read(data[:cut], "truncated.docx")


@needs_corpus
def test_damaged_deflate_stream_is_a_reader_error() -> None:
    data = bytearray(TEMPLATE.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    body = info.header_offset + 30 + len(info.filename) + len(info.extra) + 50
    data[body : body + 200] = bytes(200)  # zero a stretch of the compressed document.xml
    with pytest.raises(ReaderError, match=r"damaged\.docx"):
        docx.read(bytes(data), "damaged.docx")


def test_corrupt_zip_and_non_word_zip() -> None:
    with pytest.raises(ReaderError, match="corrupt"):
        docx.read(b"PK\x03\x04" + b"\x00garbage" * 50, "bad.docx")
    with pytest.raises(ReaderError, match="not a Word document"):
        docx.read(zip_of({"hello.txt": b"hi"}), "other.docx")
    with pytest.raises(ReaderError, match="well-formed"):
        docx.read(zip_of({"word/document.xml": b"<w:document><unclosed"}), "broken.docx")


def test_zip_bomb_is_refused_before_decompressing(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000

    def no_read(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("decompressed a zip bomb")

    monkeypatch.setattr(zipfile.ZipFile, "read", no_read)
    started = time.perf_counter()
    with pytest.raises(ReaderError, match=r"zip bomb.*bomb\.docx|bomb\.docx.*zip bomb"):
        docx.read(bomb, "bomb.docx")
    assert time.perf_counter() - started < 1.0


def test_total_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    data = zip_of({"word/document.xml": b"<x/>", "word/media/big.bin": b"\x01" * 50_000})
    monkeypatch.setattr(docx, "MAX_TOTAL_BYTES", 10_000)
    with pytest.raises(ReaderError, match="zip bomb"):
        docx.read(data, "big.docx")


def test_entity_expansion_is_not_performed() -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        b"<w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    doc = docx.read(zip_of({"word/document.xml": xml}), "entities.docx")
    assert "aaaaaaaaaa" not in doc.text


# --- legacy .doc / .wps ---------------------------------------------------------------------------------------


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def test_legacy_without_libreoffice_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    with pytest.raises(ReaderError, match=r"old\.wps: legacy \.doc/\.wps needs LibreOffice: apt-get install"):
        read_document(OLE, "old.wps")


def test_legacy_conversion_failure_is_a_reader_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")  # "converts" nothing
    fake.chmod(0o755)
    monkeypatch.setattr(legacy, "find_soffice", lambda: str(fake))
    with pytest.raises(ReaderError, match="could not convert"):
        legacy.read(OLE, "old.doc")


@needs_corpus
def test_legacy_conversion_result_is_read_as_docx(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A stand-in for soffice that "converts" by copying a real DOCX to <outdir>/input.docx.
    fake = tmp_path / "soffice"
    fake.write_text(
        f'#!/bin/sh\nfor a; do last="$a"; done\ncp "{TEMPLATE}" "$(dirname "$last")/input.docx"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setattr(legacy, "find_soffice", lambda: str(fake))
    doc = legacy.read(OLE, "old.doc")
    assert doc.format == "docx" and doc.meta["converted_from"] == "doc"
    assert doc.size == len(OLE)
    assert any(line.kind == "row" for line in doc.lines)


# --- golden: the whole pipeline on the real documents -----------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem)
def test_golden_parse_of_real_docx(path: Path) -> None:
    assert golden_diff(path) == []
