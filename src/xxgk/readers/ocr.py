"""OCR for PDF pages without a text layer (rapidocr-onnxruntime: models ship in the wheel, nothing downloads).

A page is rendered with pypdfium2; ruling lines are found in the image (morphological opening with long thin
kernels) and turned into the same grids as the text layer (:mod:`xxgk.readers.pdf_grid`). Text is found by
the detector on a reduced image (fast), each detected run is cut at the table's cell borders and recognised
at full resolution, and a cell with ink but no detected run (a lone small digit) is recognised as a whole.
The pieces go through the same layout as text-layer characters, so OCR tables give the same row lines; every
piece keeps its recognition score as ``confidence``.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .imageprep import UNSQUARED, Prepared, prepare
from .ink import ink_runs
from .ocr_rec import Reader, Reading
from .ocr_textgrid import LEAN, damaged, lean, rebuild, split_words
from .pages import PageContent, Piece
from .pdf_grid import Grid, Seg, cell_at, find_grids

DPI = 150  # pages without a scanned image (vector drawings): 150 is enough for 10.5pt CJK
MIN_DPI, MAX_DPI = 150, 300  # a scan is read at its own resolution within these bounds
DET_SCALE = 0.6  # detection finds runs on a 90 dpi copy; recognition reads them at full resolution
MAX_OCR_PAGES = 30
WORKERS = 2
LOW_CONFIDENCE = 0.80  # a digit read with less is reported in the warnings (and read a second time)
UNSQUARED_CONFIDENCE = 0.6  # at most, on a page seen in perspective that could not be squared
SECOND_LOOK_MARGIN = 0.3  # × the run's height of paper around a run read again

_ENGINE: Any = None
_READER: Reader | None = None


def engine() -> Any:
    """The rapidocr engine, created once (loading the models takes ~0.3 s)."""
    global _ENGINE
    if _ENGINE is None:
        from rapidocr_onnxruntime import RapidOCR

        # one thread per session: pages run two at a time, and more threads than cores make onnxruntime spin
        _ENGINE = RapidOCR(
            intra_op_num_threads=1,
            inter_op_num_threads=1,
            det_intra_op_num_threads=1,
            rec_intra_op_num_threads=1,
        )
        # PaddleOCR pads every crop to at least 320 px wide at 48 high; most table cells hold one or two
        # digits, and a 96 px minimum reads them as well at 2.5 times the speed (measured on the scans)
        _ENGINE.text_rec.rec_image_shape = [3, 48, 96]
    return _ENGINE


def reader() -> Reader:
    """The recogniser with number-aware decoding (:mod:`xxgk.readers.ocr_rec`) over the engine's model."""
    global _READER
    if _READER is None:
        _READER = Reader(engine())
    return _READER


def native_dpi(page: Any) -> int:
    """The resolution of the largest image on the page (a scan), within MIN_DPI..MAX_DPI; DPI without one.

    Rendering a 300 dpi scan at 150 dpi and reading it back would lose what the scanner saw."""
    import pypdfium2.raw as raw

    best, dpi = 0.0, float(DPI)
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            w_px, _ = obj.get_px_size()
            left, _, right, _ = obj.get_bounds()
        except Exception:  # an image pdfium cannot decode: keep the default
            continue
        if right - left > best and w_px > 0:
            best, dpi = right - left, w_px / ((right - left) / 72)
    return round(min(max(dpi, MIN_DPI), MAX_DPI))


def render_gray(pdf: Any, index: int, dpi: int | None = None) -> Any:
    """Page ``index`` (0-based) as a grayscale numpy array, at ``dpi`` (default: the scan's own)."""
    page = pdf[index]
    try:
        img = page.render(scale=(dpi or native_dpi(page)) / 72, grayscale=True).to_numpy()
    finally:
        page.close()
    return img[:, :, 0] if img.ndim == 3 else img


