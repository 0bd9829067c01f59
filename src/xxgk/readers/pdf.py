"""PDF reader: text layer with pypdfium2, OCR (``xxgk.readers.ocr``) for pages without one.

Per page we take the characters with their boxes and the ruling lines of the path objects, rebuild the
tables with :mod:`xxgk.readers.pdf_grid`, and lay out the rest as text lines. Across pages we drop running
headers/footers and page numbers and join a table cut by a page break (split rows, rowspan labels continued,
repeated headers) so the matcher sees one sequence of rows. pdfplumber is not used: pdfium gives the same
characters and paths about ten times faster.
"""

from __future__ import annotations

import ctypes
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ._pdfium import VOIDP, handle, proto
from .document import Document, Field, Line, ReaderError
from .pages import PageContent, Piece, garbage_text
from .pdf_grid import Box, Grid, Seg, cell_at, find_grids

MAX_PAGES = 60  # a report is rarely longer than 20 pages; stop a 300-page book in bounded time
PAGES_AFTER_TABLES = 3  # pages read after the table of section 四 (sections 五/六 and the signature)
MIN_TEXT_CHARS = 8  # fewer characters on a page with an image: a scanned page, OCR it

_SKIP = {0x20, 0xA0, 0x3000, 0x09, 0x0A, 0x0D, 0x02, 0x03, 0xFFFE, 0xFFFF, 0xAD}


@dataclass
class OutCell:
    text: str
    box: Box
    page: int
    conf: float | None = None
    colspan: int = 1
    rowspan: int = 1
    bottom: bool = False  # touches the bottom of its table part (can continue on the next page)
    open_top: bool = False  # border not drawn: cut by a page break
    open_bottom: bool = False
    alt: str | None = None  # OCR: the second reading of a cell read as one run


@dataclass
class Block:
    """A text line or a table part, in page reading order."""

    page: int
    top: float
    fields: list[OutCell] | None = None  # text line: its word clusters
    rows: list[list[OutCell]] | None = None  # table part
    grid: Grid | None = None
    table: int | None = None


# --- text normalisation -------------------------------------------------------------------------------


_RADICALS: dict[int, str] = {}


def norm_char(s: str) -> str:
    """Kangxi radicals and CJK radical supplements (browser-printed PDFs) → unified ideographs; keep 全角."""
    if not _RADICALS:
        for o in [*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00)]:
            n = unicodedata.normalize("NFKC", chr(o))
            if n != chr(o):
                _RADICALS[o] = n
    return s.translate(_RADICALS)


def _cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def join_text(a: str, b: str, gap: float, height: float) -> str:
    """Join two runs on one line: a space only between Latin/digit runs that are visibly apart."""
    if not a or not b:
        return a + b
    if _cjk(a[-1]) or _cjk(b[0]) or gap < 0.2 * height:
        return a + b
    return a + " " + b


def _join_lines(lines: list[str]) -> str:
    """Lines of one cell: CJK wraps without spaces, Latin words with one."""
    out = ""
    for ln in lines:
        out = join_text(out, ln, 1e9, 1.0) if out else ln
    return out


# --- page extraction (text layer) -----------------------------------------------------------------------


def extract_chars(page: Any, height: float) -> list[Piece]:
    """Every printed character with its box (loose box: the font's em box) and its angle.

    One pass over the text page through the raw API, the pdfium calls bound to locals (the hot loop of the
    reader: a few calls per character, nothing else)."""
    import pypdfium2.raw as raw

    tp = page.get_textpage()
    try:
        t = tp.raw
        n = raw.FPDFText_CountChars(t)
        rect = raw.FS_RECTF()
        rect_ref = ctypes.byref(rect)
        unicode_of, loose_box, angle_of = raw.FPDFText_GetUnicode, raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharAngle
        skip = _SKIP
        out: list[Piece] = []
        pending_high = 0
        for i in range(n):
            u = unicode_of(t, i)
            if u < 0x20 or u in skip:
                continue
            if 0xD800 <= u < 0xE000:
                if u < 0xDC00:  # surrogate pair: keep the high half for the next char
                    pending_high = u
                    continue
                if not pending_high:
                    continue
                u = 0x10000 + ((pending_high - 0xD800) << 10) + (u - 0xDC00)
                pending_high = 0
            if not loose_box(t, i, rect_ref):
                continue
            box = (rect.left, height - rect.top, rect.right, height - rect.bottom)
            if box[2] - box[0] > 40 or box[3] - box[1] > 40:
                box = _ink_square(raw, t, i, height)
            angle = angle_of(t, i)
            ch = chr(u)
            if 0x2E80 <= u < 0x2FE0 or 0xF900 <= u < 0xFB00:
                ch = norm_char(ch)
            out.append(Piece(ch, box, None, angle if angle > 0 else 0.0))
        return out
    finally:
        tp.close()


