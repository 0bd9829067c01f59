"""Exports of the stored reports (active versions): CSV, XLSX, Parquet, JSON lines.

    from xxgk.store.export import export
    export(store, "out.xlsx", fmt="xlsx", shape="wide", flt=ReportFilter(year=2023))

- ``long``: one row per cell with its semantic and provenance (:data:`LONG_COLUMNS`); ``xxgk import`` reads
  it back (:mod:`xxgk.store.importer`).
- ``wide``: one row per report, a column per cell headed in Chinese (表三·自然人·一、本年新收…, built from
  :mod:`xxgk.template` by :func:`xxgk.store.cells.header`).
- ``findings``: one row per finding of the active versions, with its review state.
- ``jsonl``: one ``xxgk.report/1`` record per report, as ``xxgk parse --format jsonl`` writes it.
- XLSX: one sheet per table (plus the reports for wide, plus the findings), frozen header, column widths,
  numbers as numbers, blanks blank.

Output is deterministic: rows sorted in Python (never by the database's collation) and times in UTC, so
SQLite and PostgreSQL give byte-identical CSV and JSON lines. The file is written whole or not at all.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select

from ..record import json_default
from ..template import TABLES
from . import schema as s
from .cells import CellRef, all_cells, cell_index, header, human, kind, table_title
from .query import ReportFilter, ReportSummary, find_reports, iso
from .store import Store
from .versions import load_record

FORMATS = ("csv", "xlsx", "parquet", "jsonl")
SHAPES = ("long", "wide", "findings")
CHUNK = 500  # reports per query

# The long form: what identifies the cell, its value, and where it was read.
LONG_COLUMNS = ("report_id", "agency", "year", "template", "version_id", "table", "row", "column", "cell", "header",
                "value", "semantic", "raw", "confidence", "note", "page", "line", "span_start", "span_end", "box",
                "source_sha256", "source_path")
REPORT_COLUMNS = ("报告编号", "机关", "年度", "格式", "发布日期", "落款日期", "版本", "状态", "错误", "警告")
FINDING_COLUMNS = ("report_id", "agency", "year", "version_id", "finding_id", "rule", "severity", "origin", "cell",
                   "path", "label", "message", "review_state", "review_comment", "reviewed_by", "reviewed_at")


class ExportError(ValueError):
    """An export that cannot be made (unknown format, shape not available in it…)."""


@dataclass
class _Version:
    id: int
    template: str | None
    published_on: str | None
    signed_on: str | None
    source_sha256: str | None
    source_path: str | None


def _versions(store: Store, reports: list[ReportSummary]) -> dict[int, _Version]:
    ids = [r.active_version_id for r in reports if r.active_version_id is not None]
    out: dict[int, _Version] = {}
    with store.read() as session:
        for i in range(0, len(ids), CHUNK):
            q = (select(s.Version, s.Source.sha256, s.Source.path)
                 .outerjoin(s.Source, s.Source.id == s.Version.source_id).where(s.Version.id.in_(ids[i:i + CHUNK])))
            for v, sha, path in session.execute(q):
                out[v.id] = _Version(v.id, v.template, v.published_on, v.signed_on, sha, path)
    return out


def _cells(store: Store, version_ids: list[int]) -> Iterator[tuple[int, list[s.Cell]]]:
    """(version id, its cells in template order), a chunk of versions per query (bounded memory)."""
    index = cell_index()
    with store.read() as session:
        for i in range(0, len(version_ids), CHUNK):
            chunk = version_ids[i:i + CHUNK]
            by_version: dict[int, list[s.Cell]] = {v: [] for v in chunk}
            for c in session.scalars(select(s.Cell).where(s.Cell.version_id.in_(chunk))):
                by_version[c.version_id].append(c)
            session.expunge_all()
            for v in chunk:
                cells = by_version[v]
                cells.sort(key=lambda c: index.get(CellRef(c.table, c.row, c.column), len(index)))
                yield v, cells


def _number(value: str | None) -> int | Decimal | None:
    """A stored exact value as a number (int when whole and written without a point)."""
    if value is None:
        return None
    d = Decimal(value)
    return int(d) if "." not in value and "e" not in value.lower() else d


def _shown(c: s.Cell) -> int | Decimal | str | None:
    """A cell in a wide sheet: the number, the printed mark of a not-applicable or text cell, else blank."""
    if c.value is not None:
        return _number(c.value)
    if c.semantic in ("not_applicable", "text") and c.raw:
        return c.raw.strip()
    return None


def long_rows(store: Store, reports: list[ReportSummary]) -> Iterator[dict[str, Any]]:
    """One dict per cell of the reports' active versions (keys :data:`LONG_COLUMNS`)."""
    versions = _versions(store, reports)
    by_version = {r.active_version_id: r for r in reports if r.active_version_id is not None}
    for vid, cells in _cells(store, list(by_version)):
        r, v = by_version[vid], versions[vid]
        for c in cells:
            ref = CellRef(c.table, c.row, c.column)
            yield {
                "report_id": r.id, "agency": r.agency, "year": r.year, "template": v.template, "version_id": vid,
                "table": c.table, "row": c.row, "column": c.column, "cell": human(ref), "header": header(ref),
                "value": c.value, "semantic": c.semantic, "raw": c.raw, "confidence": c.confidence, "note": c.note,
                "page": c.page, "line": c.line, "span_start": c.span_start, "span_end": c.span_end,
                "box": None if c.box is None else json.dumps(c.box), "source_sha256": v.source_sha256,
                "source_path": v.source_path,
            }


