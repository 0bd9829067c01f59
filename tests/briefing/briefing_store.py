"""A store to brief on: generated reports (xxgk.synth) for the agencies of three provinces over two years, checked
as ingest checks them, with the flaws a supervisor looks for — printed totals that do not add up, late
publication, blank and low-confidence cells, agencies that never report, reviewed findings.

Used by tests/briefing (beside ../shared/corpus) and by bench/bench_brief.py. Reports are written straight
into the store (the path ingest takes after parsing): no files are rendered or parsed.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from xxgk.agency import COUNTY, divisions
from xxgk.briefing import Briefing
from xxgk.rules import check
from xxgk.store import Store
from xxgk.store.agencies import import_list
from xxgk.store.attach import crossyear
from xxgk.store.reviews import set_review
from xxgk.store.versions import agency_for, insert_version, report_for
from xxgk.synth import SynthOptions, generate

PROVINCES = ("35", "36", "43")  # 福建省, 江西省, 湖南省
OFFICES = ("人民政府", "教育局", "民政局", "财政局", "交通运输局", "自然资源局", "市场监督管理局", "应急管理局",
           "卫生健康委员会", "司法局", "人力资源和社会保障局", "生态环境局", "住房和城乡建设局", "农业农村局",
           "文化和旅游局", "统计局", "审计局", "林业局", "水利局", "商务局")
YEARS = (2022, 2023)
NEVER = 12  # agencies on the expected list that never report


@dataclass
class Written:
    """A briefing and the files it was written to (by format)."""

    briefing: Briefing
    files: dict[str, Path]


def agency_names(count: int) -> list[str]:
    """``count`` distinct agencies of the counties of PROVINCES (city name + county name + office), the first
    offices of every county first."""
    d = divisions()
    counties = [c for p in PROVINCES for c in sorted(d.by_code) if c.startswith(p) and d.by_code[c].level == COUNTY]

    def city(code: str) -> str:
        parent = d.by_code.get(code[:4] + "00")
        return parent.name if parent is not None and code[:4] + "00" != code else ""

    names = list(dict.fromkeys(f"{city(c)}{d.get(c).name}{office}" for office in OFFICES for c in counties))
    if count > len(names):
        raise ValueError(f"at most {len(names)} agencies")
    return names[:count]


def fill(store: Store, reports: int = 1000, seed: int = 14, folder: Path | None = None) -> dict[str, int]:
    """Write ``reports`` generated reports (half per year) and the expected-agency list; returns counts."""
    rng = random.Random(seed)
    names = agency_names(reports // len(YEARS) + reports // 100 + NEVER)
    reporting, never = names[:-NEVER], names[-NEVER:]
    folder = folder or store.data_dir
    folder.mkdir(parents=True, exist_ok=True)
    listing = folder / "expected.csv"
    with listing.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["名称"])
        # a few reporting agencies are left off the list (reports from outside it)
        for name in [n for i, n in enumerate(reporting) if i % 40 != 39] + never:
            out.writerow([name])
    import_list(store, listing)
    counts = {"reports": 0, "late": 0, "broken": 0}
    previous: dict[str, object] = {}
    jobs = [(name, year) for year in YEARS for name in reporting]
    # some agencies miss the last year (and those past the count never report it)
    jobs = [j for i, j in enumerate(jobs) if not (j[1] == YEARS[-1] and i % 53 == 0)][:reports]
    for i in range(0, len(jobs), 250):
        with store.write() as session:
            for name, year in jobs[i:i + 250]:
                record = generate(rng.randrange(2**32), SynthOptions(
                    agency=name, year=year, sections=False, blank_rate=0.3 if rng.random() < 0.2 else 0.0,
                    scale=rng.choice((0.5, 1.0, 2.0))))
                if rng.random() < 0.1:  # published in June: past every deadline
                    record.published_on = f"{year + 1}-06-15"
                    counts["late"] += 1
                apps = record.tables["applications"]
                if apps is not None and rng.random() < 0.15:  # a printed figure that breaks the identities
                    cell = apps.rows["granted"][6]
                    cell.value = (cell.value or 0) + rng.randint(1, 9)
                    counts["broken"] += 1
                if apps is not None and rng.random() < 0.05:  # a faint scan: some cells read with low confidence
                    for row in list(apps.rows.values())[:3]:
                        row[0].confidence = 0.6
                findings = [f.to_json() for f in check(record).findings]
                agency = agency_for(session, name)
                report, _ = report_for(session, agency.id, year, None)
                version = insert_version(session, report.id, record, findings=findings)
                before = previous.get(name)
                if before is not None:
                    from xxgk.store.versions import add_findings

                    add_findings(session, version.id, crossyear(record, before), origin="crossyear",  # type: ignore[arg-type]
                                 batch_id=None)
                report.active_version_id = version.id
                previous[name] = record
                counts["reports"] += 1
    _review(store, rng)
    return counts


def _review(store: Store, rng: random.Random) -> None:
    """Reviewers confirm some error findings and dismiss others (with a comment)."""
    from sqlalchemy import select

    from xxgk.store import schema as s

    with store.read() as session:
        ids = list(session.scalars(select(s.Finding.id).where(s.Finding.severity == "error").order_by(s.Finding.id)))
    for fid in ids[::7]:
        set_review(store, fid, "confirm", who="审核员甲")
    for fid in ids[3::11]:
        set_review(store, fid, "dismiss", comment="原件如此，已核实", who="审核员乙")
