"""The extracted tables laid out like the official ones: rows, columns and labels from :mod:`xxgk.template`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..store.rows import CellRow, FindingRow
from ..template import FORMATS, TABLES


@dataclass
class ShownCell:
    key: str  # table/row/column, the id both sides select by
    cell: CellRow | None
    low: bool  # low confidence: marked
    findings: list[int] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return self.cell is None or self.cell.value is None


@dataclass
class ShownRow:
    label: str
    cells: list[ShownCell]


@dataclass
class ShownTable:
    key: str
    title: str
    columns: list[str]
    rows: list[ShownRow]


LOW_CONFIDENCE = 0.8


def cell_key(table: str | None, row: str | None, column: int | None) -> str:
    return f"{table}/{row}/{column}"


def layout(template: str | None, cells: list[CellRow], findings: list[FindingRow]) -> list[ShownTable]:
    """The tables of the version, in the template's order; cells not in the template follow their table."""
    fmt = FORMATS.get(template or "2021", FORMATS["2021"])
    by_key = {(c.table, c.row, c.column): c for c in cells}
    on_cell: dict[str, list[int]] = {}
    for f in findings:
        if f.table is not None:
            on_cell.setdefault(cell_key(f.table, f.row, f.column), []).append(f.id)
    present = {c.table for c in cells}
    out = []
    for table in fmt.tables:
        if table.key not in present:
            continue
        seen: set[tuple[str, int]] = set()
        rows = []
        for row in table.rows_for(fmt.name):
            cols = table.row_columns(row)
            shown = []
            for i in range(len(cols)):
                c = by_key.get((table.key, row.key, i))
                seen.add((row.key, i))
                k = cell_key(table.key, row.key, i)
                shown.append(ShownCell(k, c, c is not None and c.confidence < LOW_CONFIDENCE, on_cell.get(k, [])))
            rows.append(ShownRow(row.printed, shown))
        extra: dict[str, list[ShownCell]] = {}
        for c in cells:
            if c.table == table.key and (c.row, c.column) not in seen:
                k = cell_key(c.table, c.row, c.column)
                extra.setdefault(c.row, []).append(ShownCell(k, c, c.confidence < LOW_CONFIDENCE, on_cell.get(k, [])))
        rows.extend(ShownRow(key, sorted(v, key=lambda s: s.cell.column if s.cell else 0))
                    for key, v in extra.items())
        out.append(ShownTable(table.key, table.title, [c.label for c in table.columns], rows))
    for key in sorted(present - {t.key for t in fmt.tables}):
        t = TABLES.get(key)
        rows_of: dict[str, list[ShownCell]] = {}
        for c in cells:
            if c.table == key:
                k = cell_key(c.table, c.row, c.column)
                rows_of.setdefault(c.row, []).append(ShownCell(k, c, c.confidence < LOW_CONFIDENCE, on_cell.get(k, [])))
        out.append(ShownTable(key, t.title if t else key, [], [ShownRow(r, v) for r, v in rows_of.items()]))
    return out


def boxes(cells: list[CellRow]) -> dict[int, list[dict[str, Any]]]:
    """Cell boxes per 1-based page (PDF points, origin top-left)."""
    out: dict[int, list[dict[str, Any]]] = {}
    for c in cells:
        if c.page is not None and c.box:
            x0, y0, x1, y1 = c.box
            out.setdefault(c.page, []).append({"key": cell_key(c.table, c.row, c.column), "x": x0, "y": y0,
                                               "w": x1 - x0, "h": y1 - y0})
    return out
