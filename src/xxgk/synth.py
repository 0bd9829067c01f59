"""Random but *consistent* reports for tests: ``generate(seed, options) -> Report``.

Pure Python, deterministic for a given seed (``random.Random``). Every report it makes satisfies the
arithmetic identities of reference.md §5 (T3-01 column balance, T3-02 results sum to （七）总计, T3-03 总计
column, T4-01 group totals) and the table-二 plausibility rules (T2-01/T2-03, P-04), so a correct checker
reports **no error** on it. Blank cells are only ever cells whose value is 0, so identities still hold when
blanks count as 0.

API::

    from xxgk.synth import SynthOptions, generate
    report = generate(42)                                   # 2021 layout, no blanks, with section texts
    report = generate(7, SynthOptions(template="2019"))     # 2019 layout (（六）其他处理 one row, 二 with 5 tables)
    report = generate(7, SynthOptions(other_single_row=True))  # 2021 printing （六） as the single row ``other``
    report = generate(7, SynthOptions(blank_rate=0.5))      # half of the zero cells left blank (None)
    report = generate(7, SynthOptions(agency="某某市人民政府", year=2023, published_on="2024-03-01"))

``options`` may also be given as keyword arguments: ``generate(7, template="2019")``.
Row and column order always follows the template (:mod:`xxgk.template`); cells carry no ``source``.
The section texts (``report.sections``) use canonical headings and a few sentences whose numbers match the
tables (e.g. 本年度共收到政府信息公开申请N件); ``SynthOptions(sections=False)`` leaves them out.
See also ``tests/strategies.py`` (Hypothesis strategy ``reports()``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .record import Cell, Report, SectionText, TableData
from .template import ACTIVE_2019, ACTIVE_2021, APPLICATIONS, REVIEW_LITIGATION, SECTIONS, CellKind
from .template import application_rows as template_rows

_REGIONS = ("青山", "临江", "东湖", "南岭", "北川", "西港", "长宁", "安平", "永丰", "清河")
_DEPARTMENTS = ("应急管理局", "交通运输局", "自然资源局", "市场监督管理局", "教育局", "卫生健康委员会",
                "发展和改革局", "生态环境局", "人力资源和社会保障局", "住房和城乡建设局")
_LEVELS = ("市", "县", "区")
_TOWNSHIP = ("镇人民政府", "乡人民政府", "街道办事处")

_CN_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class SynthOptions:
    """What kind of report to generate. ``None`` means: draw it from the seed."""

    template: str = "2021"  # "2021" or "2019"
    other_single_row: bool = False  # 2021 only: print （六）其他处理 as the one row ``other``
    blank_rate: float = 0.0  # probability that a zero-valued data cell is left blank (None)
    sections: bool = True  # add section texts 一–六
    agency: str | None = None  # default: a random 部门, 县级以上人民政府 or 乡镇/街道 name
    year: int | None = None  # default: 2021–2024 for the 2021 layout, 2019–2020 for the 2019 layout
    published_on: str | None = None  # ISO date; default: a date within the legal deadline of the agency
    scale: float = 1.0  # multiplies the chance of multi-digit / large counts
    chinese_numerals: bool = False  # write small numbers in the text as 三件, 十二件


def generate(seed: int | random.Random = 0, options: SynthOptions | None = None, **kw: Any) -> Report:
    """A consistent random report (see module docstring)."""
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    opts = replace(options or SynthOptions(), **kw)
    fmt = opts.template
    if fmt not in ("2021", "2019"):
        raise ValueError(f"template must be '2021' or '2019', not {fmt!r}")
    year = opts.year if opts.year is not None else rng.choice((2021, 2022, 2023, 2024) if fmt == "2021" else (2019, 2020))
    agency = opts.agency or _agency(rng)
    report = Report(
        agency=agency,
        year=year,
        template=fmt,
        published_on=opts.published_on or _published_on(rng, agency, year),
        title=f"{agency}{year}年政府信息公开工作年度报告",
    )
    if fmt == "2021":
        report.tables["active"] = _active_2021(rng, agency, opts)
    else:
        report.tables["active"] = None
        report.tables["active_2019"] = _active_2019(rng, agency, opts)
    report.tables["applications"] = _applications(rng, fmt, opts)
    apps = report.tables["applications"]
    # Cases without any application would draw the X-01 warning; keep generated reports warning-free.
    report.tables["review_litigation"] = _review_litigation(rng, opts, busy=bool(apps and _v(apps, "new", 6)))
    if opts.blank_rate > 0:
        _blank_zeros(rng, report, opts.blank_rate)
    if opts.sections:
        report.sections = _sections(rng, report, opts)
    return report


# ------------------------------------------------------------------ metadata
def _agency(rng: random.Random) -> str:
    region = rng.choice(_REGIONS)
    kind = rng.random()
    if kind < 0.6:
        return f"{region}{rng.choice(_LEVELS)}{rng.choice(_DEPARTMENTS)}"
    if kind < 0.85:
        return f"{region}{rng.choice(_LEVELS)}人民政府"
    return f"{region}{rng.choice(_TOWNSHIP)}"


def _published_on(rng: random.Random, agency: str, year: int) -> str:
    # Within the statutory deadline (reference.md §1, art. 49): departments and townships by 31 Jan,
    # 县级以上地方人民政府 by 31 Mar.
    last = 90 if agency.endswith("人民政府") and not agency.endswith(("镇人民政府", "乡人民政府")) else 31
    day = date(year + 1, 1, 1) + timedelta(days=rng.randrange(3, last))
    return day.isoformat()


# ------------------------------------------------------------------ numbers
def _count(rng: random.Random, opts: SynthOptions, zero: float = 0.5) -> int:
    """Mostly small, sometimes multi-digit, occasionally large."""
    r = rng.random()
    if r < zero:
        return 0
    r = rng.random() / max(opts.scale, 1e-9)
    if r < 0.02:
        return rng.randrange(100, 5000)
    if r < 0.15:
        return rng.randrange(10, 100)
    return rng.randrange(1, 10)


def _split(rng: random.Random, total: int, parts: int, weights: list[float]) -> list[int]:
    """Split `total` into `parts` non-negative integers, favouring the parts with large weights."""
    out = [0] * parts
    if total <= 0:
        return out
    # Few big chunks rather than a uniform spray: most rows stay 0, like real reports.
    chunks = min(total, rng.randrange(1, 5))
    cuts = sorted(rng.randrange(0, total + 1) for _ in range(chunks - 1))
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    for size in sizes:
        out[rng.choices(range(parts), weights=weights)[0]] += size
    return out


def _cells(values: list[Any]) -> list[Cell]:
    return [Cell(v) for v in values]


# ------------------------------------------------------------------ section 二
def _active_2021(rng: random.Random, agency: str, opts: SynthOptions) -> TableData:
    table = TableData("active")
    makes_rules = agency.endswith("市人民政府") and rng.random() < 0.5  # T2-02: rule-making bodies only
    for row in ACTIVE_2021.rows_for("2021"):
        kind = ACTIVE_2021.row_columns(row)[0].kind
        if len(ACTIVE_2021.row_columns(row)) == 3:
            if row.key == "rules" and not makes_rules:
                values: list[Any] = [0, 0, 0]
            else:
                issued = _count(rng, opts, 0.4)
                repealed = _count(rng, opts, 0.6)
                # T2-01: issued ≤ in_force + repealed.
                in_force = max(issued, 0) + _count(rng, opts, 0.2) * rng.choice((1, 3, 10))
                values = [issued, repealed, in_force]
        elif kind is CellKind.MONEY_10K:
            values = [Decimal(0) if rng.random() < 0.4 else Decimal(rng.randrange(1, 10_000_000)) / 100]
        else:
            values = [_count(rng, opts, 0.3)]
        table.rows[row.key] = _cells(values)
    return table


def _active_2019(rng: random.Random, agency: str, opts: SynthOptions) -> TableData:
    table = TableData("active_2019")
    makes_rules = agency.endswith("市人民政府") and rng.random() < 0.5  # T2-02
    for row in ACTIVE_2019.rows_for("2019"):
        keys = [c.key for c in ACTIVE_2019.row_columns(row)]
        if row.key == "rules" and not makes_rules:
            values: list[Any] = [0, 0, 0]
        elif keys == ["new_made", "new_published", "total_published"]:
            made = _count(rng, opts, 0.4)
            published = min(made, _count(rng, opts, 0.3)) if rng.random() < 0.5 else made
            values = [made, published, published + _count(rng, opts, 0.3) * 3]  # T2-03
        elif keys[:2] == ["prev_count", "change"]:
            prev = _count(rng, opts, 0.3)
            change = rng.randrange(-prev, prev + 3) if rng.random() < 0.5 else 0  # P-04: prev + change ≥ 0
            values = [prev, change] + ([_count(rng, opts, 0.3)] if len(keys) == 3 else [])
        else:  # procurement: count, amount in 元
            n = _count(rng, opts, 0.4)
            values = [n, Decimal(rng.randrange(100, 10**9)) / 100 if n else Decimal(0)]
        table.rows[row.key] = _cells(values)
    return table


# ------------------------------------------------------------------ section 三
def application_rows(fmt: str, other_single_row: bool = False) -> list[str]:
    """Row keys of table 三 in template order for a layout (2021 with the three （六） rows or the one row)."""
    return [r.key for r in template_rows(split_other=fmt == "2021" and not other_single_row)]


def _applications(rng: random.Random, fmt: str, opts: SynthOptions) -> TableData:
    keys = application_rows(fmt, opts.other_single_row)
    results = [k for k in keys if APPLICATIONS.row(k).group and not APPLICATIONS.row(k).is_total]
    ncols = len(APPLICATIONS.columns) - 1  # all but 总计
    # Plausible weights: most answers are 予以公开 / 不掌握 / 部分公开.
    common = {"granted": 8.0, "partially_granted": 3.0, "unavailable_not_held": 4.0, "rejected_petition": 1.0,
              "rejected_duplicate": 1.0, "other_other": 1.0, "other": 1.0}
    weights = [common.get(k, 0.2) for k in results]
    grid: dict[str, list[int]] = {k: [0] * ncols for k in keys}
    for c in range(ncols):
        zero = 0.1 if c == 0 else 0.8  # natural persons file most applications
        new = _count(rng, opts, zero)
        carried = _count(rng, opts, 0.8) if new or rng.random() < 0.1 else 0
        done = new + carried - (rng.randrange(0, carried + new + 1) if rng.random() < 0.2 else 0)
        grid["new"][c] = new
        grid["carried_over"][c] = carried
        grid["total"][c] = done
        grid["carried_forward"][c] = new + carried - done  # T3-01
        for k, v in zip(results, _split(rng, done, len(results), weights), strict=True):
            grid[k][c] = v  # T3-02
    table = TableData("applications")
    for k in keys:
        table.rows[k] = _cells([*grid[k], sum(grid[k])])  # T3-03
    return table


# ------------------------------------------------------------------ section 四
def _review_litigation(rng: random.Random, opts: SynthOptions, busy: bool = True) -> TableData:
    table = TableData("review_litigation")
    busy = busy and rng.random() < 0.4
    for row in REVIEW_LITIGATION.rows:
        parts = [_count(rng, opts, 0.6) if busy else 0 for _ in REVIEW_LITIGATION.columns[:-1]]
        table.rows[row.key] = _cells([*parts, sum(parts)])  # T4-01
    return table


def _blank_zeros(rng: random.Random, report: Report, rate: float) -> None:
    for key in ("applications", "review_litigation"):
        table = report.tables.get(key)
        if table is None:
            continue
        for cells in table.rows.values():
            for cell in cells:
                if cell.value == 0 and rng.random() < rate:
                    cell.value = None


# ------------------------------------------------------------------ texts
def _num(n: int, opts: SynthOptions) -> str:
    if opts.chinese_numerals and 0 < n < 100:
        return chinese_number(n)
    return str(n)


def chinese_number(n: int) -> str:
    """0–99 as Chinese numerals: 3 → 三, 12 → 十二, 40 → 四十."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return f"{head}十{_CN_DIGITS[ones] if ones else ''}"


