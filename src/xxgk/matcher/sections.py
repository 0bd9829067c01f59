"""Sections 一–六: where each printed heading is, and the text under it.

A heading is found by its words (the template's headings, variants and keys) and, where its words are the
report's own, by its place: the next numbered heading (``六、`` after 五) at the start of a line, in order, is
that section whatever it says. The heading kept is the whole printed heading, so the checker quotes it whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..readers.document import Document
from ..template import SECTIONS
from .labels import find_labels, skel
from .tokens import Token

PREAMBLE_CHARS = 1500
HEADING_CHARS = 30  # a heading's own words are short; a longer run is a sentence or a list item
_TAIL_CHARS = 20  # words printed after a recognised heading fragment, up to the line end
# Where a heading's words stop: sentence punctuation, a cell boundary, digits (a table row, a date).
_HEADING_STOP = re.compile(r"[。；！？：:]")
_NOT_HEADING = re.compile(r"[，,\t\d]")


@dataclass
class FoundSection:
    number: int
    heading: str  # as printed
    text: str
    start: int  # offset of the heading in the document text
    end: int


@dataclass
class _Head:
    number: int
    start: int
    end: int


def find_sections(doc: Document, tokens: Sequence[Token]) -> list[FoundSection]:
    """Headings in reading order; a section number is taken once, after the previous section found."""
    heads: list[_Head] = []
    last = 0
    for t in tokens:
        if t.kind == "label" and t.label is not None and t.label.kind == "heading" and t.label.section > last:
            # A heading starts its line or follows a sentence end (run-together web text).
            heads.append(_Head(t.label.section, t.start, _whole_heading(doc.text, t.start, t.end)))
            last = t.label.section
    if heads:
        heads = _numbered_heads(doc.text, heads)
    out = []
    if heads and heads[0].start > 0:
        # The preamble (title, 统计期限, contacts) before 一 is kept as section 0; on a web page only its
        # last stretch, so site navigation stays out.
        start = max(0, heads[0].start - PREAMBLE_CHARS)
        out.append(FoundSection(0, "", doc.text[start : heads[0].start].strip(), start, heads[0].start))
    for k, h in enumerate(heads):
        end = heads[k + 1].start if k + 1 < len(heads) else len(doc.text)
        body = doc.text[h.end : end].strip()
        out.append(FoundSection(h.number, doc.text[h.start : h.end].strip(), body, h.start, end))
    return out


# ---------------------------------------------------------------------------------------------- whole heading
@lru_cache(maxsize=1)
def _standard_headings() -> frozenset[str]:
    """Skeletons of the headings printed whole (canonical wording and the variants of the template)."""
    return frozenset(skel(s.ordinal + w) for s in SECTIONS for w in (s.heading, *s.variants))


def _whole_heading(text: str, start: int, end: int) -> int:
    """End of the printed heading whose words were recognised in ``text[start:end]``.

    A standard heading ends where its words end. A heading recognised by a fragment ("五、存在的主要问题及
    明年工作计划") goes on to the end of its line when the rest of the line is a few words of a heading (no
    sentence punctuation, no numbers); run-together text (heading and body on one line) keeps the fragment.
    """
    if skel(text[start:end]) in _standard_headings():
        return end
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[end:line_end]
    words = rest.strip()
    if not words or len(words) > _TAIL_CHARS or _HEADING_STOP.search(words) or _NOT_HEADING.search(words):
        return end
    return end + len(rest.rstrip())


# ---------------------------------------------------------------------------------------------- by place
@lru_cache(maxsize=8)
def _numbered(number: int) -> re.Pattern[str]:
    """A line starting with the section's ordinal (``六、``, ``六.``), after Markdown/list marks or a sentence."""
    numeral = re.escape(SECTIONS[number - 1].ordinal.rstrip("、.．"))
    return re.compile(rf"(?:^|(?<=[。；！？]))[ \t\u3000#*>]*({numeral}\s*[、.．])", re.M)


def _numbered_heads(text: str, heads: list[_Head]) -> list[_Head]:
    """Add the sections whose heading words are the report's own: the numbered heading in its place.

    For a section not found by its words, the next-numbered line between the sections before and after it
    is its heading, when it reads as one (a few words, no numbers, no table row label).
    """
    found = {h.number: h for h in heads}
    for number in range(1, len(SECTIONS) + 1):
        if number in found:
            continue
        lo = max((h.end for n, h in found.items() if n < number), default=0)
        hi = min((h.start for n, h in found.items() if n > number), default=len(text))
        head = _numbered_heading(text, lo, hi, number)
        if head is not None:
            found[number] = head
    return [found[n] for n in sorted(found)]


def _numbered_heading(text: str, lo: int, hi: int, number: int) -> _Head | None:
    for m in _numbered(number).finditer(text, lo, hi):
        line_end = text.find("\n", m.end(1), hi)
        line_end = hi if line_end < 0 else line_end
        line = text[m.end(1) : line_end]
        stop = _HEADING_STOP.search(line)
        words = (line[: stop.start()] if stop else line).rstrip()
        if not words.strip() or len(words.strip()) > HEADING_CHARS or _NOT_HEADING.search(words):
            continue
        if any(lm.key.kind in ("row", "group") for lm in find_labels(words)):
            continue  # a table row printed with the same ordinal (四、结转下年度继续办理)
        return _Head(number, m.start(1), m.end(1) + len(words))
    return None
