"""``xxgk ledger``: the 依申请公开台账 of an agency in the store (thin layer over :mod:`xxgk.ledger`).

Every sub-command takes ``--agency NAME`` (the store's agency, created by the first write) and ``--db``
(URL or SQLite path; default ``XXGK_DATABASE_URL``, else the user data directory).
Exit status: 0 done; 1 bad input (nothing stored), a deadline the calendar cannot give or a database error;
2 usage errors (as ``xxgk agencies``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..ledger import Case, Status
    from ..ledger.store import Ledger

from .agencies import DB_HELP, using_store


def _common(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--db", help=DB_HELP)(fn)
    fn = click.option("--agency", required=True, help="机关名称（台账所属机关；首次写入时建立）")(fn)
    return fn


@contextmanager
def _ledger(db: str | None, agency: str) -> Iterator[Ledger]:
    """The agency's ledger; a case or calendar error, or a database error, is one clear message (exit 1)."""
    from ..ledger import CalendarError, CaseError
    from ..ledger.store import Ledger

    with using_store(db, CaseError, CalendarError, create=True) as store:
        yield Ledger(store, agency)


def _date(ctx: click.Context | None, param: click.Parameter | None, value: str | None) -> date | None:
    from ..ledger.importer import parse_date

    try:
        return parse_date(value, param.name if param and param.name else "date")
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _label(kind: str, key: str | None) -> str:
    from ..ledger.model import appeal_kinds, appeal_results, applicant_kinds, result_rows

    if key is None:
        return ""
    tables = {"applicant": applicant_kinds(), "result": {r.key: r.label for r in result_rows()},
              "appeal": appeal_kinds(), "outcome": appeal_results()}
    return tables[kind].get(key, key)


# ---------------------------------------------------------------- the group
@click.group("ledger")
def ledger_group() -> None:
    """依申请公开台账: record requests, watch their statutory deadlines, get sections 三 and 四 at year end."""


_STEP_OPTIONS = (
    ("--received", "收到日期 (第三十一条)"),
    ("--submitted", "提交日期 (当面: 收到日期 by 第三十一条 when --received is not given)"),
    ("--confirmed", "签收或确认日期 (邮寄/网络/传真: 收到日期 by 第三十一条 when --received is not given)"),
    ("--correction-asked", "补正告知日期"),
    ("--correction-received", "补正收到日期"),
    ("--consult-start", "征求意见开始日期"),
    ("--consult-end", "征求意见结束日期"),
    ("--answered", "答复日期"),
)


def _steps(fn: Callable[..., Any]) -> Callable[..., Any]:
    for flag, text in reversed(_STEP_OPTIONS):
        fn = click.option(flag, callback=_date, help=f"{text}: 2024-01-05 or 2024年1月5日")(fn)
    return fn


@ledger_group.command("add")
@_common
@click.argument("number")
@_steps
@click.option("--channel", help="收到方式: 当面/邮寄/网络/传真/其他")
@click.option("--applicant", help="申请人类型: 自然人/商业企业/科研机构/社会公益组织/法律服务机构/其他")
@click.option("--content", help="申请内容")
@click.option("--extended/--not-extended", default=None, help="延期 approved (第三十三条)")
@click.option("--result", help="办理结果: the table-三 row label, e.g. 予以公开, 属于国家秘密, 重复申请")
@click.option("--update", is_flag=True, help="Change a case already in the ledger (only the options given).")
def add_cmd(agency: str, db: str | None, number: str, update: bool, **given: Any) -> None:
    """Record case NUMBER (编号), or with --update add its later steps (补正, 征求意见, 延期, 答复)."""
    from dataclasses import replace

    from ..ledger import Case
    from ..ledger.importer import parse_applicant, parse_channel, parse_result

    try:
        parsed = {
            "channel": parse_channel(given.pop("channel")) if given.get("channel") else None,
            "applicant": parse_applicant(given.pop("applicant")) if given.get("applicant") else None,
            "result": parse_result(given.pop("result")) if given.get("result") else None,
        }
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    submitted, confirmed = given.pop("submitted"), given.pop("confirmed")
    values = {k: v for k, v in {**given, **parsed}.items() if v is not None}
    if "received" not in values and (submitted or confirmed):
        from ..ledger import received_on

        if "channel" not in values:
            raise click.UsageError("--submitted/--confirmed need --channel (第三十一条 depends on it)")
        try:
            values["received"] = received_on(values["channel"], submitted, confirmed)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc
    with _ledger(db, agency) as ledger:
        if update:
            try:
                case = replace(ledger.case(number), **values)
            except KeyError:
                raise click.ClickException(f"{number}: no such case in the ledger of {agency}") from None
            ledger.save([case])
        else:
            missing = [f"--{k}" for k in ("received", "applicant") if k not in values]
            if missing:
                raise click.UsageError(f"a new case needs {' and '.join(missing)}")
            case = Case(id=number, **values)
            ledger.save([case], only_new=True)
        _show(ledger.case(number), sys.stdout)


