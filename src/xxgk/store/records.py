"""Between a record (:class:`xxgk.record.Report`) and the rows of a version: cells in long form, sections.

The conversion is lossless for everything the record keeps (values as printed, blanks, provenance,
confidence, notes); a property test round-trips generated reports through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..record import Cell, ParseNote, Report, ReportSource, SectionText, Source, TableData, coerce_value
from ..template import TABLES

# Printed marks that say "does not apply" rather than "left blank" (reference.md: "/", "—", "不适用").
NOT_APPLICABLE = frozenset({"/", "／", "\\", "—", "——", "-", "－", "--", "不适用", "无此项"})


def semantic(value: Any, raw: str | None) -> str:
    """number / zero / blank / not_applicable / text: what a printed cell means."""
    if value is not None:
        return "zero" if value == 0 else "number"
    text = (raw or "").strip().replace("\u3000", "")
    if not text:
        return "blank"
    if text in NOT_APPLICABLE:
        return "not_applicable"
    return "text"


def value_text(value: Any) -> str | None:
    """The exact value as text (decimals without exponent), None for a blank."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


# Columns of a cell row (:class:`xxgk.store.schema.Cell` attributes, no version id), in the order of the tuples
# of :func:`cell_tuples`.
CELL_COLUMNS = ("table", "row", "column", "value", "number", "raw", "semantic", "confidence", "note", "page", "box",
                "line", "span_start", "span_end")
SECTION_COLUMNS = ("position", "number", "heading", "text", "span_start", "span_end")


def cell_tuples(report: Report) -> list[tuple[Any, ...]]:
    """Every cell of ``report`` as a tuple of :data:`CELL_COLUMNS` (compact to pickle from a worker)."""
    out: list[tuple[Any, ...]] = []
    for table, row, col, cell in report.cells():
        src = cell.source
        value = cell.value
        if src is None:
            out.append((table, row, col, value_text(value), None if value is None else float(value), None,
                        semantic(value, None), float(cell.confidence), cell.note, None, None, None, None, None))
            continue
        # plain floats (an OCR reader may give numpy ones), rounded as the record's JSON rounds them
        box = [round(float(v), 2) for v in src.box] if src.box is not None else None
        out.append((table, row, col, value_text(value), None if value is None else float(value), src.raw,
                    semantic(value, src.raw), float(cell.confidence), cell.note, src.page, box, src.line, src.start,
                    src.end))
    return out


def cell_rows(report: Report) -> list[dict[str, Any]]:
    """Every cell of ``report`` as a dict of :class:`xxgk.store.schema.Cell` columns (no version id)."""
    return [dict(zip(CELL_COLUMNS, t, strict=True)) for t in cell_tuples(report)]


def section_rows(report: Report) -> list[dict[str, Any]]:
    return [dict(zip(SECTION_COLUMNS, t, strict=True)) for t in section_tuples(report)]


def section_tuples(report: Report) -> list[tuple[Any, ...]]:
    """The sections of ``report`` as tuples of :data:`SECTION_COLUMNS`."""
    return [(i, s.number, s.heading, s.text, s.start, s.end) for i, s in enumerate(report.sections)]


def table_states(report: Report) -> dict[str, str]:
    """Which tables the record names: present, or missing (named but not found)."""
    return {key: "missing" if t is None else "present" for key, t in report.tables.items()}


def version_confidence(report: Report) -> float:
    """How far to trust this reading among the sources of one report: mean cell confidence times the share
    of the record's tables that were found (a rendition that lost a table is worth less)."""
    cells = report.cells()
    if not cells:
        return 0.0
    mean = sum(c.confidence for *_, c in cells) / len(cells)
    tables = list(report.tables.values())
    found = sum(1 for t in tables if t is not None) / len(tables) if tables else 0.0
    return round(mean * found, 6)