def wide_columns(tables: list[str]) -> list[CellRef]:
    return [ref for ref in all_cells() if ref.table in tables]


def _tables_of(store: Store, reports: list[ReportSummary]) -> list[str]:
    ids = [r.active_version_id for r in reports if r.active_version_id is not None]
    found: set[str] = set()
    with store.read() as session:
        for i in range(0, len(ids), CHUNK):
            found.update(session.scalars(select(s.Cell.table).where(s.Cell.version_id.in_(ids[i:i + CHUNK]))
                                         .distinct()))
    return [t for t in TABLES if t in found]


def wide_rows(store: Store, reports: list[ReportSummary], columns: list[CellRef]) -> Iterator[list[Any]]:
    """One list per report: :data:`REPORT_COLUMNS` then one value per cell of ``columns``."""
    versions = _versions(store, reports)
    by_version = {r.active_version_id: r for r in reports if r.active_version_id is not None}
    for vid, cells in _cells(store, list(by_version)):
        r, v = by_version[vid], versions[vid]
        values = {CellRef(c.table, c.row, c.column): _shown(c) for c in cells}
        yield [r.id, r.agency, r.year, v.template, v.published_on, v.signed_on, vid, r.status, r.errors,
               r.warnings] + [values.get(ref) for ref in columns]


def finding_rows(store: Store, reports: list[ReportSummary]) -> Iterator[dict[str, Any]]:
    """One dict per finding of the reports' active versions (keys :data:`FINDING_COLUMNS`)."""
    by_version = {r.active_version_id: r for r in reports if r.active_version_id is not None}
    ids = list(by_version)
    with store.read() as session:
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i:i + CHUNK]
            found = list(session.scalars(select(s.Finding).where(s.Finding.version_id.in_(chunk))))
            order = {v: n for n, v in enumerate(chunk)}
            for f in sorted(found, key=lambda f: (order[f.version_id], f.id)):
                r = by_version[f.version_id]
                cell = None
                if f.table is not None and f.row is not None and f.column is not None:
                    try:
                        cell = human(CellRef(f.table, f.row, f.column))
                    except (KeyError, IndexError):
                        cell = None
                yield {"report_id": r.id, "agency": r.agency, "year": r.year, "version_id": f.version_id,
                       "finding_id": f.id, "rule": f.rule, "severity": f.severity, "origin": f.origin, "cell": cell,
                       "path": f.path, "label": (f.details.get("location") or {}).get("label"),
                       "message": f.message, "review_state": f.review_state, "review_comment": f.review_comment,
                       "reviewed_by": f.reviewed_by, "reviewed_at": iso(f.reviewed_at)}


def jsonl_lines(store: Store, reports: list[ReportSummary]) -> Iterator[str]:
    """One ``xxgk.report/1`` record per report (its active version), one JSON object per line."""
    with store.read() as session:
        for r in reports:
            if r.active_version_id is None:
                continue
            record = load_record(session, r.active_version_id)
            yield json.dumps(record.to_json(), ensure_ascii=False, default=json_default)


