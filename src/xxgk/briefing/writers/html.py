"""The briefing as one self-contained HTML page (Jinja2): every number a link into the web app
(``/reports/{id}#cell-…``, or the list / statistics behind an aggregate) carrying its value and source as
data attributes; charts drawn by ECharts when the web app's vendored copy is present (inlined), else the
matplotlib PNGs (inlined as data URLs)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..appendix import describe
from ..model import RATE, Briefing, Figure, Inline, Link, Number, Paragraph, Table

HERE = Path(__file__).resolve().parent
VENDOR = HERE.parents[1] / "web" / "static" / "vendor"


def echarts_script() -> str | None:
    """The vendored ECharts (the web app's static/vendor), or None when it is not there."""
    for path in sorted(VENDOR.glob("echarts*.js")):
        if path.stat().st_size:
            # inlined in a <script>: a closing tag inside its strings would end the element early
            return path.read_text(encoding="utf-8").replace("</script", "<\\/script")
    return None


def number_html(n: Number, base_url: str, seen: set[str] | None = None, bare: bool = False) -> Markup:
    """The number as a link carrying its value and source; the id (N1 …) only on its first appearance."""
    link = n.source.link()
    first = seen is None or n.id not in seen
    if seen is not None:
        seen.add(n.id)
    ident = f' id="{escape(n.id)}"' if first and n.id else ""
    attrs = (f' class="n"{ident} data-id="{escape(n.id)}" data-value="{escape(json.dumps(n.plain(), ensure_ascii=False))}"'
             f' data-unit="{escape(n.unit)}" data-source="{escape(json.dumps(n.source.to_json(), ensure_ascii=False))}"'
             f' title="{escape(describe(n.source))}"')
    if link:
        return Markup(f'<a{attrs} href="{escape(base_url + link)}">{escape(n.bare if bare else n.text)}</a>')
    return Markup(f"<span{attrs}>{escape(n.bare if bare else n.text)}</span>")


def inline_html(item: Inline | list[Inline], base_url: str, seen: set[str] | None = None) -> Markup:
    if isinstance(item, list):
        return Markup("").join(inline_html(x, base_url, seen) for x in item)
    if isinstance(item, Number):
        return number_html(item, base_url, seen)
    if isinstance(item, Link):
        return Markup(f'<a href="{escape(base_url + item.href)}">{escape(item.text)}</a>')
    return escape(item)


def _option(figure: Figure) -> dict[str, Any]:
    """An ECharts option: grouped bars (a range chart shows this and last year's medians)."""
    scale = 100.0 if figure.unit == RATE else 1.0
    series = figure.series if figure.kind == "bar" else [figure.series[0], figure.series[3]]
    return {
        "title": {"text": figure.title, "textStyle": {"fontSize": 13}},
        "tooltip": {"trigger": "axis"}, "legend": {"top": 24},
        "grid": {"left": 8, "right": 16, "top": 56, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "name": "%" if figure.unit == RATE else ""},
        "yAxis": {"type": "category", "data": figure.categories, "inverse": True},
        "series": [{"type": "bar", "name": s.name,
                    "data": [None if v is None or v.value is None else round(float(v.value) * scale, 4)
                             for v in s.values]} for s in series],
    }


def render_html(briefing: Briefing, *, base_url: str = "") -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(HERE.parent / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    base = base_url.rstrip("/")
    seen: set[str] = set()
    env.filters["inline"] = lambda item: inline_html(item, base, seen)
    env.filters["cell"] = lambda item: (number_html(item, base, seen, bare=True) if isinstance(item, Number)
                                        else inline_html(item, base, seen))
    env.filters["png"] = lambda data: "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    env.tests["paragraph"] = lambda b: isinstance(b, Paragraph)
    env.tests["table"] = lambda b: isinstance(b, Table)
    env.tests["figure"] = lambda b: isinstance(b, Figure)
    env.filters["option"] = lambda figure: json.dumps(_option(figure), ensure_ascii=False)
    script = echarts_script()
    return env.get_template("briefing.html").render(b=briefing, echarts=Markup(script) if script else None)
