"""The document's own evidence on a table-二 row whose digits ran together ("行政规范性文件5845546").

Table 二 has no identity, so a run like ``5845546`` splits many ways (5|8|45546, 58|45|546, …). Evidence:

* the narrative: sentences that name the row and its numbers ("制发行政规范性文件58件，废止45件，现行有效546件",
  "现行有效规范性文件546件"). Each number printed with a unit is tied to the column whose cue word (from the
  template's column header: 制发, 废止, 现行有效 …) comes last before it; a number without a cue is a weaker hint.
* last year's record, when given: 现行有效 carries over (last year's in force + issued − repealed), and the
  2019 项目数量 likewise (last year's count + change).
* plausibility, when nothing settles it: cells of like size (:func:`~xxgk.matcher.cells.digit_cost`), the
  cumulative column (现行有效, 对外公开总数量) the largest, issued ≤ in force + repealed (T2-01).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..numerals import chinese_to_int
from ..record import Report, Value
from ..template import Column, Row, Table
from .cells import Cost, Evidence, digit_cost

SENTENCE_END = re.compile(r"[。；;！!？?\n]")
# a count as the narrative prints it: digits or Chinese numerals, then a unit
COUNT = re.compile(r"(\d+|[零〇一二两三四五六七八九十百千万]+)\s*(?:件|份|部|个|篇)")
# words the narrative uses for a column beside the header's own (本年制发件数 → 制发)
SYNONYMS = {
    "issued": ("印发", "出台", "制定", "新制发", "发布"),
    "repealed": ("废除", "失效", "宣布失效", "清理废止"),
    "in_force": ("有效",),
    "new_made": ("制作",),
    "total_published": ("累计公开", "公开总数"),
}
CUMULATIVE = ("in_force", "total_published")  # this year's count includes every earlier year's
HEADER_WORDS = re.compile(r"^本年|件数$|数量$|（.*）$")


@dataclass(frozen=True)
class Fact:
    """A number the narrative states for a row: ``column`` None when no cue word says which cell."""

    column: int | None
    value: int


def cues(columns: Sequence[Column]) -> list[tuple[str, int]]:
    """Cue words for each column, from its printed header and the narrative's usual synonyms."""
    out: list[tuple[str, int]] = []
    for i, col in enumerate(columns):
        for text in (col.label, *col.variants):
            word = HEADER_WORDS.sub("", text)
            if len(word) >= 2:
                out.append((word, i))
        out.extend((w, i) for w in SYNONYMS.get(col.key, ()))
    return sorted(set(out), key=lambda c: -len(c[0]))


def row_words(row: Row) -> list[str]:
    return sorted({row.label, *row.variants, *row.keys}, key=len, reverse=True)


def narrative_facts(text: str, table: Table, row: Row) -> list[Fact]:
    """What the text says about ``row`` of ``table``: each printed count after a mention of the row (and before
    the next row's mention or the sentence end), tied to the column its cue word names."""
    columns = table.row_columns(row)
    mine = row_words(row)
    others = [w for r in table.rows if r.key != row.key for w in row_words(r) if not any(w in m for m in mine)]
    words = [(w, True) for w in mine] + [(w, False) for w in others]
    cue_words = cues(columns)
    facts: list[Fact] = []
    if not any(w in text for w in mine):
        return facts
    for sentence in SENTENCE_END.split(text):
        if not any(w in sentence for w in mine):
            continue
        mentions = _mentions(sentence, words)
        for k, (_, end, is_mine) in enumerate(mentions):
            if not is_mine:
                continue
            stop = mentions[k + 1][0] if k + 1 < len(mentions) else len(sentence)
            cue_from = mentions[k - 1][1] if k > 0 else 0
            for m in COUNT.finditer(sentence, end, stop):
                value = int(m.group(1)) if m.group(1).isdigit() else chinese_to_int(m.group(1))
                if value is None:
                    continue
                facts.append(Fact(_cue(sentence[cue_from : m.start()], cue_words), value))
                cue_from = m.end()
    return facts


def _mentions(sentence: str, words: list[tuple[str, bool]]) -> list[tuple[int, int, bool]]:
    """Where rows are named in a sentence, longest words first, never overlapping."""
    taken: list[tuple[int, int, bool]] = []
    for word, is_mine in sorted(words, key=lambda w: -len(w[0])):
        for m in re.finditer(re.escape(word), sentence):
            if all(m.end() <= a or m.start() >= b for a, b, _ in taken):
                taken.append((m.start(), m.end(), is_mine))
    return sorted(taken)


def _cue(text: str, cue_words: list[tuple[str, int]]) -> int | None:
    """The column whose cue word ends last in ``text`` (the one right before the number)."""
    best: tuple[int, int] | None = None
    for word, col in cue_words:
        at = text.rfind(word)
        if at >= 0 and (best is None or at + len(word) > best[0]):
            best = (at + len(word), col)
    return None if best is None else best[1]


def row_evidence(text: str, table: Table, row: Row, previous: Report | None) -> Evidence:
    """Evidence points of a reading of ``row`` (see :data:`xxgk.matcher.cells.Evidence`): 2 for each cell the
    narrative states under its column, −1 for each it contradicts, 1 for a stated number without a column,
    2 when last year's record carries over to the reading."""
    facts: list[Fact] = []
    read: list[bool] = []  # the narrative is searched only when a row's digits ran together
    carry = _carry_over(table, row, previous)

    def score(values: Sequence[Value]) -> tuple[int, str]:
        if not read:
            facts.extend(narrative_facts(text, table, row))
            read.append(True)
        points, why = 0, []
        for f in facts:
            if f.column is None:
                points += 1 if f.value in values else 0
            elif f.column < len(values):
                points += 2 if values[f.column] == f.value else -1
        if points > 0:
            why.append("正文所列数字")
        if carry is not None and carry(values):
            points += 2
            why.append("上年报告数字")
        return points, "及".join(why)

    return score


def _carry_over(table: Table, row: Row, previous: Report | None) -> Callable[[Sequence[Value]], bool] | None:
    """Last year's record on this row: the check a reading must pass to carry over (Y-02 / Y-03), or None."""
    if previous is None:
        return None
    then = previous.tables.get(table.key)
    keys = [c.key for c in table.row_columns(row)]
    if then is None or row.key not in then.rows:
        return None
    last = [c.value for c in then.rows[row.key]]
    if keys == ["issued", "repealed", "in_force"] and isinstance(last[2], int):
        prev_in_force = last[2]
        def carries(v: Sequence[Value]) -> bool:
            issued, repealed, in_force = v[0], v[1], v[2]
            if issued is None or repealed is None or in_force is None:
                return False
            return prev_in_force + issued - repealed == in_force

        return carries
    if keys[:2] == ["prev_count", "change"] and isinstance(last[0], int) and isinstance(last[1], int):
        expected = last[0] + last[1]
        return lambda v: v[0] == expected
    return None


def row_cost(table: Table, row: Row) -> Cost:
    """Plausibility of a reading of a table-二 row (lower is likelier)."""
    keys = [c.key for c in table.row_columns(row)]
    cumulative = next((i for i, k in enumerate(keys) if k in CUMULATIVE), None)

    def cost(values: Sequence[Value]) -> float:
        c = digit_cost(values)
        nums = [v or 0 for v in values]
        if cumulative is not None and nums[cumulative] < max(nums):
            c += 3
        if keys == ["issued", "repealed", "in_force"] and nums[0] > nums[1] + nums[2]:
            c += 4  # T2-01
        if keys[:2] == ["new_made", "new_published"] and nums[1] > nums[2]:
            c += 4  # T2-03
        return c

    return cost
