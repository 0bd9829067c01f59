"""Invariants of the pieces the report page is made of: a text source cut into marked spans, upload names."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from xxgk.store.rows import CellRow
from xxgk.web.sourcetext import segments
from xxgk.web.uploads import safe_name


def _cell(i: int, start: int | None, end: int | None) -> CellRow:
    return CellRow("applications", f"r{i}", 0, "1", 1.0, "1", "number", 1.0, None, None, None, None, start, end)


spans = st.lists(st.tuples(st.integers(-3, 60), st.integers(-3, 60)), max_size=12)


@given(st.text(max_size=50), spans)
def test_segments_keep_the_text_and_mark_exact_spans(text: str, pairs: list[tuple[int, int]]) -> None:
    cells = [_cell(i, a, b) for i, (a, b) in enumerate(pairs)]
    pieces = segments(text, cells)
    assert "".join(p.text for p in pieces) == text  # nothing lost, nothing added, in order
    wanted = {f"applications/r{i}/0": (a, b) for i, (a, b) in enumerate(pairs)}
    pos = 0
    for p in pieces:
        if p.cell is not None:
            a, b = wanted[p.cell]
            assert (a, b) == (pos, pos + len(p.text)) and a < b  # a mark is exactly its cell's span
        pos += len(p.text)


def test_segments_skip_overlaps_and_outside_spans() -> None:
    pieces = segments("甲12乙345", [_cell(0, 1, 3), _cell(1, 2, 5), _cell(2, 4, 7), _cell(3, 5, 99), _cell(4, None, 2)])
    assert [(p.text, p.cell) for p in pieces] == [("甲", None), ("12", "applications/r0/0"), ("乙", None),
                                                  ("345", "applications/r2/0")]


@given(st.text(max_size=80))
def test_safe_name_is_never_a_path(name: str) -> None:
    out = safe_name(name)
    assert out and "/" not in out and "\\" not in out and not out.startswith(".")
    assert not any(unicodedata.category(ch).startswith("C") for ch in out)  # no control or format characters
