"""Batch ingest: read inputs, parse and check them in worker processes, write each one in its own transaction.

Resumable by construction: a source is known by its sha256, and it is written with its report, version,
cells and findings in one transaction. Killed at any moment, the next run skips what was committed and does
the rest; nothing is ever half-written. One bad file never stops the batch: it is stored as failed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..batch import DEFAULT_TIMEOUT
from . import schema as s
from .analyse import Outcome, Task, analyse_task, task_label
from .attach import Saved, WriterCache, save_outcome
from .blobs import sha256
from .db import StoreConflict, StoreDataError, StoreError
from .discover import ARCHIVE_SUFFIXES, REPORT_SUFFIXES, Item, Skipped, discover
from .feed import Feed
from .store import Store


@dataclass
class IngestSummary:
    batch_id: int
    saved: list[Saved] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        out = {"inputs": len(self.saved), "new_reports": 0, "new_sources": 0, "duplicates": 0, "failed": 0,
               "skipped": len(self.skipped)}
        key = {"new-report": "new_reports", "new-source": "new_sources", "duplicate": "duplicates",
               "failed": "failed"}
        for x in self.saved:
            out[key[x.status]] += 1
        return out

    @property
    def failures(self) -> list[Saved]:
        return [x for x in self.saved if x.status == "failed"]

    def to_json(self) -> dict[str, Any]:
        return {
            "batch": self.batch_id,
            "counts": self.counts,
            "seconds": round(self.seconds, 3),
            "sources": [{"path": x.path, "sha256": x.sha256, "status": x.status, "report": x.report_id,
                         "agency": x.agency, "year": x.year} | ({"reason": x.reason} if x.reason else {})
                        for x in self.saved],
            "failures": [{"path": x.path, "sha256": x.sha256, "reason": x.reason} for x in self.failures],
            "skipped": [{"path": x.path, "reason": x.reason} for x in self.skipped],
        }


def count_inputs(paths: Iterable[str]) -> int:
    """How many inputs :func:`discover` will give (for a progress bar), without reading them."""
    import zipfile

    n = 0
    for raw in paths:
        p = Path(raw)
        files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for f in files:
            suffix = f.suffix.lower()
            if suffix in ARCHIVE_SUFFIXES:
                try:
                    with zipfile.ZipFile(f) as z:
                        n += sum(1 for name in z.namelist()
                                 if Path(name).suffix.lower() in REPORT_SUFFIXES and not name.endswith("/"))
                except (OSError, zipfile.BadZipFile):
                    n += 1
            elif suffix in REPORT_SUFFIXES or not p.is_dir():
                n += 1
    return n


ENGINES = ("local", "dask")
# With one job, this many inputs or more are parsed in a worker process rather than in the writer's.
ONE_WORKER_FROM = 200


def ingest(store: Store, paths: list[str], *, jobs: int = 1, note: str | None = None,
           on_saved: Callable[[Saved], None] | None = None, timeout: float | None = DEFAULT_TIMEOUT,
           engine: str = "local", scheduler: str | None = None) -> IngestSummary:
    """Ingest every input under ``paths`` into ``store`` as one batch; ``on_saved`` is told of each input.

    ``engine``: ``local`` (worker processes of :mod:`xxgk.batch`) or ``dask`` (tasks on a dask.distributed
    cluster: a LocalCluster of ``jobs`` workers, or the scheduler at ``scheduler``). Either way this process
    is the only writer and stores each outcome as it arrives."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    start = time.perf_counter()
    summary = IngestSummary(store.start_batch(note=note, jobs=jobs, engine=engine))
    status = "interrupted"

    def done(saved: Saved) -> None:
        summary.saved.append(saved)
        if on_saved is not None:
            on_saved(saved)

    cache = WriterCache()
    batch_id = summary.batch_id
    # one job: parsed in this process for a few inputs, else in one worker process, which parses while this
    # process writes (a worker's start-up, ~0.3 s, is paid back after a couple of hundred text reports)
    in_process = jobs == 1 and engine == "local" and count_inputs(paths) < ONE_WORKER_FROM

    def produce(put: Callable[[Any], None]) -> None:  # in the feed's thread: nothing here writes
        tasks = _tasks(store, paths, put)
        if engine == "dask":
            from .dask_engine import run_dask

            outcomes = run_dask(tasks, jobs, scheduler)
        else:
            outcomes = run_local(tasks, jobs, timeout, in_process=in_process)
        try:
            for outcome in outcomes:
                put(outcome)
        finally:
            close = getattr(outcomes, "close", None)
            if close is not None:
                close()  # here, in the producer's thread: the workers shut down

    try:
        with store.read() as session:  # every agency name: a name not among them is made without a look-up
            cache.load(session)
        # room for what the workers finish while the writer inserts a whole group (it takes tens of ms): with
        # a short queue they stopped, waiting for it (16: ~300/s; 128: ~320/s, 3,000 reports into SQLite)
        with Feed(produce, size=GROUP_MAX + 16 * jobs) as feed:
            group: list[Outcome | Item] = []
            started = 0.0
            for item in feed:
                if isinstance(item, Skipped):
                    summary.skipped.append(item)
                    continue
                if isinstance(item, Saved):
                    done(item)
                    continue
                if not group:
                    started = time.monotonic()
                group.append(item)
                # one transaction for what is ready now or very soon: the writer never sits on uncommitted work
                # while idle for longer than GROUP_LINGER
                if (not feed.waiting(GROUP_LINGER) or len(group) >= GROUP_MAX
                        or time.monotonic() - started >= GROUP_SECONDS):
                    write_group(store, group, batch_id, done, cache)
                    group = []
            write_group(store, group, batch_id, done, cache)
        status = "done"
    finally:
        summary.seconds = time.perf_counter() - start
        store.finish_batch(summary.batch_id, summary.counts | {"seconds": round(summary.seconds, 3)}, status=status)
    return summary


