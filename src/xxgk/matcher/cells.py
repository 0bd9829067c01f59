"""Cell values: reading one printed cell, and fitting a run of printed cells to a row's cell count.

A flattened row may carry one cell too many or too few, or cells run together without a separator
("1000001", "行政规范性文件417"). :func:`fit_cells` makes the row the template's width; where several readings
fit it keeps the one that satisfies the row's identity and lowers the confidence, saying why. It never turns
a blank into a zero.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..record import Value
from ..template import CellKind

BLANK_MARKERS = {"", "/", "／", "—", "－", "-", "--", "——", "无", "\\", "空"}
NUMBER = re.compile(r"[-−－+＋]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−－+＋]?\d+(?:\.\d+)?")
UNIT = re.compile(r"\s*(万元|元|件|个|项|条|次)")  # a unit printed in the cell; only money units change the value
MAX_READINGS = 20000


@dataclass(slots=True)
class CellToken:
    """A printed cell as read: its text, span, and whether it is blank."""

    text: str
    start: int
    end: int
    blank: bool = False
    unit: str = ""  # "元" or "万元" printed in the cell
    field: object | None = None  # the reader's Field (page, box, confidence)
    weak: bool = False  # an empty piece after a trailing separator: a blank cell or just filler


@dataclass(slots=True)
class FittedCell:
    value: Value
    token: CellToken | None  # None for an inferred cell
    confidence: float = 1.0
    note: str | None = None


Identity = Callable[[Sequence[Value]], bool]
# The document's own evidence on a reading of a row: (points, where from). Two points for each cell the text
# states outright, fewer for weaker hints; a reading alone at the top with SETTLED points settles the split.
Evidence = Callable[[Sequence[Value]], tuple[int, str]]
Cost = Callable[[Sequence[Value]], float]  # how unlikely a reading is (lower is likelier)


def parse_value(text: str, kind: CellKind, unit: str = "") -> Value:
    """The value of one printed cell; None for blank markers. Money keeps its decimals."""
    if text.isdigit() and text.isascii() and (kind is CellKind.COUNT or not unit):
        return int(text)  # the common case: plain ASCII digits, no unit to apply
    t = text.strip().replace(",", "").replace("−", "-").replace("－", "-").replace("＋", "+")
    if t in BLANK_MARKERS:
        return None
    try:
        d = Decimal(t)
    except InvalidOperation:
        return None
    if unit not in ("元", "万元"):
        unit = ""
    if kind is CellKind.YUAN:
        if unit == "万元":
            d = d * 10000
        return int(d) if d == d.to_integral_value() and "." not in t else d
    if kind is CellKind.MONEY_10K:
        if unit == "元":
            d = d / 10000
        return int(d) if d == d.to_integral_value() and "." not in t else d
    if d != d.to_integral_value():
        return d  # kept as printed; the checker reports a non-integer count
    return int(d)


def fit_cells(
    tokens: Sequence[CellToken],
    kinds: Sequence[CellKind],
    identity: Identity | None = None,
    column_lost: bool = False,
    trailing_filler: bool = False,
    evidence: Evidence | None = None,
    cost: Cost | None = None,
    alternatives: list[list[FittedCell]] | None = None,
) -> tuple[list[FittedCell], str | None]:
    """Make ``tokens`` exactly ``len(kinds)`` cells. Returns the cells and a note when a choice was made.

    ``column_lost``: most rows of this table are one number short (the flattening dropped a column), so a
    filler blank is not taken as a printed blank cell. ``trailing_filler``: rows of this flattening end with
    an empty filler cell, so when blanks at both edges leave the width in doubt the trailing one is filler.
    ``evidence`` and ``cost`` settle digits run together (see :func:`_split_run_together`); when they leave
    several readings that fit the identity, each is appended to ``alternatives`` (the chosen one first), so
    that the table's other identities may settle them.
    """
    n = len(kinds)
    toks = list(tokens)
    if column_lost and sum(1 for t in toks if not t.blank) == n - 1 and all(t.weak for t in toks if t.blank):
        toks = [t for t in toks if not t.blank]
    # 1. Exactly the row's width: positions are trusted, blanks stay blank.
    trims = _edge_trims(toks, n)
    if trims:
        return _plain(trims[-1] if trailing_filler else trims[0], kinds), None
    nums = [t for t in toks if not t.blank]
    if not nums:
        return [FittedCell(None, t) for t in toks[:n]] + [FittedCell(None, None)] * max(0, n - len(toks)), None
    # 2. Every printed number one cell.
    if len(nums) == n:
        return _plain(nums, kinds), None
    # 3. Fewer numbers than cells: cells run together, or a cell lost in the flattening.
    if len(nums) < n:
        split = _split_run_together(nums, kinds, identity, evidence, cost, alternatives)
        if split is not None:
            return split
        short = _explode_short(nums, n)
        if short is not None:
            return _short_run(short, kinds, identity)
        if len(nums) == n - 1 and identity is not None:
            inferred = _infer_missing(nums, kinds, identity)
            if inferred is not None:
                return inferred
        cells = _plain(nums, kinds) + [FittedCell(None, None, 0.3, "单元格缺失")] * (n - len(nums))
        return cells, f"只读到{len(nums)}个数值，应有{n}个"
    # 4. More numbers than cells: keep the window that satisfies the identity.
    return _best_window(nums, kinds, identity)


def _edge_trims(toks: list[CellToken], n: int) -> list[list[CellToken]]:
    """The row as printed when its width is right, allowing blank filler cells at the edges.

    A tab-flattened row often carries empty filler cells (merged label columns, a trailing tab); they are
    dropped only when exactly one way of dropping them leaves the row's width — otherwise the blanks are
    ambiguous and the caller falls back to the printed numbers.
    """
    if len(toks) == n:
        return [toks]
    lead = 0
    while lead < len(toks) and toks[lead].blank:
        lead += 1
    trail = 0
    while trail < len(toks) - lead and toks[len(toks) - 1 - trail].blank:
        trail += 1
    options = []
    for j in range(lead, -1, -1):  # most leading filler dropped first
        k = len(toks) - n - j
        if 0 <= k <= trail:
            options.append(toks[j : len(toks) - k])
    return options


def _plain(toks: Sequence[CellToken], kinds: Sequence[CellKind]) -> list[FittedCell]:
    return [FittedCell(None if t.blank else parse_value(t.text, k, t.unit), t) for t, k in zip(toks, kinds, strict=False)]


def _split_run_together(
    nums: list[CellToken], kinds: Sequence[CellKind], identity: Identity | None, evidence: Evidence | None = None,
    cost: Cost | None = None, alternatives: list[list[FittedCell]] | None = None,
) -> tuple[list[FittedCell], str | None] | None:
    """Split digit runs ("1000001") into cells, using every piece of evidence, and say whether it is settled.

    Settled (confidence 1.0): the digits admit one split only; or the row's identity admits exactly one; or,
    among the splits that fit the identity, the document's own evidence (``evidence``: the narrative's
    numbers, last year's record) points at one alone. Otherwise the likeliest split by ``cost`` is kept with a
    low confidence and a note saying why. A row whose identity no split satisfies (a printed error) is still
    split into its cells — the likeliest split, flagged — never left as one huge number.
    """
    n = len(kinds)
    if sum(_capacity(t.text) for t in nums) < n:
        return None
    cost = cost or digit_cost
    partial = getattr(identity, "partial", None)
    readings, complete = _enumerate(nums, n, kinds, partial)
    good = [r for r in readings if identity is None or identity(r.values)]
    if identity is not None and not good:
        return _flagged(_fallback(nums, kinds, identity, cost), 0.3, "数字连写，没有满足勾稽关系的拆分，取最可能的一种")
    if complete and len(readings) == 1:
        return _settled(readings[0], "数字连写，只有一种拆分")
    if complete and identity is not None and len(good) == 1:
        return _settled(good[0], "数字连写，按本行勾稽关系唯一确定拆分")
    if evidence is not None:
        scored = [(evidence(r.values), r) for r in good]
        top = max(points for (points, _), _ in scored)
        best = [(why, r) for (points, why), r in scored if points == top]
        if complete and top >= SETTLED and len(best) == 1:
            return _settled(best[0][1], f"数字连写，按{best[0][0]}确定拆分")
        good = [r for _, r in best]
    good.sort(key=lambda r: cost(r.values))
    kinds_of = f"{len(good)}{'种' if complete else '种以上'}拆分"
    if identity is None:
        note = f"数字连写，有{kinds_of}，无法确定，取最可能的一种"
    else:
        note = f"数字连写，有{kinds_of}都满足勾稽关系，无法确定，取最可能的一种"
    if alternatives is not None and complete:
        alternatives.extend(_reading_cells(r, 0.5, note) for r in good)
    return _flagged(good[0], 0.5, note)


SETTLED = 2  # evidence points a reading needs, alone at the top, to settle a split (see Evidence)


@dataclass(slots=True)
class Reading:
    """One way to read printed digit runs as a row's cells: (piece, token, offset in the token) and values."""

    pieces: list[tuple[str, CellToken, int]]
    values: list[Value]