@ledger_group.command("appeal")
@_common
@click.argument("number")
@click.option("--kind", required=True, help="行政复议 / 未经复议直接起诉 / 复议后起诉")
@click.option("--filed", required=True, callback=_date, help="提起日期")
@click.option("--result", default="尚未审结", show_default=True, help="结果维持 / 结果纠正 / 其他结果 / 尚未审结")
@click.option("--decided", callback=_date, help="审结日期")
def appeal_cmd(agency: str, db: str | None, number: str, kind: str, filed: date, result: str,
               decided: date | None) -> None:
    """Record a review or lawsuit about case NUMBER (for table 四)."""
    from ..ledger import Appeal
    from ..ledger.model import appeal_kinds, appeal_results

    kinds = {v: k for k, v in appeal_kinds().items()} | {"直接起诉": "litigation_direct"}
    outcomes = {v: k for k, v in appeal_results().items()} | {v[2:]: k for k, v in appeal_results().items()}
    if kind not in kinds and kind not in appeal_kinds():
        raise click.BadParameter(f"unknown kind {kind!r}; one of {', '.join(appeal_kinds().values())}")
    if result not in outcomes and result not in appeal_results():
        raise click.BadParameter(f"unknown result {result!r}; one of {', '.join(appeal_results().values())}")
    appeal = Appeal(kinds.get(kind, kind), filed, outcomes.get(result, result), decided)
    with _ledger(db, agency) as ledger:
        try:
            case = ledger.add_appeal(number, appeal)
        except KeyError:
            raise click.ClickException(f"{number}: no such case in the ledger of {agency}") from None
        _show(case, sys.stdout)


# ---------------------------------------------------------------- reading
def _today(value: date | None) -> date:
    return value or date.today()


def _status(case: Case, on: date) -> Status | str:
    """The case's status, or the calendar error text (a case beyond the calendar never hides the others)."""
    from ..ledger import CalendarError, status

    try:
        return status(case, on)
    except CalendarError as exc:
        return str(exc)


def _marks(st: Status | str) -> str:
    from ..ledger.deadlines import THIRD_PARTY_DAYS

    if isinstance(st, str):
        return "期限无法计算"
    marks = []
    if st.answered_late:
        marks.append("逾期答复")
    if st.overdue:
        marks.append("已逾期")
    if st.waiting_for_correction:
        marks.append("待补正")
    if st.correction_notice_late:
        marks.append("补正告知超7个工作日")
    if st.consultation_running:
        marks.append("征求意见中")
    if st.consultation_days > THIRD_PARTY_DAYS:
        marks.append(f"征求意见超{THIRD_PARTY_DAYS}个工作日")
    return "、".join(marks)


