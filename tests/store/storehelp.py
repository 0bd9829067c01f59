"""Synthetic report files for the store tests (xxgk.synth + xxgk.render), and store invariants."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from xxgk.record import Report
from xxgk.render import render
from xxgk.store import Store
from xxgk.store import schema as s
from xxgk.synth import SynthOptions, generate

PLACES = ("清河县", "临川区", "东湖区", "西山县", "南平市", "北塘区", "青山镇", "白云街道")
OFFICES = ("教育局", "民政局", "财政局", "人民政府", "司法局")


PROVINCES = ("", "江西省", "湖南省", "福建省")


def agency_name(i: int) -> str:
    """A distinct agency name for each i < 160."""
    n = len(PLACES) * len(OFFICES)
    return f"{PROVINCES[i // n % len(PROVINCES)]}{PLACES[i % len(PLACES)]}{OFFICES[i // len(PLACES) % len(OFFICES)]}"


def synth_report(i: int, year: int = 2023, **kw: object) -> Report:
    return generate(1000 + i * 7 + year, SynthOptions(agency=agency_name(i), year=year, **kw))  # type: ignore[arg-type]


def write_reports(folder: Path, n: int, fmt: str = "txt", year: int = 2023) -> list[Report]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        report = synth_report(i, year)
        (folder / f"r{i:03d}_{year}.{fmt}").write_bytes(render(report, fmt))
        out.append(report)
    return out


def assert_whole(store: Store) -> None:
    """No partial report: every version has all its cells, every report an active version of its own, every
    source of a report a version."""
    with store.read() as session:
        for v in session.scalars(select(s.Version)):
            n = session.scalar(select(func.count()).select_from(s.Cell).where(s.Cell.version_id == v.id))
            assert n == v.n_cells, (v.id, n, v.n_cells)
        for r in session.scalars(select(s.Report)):
            assert r.active_version_id is not None, r.id
            active = session.get(s.Version, r.active_version_id)
            assert active is not None and active.report_id == r.id
        for src in session.scalars(select(s.Source).where(s.Source.report_id.is_not(None))):
            assert session.scalar(select(func.count()).select_from(s.Version)
                                  .where(s.Version.source_id == src.id)) == 1, src.path
        for src in session.scalars(select(s.Source).where(s.Source.report_id.is_(None))):
            assert session.scalar(select(func.count()).select_from(s.Failure)
                                  .where(s.Failure.source_id == src.id)) == 1, src.path


def canonical(store: Store) -> dict[str, Any]:
    """Everything a user can see of the store, without ids, timestamps or the order rows were written in."""
    source_path = {x.id: Path(x.path or "").name for x in store.sources()}
    out: dict[str, Any] = {}
    for report in store.reports():
        versions = store.versions(report.id)
        active = store.version(report.active_version_id) if report.active_version_id else None
        out[f"{report.agency} {report.year}"] = {
            "sources": sorted((x.sha256, x.format, x.size) for x in store.sources(report.id)),
            "versions": sorted((source_path.get(v.source_id or -1), v.kind, v.n_cells, v.template) for v in versions),
            "active": source_path.get(active.source_id or -1) if active else None,
            "cells": sorted(json.dumps(dataclasses.asdict(c), ensure_ascii=False, sort_keys=True)
                            for c in store.cells(active.id)) if active else [],
            "findings": sorted((f.rule, f.severity, f.message, f.path or "") for f in store.findings(active.id))
            if active else [],
        }
    out["failures"] = sorted((Path(f.path or "").name, f.code) for f in store.failures())
    return out
