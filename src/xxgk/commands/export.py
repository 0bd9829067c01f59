"""``xxgk export`` and ``xxgk import``: the stored reports as CSV / XLSX / Parquet / JSON lines, and a long
export read back — thin layers over :mod:`xxgk.store.export` and :mod:`xxgk.store.importer`.

Exit status: 0; 1 when the import was refused (bad rows; nothing written) or the database failed; 2 usage
errors (an export that cannot be made: unknown format, shape not available in it).
"""

from __future__ import annotations

import click

from .agencies import DB_HELP, fail, using_store
from .review import WHO_HELP
from .views import filter_options, make_filter


@click.command("export")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet", "jsonl"]),
              help="Default: from the file's extension.")
@click.option("--wide", "shape", flag_value="wide", help="One row per report, a column per cell (Chinese headers).")
@click.option("--long", "shape", flag_value="long", default=True,
              help="One row per cell with its semantic and provenance (default; xxgk import reads it back).")
@click.option("--findings", "shape", flag_value="findings", help="One row per finding, with its review state.")
@filter_options
@click.option("--db", help=DB_HELP)
def export_cmd(output: str, fmt: str | None, shape: str, year: int | None, agency: str | None, region: str | None,
               status: str | None, db: str | None) -> None:
    """Export the active versions of the stored reports. jsonl writes one xxgk.report/1 record per report
    (as `xxgk parse` does); xlsx has a sheet per table and one of findings."""
    from ..store.export import FORMATS, ExportError, export

    if fmt is None and output.rsplit(".", 1)[-1].lower() not in FORMATS:
        fail(f"cannot tell the format of {output}: give --format ({', '.join(FORMATS)})", 2)
    if status == "failed":
        fail("--status failed lists sources, not reports: see xxgk reports --status failed", 2)
    with using_store(db, usage=(ExportError, ValueError)) as store:
        result = export(store, output, fmt=fmt, shape=shape, flt=make_filter(year, agency, region, status))
    unit = "records" if (fmt or output.rsplit(".", 1)[-1]) == "jsonl" and shape != "findings" else "rows"
    click.echo(f"{result.path}: {result.rows} {unit} from {result.reports} reports", err=True)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--reason", help="Why (kept with each new version; default: imported from FILE).")
@click.option("--who", help=WHO_HELP)
@click.option("--db", help=DB_HELP)
def import_cmd(file: str, reason: str | None, who: str | None, db: str | None) -> None:
    """Read a long export (csv, xlsx, parquet) back: a new version per report whose cells differ, re-checked.
    All or nothing: bad rows are listed by line and nothing is written."""
    from ..store.importer import ImportFileError, import_long

    with using_store(db, ImportFileError, create=True) as store:
        result = import_long(store, file, who=who, reason=reason)
    click.echo(f"{file}: {result.rows} cells; {len(result.updated)} reports with a new version, "
               f"{len(result.created)} new reports, {len(result.unchanged)} unchanged")
