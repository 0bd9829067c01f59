"""Debug aid: parse a generated report written in a flattening and print the cells that differ."""
import sys

from xxgk.parse import parse_text
from xxgk.render.flatten import flatten
from xxgk.synth import SynthOptions, generate

seed, style = int(sys.argv[1]), sys.argv[2]
opts = dict(a.split("=") for a in sys.argv[3:])
conv = {"blank_rate": float, "other_single_row": lambda v: v == "True", "scale": float,
        "chinese_numerals": lambda v: v == "True"}
o = SynthOptions(**{k: conv.get(k, str)(v) for k, v in opts.items()})
r = generate(seed, o)
text = flatten(r, style)
p = parse_text(text, "g.md" if style == "markdown" else "g.txt")
want, got = r.to_json(False), p.to_json(False)
for k in ("agency", "year", "template", "published_on"):
    if want.get(k) != got.get(k):
        print(k, want.get(k), got.get(k))
cells_w = {f"{t}.{rk}[{i}]": c.value for t, rk, i, c in r.cells()}
cells_g = {f"{t}.{rk}[{i}]": c.value for t, rk, i, c in p.cells()}
for k in sorted(set(cells_w) | set(cells_g)):
    if cells_w.get(k, "<absent>") != cells_g.get(k, "<absent>"):
        print(k, cells_w.get(k, "<absent>"), cells_g.get(k, "<absent>"))
if "-v" in sys.argv or (len(sys.argv) > 2 and "show" in opts):
    print(text)
