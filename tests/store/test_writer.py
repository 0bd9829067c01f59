"""The ingest writer: rows built by the workers, ready outcomes written in one transaction, the feed thread."""

from __future__ import annotations

import dataclasses
import pickle
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from sqlalchemy import event
from storehelp import agency_name, assert_whole, canonical, synth_report, write_reports

from strategies import reports
from xxgk.record import Report, ReportSource
from xxgk.render import render
from xxgk.store import Store
from xxgk.store.analyse import Outcome
from xxgk.store.attach import Saved, WriterCache
from xxgk.store.blobs import sha256
from xxgk.store.feed import Feed
from xxgk.store.ingest import analyse_task, write, write_group
from xxgk.store.records import version_rows


@settings(max_examples=40, deadline=None)
@given(record=reports())
def test_rows_from_a_worker_rebuild_the_record(record: Report) -> None:
    """What a worker sends (the record as rows, pickled) gives back the record the cross-year rules read."""
    record.source = ReportSource("a/b.txt", "txt", "ab" * 32, 123)
    rows = pickle.loads(pickle.dumps(version_rows(record)))
    assert rows.record().to_json() == record.to_json()
    assert rows.fields["n_cells"] == len(record.cells()) == len(rows.cells)


def _outcomes(folder: Path, n: int) -> list[Outcome]:
    write_reports(folder, n)
    out = []
    for p in sorted(folder.iterdir()):
        data = p.read_bytes()
        out.append(pickle.loads(pickle.dumps(analyse_task((str(p), data, sha256(data))))))
    return out


def test_one_transaction_for_a_group_and_an_odd_outcome_fails_alone(store: Store, tmp_path: Path) -> None:
    good = _outcomes(tmp_path / "in", 3)
    assert all(o.record is None and o.rows is not None for o in good)  # the worker sent rows, not the record
    odd = Outcome("odd.txt", "ab" * 32, 3, "txt", record=synth_report(50),
                  findings=[{"rule": "P-01", "severity": "error", "message": "m", "location": {}, "x": object()}])
    saved: list[Saved] = []
    batch = store.start_batch()
    commits = []
    event.listen(store.engine, "commit", lambda conn: commits.append(1))
    write_group(store, good[:2], batch, saved.append, WriterCache())
    assert len(commits) == 1 and [x.status for x in saved] == ["new-report", "new-report"]
    # the group is rolled back whole, then written one transaction each: only the odd one fails
    write_group(store, [odd, good[2]], batch, saved.append, WriterCache())
    assert [x.status for x in saved[2:]] == ["failed", "new-report"]
    assert "internal error while storing" in (saved[2].reason or "")
    assert store.counts()["reports"] == 3 and len(store.failures()) == 1
    assert {r.agency for r in store.reports()} == {x.agency for x in saved if x.agency}
    assert_whole(store)


def test_feed_hands_over_items_and_the_producers_error() -> None:
    def produce(put: Callable[[Any], None]) -> None:
        put(1)
        put(2)
        raise ValueError("bad input listing")

    got = []
    with Feed(produce, size=1) as feed, pytest.raises(ValueError, match="bad input listing"):
        for item in feed:
            got.append(item)
    assert got == [1, 2]


def test_feed_waits_for_the_next_item_and_hands_it_over_in_order() -> None:
    """``waiting(timeout)`` looks ahead (the writer lingers before it commits): the item it saw comes next, none
    is lost; a producer slower than the timeout makes it say no, then the item still arrives."""
    gate = threading.Event()

    def produce(put: Callable[[Any], None]) -> None:
        put(1)
        put(2)
        gate.wait(5)
        put(3)

    got, answers = [], []
    with Feed(produce, size=4) as feed:
        for item in feed:
            got.append(item)
            answers.append(feed.waiting(0.2))
            if item == 2:
                gate.set()  # 3 comes only now, after waiting() said no
    assert got == [1, 2, 3]
    assert answers == [True, False, True]  # 2 was ready; 3 was not yet; the end is ready after 3


def test_leaving_the_feed_early_stops_the_producer_and_runs_its_cleanup() -> None:
    cleaned = threading.Event()

    def endless() -> Iterator[int]:
        try:
            i = 0
            while True:
                yield i
                i += 1
        finally:
            cleaned.set()

    def produce(put: Callable[[Any], None]) -> None:
        source = endless()
        try:
            for x in source:
                put(x)
        finally:
            source.close()

    start = time.monotonic()
    with Feed(produce, size=2) as feed:
        for item in feed:
            if item == 5:
                break
    assert cleaned.wait(5) and time.monotonic() - start < 5


def test_ingest_with_workers_waiting_on_the_writer(store: Store, tmp_path: Path) -> None:
    """Outcomes pile up while the writer works (two workers): they go in together, each report whole."""
    write_reports(tmp_path / "in", 24)
    summary = store.ingest([str(tmp_path / "in")], jobs=2)
    assert summary.counts["new_reports"] == 24 and len(summary.saved) == 24
    assert store.counts()["versions"] == 24
    assert_whole(store)
    again = store.ingest([str(tmp_path / "in")], jobs=2)
    assert again.counts["duplicates"] == 24 and store.counts()["versions"] == 24


