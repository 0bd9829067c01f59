"""The matcher: a document's token stream mapped onto the template, giving the canonical record.

One matcher serves every format. Runs of cells become *vectors*; a vector is tied to the label printed
right before it when there is one. Section-二 rows are found by their labels; section-三 vectors are aligned
to the template's rows in order (labels anchor the alignment, so rows that lost their labels or whose
labels drifted still land right); section 四 is the run of cells after its header.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from .cells import CellToken, FittedCell, Identity, fit_cells
from .document import Document
from .meta import extract_meta
from .record import Cell, ParseNote, Report, ReportSource, SectionText, Source, TableData, Value, cell_path
from .sections import find_sections
from .template import ACTIVE_2019, ACTIVE_2021, APPLICATIONS, REVIEW_LITIGATION, Row, Table
from .tokens import Token, tokenize


@dataclass
class Vector:
    """A run of printed cells, with the label printed right before it (if any)."""

    cells: list[CellToken]
    first: int  # token index of the first cell
    last: int
    attached: Token | None = None  # label token right before the run
    lines: set[int] = field(default_factory=set)

    @property
    def same_line(self) -> bool:
        """The label is printed on the run's own line (a sure tie; a label on the line above may belong to the
        row below when labels drift around rotated or vertically centred cells)."""
        return self.attached is not None and self.attached.line in self.lines

    @property
    def numbers(self) -> int:
        return sum(1 for c in self.cells if not c.blank)


def build_vectors(tokens: Sequence[Token]) -> list[Vector]:
    """Group cell tokens into vectors.

    Cells on one line form one vector. Lines holding a single cell each (one-cell-per-line flattenings)
    are joined until a label, text, or an empty line intervenes.
    """
    vectors: list[Vector] = []
    i = 0
    n = len(tokens)
    while i < n:
        if not tokens[i].is_cell:
            i += 1
            continue
        j = i
        line = tokens[i].line
        while j + 1 < n and tokens[j + 1].is_cell and tokens[j + 1].line == line:
            j += 1
        seg = Vector([t.cell for t in tokens[i : j + 1] if t.cell], i, j, lines={line})
        prev = tokens[i - 1] if i > 0 else None
        single = j == i and _line_alone(tokens, i)
        last = vectors[-1] if vectors else None
        if (
            single
            and last is not None
            and last.last == i - 1
            and len(last.lines) == len(last.cells)  # the previous run is itself one cell per line
            and prev is not None
            and prev.is_cell
            and prev.line != line
        ):
            last.cells.append(seg.cells[0])
            last.last = j
            last.lines.add(line)
        else:
            if prev is not None and prev.kind == "label":
                seg.attached = prev
            vectors.append(seg)
        i = j + 1
    return vectors


def _line_alone(tokens: Sequence[Token], i: int) -> bool:
    line = tokens[i].line
    before = i == 0 or tokens[i - 1].line != line
    after = i + 1 >= len(tokens) or tokens[i + 1].line != line
    return before and after


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


review_identity.partial = _review_partial  # type: ignore[attr-defined]


def active_doc_plausible(values: Sequence[Value]) -> bool:
    """A loose plausibility for section 二 (一) rows: the in-force count is not below this year's issues."""
    nums = [v or 0 for v in values]
    return len(nums) < 3 or nums[0] <= nums[2] + nums[1]


# ---------------------------------------------------------------------------------------------- regions
@dataclass
class Regions:
    active: tuple[int, int]
    applications: tuple[int, int]
    review: tuple[int, int]


