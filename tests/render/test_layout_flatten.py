"""Flattenings and grids: every style writes the whole report; blanks survive where the form can show them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xxgk.record import Report
from xxgk.render.flatten import STYLES, flatten
from xxgk.render.layout import applications_grid, blocks, review_grid
from xxgk.synth import SynthOptions, generate

from .conftest import GOLDS, gold


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.name)
@pytest.mark.parametrize("style", STYLES)
def test_every_gold_flattens(path: Path, style: str) -> None:
    report = Report.from_json(json.loads(path.read_text(encoding="utf-8")))
    text = flatten(report, style)
    assert "政府信息公开工作年度报告" in text
    assert "三、收到和处理政府信息公开申请情况" in text
    if report.tables.get("applications") is not None:
        assert "申请人情况" in text


def _blank_positions(report: Report) -> int:
    return sum(1 for _, _, _, c in report.cells() if c.value is None)


def test_blank_cells_survive_tsv() -> None:
    report = generate(3, SynthOptions(blank_rate=0.6))
    blanks = _blank_positions(report)
    assert blanks > 0
    lines = flatten(report, "tsv").splitlines()
    grid = applications_grid(report)
    first = next(i for i, line in enumerate(lines) if line.startswith(grid.cells[0].text))
    rows = lines[first + grid.header_rows:first + grid.nrows]
    data = report.tables["applications"]
    assert data is not None
    for line, (key, cells) in zip(rows, ((k, data.rows[k]) for k in data.rows), strict=False):
        values = line.split("\t")[3:]
        assert values == ["" if c.value is None else str(c.value) for c in cells], key


def test_cell_per_line_fillers_and_blanks() -> None:
    report = generate(5, SynthOptions(blank_rate=1.0))
    text = flatten(report, "cell_per_line")
    assert "申请人情况 | " + "|" * 8 in text  # two cells printed in a 10-column grid
    assert "\n |\n" in text  # a blank data cell is an empty cell


def test_cell_per_line_blank_has_vmerge_gaps_and_padding() -> None:
    text = flatten(gold("001_pingtan_2023"), "cell_per_line_blank")
    assert "\t\n\t（二）部分公开" in text  # the merged 三、本年度办理结果 column prints an empty cell
    assert "\u00a0" in text and "\u3000" in text


def test_run_together_and_spaced() -> None:
    report = gold("004_pingtan-police-2022")
    assert "行政规范性文件417" in flatten(report, "run_together")
    assert "行政规范性文件 4 1 7" in flatten(report, "spaced")


def test_markdown_headings_and_pipes() -> None:
    text = flatten(gold("017_shanghai"), "markdown")
    assert text.startswith("# ")
    assert "## 四、政府信息公开行政复议、行政诉讼情况" in text
    assert "| 行政复议 |" in text


def test_null_table_not_printed() -> None:
    report = gold("002_35beedbe3e7b0ed3")  # section 二 table not printed
    assert report.tables.get("active") is None
    assert [b.grid.key for b in blocks(report) if b.grid is not None] == ["applications", "review_litigation"]


def test_grid_structure_matches_official_template() -> None:
    report = generate(1)
    grid = applications_grid(report)
    note = grid.cells[0]
    assert (note.rowspan, note.colspan) == (3, 3)
    results = next(c for c in grid.cells if c.text == "三、本年度办理结果")
    assert results.rowspan == 22  # 2 + 8 + 3 + 5 + 3 + 1 result rows (reference.md §2.6)
    report19 = generate(1, SynthOptions(template="2019"))
    assert next(c for c in applications_grid(report19).cells if c.text == "三、本年度办理结果").rowspan == 20
    review = review_grid(report)
    assert review.ncols == 15 and review.nrows == 4
