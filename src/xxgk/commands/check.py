"""``xxgk check`` and ``xxgk rules``: run the rule catalogue over reports, list the catalogue.

Exit status of ``check``: 0 nothing at or above ``--fail-on`` and every file read; 1 something is, or a file
could not be read (it is reported as that file's error object and the other files are still checked);
2 usage errors.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .. import __version__
from .options import batch_options, inputs, read_previous

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass
class Checked:
    """One file's check, ready to print: its output piece in the chosen format and its worst severity."""

    piece: Any  # text: the block; json: the line; sarif: the list of results
    worst: str | None
    fails: dict[str, bool] = field(default_factory=dict)  # threshold -> fails


@dataclass(frozen=True)
class CheckJob:
    """One file → :class:`Checked` (read, match, check and format in the worker)."""

    fmt: str
    select: list[str] | None = None
    ignore: list[str] | None = None
    previous: Any = None  # the previous year's Report
    local_deadline: str = "01-31"

    def __call__(self, item: tuple[str, bytes | None]) -> Checked:
        from ..batch import stage
        from ..jobs import read_report
        from ..rules import CheckConfig, check

        path = item[0]
        report = read_report(item, self.previous)
        with stage("check", path):
            result = check(report, previous=self.previous, select=self.select, ignore=self.ignore,
                           config=CheckConfig(local_deadline=self.local_deadline))
        with stage("write", path):
            if self.fmt == "json":
                obj = result.to_json()
                obj["source"] = obj["source"] or {"path": path}
                piece: Any = json.dumps(obj, ensure_ascii=False)
            elif self.fmt == "sarif":
                piece = sarif_results(path, result)
            else:
                piece = format_text(path, result)
            return Checked(piece, result.worst(), {t: result.fails(t) for t in ("error", "warning")})