# A group of ready outcomes shares one transaction (all of it or none is committed: every report still exactly
# once, none partial); these bound the work a kill can undo and how long progress waits for a commit.
GROUP_MAX = 100
GROUP_SECONDS = 0.5
# how long the writer waits for the next outcome before it commits what it has: at full speed outcomes come
# every few ms, and a commit each (with its WAL frames for the same hot pages) cost ~0.5 ms a report
GROUP_LINGER = 0.02


def write_group(store: Store, group: list[Outcome | Item], batch_id: int | None, done: Callable[[Saved], None],
                cache: WriterCache | None = None) -> None:
    """Store ``group`` (outcomes, and inputs that could not be read) in one transaction; ``done`` is told of
    each once it is committed. Should anything go wrong, the group is rolled back whole and written again one
    transaction each (:func:`write`), so that one odd file is stored as failed and the others as usual. Only a
    database that cannot be used (:class:`StoreError`) stops the batch."""
    if not group:
        return
    try:
        with store.write() as session:
            # the feed looked every analysed source up (:func:`_tasks`); one added since by another writer fails
            # this transaction on the unique sha256, and the one-by-one replay below looks it up again
            saved = [save_outcome(session, x, batch_id, cache, looked_up=True) if isinstance(x, Outcome)
                     else _save_unreadable(session, x, batch_id) for x in group]
            if cache is not None:
                cache.pending.flush(session)
    except Exception as exc:  # replayed one by one below, where the error is told apart
        _forget(cache)
        # a conflict is bytes or rows another writer made meanwhile (the replay looks them up), a refused value
        # one source's data (the replay stores it as failed); any other StoreError is a database that cannot
        # be used
        if isinstance(exc, StoreError) and not isinstance(exc, StoreConflict | StoreDataError):
            raise
        saved = [write(store, x, batch_id, cache=cache) if isinstance(x, Outcome) else _unreadable(store, x, batch_id)
                 for x in group]
    for x in saved:
        done(x)


def write(store: Store, outcome: Outcome, batch_id: int | None, attempts: int = 3,
          cache: WriterCache | None = None) -> Saved:
    """Store one outcome in its own transaction; a concurrent writer that made the same agency or report
    first (unique constraint) makes us try again, then we find its row. Any other error while writing this
    one source rolls its transaction back and stores it as failed with the error: the batch goes on. Only a
    database that cannot be used (:class:`StoreError`: locked, gone) stops it. ``cache``: the run's
    :class:`WriterCache`, emptied when a transaction is rolled back (it may name rows that were not kept)."""
    for attempt in range(attempts):
        try:
            with store.write() as session:
                saved = save_outcome(session, outcome, batch_id, cache)
                if cache is not None:
                    cache.pending.flush(session)
                return saved
        except StoreConflict:  # another writer made the same agency or report first
            _forget(cache)
            if attempt == attempts - 1:
                return _write_failed(store, outcome, batch_id, "integrity error after retries")
        except StoreDataError as exc:  # a value of this source the database cannot hold
            _forget(cache)
            return _write_failed(store, outcome, batch_id, str(exc))
        except StoreError:
            _forget(cache)
            raise
        except Exception as exc:  # a bug on odd data must not stop the batch
            _forget(cache)
            return _write_failed(store, outcome, batch_id, f"{type(exc).__name__}: {str(exc)[:300]}")
    raise AssertionError("unreachable")


