"""The canonical record of one report, ``xxgk.report/1`` (../shared/spec/schema.md), with provenance.

Values are kept as printed: ``None`` for a blank cell, printed arithmetic errors untouched. Each cell keeps
where it came from (line and character span in the text; page and box for PDF) so that findings and the
web app can point at the source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .template import TABLES, CellKind, Table

SCHEMA = "xxgk.report/1"
TABLE_KEYS = ("active", "active_2019", "applications", "review_litigation")

Value = int | Decimal | None


@dataclass(slots=True)
class Source:
    """Where a cell (or any piece of the report) was read: text span, and page/box for paged formats."""

    line: int | None = None  # 1-based line in the decoded text
    start: int | None = None  # character offsets in the decoded text (end exclusive)
    end: int | None = None
    page: int | None = None  # 1-based page (PDF)
    box: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1 in PDF points, origin top-left
    raw: str | None = None  # the printed text of the cell

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("line", "start", "end", "page", "raw"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.box is not None:
            out["box"] = [round(v, 2) for v in self.box]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Source:
        box = data.get("box")
        return cls(
            line=data.get("line"),
            start=data.get("start"),
            end=data.get("end"),
            page=data.get("page"),
            box=tuple(box) if box else None,
            raw=data.get("raw"),
        )


@dataclass(slots=True)
class Cell:
    """One data cell: its value as printed and how sure the reader is of it."""

    value: Value = None
    source: Source | None = None
    confidence: float = 1.0  # < 1 when the value was chosen among several readings or inferred
    note: str | None = None  # why the confidence is low, in Chinese
    # OCR: the second likely reading of the cell, when one was made; not in the JSON (the note names it)
    alternative: Value = field(default=None, compare=False)

    @property
    def blank(self) -> bool:
        return self.value is None


@dataclass
class TableData:
    """The cells of one table, row key -> cells in the template's column order."""

    key: str
    rows: dict[str, list[Cell]] = field(default_factory=dict)

    @property
    def template(self) -> Table:
        return TABLES[self.key]

    def value(self, row: str, col: int) -> Value:
        cells = self.rows.get(row)
        if not cells or col >= len(cells):
            return None
        return cells[col].value

    def values(self, row: str) -> list[Value] | None:
        cells = self.rows.get(row)
        return None if cells is None else [c.value for c in cells]


@dataclass
class SectionText:
    """One of sections 一–六 as printed: its heading and body text."""

    number: int
    heading: str
    text: str
    start: int | None = None
    end: int | None = None


@dataclass
class ParseNote:
    """Something the reader wants the user to know: a low-confidence cell, a missing table, a guess."""

    code: str  # stable id, e.g. "low-confidence", "table-missing", "row-missing", "cell-inferred"
    message: str
    path: str | None = None  # cell path, e.g. applications.rows.new[6]

    def to_json(self) -> dict[str, Any]:
        out = {"code": self.code, "message": self.message}
        if self.path:
            out["path"] = self.path
        return out


@dataclass
class ReportSource:
    path: str
    format: str
    sha256: str | None = None
    bytes: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "format": self.format}
        if self.sha256 is not None:
            out["sha256"] = self.sha256
        if self.bytes is not None:
            out["bytes"] = self.bytes
        return out


