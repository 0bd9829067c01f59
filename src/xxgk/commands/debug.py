"""``xxgk debug FILE [--page N] -o out.png``: draw what the PDF reader found over the page image."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("debug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--page", type=int, default=None, help="1-based page (default: the page with the most table cells)."
)
@click.option("-o", "--output", required=True, help="PNG file to write.")
@click.option("--scale", type=float, default=2.0, show_default=True, help="Pixels per PDF point.")
@click.option("--no-match", is_flag=True, help="Do not run the matcher (no row keys drawn).")
def debug_cmd(file: str, page: int | None, output: str, scale: float, no_match: bool) -> None:
    """Draw words, ruling lines, table cells and the template row each cell was mapped to."""
    from ..readers.detect import detect_format
    from ..readers.document import ReaderError
    from ..readers.pdf import analyze
    from ..readers.pdf_debug import Mapped, draw_page, mapped_cells, page_with_tables

    data = Path(file).read_bytes()
    try:
        if detect_format(data, file) != "pdf":
            raise click.ClickException(f"{file}: debug draws PDF pages only")
        analysis = analyze(data, file)  # read once (OCR is slow): for the drawing and for the matcher
        mapped: list[Mapped] = []
        if not no_match:
            try:
                from ..matcher import match

                mapped = mapped_cells(match(analysis.document))
            except ImportError as exc:  # no matcher: draw what the reader found only
                click.echo(f"xxgk: no row keys drawn ({exc})", err=True)
        img = draw_page(data, file, page, scale, mapped, analysis)
    except (ReaderError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    img.save(output)
    click.echo(f"{output}: {img.width}x{img.height}")
    number = page or page_with_tables(analysis)
    for pc in analysis.pages:  # what preparation did or could not do on the drawn page (also drawn on it)
        if pc.number == number:
            for note in pc.notes:
                click.echo(f"page {number}: {note}")
