"""Agency search by pinyin initials (北京市海淀区人民政府 → bjshdqrmzf), cached per set of agencies."""

from __future__ import annotations

import re
from functools import lru_cache

from ..store import Store

_ASCII = re.compile(r"^[A-Za-z]+$")


@lru_cache(maxsize=65536)
def initials(name: str) -> str:
    """The pinyin initials of ``name`` in lower case; letters and digits kept as they are."""
    from pypinyin import Style, lazy_pinyin

    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default") if p).lower()


def is_initials_query(text: str) -> bool:
    return bool(_ASCII.match(text.strip()))


def agencies_by_initials(store: Store, text: str) -> list[int]:
    """Ids of the agencies whose pinyin initials contain ``text`` (e.g. ``hdq`` finds 海淀区…)."""
    needle = text.strip().lower()
    return [a.id for a in store.agencies() if needle in initials(a.name)]