def _ink_square(raw: Any, t: Any, i: int, height: float) -> Box:
    """Broken font metrics (vertical labels) make the loose box huge: a square on the ink box instead."""
    cl, cr, cb, ct = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    raw.FPDFText_GetCharBox(t, i, cl, cr, cb, ct)
    size = max(cr.value - cl.value, ct.value - cb.value, 2.0)
    cx, cy = (cl.value + cr.value) / 2, height - (cb.value + ct.value) / 2
    return (cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2)


def extract_segments(page: Any, height: float, thin: float = 3.0) -> tuple[list[Seg], int]:
    """Ruling lines from path objects (stroked lines, thin filled rectangles); also count images."""
    import pypdfium2.raw as raw

    segs: list[Seg] = []
    images = 0
    L, B, R, T = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    bounds = (ctypes.byref(L), ctypes.byref(B), ctypes.byref(R), ctypes.byref(T))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    point = (ctypes.byref(x), ctypes.byref(y))
    m = raw.FS_MATRIX()

    fp = ctypes.POINTER(ctypes.c_float)
    get_type = proto("FPDFPageObj_GetType", ctypes.c_int, VOIDP)
    get_bounds = proto("FPDFPageObj_GetBounds", ctypes.c_int, VOIDP, fp, fp, fp, fp)
    get_object = proto("FPDFPage_GetObject", VOIDP, VOIDP, ctypes.c_int)
    form_count = proto("FPDFFormObj_CountObjects", ctypes.c_int, VOIDP)
    form_object = proto("FPDFFormObj_GetObject", VOIDP, VOIDP, ctypes.c_ulong)
    draw_mode = proto("FPDFPath_GetDrawMode", ctypes.c_int, VOIDP, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))
    get_matrix = proto("FPDFPageObj_GetMatrix", ctypes.c_int, VOIDP, ctypes.POINTER(raw.FS_MATRIX))
    count_segments = proto("FPDFPath_CountSegments", ctypes.c_int, VOIDP)
    get_segment = proto("FPDFPath_GetPathSegment", VOIDP, VOIDP, ctypes.c_int)
    segment_point = proto("FPDFPathSegment_GetPoint", ctypes.c_int, VOIDP, fp, fp)
    segment_type = proto("FPDFPathSegment_GetType", ctypes.c_int, VOIDP)
    PATH, IMAGE, FORM = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
    MOVETO = raw.FPDF_SEGMENT_MOVETO

    def visit(obj: int, kind: int, depth: int) -> None:
        nonlocal images
        if kind == IMAGE:
            images += 1
            return
        if kind == FORM and depth < 3:
            for k in range(form_count(obj)):
                sub = form_object(obj, k)
                visit(sub, get_type(sub), depth + 1)
            return
        if kind != PATH or not get_bounds(obj, *bounds):
            return
        w, h = R.value - L.value, T.value - B.value
        if w <= thin or h <= thin:  # a line or a thin filled bar: its centre line
            if w <= thin and h > thin:
                cx = (L.value + R.value) / 2
                segs.append(Seg(cx, height - T.value, cx, height - B.value))
            elif h <= thin and w > thin:
                cy = height - (B.value + T.value) / 2
                segs.append(Seg(L.value, cy, R.value, cy))
            return
        draw_mode(obj, ctypes.byref(fill), ctypes.byref(stroke))
        if not stroke.value:
            return  # a filled background, not a rule
        # a stroked rectangle or polyline: its axis-aligned segments, mapped by the object's matrix
        get_matrix(obj, ctypes.byref(m))
        pts: list[tuple[float, float]] = []
        for k in range(count_segments(obj)):
            sg = get_segment(obj, k)
            segment_point(sg, *point)
            px, py = m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f
            if segment_type(sg) != MOVETO and pts:
                (ax, ay) = pts[-1]
                if abs(ax - px) < 0.5 or abs(ay - py) < 0.5:
                    segs.append(
                        Seg(min(ax, px), height - max(ay, py), max(ax, px), height - min(ay, py))
                        if abs(ax - px) < 0.5
                        else Seg(min(ax, px), height - ay, max(ax, px), height - ay)
                    )
            pts.append((px, py))

    praw = handle(page.raw)
    for k in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = get_object(praw, k)
        kind = get_type(obj)
        if kind != 1:  # text objects are most of a page: nothing more to ask about them
            visit(obj, kind, 0)
    return segs, images


