"""Typed shapes of the template definition (the data itself lives in :mod:`xxgk.template.formats`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class CellKind(StrEnum):
    """What a data cell holds; decides parsing, checking and rendering of its value."""

    COUNT = "count"  # non-negative integer (件/数量)
    SIGNED = "signed"  # integer that may be negative (2019 本年增/减)
    MONEY_10K = "money_10k"  # decimal in 万元 (2021 本年收费金额)
    YUAN = "yuan"  # decimal amount converted to 元 (2019 采购总金额)


@dataclass(frozen=True)
class Column:
    """One data column of a table."""

    key: str  # record key (dict member) or a stable name for list positions
    label: str  # canonical printed header
    kind: CellKind = CellKind.COUNT
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """One data row of a table: its record key, printed label and the variants met in real reports."""

    key: str
    label: str  # canonical printed label without ordinal, e.g. "属于国家秘密"
    ordinal: str = ""  # printed ordinal, e.g. "1." or "（一）" or "一、"
    group: str = ""  # key of the group label printed beside it, e.g. "withheld"
    note: str = ""  # printed note that follows the label, e.g. "（区分处理的，只计这一情形，不计其他情形）"
    variants: tuple[str, ...] = ()  # other spellings of `label` (whole label, no ordinal)
    keys: tuple[str, ...] = ()  # distinctive fragments that identify a wrapped or damaged label
    needs_ordinal: bool = False  # label too generic ("其他", "总计") to be trusted without its ordinal
    columns: tuple[Column, ...] | None = None  # per-row columns (section 二); None = the table's columns
    scalar: bool = False  # record stores the single cell as a plain value, not a dict/list
    formats: frozenset[str] = frozenset({"2019", "2021"})
    is_total: bool = False  # the row that closes the block (（七）总计)

    @property
    def printed(self) -> str:
        return f"{self.ordinal}{self.label}{self.note}"


@dataclass(frozen=True)
class Group:
    """A label printed over several rows (rowspan) that is not a data row itself."""

    key: str
    label: str
    ordinal: str = ""
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubTable:
    """A printed sub-table of section 二 (第二十条第（X）项) with its header."""

    key: str
    caption: str  # 第二十条第（一）项
    header: tuple[str, ...]  # 信息内容, column labels
    rows: tuple[str, ...]  # row keys


@dataclass(frozen=True)
class Table:
    """A table of the report, as the record stores it (`key` is the record member)."""

    key: str  # record member: active, active_2019, applications, review_litigation
    section: int  # section number (二 = 2 ...)
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    groups: tuple[Group, ...] = ()
    subtables: tuple[SubTable, ...] = ()
    header_note: str = ""
    layout: str = "dict"  # dict: rows are members; rows: record nests rows under "rows"

    def row(self, key: str) -> Row:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    def row_columns(self, row: Row) -> tuple[Column, ...]:
        return row.columns if row.columns is not None else self.columns

    def rows_for(self, fmt: str) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if fmt in r.formats)


@dataclass(frozen=True)
class Section:
    number: int  # 1..6
    ordinal: str  # 一、
    heading: str  # canonical heading without ordinal
    variants: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Format:
    """One official format: its sections and tables."""

    name: str  # "2021" or "2019"
    document: str  # 国办公开办函〔2021〕30号
    sections: tuple[Section, ...]
    tables: tuple[Table, ...] = field(default_factory=tuple)

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)
