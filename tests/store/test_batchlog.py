"""What a batch stored, read back from the store (xxgk.store.batchlog): the same as what ingest reported while
it ran, for every input that left a row — new reports, new sources of a report, failures. SQLite and PostgreSQL."""

from __future__ import annotations

import zipfile
from pathlib import Path

from storehelp import synth_report, write_reports

from xxgk.render import render
from xxgk.store import Store
from xxgk.store.batchlog import batch_results, batch_state, noted_batches


def test_batch_results_are_what_ingest_reported(store: Store, tmp_path: Path) -> None:
    earlier = tmp_path / "earlier"
    write_reports(earlier, 1)
    store.ingest([str(earlier)])
    folder = tmp_path / "in"
    write_reports(folder, 2)
    (folder / "again.txt").write_bytes((earlier / next(p.name for p in earlier.iterdir())).read_bytes())  # duplicate
    twin = synth_report(7)
    (folder / "twin.html").write_bytes(render(twin, "html"))  # two sources of one report: new-report, new-source
    (folder / "twin.txt").write_bytes(render(twin, "txt"))
    (folder / "note.txt").write_text("会议通知：请各单位准时参加。", encoding="utf-8")
    with zipfile.ZipFile(folder / "more.zip", "w") as z:
        z.writestr("inner/r900.txt", render(synth_report(900), "txt"))
        z.writestr("inner/fake.docx", b"PK\x03\x04 not really a docx")
    summary = store.ingest([str(folder)])
    told = sorted((x.path, x.status, x.report_id, x.agency, x.year, x.reason) for x in summary.saved
                  if x.status != "duplicate")
    stored = sorted((r.path, r.status, r.report_id, r.agency, r.year, r.reason)
                    for r in batch_results(store, summary.batch_id))
    assert stored == told
    assert {s for _, s, *_ in stored} == {"new-report", "new-source", "failed"}
    assert [x.path for x in summary.saved if x.status == "duplicate"]  # known bytes: no row, not listed
    assert batch_state(store, store.batch(summary.batch_id)) == "done"


def test_noted_batches_match_the_note_literally_newest_first(store: Store) -> None:
    ids = [store.start_batch(note=note) for note in ("上传 · a_b · 1", "上传 · a%b · 2", "上传 · axb · 3", None)]
    assert [b.id for b in noted_batches(store, prefix="上传 · ")] == ids[2::-1]
    assert [b.id for b in noted_batches(store, prefix="上传 · a_b")] == [ids[0]]  # _ and % are no wildcards
    assert [b.id for b in noted_batches(store, suffix="%b · 2")] == [ids[1]]
    assert [b.id for b in noted_batches(store, prefix="上传", limit=2)] == [ids[2], ids[1]]
