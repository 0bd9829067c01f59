"""PDF in the official layout, pure Python (reportlab) with an embedded CJK TrueType font.

The font is embedded (subset) so the text layer extracts as the right Unicode and the pages rasterise the
same everywhere (pypdfium2, poppler). Font search: $XXGK_CJK_FONT, then Debian's fonts-wqy-zenhei /
fonts-wqy-microhei / fonts-arphic (scripts/setup-system.sh installs one), then reportlab's built-in CID font
STSong-Light (not embedded: text extracts, but a viewer without a Chinese font may not draw it).
Noto CJK is CFF-based OpenType, which reportlab cannot embed, so it is not in the list.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from ..record import Report
from .layout import Block, Grid, blocks

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
FONT_NAME = "XXGK-CJK"
CID_FALLBACK = "STSong-Light"


class PdfUnavailable(RuntimeError):
    """No way to write a PDF here (reportlab missing)."""


def _reportlab() -> Any:
    try:
        import reportlab
    except ImportError as exc:
        raise PdfUnavailable(
            "PDF output needs reportlab (pip install reportlab) — or convert the DOCX with LibreOffice: "
            "soffice --headless --convert-to pdf report.docx"
        ) from exc
    return reportlab


def find_font() -> Path | None:
    """The CJK TrueType font to embed, or None when only the CID fallback is left."""
    env = os.environ.get("XXGK_CJK_FONT")
    for candidate in ([env] if env else []) + list(FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def register_font() -> str:
    """Register the CJK font with reportlab and return its name."""
    _reportlab()
    from reportlab.pdfbase import pdfmetrics

    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    path = find_font()
    if path is not None:
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
        return FONT_NAME
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CID_FALLBACK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return CID_FALLBACK


def render_pdf(report: Report) -> bytes:
    _reportlab()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    font = register_font()
    out = io.BytesIO()
    items = blocks(report)
    title = next((b.text for b in items if b.kind == "title"), "")
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=30 * mm,
                            bottomMargin=28 * mm, title=title, author=report.agency or "", creator="xxgk")
    styles = _styles(font)
    story: list[Any] = []
    for b in items:
        story.extend(_flowables(b, styles, doc.width))
    doc.build(story)
    return out.getvalue()


def _styles(font: str) -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    def style(name: str, size: float, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.45, wordWrap="CJK", **kw)

    return {
        "title": style("title", 20, alignment=TA_CENTER, spaceAfter=14),
        "heading": style("heading", 15, firstLineIndent=30, spaceBefore=8, spaceAfter=4),
        "paragraph": style("paragraph", 13, firstLineIndent=26),
        "signature": style("signature", 13, alignment=TA_RIGHT, spaceBefore=18),
        "cell": style("cell", 8.5, alignment=TA_CENTER),
        "label": style("label", 8.5, alignment=TA_LEFT),
    }


def _flowables(b: Block, styles: dict[str, Any], width: float) -> list[Any]:
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    if b.kind == "table" and b.grid is not None:
        # Keep a table on one page when it fits (table 三 is read by its merged label column).
        return [KeepTogether([_table(b.grid, styles, width)]), Spacer(1, 8)]
    text = escape(b.text).replace("\n", "<br/>")
    style = styles.get(b.kind, styles["paragraph"])
    if b.kind == "title":  # one line when possible: shrink a long title down to 15 pt
        size = max(15.0, min(20.0, width / max(len(b.text), 1) - 0.5))
        style = ParagraphStyle("title-fit", parent=style, fontSize=size, leading=size * 1.45)
    return [Paragraph(text, style)]


def _table(grid: Grid, styles: dict[str, Any], width: float) -> Any:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data: list[list[Any]] = [["" for _ in range(grid.ncols)] for _ in range(grid.nrows)]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for c in grid.cells:
        style = styles["label"] if c.align == "left" else styles["cell"]
        # A blank cell stays empty (never 0); each cell is one Paragraph so long labels wrap.
        data[c.row][c.col] = Paragraph(escape(c.text), style) if c.text else ""
        if c.rowspan > 1 or c.colspan > 1:
            commands.append(("SPAN", (c.col, c.row), (c.col + c.colspan - 1, c.row + c.rowspan - 1)))
    total = sum(grid.widths)
    widths = [width * w / total for w in grid.widths]
    table = Table(data, colWidths=widths, repeatRows=grid.header_rows, hAlign="CENTER")
    table.setStyle(TableStyle(commands))
    return table