def line_masks(ink: Any, scale: float) -> tuple[Any, Any]:
    """The horizontal and the vertical ruling-line pixels of a binary ink mask (long thin openings)."""
    import cv2

    k = max(20, round(18 / scale))  # at least ~18 pt long: longer than any stroke of a glyph
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    return horiz, vert


def find_lines(ink: Any, scale: float, masks: tuple[Any, Any] | None = None) -> list[Seg]:
    """Ruling lines in a binary ink mask (0/255) of a levelled page, in points (``scale`` = points per pixel).

    A line broken by noise or faint printing comes out in pieces that the grid builder joins; a line slightly
    curved or left a little skewed is kept when it stays thin for its length. (No closing along the lines
    first: it joins the strokes of a CJK text line into a false rule.)"""
    import cv2

    segs: list[Seg] = []
    thick = max(6, round(3 / scale))  # a ruling line is at most ~3 pt thick (doubled lines merge)
    for horiz, mask in zip((True, False), masks or line_masks(ink, scale), strict=True):
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for i in range(1, n):
            x, y, w, h = (int(v) for v in stats[i][:4])
            if horiz and h <= thick + w * 0.004:
                cy = (y + h / 2) * scale
                segs.append(Seg(x * scale, cy, (x + w) * scale, cy))
            elif not horiz and w <= thick + h * 0.004:
                cx = (x + w / 2) * scale
                segs.append(Seg(cx, y * scale, cx, (y + h) * scale))
    return segs


def text_mask(
    gray: Any, ink: Any, masks: tuple[Any, Any], scale: float, level: int = 170
) -> tuple[Any, Any, Any]:
    """Text ink (bool), faint text ink (bool) and specks (bool) of a prepared page.

    Text is darker than ``level`` on the flattened page (the background is white everywhere, so one grey
    level serves): dark enough that a box around a lone digit stays tight. Faint text is the adaptive ink
    mask: a thin minus sign blurred by a copier is only there. Neither holds ruling lines or specks of dust
    and noise (components smaller than a decimal point)."""
    import cv2
    import numpy as np

    lines = cv2.dilate(masks[0] | masks[1], cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))) > 0
    small = max(3, round(3 * (0.48 / scale) ** 2))  # a decimal point is ~4 px at 150 dpi
    out = []
    for mask in (gray < level, ink > 0):
        m = (mask & ~lines).astype(np.uint8)
        _, labels, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=8)
        tiny = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] < small)
        tiny = tiny[tiny > 0]
        specks = np.isin(labels, tiny) if tiny.size else np.zeros(m.shape, bool)
        out.append(((m > 0) & ~specks, specks))
    return out[0][0], out[1][0], out[0][1]


def _with_sign(faint: Any, box: PxBox) -> PxBox:
    """``box`` widened to a minus sign just left of it (a short flat mark at mid-height in the faint ink)."""
    import numpy as np

    x0, y0, x1, y1 = (int(v) for v in box)
    h = y1 - y0
    if h < 4 or x0 < 2:
        return box
    left = max(0, x0 - int(1.2 * h))
    region = faint[y0:y1, left:x0]
    cols = np.flatnonzero(region.any(axis=0))
    runs: list[list[int]] = []  # runs of marked columns, right to left
    for c in cols[::-1].tolist():
        if runs and runs[-1][-1] - c <= 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    if runs and runs[0][0] >= x0 - left - 3:  # the faint edge of the number's own first glyph
        runs = runs[1:]
    if not runs or x0 - (left + runs[0][0]) > 0.6 * h:
        return box
    run = runs[0]
    rows = np.flatnonzero(region[:, run[-1] : run[0] + 1].any(axis=1))
    width, height, mid = len(run), rows[-1] - rows[0] + 1, (rows[0] + rows[-1]) / 2
    if 0.25 * h <= width <= 1.0 * h and height <= 0.3 * h and 0.3 * h <= mid <= 0.8 * h:
        return (left + run[-1], y0, x1, y1)
    return box


