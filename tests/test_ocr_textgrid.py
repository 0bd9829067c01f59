"""Grids rebuilt from the text columns (no OCR: pieces and their ink drawn by hand)."""

from __future__ import annotations

import numpy as np

from xxgk.readers.ocr_textgrid import damaged, rebuild, split_words
from xxgk.readers.pages import Piece
from xxgk.readers.pdf_grid import Seg, find_grids

SCALE = 0.48  # points per pixel (150 dpi)


def _page(rows: list[list[tuple[str, float]]], top: float = 100.0, pitch: float = 18.0) -> tuple[list[Piece], object]:
    """Pieces (text, left x in points) on rows ``pitch`` apart, and their ink (a filled box each)."""
    ink = np.zeros((1754, 1241), bool)
    pieces = []
    for k, row in enumerate(rows):
        y = top + k * pitch
        for text, x in row:
            box = (x, y, x + 6.0 * len(text) if text.isascii() else x + 12.0 * len(text), y + 12.0)
            pieces.append(Piece(text, box, 0.9))
            ink[int(box[1] / SCALE) : int(box[3] / SCALE), int(box[0] / SCALE) : int(box[2] / SCALE)] = True
    return pieces, ink


def test_rows_and_columns_rebuilt() -> None:
    """Three rows of a label and three numbers, a lone 0 missed by the detector in the middle column of the
    last row (its ink is there): a 3 × 4 grid, one cell per label and number."""
    pieces, ink = _page([[("规章", 60), ("12", 200), ("0", 260), ("7", 320)],
                         [("行政规范性文件", 60), ("3", 200), ("o", 260), ("15", 320)],
                         [("其他", 60), ("1", 200), ("0", 260), ("1", 320)]])
    pieces = [p for p in pieces if not (p.text == "0" and p.box[1] > 130)]  # missed by the detector
    segs = rebuild(pieces, [], ink, SCALE)
    assert segs and all(s.virtual for s in segs)
    (grid,) = find_grids(segs)
    assert (len(grid.ys) - 1, len(grid.xs) - 1) == (3, 4)


def test_headings_between_split_tables_and_prose_is_left_alone() -> None:
    """A heading reaching over the number column starts another table; prose lines make no table."""
    pieces, ink = _page([[("行政许可", 60), ("41", 260)],
                         [("第二十条第（六）项", 200)],
                         [("信息内容", 60), ("本年处理决定数量", 220)],
                         [("行政处罚", 60), ("0", 262)],
                         [("行政强制", 60), ("5", 262)],
                         [("本机关2023年共收到申请", 60)]])
    grids = find_grids(rebuild(pieces, [], ink, SCALE))
    assert [len(g.ys) - 1 for g in grids] == [1, 2]
    assert not rebuild([p for p in pieces if p.text.startswith("本机关")], [], ink, SCALE)


def test_damaged_grid_is_a_cell_with_two_numbers() -> None:
    """A grid with a lost line holds two numbers side by side in one cell; a rotated label's characters
    one above the other in one cell are not numbers."""
    lines = [Seg(50, 100, 400, 100), Seg(50, 130, 400, 130), Seg(50, 300, 400, 300),
             Seg(50, 100, 50, 300), Seg(150, 100, 150, 300), Seg(400, 100, 400, 300)]
    (grid,) = find_grids(lines)
    numbers = [(200.0, 110.0, 206.0, 122.0), (300.0, 110.0, 306.0, 122.0)]
    label = [(90.0, 140.0, 102.0, 152.0), (90.0, 200.0, 102.0, 212.0)]
    text = {numbers[0]: "0", numbers[1]: "3", label[0]: "本", label[1]: "年"}

    def read(boxes: list[tuple[float, float, float, float]]) -> list[str]:
        return [text[b] for b in boxes]

    assert damaged(grid, numbers, read)
    assert not damaged(grid, label, read)


def test_words_split_at_a_table_wide_gap() -> None:
    ink = np.zeros((40, 400), bool)
    ink[10:30, 10:60] = True  # 规章
    ink[10:30, 300:310] = True  # 0, far right: across a lost line
    ink[10:30, 320:330] = True  # a second digit close by: the same word ("01")
    assert split_words([(5.0, 8.0, 335.0, 32.0)], ink) == [(10.0, 8.0, 60.0, 32.0), (300.0, 8.0, 330.0, 32.0)]
    assert split_words([(5.0, 8.0, 65.0, 32.0)], ink) == [(5.0, 8.0, 65.0, 32.0)]
