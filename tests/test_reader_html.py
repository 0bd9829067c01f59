"""The HTML reader on the real published pages of the corpus and on small pages built here."""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path
from typing import Any

import pytest

from xxgk.readers import html, read_document
from xxgk.readers.document import Document, ReaderError

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
PAGES = sorted(REAL.glob("*.html")) if REAL.is_dir() else []
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

needs_corpus = pytest.mark.skipif(not PAGES, reason="the shared corpus is not available")


def gold_of(path: Path) -> dict[str, Any]:
    return json.loads((path.parent / (path.name.split(".")[0] + ".gold.json")).read_text(encoding="utf-8"))


def value(text: str) -> int | float | None:
    if text == "":
        return None
    return float(text) if "." in text else int(text)


def rows_of_table(doc: Document, table: int) -> list[list[str]]:
    return [[f.text for f in line.fields] for line in doc.lines if line.kind == "row" and line.table == table]


def section3_values(doc: Document) -> list[list[int | float | None]]:
    """The 7 trailing values of every data row of the table that holds 一、本年新收…, in printed order."""
    start = next(
        line for line in doc.lines if line.kind == "row" and line.fields[0].text.startswith("一、本年新收")
    )
    out = []
    for line in doc.lines[start.number - 1 :]:
        if line.kind != "row" or line.table != start.table:
            break
        out.append([value(f.text) for f in line.fields[-7:]])
    return out


def section4_values(doc: Document) -> list[int | float | None]:
    line = next(
        line
        for line in doc.lines
        if line.kind == "row" and len(line.fields) == 15 and all(NUMBER.match(f.text) for f in line.fields)
    )
    return [value(f.text) for f in line.fields]


def assert_offsets(doc: Document) -> None:
    assert doc.text.count("\n") + 1 == len(doc.lines)
    for number, line in enumerate(doc.lines, start=1):
        assert line.number == number
        for f in line.fields:
            assert f.start is not None and f.end is not None
            assert doc.text[f.start : f.end] == f.text
        if line.kind == "row":
            assert line.table is not None
            assert "\t".join(f.text for f in line.fields) == doc.text.split("\n")[number - 1]


def read_page(path: Path) -> Document:
    return html.read(path.read_bytes(), str(path))


# --- the real pages -------------------------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_real_page_tables_as_printed(path: Path) -> None:
    doc = read_page(path)
    gold = gold_of(path)
    assert doc.format == "html"
    assert doc.size == len(path.read_bytes()) and doc.sha256 and len(doc.sha256) == 64
    assert section3_values(doc) == list(gold["applications"]["rows"].values())
    assert section4_values(doc) == [v for group in gold["review_litigation"].values() for v in group]
    assert_offsets(doc)


@needs_corpus
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_real_page_meta_and_no_page_furniture(path: Path) -> None:
    doc = read_page(path)
    gold = gold_of(path)
    assert doc.meta["encoding"] == "utf-8"
    assert "报告" in doc.meta["title"] and "_" not in doc.meta["title"]
    if gold["published_on"] and path.stem != "004_pingtan_zrz_2023":  # 004: signature date, not page time
        assert doc.meta["published"] == gold["published_on"]
    for leak in ("function(", "getElementById", "border-collapse", "{", "var ", "<!--", "请输入搜索内容"):
        assert leak not in doc.text, leak


@needs_corpus
def test_metadata_table_is_kept_and_gives_title_and_date() -> None:
    doc = read_page(REAL / "002_shuyang_fgj_2023.html")
    meta_rows = rows_of_table(doc, 0)
    assert meta_rows[0] == ["名称", "沭阳县发展和改革局2023年政府信息公开年度报告"]
    assert meta_rows[2] == ["发布机构", "沭阳县发展和改革局", "公开日期", "2024-01-17"]
    first = next(line for line in doc.lines if line.kind == "row")
    assert first.fields[1].colspan == 3
    assert doc.meta["published"] == "2024-01-17"
    assert doc.meta["title"] == "沭阳县发展和改革局2023年政府信息公开年度报告"
    # the five 法人或其他组织 columns are printed empty: empty fields, not dropped ones
    new = next(
        line for line in doc.lines if line.kind == "row" and line.fields[0].text.startswith("一、本年新收")
    )
    assert [f.text for f in new.fields[1:]] == ["26", "", "", "", "", "", "26"]


