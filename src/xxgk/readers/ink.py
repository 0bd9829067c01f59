"""Runs of ink along a projection profile (the rows or columns of an image region that hold ink).

Both the text lines of a cell (blank pixel rows between them) and the number columns of a rebuilt table
(blank pixel columns between them) are such runs; a run bridges blank stretches up to a tolerance, so that
the gap between two digits, or inside a character, does not split it.
"""

from __future__ import annotations

from collections.abc import Iterable


def ink_runs(profile: Iterable[bool], max_gap: int, min_len: int = 1) -> list[tuple[int, int]]:
    """``(start, end)`` (end exclusive, both ends inked) of each run of ink in ``profile``: inked positions
    joined across at most ``max_gap`` blank ones; a run shorter than ``min_len`` is left out."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for i, dark in enumerate(profile):
        if not dark:
            continue
        if start is not None and i - end > max_gap:
            if end - start >= min_len:
                out.append((start, end))
            start = None
        if start is None:
            start = i
        end = i + 1
    if start is not None and end - start >= min_len:
        out.append((start, end))
    return out
