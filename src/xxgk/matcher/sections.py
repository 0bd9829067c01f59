"""Sections 一–六: where each printed heading is, and the text under it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..readers.document import Document
from .tokens import Token

PREAMBLE_CHARS = 1500


@dataclass
class FoundSection:
    number: int
    heading: str  # as printed
    text: str
    start: int  # offset of the heading in the document text
    end: int


def find_sections(doc: Document, tokens: Sequence[Token]) -> list[FoundSection]:
    """Headings in reading order; a section number is taken once, after the previous section found."""
    heads: list[Token] = []
    last = 0
    for t in tokens:
        if t.kind == "label" and t.label is not None and t.label.kind == "heading" and t.label.section > last:
            # A heading starts its line or follows a sentence end (run-together web text).
            heads.append(t)
            last = t.label.section
    out = []
    if heads and heads[0].start > 0:
        # The preamble (title, 统计期限, contacts) before 一 is kept as section 0; on a web page only its
        # last stretch, so site navigation stays out.
        start = max(0, heads[0].start - PREAMBLE_CHARS)
        out.append(FoundSection(0, "", doc.text[start : heads[0].start].strip(), start, heads[0].start))
    for k, h in enumerate(heads):
        end = heads[k + 1].start if k + 1 < len(heads) else len(doc.text)
        body = doc.text[h.end : end].strip()
        assert h.label is not None
        out.append(FoundSection(h.label.section, doc.text[h.start : h.end].strip(), body, h.start, end))
    return out
