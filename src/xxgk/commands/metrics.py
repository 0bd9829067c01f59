"""``xxgk metrics``: list the metric catalogue, or compute it on report files / records.

Exit status: 0; 2 when an input could not be read (the other files are still computed).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..metrics import Metric


@click.command("metrics")
@click.argument("files", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True,
              help="json: the catalogue, or one line per FILE; md: the catalogue as Markdown.")
@click.option("--metric", "keys", multiple=True, metavar="KEY", help="Only this metric (repeatable).")
def metrics_cmd(files: tuple[str, ...], fmt: str, keys: tuple[str, ...]) -> None:
    """List the metric catalogue; with FILES (reports or xxgk.report/1 records), compute it on each."""
    from ..metrics import BY_KEY, METRICS

    unknown = [k for k in keys if k not in BY_KEY]
    if unknown:
        raise click.BadParameter(f"unknown metric {', '.join(unknown)} (xxgk metrics lists them)",
                                 param_hint="--metric")
    chosen = [m for m in METRICS if not keys or m.key in keys]
    if not files:
        _list(chosen, fmt)
        return
    from ..batch import StageError
    from ..jobs import read_report
    from ..metrics import compute, display

    input_error = False
    for path in files:
        try:
            report = read_report((path, None))  # any report parse reads, or a record (YAML/JSON)
        except StageError as exc:  # the message names the file once
            click.echo(f"xxgk: {exc.message}", err=True)
            input_error = True
            continue
        values = compute(report, [m.key for m in chosen])
        if fmt == "json":
            click.echo(json.dumps({"source": path, "agency": report.agency, "year": report.year,
                                   "template": report.template,
                                   "metrics": {k: v.to_json() for k, v in values.items()}}, ensure_ascii=False))
            continue
        click.echo(click.style(f"{path}  {report.agency or '?'} {report.year or '?'}年 ({report.template or '?'}版)",
                               bold=True), color=sys.stdout.isatty())
        width = max(_width(m.name) for m in chosen)
        for m in chosen:
            v = values[m.key]
            shown = display(m, v)
            note = f"  {v.reason}" if v.reason else ""
            click.echo(f"  {m.name}{' ' * (width - _width(m.name))}  {' ' * (14 - _width(shown))}{shown}{note}")
    if input_error:
        sys.exit(2)


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _list(chosen: list[Metric], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([m.to_json() for m in chosen], ensure_ascii=False, indent=1))
    elif fmt == "md":
        from ..metrics.docs import render

        click.echo(render(), nl=False)
    else:
        for m in chosen:
            click.echo(f"{m.key:<34} {m.name}（{m.unit}）  [{','.join(m.formats)}]")
