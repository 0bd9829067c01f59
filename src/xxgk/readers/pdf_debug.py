"""Visual debugging of the PDF reader (in the manner of pdfplumber's ``to_image().debug_tablefinder()``).

Draws over the rendered page (for an OCR page: the prepared image — levelled, squared, evenly lit — that the
coordinates refer to): the characters / OCR runs (thin grey boxes), the ruling lines (red; orange: rebuilt from the text columns where none were found), the cells
of the reconstructed tables (blue, with their grid row/column), and — when a parsed report is given — the
template row key and column each data cell was mapped to (green), from the record's per-cell source box.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .pdf import Analysis, analyze

Box = tuple[float, float, float, float]


@dataclass
class Mapped:
    """A record cell shown on the page: where it was read and what it was mapped to."""

    page: int
    box: Box
    label: str


def mapped_cells(report: Any) -> list[Mapped]:
    """(page, box, "row_key[col]") of every record cell that has a source page and box."""
    out = []
    for tkey, rkey, col, cell in report.cells():
        src = cell.source
        if src is not None and src.page is not None and src.box is not None:
            label = f"{tkey}.{rkey}" if col == 0 else f"[{col}]"  # full key once per row: cells are narrow
            out.append(Mapped(src.page, tuple(src.box), label))
    return out


def page_with_tables(analysis: Analysis) -> int:
    """The first page with the most table cells (default page to draw)."""
    best, best_n = 1, -1
    for pc in analysis.pages:
        n = sum(len(g.cells) for g in pc.grids)
        if n > best_n:
            best, best_n = pc.number, n
    return best


def draw_page(
    data: bytes,
    path: str,
    page: int | None = None,
    scale: float = 2.0,
    mapped: list[Mapped] | None = None,
    analysis: Analysis | None = None,
) -> Any:
    """A PIL image of ``page`` (1-based; default: the page with the most table cells) with what was found."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    analysis = analysis or analyze(data, path)
    number = page or page_with_tables(analysis)
    pc = next((p for p in analysis.pages if p.number == number), None)
    if pc is None:
        raise ValueError(
            f"{path}: page {number} was not read (the document has {analysis.document.meta.get('pages')} pages)"
        )
    if pc.image is not None:  # an OCR page: its coordinates are those of the levelled, squared image
        from PIL import Image

        size = (round(pc.width * scale), round(pc.height * scale))
        img = Image.fromarray(pc.image).convert("RGB").resize(size)
    else:
        pdf = pdfium.PdfDocument(data)
        try:
            pg = pdf[number - 1]
            img = pg.render(scale=scale).to_pil().convert("RGB")
            pg.close()
        finally:
            pdf.close()
    draw = ImageDraw.Draw(img, "RGBA")

    def sc(b: Box) -> tuple[float, float, float, float]:
        return (b[0] * scale, b[1] * scale, b[2] * scale, b[3] * scale)

    for p in pc.pieces:
        low = p.conf is not None and p.conf < 0.8
        draw.rectangle(
            sc(p.box), outline=(255, 140, 0, 255) if low else (120, 120, 120, 140), width=2 if low else 1
        )
    for g in pc.grids:
        for c in g.cells:
            draw.rectangle(sc(c.box), outline=(30, 90, 255, 255), fill=(30, 90, 255, 18), width=1)
            draw.text((c.box[0] * scale + 2, c.box[1] * scale + 1), f"{c.r0},{c.c0}", fill=(30, 90, 255, 200))
    for s in pc.segs:  # printed lines red; lines rebuilt from the text columns (none printed) orange
        colour = (255, 140, 0, 200) if s.virtual else (230, 30, 30, 220)
        draw.line(sc((s.x0, s.y0, s.x1, s.y1)), fill=colour, width=1 if s.virtual else 2)
    for k, note in enumerate(pc.notes):  # what preparation did or could not do (e.g. a photo left unsquared)
        draw.text((6, 6 + 14 * k), note, fill=(200, 0, 0, 255))
    for m in mapped or []:
        if m.page == number:
            draw.rectangle(sc(m.box), outline=(0, 160, 60, 255), width=2)
            draw.text((m.box[0] * scale + 2, m.box[3] * scale - 11), m.label, fill=(0, 130, 50, 255))
    return img
