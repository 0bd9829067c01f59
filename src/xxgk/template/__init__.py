"""The official formats as data (rows, columns, labels, variants) — read by parser, checker and renderer."""

from .formats import (
    ACTIVE_2019,
    ACTIVE_2021,
    ACTIVE_MARKERS,
    APPLICANTS_HEADER,
    APPLICATIONS,
    FORMAT_2019,
    FORMAT_2021,
    FORMATS,
    LEGAL_PERSONS_HEADER,
    REVIEW_LITIGATION,
    SECTIONS,
    TABLES,
)
from .model import CellKind, Column, Format, Group, Row, Section, SubTable, Table

__all__ = [
    "ACTIVE_2019",
    "ACTIVE_2021",
    "ACTIVE_MARKERS",
    "APPLICANTS_HEADER",
    "APPLICATIONS",
    "FORMATS",
    "FORMAT_2019",
    "FORMAT_2021",
    "LEGAL_PERSONS_HEADER",
    "REVIEW_LITIGATION",
    "SECTIONS",
    "TABLES",
    "CellKind",
    "Column",
    "Format",
    "Group",
    "Row",
    "Section",
    "SubTable",
    "Table",
]