def find_regions(tokens: Sequence[Token]) -> Regions:
    """Token ranges of tables 二, 三 and 四, from their headers and labels (not from section numbers)."""
    n = len(tokens)

    def first(pred: object, start: int = 0, stop: int | None = None) -> int | None:
        for k in range(start, n if stop is None else stop):
            if pred(tokens[k]):  # type: ignore[operator]
                return k
        return None

    def first_row(start: int = 0) -> int | None:
        for k in range(start, n):
            t = tokens[k]
            if is_app_label(t) and t.label.target in ("new", "carried_over") and _row_follows(tokens, k):  # type: ignore[union-attr]
                return k
        return None

    def is_app_label(t: Token) -> bool:
        return t.kind == "label" and t.label is not None and t.label.kind == "row" and t.label.table == "applications"

    def is_marker(t: Token, *names: str) -> bool:
        return t.kind == "label" and t.label is not None and t.label.kind == "marker" and t.label.target in names

    def is_heading(t: Token, *numbers: int) -> bool:
        return t.kind == "label" and t.label is not None and t.label.kind == "heading" and t.label.section in numbers

    # Table 三 starts at its header note, else at its first row printed with cells after it (the narrative
    # may name the same rows earlier: "上年结转政府信息公开申请2件").
    app_start = first(lambda t: is_marker(t, "note_balance", "applicants"))
    if app_start is None:
        app_start = first_row()
    if app_start is None:
        app_start = first(is_app_label)
    if app_start is None:
        app_start = n
    last_app = app_start
    carried = None
    for k in range(app_start, n):
        if is_app_label(tokens[k]) and not tokens[k].bare:  # a bare "总计" may be a table-四 header
            if tokens[k].label.target == "carried_forward":  # type: ignore[union-attr]
                carried = k
                break
            last_app = k
    after = carried if carried is not None else last_app
    review_start = first(lambda t: is_heading(t, 4) or is_marker(t, "review_header", "litigation_header"), after)
    if review_start is None:
        review_start = n
    review_end = first(lambda t: is_heading(t, 5, 6), review_start)
    active_start = first(lambda t: is_heading(t, 2) or is_marker(t, "caption_art20"), 0, app_start)
    if active_start is None:
        active_start = 0
    return Regions(
        active=(active_start, app_start),
        applications=(app_start, review_start),
        review=(review_start, review_end if review_end is not None else n),
    )


def _settle_bare_labels(tokens: list[Token], width: int) -> None:
    """A generic label printed alone ("总计", "其他") is a row label only when its row's cells follow it:
    on its own line, or one per line below it when it stands alone on its line. Otherwise (a column header)
    it is plain text."""
    for k, t in enumerate(tokens):
        if t.kind != "label" or not t.bare:
            continue
        same_line = 0
        j = k + 1
        while j < len(tokens) and tokens[j].line == t.line and tokens[j].is_cell:
            same_line += 1
            j += 1
        alone = (k == 0 or tokens[k - 1].line != t.line) and (j >= len(tokens) or tokens[j].line != t.line)
        below = 0
        while alone and j < len(tokens) and tokens[j].is_cell and _line_alone(tokens, j):
            below += 1
            j += 1
        if same_line < width - 1 and below < width - 1:
            tokens[k] = Token("text", t.start, t.end, t.line, text=t.text)


def _row_follows(tokens: Sequence[Token], at: int) -> bool:
    """The label at ``at`` is followed by at least six cells (or a long digit run): a table row, not prose."""
    k = at + 1
    count = 0
    while k < len(tokens) and tokens[k].is_cell:
        count += 1
        k += 1
    return count >= len(APPLICATIONS.columns) - 1 or (count >= 1 and len(tokens[k - 1].cell.text) >= 6)  # type: ignore[union-attr]


def row_for_label(table: Table, token: Token) -> Row | None:
    """The row of ``table`` a label token names (section-二 labels are shared by the 2019 and 2021 tables)."""
    lab = token.label
    if lab is None or lab.kind != "row":
        return None
    if lab.table == table.key:
        return table.row(lab.target)
    from .labels import skel

    for row in table.rows:
        if lab.key in {skel(row.label), *(skel(v) for v in row.variants), *(skel(k) for k in row.keys)}:
            return row
    return None


# ---------------------------------------------------------------------------------------------- tables
def _cells(fitted: list[FittedCell], doc: Document) -> list[Cell]:
    out = []
    for fc in fitted:
        src = None
        if fc.token is not None:
            f = fc.token.field
            src = Source(
                line=_line_of(doc, fc.token.start),
                start=fc.token.start,
                end=fc.token.end,
                page=getattr(f, "page", None),
                box=getattr(f, "box", None),
                raw=doc.text[fc.token.start : fc.token.end] if fc.token.end <= len(doc.text) else fc.token.text,
            )
            ocr = getattr(f, "confidence", None)
            confidence = fc.confidence if ocr is None else min(fc.confidence, float(ocr))
        else:
            confidence = fc.confidence
        note = fc.note
        if note is None and confidence < 1.0:
            note = "识别置信度低"
        out.append(Cell(fc.value, src, confidence, note))
    return out


