"""Labels broken inside one cell never break the reading, and the section-二 layout is decided by all the
evidence (headers, rows, row widths), not by one header.

Real pages print ``本年新<br />制作数量``, ``<p>`` per line inside a ``<td>``, Word cells with ``<w:br/>`` or one
paragraph per line, and PDF cells whose label wraps over two lines. Each rendition below is the official
rendering of a generated report with every label and header cell broken that way.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from renditions import edit_docx_xml, pdf_from_blocks
from xxgk.parse import parse_file
from xxgk.record import Report
from xxgk.render import render
from xxgk.render.layout import Block
from xxgk.rules import check
from xxgk.synth import generate
from xxgk.template import ACTIVE_2019, ACTIVE_2021, ACTIVE_MARKERS

FIELDS = ("template", "active", "active_2019", "applications", "review_litigation")
TEMPLATES = ["2019", "2021"]
HAN = re.compile(r"[\u4e00-\u9fff]")


def _tables(report: Report) -> dict[str, object]:
    data = json.loads(report.dumps(provenance=False))
    return {k: data.get(k) for k in FIELDS}


def _parse(tmp_path: Path, fmt: str, data: bytes) -> Report:
    path = tmp_path / f"report.{fmt}"
    path.write_bytes(data)
    return parse_file(path)


def _assert_read_right(parsed: Report, report: Report) -> None:
    assert _tables(parsed) == _tables(report)
    errors = [f.rule for f in check(parsed).findings if f.severity == "error"]
    assert errors == []  # no false C-03/C-04/T4-01


def _cut(text: str, rng: random.Random) -> tuple[str, str]:
    at = rng.randint(1, len(text) - 1)
    return text[:at], text[at:]


HTML_BREAKS: dict[str, Callable[[str, str], str]] = {
    "br": lambda a, b: f"{a}<br />{b}",
    "br-newline": lambda a, b: f"{a}<br>\n      {b}",
    "p": lambda a, b: f"<p>{a}</p><p>{b}</p>",
    "div": lambda a, b: f"<div>{a}</div>\n<div>{b}</div>",
    "word-span": lambda a, b: f'<p><span style="FONT-SIZE: 12pt">{a}</span><span><br/></span><span>{b}</span></p>',
    "source-newline": lambda a, b: f"{a}\n        {b}",
}


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("style", sorted(HTML_BREAKS))
def test_html_cell_broken_inside(template: str, style: str, tmp_path: Path) -> None:
    report = generate(31, template=template)
    rng = random.Random(style)

    def broken(m: re.Match[str]) -> str:
        tag, attrs, text = m.groups()
        if len(HAN.findall(text)) < 4:
            return m.group(0)
        return f"<{tag}{attrs}>{HTML_BREAKS[style](*_cut(text, rng))}</{tag}>"

    html = render(report, "html").decode("utf-8")
    page, n = re.subn(r"<(td|th)([^>]*)>([^<]*)</\1>", broken, html)
    assert n > 40 and page != html
    _assert_read_right(_parse(tmp_path, "html", page.encode("utf-8")), report)


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("style", ["w:br", "paragraphs"])
def test_docx_cell_broken_inside(template: str, style: str, tmp_path: Path) -> None:
    report = generate(32, template=template)
    rng = random.Random(style)
    breaks: list[str] = []

    def in_tables(xml: str) -> str:
        def run(m: re.Match[str]) -> str:
            open_tag, text = m.groups()
            if len(HAN.findall(text)) < 4:
                return m.group(0)
            a, b = _cut(text, rng)
            breaks.append(text)
            if style == "w:br":
                return f"{open_tag}{a}</w:t><w:br/><w:t>{b}</w:t>"
            return f"{open_tag}{a}</w:t></w:r></w:p><w:p><w:r><w:t>{b}</w:t>"

        return re.sub(r"<w:tbl>.*?</w:tbl>",
                      lambda t: re.sub(r"(<w:t(?: [^>]*)?>)([^<]*)</w:t>", run, t.group(0)), xml, flags=re.S)

    data = edit_docx_xml(render(report, "docx"), in_tables)
    assert len(breaks) > 40
    _assert_read_right(_parse(tmp_path, "docx", data), report)


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("narrow", ["labels", "values"])
def test_pdf_label_wrapped_in_a_ruled_cell(template: str, narrow: str, tmp_path: Path) -> None:
    # Narrow label columns wrap the row labels over two or three lines; narrow value columns wrap the
    # headers (本年新/制作数/量).
    report = generate(33, template=template)

    def squeeze(items: list[Block]) -> None:
        for b in items:
            g = b.grid
            if g is None or g.key not in ("active", "active_2019", "applications"):
                continue
            if g.key == "applications":
                g.widths = (0.8, 1.0, 2.0, *g.widths[3:])
            elif narrow == "labels":
                g.widths = (0.3, *g.widths[1:])
            else:
                g.widths = (3.0,) + (0.25,) * (len(g.widths) - 1)

    _assert_read_right(_parse(tmp_path, "pdf", pdf_from_blocks(report, squeeze)), report)


ROW_LABELS = {r.label for t in (ACTIVE_2019, ACTIVE_2021) for r in t.rows}
HEADERS = [m for m in ACTIVE_MARKERS["2019"] + ACTIVE_MARKERS["2021"] if m not in ROW_LABELS]


def _unreadable_headers(text: str) -> str:
    for header in HEADERS:
        text = text.replace(header, "")
    return text


ROWS_2019_ONLY = ("other_services", "procurement")


def _drop_rows(text: str, fmt: str, words: list[str]) -> str:
    """The printed rows (table rows, or lines of a text rendition) holding any of ``words`` left out."""
    alternatives = "|".join(map(re.escape, words))
    if fmt == "txt":
        return "\n".join(line for line in text.split("\n") if not re.search(alternatives, line))
    row = r"<w:tr[ >]" if fmt == "docx" else r"<tr[ >]"
    end = r"</w:tr>" if fmt == "docx" else r"</tr>"
    other = rf"(?:(?!{row}).)*?"
    return re.sub(rf"{row}{other}(?:{alternatives}){other}{end}", "", text, flags=re.S)


@pytest.mark.parametrize("fmt", ["html", "txt", "docx"])
def test_2019_layout_known_by_its_rows_when_no_header_is_read(fmt: str, tmp_path: Path) -> None:
    # No column header read and neither 其他对外管理服务事项 nor 政府集中采购 (nor its 第二十条第（九）项
    # caption) printed: the widths of the rows (行政许可 with three cells, 行政事业性收费 with two) still tell the
    # 2019 layout.
    report = generate(34, template="2019")
    words = [ACTIVE_2019.row(k).label for k in ROWS_2019_ONLY]
    words += [sub.caption for sub in ACTIVE_2019.subtables if set(sub.rows) <= set(ROWS_2019_ONLY)]

    def edit(text: str) -> str:
        return _drop_rows(_unreadable_headers(text), fmt, words)

    data = render(report, fmt)
    data = edit_docx_xml(data, edit) if fmt == "docx" else edit(data.decode("utf-8")).encode("utf-8")
    for word in words + HEADERS:
        assert word.encode("utf-8") not in data or fmt == "docx"
    parsed = _parse(tmp_path, fmt, data)
    assert parsed.template == "2019"
    want = _tables(report)
    for key in ROWS_2019_ONLY:  # not printed, not read
        del want["active_2019"][key]  # type: ignore[attr-defined]
    assert _tables(parsed) == want


@pytest.mark.parametrize("template", TEMPLATES)
def test_layout_without_headers_keeps_its_format(template: str, tmp_path: Path) -> None:
    report = generate(35, template=template)
    page = _unreadable_headers(render(report, "html").decode("utf-8"))
    parsed = _parse(tmp_path, "html", page.encode("utf-8"))
    assert _tables(parsed) == _tables(report)
