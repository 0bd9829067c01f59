"""The work done for one source outside the database: parse and check. A plain top-level function on bytes
returning plain data, so it runs in a worker process (or a Dask task) and never touches the store."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from ..record import Report
from .records import VersionRows


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
    # the record as the writer inserts it (see :func:`prepare`): version rows, and the agency name's facts
    rows: VersionRows | None = None
    facts: tuple[str, str | None, str | None] | None = None  # xxgk.agency.names.name_facts

    @property
    def analysed(self) -> bool:
        """Whether the source went through :func:`analyse` (else it stands for bytes the store already has)."""
        return self.error is not None or self.record is not None or self.rows is not None

    def version_rows(self) -> VersionRows | None:
        """The rows to write: prepared by the worker, else built from the record now."""
        if self.rows is None and self.record is not None:
            from ..agency.names import name_facts
            from .records import version_rows

            self.rows = version_rows(self.record)  # odd data raises here: the writer stores it as failed
            if self.facts is None and self.record.agency:
                self.facts = name_facts(self.record.agency)
        return self.rows


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


def prepare(out: Outcome) -> Outcome:
    """``out`` as a worker hands it to the writer: the record turned into version rows (and dropped: tuples
    pickle ten times faster than its objects), the agency's kind and region read from its name. The writer's
    work is then inserts only. Data this cannot convert is left as the record, for the writer to report."""
    if out.record is None or out.rows is not None:
        return out
    from ..agency.names import name_facts
    from .records import version_rows

    try:
        rows = version_rows(out.record)
        facts = name_facts(out.record.agency) if out.record.agency else None
    except Exception:  # odd data: the writer converts it again and stores the error as this file's failure
        return out
    out.rows, out.facts, out.record = rows, facts, None
    return out


Task = tuple[str, bytes, str]  # path, bytes, sha256: the arguments of analyse()


def analyse_task(task: Task) -> Outcome:
    """:func:`analyse` on one task (the job of :func:`xxgk.batch.run_batch` and of a Dask task: one picklable
    argument), its record already turned into the rows the writer inserts (:func:`prepare`)."""
    return prepare(analyse(*task))


def task_label(task: Task) -> str:
    return task[0]
