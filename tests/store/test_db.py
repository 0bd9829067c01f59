"""The database layer: URL resolution, SQLite settings, clear errors, migrations, record round trip."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import create_engine, text

from strategies import reports
from xxgk.record import Report
from xxgk.store import Store, StoreError, migrate
from xxgk.store.agencies import normalise
from xxgk.store.db import WAL_CHECKPOINT_PAGES, resolve_url
from xxgk.store.versions import agency_for, insert_version, report_for


def _put(store: Store, record: Report) -> int:
    assert record.agency and record.year
    with store.write() as session:
        agency = agency_for(session, record.agency)
        report, _ = report_for(session, agency.id, record.year, None)
        version = insert_version(session, report.id, record)
        report.active_version_id = version.id
        return version.id


def test_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XXGK_DATABASE_URL", raising=False)
    monkeypatch.setenv("XXGK_DATA_DIR", str(tmp_path / "home"))
    assert resolve_url(None).database == str(tmp_path / "home" / "xxgk.sqlite3")
    monkeypatch.setenv("XXGK_DATABASE_URL", "postgresql://u:secret@db.example/x")
    env = resolve_url(None)
    assert env.drivername == "postgresql+psycopg" and env.database == "x"
    assert resolve_url(str(tmp_path / "a.db")).database == str(tmp_path / "a.db")  # --db wins over the env
    with pytest.raises(StoreError, match="unsupported database"):
        resolve_url("mysql://localhost/x")


def test_default_database_is_created_in_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XXGK_DATABASE_URL", raising=False)
    monkeypatch.setenv("XXGK_DATA_DIR", str(tmp_path / "fresh" / "xxgk"))
    with Store() as store:
        assert store.counts()["reports"] == 0
    assert (tmp_path / "fresh" / "xxgk" / "xxgk.sqlite3").is_file()


def test_sqlite_settings(tmp_path: Path) -> None:
    with Store(str(tmp_path / "s.db")) as store, store.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL: safe with WAL
        assert session.execute(text("PRAGMA wal_autocheckpoint")).scalar() == WAL_CHECKPOINT_PAGES


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(str(tmp_path / "no" / "such" / "dir" / "x.db"))
    with pytest.raises(StoreError, match="no database at"):
        Store(str(tmp_path / "x.db"), create=False)
    assert not (tmp_path / "x.db").exists()


def test_missing_postgresql_database_is_a_clear_error(pg_cluster: object) -> None:
    url = f"postgresql://postgres@127.0.0.1:{pg_cluster.port}/no_such_db"  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="no_such_db"):
        Store(url)


def test_locked_database_is_a_clear_error_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    Store(str(path)).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with Store(str(path), busy_timeout=0.2) as store:
            record = Report(agency="某县人民政府", year=2023)
            with pytest.raises(StoreError, match="locked by another process"):
                _put(store, record)
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store(str(path)) as store:
        assert store.counts()["agencies"] == 0


def test_upgrade_from_the_first_revision_gives_the_models(db_url: str, tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from xxgk.store.db import make_engine, writer
    from xxgk.store.schema import Base

    url = resolve_url(db_url)
    engine = make_engine(url)
    first = "0001"
    migrate.upgrade(writer(engine), first)
    assert migrate.current(engine) == first
    with engine.begin() as conn:  # a database of the first revision, with a report in it
        conn.execute(text("INSERT INTO agencies (id, name, norm_name, expected, created_at) "
                          "VALUES (1, '某县人民政府', '某县人民政府', false, CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO reports (id, agency_id, year, created_at, updated_at) "
                          "VALUES (1, 1, 2023, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO versions (id, report_id, kind, created_at, changed, tables, parse_notes, "
                          "confidence, n_cells) VALUES (1, 1, 'parse', CURRENT_TIMESTAMP, '[]', '{}', '[]', 1, 1)"))
        conn.execute(text("INSERT INTO cells (version_id, tbl, row_key, col, value, number, semantic, confidence) "
                          "VALUES (1, 'applications', 'new', 0, '7', 7, 'number', 1)"))
        conn.execute(text("UPDATE reports SET active_version_id = 1"))
    with Store(db_url, data_dir=tmp_path) as store:  # opening upgrades to head
        # the head read from the scripts' lines is Alembic's
        assert migrate.current(store.engine) == migrate.head() == migrate.alembic_head() != first
        assert [(c.table, c.row, c.value) for c in store.cells(1)] == [("applications", "new", "7")]
        assert store.version(1).signed_on is None and store.report(1).active_version_id == 1
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        assert diff == []
    engine.dispose()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(str(path)).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this xxgk"):
        Store(str(path))


def test_record_round_trip_on_both_backends(store: Store) -> None:
    from xxgk.synth import SynthOptions, generate

    for seed, template in ((1, "2021"), (2, "2019")):
        record = generate(seed, SynthOptions(template=template, blank_rate=0.2))
        vid = _put(store, record)
        assert store.record(vid).to_json() == record.to_json()
        cells = store.cells(vid)
        assert len(cells) == len(record.cells()) == store.version(vid).n_cells
        blanks = {(c.table, c.row, c.column) for c in cells if c.semantic == "blank"}
        assert blanks == {(t, r, i) for t, r, i, c in record.cells() if c.value is None}
        assert all(c.semantic == "zero" for c in cells if c.value == "0")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=reports())
def test_record_round_trip_property(record: Report, tmp_path: Path) -> None:
    with Store(str(tmp_path / "p.db"), data_dir=tmp_path) as store:
        record.year = record.year or 2023
        record.agency = record.agency or "某县人民政府"
        vid = _put(store, record)
        assert store.record(vid).to_json() == record.to_json()


def test_one_report_per_agency_and_year(store: Store) -> None:
    from xxgk.synth import SynthOptions, generate

    a = generate(3, SynthOptions(agency="平潭综合实验区（管委会）", year=2023))
    b = generate(4, SynthOptions(agency="平潭综合实验区(管委会) ", year=2023))
    _put(store, a)
    _put(store, b)
    assert [(r.agency, r.year) for r in store.reports()] == [("平潭综合实验区（管委会）", 2023)]
    assert store.find_report("平潭综合实验区 (管委会)", 2023) is not None
    assert store.find_report("平潭综合实验区", 2023) is None


def test_semantics_of_printed_marks() -> None:
    from xxgk.store.records import semantic

    assert semantic(None, None) == "blank"
    assert semantic(None, "\u3000") == "blank"
    assert semantic(None, "/") == "not_applicable"
    assert semantic(None, "不适用") == "not_applicable"
    assert semantic(None, "若干") == "text"
    assert semantic(0, "0") == "zero"
    assert semantic(3, "3") == "number"


def test_agency_normal_form() -> None:
    assert normalise("平潭综合实验区（管委会）") == normalise("平潭综合实验区 (管委会)")
    assert normalise("ＸＸ市 人民政府") == "XX市人民政府"
    assert normalise("【某】局") == normalise("[某]局")
    assert normalise("⼀局") == "一局"  # Kangxi radical from a PDF text layer


def test_numpy_numbers_from_the_ocr_reader_are_stored(store: Store) -> None:
    """Regression: OCR boxes and scores are numpy float32, which JSON columns refused (the batch stopped)."""
    np = pytest.importorskip("numpy")
    from xxgk.record import Source
    from xxgk.synth import SynthOptions, generate

    record = generate(5, SynthOptions())
    table, row, col, cell = record.cells()[0]
    cell.source = Source(page=1, box=tuple(np.float32(v) for v in (1.25, 2.5, 3.75, 4.0)), raw="1")
    with store.write() as session:
        agency = agency_for(session, record.agency or "")
        report, _ = report_for(session, agency.id, record.year or 2023, None)
        finding = {"rule": "P-01", "severity": "error", "message": "m", "location": {},
                   "values": {"score": np.float32(0.5)}}
        version = insert_version(session, report.id, record, findings=[finding])
        vid = version.id
    [stored] = [c for c in store.cells(vid) if (c.table, c.row, c.column) == (table, row, col)]
    assert stored.box == [1.25, 2.5, 3.75, 4.0]
    assert store.record(vid).to_json() == record.to_json()
    assert store.findings(vid)[0].details["values"] == {"score": 0.5}