# --- layout: pieces + grids → blocks ----------------------------------------------------------------------


def group_lines(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces on the same visual line (centres within half a line height), left to right, top to bottom."""
    out: list[list[Piece]] = []
    line_cy = line_h = 0.0
    current: list[Piece] = []
    for p in sorted(pieces, key=_centre_key):
        _, top, _, bottom = p.box
        cy, h = (top + bottom) / 2, bottom - top
        if current and cy - line_cy <= 0.5 * (h if h > line_h else line_h):
            current.append(p)
            if h > line_h:
                line_h = h
        else:
            current = [p]
            out.append(current)
            line_cy, line_h = cy, h
    for items in out:
        if len(items) > 1:
            items.sort(key=_left_key)
    return out


def _centre_key(p: Piece) -> float:
    return p.box[1] + p.box[3]


def _left_key(p: Piece) -> float:
    return p.box[0]


def _runs(line: list[Piece], split_gap: float | None) -> list[list[Piece]]:
    """Split a line into clusters at gaps wider than ``split_gap`` × line height."""
    if split_gap is None:
        return [line]
    h = max([p.box[3] - p.box[1] for p in line])
    limit = split_gap * h
    current = [line[0]]
    out: list[list[Piece]] = [current]
    right = line[0].box[2]
    for p in line[1:]:
        if p.box[0] - right > limit:
            current = [p]
            out.append(current)
        else:
            current.append(p)
        right = p.box[2]
    return out


def _text_of(run: list[Piece]) -> str:
    """The text of a run of pieces: a space only between Latin/digit pieces visibly apart (see join_text)."""
    if not run:
        return ""
    first = run[0]
    parts = [first.text]
    last = first.text[-1:]  # last character of the text so far
    right = first.box[2]
    for p in run[1:]:
        t = p.text
        if last and t and last < "\u2e80" and t[0] < "\u2e80":
            h = p.box[3] - p.box[1]
            # OCR boxes are tight around the ink (shorter than a character's em box): a space is wider
            if p.box[0] - right >= 0.2 * (h if p.conf is None else 2 * h):
                parts.append(" ")
        parts.append(t)
        if t:
            last = t[-1]
        right = p.box[2]
    return "".join(parts)


def _union(boxes: list[Box]) -> Box:
    x0s, tops, x1s, bottoms = zip(*boxes, strict=True)
    return (min(x0s), min(tops), max(x1s), max(bottoms))


def _min_conf(pieces: list[Piece]) -> float | None:
    confs = [p.conf for p in pieces if p.conf is not None]
    return min(confs) if confs else None


def cell_text(pieces: list[Piece]) -> str:
    if not pieces:
        return ""
    rotated = sum(1 for p in pieces if 0.7 < p.angle < 2.4 or 3.9 < p.angle < 5.6)
    if rotated * 2 > len(pieces):  # label printed rotated: read along the columns of glyphs
        down = sum(1 for p in pieces if 0.7 < p.angle < 2.4) * 2 > len(pieces)  # pdfium: angles clockwise
        cols: list[list[Piece]] = []
        for p in sorted(pieces, key=lambda p: p.box[0]):
            if cols and p.box[0] < cols[-1][-1].box[2] - 0.5 * (p.box[2] - p.box[0]):
                cols[-1].append(p)
            else:
                cols.append([p])
        # turned clockwise: read top to bottom, lines right to left; anticlockwise: bottom up, left to right
        return "".join(
            "".join(q.text for q in sorted(c, key=lambda q: q.box[1], reverse=not down))
            for c in (cols[::-1] if down else cols)
        )
    return _join_lines([_text_of(ln) for ln in group_lines(pieces)])


def layout_page(pc: PageContent) -> list[Block]:
    """Blocks of one page: its tables and text lines, top to bottom."""
    pc.grids = find_grids(pc.segs)
    in_cell: dict[tuple[int, int], list[Piece]] = {}
    free: list[Piece] = []
    spans = [(gi, g, g.xs[0], g.xs[-1], g.ys[0], g.ys[-1]) for gi, g in enumerate(pc.grids)]
    for p in pc.pieces:
        x0, y0, x1, y1 = p.box
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        for gi, g, left, right, top, bottom in spans:
            if not (left <= cx <= right and top <= cy <= bottom):
                continue  # outside this table: no lookup
            c = cell_at(g, cx, cy)
            if c is not None:
                in_cell.setdefault((gi, id(c)), []).append(p)
                break
        else:
            free.append(p)
    blocks: list[Block] = []
    for gi, g in enumerate(pc.grids):
        last = len(g.ys) - 1
        rows: list[list[OutCell]] = []
        for row in g.rows():
            out = []
            for c in row:
                ps = in_cell.get((gi, id(c)), [])
                out.append(
                    OutCell(
                        cell_text(ps),
                        c.box,
                        pc.number,
                        _min_conf(ps),
                        c.colspan,
                        c.rowspan,
                        c.r1 == last,
                        c.open_top,
                        c.open_bottom,
                        ps[0].alt if len(ps) == 1 else None,
                    )
                )
            if any(o.text for o in out) or not any(o.open_top or o.open_bottom for o in out):
                rows.append(out)
            else:  # an empty band cut by the page break: keep only what may continue a cell of the page before
                rows.append([o for o in out if o.rowspan > 1 or o.bottom])
        blocks.append(Block(pc.number, g.ys[0], rows=rows, grid=g))
    for ln in group_lines(free):
        fields = [
            OutCell(_text_of(run), _union([p.box for p in run]), pc.number, _min_conf(run))
            for run in _runs(ln, 3.0)
        ]
        blocks.append(Block(pc.number, min(f.box[1] for f in fields), fields=fields))
    blocks.sort(key=lambda b: b.top)
    return blocks


# --- across pages: headers/footers, tables over page breaks --------------------------------------------------

_PAGE_NO = re.compile(
    r"^\s*(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,3}|page\s*\d+(?:\s*of\s*\d+)?)\s*$",
    re.I,
)


def _line_text(b: Block) -> str:
    return " ".join(f.text for f in b.fields or [])


def drop_running_lines(pages: list[tuple[PageContent, list[Block]]], margin: float = 0.09) -> int:
    """Remove page numbers and lines repeated in the top/bottom margin of most pages; return the count."""

    def zone(pc: PageContent, b: Block) -> bool:
        assert b.fields is not None
        bottom = max(f.box[3] for f in b.fields)
        return b.top < pc.height * margin or bottom > pc.height * (1 - margin)

    seen: dict[str, set[int]] = {}
    for pc, blocks in pages:
        for b in blocks:
            if b.fields is not None and zone(pc, b):
                seen.setdefault(re.sub(r"\d+", "#", _line_text(b)), set()).add(pc.number)
    need = max(2, (len(pages) + 1) // 2)
    removed = 0
    for pc, blocks in pages:
        keep = []
        for b in blocks:
            if b.fields is not None and zone(pc, b):
                t = _line_text(b)
                if _PAGE_NO.match(t) or (len(pages) > 1 and len(seen[re.sub(r"\d+", "#", t)]) >= need):
                    removed += 1
                    continue
            keep.append(b)
        blocks[:] = keep
    return removed


def _same_x(a: Box, b: Box, tol: float = 3.0) -> bool:
    return abs(a[0] - b[0]) <= tol and abs(a[2] - b[2]) <= tol


def _continues(prev: Block, cur: Block) -> bool:
    assert prev.grid is not None and cur.grid is not None
    if cur.page != prev.page + 1:
        return False
    (a0, _, a1, _), (b0, _, b1, _) = prev.grid.box, cur.grid.box
    overlap = min(a1, b1) - max(a0, b0)
    return overlap >= 0.6 * min(a1 - a0, b1 - b0)


def join_part(table_rows: list[list[OutCell]], prev: Block, cur: Block) -> None:
    """Append the rows of ``cur`` (a table part on the next page) to ``table_rows``."""
    assert prev.grid is not None and cur.grid is not None and cur.rows is not None
    rows = [list(r) for r in cur.rows]
    # a repeated header: the first rows of the part say what the first rows of the table say
    k = 0
    while (
        k < len(rows) and k < len(table_rows) and [c.text for c in rows[k]] == [c.text for c in table_rows[k]]
    ):
        k += 1
    if k and any(c.text for r in rows[:k] for c in r):
        rows = rows[k:]
    elif rows:
        bottom = [c for r in (prev.rows or []) for c in r if c.bottom]
        first = []
        for c in rows[0]:
            p = next((p for p in bottom if _same_x(p.box, c.box)), None)
            # a row cut by the page break, or the empty rest of a rowspan label: one cell, printed once
            cut = p is not None and p.open_bottom and c.open_top
            rest = p is not None and not c.text and bool(p.text) and (p.rowspan > 1 or c.rowspan > 1)
            if p is not None and (cut or rest):
                p.text = _join_lines([p.text, c.text]) if c.text else p.text
                p.alt = None  # a cell joined over the page break: no one second reading of it
                if c.conf is not None:
                    p.conf = c.conf if p.conf is None else min(p.conf, c.conf)
                continue
            first.append(c)
        rows[0] = first
    table_rows.extend(r for r in rows if r)


# --- document assembly --------------------------------------------------------------------------------------


def assemble(path: str, data: bytes, pages: list[tuple[PageContent, list[Block]]]) -> Document:
    ordered: list[tuple[str, Any]] = []  # ("text", Block) | ("table", rows)
    last_table: Block | None = None
    tables: list[list[list[OutCell]]] = []
    prev_block: Block | None = None
    for _pc, blocks in pages:
        for b in blocks:
            if b.grid is not None and b.rows is not None:
                if (
                    prev_block is not None
                    and prev_block is last_table
                    and last_table is not None
                    and _continues(last_table, b)
                ):
                    join_part(tables[-1], last_table, b)
                else:
                    tables.append([list(r) for r in b.rows])
                    ordered.append(("table", len(tables) - 1))
                b.table = len(tables) - 1
                last_table = b
            else:
                ordered.append(("text", b))
            prev_block = b
    parts: list[str] = []
    lines: list[Line] = []
    pos = 0

    def emit(cells: list[OutCell], sep: str, kind: str, table: int | None) -> None:
        nonlocal pos
        fields = []
        for i, c in enumerate(cells):
            if i:
                parts.append(sep)
                pos += len(sep)
            fields.append(Field(c.text, pos, pos + len(c.text), c.page, c.box, c.conf, c.colspan, c.alt))
            parts.append(c.text)
            pos += len(c.text)
        parts.append("\n")
        pos += 1
        lines.append(Line(fields, kind, len(lines) + 1, cells[0].page if cells else None, table))  # type: ignore[arg-type]

    for kind, item in ordered:
        if kind == "text":
            emit(item.fields, " ", "text", None)
        else:
            for row in tables[item]:
                emit(row, "\t", "row", item)
    text = "".join(parts)
    return Document(path, "pdf", text, lines, hashlib.sha256(data).hexdigest(), len(data))


# --- entry points ----------------------------------------------------------------------------------------------


def open_pdf(data: bytes, path: str) -> Any:
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ReaderError(path, f"pypdfium2 is not installed ({exc})") from exc
    if not data.lstrip()[:1024].count(b"%PDF"):
        raise ReaderError(path, "not a PDF file (no %PDF header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4:  # FPDF_ERR_PASSWORD: the empty password was tried
            raise ReaderError(path, "encrypted PDF (a password is required)") from exc
        raise ReaderError(path, f"corrupt or truncated PDF ({exc})") from exc


@dataclass
class Analysis:
    """Everything the reader found, page by page (for ``xxgk debug``) and the document it made."""

    pages: list[PageContent]
    blocks: list[list[Block]]
    document: Document


def analyze(data: bytes, path: str, max_pages: int = MAX_PAGES, only_page: int | None = None) -> Analysis:
    pdf = open_pdf(data, path)
    warnings: list[str] = []
    try:
        total = len(pdf)
        if total == 0:
            raise ReaderError(path, "PDF without pages")
        wanted = [only_page - 1] if only_page else list(range(min(total, max_pages)))
        if not only_page and total > max_pages:
            warnings.append(f"read only the first {max_pages} of {total} pages")
        contents: list[PageContent] = []
        scanned: list[int] = []
        stop_at: int | None = None
        for i in wanted:
            if stop_at is not None and i > stop_at:
                found = stop_at - PAGES_AFTER_TABLES + 1
                warnings.append(f"read {i} of {total} pages: the report tables end on page {found}")
                break
            try:
                page = pdf[i]
            except Exception as exc:
                warnings.append(f"page {i + 1}: cannot be loaded ({exc})")
                continue
            try:
                w, h = page.get_size()
                pc = PageContent(i + 1, w, h)
                pc.pieces = extract_chars(page, h)
                pc.segs, images = extract_segments(page, h)
            finally:
                page.close()
            if images and (len(pc.pieces) < MIN_TEXT_CHARS or garbage_text(pc.pieces)):
                scanned.append(len(contents))
            contents.append(pc)
            if stop_at is None:
                text = "".join([p.text for p in pc.pieces])
                if "行政复议" in text and "行政诉讼" in text and "复议后起诉" in text:
                    stop_at = i + PAGES_AFTER_TABLES
        if not contents:
            raise ReaderError(path, "no page of the PDF could be read")
        ocr_missing: list[int] = []
        if scanned and not _ocr(pdf, path, contents, scanned, warnings):
            ocr_missing = [contents[k].number for k in scanned]
    finally:
        pdf.close()
    pages = [(pc, layout_page(pc)) for pc in contents]
    removed = drop_running_lines(pages)
    doc = assemble(path, data, pages)
    doc.warnings.extend(warnings)
    doc.meta.update(
        {
            "pages": total,
            "pages_read": len(contents),
            "ocr_pages": [contents[k].number for k in scanned],
            "ocr_missing": ocr_missing,  # scanned pages left unread: the ocr extra is not installed
            "ocr_unsure": [pc.number for pc in contents if pc.unsure],  # photos that could not be squared
            "running_lines_removed": removed,
        }
    )
    if not doc.text.strip():
        doc.warnings.append("no text found in the PDF (no text layer and no OCR)")
    return Analysis(contents, [b for _, b in pages], doc)


def _ocr(pdf: Any, path: str, contents: list[PageContent], scanned: list[int], warnings: list[str]) -> bool:
    """OCR the scanned pages; False when OCR is not installed (the warning says how to install it)."""
    from . import ocr

    return ocr.ocr_pages(pdf, path, [contents[k] for k in scanned], warnings)


def read(data: bytes, path: str) -> Document:
    return analyze(data, path).document