def _enumerate(
    nums: list[CellToken], n: int, kinds: Sequence[CellKind], partial: Callable[[list[int]], bool] | None
) -> tuple[list[Reading], bool]:
    """The readings (up to ``MAX_READINGS``) and whether that is all of them."""
    out: list[Reading] = []
    for pieces in _readings(nums, n, partial):
        if len(out) >= MAX_READINGS:
            return out, False
        values = [parse_value(p, k, tok.unit) for (p, tok, _), k in zip(pieces, kinds, strict=True)]
        out.append(Reading(pieces, values))
    return out, True


def _fallback(nums: list[CellToken], kinds: Sequence[CellKind], identity: Identity, cost: Cost) -> Reading:
    """The likeliest reading of a row that fails its identity: as few failing groups as can be, then by cost."""
    n = len(kinds)
    failures = getattr(identity, "failures", None)
    if failures is not None:
        # a printed error usually sits in one group: search readings with one failing group first
        for allowed in (1, 2):
            readings, _ = _enumerate(nums, n, kinds, lambda prefix, a=allowed: failures(prefix) <= a)  # type: ignore[misc]
            if readings:
                return min(readings, key=lambda r: (failures([_as_int(p) for p, _, _ in r.pieces]), cost(r.values)))
    return _likeliest(nums, kinds)


