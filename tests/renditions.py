"""Renditions of a generated report with printed text edited the way real reports differ from the template.

The official writers print canonical labels and headings; real reports wrap labels inside a cell and word their
headings their own way. These helpers write a report in a format, then edit the printed text of that file
(HTML source, the DOCX document XML, the PDF's layout blocks) so the tests read a real file of that format.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

from xxgk.record import Report
from xxgk.render import render
from xxgk.render.layout import Block, blocks


def replace_text(report: Report, fmt: str, old: str, new: str) -> bytes:
    """The report in ``fmt`` (txt, md, html, docx, pdf) with the printed ``old`` replaced by ``new``."""
    if fmt == "docx":
        return edit_docx_xml(render(report, "docx"), lambda xml: xml.replace(old, new))
    if fmt == "pdf":

        def edit(items: list[Block]) -> None:
            for b in items:
                b.text = b.text.replace(old, new)

        return pdf_from_blocks(report, edit)
    data = render(report, fmt).decode("utf-8")
    assert old in data, f"{old!r} is not printed in the {fmt} rendition"
    return data.replace(old, new).encode("utf-8")


def edit_docx_xml(data: bytes, edit: Callable[[str], str]) -> bytes:
    """A DOCX with its word/document.xml passed through ``edit``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "word/document.xml":
                content = edit(content.decode("utf-8")).encode("utf-8")
            dst.writestr(item, content)
    return out.getvalue()


def pdf_from_blocks(report: Report, edit: Callable[[list[Block]], None]) -> bytes:
    """The PDF writer's output for the report's layout blocks after ``edit`` (texts, grids, column widths)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from xxgk.render import pdf

    items = blocks(report)
    edit(items)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=30 * mm,
                            bottomMargin=28 * mm)
    styles = pdf._styles(pdf.register_font())
    story: list[Any] = []
    for b in items:
        story.extend(pdf._flowables(b, styles, doc.width))
    doc.build(story)
    return out.getvalue()


