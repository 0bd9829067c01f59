"""Charts as PNG images (matplotlib, Agg) with a CJK font, for the DOCX, the PDF and a stand-alone HTML
without ECharts. The font is found with matplotlib's font manager: WenQuanYi Zen Hei (fonts-wqy-zenhei,
installed by scripts/setup-system.sh) or another font that covers Chinese; without one the charts would show
empty boxes, so a clear error names the package instead.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from .model import RATE, Briefing, Figure

CJK_FONTS = ("WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei",
             "Droid Sans Fallback", "AR PL UMing CN")
COLORS = ("#b22222", "#999999", "#999999", "#4169e1")
DPI = 150


class ChartError(RuntimeError):
    """Charts cannot be drawn here (matplotlib or a CJK font missing)."""


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError as exc:
        raise ChartError("charts need matplotlib: pip install 'xxgk[brief]' (or xxgk brief --no-charts)") from exc
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


@cache
def cjk_font() -> tuple[str, int | str]:
    """The family name and weight of an installed font that covers Chinese (asked for at its own weight:
    WenQuanYi Zen Hei is registered as 500, and matplotlib warns when asked for "normal")."""
    _pyplot()
    from matplotlib import font_manager

    weights = {f.name: f.weight for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in weights:
            return name, weights[name]
    raise ChartError("no Chinese font for the charts: install fonts-wqy-zenhei (scripts/setup-system.sh does), "
                     "or write the briefing without charts (--no-charts)")


def draw(figure: Figure) -> bytes:
    """The figure as a PNG."""
    plt = _pyplot()
    font, weight = cjk_font()
    with plt.rc_context({"font.family": [font], "font.weight": weight, "axes.titleweight": weight,
                         "axes.labelweight": weight, "axes.unicode_minus": False, "font.size": 9}):
        fig = _range(plt, figure) if figure.kind == "range" else _bars(plt, figure)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI, bbox_inches="tight")
        plt.close(fig)
    return out.getvalue()


def _values(series: Any, scale: float) -> list[float]:
    return [float(n.value) * scale if n is not None and n.value is not None else float("nan") for n in series.values]


def _range(plt: Any, figure: Figure) -> Any:
    """Horizontal P25–P75 bars with this year's median (dot) and last year's (ring)."""
    scale = 100.0 if figure.unit == RATE else 1.0
    median, p25, p75, previous = (_values(s, scale) for s in figure.series[:4])
    n = len(figure.categories)
    fig, ax = plt.subplots(figsize=(6.3, 0.32 * n + 1.0))
    ys = list(range(n))[::-1]
    ax.barh(ys, [b - a for a, b in zip(p25, p75, strict=True)], left=p25, height=0.5, color="#f2c4c4",
            label="P25–P75")
    ax.plot(median, ys, "o", color=COLORS[0], label=figure.series[0].name)
    ax.plot(previous, ys, "o", mfc="none", color=COLORS[3], label=figure.series[3].name)
    ax.set_yticks(ys, figure.categories)
    ax.set_xlabel("%" if figure.unit == RATE else "")
    ax.grid(axis="x", color="#dddddd")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(figure.title)
    return fig


def _bars(plt: Any, figure: Figure) -> Any:
    n, k = len(figure.categories), len(figure.series)
    fig, ax = plt.subplots(figsize=(6.3, 3.2))
    width = 0.8 / max(k, 1)
    for i, s in enumerate(figure.series):
        xs = [x + (i - (k - 1) / 2) * width for x in range(n)]
        ax.bar(xs, _values(s, 1.0), width=width, label=s.name, color=("#4169e1", "#999999", "#b22222", "#2e8b57")[i % 4])
    ax.set_xticks(range(n), figure.categories, rotation=20 if n > 4 else 0, ha="right" if n > 4 else "center")
    ax.grid(axis="y", color="#dddddd")
    ax.legend(fontsize=8)
    ax.set_title(figure.title)
    return fig


def draw_all(briefing: Briefing) -> None:
    """Draw every figure of the briefing (in place)."""
    for _, block in briefing.walk():
        if isinstance(block, Figure) and not block.png:
            block.png = draw(block)
