"""Runs of ink along a projection profile: the one rule that splits a cell's text lines (blank pixel rows)
and a rebuilt table's number columns (blank pixel columns)."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from xxgk.readers.ink import ink_runs
from xxgk.readers.ocr import _text_lines


@given(st.lists(st.booleans(), max_size=60), st.integers(0, 6), st.integers(1, 4))
def test_runs_bridge_gaps_up_to_the_tolerance_and_no_more(profile: list[bool], max_gap: int, min_len: int) -> None:
    every = ink_runs(profile, max_gap)
    inked = [i for i, dark in enumerate(profile) if dark]
    # every inked position is in exactly one run, and each run starts and ends on ink
    assert [i for a, b in every for i in range(a, b) if profile[i]] == inked
    assert all(profile[a] and profile[b - 1] for a, b in every)
    # inside a run no blank stretch is longer than the tolerance; between two runs every one is longer
    for a, b in every:
        ink = [i for i in range(a, b) if profile[i]]
        assert all(j - i - 1 <= max_gap for i, j in pairwise(ink))
    assert all(c - b > max_gap for (_, b), (c, _) in pairwise(every))
    # a minimum length only leaves out the shorter runs
    assert ink_runs(profile, max_gap, min_len) == [(a, b) for a, b in every if b - a >= min_len]


def test_gap_boundary() -> None:
    assert ink_runs([True, False, False, True], 2) == [(0, 4)]
    assert ink_runs([True, False, False, True], 1) == [(0, 1), (3, 4)]
    assert ink_runs([False, True, True, False], 0, 3) == []


def _cell(blank_rows: int) -> np.ndarray:
    """Two 4-pixel-high lines of ink ``blank_rows`` apart in a cell."""
    ink = np.zeros((30, 20), bool)
    ink[5:9, 2:15] = True
    ink[9 + blank_rows : 13 + blank_rows, 4:10] = True
    return ink


def test_cell_lines_part_at_min_gap_blank_rows() -> None:
    box = (0, 0, 20, 30)
    assert _text_lines(_cell(2), box, min_gap=3) == [(2, 5, 15, 15)]
    assert _text_lines(_cell(3), box, min_gap=3) == [(2, 5, 15, 9), (4, 12, 10, 16)]


def test_a_speck_is_not_a_cell_line() -> None:
    ink = _cell(6)
    ink[9 + 6 : 13 + 6] = False
    ink[20:22, 3:6] = True  # two pixel rows high
    assert _text_lines(ink, (0, 0, 20, 30), min_gap=3) == [(2, 5, 15, 9)]
