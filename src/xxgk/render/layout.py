"""The printed layout of a report as plain data: blocks (title, headings, paragraphs, tables as grids).

Every writer (DOCX, HTML, PDF, the text flattenings) walks the same blocks, so the merged cells of the
official tables (reference.md §2.5–§2.7, the blank template 008) are decided once, here, from the
template definition in :mod:`xxgk.template` — no label is spelled in this package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..record import Report, TableData, Value
from ..template import (
    APPLICANTS_HEADER,
    FORMATS,
    LEGAL_PERSONS_HEADER,
    OTHER_ONE_ROW,
    OTHER_SUB_ROWS,
    SECTIONS,
    TABLES,
    CellKind,
    Column,
    Table,
)
from ..template import application_rows as template_rows

REPORT_SUFFIX = "政府信息公开工作年度报告"
# （六）其他处理 as three sub-rows (2021) or as one row (2019, and some 2021 reports).
OTHER_SPLIT = OTHER_SUB_ROWS
OTHER_SINGLE = OTHER_ONE_ROW


@dataclass
class GridCell:
    """One printed cell at its top-left grid position, with its span."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    role: str = "label"  # caption | header | label | value
    ref: tuple[str, str, int] | None = None  # (table key, row key, column index) of a data cell
    kind: CellKind = CellKind.COUNT
    align: str = "center"  # left for the item labels of table 三

    @property
    def blank(self) -> bool:
        return self.role == "value" and self.text == ""


@dataclass
class Grid:
    """A table as a grid of merged cells (what Word, HTML and the PDF table draw)."""

    key: str
    section: int
    ncols: int
    cells: list[GridCell] = field(default_factory=list)
    widths: tuple[float, ...] = ()  # relative column widths
    header_rows: int = 0

    @property
    def nrows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    def rows(self) -> list[list[GridCell]]:
        """Origin cells of each grid row, left to right."""
        out: list[list[GridCell]] = [[] for _ in range(self.nrows)]
        for c in self.cells:
            out[c.row].append(c)
        for r in out:
            r.sort(key=lambda c: c.col)
        return out

    def owner(self) -> dict[tuple[int, int], GridCell]:
        """Grid position -> the cell that covers it (origin or merged-over)."""
        out: dict[tuple[int, int], GridCell] = {}
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    out[(r, k)] = c
        return out


@dataclass
class Block:
    """One item of the document in reading order."""

    kind: str  # title | heading | paragraph | table | signature
    text: str = ""
    number: int = 0  # section number for headings
    grid: Grid | None = None


