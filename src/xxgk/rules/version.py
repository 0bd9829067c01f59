"""Format version against the year (V-01..V-04), read from the printed tables."""

from __future__ import annotations

from collections.abc import Iterator

from ..template import APPLICATIONS
from .context import Context, printed_row
from .model import Finding, Location


def check(ctx: Context) -> Iterator[Finding]:
    year = ctx.report.year
    if year is not None and year <= 2018:
        yield ctx.finding("V-04", Location(), year=year)
        return
    fmt = ctx.fmt
    mixed = _mixed(ctx)
    if mixed:
        yield ctx.finding("V-03", Location(), detail=mixed[0], detail_en=mixed[1])
    elif year is not None and year >= 2021 and fmt == "2019":
        yield ctx.finding("V-01", Location(section=2), year=year)
    elif year in (2019, 2020) and fmt == "2021":
        yield ctx.finding("V-02", Location(section=2), year=year)


def _mixed(ctx: Context) -> tuple[str, str] | None:
    apps = ctx.table("applications")
    subs = [r.key for r in APPLICATIONS.rows if r.group == "other"]
    if ctx.table("active_2019") is not None and apps is not None and any(printed_row(apps, k) for k in subs):
        return ("第二部分使用2019年版表格，第三部分使用2021年版“（六）其他处理”分项",
                "a 2019 section 二 with the 2021 sub-rows of （六） in table 三")
    if ctx.report.template == "mixed":
        return ("表格来自不同版本的格式", "tables from both formats")
    return None
