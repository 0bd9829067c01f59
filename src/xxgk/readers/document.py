"""What a reader hands to the matcher: a document as positioned lines of fields, and its plain text.

Every reader (text, HTML, DOCX, PDF, OCR) turns its input into one :class:`Document`; the one matcher
(:mod:`xxgk.matcher`) maps it onto the template. ``Document.text`` is a faithful plain-text rendition (table
rows as tab-separated cells) and every :class:`Field` carries its offsets in that text, plus page and box
where the format has them, so each cell of the record can point back at the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

LineKind = Literal["text", "row", "blank"]


@dataclass(slots=True)
class Field:
    """One cell of a table row, or one run of text on a line."""

    text: str
    start: int | None = None  # offsets in Document.text (end exclusive)
    end: int | None = None
    page: int | None = None  # 1-based
    box: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points
    confidence: float | None = None  # OCR confidence, 0..1
    colspan: int = 1  # a structured cell spanning several grid columns
    alt: str | None = None  # OCR: a second likely reading of the whole field (never used in its place)


@dataclass(slots=True)
class Line:
    """A line of text or a table row.

    ``kind`` is "row" when the reader knows the cell boundaries (an HTML/DOCX/PDF table row, a tab-separated or
    pipe-separated line), "text" for a run of prose or an unstructured line, "blank" for an empty line (a row
    break in flattened tables).
    """

    fields: list[Field]
    kind: LineKind = "text"
    number: int = 0  # 1-based line number in Document.text
    page: int | None = None
    table: int | None = None  # index of the source table for structured readers (HTML/DOCX/PDF)


@dataclass
class Document:
    """A document as the matcher sees it."""

    path: str
    format: str  # pdf | docx | html | md | txt
    text: str
    lines: list[Line] = field(default_factory=list)
    sha256: str | None = None
    size: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. {"title": ..., "published": "2024-01-05"}
    warnings: list[str] = field(default_factory=list)


class ReaderError(Exception):
    """A file that cannot be read: the message names the file and the reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def lines_from_text(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line) for each line of ``text``; offsets index ``text``."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        out.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out
