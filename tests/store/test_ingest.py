"""xxgk ingest: the corpus twice, idempotence, bad input, renditions that disagree, cross-year re-check,
assign, rollback, the command line."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from storehelp import agency_name, assert_whole, synth_report, write_reports

from xxgk.cli import main
from xxgk.render import render
from xxgk.store import Store


def test_corpus_twice_one_report_per_agency_year(store: Store, corpus: Path) -> None:
    paths = [str(corpus / "seeds"), str(corpus / "dev"), str(corpus / "real")]
    first = store.ingest(paths)
    counts = store.counts()
    assert first.counts["new_reports"] == 16  # 5 seeds + 4 dev + 7 real agency-years
    assert first.counts["skipped"] > 0  # the gold JSON files beside the reports
    # the web page and its DOCX and browser-printed PDF are sources of one report
    report = store.find_report("平潭综合实验区", 2023)
    assert report is not None
    assert sorted(Path(x.path or "").name for x in store.sources(report.id)) == [
        "001_pingtan_2023.docx", "001_pingtan_2023.html", "001_pingtan_2023.print.pdf"]
    assert len(store.versions(report.id)) == 3
    # the blank template is listed as failed, with its reason
    failed = {Path(f.path or "").name: f for f in store.failures()}
    assert "008_template_blank.docx" in failed
    assert failed["008_template_blank.docx"].code == "unknown-agency"
    assert "agency could not be read" in failed["008_template_blank.docx"].reason
    second = store.ingest(paths)
    assert second.counts["duplicates"] == second.counts["inputs"] == first.counts["inputs"]
    assert second.counts["new_reports"] == second.counts["new_sources"] == second.counts["failed"] == 0
    assert store.counts() == counts
    assert len({(r.agency_id, r.year) for r in store.reports()}) == len(store.reports()) == 16
    assert_whole(store)


def test_bad_files_never_stop_the_batch(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_reports(folder, 2)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF garbage")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "note.txt").write_text("会议通知：请各单位准时参加。", encoding="utf-8")
    with zipfile.ZipFile(folder / "more.zip", "w") as z:
        z.writestr("inner/r900.txt", render(synth_report(900), "txt"))
        z.writestr("inner/fake.docx", b"PK\x03\x04 not really a docx")
        z.writestr("inner/readme.json", b"{}")
    summary = store.ingest([str(folder)])
    c = summary.counts
    assert (c["new_reports"], c["failed"], c["skipped"]) == (3, 4, 1)
    reasons = {Path(x.path.split("!")[-1]).name: x.reason or "" for x in summary.failures}
    assert set(reasons) == {"broken.pdf", "empty.txt", "note.txt", "fake.docx"}
    assert all(name in reasons[name] for name in reasons)  # each reason names its file
    assert "empty" in reasons["empty.txt"]
    assert "not an annual report" in reasons["note.txt"]
    assert any(x.path.endswith("more.zip!inner/r900.txt") and x.status == "new-report" for x in summary.saved)
    assert len(store.failures()) == 4
    assert_whole(store)


def test_disagreeing_renditions_give_a_finding_and_the_most_confident_version(store: Store, tmp_path: Path) -> None:
    report = synth_report(1)
    (tmp_path / "page.html").write_bytes(render(report, "html"))
    table = report.tables["applications"]
    assert table is not None
    cell = table.rows["new"][0]
    cell.value = (cell.value or 0) + 5  # the text copy prints another number for one cell
    (tmp_path / "copy.txt").write_bytes(render(report, "txt"))
    store.ingest([str(tmp_path / "copy.txt")])
    store.ingest([str(tmp_path / "page.html")])
    [row] = store.reports()
    assert row.sources == 2
    active = store.version(row.active_version_id or -1)
    assert store.sources(row.id)[[x.id for x in store.sources(row.id)].index(active.source_id or -1)].format == "html"
    [x02] = [f for f in store.findings(active.id) if f.rule == "X-02"]
    assert x02.path == "applications.rows.new[0]" and x02.origin == "sources"
    assert "page.html" in x02.message and "copy.txt" in x02.message and "本年新收" in x02.message
    assert x02.details["values"]["cells"] == [{"path": "applications.rows.new[0]",
                                               "value": str(cell.value - 5), "other": str(cell.value)}]
    # the same files again: nothing new, no second finding
    store.ingest([str(tmp_path)])
    assert [f.rule for f in store.findings(active.id)].count("X-02") == 1


def test_a_correction_redoes_the_sources_comparison(store: Store, tmp_path: Path) -> None:
    """X-02 runs on a correction as at ingest: the other sources against the corrected values (not against
    the parse the correction starts from, which it changes on purpose)."""
    from xxgk.store.corrections import correct

    report = synth_report(4)
    (tmp_path / "page.html").write_bytes(render(report, "html"))
    table = report.tables["applications"]
    assert table is not None
    first, second = table.rows["new"][0], table.rows["new"][1]
    first.value, second.value = (first.value or 0) + 5, (second.value or 0) + 7  # the text copy prints others
    (tmp_path / "copy.txt").write_bytes(render(report, "txt"))
    store.ingest([str(tmp_path)])
    [row] = store.reports()
    [x02] = [f for f in store.findings(row.active_version_id or -1) if f.rule == "X-02"]
    assert [c["path"] for c in x02.details["values"]["cells"]] == ["applications.rows.new[0]",
                                                                   "applications.rows.new[1]"]
    # the reviewer finds the text copy right on one cell: the sources now disagree on the other one only
    done = correct(store, row.id, {"applications.rows.new[0]": str(first.value)}, reason="核对原件")
    [x02] = [f for f in done.findings if f.rule == "X-02"]
    assert [c["path"] for c in x02.details["values"]["cells"]] == ["applications.rows.new[1]"]
    assert x02.details["values"]["source_version"] == done.version.id and "copy.txt" in x02.message
    # and on both: nothing left to disagree on
    done = correct(store, row.id, {"applications.rows.new[1]": str(second.value)}, reason="核对原件")
    assert not [f for f in done.findings if f.rule == "X-02"]


def test_earlier_year_ingested_later_rechecks_the_later_one(store: Store, tmp_path: Path) -> None:
    later = synth_report(2, year=2023)
    earlier = synth_report(2, year=2022)
    a, b = later.tables["applications"], earlier.tables["applications"]
    assert a is not None and b is not None
    for col in range(len(a.rows["carried_over"])):  # carry-over that does not match last year's (Y-01)
        b.rows["carried_forward"][col].value = 0
        a.rows["carried_over"][col].value = (a.rows["carried_over"][col].value or 0) + 1
    (tmp_path / "2023.txt").write_bytes(render(later, "txt"))
    (tmp_path / "2022.txt").write_bytes(render(earlier, "txt"))
    store.ingest([str(tmp_path / "2023.txt")])
    r2023 = store.find_report(agency_name(2), 2023)
    assert r2023 is not None and r2023.active_version_id is not None
    before = store.findings(r2023.active_version_id)
    assert not [f for f in before if f.rule == "Y-01"]
    store.ingest([str(tmp_path / "2022.txt")])
    after = store.find_report(agency_name(2), 2023)
    assert after is not None and after.active_version_id == r2023.active_version_id  # no new version
    new = [f for f in store.findings(r2023.active_version_id) if f.id not in {x.id for x in before}]
    assert {f.rule for f in new} >= {"Y-01"} and {f.origin for f in new} == {"recheck"}
    assert [(f.id, f.message) for f in before] == [(f.id, f.message) for f in store.findings(r2023.active_version_id)
                                                   if f.id in {x.id for x in before}]  # old ones untouched
    # and the cross-year rules ran at ingest for the later one's own previous year, both ways
    store.ingest([str(tmp_path)])
    assert len([f for f in store.findings(r2023.active_version_id) if f.rule == "Y-01"]) == len(new) - len(
        [f for f in new if f.rule != "Y-01"])


def test_assign_a_source_whose_agency_is_unknown(store: Store, corpus: Path) -> None:
    template = corpus / "real" / "008_template_blank.docx"
    store.ingest([str(template)])
    [failure] = store.failures()
    assert failure.code == "unknown-agency" and failure.sha256
    report = store.assign(failure.sha256[:10], "某县人民政府", 2023)
    assert (report.agency, report.year, report.sources) == ("某县人民政府", 2023, 1)
    assert store.failures() == [] and len(store.failures(include_resolved=True)) == 1
    record = store.record(report.active_version_id or -1)
    assert record.agency == "某县人民政府" and all(c.value is None for *_, c in record.cells())
    assert_whole(store)


def test_rollback_a_batch(store: Store, tmp_path: Path) -> None:
    write_reports(tmp_path / "a", 2)
    write_reports(tmp_path / "b", 3, fmt="md")  # 2 more renditions of the first two, one new report
    first = store.ingest([str(tmp_path / "a")])
    state = store.counts()
    actives = {r.id: r.active_version_id for r in store.reports()}
    second = store.ingest([str(tmp_path / "b")])
    assert second.counts["new_reports"] == 1 and second.counts["new_sources"] == 2
    removed = store.rollback_batch(second.batch_id)
    assert removed["reports"] == 1 and removed["sources"] == 3
    assert store.counts() == state
    assert {r.id: r.active_version_id for r in store.reports()} == actives
    assert [b.status for b in store.batches()] == ["done", "rolled_back"]
    assert store.batch(first.batch_id).counts["new_reports"] == 2


def test_cli_ingest_json_and_exit_status(tmp_path: Path, corpus: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    write_reports(tmp_path / "in", 2)
    result = runner.invoke(main, ["ingest", "--db", db, "--json", "--note", "first", str(tmp_path / "in")])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["counts"]["new_reports"] == 2 and out["failures"] == []
    result = runner.invoke(main, ["ingest", "--db", db, str(tmp_path / "in"),
                                  str(corpus / "real" / "008_template_blank.docx")])
    assert result.exit_code == 1
    assert "nothing new" not in result.output and "008_template_blank.docx" in result.output
    result = runner.invoke(main, ["ingest", "--db", db, str(tmp_path / "in")])
    assert result.exit_code == 0 and "nothing new" in result.output
    result = runner.invoke(main, ["batches", "--db", db])
    assert result.exit_code == 0 and "first" in result.output and "1 open failure" in result.output
    assert result.output.count("008_template_blank.docx") == 1  # the reason names the file: not said twice


def test_cli_database_errors_are_clear(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", "--db", str(tmp_path / "no" / "x.db"), str(tmp_path)])
    assert result.exit_code == 1 and "does not exist" in result.output and "Traceback" not in result.output
    result = runner.invoke(main, ["batches", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no database at" in result.output


@pytest.mark.parametrize("jobs, one_worker_from", [(2, 200), (1, 1)])
def test_parallel_ingest_gives_the_same_store(tmp_path: Path, jobs: int, one_worker_from: int,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from xxgk.store import ingest

    write_reports(tmp_path / "in", 6)
    with Store(str(tmp_path / "one.db"), data_dir=tmp_path / "d1") as one, \
            Store(str(tmp_path / "two.db"), data_dir=tmp_path / "d2") as two:
        one.ingest([str(tmp_path / "in")])  # one job, in this process
        # (1, 1): one job in a worker process, as ingest does from ONE_WORKER_FROM inputs
        monkeypatch.setattr(ingest, "ONE_WORKER_FROM", one_worker_from)
        two.ingest([str(tmp_path / "in")], jobs=jobs)
        assert one.counts() == two.counts()
        for a, b in zip(one.reports(), two.reports(), strict=True):
            assert (a.agency, a.year) == (b.agency, b.year)
            assert one.record(a.active_version_id or -1).to_json() == two.record(b.active_version_id or -1).to_json()


def test_an_error_while_storing_one_source_fails_only_that_source(store: Store, tmp_path: Path) -> None:
    from xxgk.store.analyse import Outcome
    from xxgk.store.ingest import write

    batch = store.start_batch()
    odd = Outcome("odd.txt", "ab" * 32, 3, "txt", record=synth_report(3),
                  findings=[{"rule": "P-01", "severity": "error", "message": "m", "location": {}, "x": object()}])
    saved = write(store, odd, batch)
    assert saved.status == "failed" and "internal error while storing" in (saved.reason or "")
    assert store.counts()["reports"] == 0  # the half-made report was rolled back with its transaction
    write_reports(tmp_path / "in", 1)
    assert store.ingest([str(tmp_path / "in")]).counts["new_reports"] == 1
    assert_whole(store)


def test_the_workers_job_runs_without_the_database_layer(tmp_path: Path) -> None:
    # ingest's worker processes import only xxgk.store.analyse: SQLAlchemy would cost each ~0.25 s to start
    import subprocess
    import sys

    write_reports(tmp_path / "in", 1)
    [path] = sorted((tmp_path / "in").iterdir())
    code = ("import sys; from xxgk.store.analyse import analyse_task; "
            f"out = analyse_task(({str(path)!r}, open({str(path)!r}, 'rb').read(), 'x')); "
            "print(out.rows is not None and out.facts is not None, 'sqlalchemy' in sys.modules)")
    src = str(Path(__file__).resolve().parents[2] / "src")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=os.environ | {"PYTHONPATH": src})
    assert done.stdout.split() == ["True", "False"]


def test_a_value_the_database_refuses_fails_only_that_source(store: Store, tmp_path: Path) -> None:
    # PostgreSQL cannot hold a NUL character in text: that source is stored as failed, the batch goes on
    # (SQLite holds it: the source is stored)
    import dataclasses

    from xxgk.store.analyse import analyse_task
    from xxgk.store.attach import WriterCache
    from xxgk.store.blobs import sha256
    from xxgk.store.ingest import write_group

    write_reports(tmp_path / "in", 2)
    odd, good = (analyse_task((str(p), p.read_bytes(), sha256(p.read_bytes())))
                 for p in sorted((tmp_path / "in").iterdir()))
    assert odd.rows is not None and odd.rows.sections
    position, number, heading, text, *span = odd.rows.sections[0]
    odd.rows = dataclasses.replace(odd.rows, sections=[(position, number, heading, text + "\x00", *span),
                                                       *odd.rows.sections[1:]])
    said: list[Any] = []
    write_group(store, [odd, good], store.start_batch(), said.append, WriterCache())
    assert [x.path for x in said] == [odd.path, good.path] and said[1].status == "new-report"
    if store.engine.dialect.name == "postgresql":
        assert said[0].status == "failed" and "NUL" in (said[0].reason or ""), said[0].reason
        assert [f.path for f in store.failures()] == [odd.path]
    else:
        assert said[0].status == "new-report"
    assert_whole(store)
