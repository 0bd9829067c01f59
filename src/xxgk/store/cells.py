"""Naming the cells of the template for people and spreadsheets: addresses and Chinese headers.

Every name is built from :mod:`xxgk.template` (never a second list). A cell can be addressed as
- its record path (:func:`xxgk.record.cell_path`): ``applications.rows.new[0]``, ``active.rules.issued``;
- its human form, table.row.column key: ``applications.new.natural_person``, ``review_litigation.review.total``
  (``active.licensing`` for a one-cell row);
- its Chinese header as in a wide export: ``表三·自然人·一、本年新收政府信息公开申请数量``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache
from typing import NamedTuple

from ..record import Value, cell_path
from ..template import TABLES, CellKind
from .records import NOT_APPLICABLE

_CN = "〇一二三四五六七八九"
# Words a person may type for a cell left blank.
BLANK_WORDS = frozenset({"", "blank", "空白", "空", "none", "null"})


class CellRef(NamedTuple):
    table: str
    row: str
    column: int


class CellAddressError(ValueError):
    """An address that names no cell of the template (the message lists the valid ones)."""


class CellValueError(ValueError):
    """A value a cell cannot hold (the message says what it can)."""


def table_order() -> list[str]:
    return list(TABLES)


@cache
def all_cells() -> tuple[CellRef, ...]:
    """Every cell of every table of the template, in print order (tables, rows, columns)."""
    out = []
    for key, t in TABLES.items():
        for row in t.rows:
            for i, _ in enumerate(t.row_columns(row)):
                out.append(CellRef(key, row.key, i))
    return tuple(out)


@cache
def cell_index() -> dict[CellRef, int]:
    """Position of each cell in :func:`all_cells` (the order of exports)."""
    return {ref: i for i, ref in enumerate(all_cells())}


def human(ref: CellRef) -> str:
    """``table.row.column`` with the column's key (``table.row`` for a one-cell row)."""
    t = TABLES[ref.table]
    row = t.row(ref.row)
    if row.scalar:
        return f"{ref.table}.{ref.row}"
    return f"{ref.table}.{ref.row}.{t.row_columns(row)[ref.column].key}"


def _row_label(table: str, row_key: str) -> str:
    t = TABLES[table]
    row = t.row(row_key)
    label = row.ordinal + row.label
    if row.group:
        group = next((g for g in t.groups if g.key == row.group), None)
        # the group's own label where it is not the whole block (三、本年度办理结果 spans （一）…（七）)
        if group is not None and group.key != "results":
            label = f"{group.ordinal}{group.label}·{label}"
    return label


@cache
def _header_table_names() -> dict[str, str]:
    """表二 / 表二（2019） / 表三 / 表四: the section number, and the layout when two tables share it."""
    out = {}
    for key, t in TABLES.items():
        name = f"表{_CN[t.section]}"
        if sum(1 for o in TABLES.values() if o.section == t.section) > 1 and key.endswith("_2019"):
            name += "（2019）"
        out[key] = name
    return out


def header(ref: CellRef) -> str:
    """The Chinese column header of a cell: 表三·自然人·一、本年新收政府信息公开申请数量."""
    t = TABLES[ref.table]
    column = t.row_columns(t.row(ref.row))[ref.column]
    return f"{_header_table_names()[ref.table]}·{column.label}·{_row_label(ref.table, ref.row)}"


def table_title(table: str) -> str:
    """表三 收到和处理政府信息公开申请情况 — a sheet or section title."""
    return f"{_header_table_names()[table]} {TABLES[table].title}"


def kind(ref: CellRef) -> CellKind:
    t = TABLES[ref.table]
    return t.row_columns(t.row(ref.row))[ref.column].kind


@cache
def addresses() -> dict[str, CellRef]:
    """Every accepted address of every cell (record path, human form, Chinese header)."""
    out: dict[str, CellRef] = {}
    for ref in all_cells():
        for name in (cell_path(*ref), human(ref), header(ref)):
            out[name] = ref
        t = TABLES[ref.table]
        if t.layout == "rows" or t.key == "review_litigation":  # positions too: applications.new[0]
            out[f"{ref.table}.{ref.row}[{ref.column}]"] = ref
    assert len({header(r) for r in all_cells()}) == len(all_cells()), "cell headers must be unique"
    return out


def resolve(address: str, tables: list[str] | None = None) -> CellRef:
    """The cell ``address`` names; ``tables`` limits it to the tables a record has. The error lists the valid
    choices at the level that went wrong: the tables, the rows of the table, or the columns of the row."""
    text = address.strip()
    ref = addresses().get(text)
    usable = [k for k in TABLES if tables is None or k in tables]
    if ref is not None and ref.table in usable:
        return ref
    if ref is not None:
        raise CellAddressError(f"cell {address!r} is in table {ref.table}, which this report does not have "
                               f"(its tables: {', '.join(usable)})")
    parts = text.replace("[", ".").replace("]", "").split(".")
    form = "TABLE.ROW.COLUMN (e.g. applications.new.natural_person, active.licensing)"
    if parts[0] not in usable:
        raise CellAddressError(f"no cell {address!r}: give {form}; tables: {', '.join(usable)}")
    t = TABLES[parts[0]]
    rows = [r.key for r in t.rows]
    row_key = parts[2] if len(parts) > 2 and parts[1] == "rows" else parts[1] if len(parts) > 1 else ""
    if row_key not in rows:
        raise CellAddressError(f"no cell {address!r}: rows of {t.key}: {', '.join(rows)}")
    row = t.row(row_key)
    columns = [c.key for c in t.row_columns(row)]
    if row.scalar:
        raise CellAddressError(f"no cell {address!r}: {t.key}.{row_key} is one cell, address it as {t.key}.{row_key}")
    raise CellAddressError(f"no cell {address!r}: columns of {t.key}.{row_key}: {', '.join(columns)} "
                           f"(or their positions 0–{len(columns) - 1})")


def parse_value(text: str, ref: CellRef) -> tuple[Value, str | None]:
    """A typed value for a cell and the printed text it stands for. Blank words give (None, None); a
    not-applicable mark ("/", "—", "不适用") gives (None, the mark)."""
    raw = text.strip()
    if raw.lower() in BLANK_WORDS:
        return None, None
    if raw in NOT_APPLICABLE:
        return None, raw
    k = kind(ref)
    allowed = {
        CellKind.COUNT: "a whole number ≥ 0",
        CellKind.SIGNED: "a whole number (may be negative)",
        CellKind.MONEY_10K: "an amount in 万元 ≥ 0 (e.g. 1.25)",
        CellKind.YUAN: "an amount in 元 ≥ 0",
    }[k]
    usage = (f"{human(ref)} takes {allowed}, a blank (空白/blank) or a not-applicable mark "
             f"({' '.join(sorted(NOT_APPLICABLE))})")
    try:
        number = Decimal(raw.replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise CellValueError(f"{raw!r} is not a value: {usage}") from None
    if not number.is_finite():
        raise CellValueError(f"{raw!r} is not a value: {usage}")
    if k in (CellKind.COUNT, CellKind.SIGNED) and number != number.to_integral_value():
        raise CellValueError(f"{raw!r} is not a whole number: {usage}")
    if k is not CellKind.SIGNED and number < 0:
        raise CellValueError(f"{raw!r} is negative: {usage}")
    if k in (CellKind.COUNT, CellKind.SIGNED):
        return int(number), raw
    return number, raw
