"""Options and inputs shared by the batch commands (parse, check)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any

import click

from ..batch import DEFAULT_TIMEOUT


def batch_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--jobs`` and ``--timeout``."""
    command = click.option(
        "--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
        help="Time limit per file (0: none); a file past it is reported as that file's error. Needs --jobs ≥ 2.",
    )(command)
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
        help="Files read at a time, each in its own process (default: the number of cores). "
             "--jobs 1 reads them one by one in this process, with no time limit.",
    )(command)


def inputs(files: tuple[str, ...]) -> Iterator[tuple[str, bytes | None]]:
    """(path, None) per file — the worker reads it — and ("-", bytes) for standard input."""
    for path in files:
        yield (path, sys.stdin.buffer.read()) if path == "-" else (path, None)


def read_previous(path: str | None) -> Any:
    """The ``--previous`` report (a record or any report file), or None without one; one that cannot be read is
    a usage error (exit status 2) naming it."""
    if not path:
        return None
    from ..batch import StageError
    from ..jobs import read_report

    try:
        return read_report((path, None))
    except StageError as exc:
        click.echo(f"xxgk: --previous: {exc.message}", err=True)
        sys.exit(2)
