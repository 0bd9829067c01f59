"""Cases from the spreadsheets agencies keep (CSV or XLSX), and back.

Columns are recognised by their usual Chinese names (``HEADERS``), e.g. exactly
``编号,收到日期,收到方式,申请人类型,补正告知日期,补正收到日期,征求意见开始日期,征求意见结束日期,延期,答复日期,办理结果``;
other names are mapped with ``--map 列名=field,…``. Dates as 2024-01-05, 2024/1/5, 2024.1.5 or 2024年1月5日
(or real dates in XLSX); 延期 是/否; 办理结果 is the table-三 row label as printed in the 2021 template; an empty
答复日期 means the case is still open.

A file is read whole before anything is stored: any bad row (unknown result or kind, a date before receipt,
a missing 编号 …) makes :class:`ImportFailed` listing every bad row by line number, and no case is returned.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from ..csvtext import csv_text
from ..template import APPLICATIONS
from .deadlines import received_on
from .model import Case, Channel, applicant_kinds, problems, result_rows

# Field -> column names (normalised by _norm_header). The first name is the one export writes.
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "申请编号", "受理编号", "登记编号", "登记号", "流水号"),
    "received": ("收到日期", "收到申请日期", "申请收到日期", "受理日期", "登记日期", "收件日期"),
    # 第三十一条: without a 收到日期, it is derived from the channel and these two
    "submitted": ("提交日期", "申请日期", "递交日期"),
    "confirmed": ("确认日期", "签收日期", "确认收到日期"),
    "channel": ("收到方式", "申请方式", "提交方式", "申请渠道", "收件方式"),
    "applicant": ("申请人类型", "申请人类别", "申请人性质", "申请人情况"),
    "content": ("申请内容", "申请事项", "所需信息", "内容摘要"),
    "correction_asked": ("补正告知日期", "补正通知日期", "告知补正日期", "补正告知"),
    "correction_received": ("补正收到日期", "收到补正日期", "补正日期", "补正完成日期"),
    "consult_start": ("征求意见开始日期", "征求意见日期", "征求第三方意见日期", "征求意见起始日期"),
    "consult_end": ("征求意见结束日期", "征求意见回复日期", "第三方答复日期", "征求意见截止日期"),
    "extended": ("延期", "是否延期", "延期答复"),
    "answered": ("答复日期", "办结日期", "答复时间", "告知日期"),
    "result": ("办理结果", "答复结果", "处理结果", "答复类型"),
}
FIELDS = tuple(HEADERS)
EXPORT_HEADER = ("编号", "收到日期", "收到方式", "申请人类型", "补正告知日期", "补正收到日期", "征求意见开始日期",
                 "征求意见结束日期", "延期", "答复日期", "办理结果", "申请内容")

# Applicant and channel words met in spreadsheets besides the template's own labels.
APPLICANT_ALIASES = {"个人": "natural_person", "公民": "natural_person", "企业": "business",
                     "公司": "business", "律师事务所": "legal_service", "律所": "legal_service",
                     "高校": "research", "科研院所": "research", "社会组织": "public_interest",
                     "公益组织": "public_interest"}
CHANNEL_ALIASES = {"现场": Channel.IN_PERSON, "窗口": Channel.IN_PERSON, "信函": Channel.MAIL,
                   "邮件": Channel.MAIL, "快递": Channel.MAIL, "互联网": Channel.ONLINE, "网上": Channel.ONLINE,
                   "在线": Channel.ONLINE, "电子邮件": Channel.ONLINE, "网站": Channel.ONLINE}
YES = {"是", "y", "yes", "true", "1", "已延期", "延期", "√"}
NO = {"否", "n", "no", "false", "0", "", "未延期", "不延期", "×"}

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_ORDINAL = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])\s*")


class ImportFailed(ValueError):
    """The file has bad rows: ``errors`` holds (line, message) for every one; nothing was imported."""

    def __init__(self, path: str, errors: list[tuple[int, str]]):
        self.path = path
        self.errors = errors
        lines = "\n".join(f"  {path}:{line}: {msg}" for line, msg in errors)
        super().__init__(f"{path}: {len(errors)} bad row(s), nothing imported\n{lines}")


@dataclass
class Sheet:
    """The header and the data rows of a spreadsheet, each with its line (CSV) or row (XLSX) number."""

    header: list[str]
    rows: list[tuple[int, list[Any]]]


# ---------------------------------------------------------------- reading files
def read_sheet(path: str | Path) -> Sheet:
    """The first sheet of an XLSX file, or a CSV file (UTF-8 with or without BOM, else GB18030)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if path.suffix.lower() in (".csv", ".txt", ""):
        return _read_csv(path)
    raise ValueError(f"{path}: not a spreadsheet this importer reads (use .csv or .xlsx)")


