"""Agencies: the normal form of names under which ingest finds an agency again; kind and region (read from
the name, imported from an expected-agency list, or set by hand); the to-do list of agencies met at ingest
that are not on the expected list; merging a to-do into the agency it names.

The normal form of names and what a name says on its own are :mod:`xxgk.agency.names` (pure: ingest's workers
use them without the store).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..agency.names import name_facts, normalise
from ..csvtext import csv_text
from . import schema as s

if TYPE_CHECKING:
    from .store import Store

# ---------------------------------------------------------------- kind, region, expected list, to-do
NAME, LIST, HAND = "name", "list", "hand"  # where a kind or region came from
# Header words of an expected-agency list (Chinese or English, any order; only the name is required).
COLUMNS = {
    "name": ("name", "agency", "名称", "机关名称", "单位名称", "机关", "单位"),
    "kind": ("kind", "type", "类型", "机关类型", "类别"),
    "region": ("region", "region_code", "区划", "行政区划", "区划代码", "地区"),
    "parent": ("parent", "上级", "上级机关", "主管单位"),
    "aliases": ("aliases", "alias", "别名", "其他名称"),
    "former": ("former", "former_names", "原名", "原名称", "曾用名"),
}
_LIST_SEP = re.compile(r"[;；、|]")


class AgencyListError(ValueError):
    """An expected-agency list that cannot be imported; ``problems`` are (line, message) pairs."""

    def __init__(self, path: str, problems: list[tuple[int, str]]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  {path}:{line}: {msg}" if line else f"  {path}: {msg}" for line, msg in problems)
        super().__init__(f"{path}: {len(problems)} problem(s), nothing imported\n{lines}")


def new_agency(name: str, facts: tuple[str, str | None, str | None] | None = None) -> s.Agency:
    """An agency row for a printed name, kind and region read from the name (origin ``name``); ``facts``:
    :func:`name_facts` of the name when already worked out."""
    norm, kind, code = facts or name_facts(name)
    agency = s.Agency(name=name.strip(), norm_name=norm, expected=False)
    if kind:
        agency.kind, agency.kind_origin = kind, NAME
    if code:
        agency.region_code, agency.region_origin = code, NAME
    return agency


def checker_kind(agency: s.Agency) -> str | None:
    """The kind the checker's deadline rules should use (``CheckConfig(agency_kind=…)``): the kind from an
    expected-agency list or set by hand; None when it was only read from the name (the checker reads it too)."""
    from ..agency import rule_kind

    return rule_kind(agency.kind) if agency.kind_origin in (LIST, HAND) else None


def resolve_region(text: str) -> str:
    """A region given by a person: a GB/T 2260 code (6 digits, or 12 with the township part) or a name
    (福建省福州市平潭县, 平潭县). ValueError when unknown or ambiguous."""
    from ..agency import divisions, infer_region

    text = text.strip()
    d = divisions()
    if re.fullmatch(r"\d{6}|\d{12}", text):
        if text[:6] not in d.by_code:
            raise ValueError(f"unknown division code {text} (GB/T 2260, {d.year})")
        return text
    guess = infer_region(text)
    if guess.code is None:
        raise ValueError(f"region {text!r}: {guess.reason}")
    return guess.code


@dataclass
class ListRow:
    line: int
    name: str
    kind: str | None = None
    region: str | None = None
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)
    former: list[str] = field(default_factory=list)


def read_rows(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a CSV (UTF-8, UTF-8 with BOM, or GB18030) or XLSX file with their line numbers,
    keyed by the canonical column names. ValueError for an unreadable file or a header without a name."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise AgencyListError(str(path), [(0, exc.strerror or str(exc))]) from exc
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        table = _xlsx_rows(str(path), data)
    else:
        text = csv_text(data)
        if text is None:
            raise AgencyListError(str(path), [(0, "not a text file in UTF-8 or GB18030")])
        table = [(i, row) for i, row in enumerate(csv.reader(io.StringIO(text)), start=1)]
    table = [(i, [c.strip() for c in row]) for i, row in table if any(c.strip() for c in row)]
    if not table:
        raise AgencyListError(str(path), [(0, "empty list")])
    header_line, header = table[0]
    names = {}
    for j, cell in enumerate(header):
        key = next((k for k, words in COLUMNS.items() if cell.lower() in words), None)
        if key is None and cell:
            raise AgencyListError(str(path), [(header_line, f"unknown column {cell!r} (known: "
                                               f"{', '.join(w[0] for w in COLUMNS.values())})")])
        if key:
            names[j] = key
    if "name" not in names.values():
        raise AgencyListError(str(path), [(header_line, "no name column (名称 / name)")])
    return [(i, {names[j]: v for j, v in enumerate(row) if j in names and v}) for i, row in table[1:]]


def _xlsx_rows(path: str, data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise AgencyListError(path, [(0, f"not a readable XLSX file ({exc})")]) from exc
    sheet = book.worksheets[0]
    out = []
    for i, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        out.append((i, ["" if v is None else str(v) for v in row]))
    return out


def parse_rows(path: str, raw: list[tuple[int, dict[str, str]]]) -> list[ListRow]:
    """Validate every row; AgencyListError listing each bad row by line when any is bad."""
    from ..agency import parse_kind

    problems: list[tuple[int, str]] = []
    rows: list[ListRow] = []
    seen: dict[str, int] = {}
    for line, cells in raw:
        name = cells.get("name", "")
        if not name:
            problems.append((line, "no agency name"))
            continue
        norm = normalise(name)
        if norm in seen:
            problems.append((line, f"{name} is listed twice (also line {seen[norm]})"))
            continue
        seen[norm] = line
        row = ListRow(line, name, parent=cells.get("parent"),
                      aliases=[a.strip() for a in _LIST_SEP.split(cells.get("aliases", "")) if a.strip()],
                      former=[a.strip() for a in _LIST_SEP.split(cells.get("former", "")) if a.strip()])
        try:
            row.kind = parse_kind(cells["kind"]) if cells.get("kind") else None
        except ValueError as exc:
            problems.append((line, str(exc)))
        try:
            row.region = resolve_region(cells["region"]) if cells.get("region") else None
        except ValueError as exc:
            problems.append((line, str(exc)))
        rows.append(row)
    if problems:
        raise AgencyListError(path, problems)
    return rows


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    aliases: int
    path: str


def import_list(store: Store, path: str | Path) -> ImportResult:
    """Load an expected-agency list: every row becomes (or marks) an expected agency, with its kind, region,
    parent, aliases and 原 names. All or nothing: a bad row (named by its line) imports nothing."""
    path = str(path)
    rows = parse_rows(path, read_rows(path))
    created = updated = n_aliases = 0
    with store.write() as session:
        by_norm: dict[str, s.Agency] = {}
        problems: list[tuple[int, str]] = []
        for row in rows:
            agency = _find(session, row.name)
            if agency is None:
                agency = new_agency(row.name)
                session.add(agency)
                created += 1
            else:
                updated += 1
            agency.expected = True
            if row.kind:
                agency.kind, agency.kind_origin = row.kind, LIST
            if row.region:
                agency.region_code, agency.region_origin = row.region, LIST
            session.flush()
            by_norm[normalise(row.name)] = agency
            for alias, former in [(a, False) for a in row.aliases] + [(a, True) for a in row.former]:
                other = _find(session, alias)
                if other is not None and other.id != agency.id:
                    problems.append((row.line, f"{alias} is already the agency {other.name}"))
                elif other is None:
                    session.add(s.AgencyAlias(agency_id=agency.id, name=alias, norm_name=normalise(alias),
                                              former=former))
                    n_aliases += 1
        for row in rows:
            if not row.parent:
                continue
            parent = by_norm.get(normalise(row.parent)) or _find(session, row.parent)
            if parent is None:
                problems.append((row.line, f"parent {row.parent} is neither in the list nor in the store"))
            else:
                by_norm[normalise(row.name)].parent_id = parent.id
        if problems:
            raise AgencyListError(path, problems)  # rolls the transaction back: nothing half-imported
    return ImportResult(created, updated, n_aliases, path)


def _find(session: Session, name: str) -> s.Agency | None:
    from .versions import find_agency

    session.flush()
    return find_agency(session, name)


@dataclass(frozen=True)
class TodoItem:
    """An agency met at ingest that is not on the expected list, with the closest expected names."""

    id: int
    name: str
    years: tuple[int, ...]
    suggestions: tuple[str, ...]


def todo(store: Store) -> list[TodoItem]:
    """Agencies with reports that are not on the expected-agency list (to merge into one, or to accept)."""
    with store.read() as session:
        expected = {a.norm_name: a.name for a in session.scalars(select(s.Agency).where(s.Agency.expected))}
        years: dict[int, list[int]] = {}
        for agency_id, year in session.execute(
                select(s.Report.agency_id, s.Report.year).join(s.Agency, s.Agency.id == s.Report.agency_id)
                .where(~s.Agency.expected).order_by(s.Report.year)):
            years.setdefault(agency_id, []).append(year)
        out = []
        for a in session.scalars(select(s.Agency).where(s.Agency.id.in_(list(years))).order_by(s.Agency.name)):
            close = difflib.get_close_matches(a.norm_name, list(expected), n=3, cutoff=0.6)
            out.append(TodoItem(a.id, a.name, tuple(years[a.id]), tuple(expected[c] for c in close)))
        return out


def set_agency(store: Store, name: str, *, kind: str | None = None, region: str | None = None,
               parent: str | None = None, aliases: tuple[str, ...] = (), former: tuple[str, ...] = (),
               expected: bool | None = None) -> None:
    """Set by hand what the name does not say (origin ``hand``: never replaced by a guess from the name)."""
    from ..agency import parse_kind

    kind_key = parse_kind(kind) if kind else None
    code = resolve_region(region) if region else None
    with store.write() as session:
        agency = _find(session, name)
        if agency is None:
            raise KeyError(f"no agency {name!r} in the store")
        if kind_key:
            agency.kind, agency.kind_origin = kind_key, HAND
        if code:
            agency.region_code, agency.region_origin = code, HAND
        if parent:
            p = _find(session, parent)
            if p is None:
                raise KeyError(f"no agency {parent!r} in the store")
            if p.id == agency.id:
                raise ValueError("an agency cannot be its own parent")
            agency.parent_id = p.id
        if expected is not None:
            agency.expected = expected
        for alias, is_former in [(a, False) for a in aliases] + [(a, True) for a in former]:
            other = _find(session, alias)
            if other is not None and other.id != agency.id:
                raise ValueError(f"{alias} is already the agency {other.name} (xxgk agencies merge)")
            if other is None:
                session.add(s.AgencyAlias(agency_id=agency.id, name=alias, norm_name=normalise(alias),
                                          former=is_former))


def merge(store: Store, name: str, into: str, former: bool = False) -> int:
    """Make agency ``name`` (typically a to-do) a name of ``into``: its reports move over, its name becomes
    an alias (a 原 name with ``former``). Refused, with nothing changed, when both have a report for a year.
    Returns the number of reports moved."""
    with store.write() as session:
        a, b = _find(session, name), _find(session, into)
        if a is None or b is None:
            raise KeyError(f"no agency {name if a is None else into!r} in the store")
        if a.id == b.id:
            return 0
        years_a = set(session.scalars(select(s.Report.year).where(s.Report.agency_id == a.id)))
        years_b = set(session.scalars(select(s.Report.year).where(s.Report.agency_id == b.id)))
        clash = sorted(years_a & years_b)
        if clash:
            raise ValueError(f"both {a.name} and {b.name} have a report for {', '.join(map(str, clash))}: "
                             "nothing merged")
        moved = len(years_a)
        session.execute(update(s.Report).where(s.Report.agency_id == a.id).values(agency_id=b.id))
        session.execute(update(s.AgencyAlias).where(s.AgencyAlias.agency_id == a.id).values(agency_id=b.id))
        session.execute(update(s.Agency).where(s.Agency.parent_id == a.id).values(parent_id=b.id))
        name_a, norm_a = a.name, a.norm_name
        session.delete(a)
        session.flush()
        session.add(s.AgencyAlias(agency_id=b.id, name=name_a, norm_name=norm_a, former=former))
        return moved


@dataclass(frozen=True)
class AgencyInfo:
    id: int
    name: str
    kind: str | None
    kind_origin: str | None
    region_code: str | None
    region: str | None  # 福建省福州市平潭县
    region_origin: str | None
    parent: str | None
    expected: bool
    reports: int
    aliases: tuple[str, ...]


def agency_list(store: Store, expected_only: bool = False) -> list[AgencyInfo]:
    from ..agency import divisions

    with store.read() as session:
        names: dict[int, str] = {i: n for i, n in session.execute(select(s.Agency.id, s.Agency.name))}
        counts: dict[int, int] = {i: n for i, n in session.execute(
            select(s.Report.agency_id, func.count()).group_by(s.Report.agency_id))}
        aliases: dict[int, list[str]] = {}
        for al in session.scalars(select(s.AgencyAlias).order_by(s.AgencyAlias.id)):
            aliases.setdefault(al.agency_id, []).append(("原" if al.former else "") + al.name)
        q = select(s.Agency).order_by(s.Agency.region_code, s.Agency.name)
        if expected_only:
            q = q.where(s.Agency.expected)
        d = divisions()
        out = []
        for a in session.scalars(q):
            region = d.path(a.region_code[:6]) if a.region_code else None
            out.append(AgencyInfo(a.id, a.name, a.kind, a.kind_origin, a.region_code, region or None,
                                  a.region_origin, names.get(a.parent_id) if a.parent_id else None,
                                  bool(a.expected), counts.get(a.id, 0), tuple(aliases.get(a.id, ()))))
        return out


def as_json(item: Any) -> dict[str, Any]:
    return asdict(item)
