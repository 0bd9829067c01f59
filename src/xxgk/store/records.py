"""Between a record (:class:`xxgk.record.Report`) and the rows of a version: cells in long form, sections.

The conversion is lossless for everything the record keeps (values as printed, blanks, provenance,
confidence, notes); a property test round-trips generated reports through it.
"""

from __future__ import annotations

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


def cell_rows(report: Report) -> list[dict[str, Any]]:
    """Every cell of ``report`` as a dict of :class:`xxgk.store.schema.Cell` columns (no version id)."""
    out = []
    for table, row, col, cell in report.cells():
        src = cell.source
        out.append({
            "table": table, "row": row, "column": col,
            "value": value_text(cell.value),
            "number": None if cell.value is None else float(cell.value),
            "raw": src.raw if src else None,
            "semantic": semantic(cell.value, src.raw if src else None),
            "confidence": float(cell.confidence),
            "note": cell.note,
            "page": src.page if src else None,
            # plain floats (an OCR reader may give numpy ones), rounded as the record's JSON rounds them
            "box": [round(float(v), 2) for v in src.box] if src and src.box is not None else None,
            "line": src.line if src else None,
            "span_start": src.start if src else None,
            "span_end": src.end if src else None,
        })
    return out


def section_rows(report: Report) -> list[dict[str, Any]]:
    return [{"position": i, "number": s.number, "heading": s.heading, "text": s.text,
             "span_start": s.start, "span_end": s.end} for i, s in enumerate(report.sections)]


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
