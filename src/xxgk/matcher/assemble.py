"""The matcher: a document's token stream mapped onto the template, giving the canonical record.

One matcher serves every format. Runs of cells become *vectors*; a vector is tied to the label printed
right before it when there is one. Section-二 rows are found by their labels; section-三 vectors are aligned
to the template's rows in order (labels anchor the alignment, so rows that lost their labels or whose
labels drifted still land right); section 四 is the run of cells after its header.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from ..readers.document import Document
from ..record import Cell, ParseNote, Report, ReportSource, SectionText, Source, TableData, Value, cell_path
from ..template import (
    ACTIVE_2019,
    ACTIVE_2021,
    APPLICATIONS,
    OTHER_ONE_ROW,
    OTHER_SUB_ROWS,
    REVIEW_LITIGATION,
    Row,
    Table,
    application_rows,
)
from .align import align, loose_labels
from .cells import CellToken, FittedCell, fit_cells
from .columns import settle_by_columns
from .evidence import row_cost, row_evidence
from .labels import skel
from .layout import detect_active_format
from .meta import extract_meta
from .readings import number, second_readings
from .regions import find_regions, settle_bare_labels
from .sections import find_sections
from .tokens import Token, tokenize
from .vectors import Vector, blank_row, build_vectors, can_fill, digit_count, edge_filler_only, split_merged


# ---------------------------------------------------------------------------------------------- identities
def row_sum_identity(values: Sequence[Value]) -> bool:
    """T3-03: 总计 equals the sum of the six applicant columns (blanks count as 0 for fitting only)."""
    nums = [v or 0 for v in values]
    return nums[-1] == sum(nums[:-1])


def review_identity(values: Sequence[Value]) -> bool:
    """T4-01 for each of the three groups of five."""
    nums = [v or 0 for v in values]
    return all(nums[g * 5 + 4] == sum(nums[g * 5 : g * 5 + 4]) for g in range(len(nums) // 5))


def _review_partial(prefix: list[int]) -> bool:
    # a group of five just completed must balance (prunes run-together splitting of section 四)
    k = len(prefix)
    return k % 5 != 0 or prefix[k - 1] == sum(prefix[k - 5 : k - 1])


def _review_failures(prefix: list[int]) -> int:
    # finished groups of five that do not balance (a printed error: the fallback split allows one)
    return sum(1 for g in range(len(prefix) // 5) if prefix[g * 5 + 4] != sum(prefix[g * 5 : g * 5 + 4]))


review_identity.partial = _review_partial  # type: ignore[attr-defined]
review_identity.failures = _review_failures  # type: ignore[attr-defined]


def row_for_label(table: Table, token: Token) -> Row | None:
    """The row of ``table`` a label token names (section-二 labels are shared by the 2019 and 2021 tables)."""
    lab = token.label
    if lab is None or lab.kind != "row":
        return None
    if lab.table == table.key:
        return table.row(lab.target)
    return _rows_by_label(table).get(lab.key)


_ROWS_BY_LABEL: dict[str, dict[str, Row]] = {}


def _rows_by_label(table: Table) -> dict[str, Row]:
    """Each printed-label skeleton of ``table`` to its (first) row, built once per table."""
    out = _ROWS_BY_LABEL.get(table.key)
    if out is None:
        out = {}
        for row in table.rows:
            for word in (row.label, *row.variants, *row.keys):
                out.setdefault(skel(word), row)
        _ROWS_BY_LABEL[table.key] = out
    return out


# ---------------------------------------------------------------------------------------------- tables
def _cells(fitted: list[FittedCell], doc: Document) -> list[Cell]:
    out = []
    text = doc.text
    size = len(text)
    starts = _line_starts(doc)
    line_of = bisect.bisect_right
    for fc in fitted:
        confidence = fc.confidence
        token = fc.token
        if token is None:
            src = None
        else:
            f = token.field
            start, end = token.start, token.end
            if f is None:
                page = box = ocr = None
            else:
                page, box, ocr = getattr(f, "page", None), getattr(f, "box", None), getattr(f, "confidence", None)
                if ocr is not None:
                    confidence = min(confidence, float(ocr))
            src = Source(line_of(starts, start), start, end, page, box, text[start:end] if end <= size else token.text)
        note = fc.note
        if note is None and confidence < 1.0:
            note = "识别置信度低"
        cell = Cell(fc.value, src, confidence, note)
        alt = getattr(token.field, "alt", None) if token is not None else None
        if alt and token is not None:
            span = (getattr(token.field, "start", None), getattr(token.field, "end", None))
            if (token.start, token.end) == span:  # the field is this one number
                cell.alternative = number(alt)
        out.append(cell)
    return out


def _line_starts(doc: Document) -> list[int]:
    """Offsets where each line of the document text starts (computed once per document)."""
    starts = doc.meta.get("_line_starts")
    if starts is None:
        starts = [0, *itertools.accumulate(len(line) + 1 for line in doc.text.split("\n"))]
        doc.meta["_line_starts"] = starts
    return starts


def match_active(tokens: Sequence[Token], vectors: list[Vector], region: tuple[int, int], table: Table,
                 doc: Document, notes: list[ParseNote], previous: Report | None = None) -> TableData | None:
    """Section-二 rows by their labels; where a label is printed more than once (the narrative may name
    the same row: "制发行政规范性文件8件"), the occurrence whose cells fit the row best is taken."""
    by_first = {v.first: v for v in vectors}
    best: dict[str, tuple[int, int, Vector]] = {}  # row key -> (score, -token index, vector)
    for k in range(region[0], region[1]):
        row = row_for_label(table, tokens[k])
        vec = by_first.get(k + 1)
        if row is None or vec is None:
            continue
        width = len(table.row_columns(row))
        if vec.numbers == 0 and len(vec.cells) < width:
            continue
        if any(c.unit and c.unit not in ("元", "万元") for c in vec.cells):
            score = 1  # a count printed with its unit ("规范性文件58件") is the narrative, not the table
        elif vec.numbers == width:
            score = 3
        elif (vec.numbers > width and width == 1) or (vec.numbers < width <= digit_count(vec)):
            score = 2  # extra numbers after a one-value row, or cells run together
        else:
            score = 1
        if score > best.get(row.key, (0, 0, vec))[0]:
            best[row.key] = (score, -k, vec)
    if not best:
        return None
    data = TableData(table.key)
    for row in table.rows:
        if row.key not in best:
            notes.append(ParseNote("row-missing", f"第二部分未找到“{row.label}”行", cell_path(table.key, row.key, 0)))
            continue
        vec = best[row.key][2]
        columns = table.row_columns(row)
        kinds = [c.kind for c in columns]
        cells = vec.cells
        if len(columns) == 1:
            # a one-value row takes its first printed value; numbers after it belong to other text
            cells = [next((c for c in vec.cells if not c.blank), vec.cells[0])]
        # No identity here: digits run together are settled by the narrative and last year's record.
        fitted, note = fit_cells(cells, kinds, None, evidence=row_evidence(doc.text, table, row, previous),
                                 cost=row_cost(table, row))
        data.rows[row.key] = _cells(fitted, doc)
        if note:
            notes.append(ParseNote("cells-fitted", note, cell_path(table.key, row.key, 0)))
    return data


def applications_rows(tokens: Sequence[Token], region: tuple[int, int]) -> tuple[Row, ...]:
    """The section-三 rows this report prints: （六） as three sub-rows or as one row."""
    # A bare "其他" could be the applicant column header: only labels printed with their ordinal decide.
    found = {t.label.target for t in tokens[region[0] : region[1]]
             if t.kind == "label" and t.label is not None and t.label.table == "applications" and not t.bare}
    return application_rows(split_other=bool(found & set(OTHER_SUB_ROWS)))


def match_applications(tokens: Sequence[Token], vectors: list[Vector], region: tuple[int, int], doc: Document,
                       notes: list[ParseNote]) -> TableData | None:
    rows = applications_rows(tokens, region)
    width = len(APPLICATIONS.columns)
    inside = [v for v in vectors if region[0] <= v.first < region[1] and (v.numbers > 0 or blank_row(v, width))]
    # (a run far wider than a row — the 15 cells of table 四 — is not a row of table 三)
    usable = [part for v in inside if can_fill(v, width) for part in split_merged(v, width)
              if part.numbers <= width + 3 or len(part.cells) <= width + 3]
    if not usable:
        return None
    loose = loose_labels(tokens, usable, region)
    pairs = align(usable, rows, loose)
    kinds = [c.kind for c in APPLICATIONS.columns]
    data = TableData(APPLICATIONS.key)
    # A flattening that dropped a column (a PDF page extracted one cell short) leaves a run of consecutive rows
    # one number short with only filler around them; in those rows the filler is not a printed blank.
    # A short row is also short on the page: its line has fewer fields than the table's widest row line
    # (a column left blank on purpose keeps every line the same width).
    def fields_on(v: Vector) -> int:
        return max(len(doc.lines[li].fields) for li in v.lines)

    widest = max((fields_on(v) for v, _ in pairs if doc.lines[min(v.lines)].kind == "row"), default=0)
    flattened = doc.format in ("txt", "md")  # structured readers (HTML, DOCX, PDF grid) keep every cell
    short = [flattened and v.numbers == width - 1 and edge_filler_only(v) and fields_on(v) < widest
             for v, _ in pairs]
    lost = [False] * len(pairs)
    k = 0
    while k < len(short):
        m = k
        while m < len(short) and short[m]:
            m += 1
        if m - k >= 4:
            lost[k:m] = [True] * (m - k)
        k = max(m, k + 1)
    # Does this flattening end its rows with an empty filler cell? Learnt from the rows that are not in doubt.
    padded = [v for v, _ in pairs if v.numbers == width and len(v.cells) > width]
    trailing_filler = bool(padded) and sum(1 for v in padded if v.cells[-1].blank) * 2 >= len(padded)
    doubt: dict[str, list[list[FittedCell]]] = {}
    for (vec, row), column_lost in zip(pairs, lost, strict=True):
        alternatives: list[list[FittedCell]] = []
        fitted, note = fit_cells(vec.cells, kinds, row_sum_identity, column_lost, trailing_filler,
                                 alternatives=alternatives)
        data.rows[row.key] = _cells(fitted, doc)
        if alternatives:
            doubt[row.key] = alternatives
        if note:
            notes.append(ParseNote("cells-fitted", note, cell_path(APPLICATIONS.key, row.key, 0)))
    _settle_doubt(data, doubt, doc, notes)
    used = {id(v) for v, _ in pairs}
    strays = [v for v in inside if id(v) not in used and len(v.cells) == 1 and v.numbers == 1]
    _restore_displaced(data, strays, doc, notes)
    for row in rows:
        if row.key not in data.rows:
            notes.append(ParseNote("row-missing", f"第三部分表格未找到“{row.printed}”行的数据",
                                   cell_path(APPLICATIONS.key, row.key, 0)))
    return data


def _settle_doubt(data: TableData, doubt: dict[str, list[list[FittedCell]]], doc: Document,
                  notes: list[ParseNote]) -> None:
    """Rows whose run-together digits balance several ways: the column identities may settle them."""
    if not doubt:
        return
    rows = {k: [c.value for c in cells] for k, cells in data.rows.items()}
    options = {k: [[c.value for c in alt] for alt in alts] for k, alts in doubt.items()}
    for key, index in settle_by_columns(rows, options).items():
        note = "数字连写，本行有多种拆分，按各列勾稽关系确定"
        data.rows[key] = _cells([FittedCell(c.value, c.token, 1.0, None) for c in doubt[key][index]], doc)
        path = cell_path(APPLICATIONS.key, key, 0)
        notes[:] = [n for n in notes if not (n.code == "cells-fitted" and n.path == path)]
        notes.append(ParseNote("cells-fitted", note, path))


def _restore_displaced(data: TableData, strays: list[Vector], doc: Document, notes: list[ParseNote]) -> None:
    """A converter may push a cell out of its row onto a loose line ("1" printed apart, its cell left empty).

    When a row has one empty cell, its row identity names the value it must hold, and that very number stands
    loose in the table, the number is put back — with a low confidence and a note, never silently.
    """
    for key, cells in data.rows.items():
        blanks = [i for i, c in enumerate(cells) if c.value is None]
        if len(blanks) != 1 or not strays:
            continue
        b = blanks[0]
        nums = [c.value or 0 for c in cells]
        expected = sum(nums[:-1]) if b == len(cells) - 1 else nums[-1] - sum(v for i, v in enumerate(nums[:-1]) if i != b)
        if not isinstance(expected, int) or expected <= 0:
            continue
        for stray in strays:
            token = stray.cells[0]
            if token.text == str(expected):
                fitted = FittedCell(expected, token, 0.6, "单元格为空，表格旁有游离的数值且符合本行合计，已放回")
                cells[b] = _cells([fitted], doc)[0]
                notes.append(ParseNote("cell-restored", fitted.note or "", cell_path(data.key, key, b)))
                strays.remove(stray)
                break


def match_review(vectors: list[Vector], region: tuple[int, int], doc: Document,
                 notes: list[ParseNote]) -> TableData | None:
    width = 5 * len(REVIEW_LITIGATION.rows)
    inside = [v for v in vectors if region[0] <= v.first < region[1] and (v.numbers > 0 or len(v.cells) >= width - 1)]
    if not inside:
        return None
    # The printed row is one run of 15 cells (or digits run together); prose in the section ("行政复议1件")
    # gives short runs that are not the table.
    # (a run one digit short is the row too: a cell left blank, or a printed error)
    full = [v for v in inside if len(v.cells) >= width - 1 or digit_count(v) >= width - 1]
    cells: list[CellToken] = []
    group = len(REVIEW_LITIGATION.columns)
    rows = [v for v in inside if len(v.cells) >= group - 1]  # printed one group per line (5 cells each)
    if full:
        cells = list(full[0].cells)
    else:
        for v in rows if sum(len(v.cells) for v in rows) >= width - 1 else inside:
            cells.extend(v.cells)
            if sum(1 for c in cells if not c.blank) >= width:
                break
    kinds = [c.kind for _ in REVIEW_LITIGATION.rows for c in REVIEW_LITIGATION.columns]
    fitted, note = fit_cells(cells, kinds, review_identity)
    data = TableData(REVIEW_LITIGATION.key)
    made = _cells(fitted, doc)
    for g, row in enumerate(REVIEW_LITIGATION.rows):
        data.rows[row.key] = made[g * 5 : g * 5 + 5]
    if note:
        notes.append(ParseNote("cells-fitted", note, cell_path(REVIEW_LITIGATION.key, "review", 0)))
    return data


def blank_notes(report: Report) -> list[ParseNote]:
    """Flag a blank cell whose row identity says it should hold a value (the checker reports it too)."""
    out = []
    groups: list[tuple[str, str, list[Cell]]] = []
    apps = report.tables.get("applications")
    if apps is not None:
        groups.extend(("applications", k, cells) for k, cells in apps.rows.items())
    review = report.tables.get("review_litigation")
    if review is not None:
        groups.extend(("review_litigation", k, cells) for k, cells in review.rows.items())
    for tkey, rkey, cells in groups:
        blanks = [i for i, c in enumerate(cells) if c.value is None]
        if len(blanks) != 1 or len(cells) < 2:
            continue
        nums = [c.value or 0 for c in cells]
        b = blanks[0]
        expected = sum(nums[:-1]) if b == len(cells) - 1 else nums[-1] - sum(v for i, v in enumerate(nums[:-1]) if i != b)
        if expected != 0:
            out.append(ParseNote("cell-missing", f"单元格为空，按本行合计应为 {expected}", cell_path(tkey, rkey, b)))
    return out


# ---------------------------------------------------------------------------------------------- record
def detect_template(active_fmt: str | None, applications: TableData | None) -> str:
    """From the printed layout, never from the year: section 二's headers, then section 三's （六） rows."""
    single_other = applications is not None and OTHER_ONE_ROW in applications.rows
    if active_fmt == "2019":
        return "2019" if applications is None or single_other else "mixed"
    if active_fmt == "2021" or applications is None:
        return "2021"
    return "2019" if single_other else "2021"


def match(doc: Document, previous: Report | None = None) -> Report:
    """Map a read document onto the template: the canonical record with provenance and parse notes.

    ``previous``: the same agency's previous-year record, when known; it settles table-二 digits run together.
    """
    tokens = tokenize(doc)
    settle_bare_labels(tokens, len(APPLICATIONS.columns))
    vectors = build_vectors(tokens)
    regions = find_regions(tokens)
    notes: list[ParseNote] = [ParseNote("reader-warning", w) for w in doc.warnings]
    for page in doc.meta.get("ocr_unsure", []):
        notes.append(ParseNote("low-confidence", f"第{page}页像是斜着拍摄的照片（透视变形），且未找到表格外框，"
                               "无法校正：该页的识别结果均不可靠，请核对原文"))

    active_fmt = detect_active_format(tokens, regions.active, vectors, regions.applications)
    active_table = ACTIVE_2019 if active_fmt == "2019" else ACTIVE_2021
    active = match_active(tokens, vectors, regions.active, active_table, doc, notes, previous)
    if active is None and active_fmt is None:
        # headers missing: try both layouts' row labels
        active = match_active(tokens, vectors, regions.active, ACTIVE_2021, doc, notes, previous)
    applications = match_applications(tokens, vectors, regions.applications, doc, notes)
    review = match_review(vectors, regions.review, doc, notes)

    report = Report(
        source=ReportSource(doc.path, doc.format, doc.sha256, doc.size),
        template=detect_template(active_fmt if active is not None else None, applications),
    )
    if active_table is ACTIVE_2019 and active is not None:
        report.tables["active"] = None
        report.tables["active_2019"] = active
    else:
        report.tables["active"] = active
    report.tables["applications"] = applications
    report.tables["review_litigation"] = review
    for key, name in (("applications", "第三部分（收到和处理政府信息公开申请情况）"),
                      ("review_litigation", "第四部分（行政复议、行政诉讼情况）")):
        if report.tables.get(key) is None:
            notes.append(ParseNote("table-missing", f"未找到{name}表格"))
    if report.tables.get("active") is None and report.tables.get("active_2019") is None:
        notes.append(ParseNote("table-missing", "未找到第二部分（主动公开政府信息情况）表格"))

    report.sections = [SectionText(s.number, s.heading, s.text, s.start, s.end) for s in find_sections(doc, tokens)]
    meta = extract_meta(doc)
    report.agency, report.year, report.title = meta.agency, meta.year, meta.title
    report.published_on, report.signed_on = meta.published_on, meta.signed_on
    notes.extend(blank_notes(report))
    second_readings(report)
    for cell_tuple in report.cells():
        tkey, rkey, i, cell = cell_tuple
        if cell.confidence < 0.95:
            notes.append(ParseNote("low-confidence", cell.note or "识别置信度低", cell_path(tkey, rkey, i)))
    report.notes = notes
    return report