def _likeliest(nums: list[CellToken], kinds: Sequence[CellKind]) -> Reading:
    """The reading with the least :func:`digit_cost` (cells of like size), found by dynamic programming."""
    n = len(kinds)
    best: dict[tuple[int, int, int], tuple[int, list[tuple[str, CellToken, int]]] | None] = {}

    def go(i: int, pos: int, used: int) -> tuple[int, list[tuple[str, CellToken, int]]] | None:
        if i == len(nums):
            return (0, []) if used == n else None
        key = (i, pos, used)
        if key in best:
            return best[key]
        result: tuple[int, list[tuple[str, CellToken, int]]] | None = None
        text = nums[i].text
        if used < n:
            if not _digit_run(text):
                rest = go(i + 1, 0, used + 1)
                if rest is not None:
                    result = (1 + rest[0], [(text, nums[i], 0), *rest[1]])
            else:
                sign = 1 if text.startswith("-") and pos == 0 else 0
                whole = text.split(".", 1)[0]
                for end in range(pos + sign + 1, len(whole) + 1):
                    digits = whole[pos + sign : end]
                    if len(digits) > 1 and digits.startswith("0"):
                        break
                    last = end == len(whole)
                    rest = go(i + 1, 0, used + 1) if last else go(i, end, used + 1)
                    if rest is not None:
                        piece = text[pos:] if last else text[pos:end]
                        c = len(digits) ** 2 + rest[0]
                        if result is None or c < result[0]:
                            result = (c, [(piece, nums[i], pos), *rest[1]])
        best[key] = result
        return result

    found = go(0, 0, 0)
    assert found is not None  # the caller checked the capacity
    pieces = found[1]
    return Reading(pieces, [parse_value(p, k, tok.unit) for (p, tok, _), k in zip(pieces, kinds, strict=True)])


