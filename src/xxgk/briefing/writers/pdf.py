"""The briefing as PDF: the DOCX converted by LibreOffice headless when it is installed (the same pages as
Word's), otherwise drawn with reportlab and the CJK font of :mod:`xxgk.render.pdf`."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from ..model import Briefing, Figure, Number, Paragraph, Section, Table
from .docx import cell_text, column_widths, render_docx


def render_pdf(briefing: Briefing, *, engine: str = "auto") -> bytes:
    """``engine``: ``auto`` (LibreOffice when found, else reportlab), ``libreoffice`` or ``reportlab``."""
    from ...readers.legacy import convert, find_soffice

    soffice = find_soffice() if engine in ("auto", "libreoffice") else None
    if soffice is not None:
        return convert(render_docx(briefing), ".docx", "pdf", soffice)
    if engine == "libreoffice":
        raise RuntimeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    return render_reportlab(briefing)


def render_reportlab(briefing: Briefing) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from ...render.pdf import register_font

    font = register_font()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=30 * mm,
                            bottomMargin=28 * mm, title=briefing.title, creator="xxgk")
    styles = _styles(font)
    story: list[Any] = [_p(briefing.title, styles["title"]), _p(briefing.subtitle, styles["subtitle"])]
    for section in briefing.sections:
        story += _section(section, styles, doc.width)
    doc.build(story)
    return out.getvalue()


def _styles(font: str) -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    def style(name: str, size: float, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.45, wordWrap="CJK", **kw)

    return {"title": style("title", 18, alignment=TA_CENTER, spaceAfter=4),
            "subtitle": style("subtitle", 13, alignment=TA_CENTER, spaceAfter=12),
            "heading": style("heading", 14, spaceBefore=8, spaceAfter=4),
            "body": style("body", 12, firstLineIndent=24, spaceAfter=4),
            "caption": style("caption", 10.5, alignment=TA_CENTER, spaceBefore=4, spaceAfter=2),
            "cell": style("cell", 8, alignment=TA_LEFT), "num": style("num", 8, alignment=TA_RIGHT)}


def _p(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph as P

    return P(escape(text), style)


def _section(section: Section, styles: dict[str, Any], width: float) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Image, Spacer
    from reportlab.platypus import Table as T

    out: list[Any] = [_p(section.title, styles["heading"])]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            out.append(_p(block.text, styles["body"]))
        elif isinstance(block, Table):
            out.append(_p(block.title, styles["caption"]))
            data = [[_p(h, styles["cell"]) for h in block.header]]
            data += [[_p(cell_text(c), styles["num"] if isinstance(c, Number) else styles["cell"]) for c in row]
                     for row in block.rows]
            table = T(data, repeatRows=1, colWidths=column_widths(block, width))
            table.setStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
            out += [table, Spacer(1, 6)]
        elif isinstance(block, Figure) and block.png:
            from reportlab.lib.utils import ImageReader

            iw, ih = ImageReader(io.BytesIO(block.png)).getSize()
            out += [Image(io.BytesIO(block.png), width=width, height=width * ih / iw), _p(block.title, styles["caption"])]
    for sub in section.subsections:
        out += _section(sub, styles, width)
    return out
