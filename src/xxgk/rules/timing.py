"""Deadlines (D-01..D-06): 条例 art. 49, agency kind read from its name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from .context import Context, agency_kind
from .model import Finding, Location


def _date(text: str | None) -> date | None:
    if not text:
        return None
    m = re.match(r"\s*(\d{4})\D(\d{1,2})\D(\d{1,2})", text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def check(ctx: Context) -> Iterator[Finding]:
    year = ctx.report.year
    if year is None:
        return
    # The publication date; a record that has none may still carry the signature date (落款).
    published = _date(ctx.report.published_on) or _date(ctx.report.signed_on)
    if published is None:
        yield ctx.finding("D-05", Location())
        return
    shown = published.isoformat()
    if published < date(year + 1, 1, 1):
        yield ctx.finding("D-04", Location(), published=shown, year=year)
        return
    agency = ctx.report.agency
    if year <= 2018:
        deadline = date(year + 1, 3, 31)
        if published > deadline:
            yield ctx.finding("D-06", Location(), year=year, deadline=_cn(deadline), published=shown)
        return
    kind = agency_kind(agency, ctx.config.agency_kind)
    if kind == "dept":
        deadline, rule = date(year + 1, 1, 31), "D-01"
    elif kind == "local_gov":
        deadline, rule = date(year + 1, 3, 31), "D-02"
    elif kind == "unknown":
        return
    else:
        md = "03-31" if kind == "zone_gov" else ctx.config.local_deadline
        month, day = (int(x) for x in md.split("-"))
        deadline, rule = date(year + 1, month, day), "D-03"
    if published > deadline:
        yield ctx.finding(rule, Location(), agency=agency, deadline=_cn(deadline), published=shown)


def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
