"""The sentence rules: every sentence with a number is put together here from computed values, by explicit
rules (thresholds and wordings below); no text is written by a model.
"""

from __future__ import annotations

from .model import DIFF, POINTS, RATE, Inline, Number, Source

# A median moving by less than this is "基本持平": half a percentage point for rates, 5 % for counts.
STEADY_RATE = 0.005
STEADY_SHARE = 0.05


def listing(names: list[str], most: int = 10, suffix: str = "") -> str:
    """A、B、C等 — at most ``most`` names; the count is given by the caller as a Number."""
    shown = "、".join(names[:most])
    return shown + ("等" if len(names) > most else "") + suffix


def change(now: Number, before: Number) -> list[Inline]:
    """How ``now`` compares with ``before`` (same metric, the previous year), as words and numbers:
    较上年（X）上升Y / 下降Y / 基本持平 / 上年无可比数据."""
    if now.value is None or before.value is None:
        return ["，上年无可比数据"]
    a, b = float(now.value), float(before.value)
    diff = a - b
    steady = abs(diff) < STEADY_RATE if now.unit == RATE else abs(diff) <= STEADY_SHARE * max(abs(a), abs(b))
    prefix: list[Inline] = ["，较上年（", before, "）"]
    if steady:
        return [*prefix, "基本持平"]
    word = "上升" if diff > 0 else "下降"
    unit = POINTS if now.unit == RATE else now.unit
    delta = Number(abs(diff), unit, Source(DIFF, parts=(now.source, before.source) if diff > 0
                                           else (before.source, now.source)))
    return [*prefix, word, delta]


def share_phrase(part: Number, share: Number, whole_name: str) -> list[Inline]:
    """X份，占W的Y% (the share left out when W is 0)."""
    if share.value is None:
        return [part]
    return [part, f"，占{whole_name}的", share]
