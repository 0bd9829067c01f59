"""DOCX in the official layout (python-docx; merged cells as Word's own gridSpan / vMerge).

Fonts follow official documents (GB/T 9704): title 方正小标宋简体, headings 黑体, body 仿宋_GB2312, tables 宋体.
Word substitutes a font the reader lacks; the eastAsia name is what matters for Chinese text.
"""

from __future__ import annotations

import io
from typing import Any

from ..record import Report
from .layout import Block, Grid, blocks

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"
TEXT_WIDTH_MM = 156.0  # A4 with the GB/T 9704 margins (left 28 mm, right 26 mm)


def new_document() -> Any:
    """An empty python-docx Document in the official page and body font (A4, GB/T 9704 margins, 仿宋_GB2312)."""
    try:
        import docx
        from docx.shared import Mm
    except ImportError as exc:  # python-docx is a dependency; say so clearly if it is missing
        raise RuntimeError("DOCX output needs python-docx (pip install python-docx)") from exc
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _set_default_font(document)
    return document


def render_docx(report: Report) -> bytes:

    document = new_document()
    for block in blocks(report):
        _write_block(document, block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _set_default_font(document: Any) -> None:
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.size = Pt(16)
    east_asia(style.element.get_or_add_rPr(), BODY_FONT)


def east_asia(rpr: Any, font: str) -> None:
    """Set all four font slots: python-docx's font.name does not set w:eastAsia, which Chinese text uses."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), font)


def add_run(paragraph: Any, text: str, font: str, size: float, bold: bool = False) -> Any:
    """A run of ``text`` in ``font`` (all four slots, eastAsia included) at ``size`` points."""
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    east_asia(run._element.get_or_add_rPr(), font)
    return run


def _write_block(document: Any, block: Block) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if block.kind == "table" and block.grid is not None:
        _write_table(document, block.grid)
        document.add_paragraph()
        return
    p = document.add_paragraph()
    fmt = p.paragraph_format
    if block.kind == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.space_after = Pt(16)
        add_run(p, block.text, TITLE_FONT, 22)
    elif block.kind == "heading":
        fmt.first_line_indent = Pt(32)
        add_run(p, block.text, HEADING_FONT, 16)
    elif block.kind == "signature":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for i, line in enumerate(block.text.split("\n")):
            if i:
                p.add_run().add_break()
            add_run(p, line, BODY_FONT, 16)
    else:
        fmt.first_line_indent = Pt(32)
        add_run(p, block.text, BODY_FONT, 16)


def _write_table(document: Any, grid: Grid) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    table = document.add_table(rows=grid.nrows, cols=grid.ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    scale = TEXT_WIDTH_MM / sum(grid.widths)
    widths = [Mm(w * scale) for w in grid.widths]
    for i, col in enumerate(table.columns):
        col.width = widths[i]
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
    # Merge first (python-docx writes gridSpan for the columns and vMerge restart/continue for the rows),
    # then write each text once into the merged cell.
    for gc in grid.cells:
        if gc.rowspan > 1 or gc.colspan > 1:
            table.cell(gc.row, gc.col).merge(table.cell(gc.row + gc.rowspan - 1, gc.col + gc.colspan - 1))
    for gc in grid.cells:
        cell = table.cell(gc.row, gc.col)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if gc.align == "left" else WD_ALIGN_PARAGRAPH.CENTER
        if gc.text:  # a blank cell stays an empty cell (never 0)
            add_run(p, gc.text, TABLE_FONT, 9 if grid.ncols > 4 else 10.5, bold=gc.role == "caption")
    for r in range(grid.header_rows):  # repeat the header rows after a page break
        repeat_header(table.rows[r])
    _explicit_continue(table)


def _explicit_continue(table: Any) -> None:
    """Write vMerge continuations as val="continue", as Word and WPS do (some readers need the value)."""
    from docx.oxml.ns import qn

    for vm in table._tbl.iter(qn("w:vMerge")):
        if vm.get(qn("w:val")) is None:
            vm.set(qn("w:val"), "continue")


def repeat_header(row: Any) -> None:
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