def _ids(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    from ..rules.engine import parse_ids

    try:
        return parse_ids(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@click.command("check")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True)
@click.option("--select", callback=_ids, help="Only these rules (ids or prefixes, comma-separated: T3,P-03).")
@click.option("--ignore", callback=_ids, help="Skip these rules (ids or prefixes).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="error", show_default=True,
              help="Exit 1 when a finding of this severity (or worse) is found; never: only when a file is unreadable.")
@click.option("--previous", "previous_path",
              help="The same agency's previous-year report (cross-year rules; settles digits run together).")
@click.option("--local-deadline", default="01-31", show_default=True,
              help="MM-DD deadline for bodies whose deadline is set locally (D-03).")
@batch_options
def check_cmd(files: tuple[str, ...], fmt: str, select: list[str] | None, ignore: list[str] | None, fail_on: str,
              previous_path: str | None, local_deadline: str, jobs: int | None, timeout: float) -> None:
    """Check report FILES (any format parse reads, or a record in YAML/JSON) against the rule catalogue
    (xxgk rules lists it).

    A file that cannot be read is reported in every format (json: an object with "error" and "detail"; sarif:
    a tool execution notification) and the others are still checked. The run ends with a one-line summary
    (on standard error for json and sarif).
    """
    from ..batch import run_batch
    from ..jobs import input_label

    previous = read_previous(previous_path)
    job = CheckJob(fmt, select, ignore, previous, local_deadline)
    colour = sys.stdout.isatty()
    results: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    counts = {"checked": 0, "error": 0, "warning": 0, "unreadable": 0}
    failed = False
    for outcome in run_batch(inputs(files), job, jobs=jobs, timeout=timeout, label=input_label):
        path = outcome.item[0]
        if not outcome.ok:
            assert outcome.error is not None
            counts["unreadable"] += 1
            failed = True
            if fmt == "json":
                obj = {"source": {"path": path}, "error": outcome.error, "detail": outcome.stage or "internal"}
                click.echo(json.dumps(obj, ensure_ascii=False))
            elif fmt == "sarif":
                notes.append(sarif_notification(path, outcome.error, outcome.stage))
            else:
                click.echo(click.style(f"{outcome.error} [{outcome.stage}]", fg="magenta", bold=True) + "\n",
                           color=colour)
            if fmt != "text":
                click.echo(f"xxgk: {outcome.error}", err=True)
            continue
        checked: Checked = outcome.value  # type: ignore[assignment]
        counts["checked"] += 1
        if checked.worst in ("error", "warning"):
            counts[checked.worst] += 1
        failed = failed or (fail_on != "never" and checked.fails[fail_on])
        if fmt == "sarif":
            results.extend(checked.piece)
        else:
            click.echo(checked.piece, color=colour)
    if fmt == "sarif":
        click.echo(json.dumps(to_sarif(results, notes), ensure_ascii=False, indent=2))
    click.echo(summary_line(counts), err=fmt != "text")
    sys.exit(1 if failed else 0)


def summary_line(counts: dict[str, int]) -> str:
    """``13 reports checked: 6 with errors, 7 with warnings, 0 unreadable`` (each report counted once, by its
    worst finding)."""
    n = counts["checked"] + counts["unreadable"]
    return (f"{n} report{'s' if n != 1 else ''} checked: {counts['error']} with errors, "
            f"{counts['warning']} with warnings, {counts['unreadable']} unreadable")


def format_text(path: str, result: Any) -> str:
    """Findings of one report, grouped under its path, one per line with the cell it points at."""
    r = result.report
    head = f"{path}  {r.agency or '?'} {r.year or '?'}年 ({r.template or '?'}版)"
    lines = [click.style(head, bold=True)]
    for f in result.findings:
        where = f.location.path or (f.location.label if f.location.section or f.location.table else "")
        src = f.location.source
        pos = ""
        if src is not None and src.page:  # paged formats: page (and line of the extracted text)
            pos = f" 第{src.page}页"
        elif src is not None and src.line:
            pos = f" 第{src.line}行"
        tag = click.style(f"{f.severity:<7}", fg=_COLOURS[f.severity], bold=f.severity == "error")
        lines.append(f"  {tag} {f.rule:<6} {where}{pos}")
        lines.append(f"          {f.message}")
    counts = result.counts()
    summary = "，".join(f"{_ZH[k]}{v}" for k, v in counts.items())
    lines.append(f"  共{len(result.findings)}项：{summary}" if result.findings else "  未发现问题")
    for err in result.internal_errors:
        lines.append(click.style(f"  internal: {err}", fg="magenta"))
    return "\n".join(lines)


_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def sarif_results(path: str, result: Any) -> list[dict[str, Any]]:
    """The SARIF results of one report: one per finding."""
    from ..rules import RULES

    index = {r.id: i for i, r in enumerate(RULES)}
    out = []
    for f in result.findings:
        region: dict[str, Any] = {}
        src = f.location.source
        if src is not None and src.line:
            region["startLine"] = src.line
        physical: dict[str, Any] = {"artifactLocation": {"uri": Path(path).as_posix()}}
        if region:
            physical["region"] = region
        location: dict[str, Any] = {"physicalLocation": physical}
        if f.location.path:
            location["logicalLocations"] = [{"fullyQualifiedName": f.location.path}]
        out.append({"ruleId": f.rule, "ruleIndex": index[f.rule], "level": _LEVEL[f.severity],
                    "message": {"text": f.message}, "locations": [location]})
    return out


def sarif_notification(path: str, error: str, stage: str | None) -> dict[str, Any]:
    """A file that could not be checked, as a SARIF tool execution notification."""
    return {"level": "error", "message": {"text": error}, "descriptor": {"id": f"xxgk/{stage or 'internal'}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": Path(path).as_posix()}}}]}


def to_sarif(results: list[dict[str, Any]], notifications: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """SARIF 2.1.0: one run, the catalogue as the tool's rules, one result per finding; files that could not
    be checked as tool execution notifications of the run's invocation."""
    from ..rules import RULES

    rules = [{"id": r.id, "name": r.id.replace("-", ""), "shortDescription": {"text": r.title},
              "fullDescription": {"text": r.description or r.title_en},
              "defaultConfiguration": {"level": _LEVEL[r.severity]}} for r in RULES]
    notifications = notifications or []
    invocation = {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "xxgk", "version": __version__, "rules": rules}},
                  "invocations": [invocation], "results": results}],
    }


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
def rules_cmd(fmt: str) -> None:
    """List the rule catalogue."""
    from dataclasses import asdict

    from ..rules import RULES

    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in RULES], ensure_ascii=False, indent=1))
    elif fmt == "md":
        from ..rules.docs import render

        click.echo(render(), nl=False)
    else:
        for r in RULES:
            fmts = ",".join(r.formats) or "—"
            click.echo(f"{r.id:<6} {r.severity:<7} {r.title}  [{fmts}]")
