"""编写年报: the fill-in form of the official tables as data, read back into a record and evaluated.

The form is the record ``xxgk new`` writes (:func:`xxgk.render.skeleton.skeleton`): its tables, rows and cells
come from :mod:`xxgk.template` through the printed grids of :mod:`xxgk.render.layout` (no label is spelled
here). What the author typed is kept as typed (a bad value is shown back with its error, per cell); a blank
cell stays blank. :func:`evaluate` runs the CLI's own code on the record: :func:`xxgk.render.totals.complete`
for the totals, :func:`xxgk.rules.check` for the findings, :func:`xxgk.render.draft` for the sentences.
"""

from __future__ import annotations

import copy
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ..record import Cell, Report, SectionText, Value, plain_value
from ..render.layout import Grid, format_value, grids_for_section
from ..render.skeleton import skeleton
from ..rules.model import cell_label
from ..template import FORMATS, SECTIONS, TABLES, CellKind

TEMPLATES = tuple(FORMATS)  # "2021", "2019": every format the CLI's ``xxgk new --template`` takes
DEFAULT_TEMPLATE = "2021"
CELL_PREFIX = "cell:"  # form field of a cell: cell:applications/new/0
SECTION_PREFIX = "section:"  # form field of a section's text: section:3
MAX_AGENCY = 100  # characters
MAX_TITLE = 200
MAX_CELL = 30
MAX_SECTION = 20_000
YEARS = range(2008, 2101)  # the regulation took effect in 2008
_BLANK_WORDS = frozenset({"", "空", "空白", "/", "／", "—", "－", "-"})


def cell_key(table: str, row: str, column: int) -> str:
    """The id of a cell in the form, the API and the report page: ``table/row/column``."""
    return f"{table}/{row}/{column}"


@dataclass
class Draft:
    """The form as the author left it: the record (typed values; blank = None), the text typed per cell,
    and the errors (per cell key, or per field name: agency, year, template, published_on, section:N)."""

    report: Report
    typed: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def template(self) -> str:
        return self.report.template or DEFAULT_TEMPLATE


