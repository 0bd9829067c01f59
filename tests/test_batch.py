"""xxgk.batch.run_batch: one outcome per input, in input order, whatever happens to an input."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

from batch_jobs import misbehave, process_id, slow_echo
from xxgk.batch import default_jobs, run_batch


def test_output_in_input_order_with_workers_finishing_out_of_order() -> None:
    items = [(0.6, "a"), (0.0, "b"), (0.3, "c"), (0.0, "d"), (0.0, "e")]
    outcomes = list(run_batch(items, slow_echo, jobs=2))
    assert [o.value for o in outcomes] == ["a", "b", "c", "d", "e"]
    assert [o.index for o in outcomes] == list(range(5)) and all(o.ok for o in outcomes)


def test_every_failure_is_one_outcome_and_the_batch_goes_on() -> None:
    items = ["a", "crash", "b", "hang", "bug", "unstaged", "unpicklable", "c"]
    start = time.monotonic()
    outcomes = list(run_batch(items, misbehave, jobs=2, timeout=3))
    assert time.monotonic() - start < 30
    assert [o.item for o in outcomes] == items
    got = {o.item: (o.value, o.stage) for o in outcomes}
    assert got["a"] == ("A", None) and got["b"] == ("B", None) and got["c"] == ("C", None)
    assert {k: v[1] for k, v in got.items() if v[1]} == {
        "crash": "crash", "hang": "timeout", "bug": "match", "unstaged": "internal", "unpicklable": "write"}
    errors = {o.item: o.error for o in outcomes}
    assert errors["hang"] == "hang: took longer than 3 s; stopped"
    assert errors["crash"] == "crash: the process reading it stopped (exit code 3)"
    assert errors["bug"].startswith("bug: internal error while matching: KeyError: 'no such key' (batch_jobs.py:")


def test_in_process_with_one_job() -> None:
    outcomes = list(run_batch(["a", "bug", "unstaged", "b"], misbehave, jobs=1))
    assert [(o.value, o.stage) for o in outcomes] == [("A", None), (None, "match"), (None, "internal"), ("B", None)]


def test_one_job_in_a_worker_process_when_asked() -> None:
    # ingest's writer asks for it: its own work then overlaps the job's, and the time limit holds
    pids = [o.value for o in run_batch(range(5), process_id, jobs=1, in_process=False)]
    assert len(set(pids)) == 1 and pids[0] != os.getpid()
    assert [o.value for o in run_batch(range(2), process_id, jobs=1)] == [os.getpid()] * 2
    outcomes = list(run_batch(["a", "hang", "b"], misbehave, jobs=1, in_process=False, timeout=2))
    assert [(o.value, o.stage) for o in outcomes] == [("A", None), (None, "timeout"), ("B", None)]


def test_memory_flat_bounded_window() -> None:
    """The runner pulls inputs only a window ahead of what it has yielded: a long batch is never all in flight."""
    pulled = 0

    def items() -> Iterator[tuple[float, str]]:
        nonlocal pulled
        for i in range(40):
            pulled += 1
            yield (0.0, str(i))

    seen = 0
    for outcome in run_batch(items(), slow_echo, jobs=2, window=4):
        assert outcome.value == str(seen)
        seen += 1
        assert pulled - seen <= 4
    assert seen == 40


def test_default_jobs_is_the_core_count() -> None:
    import os

    assert 1 <= default_jobs() <= (os.cpu_count() or 1)


def test_an_item_that_cannot_reach_a_worker_is_its_own_outcome() -> None:
    items: list[object] = ["a", lambda: None, "b"]  # a lambda cannot be pickled to a worker process
    outcomes = list(run_batch(items, misbehave, jobs=2, label=lambda x: str(x)[:10]))
    assert [o.value for o in outcomes] == ["A", None, "B"]
    assert outcomes[1].stage == "internal" and "internal error" in (outcomes[1].error or "")


def test_inputs_waiting_behind_a_hang_or_a_crash_go_to_another_worker() -> None:
    """A worker has its next input waiting while it works: when it is stopped (time limit) or dies, the inputs
    it had not started are handed out again, never reported as failed."""
    items = ["hang", "a", "b", "crash", "c", "d", "e"]
    outcomes = list(run_batch(items, misbehave, jobs=2, timeout=2))
    assert [(o.item, o.value, o.stage) for o in outcomes] == [
        ("hang", None, "timeout"), ("a", "A", None), ("b", "B", None), ("crash", None, "crash"),
        ("c", "C", None), ("d", "D", None), ("e", "E", None)]


def test_an_input_waits_behind_another_only_while_inputs_are_quick() -> None:
    """The next input goes to an idle worker; it is queued behind a busy one only once results show inputs
    take under QUICK seconds (a text report), never behind a scan of tens of seconds."""
    from collections import deque

    from xxgk.batch import QUICK, _Pool, _Worker

    pool = _Pool(slow_echo, 2, None, str, 8)
    busy = [_Worker(None, None, deque([(0, "a")])), _Worker(None, None, deque([(1, "b")]))]
    pool.workers = list(busy)
    assert pool._free() is None  # no result yet: nothing waits behind a worker
    pool.seconds = QUICK / 100
    assert pool._free() is busy[0]
    busy[0].queue.append((2, "c"))
    assert pool._free() is busy[1] and len(busy[1].queue) == 1
    pool.seconds = QUICK * 30  # scans
    busy[0].queue.pop()
    assert pool._free() is None
