"""Debug aid: show the vectors the matcher builds for a generated report or a file."""
import sys

from xxgk.matcher.regions import find_regions
from xxgk.matcher.tokens import tokenize
from xxgk.matcher.vectors import build_vectors
from xxgk.readers import read_document

if sys.argv[1].isdigit():
    from xxgk.render.flatten import flatten
    from xxgk.synth import SynthOptions, generate
    data = flatten(generate(int(sys.argv[1]), SynthOptions(blank_rate=float(sys.argv[3]))), sys.argv[2]).encode()
    path = "g.md" if sys.argv[2] == "markdown" else "g.txt"
else:
    path = sys.argv[1]
    with open(path, "rb") as fh:
        data = fh.read()
doc = read_document(data, path)
toks = tokenize(doc)
regions = find_regions(toks)
print(regions)
vs = build_vectors(toks)
for v in vs:
    if regions.applications[0] <= v.first < regions.applications[1]:
        print(v.first, v.attached.text if v.attached else "-", [("B" if c.blank else c.text) + ("w" if c.weak else "") for c in v.cells])
