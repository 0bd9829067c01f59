"""The briefing as DOCX in the official document look of :mod:`xxgk.render.docx` (its page, fonts and run
helper): 黑体 headings, 仿宋_GB2312 body, 宋体 tables; charts as the matplotlib PNGs."""

from __future__ import annotations

import io
from typing import Any

from ...render.docx import (
    BODY_FONT,
    HEADING_FONT,
    TABLE_FONT,
    TEXT_WIDTH_MM,
    TITLE_FONT,
    add_run,
    new_document,
    repeat_header,
)
from ..model import Briefing, Figure, Inline, Number, Paragraph, Section, Table

IMAGE_WIDTH_MM = 150


def cell_text(item: Inline | list[Inline]) -> str:
    """A table cell's text: a lone number without its suffix."""
    return item.bare if isinstance(item, Number) else inline_text(item)


def inline_text(item: Inline | list[Inline]) -> str:
    if isinstance(item, list):
        return "".join(inline_text(x) for x in item)
    if isinstance(item, str):
        return item
    return item.text


def column_widths(block: Table, total: float) -> list[float]:
    """Column widths summing to ``total``, after the longest text of each column (within bounds)."""
    weights = [float(max(4, min(36, len(h)))) for h in block.header]
    for row in block.rows:
        for j, item in enumerate(row):
            weights[j] = max(weights[j], min(36.0, float(len(cell_text(item)))))
    return [total * w / sum(weights) for w in weights]


def render_docx(briefing: Briefing) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = new_document()
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(6)
    add_run(p, briefing.title, TITLE_FONT, 22)
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(16)
    add_run(p, briefing.subtitle, BODY_FONT, 16)
    for section in briefing.sections:
        _section(document, section, 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _section(document: Any, section: Section, depth: int) -> None:
    from docx.shared import Pt

    p = document.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    p.paragraph_format.keep_with_next = True
    add_run(p, section.title, HEADING_FONT, 16)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            _paragraph(document, block)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Figure):
            _figure(document, block)
    for sub in section.subsections:
        _section(document, sub, depth + 1)


def _paragraph(document: Any, block: Paragraph) -> None:
    from docx.shared import Pt

    p = document.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    add_run(p, block.text, BODY_FONT, 16)


def _caption(document: Any, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    add_run(p, text, HEADING_FONT, 12)


def _table(document: Any, block: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    _caption(document, block.title)
    size = 9 if len(block.header) > 5 else 10.5
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(w) for w in column_widths(block, TEXT_WIDTH_MM)]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(cell.paragraphs[0], text, TABLE_FONT, size, bold=True)
    repeat_header(table.rows[0])
    for row in block.rows:
        cells = table.add_row().cells
        for cell, item, width in zip(cells, row, widths, strict=True):
            cell.width = width
            text = cell_text(item)
            if text:  # an empty cell stays empty
                p = cell.paragraphs[0]
                if isinstance(item, Number):
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                add_run(p, text, TABLE_FONT, size)
    if block.note:
        p = document.add_paragraph()
        add_run(p, block.note, BODY_FONT, 10.5)
    document.add_paragraph()


def _figure(document: Any, block: Figure) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    if not block.png:
        return
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run().add_picture(io.BytesIO(block.png), width=Mm(IMAGE_WIDTH_MM))
    _caption(document, block.title)