@dataclass
class Report:
    """One report in canonical form."""

    source: ReportSource | None = None
    agency: str | None = None
    year: int | None = None
    template: str | None = None  # "2021", "2019" or "mixed"
    published_on: str | None = None  # ISO date: the page's publication date, else the signature date
    signed_on: str | None = None  # ISO date of the 落款 (signature) at the end of the report
    title: str | None = None
    tables: dict[str, TableData | None] = field(default_factory=dict)
    sections: list[SectionText] = field(default_factory=list)
    notes: list[ParseNote] = field(default_factory=list)

    # ------------------------------------------------------------------ access
    def table(self, key: str) -> TableData | None:
        return self.tables.get(key)

    def section(self, number: int) -> SectionText | None:
        for s in self.sections:
            if s.number == number:
                return s
        return None

    def cells(self) -> list[tuple[str, str, int, Cell]]:
        """Every cell as (table key, row key, column index, cell)."""
        out = []
        for tkey, table in self.tables.items():
            if table is None:
                continue
            for rkey, cells in table.rows.items():
                for i, cell in enumerate(cells):
                    out.append((tkey, rkey, i, cell))
        return out

    # ------------------------------------------------------------------ JSON
    def to_json(self, provenance: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": SCHEMA}
        if self.source is not None:
            out["source"] = self.source.to_json()
        out["agency"] = self.agency
        out["year"] = self.year
        out["template"] = self.template
        out["published_on"] = self.published_on
        out["signed_on"] = self.signed_on
        for key in TABLE_KEYS:
            if key in self.tables:
                table = self.tables[key]
                out[key] = None if table is None else table_to_json(table)
            elif key != "active_2019":
                out[key] = None
        if self.title is not None:
            out["title"] = self.title
        out["sections"] = [
            {"number": s.number, "heading": s.heading, "text": s.text}
            | ({"start": s.start, "end": s.end} if s.start is not None else {})
            for s in self.sections
        ]
        if provenance:
            cells: dict[str, Any] = {}
            for tkey, rkey, i, cell in self.cells():
                entry: dict[str, Any] = cell.source.to_json() if cell.source else {}
                if cell.confidence < 1.0:
                    entry["confidence"] = round(cell.confidence, 3)
                if cell.note:
                    entry["note"] = cell.note
                if entry:
                    cells[cell_path(tkey, rkey, i)] = entry
            out["cells"] = cells
        out["parse_notes"] = [n.to_json() for n in self.notes]
        return out

    def dumps(self, indent: int | None = None, provenance: bool = True) -> str:
        return json.dumps(self.to_json(provenance), ensure_ascii=False, indent=indent, default=json_default)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        """Read a record (parse output, gold file, or a YAML/JSON file written by hand)."""
        src = data.get("source")
        report = cls(
            source=ReportSource(
                path=str(src.get("path", "")),
                format=str(src.get("format", "")),
                sha256=src.get("sha256"),
                bytes=src.get("bytes"),
            )
            if isinstance(src, dict)
            else None,
            agency=data.get("agency"),
            year=_opt_int(data.get("year")),
            template=None if data.get("template") is None else str(data.get("template")),
            published_on=None if data.get("published_on") is None else str(data.get("published_on")),
            signed_on=None if data.get("signed_on") is None else str(data.get("signed_on")),
            title=data.get("title"),
        )
        provenance = data.get("cells") or {}
        for key in TABLE_KEYS:
            if key not in data:
                continue
            raw = data[key]
            report.tables[key] = None if raw is None else table_from_json(key, raw, provenance)
        for s in data.get("sections") or []:
            report.sections.append(
                SectionText(int(s["number"]), str(s.get("heading", "")), str(s.get("text", "")),
                            s.get("start"), s.get("end"))
            )
        for n in data.get("parse_notes") or []:
            report.notes.append(ParseNote(str(n.get("code", "")), str(n.get("message", "")), n.get("path")))
        return report


def cell_path(table: str, row: str, col: int) -> str:
    """The score.py / finding path of a cell, e.g. ``applications.rows.new[6]`` or ``active.rules.issued``."""
    t = TABLES[table]
    r = t.row(row)
    columns = t.row_columns(r)
    if t.layout == "rows":
        return f"{table}.rows.{row}[{col}]"
    if t.key == "review_litigation":
        return f"{table}.{row}[{col}]"
    if r.scalar:
        return f"{table}.{row}"
    return f"{table}.{row}.{columns[col].key}"


def table_to_json(table: TableData) -> dict[str, Any]:
    t = table.template
    out: dict[str, Any] = {}
    for row in t.rows:
        if row.key not in table.rows:
            continue
        values = [plain_value(c.value) for c in table.rows[row.key]]
        if t.layout == "rows" or t.key == "review_litigation":
            out[row.key] = values
        elif row.scalar:
            out[row.key] = values[0] if values else None
        else:
            out[row.key] = {col.key: v for col, v in zip(t.row_columns(row), values, strict=False)}
    if t.layout == "rows":
        return {"rows": out}
    return out


def table_from_json(key: str, raw: dict[str, Any], provenance: dict[str, Any]) -> TableData:
    t = TABLES[key]
    table = TableData(key)
    body = raw.get("rows", {}) if t.layout == "rows" else raw
    for row in t.rows:
        if row.key not in body:
            continue
        item = body[row.key]
        columns = t.row_columns(row)
        if item is None:
            values: list[Any] = [None] * len(columns)
        elif isinstance(item, list):
            values = list(item) + [None] * (len(columns) - len(item))
        elif isinstance(item, dict):
            values = [item.get(c.key) for c in columns]
        else:
            values = [item]
        cells = []
        for i, (col, v) in enumerate(zip(columns, values, strict=False)):
            cell = Cell(coerce_value(v, col.kind))
            prov = provenance.get(cell_path(key, row.key, i))
            if isinstance(prov, dict):
                cell.source = Source.from_json(prov)
                cell.confidence = float(prov.get("confidence", 1.0))
                cell.note = prov.get("note")
            cells.append(cell)
        table.rows[row.key] = cells
    return table


def coerce_value(v: Any, kind: CellKind) -> Value:
    """A JSON/YAML value as the record keeps it: int for counts, Decimal for money, None for blank."""
    if v is None or v == "" or isinstance(v, bool):
        return None
    if kind in (CellKind.MONEY_10K, CellKind.YUAN):
        d = Decimal(str(v))
        return int(d) if d == d.to_integral_value() and kind is CellKind.YUAN and "." not in str(v) else d
    if isinstance(v, int):
        return v
    try:
        d = Decimal(str(v).strip())
    except Exception:
        return None
    return int(d) if d == d.to_integral_value() else d


def _opt_int(v: Any) -> int | None:
    try:
        return None if v is None else int(v)
    except (TypeError, ValueError):
        return None


def plain_value(v: Value) -> int | float | None:
    """A cell value as a plain JSON number: the record's JSON holds only str/int/float/bool/None."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def json_default(o: Any) -> Any:
    """JSON for the values a record holds: Decimal money as a number."""
    if isinstance(o, Decimal):
        return int(o) if o == o.to_integral_value() else float(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")
