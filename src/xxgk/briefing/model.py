"""The briefing as plain data: sections of paragraphs, tables and figures, where every number is a
:class:`Number` carrying its :class:`Source` (the report and cell, the metric, or the store query it comes
from). Writers (DOCX, PDF, HTML, XLSX) only lay this out; nothing here touches the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode

# Kinds of source: a cell of a stored report's active version; a field of that version (the publication
# date); a metric of the catalogue computed on it; a finding; an aggregate query over the store; or a ratio /
# difference of two other sources.
CELL, FIELD, METRIC, FINDING, QUERY, RATIO, DIFF = "cell", "field", "metric", "finding", "query", "ratio", "diff"

# How a number is shown (the metric catalogue's kinds, plus plain dates and percentage-point changes).
COUNT, RATE, AMOUNT, DATE, POINTS = "count", "rate", "amount", "date", "points"

Value = int | float | Decimal | str  # str: a date (ISO)


@dataclass(frozen=True)
class Source:
    """Where a number comes from, precisely enough to read it again from the store
    (:func:`xxgk.briefing.provenance.resolve`)."""

    kind: str
    report_id: int | None = None
    version_id: int | None = None
    cell: str | None = None  # table/row/column, the web app's cell key
    name: str | None = None  # metric key, version field, or query name
    finding_id: int | None = None
    params: tuple[tuple[str, Any], ...] = ()  # a query's parameters (sorted)
    parts: tuple[Source, ...] = ()  # ratio / diff: numerator and denominator, or later and earlier

    @staticmethod
    def query(name: str, **params: Any) -> Source:
        return Source(QUERY, name=name, params=tuple(sorted((k, v) for k, v in params.items() if v is not None)))

    @property
    def args(self) -> dict[str, Any]:
        return dict(self.params)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        for key in ("report_id", "version_id", "cell", "name", "finding_id"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.params:
            out["params"] = dict(self.params)
        if self.parts:
            out["parts"] = [p.to_json() for p in self.parts]
        return out

    @staticmethod
    def from_json(data: dict[str, Any]) -> Source:
        return Source(data["kind"], data.get("report_id"), data.get("version_id"), data.get("cell"),
                      data.get("name"), data.get("finding_id"), tuple(sorted((data.get("params") or {}).items())),
                      tuple(Source.from_json(p) for p in data.get("parts") or ()))

    def link(self) -> str | None:
        """Where the web app shows it: the report's cell or finding, else the list or statistics behind it."""
        if self.report_id is not None:
            anchor = ""
            if self.cell is not None:
                anchor = f"#cell-{quote(self.cell, safe='/')}"
            elif self.finding_id is not None:
                anchor = f"#finding-{self.finding_id}"
            return f"/reports/{self.report_id}{anchor}"
        if self.kind == QUERY:
            args = self.args
            if "region" in args:  # the web app takes a six-digit division code
                args["region"] = str(args["region"]).ljust(6, "0")
            listing: dict[str, Any] = {k: args[k] for k in ("year", "region", "kind", "rule") if k in args}
            if self.name == "with_errors":
                listing["status"] = "error"
            if self.name in ("reports", "with_errors", "rule_reports", "template"):
                return "/reports" + (f"?{urlencode(listing)}" if listing else "")
            kept: dict[str, Any] = {k: args[k] for k in ("year", "region") if k in args}
            return "/stats" + (f"?{urlencode(kept)}" if kept else "")
        if self.parts:
            return self.parts[0].link()
        return None


@dataclass(eq=False)
class Number:
    """A number of the briefing: its value, how it is shown, and where it comes from."""

    value: Value | None  # None: not available (shown as —, never as 0)
    unit: str  # COUNT, RATE, AMOUNT, DATE, POINTS
    source: Source
    suffix: str = ""  # printed after the number (件, 份, 个): part of the number's text
    id: str = ""  # N1, N2 … in document order (set by Briefing.number())

    @property
    def text(self) -> str:
        return show(self.value, self.unit) + (self.suffix if self.value is not None else "")

    @property
    def bare(self) -> str:
        """The text without its suffix: in a table cell, the column says what is counted."""
        return show(self.value, self.unit)

    def plain(self) -> int | float | str | None:
        """The value for a spreadsheet or a data attribute: int, float, ISO date or None."""
        v = self.value
        if isinstance(v, Decimal):
            return int(v) if v == v.to_integral_value() else float(v)
        return v


def show(value: Value | None, unit: str) -> str:
    """How a value is printed: rates as 27.2%, changes of rates as 2.2个百分点, counts as integers."""
    if value is None:
        return "—"
    if unit == DATE or isinstance(value, str):
        return str(value)
    if unit == RATE:
        return f"{float(value) * 100:.1f}%"
    if unit == POINTS:
        return f"{float(value) * 100:.1f}个百分点"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


@dataclass(frozen=True)
class Link:
    """Text pointing at a report in the web app (an agency name in a list)."""

    text: str
    href: str


Inline = str | Number | Link


@dataclass
class Paragraph:
    parts: list[Inline]
    style: str = "body"  # body, note

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]  # a cell is an Inline or a list of them (a run)
    note: str = ""


@dataclass
class Series:
    name: str
    values: list[Number | None]


@dataclass
class Figure:
    """A chart: categories and series of Numbers (drawn by :mod:`xxgk.briefing.charts`)."""

    title: str
    kind: str  # "bar" (grouped bars) or "range" (P25–P75 bars with the median marked)
    categories: list[str]
    series: list[Series]
    unit: str = COUNT
    png: bytes = b""  # the matplotlib image (DOCX, PDF, and HTML without ECharts)


Block = Paragraph | Table | Figure


@dataclass
class Section:
    title: str
    blocks: list[Any] = field(default_factory=list)  # Blocks
    subsections: list[Section] = field(default_factory=list)


@dataclass
class Briefing:
    title: str
    subtitle: str
    sections: list[Section]
    kind: str = "area"  # area / agency
    meta: dict[str, Any] = field(default_factory=dict)  # year, region, agency, store, generated_at
    rules_used: list[str] = field(default_factory=list)  # rule ids named in the document (appendix)

    def walk(self) -> Iterator[tuple[Section, Block]]:
        def visit(section: Section) -> Iterator[tuple[Section, Block]]:
            for b in section.blocks:
                yield section, b
            for sub in section.subsections:
                yield from visit(sub)

        for s in self.sections:
            yield from visit(s)

    def numbers(self) -> list[Number]:
        """Every number in document order (a number shown twice is listed once)."""
        out: list[Number] = []
        seen: set[int] = set()

        def add(item: Any) -> None:
            if isinstance(item, Number) and id(item) not in seen:
                seen.add(id(item))
                out.append(item)
            elif isinstance(item, list):
                for x in item:
                    add(x)

        for _, block in self.walk():
            if isinstance(block, Paragraph):
                add(block.parts)
            elif isinstance(block, Table):
                for row in block.rows:
                    add(row)
            elif isinstance(block, Figure):
                for series in block.series:
                    add(series.values)
        return out

    def number(self) -> None:
        """Give every number its id (N1, N2 … in document order)."""
        for i, n in enumerate(self.numbers(), 1):
            n.id = f"N{i}"
