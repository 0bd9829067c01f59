"""Stored reports for the tests of what reads the store (views, corrections, exports): the corpus gold records
(real reports, some with printed arithmetic errors) and xxgk.synth reports, written through the Store API
with their checker findings, as ingest writes them."""

from __future__ import annotations

import json
from pathlib import Path

from storeutil import put

from xxgk.record import Report
from xxgk.rules import check
from xxgk.store import Store

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def gold_records() -> list[Report]:
    """Every gold record of seeds, dev and real that names its agency and year (one per agency-year)."""
    out: dict[tuple[str, int], Report] = {}
    for path in sorted(CORPUS.glob("*/*.gold.json")):
        if path.parent.name not in ("seeds", "dev", "real"):
            continue
        record = Report.from_json(json.loads(path.read_text(encoding="utf-8")))
        if record.agency and record.year:
            out.setdefault((record.agency, record.year), record)
    assert len(out) >= 15, f"corpus gold records not found under {CORPUS}"
    return list(out.values())


def store_record(store: Store, record: Report, previous: Report | None = None) -> int:
    """Put ``record`` with its checker findings; returns the report id."""
    return put(store, record, [f.to_json() for f in check(record, previous).findings])


def load_gold(store: Store) -> dict[tuple[str, int], int]:
    """All gold records into ``store``: (agency, year) -> report id."""
    return {(r.agency or "", r.year or 0): store_record(store, r) for r in gold_records()}