@ledger_group.command("list")
@_common
@click.option("--year", type=int, help="Only cases received in this year or still open in it.")
@click.option("--open", "only_open", is_flag=True, help="Only cases still open.")
@click.option("--on", callback=_date, help="The day to judge on (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_cmd(agency: str, db: str | None, year: int | None, only_open: bool, on: date | None, fmt: str) -> None:
    """The cases, by received date; answered-late cases are marked 逾期答复."""
    day = _today(on)
    with _ledger(db, agency) as ledger:
        cases = ledger.cases()
    if year is not None:
        cases = [c for c in cases if c.received.year == year or c.open_at(date(year - 1, 12, 31))
                 or (c.answered is not None and c.answered.year == year)]
    if only_open:
        cases = [c for c in cases if c.open_at(day)]
    rows = [(c, _status(c, day)) for c in cases]
    if fmt == "json":
        _echo_json([_case_json(c, st) for c, st in rows])
        return
    for c, st in rows:
        deadline = "" if isinstance(st, str) or st.deadline is None else st.deadline.isoformat()
        click.echo("\t".join([c.id, c.received.isoformat(), _label("applicant", c.applicant),
                              c.answered.isoformat() if c.answered else "办理中", _label("result", c.result),
                              f"期限 {deadline}" if deadline else "", _marks(st)]).rstrip())
    for c, st in rows:
        if isinstance(st, str):
            click.echo(f"xxgk: {c.id}: {st}", err=True)
    click.echo(f"{len(rows)} case(s)", err=True)


def _case_json(case: Case, st: Status | str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": case.id, "received": case.received.isoformat(),
        "channel": case.channel.value if case.channel else None,
        "applicant": _label("applicant", case.applicant), "content": case.content,
        "correction_asked": _iso(case.correction_asked), "correction_received": _iso(case.correction_received),
        "consult_start": _iso(case.consult_start), "consult_end": _iso(case.consult_end),
        "extended": case.extended, "answered": _iso(case.answered), "result": _label("result", case.result),
        "result_row": case.result,
        "appeals": [{"kind": _label("appeal", a.kind), "filed": a.filed.isoformat(),
                     "result": _label("outcome", a.result), "decided": _iso(a.decided)} for a in case.appeals],
    }
    if isinstance(st, str):
        out["error"] = st
    else:
        out |= {"open": st.open, "deadline": _iso(st.deadline), "overdue": st.overdue,
                "answered_late": st.answered_late, "waiting_for_correction": st.waiting_for_correction,
                "correction_notice_late": st.correction_notice_late}
    return out


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _show(case: Case, out: Any, on: date | None = None) -> None:
    from ..ledger import CalendarError, deadlines

    day = _today(on)
    st = _status(case, day)
    lines = [
        f"编号        {case.id}",
        f"收到日期    {case.received.isoformat()}" + (f"（{case.channel.value}）" if case.channel else ""),
        f"申请人类型  {_label('applicant', case.applicant)}",
    ]
    if case.content:
        lines.append(f"申请内容    {case.content}")
    if case.correction_asked:
        lines.append(f"补正告知    {case.correction_asked.isoformat()}；补正收到 "
                     f"{_iso(case.correction_received) or '（未收到）'}")
    if case.consult_start:
        lines.append(f"征求意见    {case.consult_start.isoformat()} 至 {_iso(case.consult_end) or '（进行中）'}")
    lines.append(f"延期        {'是' if case.extended else '否'}")
    try:
        d = deadlines(case, day)
        lines.append(f"补正告知期限 {d.correction_notice.isoformat()}（收到后7个工作日）")
        if d.answer is not None:
            extra = f"，含征求意见 {d.consultation_days} 个工作日" if d.consultation_days else ""
            lines.append(f"答复期限    {d.answer.isoformat()}（{d.count_from.isoformat() if d.count_from else ''}"
                         f" 后第 {d.days} 个工作日{extra}）")
        else:
            lines.append("答复期限    待补正收到后起算")
    except CalendarError as exc:
        lines.append(f"答复期限    无法计算：{exc}")
    if case.answered:
        lines.append(f"答复        {case.answered.isoformat()} {_label('result', case.result)}")
    else:
        lines.append("答复        办理中")
    marks = _marks(st)
    if marks:
        lines.append(f"标记        {marks}")
    for a in case.appeals:
        lines.append(f"{_label('appeal', a.kind)}  {a.filed.isoformat()} {_label('outcome', a.result)}"
                     + (f"（{a.decided.isoformat()} 审结）" if a.decided else ""))
    out.write("\n".join(lines) + "\n")


@ledger_group.command("show")
@_common
@click.argument("number")
@click.option("--on", callback=_date, help="The day to judge on (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show_cmd(agency: str, db: str | None, number: str, on: date | None, fmt: str) -> None:
    """One case with its steps, deadlines and marks (逾期答复 when answered late)."""
    with _ledger(db, agency) as ledger:
        try:
            case = ledger.case(number)
        except KeyError:
            raise click.ClickException(f"{number}: no such case in the ledger of {agency}") from None
    if fmt == "json":
        _echo_json(_case_json(case, _status(case, _today(on))))
    else:
        _show(case, sys.stdout, on)


@ledger_group.command("due", short_help="Open cases by deadline, overdue first.")
@_common
@click.option("--on", callback=_date, help="The day (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def due_cmd(agency: str, db: str | None, on: date | None, fmt: str) -> None:
    """Cases still open on the day, by deadline, overdue first (JSON: id, deadline, overdue, …)."""
    from ..ledger import CalendarError, due
    from ..ledger.deadlines import waiting

    day = _today(on)
    with _ledger(db, agency) as ledger:
        cases = [c for c in ledger.cases() if c.open_at(day)]
    usable, broken = [], []
    for c in cases:
        st = _status(c, day)
        (broken.append((c, st)) if isinstance(st, str) else usable.append(c))
    try:
        listed, held = due(usable, day), waiting(usable, day)
    except CalendarError as exc:  # pragma: no cover - _status already computed every case
        raise click.ClickException(str(exc)) from exc
    by_id = {c.id: c for c in usable}
    if fmt == "json":
        _echo_json([{"id": s.id, "deadline": _iso(s.deadline), "overdue": s.overdue,
                     "days_left": s.days_left, "received": by_id[s.id].received.isoformat(),
                     "applicant": _label("applicant", by_id[s.id].applicant),
                     "consultation_running": s.consultation_running} for s in listed])
    else:
        for s in listed:
            left = f"逾期 {-s.days_left} 个工作日" if s.overdue and s.days_left is not None else (
                f"剩 {s.days_left} 个工作日" if s.days_left is not None else "")
            click.echo("\t".join([("逾期 " if s.overdue else "") + s.id, _iso(s.deadline) or "", left,
                                  _marks(s) if s.consultation_running else ""]).rstrip())
        if held:
            click.echo(f"待补正（答复期限暂不计算）: {', '.join(s.id for s in held)}")
    for c, msg in broken:
        click.echo(f"xxgk: {c.id}: {msg}", err=True)
    overdue = sum(s.overdue for s in listed)
    click.echo(f"{len(listed)} open case(s) on {day.isoformat()}, {overdue} overdue", err=True)
    if broken:
        sys.exit(1)


# ---------------------------------------------------------------- files
@ledger_group.command("import", short_help="Read a CSV/XLSX ledger; a bad row imports nothing.")
@_common
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--map", "mapping", help="Other column names: 列名=field,… (fields: id, received, channel, "
              "applicant, content, correction_asked, correction_received, consult_start, consult_end, "
              "extended, answered, result; submitted, confirmed give 收到日期 by 第三十一条 when it is missing)")
def import_cmd(agency: str, db: str | None, file: str, mapping: str | None) -> None:
    """Read FILE (.csv or .xlsx) into the ledger: new 编号 added, known ones updated; a bad row imports nothing."""
    from ..ledger.importer import ImportFailed, read_cases

    try:
        cases = read_cases(file, mapping)
    except ImportFailed as exc:
        for line, msg in exc.errors:
            click.echo(f"{file}:{line}: {msg}", err=True)
        raise click.ClickException(f"{file}: {len(exc.errors)} bad row(s); nothing imported") from None
    except (OSError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    with _ledger(db, agency) as ledger:
        saved = ledger.save(cases)
    click.echo(f"{file}: {saved.added} added, {saved.updated} updated ({agency})", err=True)


@ledger_group.command("export")
@_common
@click.option("-o", "--output", help="File to write (.csv or .xlsx; default: CSV on stdout).")
def export_cmd(agency: str, db: str | None, output: str | None) -> None:
    """Write the ledger as a spreadsheet with the import header (re-importable)."""
    from ..ledger.importer import write_csv, write_xlsx

    with _ledger(db, agency) as ledger:
        cases = ledger.cases()
    if output is None:
        write_csv(cases, sys.stdout)
    elif output.lower().endswith(".xlsx"):
        write_xlsx(cases, output)
    else:
        with open(output, "w", encoding="utf-8-sig", newline="") as fh:
            write_csv(cases, fh)
    if output:
        click.echo(f"{output}: {len(cases)} case(s)", err=True)


@ledger_group.command("report", short_help="Sections 三 and 四 of a year as an xxgk.report/1 record.")
@_common
@click.option("--year", required=True, type=int, help="报告年度")
@click.option("-o", "--output", help="File to write (.json: JSON; else commented YAML as from `xxgk new`).")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), help="Output format (default: from -o, else YAML).")
@click.option("--merge", "merge_into", type=click.Path(exists=True, dir_okay=False),
              help="A record (from `xxgk new`) whose sections 三 and 四 are replaced by the ledger's.")
def report_cmd(agency: str, db: str | None, year: int, output: str | None, fmt: str | None,
               merge_into: str | None) -> None:
    """Sections 三 and 四 of YEAR from the ledger, as an xxgk.report/1 record (identities hold by construction)."""
    from ..ledger import year_report
    from ..ledger.yearend import merge
    from ..render.skeleton import load, to_yaml

    with _ledger(db, agency) as ledger:
        if not ledger.exists():
            raise click.ClickException(f"no ledger for {agency!r} in {ledger.store.name}")
        cases = ledger.cases()
    report = year_report(cases, year, agency=agency)
    if merge_into:
        try:
            report = merge(load(merge_into), report)
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"{merge_into}: {exc}") from exc
    fmt = fmt or ("json" if output and output.lower().endswith(".json") else "yaml")
    text = report.dumps(indent=2, provenance=False) + "\n" if fmt == "json" else to_yaml(report)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"{output}: sections 三/四 of {year} from {len(cases)} case(s)", err=True)
    else:
        click.echo(text, nl=False)
