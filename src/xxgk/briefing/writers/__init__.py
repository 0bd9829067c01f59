"""Writers of a briefing, chosen by the output file's extension."""

from __future__ import annotations

from pathlib import Path

from ..model import Briefing

FORMATS = ("docx", "pdf", "html", "xlsx")


def format_of(path: str | Path) -> str:
    """The format an output path asks for; ValueError naming the extension otherwise."""
    ext = Path(path).suffix.lower().lstrip(".")
    if ext not in FORMATS:
        raise ValueError(f"{path}: unknown extension {('.' + ext) if ext else '(none)'}; "
                         f"write .{', .'.join(FORMATS)}")
    return ext


def render(briefing: Briefing, fmt: str, *, base_url: str = "") -> bytes:
    """The briefing as the bytes of a ``fmt`` file (docx, pdf, html, xlsx); ``base_url`` prefixes the links
    into the web app (HTML, XLSX)."""
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(briefing)
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(briefing)
    if fmt == "html":
        try:
            from .html import render_html
        except ImportError as exc:  # jinja2 comes with the web and brief extras
            raise RuntimeError("HTML briefings need Jinja2: pip install 'xxgk[brief]'") from exc

        return render_html(briefing, base_url=base_url).encode("utf-8")
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(briefing, base_url=base_url)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write(briefing: Briefing, path: str | Path, *, base_url: str = "") -> Path:
    """Write the briefing to ``path`` in the format its extension names."""
    out = Path(path)
    data = render(briefing, format_of(out), base_url=base_url)
    out.write_bytes(data)
    return out