def digit_cost(values: Sequence[Value]) -> float:
    """How unlikely a reading is by the shape of its numbers: cells of like size (the sum of squared digit counts;
    "5|8|45546" costs 27, "58|45|546" 17), small numbers and zeros as printed alone."""
    return float(sum(len(str(abs(int(v)))) ** 2 for v in values if v is not None))


def _settled(reading: Reading, note: str) -> tuple[list[FittedCell], str]:
    cells = _reading_cells(reading, 1.0, None)
    return cells, note


def _flagged(reading: Reading, confidence: float, note: str) -> tuple[list[FittedCell], str]:
    return _reading_cells(reading, confidence, note), note


def _reading_cells(reading: Reading, confidence: float, note: str | None) -> list[FittedCell]:
    cells = []
    for (p, tok, a), value in zip(reading.pieces, reading.values, strict=True):
        piece = CellToken(p, tok.start + a, tok.start + a + len(p), unit=tok.unit, field=tok.field)
        cells.append(FittedCell(value, piece, confidence, note))
    return cells


def _explode_short(nums: list[CellToken], n: int) -> list[CellToken] | None:
    """Fewer digits than cells ("10000000000000" for a row of 15): every digit is a cell — the one way to read
    as many cells as the digits allow. None when no run holds more than one digit."""
    if all(not _digit_run(t.text) or _int_digits(t.text) <= 1 for t in nums):
        return None
    out: list[CellToken] = []
    for t in nums:
        if not _digit_run(t.text) or _int_digits(t.text) <= 1:
            out.append(t)
            continue
        sign = 1 if t.text.startswith("-") else 0
        whole = len(t.text.split(".", 1)[0])
        cuts = [0, *range(sign + 1, whole), len(t.text)]
        for a, b in itertools.pairwise(cuts):
            out.append(CellToken(t.text[a:b], t.start + a, t.start + b, unit=t.unit, field=t.field))
    return out if len(out) < n else None


def _short_run(
    pieces: list[CellToken], kinds: Sequence[CellKind], identity: Identity | None
) -> tuple[list[FittedCell], str]:
    """A digit run too short for its row (a cell printed blank, or a printed error): each digit one cell, the
    missing cell inferred from the identity when it can be, else left blank — every cell flagged, since where
    the missing cell sits decides every other cell's place."""
    n = len(kinds)
    if len(pieces) == n - 1 and identity is not None:
        inferred = _infer_missing(pieces, kinds, identity)
        if inferred is not None:
            cells, note = inferred
            note = "数字连写且位数不足，" + note
            return [FittedCell(c.value, c.token, min(c.confidence, 0.6), note) for c in cells], note
    note = f"数字连写且位数不足：只有{len(pieces)}位数字，应有{n}个单元格"
    cells = [FittedCell(c.value, c.token, 0.3, note) for c in _plain(pieces, kinds)]
    return cells + [FittedCell(None, None, 0.3, "单元格缺失")] * (n - len(pieces)), note


def _capacity(text: str) -> int:
    return _int_digits(text) if _digit_run(text) else 1


