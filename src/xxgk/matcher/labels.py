"""Find the template's printed labels in a piece of text, however it was flattened.

Labels are matched on a *skeleton* of the text: only the CJK ideographs, after NFKC (which also folds the
Kangxi radicals of browser-printed PDFs, ⼀ → 一). So spaces inside words, full/half-width brackets, quotes and
run-together digits do not matter. Every key comes from the template data; nothing here names a label itself
except the few table-header markers used to find where a table starts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..template import (
    ACTIVE_2019,
    ACTIVE_2021,
    ACTIVE_MARKERS,
    APPLICANTS_HEADER,
    APPLICATIONS,
    SECTIONS,
    Row,
)

CJK = re.compile(r"[\u3400-\u9fff]")

# Header words that mark where a table starts (printed headers, not data rows).
MARKERS: dict[str, tuple[str, ...]] = {
    "caption_art20": ("第二十条第",),
    "note_balance": ("勾稽关系", "钩稽关系", "勾稽", "钩稽"),
    "applicants": (APPLICANTS_HEADER,),
    "review_header": ("行政复议",),
    "litigation_header": ("未经复议直接起诉", "复议后起诉"),
    "active_2021": tuple(_k for _k in (re.sub(r"[^\u3400-\u9fff]", "", m) for m in ACTIVE_MARKERS["2021"])),
    "active_2019": tuple(_k for _k in (re.sub(r"[^\u3400-\u9fff]", "", m) for m in ACTIVE_MARKERS["2019"])),
}

_NUMERALS = "一二三四五六七八九十"


# Runs of plain CJK ideographs are kept whole; any other character at or above U+2E80 (radicals, compatibility
# ideographs, CJK punctuation) is folded on its own, through a memo: a report repeats the same few.
_SKELETON_PIECE = re.compile("[\u3400-\u9fff]+|[\u2e80-\u33ff\ua000-\U0010ffff]")
_FOLDED: dict[str, str] = {}


def _fold(ch: str) -> str:
    """NFKC of one character when it is a single CJK ideograph, else ""."""
    folded = _FOLDED.get(ch)
    if folded is None:
        folded = unicodedata.normalize("NFKC", ch)
        folded = folded if len(folded) == 1 and CJK.match(folded) else ""
        if len(_FOLDED) < 65536:  # bounded, whatever the input
            _FOLDED[ch] = folded
    return folded


def skeleton(text: str) -> tuple[str, list[int]]:
    """The CJK ideographs of ``text`` (NFKC-folded one by one) and, for each, its index in ``text``."""
    chars: list[str] = []
    index: list[int] = []
    for m in _SKELETON_PIECE.finditer(text):
        piece = m.group()
        if len(piece) > 1 or "\u3400" <= piece <= "\u9fff":
            chars.append(piece)
            index.extend(range(m.start(), m.end()))
        else:
            folded = _fold(piece)
            if folded:
                chars.append(folded)
                index.append(m.start())
    return "".join(chars), index


def skel(text: str) -> str:
    return skeleton(text)[0]


@dataclass(frozen=True)
class LabelKey:
    key: str  # skeleton fragment to search
    kind: str  # row | group | heading | marker
    table: str = ""  # row: table key
    target: str = ""  # row key, group key, marker name
    section: int = 0  # heading: section number
    full: str = ""  # skeleton of the whole printed label (for extending a fragment match)
    ordinal: str = ""  # expected ordinal of a row/group ("1.", "（三）", "一、")
    needs_ordinal: bool = False


@dataclass(frozen=True)
class LabelMatch:
    key: LabelKey
    start: int  # offsets in the searched text
    end: int


def _row_keys(table: str, row: Row) -> list[LabelKey]:
    full = skel(row.label + row.note)
    frags = {skel(row.label), *(skel(v) for v in row.variants), *(skel(k) for k in row.keys)}
    return [
        LabelKey(f, "row", table, row.key, full=full, ordinal=row.ordinal, needs_ordinal=row.needs_ordinal)
        for f in sorted(frags, key=len, reverse=True)
        if f
    ]


@lru_cache(maxsize=1)
def label_keys() -> tuple[LabelKey, ...]:
    """Every searchable key, longest first (the template is the only source of labels)."""
    keys: list[LabelKey] = []
    for table in (ACTIVE_2021, ACTIVE_2019, APPLICATIONS):
        for row in table.rows:
            keys.extend(_row_keys(table.key, row))
        row_words = {skel(r.label) for r in table.rows}
        for group in table.groups:
            g = skel(group.label)
            if g in row_words:
                continue  # printed as a row in one layout, as a group in the other: found as the row
            keys.append(LabelKey(g, "group", table.key, group.key, full=g, ordinal=group.ordinal))
    for section in SECTIONS:
        heading_words = {skel(section.heading), *(skel(v) for v in section.variants), *(skel(w) for w in section.keys)}
        for word in heading_words:
            keys.append(LabelKey(word, "heading", section=section.number, full=skel(section.heading)))
    row_words = {k.key for k in keys if k.kind == "row"}
    for name, words in MARKERS.items():
        for w in words:
            if w not in row_words:  # a row label is found as a row; its table tells the layout
                keys.append(LabelKey(w, "marker", target=name))
    # Dedupe identical (key, kind, target) and sort longest first so longer labels win overlaps.
    seen: dict[tuple[str, str, str, str, int], LabelKey] = {}
    for lk in keys:
        seen.setdefault((lk.key, lk.kind, lk.table, lk.target, lk.section), lk)
    return tuple(sorted(seen.values(), key=lambda lk: (-len(lk.key), lk.kind)))


_KEY_ORDER: dict[LabelKey, int] = {}


@lru_cache(maxsize=1)
def _keys_by_bigram() -> dict[str, list[LabelKey]]:
    """Keys indexed by their first two characters, so a line is only searched for keys that can occur."""
    out: dict[str, list[LabelKey]] = {}
    for i, key in enumerate(label_keys()):
        _KEY_ORDER[key] = i
        out.setdefault(key.key[:2], []).append(key)
    return out


_ORD_ARABIC = r"(?:{n})\s*[.．、]\s*$"
_ORD_CHINESE_BRACKET = r"[(（]\s*{c}\s*[)）]\s*$"
_ORD_CHINESE_COMMA = r"{c}\s*[、.．]\s*$"
_ANY_HEADING_ORDINAL = re.compile(r"[一二三四五六七八九十]{1,2}\s*[、.．]\s*[\u3400-\u9fff，,、（）()\s]{0,16}$")


def ordinal_before(text: str, pos: int, ordinal: str) -> int | None:
    """If ``text[:pos]`` ends with the printed form of ``ordinal`` (any bracket/dot style), its start."""
    if not ordinal:
        return None
    base = max(0, pos - 12)
    head = text[base:pos]
    for p in _ordinal_patterns(ordinal):
        m = p.search(head)
        if m:
            return base + m.start()
    return None


@lru_cache(maxsize=256)
def _ordinal_patterns(ordinal: str) -> tuple[re.Pattern[str], ...]:
    """The printed forms of one ordinal ("（三）", "3.", "三、"), compiled once."""
    digits = re.sub(r"\D", "", ordinal)
    chinese = "".join(ch for ch in ordinal if ch in _NUMERALS)
    patterns = []
    if digits:
        # Only the expected digit: "00000002." must give "2." to the label and "0000000" to the cells.
        patterns.append(_ORD_ARABIC.format(n=digits))
    if chinese:
        patterns.append(_ORD_CHINESE_BRACKET.format(c=chinese))
        patterns.append(_ORD_CHINESE_COMMA.format(c=chinese))
    return tuple(re.compile(p) for p in patterns)


def find_labels(text: str) -> list[LabelMatch]:
    """All labels in ``text``, non-overlapping, left to right; each span includes its printed ordinal."""
    if len(text) > 400:
        return list(_find_labels(text))
    return list(_find_labels_cached(text))


@lru_cache(maxsize=8192)
def _find_labels_cached(text: str) -> tuple[LabelMatch, ...]:
    # The same label cells recur in every report: cache by text.
    return _find_labels(text)


def _find_labels(text: str) -> tuple[LabelMatch, ...]:
    sk, index = skeleton(text)
    if not sk:
        return ()
    candidates: list[tuple[int, int, LabelKey]] = []  # skeleton start, end, key
    index_by_bigram = _keys_by_bigram()
    if len(sk) > len(index_by_bigram):  # a long text: ask which of the few key bigrams occur in it
        present = [bg for bg in index_by_bigram if bg in sk]
    else:
        present = [bg for bg in {sk[i : i + 2] for i in range(len(sk) - 1)} if bg in index_by_bigram]
    keys = sorted({k for bg in present for k in index_by_bigram[bg]}, key=_KEY_ORDER.__getitem__)
    for key in keys:
        if len(key.key) > len(sk):
            continue
        start = sk.find(key.key)
        while start >= 0:
            candidates.append((start, start + len(key.key), key))
            start = sk.find(key.key, start + 1)
    if not candidates:
        return ()
    # Longest first, then leftmost; a skeleton position is claimed once.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    claimed = [False] * len(sk)
    chosen: list[LabelMatch] = []
    for s, e, key in candidates:
        if any(claimed[s:e]):
            continue
        s2, e2 = _extend(sk, s, e, key, claimed)
        span = _accept(text, index, s2, e2, key)
        if span is None:
            continue
        for i in range(s2, e2):
            claimed[i] = True
        chosen.append(LabelMatch(key, span[0], span[1]))
    return tuple(sorted(chosen, key=lambda m: m.start))


def _extend(sk: str, s: int, e: int, key: LabelKey, claimed: list[bool]) -> tuple[int, int]:
    """Grow a fragment match over the rest of the full label where the text agrees."""
    full = key.full
    if not full or key.kind == "marker":
        return s, e
    at = full.find(key.key)
    if at < 0:
        return s, e
    i, j = s, at
    while i > 0 and j > 0 and not claimed[i - 1] and sk[i - 1] == full[j - 1]:
        i -= 1
        j -= 1
    k, m = e, at + len(key.key)
    while k < len(sk) and m < len(full) and not claimed[k] and sk[k] == full[m]:
        k += 1
        m += 1
    return i, k


def _accept(text: str, index: list[int], s: int, e: int, key: LabelKey) -> tuple[int, int] | None:
    """Span of an accepted match in ``text`` (ordinal included), or None when the context rejects it."""
    start = index[s]
    end = index[e - 1] + 1
    # Close a label over its trailing punctuation/brackets (the note's closing ）, the quote of “…”).
    while end < len(text) and text[end] in "）)”\"'’」":
        end += 1
    if key.kind in ("row", "group"):
        ord_start = ordinal_before(text, start, key.ordinal)
        if ord_start is not None:
            return ord_start, end
        if key.needs_ordinal:
            return None
        return start, end
    if key.kind == "heading":
        m = _ANY_HEADING_ORDINAL.search(text[max(0, start - 24) : start])
        if m is None:
            return None
        return max(0, start - 24) + m.start(), end
    return start, end
