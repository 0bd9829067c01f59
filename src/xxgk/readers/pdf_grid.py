"""Ruling lines → table grids with merged cells.

Shared by the text-layer PDF reader (lines from the page's path objects) and the OCR reader (lines found in
the page image). Coordinates are PDF points with the origin at the top left, like :class:`xxgk.readers.document.Field`.

A grid is built per group of touching lines: the distinct x of the vertical lines and y of the horizontal
lines cut the table's box into units; two neighbouring units belong to the same (merged) cell when the line
between them is not drawn. A table cut by a page break often has no closing line at the cut (browsers), so
vertical lines reaching past the last horizontal line add an "open" boundary there.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]


@dataclass
class Seg:
    """An axis-aligned ruling line: horizontal when y0 == y1, vertical when x0 == x1."""

    x0: float
    y0: float
    x1: float
    y1: float
    virtual: bool = False  # not printed: rebuilt from the text columns (xxgk.readers.ocr_textgrid)

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= abs(self.x1 - self.x0)


@dataclass
class Cell:
    r0: int  # first grid row
    r1: int  # one past the last grid row
    c0: int
    c1: int
    box: Box
    open_top: bool = False  # its top / bottom border is not drawn (cut by a page break)
    open_bottom: bool = False

    @property
    def rowspan(self) -> int:
        return self.r1 - self.r0

    @property
    def colspan(self) -> int:
        return self.c1 - self.c0


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    cells: list[Cell] = field(default_factory=list)
    open_top: bool = False  # no ruling line on top: the table continues from the previous page
    open_bottom: bool = False
    units: dict[tuple[int, int], Cell] = field(default_factory=dict, repr=False)  # (row, col) -> cell

    @property
    def box(self) -> Box:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def rows(self) -> list[list[Cell]]:
        """Cells by the grid row they start in, left to right (a rowspan cell appears once)."""
        out: list[list[Cell]] = [[] for _ in range(len(self.ys) - 1)]
        for c in self.cells:
            out[c.r0].append(c)
        for r in out:
            r.sort(key=lambda c: c.c0)
        return out


def _cluster(values: list[float], tol: float) -> list[float]:
    """Merge values closer than ``tol`` into their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def merge_segments(segs: list[Seg], tol: float = 1.5) -> tuple[list[Seg], list[Seg]]:
    """Split into horizontal and vertical lines and join collinear pieces that touch or overlap."""
    hs = sorted((s for s in segs if s.horizontal), key=lambda s: (round(s.y0 / tol), s.x0))
    vs = sorted((s for s in segs if not s.horizontal), key=lambda s: (round(s.x0 / tol), s.y0))

    def join(items: list[Seg], horiz: bool) -> list[Seg]:
        out: list[Seg] = []
        for s in items:
            pos = s.y0 if horiz else s.x0
            a, b = (min(s.x0, s.x1), max(s.x0, s.x1)) if horiz else (min(s.y0, s.y1), max(s.y0, s.y1))
            if out:
                p = out[-1]
                ppos = p.y0 if horiz else p.x0
                pb = p.x1 if horiz else p.y1
                if abs(pos - ppos) <= tol and a <= pb + tol:
                    if horiz:
                        p.x1 = max(p.x1, b)
                    else:
                        p.y1 = max(p.y1, b)
                    continue
            out.append(Seg(a, pos, b, pos) if horiz else Seg(pos, a, pos, b))
        return out

    return join(hs, True), join(vs, False)


