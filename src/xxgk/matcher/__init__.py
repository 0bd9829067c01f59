"""The matcher: one for every format. A reader's ``Document`` (positioned lines of cells and text) becomes
the record ``xxgk.report/1``. Stages, in pipeline order:

1. ``labels``   — the template's printed labels found on a CJK skeleton of each line
2. ``tokens``   — each reader field as label, number, blank marker or text
3. ``vectors``  — runs of cells on a line (a table row as printed)
4. ``regions``  — where tables 二, 三 and 四 are in the document
5. ``align``    — runs of table 三 aligned to the template rows in order
6. ``cells``    — each run fitted to its row's width: blanks, fillers, run-together digits, identities
7. ``sections`` — the six numbered sections and their text
8. ``meta``     — agency, year, template, publication and signature dates
9. ``assemble`` — the stages put together into a ``Report`` with per-cell provenance (``match``)
"""

from __future__ import annotations

from .assemble import match

__all__ = ["match"]
