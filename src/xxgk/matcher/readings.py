"""Second readings of OCR cells weighed against the table's totals.

The recogniser gives each number cell its most likely reading and, when it was unsure, a second one (the
other look at the cell, or its least sure digit's runner-up: :func:`xxgk.readers.ocr.recognise`). The first
reading is always the value: a report may print a wrong total, and that is the checker's to report. But when
the first reading breaks an identity of the tables (a row's 总计, 本年新收 + 上年结转 = ...) and the second
reading makes every identity through the cell hold, the reading is as likely wrong as the report: the cell is
marked low-confidence, its note names both readings, and the checker then says 核对原文 instead of reporting
a printed error (:mod:`xxgk.rules.arithmetic`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..record import Report, Value

DOUBT = 0.5  # the confidence of a cell whose other reading fits the totals better than its reading
_INT = re.compile(r"^-?\d+$")
_DEC = re.compile(r"^-?\d+\.\d+$")


def number(text: str | None) -> Value:
    """A second reading as a number (None when it is not one)."""
    s = (text or "").replace(",", "").strip()
    if _INT.match(s):
        return int(s)
    if _DEC.match(s):
        return Decimal(s)
    return None


def second_readings(report: Report) -> list[tuple[str, str, int]]:
    """Mark the cells whose second reading, not their reading, makes the identities through them hold;
    return their (table, row, column)."""
    cells = [(t, r, c, cell) for t, r, c, cell in report.cells() if cell.alternative is not None
             and cell.value is not None and cell.alternative != cell.value]
    if not cells:
        return []
    from ..rules.arithmetic import evaluate, identities
    from ..rules.context import Context

    ctx = Context(report)
    idents = identities(ctx)
    marked = []
    for t, r, c, cell in cells:
        ref = (t, r, c)
        through = [i for i in idents if ref in i.refs]
        if not through or all(evaluate(ctx, i).holds for i in through):
            continue
        if all(evaluate(ctx, i, {ref: cell.alternative}).holds for i in through):
            cell.confidence = min(cell.confidence, DOUBT)
            cell.note = (f"识别存疑：读作{cell.value}，也可能是{cell.alternative}（按后者勾稽关系成立），"
                         "未作更改，请核对原文")
            marked.append(ref)
    return marked
