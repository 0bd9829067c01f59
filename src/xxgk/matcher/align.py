"""Aligning runs of cells to the section-三 rows of the template, in order.

Labels printed on a run's own line anchor the alignment; labels on a neighbouring line, or loose between
runs, only hint; rows that lost their label are filled by position. A small dynamic programme (runs × rows)
finds the best order-preserving assignment.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from ..template import Row
from .tokens import Token
from .vectors import Vector

ATTACHED_HIT = 10.0


ATTACHED_MISS = -10.0


LOOSE_HIT = 2.0


SKIP_VECTOR = -4.0


SKIP_ROW = -3.0


def align(vectors: list[Vector], rows: Sequence[Row], loose: dict[int, set[str]]) -> list[tuple[Vector, Row]]:
    """Order-preserving alignment of vectors to rows (labels anchor it; unlabeled rows fill the gaps)."""
    direct = _aligned_by_labels(vectors, rows)
    if direct is not None:
        return direct
    nv, nr = len(vectors), len(rows)
    keys = {r.key for r in rows}
    neg = float("-inf")
    dp = [[neg] * (nr + 1) for _ in range(nv + 1)]
    back: list[list[int]] = [[0] * (nr + 1) for _ in range(nv + 1)]
    dp[0][0] = 0.0
    for i in range(nv + 1):
        for j in range(nr + 1):
            here = dp[i][j]
            if here == neg:
                continue
            if i < nv and j < nr:
                s = here + _pair_score(vectors[i], rows[j], loose.get(i, set()), keys)
                if s > dp[i + 1][j + 1]:
                    dp[i + 1][j + 1] = s
                    back[i + 1][j + 1] = 1
            if i < nv and here + SKIP_VECTOR > dp[i + 1][j]:
                dp[i + 1][j] = here + SKIP_VECTOR
                back[i + 1][j] = 2
            if j < nr and here + SKIP_ROW > dp[i][j + 1]:
                dp[i][j + 1] = here + SKIP_ROW
                back[i][j + 1] = 3
    pairs = []
    i, j = nv, nr
    while i > 0 or j > 0:
        step = back[i][j]
        if step == 1:
            pairs.append((vectors[i - 1], rows[j - 1]))
            i, j = i - 1, j - 1
        elif step == 2:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _aligned_by_labels(vectors: list[Vector], rows: Sequence[Row]) -> list[tuple[Vector, Row]] | None:
    """The common case: every run carries its own row label, in template order — no search needed."""
    index = {r.key: i for i, r in enumerate(rows)}
    out = []
    last = -1
    for v in vectors:
        lab = v.attached.label if v.attached is not None else None
        if lab is None or lab.kind != "row" or lab.table != "applications" or lab.target not in index:
            return None
        i = index[lab.target]
        if i <= last:
            return None
        out.append((v, rows[i]))
        last = i
    return out


def _pair_score(vec: Vector, row: Row, loose_rows: set[str], keys: set[str]) -> float:
    score = 0.0
    lab = vec.attached.label if vec.attached is not None else None
    # A label naming a row of the other （六） shape (the group "（六）其他处理" over three sub-rows) says nothing.
    if lab is not None and lab.kind == "row" and lab.table == "applications" and lab.target in keys and vec.same_line:
        # a bare "总计"/"其他" may be a column header just above the row: it weighs less than a real label
        weight = 0.3 if vec.attached is not None and vec.attached.bare else 1.0
        score += weight * (ATTACHED_HIT if lab.target == row.key else ATTACHED_MISS)
    if row.key in loose_rows:
        score += LOOSE_HIT
    return score


def loose_labels(tokens: Sequence[Token], vectors: list[Vector], region: tuple[int, int]) -> dict[int, set[str]]:
    """For each vector, the section-三 rows whose label is printed loose right before or after it."""
    attached = {id(v.attached) for v in vectors if v.attached is not None and v.same_line}
    starts = [v.first for v in vectors]
    ordered = all(a < b for a, b in itertools.pairwise(starts))  # vectors in token order: bisect them
    out: dict[int, set[str]] = {}
    for k in range(region[0], region[1]):
        t = tokens[k]
        if t.kind != "label" or t.label is None or t.label.table != "applications" or id(t) in attached:
            continue
        if ordered:
            b, a = bisect.bisect_left(starts, k) - 1, bisect.bisect_right(starts, k)
            before, after = (b if b >= 0 else None), (a if a < len(starts) else None)
        else:
            before = max((i for i, s in enumerate(starts) if s < k), default=None)
            after = min((i for i, s in enumerate(starts) if s > k), default=None)
        for i in (before, after):
            if i is not None:
                out.setdefault(i, set()).add(t.label.target)
    return out