def _v(table: TableData | None, row: str, col: int) -> int:
    if table is None:
        return 0
    v = table.value(row, col)
    return int(v) if v is not None else 0


def _sections(rng: random.Random, report: Report, opts: SynthOptions) -> list[SectionText]:
    year = report.year
    apps = report.tables.get("applications")
    rl = report.tables.get("review_litigation")
    total_col = len(APPLICATIONS.columns) - 1
    new = _v(apps, "new", total_col)
    granted = _v(apps, "granted", total_col)
    is_gov = (report.agency or "").endswith(("人民政府", "办事处"))

    one = (f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。{year}年，{report.agency}认真贯彻落实"
           "《中华人民共和国政府信息公开条例》，扎实做好主动公开、依申请公开、政府信息管理、政府信息公开平台建设和"
           "监督保障等工作。")
    if is_gov:
        one += "本年度将政务公开纳入绩效考核，开展社会评议，未发生责任追究情况，工作考核、社会评议和责任追究结果情况良好。"

    active = report.tables.get("active")
    if active is not None:
        issued, repealed, in_force = (_v(active, "normative_documents", i) for i in range(3))
        two = (f"本年度制发行政规范性文件{_num(issued, opts)}件，废止{_num(repealed, opts)}件，"
               f"现行有效{_num(in_force, opts)}件。")
        rules = [_v(active, "rules", i) for i in range(3)]
        if any(rules):  # a body with rule-making power names its 规章 too
            two += f"制发规章{_num(rules[0], opts)}件，废止{_num(rules[1], opts)}件，现行有效{_num(rules[2], opts)}件。"
    else:
        two = "本年度主动公开政府信息情况如下表。"

    if new == 0:
        three = "本年度未收到政府信息公开申请。"
    else:
        three = f"本年度共收到政府信息公开申请{_num(new, opts)}件，其中予以公开{_num(granted, opts)}件。"

    group_totals = [_v(rl, r.key, len(REVIEW_LITIGATION.columns) - 1) for r in REVIEW_LITIGATION.rows]
    if sum(group_totals) == 0:
        four = "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    else:
        review = group_totals[0]
        suits = sum(group_totals[1:])
        four = f"本年度发生政府信息公开行政复议{_num(review, opts)}件，行政诉讼{_num(suits, opts)}件。"

    five = rng.choice((
        "存在的主要问题：主动公开的深度和广度还不够，政策解读形式较为单一。改进情况：下一步将加强业务培训，丰富解读形式。",
        "一是信息更新不够及时；二是公开内容的规范性有待提高。下一步，我们将完善工作机制，加强审核把关，持续改进。",
    ))
    six = "本年度未收取信息处理费。" + rng.choice((
        "认真落实上级政务公开工作要点，人大代表建议和政协提案办理结果均已公开。",
        "无其他需要报告的事项。",
    ))
    texts = (one, two, three, four, five, six)
    return [SectionText(s.number, f"{s.ordinal}{s.heading}", t) for s, t in zip(SECTIONS, texts, strict=True)]
