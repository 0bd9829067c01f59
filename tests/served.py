"""A real ``xxgk serve`` for the tests that need a server process: started on a free localhost port over a
database, ready once ``/api/me`` answers, stopped (then killed if it lingers) at the end."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def xxgk_serve(db: Path, env: dict[str, str], log: Path, start_timeout: float = 60.0
               ) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``(base URL, process)`` of ``xxgk serve --db DB`` with ``env``, its output appended to ``log``."""
    port = free_port()
    with open(log, "ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "xxgk", "serve", "--port", str(port), "--db", str(db)],
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log, start_timeout)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"xxgk serve exited with {process.returncode}: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(base + "/api/me", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"xxgk serve did not answer within {timeout:.0f} s: {log.read_text(errors='replace')}")
