"""Jobs for tests/test_batch.py: top-level functions, so spawned worker processes can import them."""

from __future__ import annotations

import os
import time
from typing import Any

from xxgk.batch import stage


def slow_echo(item: tuple[float, str]) -> str:
    """Sleep, then give the value back: finishing out of order must not change the output order."""
    seconds, value = item
    time.sleep(seconds)
    return value


def misbehave(item: str) -> Any:
    if item == "crash":  # a crash inside a C library: the process is gone without a word
        os._exit(3)
    if item == "hang":
        time.sleep(600)
    if item == "bug":
        with stage("match", item):
            return {}["no such key"]
    if item == "unstaged":
        raise ValueError("a job that did not mark its stages")
    if item == "unpicklable":
        return lambda: None
    return item.upper()


def process_id(item: object) -> int:
    """The process that ran the job."""
    return os.getpid()
