"""Page types shared by the PDF text-layer reader and the OCR reader: what one page holds before cells are
built — characters or recognised runs with their boxes, and the ruling segments and grids found on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .pdf_grid import Box, Grid, Seg


@dataclass(slots=True)
class Piece:
    """A character (text layer) or a recognised text run (OCR) with its box on the page."""

    text: str
    box: Box
    conf: float | None = None
    angle: float = 0.0  # radians, text layer only
    alt: str | None = None  # OCR: the second most likely reading (xxgk.readers.ocr.recognise)


@dataclass
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    pieces: list[Piece] = field(default_factory=list)
    segs: list[Seg] = field(default_factory=list)
    ocr: bool = False
    grids: list[Grid] = field(default_factory=list)
    image: Any = None  # OCR pages: the prepared (levelled) grey image the coordinates refer to
    notes: list[str] = field(default_factory=list)  # OCR pages: what preparation did or could not do
    unsure: bool = False  # OCR pages: seen in perspective and not squared — every reading on it is doubtful


def garbage_text(pieces: list[Piece]) -> bool:
    """A text layer that is no report text: a scanner's failed OCR layer over a Chinese page (Latin letters,
    digits and punctuation, almost no CJK). Such a page is read by our OCR instead."""
    chars = [p.text for p in pieces if p.text.strip()]
    cjk = sum(1 for c in chars if c and "\u3400" <= c[0] <= "\u9fff")
    return len(chars) >= 8 and cjk < 0.1 * len(chars)
