"""Helpers shared by the structured readers (HTML, DOCX): cell-text cleaning, assembling the Document text
with field offsets, and the page metadata every reader can look for (title, publication date)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .document import Document, Field, Line


def clean(text: str) -> str:
    """Collapse whitespace runs to one space and strip the ends (an ``&nbsp;``-only cell becomes "")."""
    # str.split() already splits on NBSP, U+3000 and U+2000-U+200A; only the zero-width ones need help.
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(text.split())


def _cjk(ch: str) -> bool:
    # CJK ideographs, radicals, CJK/fullwidth punctuation, and the curly quotes/dashes used in Chinese text.
    o = ord(ch)
    return o >= 0x2E80 or 0x2010 <= o <= 0x2027


def join_segments(segments: list[str]) -> str:
    """Join the paragraphs of a table cell into one line of text.

    Paragraphs are joined by a space, except where both sides of the join are CJK characters: Chinese has no
    word spaces, so a label wrapped over paragraphs belongs together ("商业/企业" -> "商业企业"), and a label
    printed vertically one character per paragraph ("自/然/人") reads "自然人".
    """
    parts = [s for s in (clean(s) for s in segments) if s]
    if not parts:
        return ""
    out = [parts[0]]
    for part in parts[1:]:
        if not (_cjk(out[-1][-1]) and _cjk(part[0])):
            out.append(" ")
        out.append(part)
    return "".join(out)


@dataclass
class Cell:
    text: str
    colspan: int = 1


@dataclass
class Block:
    """A paragraph (``cells is None``) or a table row, before offsets are assigned."""

    text: str = ""
    cells: list[Cell] | None = None
    table: int | None = None


@dataclass
class Blocks:
    """The reading-order blocks of a document as a reader collects them."""

    items: list[Block] = field(default_factory=list)
    tables: int = 0

    def para(self, text: str) -> None:
        text = clean(text)
        if text:
            self.items.append(Block(text=text))

    def new_table(self) -> int:
        self.tables += 1
        return self.tables - 1

    def row(self, cells: list[Cell], table: int) -> None:
        if cells:
            self.items.append(Block(cells=cells, table=table))


def build_document(path: str, fmt: str, data: bytes, blocks: list[Block]) -> Document:
    """Lay the blocks out as text (rows as tab-joined cells) and give every field its offsets."""
    parts: list[str] = []
    lines: list[Line] = []
    pos = 0
    for number, block in enumerate(blocks, start=1):
        if block.cells is None:
            fields = [Field(block.text, start=pos, end=pos + len(block.text))]
            line = Line(fields, kind="text", number=number)
            text = block.text
        else:
            # A tab inside a cell would split it when the text is re-read; it is whitespace anyway.
            values = [c.text.replace("\t", " ") if "\t" in c.text else c.text for c in block.cells]
            text = "\t".join(values)
            fields = []
            cell_pos = pos
            for value, cell in zip(values, block.cells, strict=True):
                end = cell_pos + len(value)
                fields.append(Field(value, cell_pos, end, colspan=cell.colspan))
                cell_pos = end + 1
            line = Line(fields, kind="row", number=number, table=block.table)
        parts.append(text)
        lines.append(line)
        pos += len(text) + 1
    return Document(
        path=path,
        format=fmt,
        text="\n".join(parts),
        lines=lines,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


# --- metadata -------------------------------------------------------------------------------------------------

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
# A visible publication date: 发布时间：2024-01-09, 时间：2024-03-08 15:34, 公开日期 | 2024-01-17 (metadata table).
# Capture/crawl/generation times of saved copies are not publication dates.
_VISIBLE_DATE = re.compile(
    r"(?<!采集)(?<!抓取)(?<!保存)(?<!生成)(?<!访问)(?<!更新)(?<!修改)(?<!打印)"
    r"(?:发布|公开|发文|成文|信息|印发)?(?:时间|日期)\s*[：:\t]\s*" + _DATE
)
_ANY_DATE = re.compile(_DATE)


def iso_date(text: str | None) -> str | None:
    """The first y-m-d date in ``text`` as ISO, when it is a plausible calendar date."""
    if not text:
        return None
    m = _ANY_DATE.search(text)
    return _iso(m) if m else None


def _iso(m: re.Match[str]) -> str | None:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1990 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def visible_published(blocks: list[Block], max_blocks: int = 80) -> str | None:
    """A publication date printed near the top of the document (first ``max_blocks`` lines).

    A date named as published (发布/公开/发文) wins over one named otherwise (成文日期 is the signing date,
    a bare 时间 may be anything), wherever each stands in the metadata table.
    """
    fallback = None
    for block in blocks[:max_blocks]:
        text = block.text if block.cells is None else "\t".join(c.text for c in block.cells)
        if "时间" not in text and "日期" not in text:
            continue
        for m in _VISIBLE_DATE.finditer(text):
            iso = _iso(m)
            if iso and m.group(0).startswith(_PUBLISHED_WORDS):
                return iso
            fallback = fallback or iso
    return fallback


_PUBLISHED_WORDS = ("发布", "公开", "发文")


_TITLE_LABELS = ("名称", "标题", "文件名称", "信息名称", "文章标题")


def table_title(blocks: list[Block], max_blocks: int = 80) -> str | None:
    """The 名称/标题 entry of a document-metadata table (label cell followed by the value cell)."""
    for block in blocks[:max_blocks]:
        cells = block.cells
        if not cells:
            continue
        for i, cell in enumerate(cells[:-1]):
            if cell.text.rstrip("：:") in _TITLE_LABELS and cells[i + 1].text:
                return cells[i + 1].text
    return None


def pick_title(candidates: list[str | None]) -> str | None:
    """The first candidate that reads like a report title (mentions 报告/年报), else the first non-empty one."""
    present = [clean(c) for c in candidates if c and clean(c)]
    for c in present:
        if "报告" in c or "年报" in c:
            return c
    return present[0] if present else None


_TITLE_SEPARATORS = re.compile(r"\s*[_|｜]\s*|\s+[-–—]\s+|-(?=[^-]*$)")


def split_title(text: str) -> str | None:
    """A page title without the site and channel names appended after "_", "-" or "|"."""
    text = clean(text)
    if not text:
        return None
    parts = [p for p in _TITLE_SEPARATORS.split(text) if p.strip()]
    for p in parts:
        if "报告" in p or "年报" in p:
            return p.strip()
    return parts[0].strip() if parts else text
