"""Agency kinds: what kind of body publishes a report, as the deadline rules (条例 art. 49) need it.

Stored in the agency table as the key; inferred from the name, settable by hand. ``rule_kind`` maps a kind
onto the checker's vocabulary (:func:`xxgk.rules.context.agency_kind`), so that a kind set by hand decides
the deadline the checker applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    name: str  # Chinese, as printed in lists
    description: str
    rule_kind: str  # the checker's kind (deadline D-01 / D-02 / D-03)


KINDS: tuple[Kind, ...] = (
    Kind("local_gov", "人民政府", "县级以上地方人民政府（3月31日前公布）", "local_gov"),
    Kind("dept", "部门", "县级以上人民政府部门（1月31日前公布）", "dept"),
    Kind("vertical", "垂直管理", "实行垂直管理的部门的派出机构（税务、海关、气象等，按部门的时限）", "dept"),
    Kind("township", "乡镇街道", "乡镇人民政府、街道办事处（时限由省级确定）", "township"),
    Kind("zone_gov", "开发区", "开发区、新区、实验区等的管理机构（3月31日前公布）", "zone_gov"),
    Kind("zone", "开发区部门", "开发区等管理机构的工作部门（时限由本地确定）", "zone"),
    Kind("other", "其他", "其他机关、单位", "other"),
)
BY_KEY = {k.key: k for k in KINDS}
BY_NAME = {k.name: k for k in KINDS}

# Bodies managed vertically from above (their names say so; no agency is named here, only the service).
_VERTICAL = re.compile(
    r"国家税务总局|税务局$|海关$|海关总署|气象局$|烟草专卖局|邮政管理局|调查队$|金融监督管理|中国人民银行|"
    r"证监局$|出入境边防检查|海事局$|通信管理局$|民用航空|铁路监督管理局|国家统计局"
)


def infer_kind(name: str | None) -> str | None:
    """The kind key read from a name, None when the name says nothing clear."""
    if not name:
        return None
    from ..rules.context import agency_kind

    if _VERTICAL.search(name):
        return "vertical"
    kind = agency_kind(name)
    return kind if kind in BY_KEY else None


def parse_kind(text: str) -> str:
    """A kind given by a person: its key (dept) or its Chinese name (部门). ValueError otherwise."""
    text = text.strip()
    if text in BY_KEY:
        return text
    if text in BY_NAME:
        return BY_NAME[text].key
    for alias, key in (("政府", "local_gov"), ("乡镇", "township"), ("街道", "township"), ("垂管", "vertical")):
        if text == alias:
            return key
    names = "、".join(f"{k.name}({k.key})" for k in KINDS)
    raise ValueError(f"unknown agency kind {text!r}; one of {names}")


def rule_kind(kind: str | None) -> str | None:
    """The checker's kind for a stored kind (垂直管理 keeps the department deadline)."""
    return BY_KEY[kind].rule_kind if kind in BY_KEY else None