def _det_boxes(gray: Any, px: float = 1.0) -> list[PxBox]:
    """Text runs (pixel boxes x0, y0, x1, y1) found on a reduced copy of the page (``px``: pixels per pixel
    at 150 dpi; the detector sees the same size whatever the scan's resolution)."""
    import cv2

    f = DET_SCALE / px
    small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    boxes, _ = engine().text_det(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
    out = []
    for b in boxes if boxes is not None else []:
        # the detector gives float32 arrays: plain floats here, so no numpy scalar reaches the record
        xs, ys = [float(p[0]) / f for p in b], [float(p[1]) / f for p in b]
        out.append((min(xs), min(ys), max(xs), max(ys)))
    return out


PxBox = tuple[float, float, float, float]


def _ink_box(text: Any, box: PxBox, pad: int = 4) -> PxBox | None:
    """The bounding box of the text pixels inside ``box`` shrunk by ``pad`` (off the ruling lines)."""
    import numpy as np

    h, w = text.shape
    x0, y0 = max(int(box[0]) + pad, 0), max(int(box[1]) + pad, 0)
    x1, y1 = min(int(box[2]) - pad, w), min(int(box[3]) - pad, h)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return None
    dark = text[y0:y1, x0:x1]
    if int(dark.sum()) < 6:
        return None
    rows, cols = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    return (x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1)


def _crop(gray: Any, box: PxBox, margin: float = 0.0) -> Any:
    """A crop of ``box`` with a margin of ``margin`` × its height (at least 2 px).

    The recogniser reads a lone digit of a clean scan best tight (no white around it); one blurred by a
    copier can read better with some paper around it (tight, a blurred 0 may look like a squashed o)."""
    import cv2

    h, w = gray.shape
    m = max(2, round((box[3] - box[1]) * margin))
    x0, y0 = max(int(box[0]) - m, 0), max(int(box[1]) - m, 0)
    x1, y1 = min(int(box[2]) + m, w), min(int(box[3]) + m, h)
    return cv2.cvtColor(gray[y0:y1, x0:x1], cv2.COLOR_GRAY2BGR)


def recognise(gray: Any, runs: list[PxBox], numeric: list[bool]) -> list[Reading]:
    """Text, confidence and second reading of each run (``numeric``: a table cell's run, read as a number
    when it looks like one). A run read with low confidence is read again with paper around it: the surer
    reading is kept, and the other one, when it differs, is the second reading (else the recogniser's
    runner-up digit). A second reading never replaces the first: the matcher only marks and lists a cell
    whose other reading makes the table's totals hold."""
    rd = reader()
    out = rd.read([_crop(gray, r) for r in runs], numeric)
    again = [i for i, r in enumerate(out) if r.conf < LOW_CONFIDENCE]
    if again:
        second = rd.read([_crop(gray, runs[i], SECOND_LOOK_MARGIN) for i in again], [numeric[i] for i in again])
        for i, look in zip(again, second, strict=True):
            first = out[i]
            keep, other = (look, first) if look.conf > first.conf else (first, look)
            alt = other.text if other.text.strip() and other.text != keep.text else keep.alt
            out[i] = Reading(keep.text, keep.conf, alt)
    return [Reading(r.text.strip(), r.conf, r.alt.strip() if r.alt else None) for r in out]


def _text_lines(text: Any, box: PxBox, min_gap: int = 3) -> list[PxBox]:
    """Split the ink of a cell into its text lines by the blank pixel rows between them (``min_gap`` of them
    part two lines; a line less than 3 pixels high is a speck)."""
    import numpy as np

    x0, y0, x1, y1 = (int(v) for v in box)
    out: list[PxBox] = []
    for start, end in ink_runs(text[y0:y1, x0:x1].any(axis=1).tolist(), min_gap - 1, 3):
        top, bottom = y0 + start, y0 + end
        cols = np.flatnonzero(text[top:bottom, x0:x1].any(axis=0))
        if cols.size:
            out.append((x0 + int(cols[0]), top, x0 + int(cols[-1]) + 1, bottom))
    return out


def _prose_runs(text: Any, grids: list[Grid], det: list[PxBox], scale: float) -> list[PxBox]:
    """The detected text lines outside tables, cut to bound the cost (a cut may split a character: prose only
    feeds the metadata)."""
    prose = [
        b
        for b in det
        if not any(cell_at(g, (b[0] + b[2]) / 2 * scale, (b[1] + b[3]) / 2 * scale) for g in grids)
    ]
    return [piece for b in prose for piece in _chunks(text, b)]


def _cell_runs(text: Any, faint: Any, grids: list[Grid], scale: float) -> list[PxBox]:
    """The ink lines of every cell. In a cell the detector is not needed (and misses lone small digits): the
    ruling lines bound the text and blank pixel rows separate its lines; cell lines are short enough whole,
    and their labels must read right."""
    runs: list[PxBox] = []
    res = 0.48 / scale  # pixels per pixel at 150 dpi
    for g in grids:
        for c in g.cells:
            px = (c.box[0] / scale, c.box[1] / scale, c.box[2] / scale, c.box[3] / scale)
            ink = _ink_box(text, px, round(4 * res))
            if ink is not None:
                runs.extend(_with_sign(faint, ln) for ln in _text_lines(text, ink, max(3, round(3 * res))))
    return runs


def _chunks(text: Any, box: PxBox, ratio: float = 14.0) -> list[PxBox]:
    """Cut a long line at blank columns into pieces at most ``ratio`` times as wide as high.

    The recogniser's attention costs grow faster than the width, and a batch is padded to its widest crop.
    The cut goes through the widest blank gap near the target: gaps inside a character (月|卩 in 服) are
    narrower than the gaps between characters."""
    x0, y0, x1, y1 = (int(v) for v in box)
    h = max(y1 - y0, 1)
    if x1 - x0 <= ratio * h:
        return [box]
    cols = text[y0:y1, x0:x1].any(axis=0).tolist()
    out: list[PxBox] = []
    start = 0
    while x1 - x0 - start > ratio * h:
        lo, hi = start + int(ratio * h * 0.6), start + int(ratio * h)
        best, best_len, run = start + int(ratio * h * 0.8), 0, 0
        for i in range(lo, hi):
            run = 0 if cols[i] else run + 1
            if run > best_len:
                best, best_len = i - run // 2, run
        out.append((x0 + start, y0, x0 + best, y1))
        start = best
    out.append((x0 + start, y0, x1, y1))
    # trim each piece to its ink so that the gap at a cut stays visible (a space between Latin/digit runs)
    trimmed: list[PxBox] = []
    for a, top, b, bottom in out:
        ink = [i for i in range(int(a) - x0, int(b) - x0) if cols[i]]
        if ink:
            trimmed.append((x0 + ink[0], top, x0 + ink[-1] + 1, bottom))
    return trimmed


def _pieces(gray: Any, runs: list[PxBox], numeric: bool, scale: float) -> list[Piece]:
    """The runs recognised, in points (empty readings dropped)."""
    return [
        Piece(rd.text, (float(r[0]) * scale, float(r[1]) * scale, float(r[2]) * scale, float(r[3]) * scale), rd.conf,
              alt=rd.alt)
        for r, rd in zip(runs, recognise(gray, runs, [numeric] * len(runs)), strict=True)
        if rd.text
    ]


def ocr_page(gray: Any, width: float, height: float) -> tuple[list[Piece], list[Seg], Prepared]:
    """Pieces (text runs with confidence) and ruling lines of one page image, and the prepared image.

    Coordinates are those of the prepared (levelled, squared) page: the layout only needs them consistent.
    Prose is read first: when it holds a table whose ruling lines were not found, the grid is rebuilt from
    its text columns (virtual lines, :mod:`xxgk.readers.ocr_textgrid`) and its cells are read as cells."""
    prep = prepare(gray)
    gray = prep.gray
    scale = width / gray.shape[1]  # points per pixel
    masks = line_masks(prep.ink, scale)
    segs = find_lines(prep.ink, scale, masks)
    grids = find_grids(segs)
    text, faint, specks = text_mask(gray, prep.ink, masks, scale)
    gray[specks] = 255  # dust off: the recogniser reads a speck beside a digit as another character
    det = split_words(_det_boxes(gray, 0.48 / scale), text)  # "规章   0" across a lost line: two runs
    words = [(b[0] * scale, b[1] * scale, b[2] * scale, b[3] * scale) for b in det]

    def read(boxes: list[PxBox]) -> list[str]:
        px = [(b[0] / scale, b[1] / scale, b[2] / scale, b[3] / scale) for b in boxes]
        return [r.text for r in recognise(gray, px, [True] * len(px))]

    if any(damaged(g, words, read) for g in grids):
        # lines partly lost: what is left of them cuts the tables into fragments, so the page is read as if
        # it had none (its tables rebuilt from their text below)
        segs, grids = [], []
    prose = _pieces(gray, _prose_runs(text, grids, det, scale), False, scale)
    virtual = rebuild(prose, grids, text, scale)
    if virtual:
        segs = [*segs, *virtual]
        grids = find_grids(segs)
        prep.notes.append("table ruling lines not found: grid rebuilt from the text columns")
        if lean(prose, grids, width) >= LEAN:  # no border to square the page from (imageprep), and it is not flat
            prep.flat = False
            prep.notes.append(UNSQUARED)
        prose = [p for p in prose if not any(cell_at(g, (p.box[0] + p.box[2]) / 2, (p.box[1] + p.box[3]) / 2) for g in grids)]
    return prose + _pieces(gray, _cell_runs(text, faint, grids, scale), True, scale), segs, prep


def ocr_pages(pdf: Any, path: str, pages: list[PageContent], warnings: list[str]) -> bool:
    """Fill ``pieces``/``segs`` of the given pages (no text layer) by OCR, two pages at a time; False when
    OCR is not installed (the optional extra)."""
    try:
        engine()
    except ImportError as exc:
        warnings.append(
            f"{len(pages)} page(s) have no text layer and OCR is not installed ({exc}): pip install 'xxgk[ocr]'"
        )
        return False
    if len(pages) > MAX_OCR_PAGES:
        warnings.append(f"OCR of the first {MAX_OCR_PAGES} of {len(pages)} pages without text layer only")
        pages = pages[:MAX_OCR_PAGES]
    images = [render_gray(pdf, pc.number - 1) for pc in pages]  # pdfium is not thread-safe: render first
    dpis = sorted({round(img.shape[1] / pc.width * 72) for pc, img in zip(pages, images, strict=True)})

    def one(k: int) -> None:
        pc = pages[k]
        pc.pieces, pc.segs, prep = ocr_page(images[k], pc.width, pc.height)
        pc.ocr = True
        pc.image = prep.gray
        pc.notes.extend(prep.notes)
        if not prep.flat:  # rows bend, columns lean: no reading on it is sure, whatever the recogniser says
            pc.unsure = True
            for p in pc.pieces:
                p.conf = min(p.conf if p.conf is not None else 1.0, UNSQUARED_CONFIDENCE)

    # onnxruntime releases the GIL: overlap the Python work of one page with the inference of another
    with ThreadPoolExecutor(max_workers=max(1, min(WORKERS, os.cpu_count() or 1))) as pool:
        list(pool.map(one, range(len(pages))))
    low = [
        f"p{pc.number} {p.text!r} ({p.conf:.2f})"
        for pc in pages
        for p in pc.pieces
        if p.conf is not None and p.conf < LOW_CONFIDENCE and any(ch.isdigit() for ch in p.text)
    ]
    warnings.append(
        f"OCR of {len(pages)} page(s) without text layer at {'/'.join(map(str, dpis))} dpi; "
        "check low-confidence cells"
    )
    if low:
        warnings.append("low-confidence OCR digits: " + ", ".join(low[:40]))
    notes = [f"p{pc.number}: {n}" for pc in pages for n in pc.notes]
    if notes:
        warnings.append("OCR image preparation: " + "; ".join(notes))
    return True
