"""``xxgk new``, ``xxgk render``, ``xxgk draft``: write a report in the official format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

FORMAT_CHOICES = ("docx", "html", "md", "txt", "pdf")


def _load(path: str):  # type: ignore[no-untyped-def]
    from ..readers.document import ReaderError
    from ..render.skeleton import load

    try:
        return load(path)
    except ReaderError as exc:  # names the file already
        raise click.ClickException(str(exc)) from exc


@click.command("new")
@click.option("--agency", required=True, help="发布机关全称，如 湘乡市应急管理局")
@click.option("--year", required=True, type=int, help="报告年度")
@click.option("--template", type=click.Choice(["2021", "2019"]), default="2021", show_default=True)
@click.option("-o", "--output", required=True, help="YAML file to write (- for stdout)")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def new_cmd(agency: str, year: int, template: str, output: str, force: bool) -> None:
    """Write a skeleton record (YAML) with every cell and section, commented in Chinese."""
    from ..render.skeleton import skeleton, to_yaml

    _write_text(output, to_yaml(skeleton(agency, year, template)), force)


@click.command("render")
@click.argument("record")
@click.option("--to", "fmt", type=click.Choice(FORMAT_CHOICES), help="Output format (default: from -o's suffix).")
@click.option("-o", "--output", required=True, help="File to write.")
@click.option("--force", is_flag=True, help="Write even when the record has error findings (they are listed).")
@click.option("--keep-blanks", is_flag=True, help="Render blank cells as blank; compute no totals (e.g. a parsed report).")
def render_cmd(record: str, fmt: str | None, output: str, force: bool, keep_blanks: bool) -> None:
    """Write RECORD (YAML/JSON, xxgk.report/1) in the official layout.

    Blank 总计 cells, （七）总计 and 结转 are computed when the identities determine them. A record whose numbers
    contradict the identities is refused (exit 1) unless --force.
    """
    from ..render import render
    from ..render.consistency import problems
    from ..render.totals import complete

    fmt = fmt or Path(output).suffix.lstrip(".").lower()
    if fmt not in FORMAT_CHOICES:
        raise click.UsageError(f"cannot tell the format from {output!r}; give --to {'|'.join(FORMAT_CHOICES)}")
    report = _load(record) if keep_blanks else complete(_load(record))
    errors = problems(report)
    for p in errors:
        click.echo(f"xxgk: {p}", err=True)
    if errors and not force:
        raise click.ClickException(
            f"{record}: {len(errors)} error finding(s); not written (fix the numbers, or --force to write anyway)"
        )
    try:
        data = render(report, fmt)
    except RuntimeError as exc:  # a missing optional library (reportlab for PDF)
        raise click.ClickException(str(exc)) from exc
    Path(output).write_bytes(data)
    click.echo(f"{output}: {fmt}, {len(data)} bytes" + (f", {len(errors)} error finding(s)" if errors else ""),
               err=True)


@click.command("draft")
@click.argument("record")
@click.option("-o", "--output", help="Where to write the record (default: RECORD itself).")
@click.option("--overwrite", is_flag=True, help="Replace texts already written in sections 二–四.")
def draft_cmd(record: str, output: str | None, overwrite: bool) -> None:
    """Write the standard sentences of sections 二–四 from the numbers into RECORD (as commented YAML)."""
    from ..render.draft import draft
    from ..render.skeleton import to_yaml

    report = draft(_load(record), overwrite=overwrite)
    _write_text(output or record, to_yaml(report), force=True)


def _write_text(output: str, text: str, force: bool) -> None:
    if output == "-":
        sys.stdout.write(text)
        return
    path = Path(output)
    if path.exists() and not force:
        raise click.ClickException(f"{output} exists; use --force to overwrite")
    path.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)
