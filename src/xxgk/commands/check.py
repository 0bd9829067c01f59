"""``xxgk check`` and ``xxgk rules``: run the rule catalogue over reports, list the catalogue.

Exit status of ``check``: 0 nothing at or above ``--fail-on``; 1 something is; 2 usage or input errors
(an unreadable file is reported, the other files are still checked, and the run ends with 2).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..record import SCHEMA, Report, ReportSource

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def load_report(path: str) -> Report:
    """A record JSON file (``"schema": "xxgk.report/1"``) or any report the parser reads."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise click.ClickException(f"{path}: {exc}") from exc
        if isinstance(data, dict) and data.get("schema") == SCHEMA:
            report = Report.from_json(data)
            if report.source is None:
                report.source = ReportSource(path=path, format="json")
            return report
    try:
        from ..parse import parse_file  # lazy: the readers pull in heavy libraries
    except ImportError as exc:
        raise click.ClickException(f"{path}: no parser available ({exc})") from exc
    try:
        return parse_file(path)
    except Exception as exc:  # any reader failure is an input error for this file only
        raise click.ClickException(f"{path}: {exc}") from exc


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
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True)
@click.option("--previous", "previous_path", help="The same agency's previous-year report (cross-year rules).")
@click.option("--local-deadline", default="01-31", show_default=True,
              help="MM-DD deadline for bodies whose deadline is set locally (D-03).")
def check_cmd(files: tuple[str, ...], fmt: str, select: list[str] | None, ignore: list[str] | None, fail_on: str,
              previous_path: str | None, local_deadline: str) -> None:
    """Check report FILES against the rule catalogue (xxgk rules lists it)."""
    from ..rules import CheckConfig, check

    input_error = False
    previous = None
    if previous_path:
        try:
            previous = load_report(previous_path)
        except click.ClickException as exc:
            click.echo(f"xxgk: {exc.message}", err=True)
            sys.exit(2)
    config = CheckConfig(local_deadline=local_deadline)
    results = []
    for path in files:
        try:
            report = load_report(path)
        except click.ClickException as exc:
            click.echo(f"xxgk: {exc.message}", err=True)
            input_error = True
            continue
        results.append((path, check(report, previous=previous, select=select, ignore=ignore, config=config)))
    if fmt == "json":
        for path, result in results:
            obj = result.to_json()
            obj["source"] = obj["source"] or {"path": path}
            click.echo(json.dumps(obj, ensure_ascii=False))
    elif fmt == "sarif":
        click.echo(json.dumps(to_sarif(results), ensure_ascii=False, indent=2))
    else:
        colour = sys.stdout.isatty()
        for path, result in results:
            click.echo(format_text(path, result), color=colour)
    if input_error:
        sys.exit(2)
    if any(result.fails(fail_on) for _, result in results):
        sys.exit(1)


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


def to_sarif(results: list[tuple[str, Any]]) -> dict[str, Any]:
    """SARIF 2.1.0: one run, the catalogue as the tool's rules, one result per finding."""
    from ..rules import RULES

    level = {"error": "error", "warning": "warning", "info": "note"}
    rules = [{"id": r.id, "name": r.id.replace("-", ""), "shortDescription": {"text": r.title},
              "fullDescription": {"text": r.description or r.title_en},
              "defaultConfiguration": {"level": level[r.severity]}} for r in RULES]
    index = {r.id: i for i, r in enumerate(RULES)}
    out = []
    for path, result in results:
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
            out.append({"ruleId": f.rule, "ruleIndex": index[f.rule], "level": level[f.severity],
                        "message": {"text": f.message}, "locations": [location]})
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "xxgk", "version": __version__, "rules": rules}}, "results": out}],
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
