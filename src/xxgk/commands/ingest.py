"""``xxgk ingest``, ``xxgk assign`` and ``xxgk batches``: fill the store, fix failed sources, undo a batch.

Exit status of ``ingest``: 0 when every input became (or already was) a source of a report; 1 when any
input failed (each is listed, and stored as failed), the database cannot be used or the Dask scheduler cannot be
reached; 2 usage errors. ``assign`` and ``batches``: 1 when the source or batch named is not there or the store
refuses (a batch already rolled back), or the database failed.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from .agencies import DB_HELP, using_store


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None, metavar="N",
              help="Worker processes that parse and check (default: the number of cores; the database has a "
                   "single writer). --jobs 1 under 200 files works in this process, with no time limit.")
@click.option("--timeout", type=click.FloatRange(min=0), default=120.0, show_default=True, metavar="SECONDS",
              help="Time limit per file (0: none); a file past it is stored as failed. Not when --jobs 1 works in "
                   "this process.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where parsing and checking run: local worker processes, or Dask tasks (a LocalCluster of "
                   "--jobs workers, or the cluster of --scheduler). This process writes the database either way.")
@click.option("--scheduler", metavar="ADDRESS",
              help="A running Dask scheduler (tcp://HOST:8786) for --engine dask; default: a LocalCluster.")
@click.option("--note", help="A note kept with the batch (why, where from).")
@click.option("--db", help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the batch summary as JSON (for scripts).")
def ingest_cmd(paths: tuple[str, ...], jobs: int | None, timeout: float, engine: str, scheduler: str | None,
               note: str | None, db: str | None, as_json: bool) -> None:
    """Read report files, folders (recursively) and zip archives into the store.

    Each file is parsed and checked, then written in one transaction as a source of its agency's report for
    its year (a web page and its PDF/DOCX become sources of the same report). Same bytes again: nothing new.
    Interrupted at any point, running it again finishes the job. A file that cannot be read is stored as
    failed with its reason and listed at the end; `xxgk assign` fixes one whose agency or year is unknown.
    """
    from ..batch import default_jobs
    from ..store.dask_engine import DaskUnavailable
    from ..store.ingest import count_inputs

    with using_store(db, DaskUnavailable, create=True) as store:  # opened before the progress bar starts
        progress: Any = None
        if not as_json and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            total = count_inputs(list(paths))
            progress = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[rate]:>6.1f}/s"), TimeRemainingColumn(),
                                TextColumn("{task.fields[last]}"), console=Console(stderr=True), transient=True)
            task = progress.add_task("ingest", total=total or None, rate=0.0, last="")
            progress.start()

        def on_saved(saved: Any) -> None:
            if progress is not None:
                elapsed = progress.tasks[0].elapsed or 1e-9
                progress.update(task, advance=1, rate=(progress.tasks[0].completed + 1) / elapsed,
                                last=saved.path.replace("!", "/").rsplit("/", 1)[-1][-32:])

        try:
            summary = store.ingest(list(paths), jobs=jobs or default_jobs(), note=note, on_saved=on_saved,
                                   timeout=timeout or None, engine=engine, scheduler=scheduler)
        finally:
            if progress is not None:
                progress.stop()
    if as_json:
        click.echo(json.dumps(summary.to_json(), ensure_ascii=False, indent=1))
    else:
        _print_summary(summary, store.name)
    sys.exit(1 if summary.failures else 0)


def _print_summary(summary: Any, where: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    c = summary.counts
    rate = c["inputs"] / summary.seconds if summary.seconds > 0 else 0.0
    table = Table(title=f"batch {summary.batch_id} → {where}", title_justify="left")
    for name in ("inputs", "new reports", "new sources", "already stored", "failed", "skipped", "seconds", "per second"):
        table.add_column(name, justify="right")
    table.add_row(str(c["inputs"]), str(c["new_reports"]), str(c["new_sources"]), str(c["duplicates"]),
                  str(c["failed"]), str(c["skipped"]), f"{summary.seconds:.1f}", f"{rate:.1f}")
    console.print(table)
    if c["inputs"] and c["duplicates"] == c["inputs"]:
        console.print("nothing new: every input was already in the store")
    if summary.failures:
        # a plain list, not a table: paths and reasons are long and must stay whole (and greppable)
        click.echo(f"failed ({len(summary.failures)}; stored with the reason — `xxgk assign SOURCE --agency NAME "
                   "--year YEAR` for one whose agency or year is unknown):")
        for x in summary.failures:
            click.echo(f"  {x.sha256[:12] or '-':<12}  {x.path}")
            click.echo(f"                {(x.reason or '').removeprefix(f'{x.path}: ')}")


@click.command("assign")
@click.argument("source")
@click.option("--agency", required=True, help="The agency's name as printed.")
@click.option("--year", required=True, type=click.IntRange(1990, 2100), help="The report year.")
@click.option("--db", help=DB_HELP)
def assign_cmd(source: str, agency: str, year: int, db: str | None) -> None:
    """Make a failed SOURCE (id, sha256 prefix or path) whose agency or year was unknown a report's source."""
    with using_store(db, KeyError) as store:
        report = store.assign(source, agency, year)
    click.echo(f"report {report.id}: {report.agency} {report.year} ({report.sources} source(s))")


@click.command("batches")
@click.option("--rollback", "rollback", type=int, metavar="BATCH", help="Undo what this batch added.")
@click.option("--db", help=DB_HELP)
@click.option("--json", "as_json", is_flag=True)
def batches_cmd(rollback: int | None, db: str | None, as_json: bool) -> None:
    """List ingest batches (start, end, status, counts, open failures), or roll one back."""
    with using_store(db, KeyError) as store:
        if rollback is not None:
            removed = store.rollback_batch(rollback)
            click.echo(f"batch {rollback} rolled back: " + ", ".join(f"{v} {k}" for k, v in removed.items()))
            return
        batches = store.batches()
        failures = store.failures()
    if as_json:
        click.echo(json.dumps({"batches": [{"id": b.id, "started_at": b.started_at.isoformat(),
                                            "finished_at": b.finished_at.isoformat() if b.finished_at else None,
                                            "status": b.status, "note": b.note, "counts": b.counts} for b in batches],
                               "failures": [{"id": f.id, "sha256": f.sha256, "path": f.path, "code": f.code,
                                             "reason": f.reason} for f in failures]}, ensure_ascii=False, indent=1))
        return
    for b in batches:
        end = b.finished_at.strftime("%Y-%m-%d %H:%M:%S") if b.finished_at else "—"
        counts = ", ".join(f"{k} {v}" for k, v in b.counts.items() if k != "seconds")
        click.echo(f"{b.id:>4}  {b.started_at:%Y-%m-%d %H:%M:%S} → {end}  {b.status:<11} {counts}  {b.note or ''}")
    if failures:
        click.echo(f"\n{len(failures)} open failure(s):")
        for f in failures:  # a reason names its file already, as every error message does
            said = f.reason if f.path and f.reason.startswith(f.path) else f"{f.path}: {f.reason}"
            click.echo(f"  {(f.sha256 or '')[:12]:<12}  {said}")
