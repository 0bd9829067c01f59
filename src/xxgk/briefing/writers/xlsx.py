"""The briefing as a workbook (openpyxl): sheet 简报 with the text, one sheet per table, and sheet 数字来源 with
every number of the document and its source columns (kind, report, cell, metric or query and its parameters,
the web app link, and the source as JSON to read it again). Numbers are numbers (rates formatted as %),
blanks are blank; each number in a table links to its row in 数字来源."""

from __future__ import annotations

import io
import json
from typing import Any

from ..appendix import describe
from ..model import DATE, POINTS, RATE, Briefing, Figure, Inline, Number, Paragraph, Table
from .docx import inline_text

SOURCES = "数字来源"
SOURCE_HEADER = ["编号", "数值", "单位", "显示为", "来源类型", "报告", "单元格", "名称", "参数", "说明", "链接", "来源JSON"]


def _sheet_title(text: str, used: set[str]) -> str:
    title = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31] or "表"
    base, i = title, 2
    while title in used:
        title = f"{base[:28]}_{i}"
        i += 1
    used.add(title)
    return title


def _write_number(cell: Any, n: Number, row_of: dict[str, int]) -> None:
    value = n.plain()
    cell.value = value
    if n.unit in (RATE, POINTS) and isinstance(value, int | float):
        cell.number_format = "0.0%"
    # an internal link to the number's row in 数字来源 (not on a blank: openpyxl would fill it with the link)
    if n.id in row_of and value is not None:
        from openpyxl.worksheet.hyperlink import Hyperlink

        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{SOURCES}'!A{row_of[n.id]}")


def render_xlsx(briefing: Briefing, *, base_url: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    base = base_url.rstrip("/")
    numbers = briefing.numbers()
    row_of = {n.id: i + 2 for i, n in enumerate(numbers)}
    wb = Workbook()
    text = wb.active
    text.title = "简报"
    used = {"简报", SOURCES}
    text.append([briefing.title])
    text["A1"].font = Font(bold=True, size=14)
    text.append([briefing.subtitle])
    text.column_dimensions["A"].width = 120
    tables: list[tuple[str, Table]] = []
    current = None
    for section, block in briefing.walk():
        if section is not current:
            current = section
            text.append([section.title])
            text.cell(text.max_row, 1).font = Font(bold=True)
        if isinstance(block, Paragraph):
            text.append([block.text])
            text.cell(text.max_row, 1).alignment = Alignment(wrap_text=True)
        elif isinstance(block, Table):
            name = _sheet_title(block.title, used)
            tables.append((name, block))
            text.append([f"{block.title}（见工作表“{name}”）"])
        elif isinstance(block, Figure):
            text.append([f"{block.title}（数据见{SOURCES}）"])
    for name, block in tables:
        ws = wb.create_sheet(name)
        ws.append(block.header)
        for c in ws[1]:
            c.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for row in block.rows:
            r = ws.max_row + 1
            for j, item in enumerate(row, 1):
                cell = ws.cell(r, j)
                n = _single_number(item)
                if n is not None:
                    _write_number(cell, n, row_of)
                else:
                    cell.value = inline_text(item) or None
        for j, h in enumerate(block.header, 1):
            ws.column_dimensions[ws.cell(1, j).column_letter].width = max(10, min(60, 2.2 * len(h) + 4))
    src = wb.create_sheet(SOURCES)
    src.append(SOURCE_HEADER)
    for c in src[1]:
        c.font = Font(bold=True)
    src.freeze_panes = "A2"
    for n in numbers:
        s = n.source
        params = json.dumps(dict(s.params), ensure_ascii=False) if s.params else None
        link = s.link()
        src.append([n.id, None, n.unit, n.text, s.kind, s.report_id, s.cell, s.name, params, describe(s),
                    (base + link) if link else None, json.dumps(s.to_json(), ensure_ascii=False)])
        cell = src.cell(src.max_row, 2)
        if n.unit == DATE:
            cell.value = n.plain()
        else:
            _write_number(cell, n, {})
    for letter, width in zip("ABCDEFGHIJKL", (8, 14, 8, 16, 8, 8, 30, 22, 30, 50, 40, 40), strict=True):
        src.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _single_number(item: Inline | list[Inline]) -> Number | None:
    if isinstance(item, Number):
        return item
    if isinstance(item, list):
        numbers = [x for x in item if isinstance(x, Number)]
        if len(numbers) == 1 and all(isinstance(x, Number) or not str(x).strip("；：") for x in item):
            return numbers[0]
    return None