# ------------------------------------------------------------------ text hygiene
def clean_text(text: str, limit: int, multiline: bool = False) -> tuple[str, bool]:
    """``text`` without control characters, lone surrogates or private marks that DOCX/PDF/JSON cannot carry
    (newlines kept when ``multiline``), cut to ``limit``; and whether it was too long."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    keep = "\n\t" if multiline else ""
    out = "".join(ch for ch in text
                  if ch in keep or unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn"))
    if not multiline:
        out = out.strip()
    return out[:limit], len(out) > limit


def parse_cell(text: str, kind: CellKind) -> Value:
    """A typed value for a cell of ``kind``: None for a blank; ValueError with a Chinese reason otherwise."""
    raw = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if raw in _BLANK_WORDS:
        return None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"“{raw}”不是数字") from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 12:
        raise ValueError(f"“{raw}”不是有效的数字")
    if kind in (CellKind.COUNT, CellKind.SIGNED):
        if number != number.to_integral_value():
            raise ValueError(f"“{raw}”不是整数")
        if kind is CellKind.COUNT and number < 0:
            raise ValueError(f"“{raw}”是负数，此处应填不小于 0 的整数")
        return int(number)
    if number < 0:
        raise ValueError(f"“{raw}”是负数，金额应不小于 0")
    return number


def _typed_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if (isinstance(value, float) and not math.isfinite(value)) or (isinstance(value, Decimal)
                                                                    and not value.is_finite()):
        return str(value)  # JSON's Infinity/NaN: shown back as typed, then refused as a number
    if isinstance(value, int | float | Decimal):
        return format_value(Decimal(str(value)) if isinstance(value, float) else value)
    return str(value)


# ------------------------------------------------------------------ the form ⇄ the record
def cell_refs(report: Report) -> list[tuple[str, str, int, CellKind]]:
    """Every cell of the form of ``report`` (table, row, column, kind), in print order."""
    out = []
    for number in (2, 3, 4):
        for grid in grids_for_section(report, number):
            for c in grid.cells:
                if c.ref is not None:
                    out.append((*c.ref, c.kind))
    return out


def new_draft(agency: str = "", year: int | None = None, template: str = DEFAULT_TEMPLATE) -> Draft:
    """The empty form: the record of ``xxgk new`` (0 in the detail cells, the computed cells blank)."""
    report = skeleton(agency, year or date.today().year - 1, template)
    return Draft(report, {cell_key(t, r, c): _typed_text(report.tables[t].value(r, c))  # type: ignore[union-attr]
                          for t, r, c, _ in cell_refs(report)})


def read_form(fields: Mapping[str, Any], forced_agency: str | None = None) -> Draft:
    """The record of a filled-in form: ``fields`` maps ``agency``, ``year``, ``template``, ``published_on``,
    ``title``, ``cell:table/row/col`` and ``section:N`` to what was typed (a missing cell is blank).

    Nothing raises for bad content: each bad value is kept as typed with its error (in Chinese, naming the
    cell by its printed labels). ``forced_agency`` is the agency of an author (they write only for it).
    """
    errors: dict[str, str] = {}

    def text(name: str, limit: int, label: str) -> str:
        value, long = clean_text(_typed_text(fields.get(name)), limit)
        if long:
            errors[name] = f"{label}过长（最多 {limit} 个字符）"
        return value

    template = text("template", 10, "模板") or DEFAULT_TEMPLATE
    if template not in FORMATS:
        errors["template"] = f"没有“{template}”格式，可选 {'、'.join(TEMPLATES)}"
        template = DEFAULT_TEMPLATE
    agency = text("agency", MAX_AGENCY, "发布机关名称")
    if forced_agency is not None:
        agency = forced_agency
    elif not agency:
        errors["agency"] = "请填写发布机关全称"
    year_text = text("year", 10, "年度")
    year: int | None = None
    try:
        year = int(unicodedata.normalize("NFKC", year_text))
    except ValueError:
        errors["year"] = f"年度“{year_text}”不是年份" if year_text else "请填写报告年度"
    if year is not None and year not in YEARS:
        errors["year"] = f"年度 {year} 不在 {YEARS.start}–{YEARS.stop - 1} 之间"
        year = None
    report = skeleton(agency, year or date.today().year - 1, template)
    if year is None:
        report.year = None
    published = text("published_on", 20, "发布日期")
    if published:
        try:
            report.published_on = date.fromisoformat(unicodedata.normalize("NFKC", published)).isoformat()
        except ValueError:
            errors["published_on"] = f"发布日期“{published}”不是日期（如 2025-01-20）"
    report.title = text("title", MAX_TITLE, "标题") or None

    typed: dict[str, str] = {}
    for table, row, col, kind in cell_refs(report):
        key = cell_key(table, row, col)
        value, long = clean_text(_typed_text(fields.get(CELL_PREFIX + key)), MAX_CELL)
        typed[key] = value
        data = report.tables[table]
        assert data is not None
        cells = data.rows.setdefault(row, [])
        while len(cells) <= col:
            cells.append(Cell())
        try:
            if long:
                raise ValueError(f"内容过长（最多 {MAX_CELL} 个字符）")
            cells[col] = Cell(parse_cell(value, kind))
        except ValueError as exc:
            cells[col] = Cell(None)
            errors[key] = f"{cell_label(table, row, col)}：{exc}"
    for s in SECTIONS:
        name = f"{SECTION_PREFIX}{s.number}"
        body, long = clean_text(_typed_text(fields.get(name)), MAX_SECTION, multiline=True)
        if long:
            errors[name] = f"第{s.ordinal.rstrip('、')}部分文字过长（最多 {MAX_SECTION} 个字符），已截断"
        section = report.section(s.number)
        if section is None:
            report.sections.append(SectionText(s.number, s.ordinal + s.heading, body))
        else:
            section.text = body
    return Draft(report, typed, errors)


def fields_of(report: Report) -> dict[str, str]:
    """The form fields that hold ``report`` (a loaded record file, or the skeleton)."""
    out = {"agency": report.agency or "", "year": "" if report.year is None else str(report.year),
           "template": report.template if report.template in FORMATS else DEFAULT_TEMPLATE,
           "published_on": report.published_on or "", "title": report.title or ""}
    for table, row, col, _ in cell_refs(report):
        data = report.tables.get(table)
        out[CELL_PREFIX + cell_key(table, row, col)] = _typed_text(None if data is None else data.value(row, col))
    for s in report.sections:
        out[f"{SECTION_PREFIX}{s.number}"] = s.text
    return out


# ------------------------------------------------------------------ evaluation (the CLI's own code)
def completed(report: Report) -> Report:
    """A copy of ``report`` with the totals the identities determine (``xxgk render``'s computation)."""
    from ..render.totals import complete

    return complete(copy.deepcopy(report))


@dataclass
class Evaluation:
    """What the form shows live: computed totals, the record's findings, the drafted sentences."""

    report: Report  # the record as it would be rendered (totals completed)
    computed: dict[str, Value]  # cells left blank that the identities fill
    findings: list[dict[str, Any]]  # xxgk.rules.check on the completed record, as JSON
    draft: dict[int, str]  # section number → the standard sentences (xxgk draft)

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["severity"] == "error"]

    def to_json(self) -> dict[str, Any]:
        return {
            "computed": {k: plain_value(v) for k, v in self.computed.items()},
            "findings": self.findings,
            "summary": {s: sum(1 for f in self.findings if f["severity"] == s) for s in ("error", "warning", "info")},
            "draft": {str(k): v for k, v in self.draft.items()},
        }


