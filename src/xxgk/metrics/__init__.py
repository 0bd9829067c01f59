"""Metrics as data (issue 11 §4): a catalogue of indicators computed from a record's cells.

    from xxgk.metrics import METRICS, compute
    values = compute(report)                      # {key: MetricValue}
    values["granted_rate"].value                  # 0.2716…, or None with .status and .reason

Statuses: ``ok``; ``not_applicable`` (a rate whose denominator is 0); ``unavailable`` (an input blank or
missing — a blank is not zero); ``not_in_format`` (the report's format has no such data).
"""

from .catalogue import BY_KEY, METRICS
from .compute import compute, compute_one, display, evaluate
from .model import (
    AMOUNT,
    COUNT,
    NOT_APPLICABLE,
    NOT_IN_FORMAT,
    OK,
    RATE,
    STATUSES,
    UNAVAILABLE,
    Cells,
    FirstOf,
    Formula,
    Metric,
    MetricValue,
    Sum,
)

__all__ = [
    "AMOUNT",
    "BY_KEY",
    "COUNT",
    "METRICS",
    "NOT_APPLICABLE",
    "NOT_IN_FORMAT",
    "OK",
    "RATE",
    "STATUSES",
    "UNAVAILABLE",
    "Cells",
    "FirstOf",
    "Formula",
    "Metric",
    "MetricValue",
    "Sum",
    "compute",
    "compute_one",
    "display",
    "evaluate",
]
