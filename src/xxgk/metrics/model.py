"""Typed shapes of the metric catalogue: formulas as data over the template's tables, rows and columns.

A formula never names a printed label: it names record keys (table, row or printed group, column) and the
labels are read from :mod:`xxgk.template` when the formula is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..template import TABLES

Amount = int | Decimal  # a sum of cells, as printed
Number = int | float | Decimal  # a metric value (rates are floats)

# Status of a computed value.
OK = "ok"
NOT_APPLICABLE = "not_applicable"  # a rate whose denominator is 0: undefined, never 0 % or 100 %
UNAVAILABLE = "unavailable"  # an input is blank, or its table/row is missing: not zero, unknown
NOT_IN_FORMAT = "not_in_format"  # the report's format has no such data (e.g. 现行有效件数 in 2019)
STATUSES = (OK, NOT_APPLICABLE, UNAVAILABLE, NOT_IN_FORMAT)

COUNT, RATE, AMOUNT = "count", "rate", "amount"

_CN = {2: "二", 3: "三", 4: "四"}


@dataclass(frozen=True)
class Cells:
    """The sum of the cells of one template table at the given rows (or every row of a printed group)
    and columns. Keys are the record's (``xxgk.template``); a missing row or blank cell makes it unknown."""

    table: str
    columns: tuple[str, ...]
    rows: tuple[str, ...] = ()
    group: str = ""  # a template Group key: every row printed under it (e.g. 不予公开 1–8)

    def row_keys(self, fmt: str | None = None) -> tuple[str, ...]:
        t = TABLES[self.table]
        if self.group:
            return tuple(r.key for r in t.rows if r.group == self.group and (fmt is None or fmt in r.formats))
        return self.rows

    def column_index(self, row: str, column: str) -> int:
        t = TABLES[self.table]
        keys = [c.key for c in t.row_columns(t.row(row))]
        return keys.index(column)

    def describe(self) -> str:
        """Chinese, from the template's labels: 三·（三）不予公开各项·总计."""
        t = TABLES[self.table]
        if self.group:
            g = next(g for g in t.groups if g.key == self.group)
            what = f"{g.ordinal}{g.label}各项"
            first = t.row(self.row_keys()[0])
        else:
            what = "＋".join(f"{t.row(r).ordinal}{t.row(r).label}" for r in self.rows)
            first = t.row(self.rows[0])
        labels = {c.key: c.label for c in t.row_columns(first)}
        if first.scalar and self.columns == (first.key,):  # the row is its own single column (行政事业性收费)
            return f"{_CN[t.section]}·{what}"
        return f"{_CN[t.section]}·{what}·{'＋'.join(labels[c] for c in self.columns)}"


@dataclass(frozen=True)
class Sum:
    """The sum of several terms."""

    terms: tuple[Expr, ...]

    def describe(self) -> str:
        return " ＋ ".join(t.describe() for t in self.terms)


@dataclass(frozen=True)
class FirstOf:
    """The first option the report fills in; for rows printed in more than one shape (（六）其他处理 as
    three sub-rows or as one row)."""

    options: tuple[Expr, ...]

    def describe(self) -> str:
        return "（" + " 或 ".join(o.describe() for o in self.options) + "）"


Expr = Cells | Sum | FirstOf


@dataclass(frozen=True)
class Formula:
    """How a metric is computed for the given formats: a value, or numerator ÷ denominator for a rate."""

    formats: frozenset[str]
    value: Expr
    denominator: Expr | None = None

    def describe(self) -> str:
        if self.denominator is None:
            return self.value.describe()
        return f"{_paren(self.value)} ÷ {_paren(self.denominator)}"

    def tables(self) -> set[str]:
        out: set[str] = set()
        for e in (self.value, self.denominator):
            if e is not None:
                out |= _tables(e)
        return out


def _paren(e: Expr) -> str:
    return f"（{e.describe()}）" if isinstance(e, Sum) else e.describe()


def _tables(e: Expr) -> set[str]:
    if isinstance(e, Cells):
        return {e.table}
    parts = e.terms if isinstance(e, Sum) else e.options
    return set().union(*(_tables(p) for p in parts))


def leaves(e: Expr) -> list[Cells]:
    """Every Cells of an expression (all options of a FirstOf)."""
    if isinstance(e, Cells):
        return [e]
    parts = e.terms if isinstance(e, Sum) else e.options
    return [c for p in parts for c in leaves(p)]


@dataclass(frozen=True)
class Metric:
    """One metric of the catalogue: stable key, Chinese name, unit, formula per format, what counts as not
    applicable, caveats."""

    key: str
    name: str  # Chinese
    name_en: str
    unit: str  # 件, %, 万元, 元
    kind: str  # count | rate | amount
    formulas: tuple[Formula, ...]
    not_applicable: str = ""  # Chinese: when the value is undefined (rates: the denominator is 0)
    caveats: str = ""

    @property
    def section(self) -> int:
        """The report section (二, 三, 四) the metric reads."""
        return min(TABLES[t].section for t in self.formulas[0].tables())

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(sorted({f for formula in self.formulas for f in formula.formats}, reverse=True))

    def formula_for(self, fmt: str) -> Formula | None:
        return next((f for f in self.formulas if fmt in f.formats), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key, "name": self.name, "name_en": self.name_en, "unit": self.unit, "kind": self.kind,
            "formats": list(self.formats),
            "formula": {fmt: f.describe() for f in self.formulas for fmt in sorted(f.formats, reverse=True)},
            "not_applicable": self.not_applicable, "caveats": self.caveats,
        }


@dataclass(frozen=True)
class MetricValue:
    """A metric computed on one report. ``value`` is None unless ``status`` is ``ok``; ``reason`` says why."""

    key: str
    value: Number | None
    status: str
    reason: str = ""  # Chinese
    cells: tuple[str, ...] = ()  # record paths of the cells read
    confidence: float = 1.0  # the lowest confidence of the cells read
    numerator: Amount | None = None  # rates: the two sums, for transparency
    denominator: Amount | None = None

    @property
    def ok(self) -> bool:
        return self.status == OK

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": _json_number(self.value), "status": self.status}
        if self.reason:
            out["reason"] = self.reason
        if self.denominator is not None or self.numerator is not None:
            out["numerator"] = _json_number(self.numerator)
            out["denominator"] = _json_number(self.denominator)
        if self.confidence < 1.0:
            out["confidence"] = round(self.confidence, 3)
        out["cells"] = list(self.cells)
        return out


def _json_number(v: Number | None) -> int | float | None:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v
