"""DOCX reader: a Word document (or a web page converted to Word) as the matcher's Document.

Reads ``word/document.xml`` straight from the zip with lxml: body paragraphs and tables in order, each table
row as one row line with its printed cells (``w:gridSpan`` as colspan; a ``w:vMerge`` continuation cell is the
rowspan of the cell above and is not emitted again). The container is checked against zip bombs before anything
is decompressed. Headers, footers, comments and text boxes are not part of the report body and are ignored.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from lxml import etree

from ._textutil import (
    Block,
    Blocks,
    Cell,
    build_document,
    clean,
    join_segments,
    pick_title,
    split_title,
    table_title,
    visible_published,
)
from .document import Document, ReaderError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"

MAX_TOTAL_BYTES = 200 * 1024 * 1024  # uncompressed size of all parts together
MAX_RATIO = 100  # compression ratio of word/document.xml ...
RATIO_MIN_BYTES = 5 * 1024 * 1024  # ... checked once it is big enough to matter
MAX_ENTRIES = 10_000

_P, _TBL, _TR, _TC, _R, _T = W + "p", W + "tbl", W + "tr", W + "tc", W + "r", W + "t"
_SDT, _SDT_CONTENT, _CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
_HYPERLINK = W + "hyperlink"
# Run-level and paragraph-level wrappers whose runs are visible text.
_TRANSPARENT = frozenset(
    W + name
    for name in ("hyperlink", "smartTag", "ins", "fldSimple", "customXml", "sdt", "sdtContent", "moveTo")
)
_BREAKS = frozenset((W + "br", W + "cr"))
_SPACES = frozenset((W + "tab", W + "ptab"))


def read(data: bytes, path: str) -> Document:
    """Read a .docx file into a Document."""
    with _open_zip(data, path) as zf:
        _check_bomb(zf, path)
        xml = _read_part(zf, "word/document.xml", path, required=True)
        core = _read_part(zf, "docProps/core.xml", path, required=False)
        numbering = _read_part(zf, "word/numbering.xml", path, required=False)
        styles = _read_part(zf, "word/styles.xml", path, required=False)
    root = _parse_xml(_transitional(xml or b""), path)
    body = root.find(W + "body")
    if body is None:
        raise ReaderError(path, "Word document without a body")
    walker = _Walker(_Numbering(_part_tree(numbering), _part_tree(styles)))
    walker.container(body)
    items = walker.blocks.items
    doc = build_document(path, "docx", data, items)
    if not items:
        doc.warnings.append("no text in the document body")
    doc.meta.update(_meta(core, items, path))
    return doc


# --- the container --------------------------------------------------------------------------------------------


def _open_zip(data: bytes, path: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ReaderError(path, f"corrupt DOCX (not a readable zip): {exc}") from exc


def _check_bomb(zf: zipfile.ZipFile, path: str) -> None:
    """Refuse archives whose declared sizes would blow up on decompression (zipfile enforces them on read)."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ReaderError(path, f"suspicious DOCX: {len(infos)} zip entries")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise ReaderError(path, f"suspicious DOCX (zip bomb?): {total} bytes uncompressed")
    for info in infos:
        if info.filename == "word/document.xml" and info.file_size > RATIO_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_RATIO:
                raise ReaderError(
                    path, f"suspicious DOCX (zip bomb?): word/document.xml compressed {ratio:.0f}:1"
                )


def _read_part(zf: zipfile.ZipFile, name: str, path: str, required: bool) -> bytes | None:
    try:
        return zf.read(name)
    except KeyError as exc:
        if required:
            raise ReaderError(path, f"not a Word document (no {name})") from exc
        return None
    except Exception as exc:  # BadZipFile (CRC, truncation), zlib.error, EOFError...: a corrupt container
        raise ReaderError(path, f"corrupt DOCX ({name}): {exc}") from exc


_STRICT_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"


def _transitional(xml: bytes) -> bytes:
    """Word's "Strict Open XML" files use another namespace for the same elements; map it to the usual one."""
    if _STRICT_NS in xml[:4096]:
        return xml.replace(_STRICT_NS, W[1:-1].encode())
    return xml


def _parse_xml(xml: bytes, path: str) -> etree._Element:
    # No DTDs, no entity expansion, no network: document.xml needs none of them.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True
    )
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise ReaderError(path, f"corrupt DOCX (word/document.xml is not well-formed XML): {exc}") from exc


