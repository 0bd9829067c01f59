"""``xxgk reports``, ``xxgk show``, ``xxgk compare``: looking at the stored reports — thin layers over
:mod:`xxgk.store.query`.

Exit status: 0; 1 when the report or agency asked for is not in the store, or the database failed; 2 usage
errors.
"""

from __future__ import annotations

import json
from typing import Any

import click

from .agencies import DB_HELP, fail, using_store

STATUS_HELP = ("error / warning / clean (by the findings not dismissed on the active version), unreviewed "
               "(an error or warning still open), failed (sources that did not become a report).")


def console() -> Any:
    """A rich console; wide when the output is not a terminal, so that tables are never cut."""
    from rich.console import Console

    out = Console(soft_wrap=False, highlight=False)
    if not out.is_terminal:
        out = Console(width=200, soft_wrap=False, highlight=False, color_system=None)
    return out


def filter_options(command: Any) -> Any:
    """--year --agency --region --status (shared with xxgk export)."""
    from ..store.query import STATUSES  # light: no database import at module level beyond SQLAlchemy

    for opt in reversed((
        click.option("--year", type=int, help="Report year."),
        click.option("--agency", help="Part of the agency's name."),
        click.option("--region", help="GB/T 2260 code or division name (福建省, 350100…): agencies inside it."),
        click.option("--status", type=click.Choice(STATUSES), help=STATUS_HELP),
    )):
        command = opt(command)
    return command


def make_filter(year: int | None, agency: str | None, region: str | None, status: str | None) -> Any:
    from ..store.query import ReportFilter

    return ReportFilter(year=year, agency=agency, region=region, status=status)