# ---------------------------------------------------------------------------------------------- writers
def _csv_value(v: Any) -> Any:
    return "" if v is None else v


def _write_csv(out: TextIO, head: list[str], rows: Iterator[list[Any]]) -> int:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(head)
    n = 0
    for row in rows:
        w.writerow([_csv_value(v) for v in row])
        n += 1
    return n


def _parquet(path: str, head: list[str], rows: Iterator[list[Any]], types: dict[str, Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(h, types.get(h, pa.string())) for h in head])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[list[Any]] = []

        def flush() -> None:
            cols: list[Any] = list(zip(*batch, strict=True)) if batch else [[] for _ in head]
            arrays = [pa.array([_arrow(v, schema.field(i).type) for v in col], type=schema.field(i).type)
                      for i, col in enumerate(cols)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))

        for row in rows:
            batch.append(row)
            n += 1
            if len(batch) >= 10_000:
                flush()
                batch = []
        if batch or n == 0:
            flush()
    return n


def _arrow(v: Any, typ: Any) -> Any:
    import pyarrow as pa

    if v is None:
        return None
    if pa.types.is_string(typ):
        return str(v)
    if isinstance(v, Decimal):
        return float(v)
    return v


def _long_types() -> dict[str, Any]:
    import pyarrow as pa

    ints = ("report_id", "year", "version_id", "column", "page", "line", "span_start", "span_end", "finding_id")
    return {k: pa.int64() for k in ints} | {"confidence": pa.float64()}


def _wide_types(head: list[str], columns: list[CellRef]) -> dict[str, Any]:
    import pyarrow as pa

    from ..template import CellKind

    out: dict[str, Any] = {"报告编号": pa.int64(), "年度": pa.int64(), "版本": pa.int64(), "错误": pa.int64(),
                           "警告": pa.int64()}
    for ref in columns:  # a not-applicable mark cannot sit in a number column: wide parquet keeps numbers only
        out[header(ref)] = pa.int64() if kind(ref) in (CellKind.COUNT, CellKind.SIGNED) else pa.float64()
    return out


def _numbers_only(rows: Iterator[list[Any]], start: int) -> Iterator[list[Any]]:
    for row in rows:
        yield row[:start] + [v if not isinstance(v, str) else None for v in row[start:]]


# ------------------------------------------------------------------------------------------------ xlsx
def _width(text: Any) -> int:
    t = "" if text is None else str(text)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in t)


