"""``xxgk brief``: the area briefing (``--year Y [--region R]``) or one agency's profile (``--agency A``)
as DOCX, PDF, HTML or XLSX — a thin layer over :mod:`xxgk.briefing`."""

from __future__ import annotations

import click

from .agencies import DB_HELP, using_store


@click.command("brief")
@click.option("--year", type=int, help="Report year (default: the latest in the store, or the agency's latest).")
@click.option("--region", help="GB/T 2260 code or division name (福建省, 350100…); default: everywhere.")
@click.option("--agency", help="One agency's profile instead of the area briefing (its name, or a unique part).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The file to write: .docx, .pdf, .html or .xlsx.")
@click.option("--base-url", default="", metavar="URL",
              help="Prefix of the links into the web app in HTML and XLSX (e.g. http://127.0.0.1:8000).")
@click.option("--no-charts", is_flag=True, help="Leave the charts out (no matplotlib needed).")
@click.option("--db", help=DB_HELP)
def brief_cmd(year: int | None, region: str | None, agency: str | None, output: str, base_url: str,
              no_charts: bool, db: str | None) -> None:
    """Write a briefing from the store; every number carries the report and cell (or query) it comes from."""
    from ..briefing import BriefingError, agency_briefing, area_briefing, format_of, write
    from ..briefing.charts import ChartError

    try:
        format_of(output)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="-o/--output") from None
    if agency and region:
        raise click.UsageError("--region is for the area briefing; an agency's peers are found by its kind and level")
    # an unknown region: a usage error
    with using_store(db, BriefingError, ChartError, OSError, usage=(ValueError,)) as store:
        if agency:
            briefing = agency_briefing(store, agency, year, charts=not no_charts)
        else:
            briefing = area_briefing(store, year, region, charts=not no_charts)
        path = write(briefing, output, base_url=base_url)
    click.echo(f"wrote {path} ({len(briefing.numbers())} numbers, each with its source)")
