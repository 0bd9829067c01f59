"""``xxgk debug``: a PNG of the page with what the reader found."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from xxgk.readers.pdf import analyze
from xxgk.readers.pdf_debug import draw_page, page_with_tables

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "001_huaian-hongze-2023.pdf"
pytestmark = pytest.mark.skipif(not DEV.exists(), reason="shared corpus not available")


def test_default_page_is_the_one_with_table_three() -> None:
    assert page_with_tables(analyze(DEV.read_bytes(), str(DEV))) == 3


def test_draw_page_size() -> None:
    img = draw_page(DEV.read_bytes(), str(DEV), page=4, scale=1.0)
    assert img.size == (595, 842)


def test_debug_command_writes_png(tmp_path: Path) -> None:
    from PIL import Image

    from xxgk.commands.debug import debug_cmd

    out = tmp_path / "p3.png"
    res = CliRunner().invoke(debug_cmd, [str(DEV), "--page", "3", "-o", str(out)])
    assert res.exit_code == 0, res.output
    with Image.open(out) as img:
        assert img.format == "PNG" and img.size == (1190, 1684)  # A4 at the default 2 px/pt
        # something was drawn: the table cells tint the page blue
        small = img.convert("RGB").resize((60, 85))
        pixels = [small.getpixel((x, y)) for x in range(60) for y in range(85)]
        assert any(p[2] > p[0] + 10 for p in pixels)  # type: ignore[index]


def test_debug_command_bad_page(tmp_path: Path) -> None:
    from xxgk.commands.debug import debug_cmd

    res = CliRunner().invoke(
        debug_cmd, [str(DEV), "--page", "99", "-o", str(tmp_path / "x.png"), "--no-match"]
    )
    assert res.exit_code != 0 and "page 99" in res.output
