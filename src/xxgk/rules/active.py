"""Table 二 plausibility (T2-01..T2-04)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .context import Context, agency_kind
from .model import Finding, Location, row_label
from .textutil import fee_amounts


def check(ctx: Context) -> Iterator[Finding]:
    new = ctx.table("active")
    if new is not None:
        for row in ("rules", "normative_documents"):
            issued, repealed, in_force = (new.value(row, i) for i in range(3))
            if None not in (issued, repealed, in_force) and issued > in_force + repealed:  # type: ignore[operator]
                yield ctx.finding("T2-01", Location("active", row, 0), row=row_label("active", row),
                                  issued=issued, repealed=repealed, in_force=in_force)
        fees = new.value("fees_10k_yuan", 0)
        amounts = fee_amounts(ctx.text(6)) if ctx.has_text else []
        if fees is not None and fees == 0 and amounts:
            yield ctx.finding("T2-04", Location("active", "fees_10k_yuan", 0), amount=amounts[0])
    old = ctx.table("active_2019")
    if old is not None:
        for row in ("rules", "normative_documents"):
            published, total = old.value(row, 1), old.value(row, 2)
            if published is not None and total is not None and published > total:
                yield ctx.finding("T2-03", Location("active_2019", row, 1), row=row_label("active_2019", row),
                                  new_published=published, total_published=total)
    yield from _rules_power(ctx)


def _makes_rules(name: str) -> bool:
    """国务院部门, 省级 and 设区的市/自治州 governments make 规章 (立法法)."""
    if re.search(r"^(国家|中华人民共和国|国务院)|部$|总局$|署$", name) and not re.search(r"[省市县区州旗]", name):
        return True
    return bool(re.search(r"(省|自治区|市|自治州|州)人民政府(办公厅|办公室)?$", name)) and not re.search(
        r"[县区]", name.replace("自治区", ""))


def _rules_power(ctx: Context) -> Iterator[Finding]:
    name = ctx.report.agency
    if not name or _makes_rules(name) or agency_kind(name, ctx.config.agency_kind) == "other":
        return
    for key, cols in (("active", (0, 2)), ("active_2019", (0, 2))):
        table = ctx.table(key)
        if table is None:
            continue
        values = [table.value("rules", c) for c in cols]
        printed = [v for v in values if v is not None]
        if printed and max(printed) > 0:
            yield ctx.finding("T2-02", Location(key, "rules", cols[values.index(max(printed))]),
                              agency=name, value=max(printed))
