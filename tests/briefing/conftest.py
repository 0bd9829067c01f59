"""One store for the briefing tests, built once per session: ../shared/corpus (seeds, dev, real) ingested as
`xxgk ingest` does, plus 1,000 generated reports over three cities and two years (briefing_store.fill);
and the area briefing of the latest year written once in every format."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from briefing_store import Written, fill

from xxgk.briefing import area_briefing, render
from xxgk.store import Store
from xxgk.store.ingest import ingest


@pytest.fixture(scope="session")
def brief_store(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("brief-store")
    with Store(f"sqlite:///{folder / 'store.sqlite3'}", data_dir=folder / "data") as store:
        ingest(store, [str(corpus / "seeds"), str(corpus / "dev"), str(corpus / "real")], jobs=1)
        fill(store, 1000, folder=folder)
        yield store


@pytest.fixture(scope="session")
def area(brief_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Written:
    """The area briefing of 2023 (all regions) as .docx, .html, .xlsx (the PDF is made where it is tested)."""
    folder = tmp_path_factory.mktemp("brief-out")
    briefing = area_briefing(brief_store, 2023)
    files = {}
    for fmt in ("docx", "html", "xlsx"):
        files[fmt] = folder / f"area.{fmt}"
        files[fmt].write_bytes(render(briefing, fmt, base_url="http://xxgk.example"))
    return Written(briefing, files)
