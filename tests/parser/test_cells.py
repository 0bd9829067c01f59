"""Fitting printed runs of cells to a row's width."""

from __future__ import annotations

from xxgk.matcher.assemble import review_identity, row_sum_identity
from xxgk.matcher.cells import CellToken, fit_cells, parse_value
from xxgk.template import CellKind

COUNT7 = [CellKind.COUNT] * 7


def toks(*texts: str, weak_blanks: bool = False) -> list[CellToken]:
    out, pos = [], 0
    for t in texts:
        blank = t.strip() == ""
        out.append(CellToken(t.strip(), pos, pos + len(t), blank=blank, weak=blank and weak_blanks))
        pos += len(t) + 1
    return out


def values(cells: list) -> list:  # type: ignore[type-arg]
    return [c.value for c in cells]


def test_exact_width_keeps_blanks_blank() -> None:
    cells, note = fit_cells(toks("", "0", "0", "0", "0", "0", ""), COUNT7, row_sum_identity)
    assert values(cells) == [None, 0, 0, 0, 0, 0, None] and note is None


def test_filler_at_both_edges_is_dropped() -> None:
    cells, _ = fit_cells(toks("", "1", "0", "0", "0", "0", "0", "1", ""), COUNT7, row_sum_identity)
    assert values(cells) == [1, 0, 0, 0, 0, 0, 1]


def test_run_together_single_digits() -> None:
    cells, _ = fit_cells(toks("1000001"), COUNT7, row_sum_identity)
    assert values(cells) == [1, 0, 0, 0, 0, 0, 1]
    assert [(c.token.start, c.token.end) for c in cells] == [(i, i + 1) for i in range(7)]


def test_run_together_unique_by_identity_is_certain() -> None:
    cells, note = fit_cells(toks("21710000218"), COUNT7, row_sum_identity)
    assert values(cells) == [217, 1, 0, 0, 0, 0, 218]
    assert note is not None and all(c.confidence == 1.0 for c in cells)


def test_run_together_ambiguous_is_flagged() -> None:
    cells, note = fit_cells(toks("101000011"), COUNT7, row_sum_identity)  # 1|0|10|…|11 or 10|1|0|…|11
    assert row_sum_identity(values(cells))
    assert note is not None and all(c.confidence < 0.95 and c.note for c in cells)


def test_run_together_failing_identity_still_split() -> None:
    cells, note = fit_cells(toks("2110000310"), COUNT7, row_sum_identity)  # no split balances: a printed error
    assert len(cells) == 7 and "".join(str(v) for v in values(cells)) == "2110000310"
    assert note is not None and all(c.confidence < 0.95 for c in cells)


def test_run_together_section_four_groups() -> None:
    kinds = [CellKind.COUNT] * 15
    cells, note = fit_cells(toks("10100110000050005"), kinds, review_identity)
    # 10|1|0|0|11 and 1|0|10|0|11 both balance: either is taken, and every cell says it is unsure
    assert review_identity(values(cells)) and values(cells)[4:] == [11, 0, 0, 0, 0, 0, 5, 0, 0, 0, 5]
    assert note is not None and all(c.confidence < 0.95 for c in cells)
    cells, _ = fit_cells(toks("000000000000000"), kinds, review_identity)
    assert values(cells) == [0] * 15 and all(c.confidence >= 0.95 for c in cells)


def test_one_cell_lost_is_inferred_and_flagged() -> None:
    cells, note = fit_cells(toks("3", "0", "0", "0", "0", "0"), COUNT7, row_sum_identity)
    assert values(cells) == [3, 0, 0, 0, 0, 0, 3]
    assert cells[6].token is None and cells[6].confidence < 0.95 and note


def test_one_cell_too_many_window_by_identity() -> None:
    cells, _ = fit_cells(toks("9", "2", "0", "0", "0", "0", "0", "2"), COUNT7, row_sum_identity)
    assert values(cells) == [2, 0, 0, 0, 0, 0, 2]


def test_money_and_yuan() -> None:
    assert str(parse_value("7730.28", CellKind.MONEY_10K)) == "7730.28"
    assert str(parse_value("75394432.52", CellKind.YUAN, "元")) == "75394432.52"
    assert parse_value("12", CellKind.YUAN, "万元") == 120000
    assert parse_value("-8", CellKind.SIGNED) == -8
    assert parse_value("/", CellKind.COUNT) is None