def test_bytes_another_writer_stored_since_the_look_up_are_a_duplicate(store: Store, tmp_path: Path) -> None:
    """The group writer trusts the feed's look-up; bytes another writer committed in between fail the group on
    the unique sha256, and the one-by-one replay names them a duplicate: nothing is written twice or half."""
    first, second = _outcomes(tmp_path / "in", 2)
    batch = store.start_batch()
    write_group(store, [first], batch, lambda saved: None, WriterCache())  # "another writer", after the look-up
    saved: list[Saved] = []
    write_group(store, [second, first], batch, saved.append, WriterCache())
    assert [x.status for x in saved] == ["new-report", "duplicate"]
    assert len(store.reports()) == 2
    assert_whole(store)


def test_agencies_made_and_found_by_the_writer(store: Store, tmp_path: Path) -> None:
    """An agency is made once: a second year of it (in another transaction, the cache emptied) finds the same
    row by its normal name, and an alias of it finds it too."""
    from xxgk.store import schema as s
    from xxgk.store.agencies import normalise
    from xxgk.store.versions import agency_id_for

    with store.write() as session:
        made, new = agency_id_for(session, "测试县交通运输局")
        again, new_again = agency_id_for(session, "测试县 交通运输局")
    assert new and not new_again and again == made
    with store.write() as session:
        session.add(s.AgencyAlias(agency_id=made, name="测试县交通局", norm_name=normalise("测试县交通局")))
    with store.write() as session:
        assert agency_id_for(session, "测试县交通局") == (made, False)


def test_a_group_in_one_transaction_gives_the_database_of_one_transaction_each(db_url: str, tmp_path: Path,
                                                                                 corpus: Path) -> None:
    """The group writer leaves the rows of reports alone in their years to be inserted at the end; reports that
    read cells back (the next year of an agency in the same group: cross-year rules; a second rendition of a
    report: source comparison) get them first. The database equals writing each outcome on its own."""
    folder = tmp_path / "in"
    write_reports(folder, 3, year=2022)
    write_reports(folder, 3, year=2023)
    for name in ("001_pingtan_2023.html", "001_pingtan_2023.docx"):
        (folder / name).write_bytes((corpus / "real" / name).read_bytes())
    other = synth_report(1, 2023)  # another rendition of r001_2023 that reads one cell differently
    cells = other.tables["applications"].rows["new"]
    cells[0] = dataclasses.replace(cells[0], value=(cells[0].value or 0) + 5)
    (folder / "r001_2023_copy.html").write_bytes(render(other, "html"))
    outcomes = []
    for p in sorted(folder.iterdir()):
        data = p.read_bytes()
        outcomes.append(pickle.loads(pickle.dumps(analyse_task((str(p), data, sha256(data))))))
    with Store(db_url, data_dir=tmp_path / "grouped") as grouped:
        write_group(grouped, list(outcomes), grouped.start_batch(), lambda saved: None, WriterCache())
        assert_whole(grouped)
        expected = canonical(grouped)
    with Store(f"sqlite:///{tmp_path / 'each.sqlite3'}", data_dir=tmp_path / "each") as each:
        batch = each.start_batch()
        for outcome in outcomes:
            write(each, outcome, batch)
        assert_whole(each)
        assert canonical(each) == expected
    rules = {f[0] for report in expected.values() if isinstance(report, dict) for f in report["findings"]}
    assert "X-02" in rules  # the renditions were compared


def test_a_run_knows_every_agency_and_one_made_meanwhile_is_found(store: Store, tmp_path: Path) -> None:
    """Ingest loads every agency name and alias once; a name not there is made without a look-up. If another
    writer made it since, the unique name refuses the new row and the group is written again: one agency."""
    from xxgk.store import schema as s
    from xxgk.store.agencies import name_facts, normalise
    from xxgk.store.versions import agency_id_for

    first, second = _outcomes(tmp_path / "in", 2)
    with store.write() as session:
        known, _ = agency_id_for(session, agency_name(0))
        session.add(s.AgencyAlias(agency_id=known, name="别名局", norm_name=normalise("别名局")))
    cache = WriterCache()
    with store.read() as session:
        cache.load(session)
    assert cache.complete and cache.agencies[normalise(agency_name(0))] == known
    assert cache.agencies[normalise("别名局")] == known
    with store.write() as session:  # another writer, after the load
        meanwhile, _ = agency_id_for(session, agency_name(1), name_facts(agency_name(1)))
    saved: list[Saved] = []
    write_group(store, [first, second], store.start_batch(), saved.append, cache)
    assert [x.status for x in saved] == ["new-report", "new-report"]
    by_name = {a.name: a.id for a in store.agencies()}
    assert len(by_name) == 2 and by_name[agency_name(1)] == meanwhile
    assert {r.agency_id for r in store.reports()} == {known, meanwhile}
    assert_whole(store)
