"""Value domain (P-01, P-02, P-04, P-05): counts are non-negative integers, money is ≥ 0."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..template import TABLES, CellKind
from .context import Context
from .model import Finding, Location, cell_label, row_label


def check(ctx: Context) -> Iterator[Finding]:
    for key in ("active", "active_2019", "applications", "review_litigation"):
        table = ctx.table(key)
        if table is None:
            continue
        t = TABLES[key]
        for row_key, cells in table.rows.items():
            try:
                columns = t.row_columns(t.row(row_key))
            except KeyError:
                continue  # a row the template does not know: the structure rules speak about it
            for i, (cell, col) in enumerate(zip(cells, columns, strict=False)):
                v = cell.value
                if v is None:
                    continue
                rule = _domain_rule(col.kind, v)
                if rule is not None:  # the place and its label only for a finding: most cells have none
                    yield ctx.finding(rule, Location(key, row_key, i, source=cell.source),
                                      cell=cell_label(key, row_key, i), value=v)
    old = ctx.table("active_2019")
    if old is not None:
        for row_key in old.rows:
            prev, change = old.value(row_key, 0), old.value(row_key, 1)
            cols = TABLES["active_2019"].row_columns(TABLES["active_2019"].row(row_key))
            if cols[1].kind is not CellKind.SIGNED or prev is None or change is None:
                continue
            if prev + change < 0:
                yield ctx.finding("P-04", Location("active_2019", row_key, 1), row=row_label("active_2019", row_key),
                                  prev=prev, change=change, result=prev + change)


def _domain_rule(kind: CellKind, v: int | Decimal) -> str | None:
    """The rule a value breaks for its column's kind: P-01 (a count negative or fractional, a signed change
    fractional), P-02 (money negative), P-05 (a fee negative); None when it is in its domain."""
    if kind is CellKind.COUNT and (v < 0 or (isinstance(v, Decimal) and v != int(v))):
        return "P-01"
    if kind is CellKind.SIGNED and isinstance(v, Decimal) and v != int(v):
        return "P-01"
    if kind is CellKind.MONEY_10K and v < 0:
        return "P-02"
    if kind is CellKind.YUAN and v < 0:
        return "P-05"
    return None
