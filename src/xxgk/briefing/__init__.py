"""Briefings from the store (issue 14): the supervisor's annual review of an area, and one agency's profile.

    from xxgk.store import Store
    from xxgk.briefing import area_briefing, agency_briefing, write
    with Store() as store:
        write(area_briefing(store, 2023, region="福建省"), "简报.docx")   # .docx .pdf .html .xlsx

Facts are gathered from the store (:mod:`.gather`), put into sentences by explicit rules (:mod:`.phrases`),
laid out as plain data (:mod:`.model`) where every number carries its source, and written by
:mod:`.writers`. :func:`xxgk.briefing.provenance.resolve` reads any number again from the store.
"""

from __future__ import annotations

from .agency import agency_briefing
from .area import area_briefing
from .gather import BriefingError
from .model import Briefing, Number, Source
from .writers import FORMATS, format_of, render, write

__all__ = ["FORMATS", "Briefing", "BriefingError", "Number", "Source", "agency_briefing", "area_briefing",
           "format_of", "render", "write"]
