"""Per-file steps shared by the batch commands (parse, check, and the store's ingest): each marks its stage,
so a failure becomes that file's error naming where it happened (see :mod:`xxgk.batch`)."""

from __future__ import annotations

from .batch import stage
from .record import Report

STDIN = "-"

# An input of a batch: its path, and its bytes when they were read already (standard input).
Input = tuple[str, bytes | None]


def read_report(item: Input, previous: Report | None = None) -> Report:
    """Stages read and match: the file's record (a record file is taken as it is). ``previous``: last year's
    record, which settles digits run together (see :func:`xxgk.parse.match_document`)."""
    from .parse import match_document, read_input, read_path

    path, data = item
    with stage("read", path):
        got = read_input(read_path(path) if data is None else data, path)
    if isinstance(got, Report):
        return got
    with stage("match", path):
        return match_document(got, previous)


def input_label(item: Input) -> str:
    return item[0]
