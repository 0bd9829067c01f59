"""The text reader: plain text and Markdown, in every flattening met in real reports.

It only decodes and cuts lines into fields at the separators the flattening shows (tabs, Markdown pipes,
" |" cell endings); finding labels and values is the matcher's job.
"""

from __future__ import annotations

import hashlib
import re

from .document import Document, Field, Line, ReaderError

MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—－–]\s*\d{1,4}\s*[-—－–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
CELL_END = re.compile(r"\s\|")
MAX_BYTES = 50 * 1024 * 1024


def decode(data: bytes, path: str) -> tuple[str, str | None]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; returns text and a warning."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), None
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") > len(text) * 0.05:
            raise ReaderError(path, "text in an unknown encoding (not UTF-8 or GB18030)") from None
        return text, "some bytes are not valid UTF-8 and were replaced"


def split_fields(line: str) -> tuple[list[tuple[int, int]], str]:
    """Field spans of one line and the line kind ("row" when cell boundaries are explicit)."""
    if "|" not in line and "\t" not in line:
        return [(0, len(line))], "text"
    if "\t" in line:
        return _spans(line, "\t"), "row"
    stripped = line.strip()
    if line.startswith("|") and stripped.count("|") >= 2:
        spans = _spans(line, "|")
        # drop the empty pieces outside the outer pipes
        if spans and not line[spans[0][0] : spans[0][1]].strip():
            spans = spans[1:]
        if spans and not line[spans[-1][0] : spans[-1][1]].strip():
            spans = spans[:-1]
        return spans, "row"
    if CELL_END.search(line) or stripped.endswith("|"):
        # One cell per line ending in " |", with colspan fillers "| |||": the cell is before the first pipe.
        first = line.index("|")
        if not line[first:].replace("|", "").strip():
            return [(0, first)], "row"  # the common case: one cell, then only pipes and spaces
        spans = _spans(line, "|")
        while len(spans) > 1 and not line[spans[-1][0] : spans[-1][1]].strip():
            spans.pop()
        return spans[:1] if len(spans) == 1 or not any(line[a:b].strip() for a, b in spans[1:]) else spans, "row"
    return [(0, len(line))], "text"


def _spans(line: str, sep: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for piece in line.split(sep):
        out.append((pos, pos + len(piece)))
        pos += len(piece) + len(sep)
    return out


def read(data: bytes, path: str) -> Document:
    if len(data) > MAX_BYTES:
        raise ReaderError(path, f"file too large for a report ({len(data) // 1024 // 1024} MB)")
    text, warning = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    fmt = "md" if path.lower().endswith((".md", ".markdown")) or re.search(r"^#{1,6} ", text, re.M) else "txt"
    doc = Document(path=path, format=fmt, text=text, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    if warning:
        doc.warnings.append(warning)
    lines = doc.lines
    pos = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        start = pos
        pos += len(raw) + 1
        if not raw.strip(" \u3000\xa0"):
            # An empty line breaks a row; a line of only tabs is an empty placeholder cell, not a break.
            lines.append(Line([], "blank" if "\t" not in raw else "text", number))
            continue
        if ("-" in raw and MD_SEPARATOR.match(raw)) or (len(raw) < 24 and _maybe_page_number(raw)):
            continue
        if "\t" in raw:  # tab-separated cells (the commonest row form): one field per piece
            fields = []
            a = start
            for piece in raw.split("\t"):
                fields.append(Field(piece, a, a + len(piece)))
                a += len(piece) + 1
            lines.append(Line(fields, "row", number))
        elif "|" not in raw:
            lines.append(Line([Field(raw, start, start + len(raw))], "text", number))
        else:
            first = raw.find("|")
            if first > 0 and not raw[first:].replace("|", "").strip():
                # one cell per line ending in " |" (and colspan fillers "| |||"): the cell before the pipes
                lines.append(Line([Field(raw[:first], start, start + first)], "row", number))
                continue
            spans, kind = split_fields(raw)
            fields = [Field(raw[a:b], start + a, start + b) for a, b in spans]
            lines.append(Line(fields, kind, number))  # type: ignore[arg-type]
    return doc


def _maybe_page_number(raw: str) -> bool:
    # every form of PAGE_NUMBER holds a dash, 页 or a slash: most short lines (a lone number) skip the regex
    return ("-" in raw or "/" in raw or "页" in raw or "—" in raw or "－" in raw or "–" in raw) and (
        PAGE_NUMBER.match(raw) is not None
    )