def _xlsx_sheet(wb: Any, title: str, head: list[str], rows: list[list[Any]], freeze_cols: int = 0) -> None:
    """A sheet with a bold wrapped header row frozen (and ``freeze_cols`` columns), widths from the content."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title=title[:31])
    for i, h in enumerate(head, start=1):
        longest = max([_width(r[i - 1]) for r in rows[:2000]] + [min(_width(h), 24), 6])
        ws.column_dimensions[get_column_letter(i)].width = min(longest + 2, 60)
    ws.freeze_panes = f"{get_column_letter(freeze_cols + 1)}2"
    cells = []
    for h in head:
        c = WriteOnlyCell(ws, value=h)
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(c)
    ws.append(cells)
    for r in rows:
        ws.append([_xlsx_value(v) for v in r])


def _xlsx_value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def _long_xlsx_row(d: dict[str, Any]) -> list[Any]:
    row = [d[k] for k in LONG_COLUMNS]
    i = LONG_COLUMNS.index("value")
    row[i] = _number(row[i])  # numbers as numbers
    return row


# ------------------------------------------------------------------------------------------------ export
@dataclass(frozen=True)
class ExportResult:
    path: str
    reports: int
    rows: int


def export(store: Store, path: str | os.PathLike[str], *, fmt: str | None = None, shape: str = "long",
           flt: ReportFilter | None = None) -> ExportResult:
    """Write the reports passing ``flt`` to ``path`` in ``fmt`` (default: from the file's extension) and
    ``shape`` (long, wide or findings; jsonl is always one record per report)."""
    target = Path(path)
    fmt = fmt or target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if shape not in SHAPES:
        raise ExportError(f"unknown export shape {shape!r}: use one of {', '.join(SHAPES)}")
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: folder {target.parent} does not exist")
    reports = find_reports(store, flt)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        n = _write(store, tmp, fmt, shape, reports)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ExportResult(str(target), len(reports), n)


def write_reports(store: Store, path: str | os.PathLike[str], reports: list[ReportSummary], *, fmt: str = "xlsx",
                  shape: str = "long") -> int:
    """Write exactly ``reports`` (as :func:`xxgk.store.query.find_reports` gives them) to ``path``; the rows."""
    return _write(store, str(path), fmt, shape, reports)


def _write(store: Store, tmp: str, fmt: str, shape: str, reports: list[ReportSummary]) -> int:
    if fmt == "jsonl":
        if shape == "findings":
            with open(tmp, "w", encoding="utf-8", newline="\n") as out:
                n = 0
                for d in finding_rows(store, reports):
                    out.write(json.dumps(d, ensure_ascii=False) + "\n")
                    n += 1
                return n
        with open(tmp, "w", encoding="utf-8", newline="\n") as out:
            n = 0
            for line in jsonl_lines(store, reports):
                out.write(line + "\n")
                n += 1
            return n
    if fmt == "xlsx":
        return _write_xlsx(store, tmp, shape, reports)
    head, rows, types = _table(store, shape, reports, fmt)
    if fmt == "csv":
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            return _write_csv(out, head, rows)
    return _parquet(tmp, head, rows, types)


def _table(store: Store, shape: str, reports: list[ReportSummary], fmt: str
           ) -> tuple[list[str], Iterator[list[Any]], dict[str, Any]]:
    if shape == "long":
        return (list(LONG_COLUMNS), ([d[k] for k in LONG_COLUMNS] for d in long_rows(store, reports)),
                _long_types() if fmt == "parquet" else {})
    if shape == "findings":
        return (list(FINDING_COLUMNS), ([d[k] for k in FINDING_COLUMNS] for d in finding_rows(store, reports)),
                _long_types() if fmt == "parquet" else {})
    columns = wide_columns(_tables_of(store, reports))
    head = list(REPORT_COLUMNS) + [header(ref) for ref in columns]
    rows = wide_rows(store, reports, columns)
    if fmt == "parquet":
        return head, _numbers_only(rows, len(REPORT_COLUMNS)), _wide_types(head, columns)
    return head, rows, {}


def _write_xlsx(store: Store, tmp: str, shape: str, reports: list[ReportSummary]) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    n = 0
    if shape == "wide":
        tables = _tables_of(store, reports)
        columns = wide_columns(tables)
        rows = list(wide_rows(store, reports, columns))
        base = len(REPORT_COLUMNS)
        _xlsx_sheet(wb, "报告", list(REPORT_COLUMNS), [r[:base] for r in rows], freeze_cols=2)
        for t in tables:
            picked = [i for i, ref in enumerate(columns) if ref.table == t]
            head = ["报告编号", "机关", "年度"] + [header(columns[i]) for i in picked]
            body = [r[:3] + [r[base + i] for i in picked] for r in rows]
            _xlsx_sheet(wb, table_title(t), head, body, freeze_cols=3)
        n = len(rows)
    elif shape == "long":
        by_table: dict[str, list[list[Any]]] = {t: [] for t in TABLES}
        for d in long_rows(store, reports):
            by_table[d["table"]].append(_long_xlsx_row(d))
            n += 1
        for t, rows_t in by_table.items():
            if rows_t:
                _xlsx_sheet(wb, table_title(t), list(LONG_COLUMNS), rows_t, freeze_cols=0)
    findings = [[d[k] for k in FINDING_COLUMNS] for d in finding_rows(store, reports)]
    _xlsx_sheet(wb, "问题", list(FINDING_COLUMNS), findings)
    if shape == "findings":
        n = len(findings)
    wb.save(tmp)
    return n


__all__ = ["FINDING_COLUMNS", "FORMATS", "LONG_COLUMNS", "REPORT_COLUMNS", "SHAPES", "ExportError", "ExportResult",
           "export", "finding_rows", "jsonl_lines", "long_rows", "wide_rows", "write_reports"]
