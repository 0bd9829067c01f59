"""Runs of cells ("vectors"): a document's cell tokens grouped into the rows they were printed as."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .cells import CellToken
from .tokens import Token


@dataclass
class Vector:
    """A run of printed cells, with the label printed right before it (if any)."""

    cells: list[CellToken]
    first: int  # token index of the first cell
    last: int
    attached: Token | None = None  # label token right before the run
    lines: set[int] = field(default_factory=set)

    @property
    def same_line(self) -> bool:
        """The label is printed on the run's own line (a sure tie; a label on the line above may belong to the
        row below when labels drift around rotated or vertically centred cells)."""
        return self.attached is not None and self.attached.line in self.lines

    @property
    def numbers(self) -> int:
        return sum(1 for c in self.cells if not c.blank)


def build_vectors(tokens: Sequence[Token]) -> list[Vector]:
    """Group cell tokens into vectors.

    Cells on one line form one vector. Lines holding a single cell each (one-cell-per-line flattenings)
    are joined until a label, text, or an empty line intervenes.
    """
    vectors: list[Vector] = []
    # plain lists read faster than attribute access in this loop over every token
    is_cell = [t.kind == "cell" for t in tokens]
    lines = [t.line for t in tokens]
    i = 0
    n = len(tokens)
    while i < n:
        if not is_cell[i]:
            i += 1
            continue
        j = i
        line = lines[i]
        while j + 1 < n and is_cell[j + 1] and lines[j + 1] == line:
            j += 1
        seg = Vector([t.cell for t in tokens[i : j + 1] if t.cell], i, j, lines={line})
        prev = tokens[i - 1] if i > 0 else None
        last = vectors[-1] if vectors else None
        if (
            j == i
            and last is not None
            and last.last == i - 1
            and (i == 0 or lines[i - 1] != line)  # alone on its line (with j == i)
            and (i + 1 >= n or lines[i + 1] != line)
            and len(last.lines) == len(last.cells)  # the previous run is itself one cell per line
            and prev is not None
            and is_cell[i - 1]
        ):
            last.cells.append(seg.cells[0])
            last.last = j
            last.lines.add(line)
        else:
            if prev is not None and prev.kind == "label":
                seg.attached = prev
            vectors.append(seg)
        i = j + 1
    return vectors


def line_alone(tokens: Sequence[Token], i: int) -> bool:
    line = tokens[i].line
    before = i == 0 or tokens[i - 1].line != line
    after = i + 1 >= len(tokens) or tokens[i + 1].line != line
    return before and after


def edge_filler_only(vec: Vector) -> bool:
    """Blanks only at the edges of the run, and each an empty piece between separators."""
    cells = vec.cells
    i, j = 0, len(cells)
    while i < j and cells[i].blank:
        i += 1
    while j > i and cells[j - 1].blank:
        j -= 1
    edges = cells[:i] + cells[j:]
    return all(c.weak for c in edges) and not any(c.blank for c in cells[i:j])


def blank_row(vec: Vector, width: int) -> bool:
    """A row printed with every cell empty, right after its label (a blank form, or zeros left empty)."""
    lab = vec.attached.label if vec.attached is not None else None
    return lab is not None and lab.kind == "row" and len(vec.cells) >= width - 1


def digit_count(vec: Vector) -> int:
    return sum(len(c.text) for c in vec.cells if not c.blank and c.text.isdigit())


def split_merged(vec: Vector, width: int) -> list[Vector]:
    """One cell per line with a row label lost: two rows' cells ran into one run. Cut it at the row width."""
    k = len(vec.cells) // width
    if k < 2 or len(vec.cells) % width or len(vec.lines) != len(vec.cells):
        return [vec]
    parts = []
    for i in range(k):
        cells = vec.cells[i * width : (i + 1) * width]
        part = Vector(cells, vec.first + i * width, vec.first + (i + 1) * width - 1, vec.attached if i == 0 else None)
        part.lines = set(range(min(vec.lines) + i * width, min(vec.lines) + (i + 1) * width))
        parts.append(part)
    return parts


def can_fill(vec: Vector, width: int) -> bool:
    """Whether a run of cells can be a section-三 row (allowing one lost cell and run-together digits)."""
    if len(vec.cells) >= width - 1 or vec.numbers >= width - 1:
        return True
    return digit_count(vec) >= width and vec.numbers >= 1