def _line_of(doc: Document, offset: int) -> int:
    starts = doc.meta.get("_line_starts")
    if starts is None:
        starts = [0] + [i + 1 for i, ch in enumerate(doc.text) if ch == "\n"]
        doc.meta["_line_starts"] = starts
    return bisect.bisect_right(starts, offset)


def detect_active_format(tokens: Sequence[Token], region: tuple[int, int]) -> str | None:
    """2021 or 2019 from the printed headers and rows of section 二; None when it is not printed."""
    score = {"2021": 0, "2019": 0}
    for t in tokens[region[0] : region[1]]:
        if t.kind != "label" or t.label is None:
            continue
        if t.label.kind == "marker" and t.label.target in ("active_2021", "active_2019"):
            score[t.label.target[-4:]] += 2
        elif t.label.kind == "row" and t.label.target in ("other_services", "procurement"):
            score["2019"] += 2
    if score["2021"] == score["2019"] == 0:
        return None
    return "2021" if score["2021"] >= score["2019"] else "2019"


def match_active(tokens: Sequence[Token], vectors: list[Vector], region: tuple[int, int], table: Table,
                 doc: Document, notes: list[ParseNote]) -> TableData | None:
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
        if vec.numbers == width:
            score = 3
        elif (vec.numbers > width and width == 1) or (vec.numbers < width <= _digits(vec)):
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
        identity: Identity | None = active_doc_plausible if len(columns) == 3 and table is ACTIVE_2021 else None
        cells = vec.cells
        if len(columns) == 1:
            # a one-value row takes its first printed value; numbers after it belong to other text
            cells = [next((c for c in vec.cells if not c.blank), vec.cells[0])]
        fitted, note = fit_cells(cells, kinds, identity)
        data.rows[row.key] = _cells(fitted, doc)
        if note:
            notes.append(ParseNote("cells-fitted", note, cell_path(table.key, row.key, 0)))
    return data


def applications_rows(tokens: Sequence[Token], region: tuple[int, int]) -> tuple[Row, ...]:
    """The section-三 rows this report prints: （六） as three sub-rows or as one row."""
    # A bare "其他" could be the applicant column header: only labels printed with their ordinal decide.
    found = {t.label.target for t in tokens[region[0] : region[1]]
             if t.kind == "label" and t.label is not None and t.label.table == "applications" and not t.bare}
    split = bool(found & {"other_no_correction", "other_no_fee", "other_other"})
    keep = []
    for row in APPLICATIONS.rows:
        if row.key in ("other_no_correction", "other_no_fee", "other_other") and not split:
            continue
        if row.key == "other" and split:
            continue
        keep.append(row)
    return tuple(keep)


ATTACHED_HIT = 10.0
ATTACHED_MISS = -10.0
LOOSE_HIT = 2.0
SKIP_VECTOR = -4.0
SKIP_ROW = -3.0