# ------------------------------------------------------------------ values
def format_value(value: Value, kind: CellKind = CellKind.COUNT) -> str:
    """A cell value as printed: blank stays blank (never 0); money without exponent or trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    else:
        text = str(value)
    if kind is CellKind.YUAN:
        text += "元"  # the unit is not in the header; print it in the cell (reference.md §3.2, P-05)
    return text


def title_of(report: Report) -> str:
    if report.title:
        return report.title
    year = f"{report.year}年" if report.year is not None else ""
    return f"{report.agency or ''}{year}{REPORT_SUFFIX}"


def date_of(report: Report) -> str:
    """The 落款 date (signed_on, else published_on; ISO) as printed, e.g. 2024年1月20日."""
    iso = report.signed_on or report.published_on
    if not iso:
        return ""
    try:
        y, m, d = (int(p) for p in iso[:10].split("-"))
    except ValueError:
        return iso
    return f"{y}年{m}月{d}日"


# ------------------------------------------------------------------ which tables and rows
def active_tables(report: Report) -> list[TableData]:
    """The section-二 tables to print: each of active / active_2019 that is present and not null."""
    return [t for key in ("active", "active_2019") if (t := report.tables.get(key)) is not None]


def other_split(report: Report, table: TableData | None) -> bool:
    """Whether （六）其他处理 prints as three sub-rows (2021) rather than one row (2019)."""
    rows = table.rows if table is not None else {}

    def filled(keys: tuple[str, ...]) -> bool:
        return any(v is not None for k in keys for c in rows.get(k, []) for v in [c.value])

    split_filled, single_filled = filled(OTHER_SPLIT), filled((OTHER_SINGLE,))
    if split_filled != single_filled:
        return split_filled
    has_split = any(k in rows for k in OTHER_SPLIT)
    has_single = OTHER_SINGLE in rows
    if has_split != has_single:
        return has_split
    return report.template != "2019"


def application_rows(report: Report) -> list[str]:
    """Row keys of table 三 in print order."""
    return [r.key for r in template_rows(split_other=other_split(report, report.tables.get("applications")))]


def _value_text(data: TableData | None, row: str, col: int, column: Column) -> str:
    return format_value(None if data is None else data.value(row, col), column.kind)


# ------------------------------------------------------------------ grids
def active_grid(data: TableData) -> Grid:
    """Section 二 as one 4-column table: a caption row per 第二十条 item, then header and data rows."""
    t: Table = TABLES[data.key]
    ncols = 1 + max(len(t.row_columns(r)) for r in t.rows)
    grid = Grid(t.key, t.section, ncols, widths=(1.0,) * ncols)
    r = 0
    for sub in t.subtables:
        grid.cells.append(GridCell(r, 0, sub.caption, colspan=ncols, role="caption"))
        r += 1
        header = list(sub.header)
        for i, text in enumerate(header):
            span = ncols - i if i == len(header) - 1 else 1
            grid.cells.append(GridCell(r, i, text, colspan=span, role="header"))
        r += 1
        for rkey in sub.rows:
            row = t.row(rkey)
            columns = t.row_columns(row)
            grid.cells.append(GridCell(r, 0, row.label, role="label"))
            for i, col in enumerate(columns):
                span = ncols - 1 - i if i == len(columns) - 1 else 1
                grid.cells.append(GridCell(r, 1 + i, _value_text(data, rkey, i, col), colspan=span,
                                           role="value", ref=(t.key, rkey, i), kind=col.kind))
            r += 1
    return grid


def applications_grid(report: Report) -> Grid:
    """Section 三: the 勾稽 note over the label columns, 申请人情况 / 法人或其他组织 header, 3 label columns."""
    t = TABLES["applications"]
    data = report.tables.get("applications")
    cols = t.columns
    nlab = 3
    grid = Grid(t.key, t.section, nlab + len(cols), widths=(0.8, 1.0, 3.4) + (0.72,) * len(cols),
                header_rows=3)
    cells = grid.cells
    # Header: the template names the applicant columns; the 法人或其他组织 span covers all between
    # 自然人 and 总计 (there is no subtotal column, reference.md §2.6).
    cells.append(GridCell(0, 0, t.header_note, rowspan=3, colspan=nlab, role="header"))
    cells.append(GridCell(0, nlab, APPLICANTS_LABEL, colspan=len(cols), role="header"))
    cells.append(GridCell(1, nlab, cols[0].label, rowspan=2, role="header"))
    cells.append(GridCell(1, nlab + 1, LEGAL_PERSONS_LABEL, colspan=len(cols) - 2, role="header"))
    cells.append(GridCell(1, nlab + len(cols) - 1, cols[-1].label, rowspan=2, role="header"))
    for i, col in enumerate(cols[1:-1]):
        cells.append(GridCell(2, nlab + 1 + i, col.label, role="header"))

    keys = application_rows(report)
    groups = {g.key: g for g in t.groups}
    r0 = 3
    # Row positions of each group (results = 三、本年度办理结果; withheld … = （三）…（六）).
    spans: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        row = t.row(key)
        g = row.group
        if g:
            spans.setdefault(g, []).append(r0 + i)
            if g in groups and g != "results":
                spans.setdefault("results", []).append(r0 + i)
    for gkey, rows in spans.items():
        group = groups[gkey]
        at = 0 if gkey == "results" else 1
        cells.append(GridCell(min(rows), at, group.ordinal + group.label, rowspan=len(rows), role="label"))
    for i, key in enumerate(keys):
        r = r0 + i
        row = t.row(key)
        if not row.group:
            cells.append(GridCell(r, 0, row.printed, colspan=nlab, role="label"))
        elif row.group == "results":
            cells.append(GridCell(r, 1, row.printed, colspan=2, role="label", align="left"))
        else:
            cells.append(GridCell(r, 2, row.printed, role="label", align="left"))
        for c, col in enumerate(cols):
            cells.append(GridCell(r, nlab + c, _value_text(data, key, c, col), role="value",
                                  ref=(t.key, key, c), kind=col.kind))
    return grid


def review_grid(report: Report) -> Grid:
    """Section 四: 行政复议 | 行政诉讼 over two header rows, 15 outcome columns, one data row."""
    t = TABLES["review_litigation"]
    data = report.tables.get("review_litigation")
    cols = t.columns
    n = len(cols)
    grid = Grid(t.key, t.section, n * len(t.rows), widths=(1.0,) * (n * len(t.rows)), header_rows=3)
    cells = grid.cells
    litigation = [r for r in t.rows if r.group]
    groups = {g.key: g for g in t.groups}
    c = 0
    for row in t.rows:
        if not row.group:
            cells.append(GridCell(0, c, row.label, colspan=n, role="header"))
            for i, col in enumerate(cols):
                cells.append(GridCell(1, c + i, col.label, rowspan=2, role="header"))
            c += n
    lit_start = c
    cells.append(GridCell(0, lit_start, groups[litigation[0].group].label, colspan=n * len(litigation),
                          role="header"))
    for row in litigation:
        cells.append(GridCell(1, c, row.label, colspan=n, role="header"))
        for i, col in enumerate(cols):
            cells.append(GridCell(2, c + i, col.label, role="header"))
        c += n
    c = 0
    for row in t.rows:
        for i, col in enumerate(cols):
            cells.append(GridCell(3, c + i, _value_text(data, row.key, i, col), role="value",
                                  ref=(t.key, row.key, i), kind=col.kind))
        c += n
    return grid


# Header words of table 三 that are not column labels of the record (merged header cells).
APPLICANTS_LABEL = APPLICANTS_HEADER
LEGAL_PERSONS_LABEL = LEGAL_PERSONS_HEADER


def grids_for_section(report: Report, number: int) -> list[Grid]:
    if number == 2:
        return [active_grid(t) for t in active_tables(report)]
    if number == 3 and report.tables.get("applications") is not None:
        return [applications_grid(report)]
    if number == 4 and report.tables.get("review_litigation") is not None:
        return [review_grid(report)]
    return []


def blocks(report: Report) -> list[Block]:
    """The whole report in reading order: title, sections with text and tables, 落款."""
    out = [Block("title", title_of(report))]
    fmt = FORMATS.get(report.template or "2021", FORMATS["2021"])
    for section in fmt.sections or SECTIONS:
        out.append(Block("heading", section.ordinal + section.heading, number=section.number))
        printed = report.section(section.number)
        if printed is not None:
            for para in printed.text.split("\n"):
                if para.strip():
                    out.append(Block("paragraph", para.strip()))
        for grid in grids_for_section(report, section.number):
            out.append(Block("table", grid=grid))
    if report.agency or report.signed_on or report.published_on:
        out.append(Block("signature", "\n".join(s for s in (report.agency or "", date_of(report)) if s)))
    return out