def evaluate(draft: Draft) -> Evaluation:
    """Totals, findings and drafted sentences of the form's record."""
    from ..render.draft import draft as draft_sections
    from ..rules import check

    report = completed(draft.report)
    computed: dict[str, Value] = {}
    for table, row, col, _ in cell_refs(report):
        before = draft.report.tables.get(table)
        after = report.tables.get(table)
        if before is None or after is None:
            continue
        if before.value(row, col) is None and after.value(row, col) is not None:
            computed[cell_key(table, row, col)] = after.value(row, col)
    findings = [f.to_json() for f in check(report).findings]
    written = draft_sections(copy.deepcopy(report), overwrite=True)
    texts = {s.number: s.text for s in written.sections if s.number in (2, 3, 4)}
    return Evaluation(report, computed, findings, texts)


def apply_draft(draft: Draft, overwrite: bool = False) -> None:
    """Write the standard sentences into sections 二–四 (only the empty ones unless ``overwrite``), as
    ``xxgk draft`` does; the cells keep what was typed (totals are not written into the form)."""
    texts = evaluate(draft).draft
    for number, text in texts.items():
        section = draft.report.section(number)
        if section is not None and (overwrite or not section.text.strip()):
            section.text = text


# ------------------------------------------------------------------ downloads
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def file_name(report: Report, suffix: str) -> str:
    """A safe download name: agency + year + 政府信息公开工作年度报告 + suffix (no path or quote characters)."""
    from ..render.layout import REPORT_SUFFIX

    stem = _UNSAFE_NAME.sub("_", f"{report.agency or ''}{report.year or ''}年度{REPORT_SUFFIX}").strip("._")
    return f"{stem[:120] or 'report'}.{suffix}"


# ------------------------------------------------------------------ the form as data (the page's JSON twin)
def grid_json(grid: Grid) -> dict[str, Any]:
    return {"table": grid.key, "section": grid.section, "columns": grid.ncols, "header_rows": grid.header_rows,
            "cells": [{"row": c.row, "col": c.col, "rowspan": c.rowspan, "colspan": c.colspan, "role": c.role,
                       "text": "" if c.role == "value" else c.text, "kind": str(c.kind),
                       "key": cell_key(*c.ref) if c.ref else None} for c in grid.cells]}


def form_json(draft: Draft) -> dict[str, Any]:
    """The form: fields, sections and the tables' grids (labels from the template), with what was typed."""
    report = draft.report
    return {
        "template": draft.template,
        "templates": {k: FORMATS[k].document for k in TEMPLATES},
        "agency": report.agency, "year": report.year, "published_on": report.published_on, "title": report.title,
        "sections": [{"number": s.number, "heading": s.ordinal + s.heading,
                      "text": (report.section(s.number) or SectionText(s.number, "", "")).text,
                      "tables": [grid_json(g) for g in grids_for_section(report, s.number)]} for s in SECTIONS],
        "cells": draft.typed,
        "errors": draft.errors,
        "tables": sorted(k for k, v in report.tables.items() if v is not None and k in TABLES),
    }


def page_sections(draft: Draft) -> list[dict[str, Any]]:
    """Sections 一–六 for the page: heading, text and the grids (rows of origin cells) printed in each."""
    report = draft.report
    return [{"number": s.number, "heading": s.ordinal + s.heading, "name": f"{SECTION_PREFIX}{s.number}",
             "text": (report.section(s.number) or SectionText(s.number, "", "")).text,
             "grids": [{"key": g.key, "header_rows": g.header_rows, "rows": g.rows()}
                       for g in grids_for_section(report, s.number)]} for s in SECTIONS]


def cell_labels(draft: Draft) -> dict[str, str]:
    """Each cell's printed name (第三部分“（一）予以公开”“自然人”), for screen readers and errors."""
    return {cell_key(t, r, c): cell_label(t, r, c) for t, r, c, _ in cell_refs(draft.report)}
