"""A table grid rebuilt from the text when its ruling lines fail (faint toner, erased, partly missing).

Lines are found in the image with long thin kernels (:mod:`xxgk.readers.ocr`); on a copy whose rules came out
too faint, or are missing in places, no grid (or a grid with cells holding several numbers) is found, and the
numbers of the table would be read as prose: lone zeros as "o" or "。", rows lost. The table is still there
in the text: a row is a line holding a label and numbers set far apart, and the numbers of a column line up
over the rows. From them, virtual ruling lines are drawn — midway between two number rows, midway between two
number columns, and between the labels and the first column — and the grid builder makes cells of them as
of printed lines. Row bands come from the numbers (a label of two lines is centred on its numbers, so it falls
in their band); a label cell keeps every line printed beside its numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from statistics import median
from typing import Any

from .ink import ink_runs
from .pages import Piece
from .pdf_grid import Box, Grid, Seg, cell_at

# how a number cell's text reads when recognised as prose (a lone 0 is often "o" or "。")
NUMBERISH = re.compile(r"^-?[0-9oOQD。.,%]+$")
ROW_GAP = 1.5  # × text height between two pieces of a table row at least (prose runs are closer)
SHORT = 1.6  # × its height: a word this narrow is a number of a few digits (or one or two glyphs)
BLOCK_GAP = 3.0  # × text height between two number rows of one table at most (label lines may sit between)


def numberish(p: Piece) -> bool:
    return bool(NUMBERISH.match(p.text.replace(" ", ""))) and any(ch.isdigit() or ch in "oO。" for ch in p.text)


def _height(p: Piece) -> float:
    return p.box[3] - p.box[1]


def _lines(pieces: list[Piece]) -> list[list[Piece]]:
    from .pdf import group_lines

    return group_lines(pieces)


def table_rows(pieces: list[Piece], h: float) -> list[list[Piece]]:
    """Visual lines that look like a table row: a number (of the table's text height: not a speck or the
    stub of a lost line) among two or more pieces set far apart."""
    out = []
    for line in _lines(pieces):
        if len(line) < 2 or not any(numberish(p) and _height(p) >= 0.6 * h for p in line):
            continue
        gaps = [b.box[0] - a.box[2] for a, b in pairwise(line)]
        if max(gaps) >= ROW_GAP * h:
            out.append(line)
    return out


def _cluster(values: list[float], tol: float) -> list[list[float]]:
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


def _columns(rows: list[list[Piece]], left: float, text: Any, scale: float, h: float) -> list[tuple[float, float]]:
    """(left, right) extent in points of each number column right of ``left``: the runs of ink columns over
    the number rows' heights (the detector may miss a lone 0; its ink is there), split at blank gaps."""
    import numpy as np

    x0 = max(0, int(left / scale))
    seen = np.zeros(text.shape[1] - x0, bool)
    for r in rows:
        nums = [p for p in r if numberish(p)]
        y0, y1 = int(min(p.box[1] for p in nums) / scale), int(max(p.box[3] for p in nums) / scale) + 1
        seen |= text[y0:y1, x0:].any(axis=0)
    gap = max(2, round(0.12 * h / scale))  # blank columns inside a number (between two digits) at most
    out = [((x0 + a) * scale, (x0 + b) * scale) for a, b in ink_runs(seen.tolist(), gap, 2)]
    # the detector read "41" as one word where the ink has a gap between the digits: one column
    words = [p.box for r in rows for p in r if numberish(p)]
    merged: list[tuple[float, float]] = []
    for a, b in out:
        if merged and a - merged[-1][1] < ROW_GAP * h and any(w[0] < merged[-1][1] and w[2] > a for w in words):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    # a column is a number seen by the detector or ink on most rows (not a stub left of a lost line)
    need = max(2, len(rows) // 2) if len(rows) > 1 else 1
    keep = []
    for a, b in merged:
        seen_on = sum(1 for r in rows if _inked(r, a, b, text, scale))
        if seen_on >= need or any(w[0] < b and w[2] > a for w in words):
            keep.append((a, b))
    return keep


def _inked(row: list[Piece], a: float, b: float, text: Any, scale: float) -> bool:
    nums = [p for p in row if numberish(p)]
    y0, y1 = int(min(p.box[1] for p in nums) / scale), int(max(p.box[3] for p in nums) / scale) + 1
    return bool(text[y0:y1, int(a / scale) : int(b / scale) + 1].any())


def _block_segs(rows: list[list[Piece]], others: list[Piece], text: Any, scale: float, h: float) -> list[Seg]:
    """The virtual ruling lines of one table: rows of pieces (each a label and/or numbers), ``others``: the
    pieces not on a number row (label lines between rows)."""
    first_left = min(p.box[0] for r in rows for p in r if numberish(p))
    # a number row's centre: its numbers' (the label beside may be two lines)
    centres = [median([(p.box[1] + p.box[3]) / 2 for p in r if numberish(p)]) for r in rows]
    mids = [(a + b) / 2 for a, b in pairwise(centres)]
    top = centres[0] - max(h, (centres[1] - centres[0]) / 2 if len(centres) > 1 else 0)
    bottom = centres[-1] + max(h, (centres[-1] - centres[-2]) / 2 if len(centres) > 1 else 0)
    band = [p for p in [*(q for r in rows for q in r), *others] if top <= (p.box[1] + p.box[3]) / 2 <= bottom]
    labels = [p for p in band if p.box[2] <= first_left + 0.5 * h and not numberish(p)]
    # numbers are looked for right of the labels (the detector may have missed the first ones)
    cols = _columns(rows, max(p.box[2] for p in labels) + 0.3 * h if labels else 0.0, text, scale, h)
    if not cols:
        return []
    first_left = cols[0][0]
    if labels:
        label_right = max(p.box[2] for p in labels)
        xl = (label_right + first_left) / 2 if label_right < first_left else first_left - 0.3 * h
        left = min(p.box[0] for p in labels) - 0.5 * h
    else:
        xl = left = first_left - (0.5 * (cols[1][0] - cols[0][1]) if len(cols) > 1 else 0.5 * h)
    xs = [left, xl] if labels else [xl]
    xs += [(a[1] + b[0]) / 2 for a, b in pairwise(cols)]
    last_gap = (cols[-1][0] - cols[-2][1]) / 2 if len(cols) > 1 else h
    xs.append(cols[-1][1] + max(last_gap, 0.5 * h))
    ys = [top, *mids, bottom]
    segs = [Seg(x, top, x, bottom, virtual=True) for x in xs]
    segs += [Seg(xs[0], y, xs[-1], y, virtual=True) for y in ys]
    return segs


def _header_between(a: list[Piece], b: list[Piece], others: list[Piece], h: float) -> bool:
    """A line between number rows ``a`` and ``b`` reaching over their number columns: a heading or a column
    header, so ``b`` starts another table (a label's second line stays left of the numbers)."""
    top, bottom = max(p.box[3] for p in a), min(p.box[1] for p in b)
    numbers_left = min(p.box[0] for p in (*a, *b) if numberish(p))
    return any(top < (p.box[1] + p.box[3]) / 2 < bottom and p.box[2] > numbers_left + 0.5 * h for p in others)


def split_words(words: list[Box], text: Any) -> list[Box]:
    """Detected words (pixel boxes) cut where their ink has a gap as wide as a table's: across a lost line
    the detector may take "规章      0" for one word. A word without such a gap is kept as detected."""
    out: list[Box] = []
    for b in words:
        x0, y0, x1, y1 = (max(0, int(v)) for v in b)
        cols = text[y0 : y1 + 1, x0 : x1 + 1].any(axis=0).tolist() if x1 > x0 and y1 > y0 else []
        limit = ROW_GAP * (y1 - y0)
        parts: list[list[int]] = []  # [first, last] inked column of each part
        for i, dark in enumerate(cols):
            if dark:
                if parts and i - parts[-1][1] <= limit:
                    parts[-1][1] = i
                else:
                    parts.append([i, i])
        if len(parts) < 2:
            out.append(b)
            continue
        out.extend((float(x0 + a), b[1], float(x0 + z + 1), b[3]) for a, z in parts)
    return out


def damaged(grid: Grid, words: list[Box], read: Callable[[list[Box]], list[str]]) -> bool:
    """A grid whose lines were partly lost: one of its cells holds two numbers set apart — side by side
    with a gap, or one above the other further than two lines of a label. ``read`` recognises words (a cell
    of a rotated label holds short words one above the other too: they are not numbers)."""
    by_cell: dict[int, list[Box]] = {}
    for b in words:
        height = b[3] - b[1]
        if b[2] - b[0] > SHORT * height:
            continue
        cell = cell_at(grid, (b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
        if cell is not None:
            by_cell.setdefault(id(cell), []).append(b)
    pairs = []
    for boxes in by_cell.values():
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                height = max(a[3] - a[1], b[3] - b[1])
                side = max(a[0], b[0]) - min(a[2], b[2]) >= height
                stacked = abs((a[1] + a[3]) - (b[1] + b[3])) / 2 >= 1.8 * height
                if side or stacked:
                    pairs.append((a, b))
    if not pairs:
        return False
    boxes = list({b for pair in pairs for b in pair})
    number = {b: bool(NUMBERISH.match(t)) and any(ch.isdigit() for ch in t) for b, t in zip(boxes, read(boxes), strict=True)}
    return any(number[a] and number[b] for a, b in pairs)


def rebuild(pieces: list[Piece], grids: list[Grid], text: Any, scale: float) -> list[Seg]:
    """Virtual ruling lines for the tables printed among ``pieces`` (recognised prose runs, in points) that
    no grid in ``grids`` holds; [] when none is seen. ``text``: the page's text ink (bool, no ruling lines),
    ``scale``: points per pixel."""
    free = [p for p in pieces if not any(cell_at(g, (p.box[0] + p.box[2]) / 2, (p.box[1] + p.box[3]) / 2) for g in grids)]
    nums = [p for p in free if numberish(p)]
    if not nums:
        return []
    h = median(_height(p) for p in nums)
    rows = table_rows(free, h)
    if not rows:
        return []
    on_rows = {id(p) for r in rows for p in r}
    others = [p for p in free if id(p) not in on_rows]
    blocks: list[list[list[Piece]]] = [[rows[0]]]
    for r in rows[1:]:
        prev = blocks[-1][-1]
        if min(p.box[1] for p in r) - max(p.box[3] for p in prev) > BLOCK_GAP * h or _header_between(prev, r, others, h):
            blocks.append([r])
        else:
            blocks[-1].append(r)
    segs: list[Seg] = []
    for b in blocks:
        segs.extend(_block_segs(b, others, text, scale, h))
    return segs


LEAN = 0.4  # degrees by which the sides of a page converge: seen in perspective (a tilt of 2° gives ~0.5)


def lean(pieces: list[Piece], grids: list[Grid], width: float) -> float:
    """Degrees by which the sides of a page ``width`` points wide converge, judged from the number columns
    of its tables (the most over ``grids``): 0 on a flat page, however it was skewed (levelling has made its
    columns upright); a photo taken leaning over a page makes each column lean in proportion to its distance
    from the middle (keystone). A line is fitted to the numbers' centres of each column, then the lean of
    the columns against their place across the page."""
    import math

    worst = 0.0
    h = median(_height(p) for p in pieces) if pieces else 0.0
    for g in grids:
        cols: dict[int, list[tuple[float, float]]] = {}
        for p in pieces:
            if not numberish(p):
                continue
            cx, cy = (p.box[0] + p.box[2]) / 2, (p.box[1] + p.box[3]) / 2
            c = cell_at(g, cx, cy)
            if c is not None and c.c0 > 0:  # column 0 holds the labels
                cols.setdefault(c.c0, []).append((cy, cx))
        fits = []  # (column's x, its slope dx/dy)
        for pts in cols.values():
            ys = [y for y, _ in pts]
            if len(pts) < 4 or max(ys) - min(ys) < 10 * h:
                continue
            my, mx = sum(ys) / len(ys), sum(x for _, x in pts) / len(pts)
            var = sum((y - my) ** 2 for y in ys)
            fits.append((mx, sum((y - my) * (x - mx) for y, x in pts) / var))
        if len(fits) >= 3:
            mx = sum(x for x, _ in fits) / len(fits)
            var = sum((x - mx) ** 2 for x, _ in fits)
            ms = sum(s for _, s in fits) / len(fits)
            beta = sum((x - mx) * (s - ms) for x, s in fits) / var  # slope change per point across
            worst = max(worst, abs(math.degrees(math.atan(beta * width))))
    return worst
