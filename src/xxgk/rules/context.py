"""What a rule sees: the report, the previous year's report, settings, and helpers to make findings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..record import Report, TableData, Value
from ..template import APPLICATIONS, OTHER_ONE_ROW, OTHER_SUB_ROWS
from .catalogue import BY_ID
from .model import Finding, Location


@dataclass
class CheckConfig:
    local_deadline: str = "01-31"  # D-03: month-day for bodies whose deadline is set locally
    similarity_threshold: float = 0.85  # C-15
    agency_kind: str | None = None  # override: dept | local_gov | township | other


@dataclass
class Context:
    report: Report
    previous: Report | None = None
    config: CheckConfig = field(default_factory=CheckConfig)

    def finding(self, rule: str, location: Location | None = None, *, severity: str | None = None,
                values: dict[str, Any] | None = None, **params: Any) -> Finding:
        """A finding with the catalogue's message templates filled from `params`."""
        spec = BY_ID[rule]
        return Finding(
            rule=rule,
            severity=severity or spec.severity,
            message=_fill(spec.message, params),
            message_en=_fill(spec.message_en, params),
            location=location or Location(),
            values=dict(values if values is not None else params),
        )

    # ---------------------------------------------------------------- data access
    def table(self, key: str) -> TableData | None:
        return self.report.tables.get(key)

    @property
    def fmt(self) -> str | None:
        """Layout of section 二 as printed (2021/2019), else the declared template."""
        if self.table("active") is not None:
            return "2021"
        if self.table("active_2019") is not None:
            return "2019"
        return self.report.template if self.report.template in ("2021", "2019") else None

    def text(self, number: int | None = None) -> str:
        if number is None:
            return "\n".join(s.text for s in self.report.sections)
        s = self.report.section(number)
        return s.text if s is not None else ""

    @property
    def has_text(self) -> bool:
        return any(s.text.strip() for s in self.report.sections)


def _fill(template: str, params: dict[str, Any]) -> str:
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def cell_value(table: TableData | None, row: str, col: int) -> Value:
    if table is None:
        return None
    return table.value(row, col)


def printed_row(table: TableData, row: str) -> bool:
    cells = table.rows.get(row)
    return cells is not None and any(c.value is not None for c in cells)


def other_rows(table: TableData) -> tuple[list[str], list[str]]:
    """Rows of （六）其他处理 the identities use, and rows left out (printed alternative not in use).

    The 2021 layout has three sub-rows, the 2019 one (and some 2021 reports) a single row ``other``.
    Whichever carries values is used; sub-rows win when both do (then T3-04 compares them)."""
    subs = [k for k in OTHER_SUB_ROWS if k in table.rows]
    if any(printed_row(table, k) for k in subs):
        return subs, []
    if OTHER_ONE_ROW in table.rows and (printed_row(table, OTHER_ONE_ROW) or not subs):
        return [OTHER_ONE_ROW], subs
    return subs, ([OTHER_ONE_ROW] if OTHER_ONE_ROW in table.rows else [])


def result_rows(table: TableData) -> list[str]:
    """Rows summed by T3-02, in template order (（一）…（六）), as present in the table."""
    used, _ = other_rows(table)
    out = []
    for r in APPLICATIONS.rows:
        if not r.group or r.is_total:
            continue
        if r.key == OTHER_ONE_ROW or r.key in OTHER_SUB_ROWS:
            if r.key in used:
                out.append(r.key)
        elif r.key in table.rows:
            out.append(r.key)
    return out


# ---------------------------------------------------------------- agency kind (from its name)
_TOWNSHIP = re.compile(r"(镇|乡|街道|苏木)(人民政府|办事处)?$|街道办事处|镇人民政府|乡人民政府")
_ZONE = re.compile(r"开发区|高新区|实验区|新区|园区|示范区|保税区|经济区|管委会|管理委员会")
_DEPT_SUFFIX = re.compile(r"(局|厅|委员会|委|办公室|办公厅|署|处)$")
_LOCAL_GOV = re.compile(r"(省|自治区|市|自治州|州|盟|县|自治县|区|旗)人民政府$")


def agency_kind(name: str | None, override: str | None = None) -> str:
    """dept (县级以上人民政府部门), local_gov (县级以上地方人民政府), township, zone, other or unknown.

    Conservative: only names that clearly read as a department or a government get a statutory deadline."""
    if override:
        return override
    if not name:
        return "unknown"
    name = name.strip()
    if _TOWNSHIP.search(name):
        return "township"
    if _LOCAL_GOV.search(name):
        return "local_gov"
    if _ZONE.search(name):
        # 开发区/实验区 bodies are 派出机构; the zone itself (…实验区) acts as a local government.
        return "zone_gov" if re.search(r"(区|管委会|管理委员会)$", name) else "zone"
    if _DEPT_SUFFIX.search(name) and re.search(r"(省|自治区|市|州|盟|县|区|旗)", name):
        return "dept"
    return "other"


def is_government(kind: str) -> bool:
    return kind in ("local_gov", "township", "zone_gov")
