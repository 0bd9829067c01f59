"""``xxgk import``: a long export (CSV, XLSX or Parquet; :data:`xxgk.store.export.LONG_COLUMNS`) read back
as new versions — the same cells.

Every row is checked first (agency, year, a cell of the template, a value the cell can hold, provenance of the
right type); any bad row stops the import before anything is written, and each is reported by its line. Then
all reports are written in one transaction: per report whose cells differ from its active version, a new
version of kind ``import`` (parent: the active version; its other fields carried over), re-checked like a
correction, with the reviews of unchanged findings carried over. A report the store does not have is created.
A report whose cells are already those of the file is left alone (importing twice changes nothing).
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..record import Report
from . import schema as s
from .cells import CellRef, all_cells, cell_index, human, kind
from .corrections import carry_reviews, check_findings, default_who
from .records import build_report, semantic, value_text
from .store import Store
from .versions import (
    CELL_FIELDS,
    add_findings,
    agency_for,
    find_agency,
    insert_version,
    load_record,
    report_for,
    touch,
)

REQUIRED = ("agency", "year", "table", "row", "column", "value")
COMPARED = ("value", "raw", "confidence", "note", "page", "box", "line", "span_start", "span_end")
MAX_LISTED = 50
TEMPLATES = ("2021", "2019", "mixed")


class ImportFileError(ValueError):
    """A file that cannot be imported; ``problems`` are (line, message), nothing was written."""

    def __init__(self, path: str, problems: list[tuple[str, str]]) -> None:
        self.path = path
        self.problems = problems
        shown = "\n".join(f"  {where}: {msg}" for where, msg in problems[:MAX_LISTED])
        more = f"\n  … and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
        super().__init__(f"{path}: {len(problems)} bad row{'s' if len(problems) != 1 else ''}, nothing imported:\n"
                         f"{shown}{more}")


@dataclass
class ImportResult:
    path: str
    rows: int
    created: list[int] = field(default_factory=list)  # report ids made by the import
    updated: list[int] = field(default_factory=list)  # reports given a new version
    unchanged: list[int] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- reading
def read_rows(path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, row) of a long export: "line N" for CSV, "SHEET!N" for XLSX, "row N" for Parquet."""
    p = Path(path)
    if not p.is_file():
        raise ImportFileError(path, [("file", "no such file")])
    suffix = p.suffix.lower()
    if suffix == ".csv":
        yield from _csv_rows(p)
    elif suffix == ".xlsx":
        yield from _xlsx_rows(p)
    elif suffix == ".parquet":
        yield from _parquet_rows(p)
    else:
        raise ImportFileError(path, [("file", f"unknown kind {suffix or '(none)'}: give a long export as .csv, "
                                              ".xlsx or .parquet (xxgk export --long)")])


def _check_header(path: Path, where: str, head: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in head]
    if missing:
        raise ImportFileError(str(path), [(where, f"not a long export: no column {', '.join(missing)} "
                                                  "(xxgk export --long writes one)")])


