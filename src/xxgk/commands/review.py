"""``xxgk correct``, ``xxgk history``, ``xxgk review``: a reviewer's work on a stored report — thin layers over
:mod:`xxgk.store.corrections`.

Exit status: 0; 1 when the correction or review was refused (nothing written) or the database failed; 2 usage
errors.
"""

from __future__ import annotations

import json

import click

from .agencies import DB_HELP, fail, using_store
from .views import console

WHO_HELP = "Who does it (default: $XXGK_USER, else the login name)."


@click.command("correct", context_settings={"ignore_unknown_options": True})
@click.argument("report")
@click.argument("cells", nargs=-1, required=True, metavar="CELL VALUE [CELL VALUE]...")
@click.option("--reason", required=True, help="Why the stored value is wrong (kept with the version).")
@click.option("--who", help=WHO_HELP)
@click.option("--db", help=DB_HELP)
def correct_cmd(report: str, cells: tuple[str, ...], reason: str, who: str | None, db: str | None) -> None:
    """Correct cells of a report (its id, or "AGENCY YEAR"): a new version, re-checked at once.

    CELL is applications.new.natural_person, a record path (applications.rows.new[0], active.licensing) or a
    wide-export header (表三·自然人·一、本年新收政府信息公开申请数量). VALUE is a number, 空白/blank for a blank
    cell, or a not-applicable mark such as / or 不适用.
    """
    from ..store.cells import CellAddressError, CellValueError
    from ..store.corrections import CorrectionError, correct
    from ..store.query import ReportNotFound

    if len(cells) % 2:
        fail(f"give CELL VALUE pairs: {cells[-1]!r} has no value", 2)
    pairs = list(zip(cells[::2], cells[1::2], strict=True))
    with using_store(db, ReportNotFound, CorrectionError, CellAddressError, CellValueError) as store:
        done = correct(store, report, pairs, reason=reason, who=who)
    v = done.version
    click.echo(f"report {done.report_id}: version {v.id} (correction of {done.parent_id}) by {v.created_by}")
    for c in done.changed:
        click.echo(f"  {c['cell']}: {_shown(c['old'], c['old_raw'])} → {_shown(c['new'], c['new_raw'])}")
    counts: dict[str, int] = {}
    for f in done.findings:
        if f.review_state != "dismissed":
            counts[f.severity] = counts.get(f.severity, 0) + 1
    summary = ", ".join(f"{n} {sev}" for sev, n in sorted(counts.items())) or "no findings"
    click.echo(f"re-checked: {summary}; {done.carried} review(s) carried over")


def _shown(value: str | None, raw: str | None) -> str:
    if value is not None:
        return value
    return raw if raw else "空白"


@click.command("history")
@click.argument("report")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--db", help=DB_HELP)
def history_cmd(report: str, fmt: str, db: str | None) -> None:
    """The versions of a report, oldest first: parses, corrections (parent, who, when, why, cells), imports."""
    from ..store.corrections import history
    from ..store.query import ReportNotFound, iso, resolve_report

    with using_store(db, ReportNotFound) as store:
        target = resolve_report(store, report)
        versions = history(store, target.id)
    if fmt == "json":
        click.echo(json.dumps([{"id": v.id, "kind": v.kind, "parent": v.parent_id, "source": v.source_id,
                                "created_at": iso(v.created_at), "created_by": v.created_by, "reason": v.reason,
                                "changed": v.changed, "active": v.id == target.active_version_id}
                               for v in versions], ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    table = Table(title=f"报告 {target.id}：{target.agency} {target.year}年 — {len(versions)} 个版本",
                  title_justify="left")
    for name in ("版本", "类型", "上一版", "时间 (UTC)", "谁", "原因", "改动"):
        table.add_column(name, overflow="fold")
    for v in versions:
        mark = " *" if v.id == target.active_version_id else ""
        changes = "；".join(f"{c.get('cell')}: {_shown(c.get('old'), c.get('old_raw'))}→"
                           f"{_shown(c.get('new'), c.get('new_raw'))}" for c in v.changed[:10])
        if len(v.changed) > 10:
            changes += f" 等{len(v.changed)}处"
        table.add_row(f"{v.id}{mark}", v.kind, str(v.parent_id or ""), (iso(v.created_at) or "").replace("T", " "),
                      v.created_by or "", v.reason or "", changes)
    console().print(table)
    click.echo("* 当前版本")


@click.command("review")
@click.argument("report")
@click.argument("finding")
@click.argument("action", type=click.Choice(["confirm", "dismiss", "reopen"]))
@click.option("--comment", help="Why (required to dismiss).")
@click.option("--who", help=WHO_HELP)
@click.option("--db", help=DB_HELP)
def review_cmd(report: str, finding: str, action: str, comment: str | None, who: str | None,
               db: str | None) -> None:
    """Confirm, dismiss or reopen a finding of a report's active version (FINDING: its id from `xxgk show`,
    or its rule when only one finding has it). The review carries over to later corrections."""
    from ..store.corrections import CorrectionError, review
    from ..store.query import ReportNotFound

    with using_store(db, ReportNotFound, CorrectionError) as store:
        f = review(store, report, finding, action, comment=comment, who=who)
    click.echo(f"finding {f.id} ({f.rule}): {f.review_state}" + (f" — {f.review_comment}" if f.review_comment else ""))
