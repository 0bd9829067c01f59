"""PDF pages as PNG images, rendered server-side with pypdfium2 (the source itself is never served as is)."""

from __future__ import annotations

import io
from functools import lru_cache

SCALE = 1.5  # pixels per PDF point


@lru_cache(maxsize=64)
def page_png(data: bytes, page: int, scale: float = SCALE) -> tuple[bytes, float, float]:
    """The 1-based ``page`` of the PDF ``data`` as PNG bytes, with the page size in points."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= len(pdf):
            raise IndexError(f"page {page} is not in the document (1–{len(pdf)})")
        p = pdf[page - 1]
        width, height = p.get_size()
        image = p.render(scale=scale).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=False)
        return buf.getvalue(), width, height
    finally:
        pdf.close()


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()