def _csv_rows(p: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        with p.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            _check_header(p, "line 1", list(reader.fieldnames or []))
            start = 2
            for row in reader:
                yield f"line {start}", {k: (None if v == "" else v) for k, v in row.items() if k is not None}
                start = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise ImportFileError(str(p), [("file", f"not UTF-8 text: {exc}")]) from None
    except csv.Error as exc:
        raise ImportFileError(str(p), [("file", f"not CSV: {exc}")]) from None


def _xlsx_rows(p: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError(str(p), [("file", f"not an XLSX workbook: {exc}")]) from None
    try:
        used = 0
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            head = [str(h) if h is not None else "" for h in next(rows, ())]
            if not all(c in head for c in REQUIRED):
                continue  # the findings sheet, or another
            used += 1
            for n, values in enumerate(rows, start=2):
                if all(v is None for v in values):
                    continue
                yield f"{ws.title}!{n}", {h: (None if v == "" else v) for h, v in zip(head, values, strict=False) if h}
        if not used:
            raise ImportFileError(str(p), [("file", "no sheet of a long export (xxgk export --long --format xlsx)")])
    finally:
        wb.close()


def _parquet_rows(p: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(p)
    except Exception as exc:
        raise ImportFileError(str(p), [("file", f"not a Parquet file: {exc}")]) from None
    _check_header(p, "schema", table.column_names)
    for n, row in enumerate(table.to_pylist(), start=1):
        yield f"row {n}", row


# ------------------------------------------------------------------------------------------- validating
_CELLS = {ref: None for ref in all_cells()}


def _int(v: Any, name: str, optional: bool = True) -> int | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        if optional:
            return None
        raise ValueError(f"{name} is empty")
    if isinstance(v, bool):
        raise ValueError(f"{name} {v!r} is not a whole number")
    if isinstance(v, float):
        if not v.is_integer():
            raise ValueError(f"{name} {v!r} is not a whole number")
        return int(v)
    try:
        return int(str(v).strip())
    except ValueError:
        raise ValueError(f"{name} {v!r} is not a whole number") from None


def _text(v: Any) -> str | None:
    if v is None:
        return None
    return v if isinstance(v, str) else str(v)


def _value(v: Any, ref: CellRef) -> str | None:
    """The exact value text of a cell from the file (a number of any type, or its text)."""
    from ..record import coerce_value
    from ..template import CellKind

    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, bool):
        raise ValueError(f"value {v!r} is not a number")
    text = repr(v) if isinstance(v, float) else str(v).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"value {v!r} of {human(ref)} is not a number (a blank cell is left empty; a printed "
                         "mark such as / goes in raw)") from None
    if not number.is_finite():
        raise ValueError(f"value {v!r} of {human(ref)} is not a number")
    k = kind(ref)
    if k in (CellKind.COUNT, CellKind.SIGNED) and number != number.to_integral_value():
        raise ValueError(f"value {v!r} of {human(ref)} must be a whole number")
    if k is not CellKind.SIGNED and number < 0:
        raise ValueError(f"value {v!r} of {human(ref)} cannot be negative")
    return value_text(coerce_value(text, k))


def _box(v: Any) -> list[float] | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    data = json.loads(v) if isinstance(v, str) else list(v)
    if not (isinstance(data, list) and len(data) == 4 and all(isinstance(x, int | float) for x in data)):
        raise ValueError(f"box {v!r} is not [x0, y0, x1, y1]")
    return [float(x) for x in data]


def parse_row(row: dict[str, Any]) -> tuple[str, int, str | None, dict[str, Any]]:
    """(agency, year, template, cell dict as :func:`xxgk.store.records.build_report` takes it)."""
    agency = (_text(row.get("agency")) or "").strip()
    if not agency:
        raise ValueError("agency is empty")
    year = _int(row.get("year"), "year", optional=False)
    assert year is not None
    if not 1990 <= year <= 2100:
        raise ValueError(f"year {year} is not a report year")
    table, row_key = (_text(row.get("table")) or "").strip(), (_text(row.get("row")) or "").strip()
    column = _int(row.get("column"), "column", optional=False)
    assert column is not None
    ref = CellRef(table, row_key, column)
    if ref not in _CELLS:
        tables = ", ".join(dict.fromkeys(r.table for r in all_cells()))
        if not any(r.table == table for r in all_cells()):
            raise ValueError(f"no table {table!r} (tables: {tables})")
        rows = ", ".join(dict.fromkeys(r.row for r in all_cells() if r.table == table))
        raise ValueError(f"no cell {table}.{row_key}[{column}] (rows of {table}: {rows})")
    value = _value(row.get("value"), ref)
    raw = _text(row.get("raw"))
    confidence = row.get("confidence")
    try:
        conf = 1.0 if confidence is None or confidence == "" else float(confidence)
    except (TypeError, ValueError):
        raise ValueError(f"confidence {confidence!r} is not a number") from None
    if math.isnan(conf) or not 0.0 <= conf <= 1.0:
        raise ValueError(f"confidence {confidence!r} is not between 0 and 1")
    try:
        box = _box(row.get("box"))
    except json.JSONDecodeError:
        raise ValueError(f"box {row.get('box')!r} is not [x0, y0, x1, y1]") from None
    cell = {"table": table, "row": row_key, "column": column, "value": value,
            "number": None if value is None else float(value), "raw": raw,
            "semantic": semantic(None if value is None else Decimal(value), raw), "confidence": conf,
            "note": _text(row.get("note")), "page": _int(row.get("page"), "page"), "box": box,
            "line": _int(row.get("line"), "line"), "span_start": _int(row.get("span_start"), "span_start"),
            "span_end": _int(row.get("span_end"), "span_end")}
    template = (_text(row.get("template")) or "").strip() or None
    if template is not None and template not in TEMPLATES:
        raise ValueError(f"template {template!r} is not one of {', '.join(TEMPLATES)}")
    return agency, year, template, cell


@dataclass
class _Group:
    agency: str
    year: int
    template: str | None
    cells: dict[CellRef, dict[str, Any]] = field(default_factory=dict)


def read_long(path: str) -> tuple[list[_Group], int]:
    """The file's reports (agency, year, cells), every row checked; :class:`ImportFileError` lists the bad ones."""
    from .agencies import normalise

    problems: list[tuple[str, str]] = []
    groups: dict[tuple[str, int], _Group] = {}
    n = 0
    for where, row in read_rows(path):
        n += 1
        try:
            agency, year, template, cell = parse_row(row)
        except ValueError as exc:
            problems.append((where, str(exc)))
            continue
        g = groups.setdefault((normalise(agency), year), _Group(agency, year, template))
        ref = CellRef(cell["table"], cell["row"], cell["column"])
        if ref in g.cells:
            problems.append((where, f"{agency} {year}: cell {human(ref)} given twice"))
            continue
        if template and g.template and template != g.template:
            problems.append((where, f"{agency} {year}: template {template} after {g.template}"))
            continue
        g.cells[ref] = cell
    if problems:
        raise ImportFileError(path, problems)
    if not n:
        raise ImportFileError(path, [("file", "no rows")])
    return list(groups.values()), n


# -------------------------------------------------------------------------------------------- importing
def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in COMPARED)