def _forget(cache: WriterCache | None) -> None:
    if cache is not None:
        cache.clear()


def _write_failed(store: Store, outcome: Outcome, batch_id: int | None, error: str) -> Saved:
    failed = Outcome(outcome.path, outcome.sha256, outcome.size, outcome.format,
                     error=f"{outcome.path}: internal error while storing: {error}", code="internal")
    with store.write() as session:
        return save_outcome(session, failed, batch_id)


# Inputs are looked up in the store a chunk at a time (one query instead of one per file); a chunk holds at
# most this many files and bytes, so a folder of large PDFs does not all sit in memory at once.
LOOKUP_FILES = 64
LOOKUP_BYTES = 32 * 1024 * 1024


def _tasks(store: Store, paths: list[str], put: Callable[[Any], None]) -> Iterator[Task]:
    """Inputs to parse: bytes kept in the blob store first. What needs no parsing goes straight to the writer
    through ``put``: skipped inputs, unreadable ones (an :class:`Item` without data), bytes met earlier in this
    run (a :class:`Saved` duplicate) and bytes already in the store (an :class:`Outcome` without a record, which
    the writer reports as a duplicate of what it names). Nothing here writes to the database."""
    seen: dict[str, str] = {}
    chunk: list[tuple[Item, str]] = []
    size = 0

    def flush() -> Iterator[Task]:
        known = store.known_sources([digest for _, digest in chunk])
        for item, digest in chunk:
            assert item.data is not None
            if digest in known:
                put(Outcome(item.path, digest, len(item.data)))  # nothing is parsed again
                continue
            store.blobs.put(item.data, digest)
            yield item.path, item.data, digest
        chunk.clear()

    for item in discover(paths):
        if isinstance(item, Skipped) or item.data is None:  # skipped, or unreadable
            put(item)
            continue
        digest = sha256(item.data)
        if digest in seen:
            put(Saved("duplicate", item.path, digest, reason=f"same bytes as {seen[digest]}"))
            continue
        seen[digest] = item.path
        chunk.append((item, digest))
        size += len(item.data)
        if len(chunk) >= LOOKUP_FILES or size >= LOOKUP_BYTES:
            yield from flush()
            size = 0
    yield from flush()


def _unreadable(store: Store, item: Item, batch_id: int | None) -> Saved:
    with store.write() as session:
        return _save_unreadable(session, item, batch_id)


def _save_unreadable(session: Session, item: Item, batch_id: int | None) -> Saved:
    """An input whose bytes could not be read: a failure without a source (once per path while unresolved)."""
    reason = item.error or f"{item.path}: cannot be read"
    known = session.scalar(select(s.Failure.id).where(s.Failure.path == item.path, s.Failure.source_id.is_(None),
                                                      s.Failure.resolved_at.is_(None)))
    if known is None:
        session.add(s.Failure(path=item.path, code="unreadable", reason=reason, batch_id=batch_id))
    return Saved("failed", item.path, "", reason=reason)


def run_local(tasks: Iterable[Task], jobs: int, timeout: float | None = DEFAULT_TIMEOUT, *,
              in_process: bool | None = None) -> Iterator[Outcome]:
    """``analyse`` over ``tasks`` with the shared batch runner (:mod:`xxgk.batch`): in worker processes with
    a time limit per file, bounded memory, and a hang or a crash costing only its own file (which is then
    stored as failed with that reason); ``in_process`` (default: for one job) in this process, without them."""
    from ..batch import run_batch

    for result in run_batch(tasks, analyse_task, jobs=jobs, timeout=timeout, label=task_label,
                            in_process=in_process):
        if result.value is not None:
            yield result.value
        else:
            path, data, digest = result.item
            yield Outcome(path, digest, len(data), error=result.error or f"{path}: failed", code=result.stage)