@click.command("reports")
@filter_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--db", help=DB_HELP)
def reports_cmd(year: int | None, agency: str | None, region: str | None, status: str | None, fmt: str,
                db: str | None) -> None:
    """List the stored reports (one per agency and year) with their status."""
    from dataclasses import asdict

    from ..store.query import failures, find_reports

    with using_store(db, usage=(ValueError,)) as store:  # an unknown region or status: a usage error
        flt = make_filter(year, agency, region, status)
        if status == "failed":
            rows = failures(store, flt)
            if fmt == "json":
                click.echo(json.dumps([asdict(r) | {"created_at": str(r.created_at)} for r in rows],
                                      ensure_ascii=False, indent=1, default=str))
                return
            _failures_table(rows)
            return
        found = find_reports(store, flt)
    if fmt == "json":
        click.echo(json.dumps([asdict(r) | {"status": r.status} for r in found], ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    table = Table(title=f"{len(found)} 份报告", title_justify="left")
    for name, justify in (("编号", "right"), ("机关", "left"), ("年度", "right"), ("格式", "left"),
                          ("发布日期", "left"), ("状态", "left"), ("错误", "right"), ("警告", "right"),
                          ("未审", "right"), ("来源", "right"), ("版本", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    style = {"error": "red", "warning": "yellow", "clean": "green"}
    for r in found:
        table.add_row(str(r.id), r.agency, str(r.year), r.template or "", r.published_on or "",
                      f"[{style[r.status]}]{r.status}[/]", str(r.errors), str(r.warnings), str(r.open),
                      str(r.sources), str(r.versions))
    console().print(table)


def _failures_table(rows: list[Any]) -> None:
    from rich.table import Table

    table = Table(title=f"{len(rows)} 个未能入库的来源", title_justify="left")
    for name in ("来源", "文件", "原因"):
        table.add_column(name)
    for f in rows:
        table.add_row(str(f.source_id or ""), f.path or (f.sha256 or "")[:12], f"{f.code}: {f.reason}")
    console().print(table)


@click.command("show")
@click.argument("report")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--db", help=DB_HELP)
def show_cmd(report: str, fmt: str, db: str | None) -> None:
    """One report (its id, or "AGENCY YEAR"): the record, its findings with review state, its sources."""
    from ..store.query import ReportNotFound, iso, report_view

    with using_store(db, ReportNotFound) as store:
        view = report_view(store, report)
    if fmt == "json":
        click.echo(json.dumps({
            "report": {"id": view.report.id, "agency": view.report.agency, "year": view.report.year,
                       "active_version": view.report.active_version_id, "versions": len(view.versions)},
            "record": view.record.to_json() if view.record else None,
            "findings": [{"id": f.id, "rule": f.rule, "severity": f.severity, "origin": f.origin, "path": f.path,
                          "message": f.message, "review_state": f.review_state, "review_comment": f.review_comment,
                          "reviewed_by": f.reviewed_by, "reviewed_at": iso(f.reviewed_at)} for f in view.findings],
            "sources": [{"id": x.id, "sha256": x.sha256, "format": x.format, "size": x.size, "path": x.path,
                         "url": x.url, "fetched_at": iso(x.fetched_at)} for x in view.sources],
        }, ensure_ascii=False, indent=1, default=str))
        return
    from rich.table import Table

    from .show import format_report

    out = console()
    r, v = view.report, view.version
    head = f"报告 {r.id}：{r.agency} {r.year}年"
    if v is not None:
        made = f"{v.kind} by {v.created_by}" if v.created_by else v.kind
        head += f"  当前版本 {v.id}（{made}，共 {len(view.versions)} 个版本：xxgk history {r.id}）"
    out.print(head)
    if view.record is not None:
        out.print(format_report(view.record), end="", markup=False)
    findings = Table(title=f"问题 {len(view.findings)} 条", title_justify="left")
    for name in ("编号", "规则", "级别", "来由", "位置", "说明", "审核"):
        findings.add_column(name, overflow="fold")
    sev = {"error": "red", "warning": "yellow", "info": "dim"}
    for f in view.findings:
        label = (f.details.get("location") or {}).get("label") or ""
        state = f.review_state + (f"：{f.review_comment}" if f.review_comment else "") + (
            f"（{f.reviewed_by}）" if f.reviewed_by else "")
        findings.add_row(str(f.id), f.rule, f"[{sev.get(f.severity, '')}]{f.severity}[/]", f.origin, label,
                         f.message, state)
    out.print(findings)
    sources = Table(title=f"来源 {len(view.sources)} 个", title_justify="left")
    for name in ("编号", "格式", "字节", "sha256", "文件 / 网址"):
        sources.add_column(name)
    for x in view.sources:
        sources.add_row(str(x.id), x.format or "", str(x.size), x.sha256[:12], x.url or x.path or "")
    out.print(sources)


@click.command("compare")
@click.argument("agency")
@click.option("--years", help="FIRST-LAST (e.g. 2021-2025) or one year; default: every year stored.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--db", help=DB_HELP)
def compare_cmd(agency: str, years: str | None, fmt: str, db: str | None) -> None:
    """One agency year by year: its tables side by side, what changed, the cross-year findings."""
    from ..store.cells import human
    from ..store.query import ReportNotFound, compare, parse_years

    try:
        span = parse_years(years) if years else None
    except ValueError as exc:
        fail(str(exc), 2)
    with using_store(db, ReportNotFound) as store:
        cmp = compare(store, agency, span)
    if fmt == "json":
        click.echo(json.dumps({
            "agency": cmp.agency, "years": cmp.years, "reports": cmp.reports, "templates": cmp.templates,
            "cells": {human(ref): {str(y): v for y, v in values.items()} for ref, values in cmp.cells.items()},
            "changes": [{"cell": human(c.cell), "year": c.year, "before": c.before, "after": c.after}
                        for c in cmp.changes],
            "findings": cmp.findings,
        }, ensure_ascii=False, indent=1, default=str))
        return
    format_comparison(cmp)


def format_comparison(cmp: Any) -> None:
    from rich.table import Table

    from ..store.cells import table_title
    from ..template import TABLES

    out = console()
    if not cmp.years:
        out.print(f"{cmp.agency}：没有所选年度的报告")
        return
    out.print(f"{cmp.agency}：{'、'.join(f'{y}（报告 {cmp.reports[y]}）' for y in cmp.years)}")
    changed = {(c.cell, c.year) for c in cmp.changes}
    for key, t in TABLES.items():
        refs = [ref for ref in cmp.cells if ref.table == key]
        if not refs:
            continue
        table = Table(title=table_title(key), title_justify="left")
        table.add_column("行")
        table.add_column("列")
        for y in cmp.years:
            table.add_column(str(y), justify="right")
        for ref in refs:
            row = t.row(ref.row)
            col = t.row_columns(row)[ref.column]
            values = cmp.cells[ref]
            shown = []
            for y in cmp.years:
                v = values.get(y)
                text = "·" if v is None else v
                if y not in values:
                    text = ""
                shown.append(f"[bold]{text}[/]" if (ref, y) in changed else text)
            table.add_row(row.ordinal + row.label, col.label, *shown)
        out.print(table)
    out.print(f"与上年不同的单元格 {len(cmp.changes)} 个（粗体）")
    if cmp.findings:
        findings = Table(title="跨年度问题", title_justify="left")
        for name in ("年度", "规则", "级别", "说明"):
            findings.add_column(name, overflow="fold")
        for f in cmp.findings:
            findings.add_row(str(f["year"]), f["rule"], f["severity"], f["message"])
        out.print(findings)
    else:
        out.print("跨年度问题：无")
