"""Write a record in the official layout: DOCX, HTML, PDF, Markdown, text (and the test flattenings).

Writers are imported lazily so that `import xxgk.render` stays light (python-docx, reportlab are heavy).
"""

from __future__ import annotations

from ..record import Report

FORMATS = ("docx", "html", "md", "txt", "pdf")


def render(report: Report, fmt: str) -> bytes:
    """The report as the bytes of a file in ``fmt`` (docx, html, md, txt or pdf)."""
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(report)
    if fmt == "html":
        from .html import render_html

        return render_html(report).encode("utf-8")
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(report)
    if fmt in ("md", "txt"):
        from .flatten import flatten

        return flatten(report, "markdown" if fmt == "md" else "tsv").encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render"]
