"""Run one job over many inputs: every input gives exactly one :class:`Outcome`, in input order, whatever
happens to it — an exception, a hang past the time limit, even a crash of the process that ran it.

``run_batch(items, job, jobs=N)`` with ``N > 1`` runs the job in ``N`` worker processes (spawn-safe: the job
must be a picklable top-level function or an instance of a top-level class). Each worker works on one input
at a time; while inputs are quick it has the next one waiting (:data:`DEPTH`), so it does not idle while the
parent is busy. The parent knows which input every worker is on and since when: a worker past the time limit
is killed and replaced, and its input gets a "took longer than" outcome; a worker that dies (a crash inside a
C library) costs only its own input — one waiting behind it goes to another worker. At most ``window`` inputs
are in flight or waiting for their turn to be yielded, so memory stays flat in the number of inputs. ``jobs=1`` runs in this process, in order, without
a time limit (for debugging and profiling), unless the caller asks for a worker process (``in_process=False``).

A job marks where an input failed with :func:`stage` (``with stage("read", path): ...``): the outcome's
``stage`` then says read / match / check / write; ``timeout`` and ``crash`` come from the runner itself.
"""

from __future__ import annotations

import os
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from .readers.document import ReaderError

__all__ = ["DEFAULT_TIMEOUT", "Outcome", "StageError", "default_jobs", "run_batch", "stage"]

T = TypeVar("T")
R = TypeVar("R")

# seconds per input: a text-layer report takes well under 1 s, a 9-page scan ~40 s of CPU; the 30 pages OCR
# reads at most, two workers sharing two cores, stay under this
DEFAULT_TIMEOUT = 300.0
_VERBS = {"read": "reading", "match": "matching", "check": "checking", "write": "writing"}


class StageError(Exception):
    """An input failed at a stage; ``message`` names the input once and says why."""

    def __init__(self, stage: str, message: str):
        super().__init__(message)
        self.stage = stage
        self.message = message


@contextmanager
def stage(name: str, path: str) -> Iterator[None]:
    """Turn any exception inside the block into a :class:`StageError` of stage ``name``.

    A ReaderError (a file the reader rejects) keeps its message; anything else is a defect of xxgk, reported
    with its type and where it was raised, never as a traceback."""
    try:
        yield
    except StageError:
        raise
    except ReaderError as exc:
        raise StageError(name, str(exc)) from None
    except Exception as exc:
        raise StageError(name, internal_message(path, name, exc)) from None


def internal_message(path: str, stage_name: str, exc: BaseException) -> str:
    """``path: internal error while matching: KeyError: 'x' (cells.py:123)`` — enough to file a bug."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    verb = _VERBS.get(stage_name, stage_name)
    return f"{path}: internal error while {verb}: {type(exc).__name__}: {exc}{where}"


@dataclass(frozen=True, slots=True)
class Outcome(Generic[R]):
    """What became of one input: the job's value, or an error message (naming the input) and its stage."""

    index: int  # position in the input
    item: Any
    value: R | None = None
    error: str | None = None
    stage: str | None = None  # read | match | check | write | timeout | crash | internal

    @property
    def ok(self) -> bool:
        return self.error is None


