"""``xxgk parse``: read reports into records."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

import click

from .options import batch_options, inputs, read_previous


@dataclass(frozen=True)
class ParseJob:
    """One file → its output text in ``fmt`` (done in the worker, so a failure to write is that file's)."""

    fmt: str
    provenance: bool = True
    previous: Any = None  # the previous year's Report

    def __call__(self, item: tuple[str, bytes | None]) -> str:
        from ..batch import stage
        from ..jobs import read_report

        report = read_report(item, self.previous)
        with stage("write", item[0]):
            if self.fmt == "table":
                from .show import format_report

                return format_report(report)
            obj = report.to_json(provenance=self.provenance)
            return json.dumps(obj, ensure_ascii=False, indent=1 if self.fmt == "json" else None)


def error_object(path: str, error: str, stage: str | None) -> dict[str, Any]:
    """What a file that failed gives in JSON output: its path, the message, the stage it failed at."""
    return {"source": {"path": path}, "error": error, "detail": stage or "internal"}


@click.command("parse")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="jsonl", show_default=True,
              help="json: one indented object (an array for several files); jsonl: one object per input, in input order; table: readable tables.")
@click.option("--no-provenance", is_flag=True, help="Leave out per-cell source positions.")
@click.option("--previous", "previous_path",
              help="The same agency's previous-year report (a record or any report file): settles digits run together.")
@batch_options
def parse_cmd(files: tuple[str, ...], fmt: str, no_provenance: bool, previous_path: str | None, jobs: int | None,
              timeout: float) -> None:
    """Read report FILES (txt, md, html, docx, pdf, or a record in YAML/JSON; - for stdin) into xxgk.report/1
    records.

    A file that cannot be parsed yields an object with "error" (naming the file) and "detail" (the stage:
    read, match, write, timeout) and the run goes on. Exit status 0 when all parsed, 1 when any failed, 2 when
    the --previous report cannot be read.
    """
    from ..batch import run_batch
    from ..jobs import input_label

    previous = read_previous(previous_path)

    failed = False
    array = fmt == "json" and len(files) > 1
    if array:
        click.echo("[")
    job = ParseJob(fmt, provenance=not no_provenance, previous=previous)
    for outcome in run_batch(inputs(files), job, jobs=jobs, timeout=timeout, label=input_label):
        path = outcome.item[0]
        if outcome.value is not None:
            text = outcome.value
        else:
            failed = True
            assert outcome.error is not None
            click.echo(f"xxgk: {outcome.error}", err=True)
            obj = error_object(path, outcome.error, outcome.stage)
            text = (f"{outcome.error}\n" if fmt == "table"
                    else json.dumps(obj, ensure_ascii=False, indent=1 if fmt == "json" else None))
        if array:  # the array is streamed: one object at a time, indented one level
            sep = ",\n" if outcome.index < len(files) - 1 else "\n"
            click.echo(" " + text.replace("\n", "\n "), nl=False)
            click.echo(sep, nl=False)
        else:
            click.echo(text)
    if array:
        click.echo("]")
    sys.exit(1 if failed else 0)
