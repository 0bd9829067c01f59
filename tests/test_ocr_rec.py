"""The recogniser's number decoding (no model: the CTC probabilities are written by hand)."""

from __future__ import annotations

import numpy as np

from xxgk.readers.ocr_rec import NUMBER_CHARS, Reader

CHARS = ["blank", *NUMBER_CHARS, "o", "年"]


def _reader() -> Reader:
    rd = Reader.__new__(Reader)
    rd.chars = CHARS
    rd.number_idx = np.array([i for i, c in enumerate(CHARS) if c in NUMBER_CHARS], dtype=np.int64)
    return rd


def _probs(*steps: dict[str, float]) -> np.ndarray:
    out = np.full((len(steps), len(CHARS)), 1e-4)
    for t, step in enumerate(steps):
        for ch, p in step.items():
            out[t, CHARS.index(ch)] = p
    return out


def test_unsure_digit_gives_its_runner_up_as_second_reading() -> None:
    got = _reader().decode(_probs({"1": 0.99}, {"blank": 0.99}, {"8": 0.55, "3": 0.40}), True)
    assert got.text == "18" and got.alt == "13" and 0.5 < got.conf < 0.6


def test_sure_number_and_prose_have_no_second_reading() -> None:
    rd = _reader()
    assert rd.decode(_probs({"1": 0.99}, {"blank": 0.99}, {"8": 0.99}), True).alt is None
    assert rd.decode(_probs({"8": 0.55, "3": 0.40}, {"年": 0.9}), False).alt is None
    # a lone 0 read as "o" in a number cell: 0, sure against the other digits
    got = rd.decode(_probs({"o": 0.7, "0": 0.29}), True)
    assert got.text == "0" and got.alt is None