def align(vectors: list[Vector], rows: Sequence[Row], loose: dict[int, set[str]]) -> list[tuple[Vector, Row]]:
    """Order-preserving alignment of vectors to rows (labels anchor it; unlabeled rows fill the gaps)."""
    direct = _aligned_by_labels(vectors, rows)
    if direct is not None:
        return direct
    nv, nr = len(vectors), len(rows)
    keys = {r.key for r in rows}
    neg = float("-inf")
    dp = [[neg] * (nr + 1) for _ in range(nv + 1)]
    back: list[list[int]] = [[0] * (nr + 1) for _ in range(nv + 1)]
    dp[0][0] = 0.0
    for i in range(nv + 1):
        for j in range(nr + 1):
            here = dp[i][j]
            if here == neg:
                continue
            if i < nv and j < nr:
                s = here + _pair_score(vectors[i], rows[j], loose.get(i, set()), keys)
                if s > dp[i + 1][j + 1]:
                    dp[i + 1][j + 1] = s
                    back[i + 1][j + 1] = 1
            if i < nv and here + SKIP_VECTOR > dp[i + 1][j]:
                dp[i + 1][j] = here + SKIP_VECTOR
                back[i + 1][j] = 2
            if j < nr and here + SKIP_ROW > dp[i][j + 1]:
                dp[i][j + 1] = here + SKIP_ROW
                back[i][j + 1] = 3
    pairs = []
    i, j = nv, nr
    while i > 0 or j > 0:
        step = back[i][j]
        if step == 1:
            pairs.append((vectors[i - 1], rows[j - 1]))
            i, j = i - 1, j - 1
        elif step == 2:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _aligned_by_labels(vectors: list[Vector], rows: Sequence[Row]) -> list[tuple[Vector, Row]] | None:
    """The common case: every run carries its own row label, in template order — no search needed."""
    index = {r.key: i for i, r in enumerate(rows)}
    out = []
    last = -1
    for v in vectors:
        lab = v.attached.label if v.attached is not None else None
        if lab is None or lab.kind != "row" or lab.table != "applications" or lab.target not in index:
            return None
        i = index[lab.target]
        if i <= last:
            return None
        out.append((v, rows[i]))
        last = i
    return out


def _pair_score(vec: Vector, row: Row, loose_rows: set[str], keys: set[str]) -> float:
    score = 0.0
    lab = vec.attached.label if vec.attached is not None else None
    # A label naming a row of the other （六） shape (the group "（六）其他处理" over three sub-rows) says nothing.
    if lab is not None and lab.kind == "row" and lab.table == "applications" and lab.target in keys and vec.same_line:
        # a bare "总计"/"其他" may be a column header just above the row: it weighs less than a real label
        weight = 0.3 if vec.attached is not None and vec.attached.bare else 1.0
        score += weight * (ATTACHED_HIT if lab.target == row.key else ATTACHED_MISS)
    if row.key in loose_rows:
        score += LOOSE_HIT
    return score


