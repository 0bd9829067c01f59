"""``xxgk parse``: read reports into records."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import click

from ..record import Report, json_default


@click.command("parse")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="jsonl", show_default=True,
              help="json: one indented object (an array for several files); jsonl: one object per input, in input order; table: readable tables.")
@click.option("--no-provenance", is_flag=True, help="Leave out per-cell source positions.")
def parse_cmd(files: tuple[str, ...], fmt: str, no_provenance: bool) -> None:
    """Read report FILES (txt, md, html, docx, pdf; - for stdin) into xxgk.report/1 records.

    A file that cannot be parsed yields an object with an "error" member and the run goes on.
    Exit status 0 when all parsed, 1 when any failed.
    """
    failed = False
    objects: list[dict[str, object]] = []
    for path, report, error in _parse_all(files):
        if error is not None:
            failed = True
            obj: dict[str, object] = {"source": {"path": path}, "error": error}
            click.echo(f"xxgk: {error}", err=True)
        else:
            assert report is not None
            obj = report.to_json(provenance=not no_provenance)
        if fmt == "jsonl":
            click.echo(json.dumps(obj, ensure_ascii=False, default=json_default))
        elif fmt == "json":
            objects.append(obj)
        else:
            from .show import format_report

            click.echo(format_report(report) if report is not None else f"{path}: {error}\n")
    if fmt == "json":
        click.echo(json.dumps(objects if len(objects) != 1 else objects[0], ensure_ascii=False, indent=1,
                              default=json_default))
    sys.exit(1 if failed else 0)


def _parse_all(files: tuple[str, ...]) -> Iterator[tuple[str, Report | None, str | None]]:
    from ..parse import ParseError, parse_bytes, parse_file

    for path in files:
        try:
            if path == "-":
                yield path, parse_bytes(sys.stdin.buffer.read(), "-"), None
            else:
                yield path, parse_file(path), None
        except ParseError as exc:
            yield path, None, str(exc)
        except Exception as exc:  # a bug must not stop the batch; say where it happened
            yield path, None, f"{path}: internal error while parsing: {type(exc).__name__}: {exc}"