def build_report(fields: dict[str, Any], cells: list[dict[str, Any]], sections: list[dict[str, Any]]) -> Report:
    """A record from a version's fields (agency, year, template, published_on, signed_on, title, tables,
    parse_notes, source) and its cell and section rows, as :func:`cell_rows` / :func:`section_rows` give them."""
    src = fields.get("source")
    report = Report(
        source=ReportSource(**src) if src else None,
        agency=fields.get("agency"),
        year=fields.get("year"),
        template=fields.get("template"),
        published_on=fields.get("published_on"),
        signed_on=fields.get("signed_on"),
        title=fields.get("title"),
    )
    for key, state in (fields.get("tables") or {}).items():
        report.tables[key] = None if state == "missing" else TableData(key)
    for c in sorted(cells, key=lambda c: (c["table"], c["row"], c["column"])):
        table = report.tables.get(c["table"])
        if table is None:  # a cell of a table the version does not name: keep it rather than lose it
            table = report.tables[c["table"]] = TableData(c["table"])
        t = TABLES[c["table"]]
        kind = t.row_columns(t.row(c["row"]))[c["column"]].kind
        row = table.rows.setdefault(c["row"], [])
        while len(row) <= c["column"]:
            row.append(Cell())
        has_source = any(c.get(k) is not None for k in ("raw", "page", "box", "line", "span_start", "span_end"))
        row[c["column"]] = Cell(
            value=coerce_value(c["value"], kind),
            source=Source(line=c.get("line"), start=c.get("span_start"), end=c.get("span_end"), page=c.get("page"),
                          box=tuple(c["box"]) if c.get("box") is not None else None, raw=c.get("raw"))
            if has_source else None,
            confidence=c.get("confidence", 1.0),
            note=c.get("note"),
        )
    # the template's row order, as the parser gives it
    for key, table in report.tables.items():
        if table is not None:
            order = {r.key: i for i, r in enumerate(TABLES[key].rows)}
            table.rows = dict(sorted(table.rows.items(), key=lambda kv: order.get(kv[0], len(order))))
    for s in sorted(sections, key=lambda s: s["position"]):
        report.sections.append(SectionText(s["number"], s["heading"], s["text"], s.get("span_start"),
                                           s.get("span_end")))
    for n in fields.get("parse_notes") or []:
        report.notes.append(ParseNote(n.get("code", ""), n.get("message", ""), n.get("path")))
    return report


@dataclass(slots=True)
class VersionRows:
    """A record as the rows of a version, built where it was parsed (a worker process), so that the single
    writer only inserts them: plain tuples pickle and unpickle in a tenth of the time of the record's objects.
    :meth:`record` rebuilds the record (for the cross-year rules) losslessly."""

    agency: str | None
    year: int | None
    fields: dict[str, Any]  # the version's own columns: agency_printed, template, … confidence, n_cells
    cells: list[tuple[Any, ...]]  # CELL_COLUMNS
    sections: list[tuple[Any, ...]]  # SECTION_COLUMNS
    metrics: list[tuple[str, float | None, str]]  # metric key, value, status
    source: dict[str, Any] | None = None  # the record's source (path, format, sha256, bytes)

    def record(self) -> Report:
        fields = {k: self.fields.get(k) for k in ("template", "published_on", "signed_on", "title", "tables",
                                                     "parse_notes")}
        fields |= {"agency": self.fields.get("agency_printed"), "year": self.year, "source": self.source}
        return build_report(fields, [dict(zip(CELL_COLUMNS, t, strict=True)) for t in self.cells],
                            [dict(zip(SECTION_COLUMNS, t, strict=True)) for t in self.sections])


def version_fields(report: Report, n_cells: int) -> dict[str, Any]:
    """The columns of :class:`xxgk.store.schema.Version` that come from the record."""
    return {"agency_printed": report.agency, "template": report.template, "published_on": report.published_on,
            "signed_on": report.signed_on, "title": report.title, "tables": table_states(report),
            "parse_notes": [n.to_json() for n in report.notes], "confidence": version_confidence(report),
            "n_cells": n_cells}


def metric_tuples(record: Report) -> list[tuple[str, float | None, str]]:
    """One (metric, value, status) per metric of the catalogue (compact to pickle from a worker): the value a
    float, None unless the status is ok."""
    from ..metrics import compute

    return [(key, None if v.value is None else float(v.value), v.status) for key, v in compute(record).items()]


def version_rows(report: Report) -> VersionRows:
    """The rows of a version holding ``report`` (cells, sections, metric values)."""
    cells = cell_tuples(report)
    src = report.source
    return VersionRows(report.agency, report.year, version_fields(report, len(cells)), cells, section_tuples(report),
                       metric_tuples(report),
                       {"path": src.path, "format": src.format, "sha256": src.sha256, "bytes": src.bytes}
                       if src is not None else None)
