"""Table-三 rows whose run-together digits split several ways that each balance the row: the column identities
settle them.

Every column obeys T3-01 (本年新收 + 上年结转 = （七）总计 + 结转下年度) and T3-02 (（七）总计 = the sum of the
result rows). A row left in doubt by its own identity is settled when, over all the readings of all the rows in
doubt, the combinations that satisfy every column identity agree on that row's reading.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from ..record import Value
from ..template import APPLICATIONS

MAX_COMBINATIONS = 5_000  # rows in doubt are few, each with few readings; beyond this, leave them flagged
BALANCE = (("new", "carried_over"), ("total", "carried_forward"))  # T3-01: left side = right side


def result_keys(present: Sequence[str]) -> list[str]:
    """Rows summed by T3-02, as printed (the （六） sub-rows or the single row, whichever the table has)."""
    return [r.key for r in APPLICATIONS.rows if r.group and not r.is_total and r.key in present]


def settle_by_columns(rows: Mapping[str, Sequence[Value]], doubt: Mapping[str, Sequence[Sequence[Value]]]) -> dict[str, int]:
    """For rows in ``doubt`` (row key → its candidate readings), the index of the reading every combination
    satisfying the column identities agrees on. Rows not settled are left out; nothing when no combination
    satisfies them (a printed error elsewhere) or there are too many to try."""
    keys = [k for k in doubt if doubt[k]]
    if not keys or _count(doubt, keys) > MAX_COMBINATIONS:
        return {}
    results = result_keys(list(rows))
    checks: list[tuple[list[str], list[str]]] = []
    if all(k in rows for pair in BALANCE for k in pair):
        checks.append((list(BALANCE[0]), list(BALANCE[1])))
    if "total" in rows and results:
        checks.append((["total"], results))
    if not any(k in side for k in keys for lhs, rhs in checks for side in (lhs, rhs)):
        return {}
    width = len(APPLICATIONS.columns)
    agreed: dict[str, set[int]] = {k: set() for k in keys}
    found = False
    for combo in itertools.product(*(range(len(doubt[k])) for k in keys)):
        chosen = dict(zip(keys, combo, strict=True))

        def value(row: str, col: int, chosen: dict[str, int] = chosen) -> int:
            v = doubt[row][chosen[row]][col] if row in chosen else rows[row][col]
            return int(v or 0)

        if all(sum(value(r, c) for r in lhs) == sum(value(r, c) for r in rhs) for lhs, rhs in checks
               for c in range(width)):
            found = True
            for k, i in chosen.items():
                agreed[k].add(i)
    if not found:
        return {}
    return {k: next(iter(ix)) for k, ix in agreed.items() if len(ix) == 1}


def _count(doubt: Mapping[str, Sequence[Sequence[Value]]], keys: list[str]) -> int:
    total = 1
    for k in keys:
        total *= len(doubt[k])
    return total
