"""The Dask engine of ingest: parse and check as tasks on a dask.distributed cluster.

The work per source is the same top-level function as the local engine's (:func:`xxgk.store.ingest.analyse_task`,
bytes in, plain data out), so a worker never touches the database: the caller's single writer stores each
outcome as it completes. Memory stays bounded: at most ``window`` tasks (with their bytes) are in flight, and a
finished future is released before the next one is submitted. Without ``scheduler`` a LocalCluster of ``jobs``
single-threaded worker processes is started here and stopped at the end; with ``tcp://HOST:PORT`` the tasks go
to a running ``dask scheduler`` and its workers (which need xxgk installed, the same version).

Unlike the local engine there is no per-file time limit: Dask cannot stop one running task. A task that raises
or whose worker dies becomes that file's failure, and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from .analyse import Outcome

Task = tuple[str, bytes, str]  # path, bytes, sha256 (as in xxgk.store.ingest)


class DaskUnavailable(RuntimeError):
    """dask.distributed is not installed, or the scheduler cannot be reached."""


def _client(jobs: int, scheduler: str | None) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # the optional extra
        raise DaskUnavailable("the Dask engine needs dask.distributed: pip install 'xxgk[dask]'") from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except OSError as exc:
            raise DaskUnavailable(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=40)  # logging.ERROR: the progress bar is ours
    return Client(cluster), cluster


def run_dask(tasks: Iterable[Task], jobs: int, scheduler: str | None = None,
             window: int | None = None) -> Iterator[Outcome]:
    """``analyse`` over ``tasks`` on a Dask cluster; outcomes in completion order."""
    from distributed import as_completed

    from .ingest import analyse_task

    client, cluster = _client(jobs, scheduler)
    try:
        threads = sum(client.nthreads().values()) or jobs
        limit = window or 4 * threads
        source = iter(tasks)
        pending: dict[str, Task] = {}
        running = as_completed()

        def submit(batch: Iterable[Task]) -> None:
            for task in batch:
                future = client.submit(analyse_task, task, pure=False)
                pending[future.key] = task
                running.add(future)

        submit(islice(source, limit))
        for future in running:
            path, data, digest = pending.pop(future.key)
            try:
                outcome: Outcome = future.result()
            except Exception as exc:  # the task raised or its worker died: this file only
                outcome = Outcome(path, digest, len(data), error=f"{path}: failed on a Dask worker: "
                                  f"{type(exc).__name__}: {exc}", code="internal")
            future.release()
            yield outcome
            submit(islice(source, 1))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