def _read_csv(path: Path) -> Sheet:
    text = csv_text(path.read_bytes())
    if text is None:
        raise ValueError(f"{path}: cannot decode as UTF-8 or GB18030")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[Any]]] = []
    header: list[str] | None = None
    for record in reader:
        line = reader.line_num
        if header is None:
            if any(cell.strip() for cell in record):
                header = record
            continue
        rows.append((line, list(record)))
    if header is None:
        raise ValueError(f"{path}: empty file (no header row)")
    return Sheet(header, rows)


def _read_xlsx(path: Path) -> Sheet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ValueError(f"{path}: not a readable XLSX file ({type(exc).__name__}: {exc})") from exc
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        rows: list[tuple[int, list[Any]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = list(values)
            if header is None:
                if any(v not in (None, "") for v in cells):
                    header = ["" if v is None else str(v) for v in cells]
                continue
            rows.append((number, cells))
    finally:
        book.close()
    if header is None:
        raise ValueError(f"{path}: empty sheet (no header row)")
    return Sheet(header, rows)


# ---------------------------------------------------------------- columns
def _norm_header(name: str) -> str:
    text = unicodedata.normalize("NFKC", str(name))
    return re.sub(r"[\s*＊:：]", "", text).strip()


def parse_map(spec: str | Iterable[str] | None) -> dict[str, str]:
    """``"受理时间=received,类别=applicant"`` -> {normalised column name: field}; unknown fields raise."""
    out: dict[str, str] = {}
    items = (spec.split(",") if isinstance(spec, str) else list(spec)) if spec else []
    for item in items:
        if not item.strip():
            continue
        name, sep, fld = item.rpartition("=")
        if not sep or not name.strip():
            raise ValueError(f"--map: expected 列名=field, got {item!r}")
        if fld.strip() not in FIELDS:
            raise ValueError(f"--map: unknown field {fld.strip()!r}; fields are {', '.join(FIELDS)}")
        out[_norm_header(name)] = fld.strip()
    return out


def columns(header: list[str], mapping: dict[str, str] | None = None) -> dict[str, int]:
    """field -> column index. ``mapping`` (from :func:`parse_map`) wins over the usual names."""
    known = {_norm_header(n): f for f, names in HEADERS.items() for n in names}
    known.update(mapping or {})
    out: dict[str, int] = {}
    for i, name in enumerate(header):
        fld = known.get(_norm_header(name))
        if fld is not None and fld not in out:
            out[fld] = i
    has_received = any(f in out for f in ("received", "submitted", "confirmed"))  # 第三十一条 derives it
    missing = [f for f in ("id", "received", "applicant") if f not in out and not (f == "received" and has_received)]
    if missing:
        names = "、".join(HEADERS[f][0] for f in missing)
        raise ValueError(f"no column for {names} (header: {','.join(header)}); name it with --map 列名=field")
    return out


# ---------------------------------------------------------------- values
def _text(v: Any, fold: bool = True) -> str:
    """A cell as text; ``fold`` folds full-width forms (for codes and labels, never for free text)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return (unicodedata.normalize("NFKC", str(v)) if fold else str(v)).strip()


def parse_date(v: Any, what: str) -> date | None:
    """A date cell: a real date (XLSX), 2024-01-05, 2024/1/5, 2024.1.5 or 2024年1月5日; blank -> None."""
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    text = _text(v)
    if not text:
        return None
    m = _DATE.match(text)
    if not m:
        raise ValueError(f"{what}: 不是日期 {text!r}")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise ValueError(f"{what}: 日期无效 {text!r}") from exc


def _plain(label: str) -> str:
    text = unicodedata.normalize("NFKC", label)
    text = _ORDINAL.sub("", text)
    return re.sub(r"[\s\"“”'‘’「」]", "", text)


@cache  # built once: read for every row
def _result_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for row in result_rows():
        for label in (row.label, row.printed, f"{row.label}{row.note}", *row.variants):
            index.setdefault(_plain(label), row.key)
        index.setdefault(row.key, row.key)
    # a label printed with its group, e.g. 不予公开-属于国家秘密 / 无法提供：本机关不掌握…
    groups = {g.key: g.label for g in APPLICATIONS.groups}
    for row in result_rows():
        if row.group in groups and row.group != "results":
            for sep in ("-", "—", ":", "/", ""):
                index.setdefault(_plain(f"{groups[row.group]}{sep}{row.label}"), row.key)
    return index


def parse_result(v: Any) -> str | None:
    """办理结果 -> the table-三 row key; blank -> None; ValueError for a label the template does not have."""
    text = _text(v)
    if not text:
        return None
    key = _result_index().get(_plain(text))
    if key is None:
        raise ValueError(f"办理结果未知: {text!r}（须为2021年格式表三的行名，如 予以公开、属于国家秘密、重复申请、其他）")
    return key


@cache
def _applicant_index() -> dict[str, str]:
    return {label: key for key, label in applicant_kinds().items()} | {k: k for k in applicant_kinds()}


def parse_applicant(v: Any) -> str:
    text = _text(v)
    if not text:
        raise ValueError("申请人类型为空")
    key = _applicant_index().get(_plain(text)) or APPLICANT_ALIASES.get(_plain(text))
    if key is None:
        raise ValueError(f"申请人类型未知: {text!r}（须为 {'、'.join(applicant_kinds().values())}）")
    return key


def parse_channel(v: Any) -> Channel | None:
    text = _plain(_text(v))
    if not text:
        return None
    for ch in Channel:
        if text in (ch.value, ch.name.lower()):
            return ch
    if text in CHANNEL_ALIASES:
        return CHANNEL_ALIASES[text]
    raise ValueError(f"收到方式未知: {text!r}（须为 {'、'.join(c.value for c in Channel)}）")


def parse_flag(v: Any, what: str) -> bool:
    if isinstance(v, bool):
        return v
    text = _text(v).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"{what}: 须为 是 或 否，而不是 {text!r}")


# ---------------------------------------------------------------- cases
def _case(cells: list[Any], cols: dict[str, int]) -> Case:
    def get(fld: str) -> Any:
        i = cols.get(fld)
        return cells[i] if i is not None and i < len(cells) else None

    errors: list[str] = []

    def attempt(fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except ValueError as exc:
            errors.append(str(exc))
            return None

    ident = _text(get("id"), fold=False)
    received = attempt(parse_date, get("received"), "收到日期")
    channel = attempt(parse_channel, get("channel"))
    if received is None and not any("收到日期" in e for e in errors):
        submitted = attempt(parse_date, get("submitted"), "提交日期")
        confirmed = attempt(parse_date, get("confirmed"), "确认日期")
        if submitted is None and confirmed is None:
            errors.append("收到日期为空")
        elif channel is None:
            errors.append("收到日期为空，且无收到方式可按第三十一条确定")
        else:
            received = attempt(received_on, channel, submitted, confirmed)
    applicant = attempt(parse_applicant, get("applicant"))
    dates = {f: attempt(parse_date, get(f), HEADERS[f][0])
             for f in ("correction_asked", "correction_received", "consult_start", "consult_end", "answered")}
    case = Case(
        id=ident,
        received=received or date.min,
        applicant=applicant or "",
        channel=channel,
        content=_text(get("content"), fold=False),
        extended=bool(attempt(parse_flag, get("extended"), "延期")),
        result=attempt(parse_result, get("result")),
        **dates,
    )
    if not errors:
        errors.extend(problems(case))
    if errors:
        raise ValueError("；".join(dict.fromkeys(errors)))
    return case


def _blank(cells: list[Any]) -> bool:
    return all(_text(c) == "" for c in cells)


def cases_from_sheet(sheet: Sheet, mapping: dict[str, str] | None = None, path: str = "") -> list[Case]:
    """Every case of the sheet, or :class:`ImportFailed` naming every bad row (nothing half-read)."""
    cols = columns(sheet.header, mapping)
    out: list[Case] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for line, cells in sheet.rows:
        if _blank(cells):
            continue
        try:
            case = _case(cells, cols)
        except ValueError as exc:
            errors.append((line, str(exc)))
            continue
        if case.id in seen:
            errors.append((line, f"编号 {case.id} 重复（第 {seen[case.id]} 行已有）"))
            continue
        seen[case.id] = line
        out.append(case)
    if errors:
        raise ImportFailed(path, errors)
    return out


def read_cases(path: str | Path, mapping: str | dict[str, str] | None = None) -> list[Case]:
    """Cases of a CSV/XLSX file; ``mapping`` as ``"列名=field,…"`` or from :func:`parse_map`."""
    if isinstance(mapping, str):
        mapping = parse_map(mapping)
    sheet = read_sheet(path)
    try:
        return cases_from_sheet(sheet, mapping, str(path))
    except ImportFailed:
        raise
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from exc


# ---------------------------------------------------------------- writing
def _labels() -> dict[str, str]:
    return {r.key: r.label for r in result_rows()}


def case_row(case: Case) -> list[str]:
    """One case as the cells of ``EXPORT_HEADER`` (labels as printed in the template, ISO dates)."""

    def d(v: date | None) -> str:
        return "" if v is None else v.isoformat()

    return [
        case.id, d(case.received), case.channel.value if case.channel else "",
        applicant_kinds()[case.applicant], d(case.correction_asked), d(case.correction_received),
        d(case.consult_start), d(case.consult_end), "是" if case.extended else "否", d(case.answered),
        _labels()[case.result] if case.result else "", case.content,
    ]


def iter_rows(cases: Iterable[Case]) -> Iterator[list[str]]:
    yield list(EXPORT_HEADER)
    for case in cases:
        yield case_row(case)


def write_csv(cases: Iterable[Case], out: io.TextIOBase | Any) -> None:
    writer = csv.writer(out, lineterminator="\n")
    for row in iter_rows(cases):
        writer.writerow(row)


def write_xlsx(cases: Iterable[Case], path: str | Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "依申请公开台账"
    for row in iter_rows(cases):
        sheet.append(row)
    book.save(path)