def default_jobs() -> int:
    """The number of cores this process may use."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if count is not None:
        return max(1, count() or 1)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_batch(
    items: Iterable[T],
    job: Callable[[T], R],
    *,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    label: Callable[[T], str] = str,
    window: int | None = None,
    in_process: bool | None = None,
) -> Iterator[Outcome[R]]:
    """Yield one Outcome per item, in input order.

    ``jobs``: worker processes (default: the number of cores; 1 = in this process, no time limit).
    ``timeout``: seconds one item may take (None or 0: no limit). ``label``: the item's name in the runner's
    own messages (time limit, crash). ``window``: items in flight or waiting to be yielded (default 4 × jobs).
    ``in_process``: run in this process (default: when ``jobs`` is 1); False with one job: a single worker
    process, so that the caller's own work on the outcomes overlaps the job's (and the time limit holds).
    """
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if in_process is None:
        in_process = jobs == 1
    if in_process:
        for index, item in enumerate(items):
            yield _outcome(index, item, *_call(job, item, label))
        return
    yield from _Pool(job, jobs, timeout or None, label, window or 4 * jobs).run(items)


def _call(job: Callable[[T], R], item: T, label: Callable[[T], str]) -> tuple[Any, str | None, str | None]:
    """(value, error, stage) of one item; never raises an Exception."""
    try:
        return job(item), None, None
    except StageError as exc:
        return None, exc.message, exc.stage
    except Exception as exc:  # a job that did not mark its stages: still one outcome, no traceback
        return None, internal_message(_safe_label(label, item), "internal", exc), "internal"


def _safe_label(label: Callable[[Any], str], item: Any) -> str:
    try:
        return label(item)
    except Exception:
        return repr(item)[:200]


def _outcome(index: int, item: Any, value: Any, error: str | None, stage_name: str | None) -> Outcome[Any]:
    return Outcome(index, item, value, error, stage_name)


# ------------------------------------------------------------------------------------------------ processes
def _unnamed(item: Any) -> str:
    """The worker's label: the runner's own messages start ": …" and the parent puts the item's name first
    (so the label, maybe a lambda, never has to be pickled)."""
    return ""


def _worker_main(conn: Any, job: Callable[[Any], Any]) -> None:
    """A worker: receive (index, item), send (index, value, error, stage); stop on None or a closed pipe."""
    label = _unnamed
    import gc
    import signal

    # What a worker loads once (modules, the template, compiled patterns: ~80,000 objects) is never garbage:
    # frozen out of the cyclic collector's reach, so its collections scan only what each input makes
    # (collections were 15 % of a text report's time, 5 % once frozen).
    frozen = False

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if task is None:
            return
        index, item = task
        value, error, stage_name = _call(job, item, label)
        if not frozen:  # after the first input the modules, templates and caches it loaded are all there
            gc.collect()  # what is garbage now is freed, not kept for ever in the frozen generation
            gc.freeze()
            frozen = True
        try:
            conn.send((index, value, error, stage_name))
        except (EOFError, OSError, KeyboardInterrupt):
            return
        except Exception as exc:  # the value cannot be pickled: the item's error, the worker goes on
            conn.send((index, None, internal_message(_safe_label(label, item), "write", exc), "write"))


# Inputs sent to a worker ahead of the one it is working on: it starts the next as soon as it sends a result,
# instead of waiting for the parent to collect it and send another (the parent may be busy: ingest's writer).
DEPTH = 2
# ... but only while inputs take less than this on average (text, HTML, PDF text layers take milliseconds): one
# waiting behind a scan (tens of seconds of OCR) would wait for it while another worker may be free.
QUICK = 1.0


@dataclass
class _Worker:
    process: Any
    conn: Any
    queue: deque[tuple[int, Any]] = field(default_factory=deque)  # sent, in order: the first is being worked on
    started: float = 0.0  # when the first of the queue started
    broken: bool = False  # a send failed: it died working; its results so far are still read


class _Pool:
    def __init__(self, job: Callable[[Any], Any], size: int, timeout: float | None,
                 label: Callable[[Any], str], window: int):
        import multiprocessing

        self.ctx = multiprocessing.get_context("spawn")  # fork is unsafe with threads (onnxruntime, pdfium)
        self.job, self.size, self.timeout, self.label = job, size, timeout, label
        self.window = max(window, size * DEPTH)
        self.workers: list[_Worker] = []
        self.pending: deque[tuple[int, Any]] = deque()  # taken back from a stopped worker before it got to them
        self.seconds: float | None = None  # the running mean of an input's time (None until the first result)

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(target=_worker_main, args=(child, self.job), daemon=True,
                                   name="xxgk-batch")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker, kill: bool) -> None:
        """Stop ``worker``; what it was sent but had not started goes back to be handed out again."""
        self.workers.remove(worker)
        self.pending.extendleft(reversed(worker.queue))
        worker.queue.clear()
        if kill and worker.process.is_alive():
            worker.process.kill()
        with suppress(OSError):
            worker.conn.close()
        worker.process.join(5)

    def _free(self) -> _Worker | None:
        """The worker to send the next input to: an idle one, else a new one (started lazily), else the least
        loaded one with room in its queue (:data:`DEPTH` while inputs are quick, else 1); None when none has."""
        usable = [w for w in self.workers if not w.broken]
        idle = next((w for w in usable if not w.queue), None)
        if idle is not None:
            return idle
        if len(self.workers) < self.size:
            return self._start()
        depth = DEPTH if self.seconds is not None and self.seconds < QUICK else 1
        room = [w for w in usable if len(w.queue) < depth]
        return min(room, key=lambda w: len(w.queue)) if room else None

    def run(self, items: Iterable[Any]) -> Iterator[Outcome[Any]]:
        source = enumerate(items)
        exhausted = False
        done: dict[int, Outcome[Any]] = {}
        next_out = 0  # the next index to yield
        next_in = 0  # the next index to take from the input
        try:
            while True:
                # hand out inputs (taken-back ones first) to workers with room, within the window
                while self.pending or (not exhausted and next_in - next_out < self.window):
                    worker = self._free()
                    if worker is None:
                        break
                    if self.pending:
                        index, item = self.pending.popleft()
                    else:
                        try:
                            index, item = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                        next_in = index + 1
                    problem = self._dispatch(worker, index, item)
                    if problem is not None:
                        done[index] = problem
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
                busy = [w for w in self.workers if w.queue]
                if not busy:
                    if exhausted and not self.pending:
                        return
                    continue
                self._collect(busy, done)
        finally:
            self._shutdown()

    def _dispatch(self, worker: _Worker, index: int, item: Any) -> Outcome[Any] | None:
        """Send an item to a worker (a fresh one if that one died while idle); an Outcome if it cannot go."""
        for attempt in range(2):
            try:
                worker.conn.send((index, item))
            except OSError:
                if worker.queue:  # it died working: collecting its results tells what happened
                    worker.broken = True
                    self.pending.appendleft((index, item))
                    return None
                self._retire(worker, kill=True)  # it died between two items: replace it once
                if attempt:
                    raise
                worker = self._start()
                continue
            except Exception as exc:  # the item cannot be pickled
                name = _safe_label(self.label, item)
                return Outcome(index, item, None, internal_message(name, "internal", exc), "internal")
            if not worker.queue:
                worker.started = time.monotonic()
            worker.queue.append((index, item))
            return None
        return None  # not reached

    def _collect(self, busy: list[_Worker], done: dict[int, Outcome[Any]]) -> None:
        """Wait for a result, a dead worker or the first deadline; record what happened."""
        from multiprocessing.connection import wait

        wait_for = None
        if self.timeout is not None:
            first = min(w.started for w in busy)
            wait_for = max(0.0, first + self.timeout - time.monotonic())
        ready = wait([w.conn for w in busy], timeout=wait_for)
        for worker in busy:
            index, item = worker.queue[0]
            if worker.conn in ready:
                try:
                    got_index, value, error, stage_name = worker.conn.recv()
                except (EOFError, OSError):  # the worker died (a crash inside a library, killed by the OS)
                    worker.process.join(5)
                    code = worker.process.exitcode
                    name = _safe_label(self.label, item)
                    done[index] = Outcome(index, item, None,
                                          f"{name}: the process reading it stopped (exit code {code})", "crash")
                    worker.queue.popleft()
                    self._retire(worker, kill=True)
                    continue
                assert got_index == index
                if error is not None and error.startswith(": "):  # the runner's message: name the item
                    error = _safe_label(self.label, item) + error
                done[index] = Outcome(index, item, value, error, stage_name)
                worker.queue.popleft()
                now = time.monotonic()
                took = now - worker.started
                self.seconds = took if self.seconds is None else 0.8 * self.seconds + 0.2 * took
                worker.started = now  # it went on to the next one as it sent this
                if worker.broken and not worker.queue:
                    self._retire(worker, kill=True)
            elif self.timeout is not None and time.monotonic() - worker.started >= self.timeout:
                name = _safe_label(self.label, item)
                done[index] = Outcome(index, item, None,
                                      f"{name}: took longer than {self.timeout:g} s; stopped", "timeout")
                worker.queue.popleft()
                self._retire(worker, kill=True)

    def _shutdown(self) -> None:
        for worker in list(self.workers):
            if not worker.queue:
                with suppress(OSError, ValueError):
                    worker.conn.send(None)
        for worker in list(self.workers):
            if not worker.queue:
                worker.process.join(2)
            self._retire(worker, kill=True)
