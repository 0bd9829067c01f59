"""Tokens: a document's lines cut into labels, cells and text, in reading order.

The matcher works on this one stream whatever the source format was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..readers.document import Document, Field
from .cells import BLANK_MARKERS, NUMBER, UNIT, CellToken
from .labels import LabelKey, find_labels, label_keys

HAS_CJK = re.compile(r"[\u2e80-\u9fff]")
BLANK_CHARS = " \t\xa0\u3000\u2002\u2003\u200b\ufeff"
# standalone blank markers inside free text ("/" or "—" printed for an empty cell)
TEXT_BLANK = re.compile(r"(?<!\S)(?:/|／|—|——)(?!\S)")


def _bare_labels() -> dict[str, LabelKey]:
    """Generic row labels ("总计", "其他") that are only trusted in free text with their ordinal."""
    out: dict[str, LabelKey] = {}
    for key in label_keys():
        if key.kind == "row" and key.needs_ordinal:
            out.setdefault(key.key, key)
    return out


@dataclass(slots=True)
class Token:
    kind: str  # label | cell | text | break
    start: int
    end: int
    line: int  # index into the line list (0-based) — tokens of one line share it
    label: LabelKey | None = None
    cell: CellToken | None = None
    text: str = ""
    bare: bool = False  # a generic label printed without its ordinal: only trusted with cells right after it

    @property
    def is_cell(self) -> bool:
        return self.kind == "cell"


BARE_LABELS: dict[str, LabelKey] = {}


def tokenize(doc: Document) -> list[Token]:
    if not BARE_LABELS:
        BARE_LABELS.update(_bare_labels())
    tokens: list[Token] = []
    for li, line in enumerate(doc.lines):
        if line.kind == "blank":
            tokens.append(Token("break", 0, 0, li))
            continue
        given = line.fields
        if len(given) == 1 or (len(given) == 2 and given[0].text == ""):  # (a leading empty field is dropped below)
            only = given[-1]
            digits = only.text.strip(BLANK_CHARS)
            if digits.isdigit() and digits.isascii():  # one number alone on its line: the commonest line
                a = (only.start or 0) + only.text.index(digits)
                tokens.append(Token("cell", a, a + len(digits), li, cell=CellToken(digits, a, a + len(digits), field=only)))
                continue
        fields = list(line.fields)
        # Leading empty fields are indentation or merged label columns, never data; a field holding only
        # spaces (NBSP, U+3000) is a printed blank cell.
        if len(fields) <= 2:
            while fields and fields[0].text == "":
                fields.pop(0)
        if not fields:
            if line.fields and "\t" in doc.text[line.fields[0].start or 0 : line.fields[-1].end or 0]:
                # a line of one tab: an empty cell in one-cell-per-line flattenings
                f = line.fields[-1]
                tokens.append(Token("cell", f.start or 0, f.end or 0, li, cell=CellToken("", f.start or 0, f.end or 0, True, field=f)))
            continue
        structured = line.kind == "row"
        for f in fields:
            toks = _field_tokens(f, li, structured)
            if f.text == "" and toks and toks[0].cell is not None:
                toks[0].cell.weak = True  # an empty piece between separators: a blank cell or just filler
            tokens.extend(toks)
    return tokens


def _field_tokens(f: Field, li: int, structured: bool) -> list[Token]:
    text = f.text
    base = f.start or 0
    stripped = text.strip(BLANK_CHARS)
    if structured and stripped in BLANK_MARKERS:
        return [Token("cell", base, base + len(text), li, cell=CellToken(stripped, base, base + len(text), True, field=f))]
    if stripped.isdigit() and stripped.isascii():  # the common case: one number in a cell
        a = base + text.index(stripped)
        return [Token("cell", a, a + len(stripped), li, cell=CellToken(stripped, a, a + len(stripped), field=f))]
    if structured and stripped in BARE_LABELS:
        # "总计" / "其他" alone in a table cell: the row label printed without its ordinal
        key = BARE_LABELS[stripped]
        return [Token("label", base, base + len(text), li, label=key, text=stripped, bare=True)]
    if not stripped:
        return []
    if len(text) > SHAPE_CACHE_CHARS:
        return _mixed_tokens(text, base, li, f)
    # Label cells and short lines recur in every report: their tokens are worked out once per text.
    out: list[Token] = []
    for kind, a, b, label, piece, cell in _shape(text):
        token = Token(kind, base + a, base + b, li, label=label, text=piece)
        if cell is not None:
            raw, ca, cb, blank, unit = cell
            token.cell = CellToken(raw, base + ca, base + cb, blank, unit, field=f)
        out.append(token)
    return out


SHAPE_CACHE_CHARS = 120  # longer fields (prose) rarely recur: tokenized directly
_CellShape = tuple[str, int, int, bool, str]
_Shape = tuple[tuple[str, int, int, LabelKey | None, str, _CellShape | None], ...]


@lru_cache(maxsize=8192)
def _shape(text: str) -> _Shape:
    """The tokens of a field's text, offsets relative to the field's start (see :func:`_mixed_tokens`)."""
    out = []
    for t in _mixed_tokens(text, 0, 0, None):
        c = t.cell
        cell = None if c is None else (c.text, c.start, c.end, c.blank, c.unit)
        out.append((t.kind, t.start, t.end, t.label, t.text, cell))
    return tuple(out)


def _mixed_tokens(text: str, base: int, li: int, f: Field | None) -> list[Token]:
    """Labels, numbers, blank markers and text runs of one field, in order."""
    out: list[Token] = []
    pos = 0
    labels = find_labels(text) if HAS_CJK.search(text) else []
    for m in labels:
        out.extend(_plain_tokens(text[pos : m.start], base + pos, li, f))
        out.append(Token("label", base + m.start, base + m.end, li, label=m.key, text=text[m.start : m.end]))
        pos = m.end
    out.extend(_plain_tokens(text[pos:], base + pos, li, f))
    return out


def _plain_tokens(text: str, base: int, li: int, f: Field | None) -> list[Token]:
    """Numbers become cells; anything else between them is text."""
    out: list[Token] = []
    if not text.strip(BLANK_CHARS):
        return out  # nothing printed (often the empty piece between two labels)
    pos = 0
    for m in NUMBER.finditer(text):
        _text_run(text[pos : m.start()], base + pos, li, f, out)
        end = m.end()
        unit = ""
        u = UNIT.match(text, end)
        if u:
            unit = u.group(1)
            end = u.end()
        raw = m.group(0)
        out.append(Token("cell", base + m.start(), base + end, li,
                         cell=CellToken(raw, base + m.start(), base + m.start() + len(raw), unit=unit, field=f)))
        pos = end
    _text_run(text[pos:], base + pos, li, f, out)
    return out


def _text_run(text: str, base: int, li: int, f: Field | None, out: list[Token]) -> None:
    if not text.strip(BLANK_CHARS):
        return
    if "/" not in text and "／" not in text and "—" not in text:  # no blank marker can be printed in it
        out.append(Token("text", base, base + len(text), li, text=text))
        return
    pos = 0
    for m in TEXT_BLANK.finditer(text):
        if text[pos : m.start()].strip(BLANK_CHARS):
            out.append(Token("text", base + pos, base + m.start(), li, text=text[pos : m.start()]))
        out.append(Token("cell", base + m.start(), base + m.end(), li,
                         cell=CellToken(m.group(0), base + m.start(), base + m.end(), True, field=f)))
        pos = m.end()
    if text[pos:].strip(BLANK_CHARS):
        out.append(Token("text", base + pos, base + len(text), li, text=text[pos:]))