def match_applications(tokens: Sequence[Token], vectors: list[Vector], region: tuple[int, int], doc: Document,
                       notes: list[ParseNote]) -> TableData | None:
    rows = applications_rows(tokens, region)
    width = len(APPLICATIONS.columns)
    inside = [v for v in vectors if region[0] <= v.first < region[1] and (v.numbers > 0 or _blank_row(v, width))]
    # (a run far wider than a row — the 15 cells of table 四 — is not a row of table 三)
    usable = [part for v in inside if _can_fill(v, width) for part in _split_merged(v, width)
              if part.numbers <= width + 3 or len(part.cells) <= width + 3]
    if not usable:
        return None
    loose = _loose_labels(tokens, usable, region)
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
    short = [flattened and v.numbers == width - 1 and _edge_filler_only(v) and fields_on(v) < widest
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
    for (vec, row), column_lost in zip(pairs, lost, strict=True):
        fitted, note = fit_cells(vec.cells, kinds, row_sum_identity, column_lost, trailing_filler)
        data.rows[row.key] = _cells(fitted, doc)
        if note:
            notes.append(ParseNote("cells-fitted", note, cell_path(APPLICATIONS.key, row.key, 0)))
    used = {id(v) for v, _ in pairs}
    strays = [v for v in inside if id(v) not in used and len(v.cells) == 1 and v.numbers == 1]
    _restore_displaced(data, strays, doc, notes)
    for row in rows:
        if row.key not in data.rows:
            notes.append(ParseNote("row-missing", f"第三部分表格未找到“{row.printed}”行的数据",
                                   cell_path(APPLICATIONS.key, row.key, 0)))
    return data


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


def _edge_filler_only(vec: Vector) -> bool:
    """Blanks only at the edges of the run, and each an empty piece between separators."""
    cells = vec.cells
    i, j = 0, len(cells)
    while i < j and cells[i].blank:
        i += 1
    while j > i and cells[j - 1].blank:
        j -= 1
    edges = cells[:i] + cells[j:]
    return all(c.weak for c in edges) and not any(c.blank for c in cells[i:j])


def _blank_row(vec: Vector, width: int) -> bool:
    """A row printed with every cell empty, right after its label (a blank form, or zeros left empty)."""
    lab = vec.attached.label if vec.attached is not None else None
    return lab is not None and lab.kind == "row" and len(vec.cells) >= width - 1


def _digits(vec: Vector) -> int:
    return sum(len(c.text) for c in vec.cells if not c.blank and c.text.isdigit())


def _split_merged(vec: Vector, width: int) -> list[Vector]:
    """One cell per line with a row label lost: two rows' cells ran into one run. Cut it at the row width."""
    k = len(vec.cells) // width
    if k < 2 or len(vec.cells) % width or len(vec.lines) != len(vec.cells):
        return [vec]
    parts = []
    for i in range(k):
        cells = vec.cells[i * width : (i + 1) * width]
        part = Vector(cells, vec.first + i * width, vec.first + (i + 1) * width - 1, vec.attached if i == 0 else None)
        part.lines = set(range(min(vec.lines) + i * width, min(vec.lines) + (i + 1) * width))
        parts.append(part)
    return parts


def _can_fill(vec: Vector, width: int) -> bool:
    """Whether a run of cells can be a section-三 row (allowing one lost cell and run-together digits)."""
    if len(vec.cells) >= width - 1 or vec.numbers >= width - 1:
        return True
    return _digits(vec) >= width and vec.numbers >= 1


def _loose_labels(tokens: Sequence[Token], vectors: list[Vector], region: tuple[int, int]) -> dict[int, set[str]]:
    """For each vector, the section-三 rows whose label is printed loose right before or after it."""
    attached = {id(v.attached) for v in vectors if v.attached is not None and v.same_line}
    starts = [v.first for v in vectors]
    out: dict[int, set[str]] = {}
    for k in range(region[0], region[1]):
        t = tokens[k]
        if t.kind != "label" or t.label is None or t.label.table != "applications" or id(t) in attached:
            continue
        before = max((i for i, s in enumerate(starts) if s < k), default=None)
        after = min((i for i, s in enumerate(starts) if s > k), default=None)
        for i in (before, after):
            if i is not None:
                out.setdefault(i, set()).add(t.label.target)
    return out


def match_review(vectors: list[Vector], region: tuple[int, int], doc: Document,
                 notes: list[ParseNote]) -> TableData | None:
    width = 5 * len(REVIEW_LITIGATION.rows)
    inside = [v for v in vectors if region[0] <= v.first < region[1] and (v.numbers > 0 or len(v.cells) >= width - 1)]
    if not inside:
        return None
    # The printed row is one run of 15 cells (or digits run together); prose in the section ("行政复议1件")
    # gives short runs that are not the table.
    full = [v for v in inside if len(v.cells) >= width - 1 or _digits(v) >= width]
    cells: list[CellToken] = []
    if full:
        cells = list(full[0].cells)
    else:
        for v in inside:
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
    single_other = applications is not None and "other" in applications.rows
    if active_fmt == "2019":
        return "2019" if applications is None or single_other else "mixed"
    if active_fmt == "2021" or applications is None:
        return "2021"
    return "2019" if single_other else "2021"


def match(doc: Document) -> Report:
    """Map a read document onto the template: the canonical record with provenance and parse notes."""
    tokens = tokenize(doc)
    _settle_bare_labels(tokens, len(APPLICATIONS.columns))
    vectors = build_vectors(tokens)
    regions = find_regions(tokens)
    notes: list[ParseNote] = [ParseNote("reader-warning", w) for w in doc.warnings]

    active_fmt = detect_active_format(tokens, regions.active)
    active_table = ACTIVE_2019 if active_fmt == "2019" else ACTIVE_2021
    active = match_active(tokens, vectors, regions.active, active_table, doc, notes)
    if active is None and active_fmt is None:
        # headers missing: try both layouts' row labels
        active = match_active(tokens, vectors, regions.active, ACTIVE_2021, doc, notes)
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
    report.agency, report.year, report.published_on, report.title = meta.agency, meta.year, meta.published_on, meta.title
    notes.extend(blank_notes(report))
    for cell_tuple in report.cells():
        tkey, rkey, i, cell = cell_tuple
        if cell.confidence < 0.95:
            notes.append(ParseNote("low-confidence", cell.note or "识别置信度低", cell_path(tkey, rkey, i)))
    report.notes = notes
    return report
