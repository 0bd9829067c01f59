"""Where tables 二, 三 and 四 are in the token stream, found from their headers and labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..template import APPLICATIONS
from .tokens import Token
from .vectors import line_alone


@dataclass
class Regions:
    active: tuple[int, int]
    applications: tuple[int, int]
    review: tuple[int, int]


def find_regions(tokens: Sequence[Token]) -> Regions:
    """Token ranges of tables 二, 三 and 四, from their headers and labels (not from section numbers)."""
    n = len(tokens)

    def first(pred: object, start: int = 0, stop: int | None = None) -> int | None:
        for k in range(start, n if stop is None else stop):
            if pred(tokens[k]):  # type: ignore[operator]
                return k
        return None

    def first_row(start: int = 0) -> int | None:
        for k in range(start, n):
            t = tokens[k]
            if is_app_label(t) and t.label.target in ("new", "carried_over") and row_follows(tokens, k):  # type: ignore[union-attr]
                return k
        return None

    def is_app_label(t: Token) -> bool:
        return t.kind == "label" and t.label is not None and t.label.kind == "row" and t.label.table == "applications"

    def is_marker(t: Token, *names: str) -> bool:
        return t.kind == "label" and t.label is not None and t.label.kind == "marker" and t.label.target in names

    def is_heading(t: Token, *numbers: int) -> bool:
        return t.kind == "label" and t.label is not None and t.label.kind == "heading" and t.label.section in numbers

    # Table 三 starts at its header note, else at its first row printed with cells after it (the narrative
    # may name the same rows earlier: "上年结转政府信息公开申请2件").
    app_start = first(lambda t: is_marker(t, "note_balance", "applicants"))
    if app_start is None:
        app_start = first_row()
    if app_start is None:
        app_start = first(is_app_label)
    if app_start is None:
        app_start = n
    last_app = app_start
    carried = None
    for k in range(app_start, n):
        if is_app_label(tokens[k]) and not tokens[k].bare:  # a bare "总计" may be a table-四 header
            if tokens[k].label.target == "carried_forward":  # type: ignore[union-attr]
                carried = k
                break
            last_app = k
    after = carried if carried is not None else last_app
    review_start = first(lambda t: is_heading(t, 4) or is_marker(t, "review_header", "litigation_header"), after)
    if review_start is None:
        review_start = n
    review_end = first(lambda t: is_heading(t, 5, 6), review_start)
    active_start = first(lambda t: is_heading(t, 2) or is_marker(t, "caption_art20"), 0, app_start)
    if active_start is None:
        active_start = 0
    return Regions(
        active=(active_start, app_start),
        applications=(app_start, review_start),
        review=(review_start, review_end if review_end is not None else n),
    )


def settle_bare_labels(tokens: list[Token], width: int) -> None:
    """A generic label printed alone ("总计", "其他") is a row label only when its row's cells follow it:
    on its own line, or one per line below it when it stands alone on its line. Otherwise (a column header)
    it is plain text."""
    for k, t in enumerate(tokens):
        if t.kind != "label" or not t.bare:
            continue
        same_line = 0
        j = k + 1
        while j < len(tokens) and tokens[j].line == t.line and tokens[j].is_cell:
            same_line += 1
            j += 1
        alone = (k == 0 or tokens[k - 1].line != t.line) and (j >= len(tokens) or tokens[j].line != t.line)
        below = 0
        while alone and j < len(tokens) and tokens[j].is_cell and line_alone(tokens, j):
            below += 1
            j += 1
        if same_line < width - 1 and below < width - 1:
            tokens[k] = Token("text", t.start, t.end, t.line, text=t.text)


def row_follows(tokens: Sequence[Token], at: int) -> bool:
    """The label at ``at`` is followed by at least six cells (or a long digit run): a table row, not prose."""
    k = at + 1
    count = 0
    while k < len(tokens) and tokens[k].is_cell:
        count += 1
        k += 1
    return count >= len(APPLICATIONS.columns) - 1 or (count >= 1 and len(tokens[k - 1].cell.text) >= 6)  # type: ignore[union-attr]