@needs_corpus
def test_vertical_labels_and_split_headers_are_joined() -> None:
    doc7 = read_page(REAL / "007_pingtan_xzsp_2024.html")
    texts7 = {f.text for line in doc7.lines if line.kind == "row" for f in line.fields}
    assert {"三、本年度办理结果", "自然人", "商业企业", "社会公益组织"} <= texts7
    doc6 = read_page(REAL / "006_pingtan_shsy_2023.html")
    header = [f.text for f in doc6.lines[section4_line(doc6) - 2].fields]
    assert header[:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def section4_line(doc: Document) -> int:
    return next(
        line.number
        for line in doc.lines
        if line.kind == "row" and len(line.fields) == 15 and all(NUMBER.match(f.text) for f in line.fields)
    )


@needs_corpus
def test_rowspans_are_not_expanded_and_colspans_are_kept() -> None:
    doc = read_page(REAL / "003_pingtan_2019.html")
    label_rows = [
        line for line in doc.lines if line.kind == "row" and line.fields[0].text == "三、本年度办理结果"
    ]
    assert len(label_rows) == 2  # printed twice in this report (two row-spanning cells), once per block
    assert [f.text for f in label_rows[0].fields[:2]] == ["三、本年度办理结果", "（一）予以公开"]
    assert label_rows[0].fields[1].colspan == 2
    following = doc.lines[label_rows[0].number]  # the next row starts with its own label, no repeated cell
    assert following.fields[0].text.startswith("（二）部分公开")
    amount = next(line for line in doc.lines if line.kind == "row" and line.fields[0].text == "政府集中采购")
    assert [f.text for f in amount.fields] == ["政府集中采购", "135", "75394432.52元"]


@needs_corpus
def test_nbsp_padding_is_stripped() -> None:
    doc = read_page(REAL / "004_pingtan_zrz_2023.html")
    assert section4_values(doc)[5] == 1  # printed "&nbsp; 1"
    for line in doc.lines:
        for f in line.fields:
            assert f.text == f.text.strip() and "\xa0" not in f.text and "\u3000" not in f.text


# --- encodings ------------------------------------------------------------------------------------------------


@needs_corpus
def test_gbk_pages_with_and_without_declaration_read_the_same() -> None:
    raw = (REAL / "005_pingtan_xzsp_2023.html").read_text(encoding="utf-8")
    expected = html.read(raw.encode("utf-8"), "page.html").text
    declared = raw.replace('<meta charset="UTF-8" />', '<meta charset="gbk" />')
    assert declared != raw
    http_equiv = raw.replace(
        '<meta charset="UTF-8" />', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    )
    undeclared = raw.replace('<meta charset="UTF-8" />', "")
    for variant in (declared, http_equiv, undeclared):
        data = variant.encode("gbk", errors="xmlcharrefreplace")
        doc = html.read(data, "page.html")
        assert doc.meta["encoding"] == "gb18030"
        assert doc.text == expected
    bom = html.read(b"\xef\xbb\xbf" + undeclared.encode("utf-8"), "page.html")
    assert bom.text == expected


def test_page_declared_gb2312_but_utf8_is_read_as_utf8() -> None:
    page = '<html><head><meta charset="gb2312"></head><body><p>政府信息公开</p></body></html>'
    doc = html.read(page.encode("utf-8"), "x.html")
    assert doc.text == "政府信息公开"


def test_stray_bytes_and_wrong_western_declarations() -> None:
    body = "<p>政府信息公开工作年度报告</p>"
    utf8_with_stray = ("<html><body>" + body).encode() + b"\xff<p>x</p></body></html>"
    assert html.read(utf8_with_stray, "x.html").text.startswith("政府信息公开工作年度报告")
    latin = ("<html><head><meta charset='iso-8859-1'></head><body>" + body + "</body></html>").encode("gbk")
    doc = html.read(latin, "x.html")
    assert doc.text == "政府信息公开工作年度报告" and doc.meta["encoding"] == "gb18030"
    big5 = ("<html><head><meta charset='big5'></head><body><p>政府資訊公開</p></body></html>").encode("big5")
    assert html.read(big5, "x.html").text == "政府資訊公開"


def test_mht_archive() -> None:
    page = (
        "<html><head><meta charset='gbk'><title>某局2023年政府信息公开工作年度报告</title></head><body>"
        "<p>发布时间：2024-01-09</p><table><tr><td>规章</td><td>&nbsp;</td><td>3</td></tr></table></body></html>"
    )
    msg = MIMEMultipart("related")
    part = MIMEText(page, "html", "gbk")  # base64 body, GBK charset
    msg.attach(part)
    msg.attach(MIMEText("body{}", "css", "utf-8"))
    data = msg.as_bytes()
    assert read_document(data, "page.mht").lines[1].fields[2].text == "3"
    doc = html.read(data, "page.mht")
    assert doc.meta["container"] == "mht"
    assert doc.meta["published"] == "2024-01-09"
    assert doc.meta["title"] == "某局2023年政府信息公开工作年度报告"
    assert [f.text for f in doc.lines[1].fields] == ["规章", "", "3"]


# --- structure on small pages ---------------------------------------------------------------------------------


def page(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def test_page_without_tables_has_only_text_lines() -> None:
    doc = html.read(page("<h1>标题</h1><p>第一段</p><div>第二段<br>第三行</div>"), "t.html")
    assert [line.kind for line in doc.lines] == ["text"] * 4
    assert doc.text == "标题\n第一段\n第二段\n第三行"
    assert_offsets(doc)


def test_preformatted_text_keeps_its_lines() -> None:
    doc = html.read(page("<pre>一、总体情况\n  规章   0\n\n二、主动公开</pre><pre>x</pre>"), "t.html")
    assert doc.text == "一、总体情况\n规章 0\n二、主动公开\nx"


def test_scripts_styles_comments_hidden_and_navigation_do_not_leak() -> None:
    body = (
        "<script>var x = 1;</script><style>p{color:red}</style><!-- a comment -->"
        "<noscript>enable js</noscript><div style='display: none'>hidden text</div><p hidden>also hidden</p>"
        "<div class='nav'><a href='/'>首页</a> <a href='/a'>政务公开</a> <a href='/b'>互动交流</a></div>"
        "<div>当前位置：<a href='/'>首页</a> &gt; <a href='/x'>政府信息公开年报</a></div>"
        "<div class='content'><p>正文第一段，<a href='/law'>条例</a>规定的内容。</p></div>"
    )
    doc = html.read(page(body), "t.html")
    assert doc.text == "正文第一段，条例规定的内容。"


def test_cells_colspan_rowspan_nbsp_and_paragraphs() -> None:
    body = (
        "<table><tr><td rowspan='2'>（三）<p>不予</p><p>公开</p></td><td colspan='2'>1.属于<br>国家秘密</td>"
        "<td>&nbsp;</td><td>\u3000</td></tr>"
        "<tr><td><p>结</p><p>果</p><p>维</p><p>持</p></td><td>a<span>b</span> c</td><td>7 </td><td></td></tr>"
        "</table>"
    )
    doc = html.read(page(body), "t.html")
    first, second = doc.lines
    assert [f.text for f in first.fields] == ["（三）不予公开", "1.属于国家秘密", "", ""]
    assert [f.colspan for f in first.fields] == [1, 2, 1, 1]
    assert [f.text for f in second.fields] == ["结果维持", "ab c", "7", ""]
    assert doc.text == "（三）不予公开\t1.属于国家秘密\t\t\n结果维持\tab c\t7\t"
    assert_offsets(doc)


def test_nested_and_layout_tables_are_flattened_in_place() -> None:
    body = (
        "<table><tr><td><p>页面说明</p><table><tr><td>规章</td><td>1</td></tr></table>"
        "<p>表后文字</p></td></tr></table><p>最后</p>"
    )
    doc = html.read(page(body), "t.html")
    assert [(line.kind, [f.text for f in line.fields]) for line in doc.lines] == [
        ("text", ["页面说明"]),
        ("row", ["规章", "1"]),
        ("text", ["表后文字"]),
        ("text", ["最后"]),
    ]
    assert doc.lines[1].table == 1  # the outer layout table is table 0


def test_published_and_title_from_meta_and_visible_text() -> None:
    head = '<meta name="PubDate" content="2024-02-01 10:00"><title>某县2023年度报告_公开年报_某县政府</title>'
    doc = html.read(page("<p>正文</p>", head), "t.html")
    assert doc.meta == {"title": "某县2023年度报告", "published": "2024-02-01", "encoding": "utf-8"}
    doc = html.read(page("<p>采集时间：2025-12-30</p><p>发布时间：2024年1月9日</p><p>x</p>"), "t.html")
    assert doc.meta["published"] == "2024-01-09"
    assert "published" not in html.read(page("<p>2023年1月1日起至2023年12月31日止</p>"), "t.html").meta


def test_word_exported_html() -> None:
    word = (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head>"
        "<meta http-equiv=Content-Type content='text/html; charset=gb2312'>"
        "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->"
        "<style><!-- p.MsoNormal {margin:0cm} --></style></head><body><div class=WordSection1>"
        "<p class=MsoNormal><a name='_Toc1'><span>一、总体情况</span></a><o:p></o:p></p>"
        "<table class=MsoNormalTable border=1><tr style='mso-yfti-irow:0'>"
        "<td width=100><p class=MsoNormal align=center><span style='font-family:仿宋'>规章<o:p></o:p></span></p></td>"
        "<td><p class=MsoNormal><span lang=EN-US>0<o:p></o:p></span></p></td>"
        "<td><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td></tr></table>"
        "<p class=MsoNormal><span style='display:none;mso-hide:all'>隐藏</span><span>可见</span></p>"
        "</div></body></html>"
    )
    doc = html.read(word.encode("gbk"), "word.htm")
    # an anchor <a name> is not a link: the heading is content, not navigation
    assert doc.text == "一、总体情况\n规章\t0\t\n可见"


def test_deeply_nested_markup_keeps_its_text() -> None:
    # Unclosed tags nest deeply in sloppy pages; libxml2's default depth limit (256) would drop the rest.
    body = "<div>" * 1500 + "深处" + "</div>" * 1500 + "<p>末尾</p>"
    assert html.read(page(body), "deep.html").text == "深处\n末尾"


# --- bad input ------------------------------------------------------------------------------------------------


def test_binary_garbage_is_a_reader_error_naming_the_file() -> None:
    garbage = bytes(range(256)) * 20
    with pytest.raises(ReaderError, match=r"garbage\.html"):
        html.read(garbage, "garbage.html")
    with pytest.raises(ReaderError, match=r"garbage\.bin"):
        read_document(garbage, "garbage.bin")


def test_empty_and_whitespace_pages() -> None:
    with pytest.raises(ReaderError, match="empty"):
        html.read(b"  \n ", "blank.html")
    doc = html.read(b"<html><body></body></html>", "empty.html")
    assert doc.lines == [] and doc.text == "" and doc.warnings


# --- golden: the whole pipeline on the real pages ---------------------------------------------------------------


def leaves(node: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [x for k, v in node.items() for x in leaves(v, f"{prefix}.{k}" if prefix else k)]
    if isinstance(node, list):
        return [x for i, v in enumerate(node) for x in leaves(v, f"{prefix}[{i}]")]
    return [(prefix, node)]


def same(gold: Any, got: Any) -> bool:
    if isinstance(got, Decimal):
        got = float(got)
    if gold is None or got is None:
        return gold is None and got is None
    if isinstance(gold, int | float) and isinstance(got, int | float):
        return math.isclose(gold, got, abs_tol=1e-9)
    return bool(gold == got)


def golden_diff(path: Path) -> list[str]:
    from xxgk.parse import parse_file

    got = parse_file(path).to_json()
    gold = gold_of(path)
    got_leaves = {}
    for table in ("active", "active_2019", "applications", "review_litigation"):
        got_leaves.update(dict(leaves(got.get(table), table)))
    wrong = []
    for table in ("active", "active_2019", "applications", "review_litigation"):
        if table not in gold:
            continue
        for key, want in leaves(gold[table], table):
            have = got_leaves.get(key)
            if not same(want, have):
                wrong.append(f"{key}: gold {want!r}, got {have!r}")
    for name in ("agency", "year", "template", "published_on"):
        if not same(gold.get(name), got.get(name)):
            wrong.append(f"{name}: gold {gold.get(name)!r}, got {got.get(name)!r}")
    return wrong


@needs_corpus
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_golden_parse_of_real_page(path: Path) -> None:
    assert golden_diff(path) == []
