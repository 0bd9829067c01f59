"""A producer in a thread, its items read through a bounded queue: the ingest writer's input.

Ingest's workers (processes or Dask tasks) only get a new file when their results are collected; collected in
this thread, they keep working while the writer is busy in the database, and the writer can see whether
more results are already waiting (:meth:`Feed.waiting`) — it then writes them in one transaction instead of
one each. The producer runs entirely in its thread (generators are not thread-safe), and every exception it
raises is raised again in the reader's thread. Leaving the ``with`` block early (an error, Ctrl-C) stops the
producer at its next item and waits for it to clean up (worker processes shut down).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from typing import Any

_END = object()  # the producer is done
_NOTHING = object()  # no item looked at ahead
_POLL = 0.2  # seconds between checks of the stop flag while blocked
_JOIN = 30.0  # seconds the reader waits for the producer to stop when it leaves early


class _Stopped(Exception):
    """Raised inside the producer when the reader went away."""


class Feed:
    """``with Feed(produce, size) as feed: for item in feed: ...`` where ``produce(put)`` calls ``put(item)``
    for each item (blocking while ``size`` items wait)."""

    def __init__(self, produce: Callable[[Callable[[Any], None]], None], size: int = 64) -> None:
        self._produce = produce
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=max(1, size))
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._ahead: Any = _NOTHING  # an item :meth:`waiting` took from the queue, handed out next
        self._thread = threading.Thread(target=self._run, name="xxgk-ingest-feed", daemon=True)

    def _put(self, item: Any) -> None:
        while True:
            if self._stop.is_set():
                raise _Stopped
            try:
                self._queue.put(item, timeout=_POLL)
                return
            except queue.Full:
                continue

    def _run(self) -> None:
        try:
            self._produce(self._put)
        except _Stopped:
            return
        except BaseException as exc:  # handed to the reader, raised there
            self._error = exc
        with suppress(_Stopped):  # the end mark, unless the reader has gone
            self._put(_END)

    def __enter__(self) -> Feed:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        # the producer stops at its next item; one stuck in a worker is left to its time limit (daemon thread,
        # daemon worker processes: they end with this process)
        self._thread.join(timeout=_JOIN)

    def __iter__(self) -> Iterator[Any]:
        while True:
            if self._ahead is not _NOTHING:
                item, self._ahead = self._ahead, _NOTHING
            else:
                item = self._queue.get()
            if item is _END:
                if self._error is not None:
                    raise self._error
                return
            yield item

    def waiting(self, timeout: float = 0.0) -> bool:
        """Whether another item (or the end) is ready now, or within ``timeout`` seconds: the writer then need
        not commit yet. Only the reader's thread may ask."""
        if self._ahead is not _NOTHING:
            return True
        try:
            self._ahead = self._queue.get(timeout=timeout) if timeout > 0 else self._queue.get_nowait()
        except queue.Empty:
            return False
        return True