def import_long(store: Store, path: str, *, who: str | None = None, reason: str | None = None) -> ImportResult:
    """Import a long export (see module doc). All or nothing."""
    groups, n = read_long(path)
    who = who or default_who()
    reason = reason or f"imported from {Path(path).name}"
    result = ImportResult(path, n)
    with store.write() as session:
        for g in groups:
            cells = list(g.cells.values())
            agency = find_agency(session, g.agency) or agency_for(session, g.agency)
            report, created = report_for(session, agency.id, g.year, None)
            parent = session.get(s.Version, report.active_version_id) if report.active_version_id else None
            if parent is not None:
                old = {CellRef(c.table, c.row, c.column): {k: getattr(c, k) for k in CELL_FIELDS}
                       for c in session.scalars(select(s.Cell).where(s.Cell.version_id == parent.id))}
                if old.keys() == g.cells.keys() and all(_same(old[k], g.cells[k]) for k in old):
                    result.unchanged.append(report.id)
                    continue
                base = load_record(session, parent.id)
                record = _rebuild(base, cells)
                changed = _changes(old, g.cells)
            else:
                record = build_report({"agency": g.agency, "year": g.year, "template": g.template,
                                       "tables": {c["table"]: "present" for c in cells}}, cells, [])
                changed = _changes({}, g.cells)
            previous = _previous(session, agency.id, g.year - 1)
            own, cross = check_findings(record, previous)
            version = insert_version(session, report.id, record, kind="import",
                                     source_id=parent.source_id if parent else None,
                                     parent_id=parent.id if parent else None, created_by=who, reason=reason,
                                     changed=changed, findings=own)
            add_findings(session, version.id, cross, origin="crossyear", batch_id=None)
            session.flush()
            if parent is not None:
                carry_reviews(session, parent.id, version.id)
            report.active_version_id = version.id
            touch(report)
            (result.created if created else result.updated).append(report.id)
    return result


def _previous(session: Any, agency_id: int, year: int) -> Report | None:
    vid = session.scalar(select(s.Report.active_version_id).where(s.Report.agency_id == agency_id,
                                                                   s.Report.year == year))
    return load_record(session, vid) if vid is not None else None


def _rebuild(base: Report, cells: list[dict[str, Any]]) -> Report:
    """``base`` (the parent's record) with its cells replaced by ``cells``; its other fields kept."""
    fields = {"agency": base.agency, "year": base.year, "template": base.template,
              "published_on": base.published_on, "signed_on": base.signed_on, "title": base.title,
              "tables": {k: "missing" if t is None else "present" for k, t in base.tables.items()},
              "parse_notes": [n.to_json() for n in base.notes],
              "source": base.source.to_json() if base.source else None}
    sections = [{"position": i, "number": x.number, "heading": x.heading, "text": x.text, "span_start": x.start,
                 "span_end": x.end} for i, x in enumerate(base.sections)]
    return build_report(fields, cells, sections)


def _changes(old: dict[CellRef, dict[str, Any]], new: dict[CellRef, dict[str, Any]]) -> list[dict[str, Any]]:
    """The cells an import changed, like a correction's: value and printed text before and after."""
    out = []
    for ref in sorted(old.keys() | new.keys(), key=lambda r: cell_index().get(r, 0)):
        a, b = old.get(ref), new.get(ref)
        if a is not None and b is not None and _same(a, b):
            continue
        out.append({"table": ref.table, "row": ref.row, "column": ref.column, "cell": human(ref),
                    "old": a["value"] if a else None, "old_raw": a["raw"] if a else None,
                    "new": b["value"] if b else None, "new_raw": b["raw"] if b else None})
    return out
