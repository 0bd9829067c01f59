"""Which layout section 二 prints (2021 or 2019), decided by every piece of evidence, not by one header.

The printed column headers vote (本年新制作数量 vs 本年制发件数), the rows only one layout has vote
(其他对外管理服务事项, 政府集中采购), the width of the rows both layouts share but print differently votes
(行政许可 with three cells is 2019, 行政事业性收费 with two), and table 三 votes weakly (（六）其他处理 as three
sub-rows is 2021; as one row, 2019 — some 2021 reports print it as one row too, so it only breaks a tie). The
section headings are the same in both formats (reference.md §2.4): they only bound section 二. So a page whose headers
could not be read still lands in the right layout. Everything is read from the template.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..template import ACTIVE_2019, ACTIVE_2021, OTHER_ONE_ROW, OTHER_SUB_ROWS
from .tokens import Token
from .vectors import Vector

HEADER_VOTE = 2  # a printed column header or caption of one layout
ROW_VOTE = 2  # a row only one layout has
WIDTH_VOTE = 1  # a shared row printed with the other layout's number of cells
TABLE3_VOTE = 1  # how （六）其他处理 is printed (a tie-break)


@lru_cache(maxsize=1)
def _only_rows() -> dict[str, str]:
    """Row key -> the layout that alone has it."""
    keys = {"2021": {r.key for r in ACTIVE_2021.rows}, "2019": {r.key for r in ACTIVE_2019.rows}}
    return {k: fmt for fmt, other in (("2021", "2019"), ("2019", "2021")) for k in keys[fmt] - keys[other]}


@lru_cache(maxsize=1)
def _widths() -> dict[str, dict[int, str]]:
    """Shared row key -> {number of cells: layout} where the two layouts print a different number of cells."""
    out: dict[str, dict[int, str]] = {}
    for row in ACTIVE_2021.rows:
        if row.key not in {r.key for r in ACTIVE_2019.rows}:
            continue
        new = len(ACTIVE_2021.row_columns(row))
        old = len(ACTIVE_2019.row_columns(ACTIVE_2019.row(row.key)))
        if new != old:
            out[row.key] = {new: "2021", old: "2019"}
    return out


def detect_active_format(tokens: Sequence[Token], region: tuple[int, int], vectors: Sequence[Vector] = (),
                         applications: tuple[int, int] | None = None) -> str | None:
    """2021 or 2019 from the printed headers, rows and row widths of section 二 (and table 三's （六） rows);
    None when nothing tells."""
    score = {"2021": 0, "2019": 0}
    by_first = {v.first: v for v in vectors}
    only, widths = _only_rows(), _widths()
    for k in range(region[0], min(region[1], len(tokens))):
        t = tokens[k]
        if t.kind != "label" or t.label is None:
            continue
        lab = t.label
        if lab.kind == "marker" and lab.target in ("active_2021", "active_2019"):
            score[lab.target[-4:]] += HEADER_VOTE
        elif lab.kind == "row" and lab.table in ("active", "active_2019"):
            if lab.target in only:
                score[only[lab.target]] += ROW_VOTE
            vec = by_first.get(k + 1)
            if lab.target in widths and vec is not None and len(vec.cells) > 1:
                # One cell says little: run-together digits print three cells as one.
                fmt = widths[lab.target].get(len(vec.cells))
                if fmt is not None:
                    score[fmt] += WIDTH_VOTE
    if applications is not None and score["2021"] == score["2019"] != 0:
        # Only a tie-break: section 二 said something, but not enough.
        targets = {t.label.target for t in tokens[applications[0] : applications[1]]
                   if t.kind == "label" and t.label is not None and t.label.kind == "row"}
        if targets & set(OTHER_SUB_ROWS):
            score["2021"] += TABLE3_VOTE
        elif OTHER_ONE_ROW in targets:
            score["2019"] += TABLE3_VOTE
    if score["2021"] == score["2019"] == 0:
        return None
    return "2021" if score["2021"] >= score["2019"] else "2019"