def _readings(
    nums: list[CellToken], n: int, partial: Callable[[list[int]], bool] | None = None
) -> Iterator[list[tuple[str, CellToken, int]]]:
    """Every way to read the printed runs as exactly ``n`` cells: (piece, token, offset in the token).

    Cells are cut one at a time; ``partial`` (the identity checked on a prefix, e.g. each finished group of
    section 四) prunes readings that already fail. A piece never starts with 0 unless it is "0"; a minus sign
    stays with the first piece of its run, a decimal fraction with the last.
    """
    caps = [_capacity(t.text) for t in nums]
    suffix = [0] * (len(nums) + 1)
    for i in range(len(nums) - 1, -1, -1):
        suffix[i] = suffix[i + 1] + caps[i]
    out: list[tuple[str, CellToken, int]] = []
    ints: list[int] = []

    def walk(i: int, pos: int) -> Iterator[list[tuple[str, CellToken, int]]]:
        need = n - len(out)
        if i == len(nums):
            if need == 0:
                yield list(out)
            return
        tok = nums[i]
        text = tok.text
        if not _digit_run(text):
            yield from _take(i, text, 0, len(text))
            return
        sign = 1 if text.startswith("-") and pos == 0 else 0
        whole = text.split(".", 1)[0]
        left_in_tok = len(whole) - pos - sign
        later = suffix[i + 1]
        later_tokens = len(nums) - i - 1
        if need - 1 < later_tokens:  # every later token needs a cell
            return
        for length in range(1, left_in_tok + 1):
            rest_here = left_in_tok - length
            if need - 1 - (1 if rest_here else 0) < later_tokens or (need - 1) > later + rest_here:
                continue
            start = pos
            end = pos + sign + length
            digits = whole[start + sign : end]
            if len(digits) > 1 and digits.startswith("0"):
                break
            if rest_here:
                yield from _take(i, text, start, end, stay=True)
            else:
                yield from _take(i, text, start, len(text))

    def _take(i: int, text: str, a: int, b: int, stay: bool = False) -> Iterator[list[tuple[str, CellToken, int]]]:
        piece = text[a:b]
        out.append((piece, nums[i], a))
        ints.append(_as_int(piece))
        if partial is None or partial(ints):
            yield from (walk(i, b) if stay else walk(i + 1, 0))
        out.pop()
        ints.pop()

    yield from walk(0, 0)


def _as_int(piece: str) -> int:
    try:
        return int(Decimal(piece.replace(",", "")))
    except InvalidOperation:
        return 0


def _int_digits(text: str) -> int:
    return len(text.lstrip("-").split(".", 1)[0])


def _digit_run(text: str) -> bool:
    """Digits that may hide several cells: "1000001", "-54" (a signed change), "13575394432.52" (count + amount)."""
    return re.fullmatch(r"-?\d+(?:\.\d+)?", text) is not None


def _infer_missing(
    nums: list[CellToken], kinds: Sequence[CellKind], identity: Identity
) -> tuple[list[FittedCell], str] | None:
    """One cell lost in the flattening: the identity may tell its value; the cell is marked inferred."""
    base = _plain(nums, kinds)
    options: list[tuple[int, Value]] = []
    for pos in range(len(kinds) - 1, -1, -1):
        value = _solve(base, pos, identity, len(kinds))
        if value is not None:
            options.append((pos, value))
    if not options:
        return None
    pos, value = options[0]
    distinct = {v for _, v in options}
    confidence = 0.6 if len(distinct) == 1 else 0.3
    note = "单元格缺失，按勾稽关系推算" + ("" if len(distinct) == 1 else "（位置不确定）")
    cells = list(base)
    cells.insert(pos, FittedCell(value, None, confidence, note))
    return cells, note


def _solve(base: list[FittedCell], pos: int, identity: Identity, n: int) -> Value:
    """A value for a missing cell at ``pos`` that makes the identity hold (small search)."""
    known = [c.value for c in base]
    candidates: set[int] = {0}
    ints = [v for v in known if isinstance(v, int)]
    if ints:
        candidates.add(sum(ints))
        candidates.update(abs(a - b) for a in ints for b in ints)
        candidates.add(abs(max(ints) - (sum(ints) - max(ints))))
    for v in sorted(candidates):
        trial = [*known[:pos], v, *known[pos:]]
        if len(trial) == n and identity(trial):
            return v
    return None


def _best_window(
    nums: list[CellToken], kinds: Sequence[CellKind], identity: Identity | None
) -> tuple[list[FittedCell], str]:
    n = len(kinds)
    windows = [nums[i : i + n] for i in range(len(nums) - n + 1)]
    for w in windows:
        vals = [parse_value(t.text, k, t.unit) for t, k in zip(w, kinds, strict=True)]
        if identity is None or identity(vals):
            note = f"多出{len(nums) - n}个数值，按勾稽关系取其中{n}个"
            return [FittedCell(c.value, c.token, 0.7, note) for c in _plain(w, kinds)], note
    note = f"多出{len(nums) - n}个数值，无法用勾稽关系确定，取前{n}个"
    return [FittedCell(c.value, c.token, 0.3, note) for c in _plain(windows[0], kinds)], note
