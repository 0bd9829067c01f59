"""Reading numbers in Chinese text: Arabic and Chinese numerals (三件, 十二件, 1.2万), fee amounts."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..numerals import chinese_to_int

# A number as printed: 12, 1,234, 1.2万, 十二, 一百零五, 两千.
NUM = r"(?:\d[\d,，]*(?:\.\d+)?\s*万?|[零〇一二两三四五六七八九十百千]+万?)"


def parse_number(text: str) -> Decimal | None:
    """A printed number (Arabic or Chinese, optional 万) as a Decimal."""
    s = text.strip().replace(",", "").replace("，", "").replace(" ", "")
    if not s:
        return None
    factor = Decimal(1)
    if s.endswith("万") and len(s) > 1 and s[0].isdigit():
        factor, s = Decimal(10000), s[:-1]
    if s[0].isdigit():
        try:
            return Decimal(s) * factor
        except InvalidOperation:
            return None
    n = chinese_to_int(s)
    return None if n is None else Decimal(n)


def clauses(text: str) -> list[str]:
    """Sentences cut at 。；; and line breaks (the unit a claim is read in)."""
    return [c for c in re.split(r"[。；;！!？?\n]", text) if c.strip()]


_FEE = re.compile(r"收取[^。；，,]{0,12}?(?:信息处理费|费用)[^。；]{0,8}?(" + r"\d[\d,]*(?:\.\d+)?" + r")\s*(万?元)")
_NO_FEE = re.compile(r"(未|没有|无|不)[^。；]{0,6}收取|收取[^。；\d]{0,8}(0|零)元|无收费|免费")


def fee_amounts(text: str) -> list[str]:
    """Information-processing fee amounts the text says were collected (e.g. ['300元'])."""
    out = []
    for clause in clauses(text):
        if _NO_FEE.search(clause):
            continue
        for m in _FEE.finditer(clause):
            amount = parse_number(m.group(1))
            if amount is not None and amount > 0:
                out.append(f"{m.group(1)}{m.group(2)}")
    return out


def mentions_fee(text: str) -> bool:
    return bool(re.search(r"信息处理费|收费|收取费用|缴纳费用|费用", text))
