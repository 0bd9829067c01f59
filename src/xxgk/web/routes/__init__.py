"""One module per page; each has its HTML route and its JSON twin under /api."""

from __future__ import annotations

from fastapi import FastAPI


def include_all(app: FastAPI) -> None:
    from . import (
        agencies,
        apidocs,
        auth,
        brief,
        charts,
        ledger,
        overview,
        report,
        reports,
        review,
        stats,
        upload,
        write,
    )

    for module in (auth, overview, upload, reports, report, review, agencies, stats, charts, ledger, apidocs,
                   write, brief):
        app.include_router(module.router)