# --- the body -------------------------------------------------------------------------------------------------


def _is_vmerge_continuation(tc: etree._Element) -> bool:
    """A cell continuing a vertical merge (``<w:vMerge/>`` or val="continue"), or a legacy hMerge continuation."""
    props = tc.find(W + "tcPr")
    if props is None:
        return False
    for tag in ("vMerge", "hMerge"):
        merge = props.find(W + tag)
        if merge is not None and merge.get(W + "val", "continue") == "continue":
            return True
    return False


def _grid_span(tc: etree._Element) -> int:
    span = tc.find(f"{W}tcPr/{W}gridSpan")
    if span is None:
        return 1
    try:
        return max(1, min(int(span.get(W + "val", "1")), 1000))
    except ValueError:
        return 1


def _hidden_run(run: etree._Element) -> bool:
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(W + "val", "true") not in ("0", "false", "off")


def _unwrap(el: etree._Element, tag: str) -> list[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    out: list[etree._Element] = []
    for child in el:
        if child.tag == tag:
            out.append(child)
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            out.extend(_unwrap(child, tag))
    return out


class _Walker:
    def __init__(self, numbering: _Numbering) -> None:
        self.blocks = Blocks()
        self.numbering = numbering

    def container(self, el: etree._Element) -> None:
        """Paragraphs and tables of a body, a cell or a content control, in order."""
        for child in el:
            tag = child.tag
            if tag == _P:
                self.blocks.para(join_segments(self.paragraph(child)))
            elif tag == _TBL:
                self.table(child)
            elif tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
                self.container(child)

    def table(self, tbl: etree._Element) -> None:
        index = self.blocks.new_table()
        found = tbl.iter(_TBL)
        next(found)  # the table itself
        nested = next(found, None) is not None
        for tr in _unwrap(tbl, _TR):
            cells = _unwrap(tr, _TC)
            if nested and any(next(tc.iter(_TBL), None) is not None for tc in cells):
                # A layout row holding nested tables: flatten its cells into lines in place.
                for tc in cells:
                    if not _is_vmerge_continuation(tc):
                        self.container(tc)
                continue
            row = [
                Cell(self.cell_text(tc), _grid_span(tc)) for tc in cells if not _is_vmerge_continuation(tc)
            ]
            self.blocks.row(row, index)

    def cell_text(self, tc: etree._Element) -> str:
        """The text of a table cell: its paragraphs joined (vertical one-character labels without spaces)."""
        segments: list[str] = []
        for p in tc.iter(_P):
            segments.extend(self.paragraph(p))
        return join_segments(segments)

    def paragraph(self, p: etree._Element) -> list[str]:
        """The visible text of a paragraph, split at manual line breaks, after its list number if any."""
        segments: list[str] = []
        label = self.numbering.label(p)
        buf: list[str] = [label] if label else []
        _collect(p, segments, buf)
        segments.append("".join(buf))
        return segments


def _collect(el: etree._Element, segments: list[str], buf: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == _R:
            if not _hidden_run(child):
                _run(child, segments, buf)
        elif tag in _TRANSPARENT:
            _collect(child, segments, buf)
        # w:del, w:moveFrom (deleted text), mc:AlternateContent (text boxes, drawings), pPr: not visible text


def _run(run: etree._Element, segments: list[str], buf: list[str]) -> None:
    for child in run:
        tag = child.tag
        if tag == _T:
            if child.text:
                buf.append(child.text)
        elif tag in _SPACES:
            buf.append(" ")
        elif tag in _BREAKS:
            if child.get(W + "type") != "page":
                segments.append("".join(buf))
                buf.clear()
        elif tag == W + "noBreakHyphen":
            buf.append("-")


# --- list numbering -------------------------------------------------------------------------------------------
# Word numbers list paragraphs itself ("一、", "（二）", "3."): the label is not in the text runs but is printed.

_ZH_DIGITS = "零一二三四五六七八九"
_ZH_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"))
_ROMAN_SMALL = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _chinese(n: int, digits: str = _ZH_DIGITS, ten: str = "十") -> str:
    if not 0 < n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ten if tens == 1 else digits[tens] + ten
    return head + (digits[units] if units else "")


def _roman(n: int) -> str:
    out = []
    for value, glyph in _ROMAN + _ROMAN_SMALL:
        while n >= value:
            out.append(glyph)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (w:numFmt)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return _chinese(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_ZH_DIGITS[int(d)] for d in str(n))
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return _chinese(n, _ZH_LEGAL, "拾")
    if fmt == "ideographTraditional" and 0 < n <= 10:
        return _HEAVENLY_STEMS[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 0 < n <= 20:
        return _CIRCLED[n - 1]
    if fmt.startswith("decimalFullWidth"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and n > 0:
        return _roman(n) if fmt == "lowerRoman" else _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """Numbering definitions (word/numbering.xml, styles linked to lists) and the running counters."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.levels: dict[
            str, dict[int, tuple[str, str, int]]
        ] = {}  # abstractNumId -> ilvl -> fmt, text, start
        self.nums: dict[str, str] = {}  # numId -> abstractNumId
        self.style_num: dict[str, tuple[str, int]] = {}  # paragraph styleId -> numId, ilvl
        self.counters: dict[str, list[int]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None and self.nums:
            self._read_styles(styles)

    def _read_numbering(self, root: etree._Element) -> None:
        for abstract in root.iter(W + "abstractNum"):
            levels = self.levels.setdefault(abstract.get(W + "abstractNumId", ""), {})
            for lvl in abstract.iter(W + "lvl"):
                fmt, text, start = (
                    _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "",
                    _val(lvl, "start"),
                )
                levels[_int(lvl.get(W + "ilvl"))] = (fmt, text, _int(start, 1))
        for num in root.iter(W + "num"):
            abstract_id = _val(num, "abstractNumId")
            if abstract_id is not None:
                self.nums[num.get(W + "numId", "")] = abstract_id

    def _read_styles(self, root: etree._Element) -> None:
        for style in root.iter(W + "style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            num_id = _val(num_pr, "numId") if num_pr is not None else None
            if num_id is not None:
                self.style_num[style.get(W + "styleId", "")] = (num_id, _int(_val(num_pr, "ilvl")))

    def label(self, p: etree._Element) -> str:
        """The printed list label of paragraph ``p`` ("" when it is not numbered); advances the counters."""
        if not self.nums:
            return ""
        ppr = p.find(W + "pPr")
        if ppr is None:
            return ""
        num_id, ilvl = self._num_of(ppr)
        if num_id is None or num_id not in self.nums:
            return ""
        levels = self.levels.get(self.nums[num_id], {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 10)
        ilvl = min(ilvl, 9)
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = 0
        if fmt in ("bullet", "none") or not text:
            return ""
        label = text
        for level in range(ilvl + 1):
            lfmt, _, lstart = levels.get(level, ("decimal", "", 1))
            label = label.replace(f"%{level + 1}", format_number(counters[level] or lstart, lfmt))
        return label

    def _num_of(self, ppr: etree._Element) -> tuple[str | None, int]:
        num_pr = ppr.find(W + "numPr")
        if num_pr is not None:
            num_id = _val(num_pr, "numId")
            if num_id is not None:
                return (None if num_id == "0" else num_id), _int(_val(num_pr, "ilvl"))
        style = _val(ppr, "pStyle")
        if style and style in self.style_num:
            return self.style_num[style]
        return None, 0


def _val(el: etree._Element, child: str) -> str | None:
    found = el.find(W + child)
    return None if found is None else found.get(W + "val")


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _part_tree(xml: bytes | None) -> etree._Element | None:
    """An optional part (numbering, styles), parsed; a damaged one is ignored."""
    if not xml:
        return None
    try:
        return etree.fromstring(_transitional(xml), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None


# --- metadata -------------------------------------------------------------------------------------------------


def _meta(core: bytes | None, items: list[Block], path: str) -> dict[str, str]:
    out: dict[str, str] = {}
    core_title = None
    if core:
        try:
            el = etree.fromstring(core, etree.XMLParser(resolve_entities=False, no_network=True)).find(
                _DC_TITLE
            )
            core_title = split_title(clean(el.text or "")) if el is not None else None
        except etree.XMLSyntaxError:
            pass  # damaged core properties only cost the title
    title = pick_title([core_title, table_title(items), _first_title_line(items)])
    if title:
        out["title"] = title
    published = visible_published(items)
    if published:
        out["published"] = published
    return out


def _first_title_line(items: list[Block]) -> str | None:
    """A report title printed as a paragraph near the top (…工作年度报告)."""
    for block in items[:40]:
        if block.cells is None and block.text.endswith("报告") and len(block.text) <= 60:
            return block.text
    return None
