"""The text of an HTML / DOCX / TXT source with the cells' matched spans marked, for the report page.

The source is read again with its reader (the same text the matcher saw, so the cells' character offsets fall
on it); the page shows that text escaped, never the source's own markup — an HTML source must not run here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from ..store.rows import CellRow
from .layout import cell_key

TEXT_FORMATS = frozenset({"html", "mht", "docx", "doc", "txt", "md"})  # the readers with a text, not pages
_CACHE: OrderedDict[str, str] = OrderedDict()
_CACHE_SIZE = 16
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Segment:
    text: str
    cell: str | None = None  # the cell key (table/row/column) this piece was read as, else plain text


def source_text(data: bytes, digest: str, path: str, fmt: str | None) -> str:
    """The decoded text of a source as its reader gives it (cached by content)."""
    with _LOCK:
        if digest in _CACHE:
            _CACHE.move_to_end(digest)
            return _CACHE[digest]
    from ..readers import read_document

    text = read_document(data, path or "-", fmt).text
    with _LOCK:
        _CACHE[digest] = text
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return text


def segments(text: str, cells: list[CellRow]) -> list[Segment]:
    """``text`` cut into plain pieces and the spans cells were read from (overlapping spans: the first wins)."""
    spans = sorted((c.span_start, c.span_end, cell_key(c.table, c.row, c.column)) for c in cells
                   if c.span_start is not None and c.span_end is not None
                   and 0 <= c.span_start < c.span_end <= len(text))
    out: list[Segment] = []
    pos = 0
    for start, end, key in spans:
        if start < pos:
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], key))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out
