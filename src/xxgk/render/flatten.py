"""Flatten a record into the broken text forms that real reports arrive in (for the parser's tests).

Each style reproduces what an extraction tool makes of the official layout (see shared/corpus/seeds and dev):

``tsv``                  PDF text: one line per table row, cells separated by tabs; a merged cell leaves empty
                         cells for the grid columns it covers.
``cell_per_line``        HTML text: one cell per line ending in " |"; the last cell of a row carries " |||…"
                         fillers for the grid columns the row does not print.
``cell_per_line_blank``  DOCX text: each cell on its own line after a tab, a blank line between rows, a bare tab
                         for a vertically merged cell, NBSP / U+3000 padding around numbers.
``spaced``               web text: every cell separated by one space, the body on one line.
``run_together``         web text: cells with no separator at all ("行政规范性文件417", "1000001").
``markdown``             Markdown headings and pipe tables (merged-over positions left empty).

A blank cell stays blank in every style that can show one (an empty position). ``spaced`` and
``run_together`` cannot represent a blank cell (nothing marks its place), so blank cells are dropped there:
a parser must use the template's cell counts, and a record with blanks does not round-trip through them.
"""

from __future__ import annotations

from collections.abc import Callable

from ..record import Report
from .layout import Block, Grid, blocks

STYLES = ("tsv", "cell_per_line", "cell_per_line_blank", "spaced", "run_together", "markdown")
NBSP = "\u00a0"
IDEO = "\u3000"


def flatten(report: Report, style: str) -> str:
    """The whole report (title, headings, texts, tables) as one text in the given style."""
    try:
        writer = _WRITERS[style]
    except KeyError:
        raise ValueError(f"unknown flatten style {style!r}; choose one of {', '.join(STYLES)}") from None
    return writer(blocks(report))


# ------------------------------------------------------------------ line-oriented styles
def _lines(items: list[Block], table: Callable[[Grid], list[str]], heading: str = "") -> str:
    out: list[str] = []
    for b in items:
        if b.kind == "table" and b.grid is not None:
            out.extend(table(b.grid))
            out.append("")
        elif b.kind in ("title", "heading"):
            out.extend(["", heading + b.text if b.kind == "heading" else b.text, ""])
        else:
            out.extend(b.text.split("\n"))
    return "\n".join(out).strip("\n") + "\n"


def _grid_texts(grid: Grid) -> list[list[str]]:
    """Each grid row's cell texts; a merged cell's text stands at its top-left position, "" elsewhere."""
    owner = grid.owner()
    rows = []
    for r in range(grid.nrows):
        texts = []
        for c in range(grid.ncols):
            cell = owner.get((r, c))
            texts.append(cell.text if cell is not None and (cell.row, cell.col) == (r, c) else "")
        rows.append(texts)
    return rows


def _tsv_table(grid: Grid) -> list[str]:
    return ["\t".join(texts) for texts in _grid_texts(grid)]


def _cell_per_line_table(grid: Grid) -> list[str]:
    lines = []
    for row in grid.rows():
        for i, cell in enumerate(row):
            line = f"{cell.text} |"
            missing = grid.ncols - len(row)
            if i == len(row) - 1 and missing > 0:
                line += " " + "|" * missing
            lines.append(line)
    return lines


def _padded(text: str, seed: int) -> str:
    """A number with the NBSP / ideographic-space padding Word leaves around it (varied by position)."""
    if text == "":
        return NBSP
    pads = (NBSP + text, text + NBSP, IDEO + text, IDEO + "  " + text, IDEO + text + IDEO, text)
    return pads[seed % len(pads)]


def _cell_per_line_blank_table(grid: Grid) -> list[str]:
    owner = grid.owner()
    lines: list[str] = []
    for r in range(grid.nrows):
        for c in range(grid.ncols):
            cell = owner.get((r, c))
            if cell is None or cell.col != c:
                continue  # a horizontally merged position prints nothing (gridSpan)
            if cell.row != r:
                lines.append("\t")  # a vertically merged continuation prints an empty cell (vMerge)
            elif cell.role == "value":
                lines.append("\t" + _padded(cell.text, r * 7 + c))
            else:
                lines.append("\t" + cell.text)
        lines.append("")
    return lines


# ------------------------------------------------------------------ one-line styles
def _inline(items: list[Block], sep: str) -> str:
    title = ""
    body: list[str] = []
    for b in items:
        if b.kind == "title":
            title = b.text
        elif b.kind == "table" and b.grid is not None:
            # A blank cell has no mark in these forms: it is dropped (see the module docstring).
            body.extend(c.text for row in b.grid.rows() for c in row if c.text != "")
        else:
            body.extend(p for p in b.text.split("\n") if p)
    return f"{title}\n{sep.join(body)}\n"


# ------------------------------------------------------------------ markdown
def _md_cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def _md_table(grid: Grid) -> list[str]:
    lines = []
    for r, texts in enumerate(_grid_texts(grid)):
        lines.append("| " + " | ".join(_md_cell(t) for t in texts) + " |")
        if r == 0:
            lines.append("|" + "---|" * grid.ncols)
    return lines


def _markdown(items: list[Block]) -> str:
    out: list[str] = []
    for b in items:
        if b.kind == "title":
            out += [f"# {b.text}", ""]
        elif b.kind == "heading":
            out += [f"## {b.text}", ""]
        elif b.kind == "table" and b.grid is not None:
            out += [*_md_table(b.grid), ""]
        elif b.kind == "signature":
            out += [*(line + "  " for line in b.text.split("\n")), ""]
        else:
            out += [b.text, ""]
    return "\n".join(out).rstrip("\n") + "\n"


_WRITERS: dict[str, Callable[[list[Block]], str]] = {
    "tsv": lambda items: _lines(items, _tsv_table),
    "cell_per_line": lambda items: _lines(items, _cell_per_line_table),
    "cell_per_line_blank": lambda items: _lines(items, _cell_per_line_blank_table),
    "spaced": lambda items: _inline(items, " "),
    "run_together": lambda items: _inline(items, ""),
    "markdown": _markdown,
}
