"""The work done for one source outside the database: parse and check. A plain top-level function on bytes
returning plain data, so it runs in a worker process (or a Dask task) and never touches the store."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from ..record import Report


@dataclass
class Outcome:
    """What became of one source: its record and findings, or the reason it could not be read."""

    path: str
    sha256: str
    size: int
    format: str | None = None
    record: Report | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)  # xxgk.rules.Finding.to_json()
    error: str | None = None
    code: str | None = None  # unreadable / not-a-report / internal
    seconds: float = 0.0


def analyse(path: str, data: bytes, sha256: str) -> Outcome:
    """Parse ``data`` (read from ``path``) and check it without a previous year (the store adds cross-year)."""
    from ..parse import ParseError, parse_bytes
    from ..readers import detect_format
    from ..readers.document import ReaderError
    from ..rules import check

    start = time.perf_counter()
    out = Outcome(path=path, sha256=sha256, size=len(data))
    try:
        out.format = detect_format(data, path)
        out.record = parse_bytes(data, path, out.format)
    except (ParseError, ReaderError) as exc:
        out.error = str(exc)
        out.code = "not-a-report" if "not an annual report" in str(exc) else "unreadable"
    except Exception as exc:  # a reader bug must not stop the batch: say where it happened
        out.error = f"{path}: internal error while parsing: {type(exc).__name__}: {exc}"
        out.code = "internal"
    if out.record is not None:
        result = check(out.record)
        out.findings = [f.to_json() for f in result.findings]
    out.seconds = time.perf_counter() - start
    return out