def _groups(hs: list[Seg], vs: list[Seg], tol: float) -> list[tuple[list[Seg], list[Seg]]]:
    """Connected groups of lines (a table each): union-find over crossing/touching pairs."""
    n = len(hs)
    parent = list(range(n + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    verticals = [(n + j, v.x0, v.y0 - tol, v.y1 + tol) for j, v in enumerate(vs)]
    for i, h in enumerate(hs):
        left, right, y = h.x0 - tol, h.x1 + tol, h.y0
        for k, x, top, bottom in verticals:
            if left <= x <= right and top <= y <= bottom:
                parent[find(i)] = find(k)
    groups: dict[int, tuple[list[Seg], list[Seg]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(n + j), ([], []))[1].append(v)
    return list(groups.values())


def _lines_at(lines: list[Seg], horiz: bool, pos: float, tol: float) -> list[tuple[float, float]]:
    """The extents of the lines lying on the boundary at ``pos`` (found once per boundary, not per unit)."""
    if horiz:
        return [(s.x0, s.x1) for s in lines if abs(s.y0 - pos) <= tol]
    return [(s.y0, s.y1) for s in lines if abs(s.x0 - pos) <= tol]


def _drawn(extents: list[tuple[float, float]], a: float, b: float) -> bool:
    need = (b - a) * 0.6
    got = 0.0
    for lo, hi in extents:  # the overlap of each line with a..b (conditionals: the hottest loop of grids)
        left = lo if lo > a else a
        right = hi if hi < b else b
        if right > left:
            got += right - left
    return got >= need


def build_grid(hs: list[Seg], vs: list[Seg], tol: float = 2.0, open_margin: float = 6.0) -> Grid | None:
    """The grid of one group of lines, or None when it is not a table (fewer than two cells)."""
    if len(vs) < 2 and len(hs) < 2:
        return None
    xs = _cluster([v.x0 for v in vs], tol)
    ys = _cluster([h.y0 for h in hs], tol)
    if hs:  # horizontal lines wider than the vertical ones: the outer frame is open at the side
        left, right = min(h.x0 for h in hs), max(h.x1 for h in hs)
        if not xs or left < xs[0] - open_margin:
            xs.insert(0, left)
        if right > xs[-1] + open_margin:
            xs.append(right)
    open_top = open_bottom = False
    if vs:
        top, bottom = min(v.y0 for v in vs), max(v.y1 for v in vs)
        if not ys or top < ys[0] - open_margin:
            ys.insert(0, top)
            open_top = True
        if bottom > ys[-1] + open_margin:
            ys.append(bottom)
            open_bottom = True
    if len(xs) < 2 or len(ys) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    # units (r, c) joined with their right / lower neighbour when the line between them is missing
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    on_x = [_lines_at(vs, False, x, tol) for x in xs]  # the drawn lines of each boundary
    on_y = [_lines_at(hs, True, y, tol) for y in ys]
    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _drawn(on_x[c + 1], ys[r], ys[r + 1]):
                parent[find(r * nc + c)] = find(r * nc + c + 1)
            if r + 1 < nr and not _drawn(on_y[r + 1], xs[c], xs[c + 1]):
                parent[find(r * nc + c)] = find((r + 1) * nc + c)
    spans: dict[int, list[int]] = {}
    for r in range(nr):
        for c in range(nc):
            g = spans.setdefault(find(r * nc + c), [r, r, c, c])
            g[0], g[1], g[2], g[3] = min(g[0], r), max(g[1], r), min(g[2], c), max(g[3], c)
    cells = [
        Cell(
            r0,
            r1 + 1,
            c0,
            c1 + 1,
            (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]),
            r0 == 0 and not _drawn(on_y[0], xs[c0], xs[c1 + 1]),
            r1 == nr - 1 and not _drawn(on_y[-1], xs[c0], xs[c1 + 1]),
        )
        for r0, r1, c0, c1 in spans.values()
    ]
    if len(cells) < 2:
        return None
    cells.sort(key=lambda c: (c.r0, c.c0))
    return Grid(xs, ys, cells, open_top, open_bottom)


def find_grids(segs: list[Seg], tol: float = 2.0, min_len: float = 4.0) -> list[Grid]:
    """All tables drawn by ``segs`` (any order), top to bottom."""
    segs = [s for s in segs if abs(s.x1 - s.x0) >= min_len or abs(s.y1 - s.y0) >= min_len]
    hs, vs = merge_segments(segs, tol * 0.75)
    grids = []
    for gh, gv in _groups(hs, vs, tol):
        g = build_grid(gh, gv, tol)
        if g is not None:
            grids.append(g)
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return grids


def cell_at(grid: Grid, x: float, y: float) -> Cell | None:
    """The cell containing the point (a character's centre)."""
    if not (grid.xs[0] <= x <= grid.xs[-1] and grid.ys[0] <= y <= grid.ys[-1]):
        return None
    if not grid.units:
        for cell in grid.cells:
            for r in range(cell.r0, cell.r1):
                for c in range(cell.c0, cell.c1):
                    grid.units[(r, c)] = cell
    return grid.units.get((_index(grid.ys, y), _index(grid.xs, x)))


def _index(bounds: list[float], v: float) -> int:
    i = bisect_right(bounds, v) - 1
    last = len(bounds) - 2
    if i < 0:
        i = 0
    return last if i > last else i
