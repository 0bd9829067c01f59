"""HTML reader: a web page (or a saved MHT page) as the matcher's Document.

Whole pages as government sites publish them: the report sits among site navigation, search forms, scripts and
footers. Scripts, styles and hidden elements are dropped; navigation is dropped by link density (a block whose
text is mostly links), decided bottom-up so that a wrapper holding both the menu and the report survives once
the menu inside it is gone. Tables become one row line per ``<tr>``, cells as printed (no rowspan expansion).
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from email.message import Message

from lxml import etree

from ._textutil import (
    Block,
    Blocks,
    Cell,
    build_document,
    clean,
    iso_date,
    join_segments,
    pick_title,
    split_title,
    table_title,
    visible_published,
)
from .detect import control_bytes
from .document import Document, ReaderError


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Elements whose content is never visible text.
_SKIP = _words(
    "script style noscript template head title iframe object embed svg canvas select option button input "
    "textarea map audio video meta link base frame frameset applet xml"
)
# Elements that start and end a line of text.
_BLOCK = _words(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr td th table section article header footer nav aside "
    "blockquote pre address center form fieldset figure figcaption hr main caption body html legend details "
    "summary tbody thead tfoot"
)
# Blocks judged as a whole for link density (navigation menus, link lists, breadcrumb bars).
_CONTAINERS = _words("div ul ol dl nav section header footer aside table center form menu td th")
# Elements the walk must not take the leaf shortcut for.
_NOT_LEAF = _CONTAINERS | {"h1", "pre"}
_LINK_DENSITY = 0.5  # share of a block's text inside <a href> above which it is navigation, not content
_LAYOUT_CELL_CHARS = 200  # a lone cell holding this much block content is page layout, not a data cell
_MAX_DEPTH = 200  # element levels walked recursively (about 3 Python frames each)

_META_DATE_NAMES = _words(
    "pubdate publishdate publishtime publish_time firstpublishedtime published published_time "
    "article:published_time dc.date dc.date.issued dcterms.issued dcterms.created releasedate "
    "createdate"
)
_META_TITLE_NAMES = ("articletitle", "og:title", "dc.title")

_CHARSET_META = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_WESTERN = frozenset({"iso8859-1", "cp1252", "ascii", "iso8859-15", "latin-1"})
_STRAY_BYTES = 16  # undecodable sequences tolerated in a page that is otherwise UTF-8
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_GB_ALIASES = frozenset(
    {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "ms936", "euc-cn", "x-euc-cn", "gb18030"}
)


def read(data: bytes, path: str) -> Document:
    """Read an HTML page (or an MHT web archive) into a Document."""
    container = None
    hint = None
    if _is_mime(data):
        data_html, hint = _mht_html(data, path)
        container = "mht"
    else:
        data_html = data
    if _binary(data_html):
        raise ReaderError(path, "binary data, not an HTML page")
    text, encoding = decode(data_html, hint)
    root = _parse(text, path)
    head = _head_meta(root)
    _prune(root)
    walker = _Walker()
    walker.walk(root)
    items = walker.items
    doc = build_document(path, "html", data, items)
    if not items:
        doc.warnings.append("no visible text in the page")
    doc.meta.update(_page_meta(head, walker, items))
    doc.meta["encoding"] = encoding
    if container:
        doc.meta["container"] = container
    return doc


# --- decoding -------------------------------------------------------------------------------------------------


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares (``<meta charset>``, http-equiv content type, XML declaration)."""
    m = _CHARSET_META.search(data[:16384])
    if not m:
        m = re.match(rb"""\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", data[:200])
    return _codec(m.group(1).decode("ascii", "replace")) if m else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    if name in _GB_ALIASES:
        return "gb18030"  # a superset: pages declared GB2312 routinely use GBK/GB18030 characters
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, hint: str | None = None) -> tuple[str, str]:
    """Decode page bytes: BOM, then UTF-8 if the bytes are valid UTF-8, then the declared charset, then GB18030.

    Valid UTF-8 goes first because a page that decodes as UTF-8 almost never is GBK, while UTF-8 bytes often
    decode "successfully" as GB18030 into mojibake, so a wrong GB2312 declaration must not win. A UTF-8 page
    with a few stray bytes stays UTF-8; a Western single-byte declaration (latin-1 decodes anything) only wins
    when the bytes are not valid GB18030.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _codec(hint) or declared_charset(data)
    if declared in (None, "utf-8"):
        text = data.decode("utf-8", "replace")
        bad = text.count("\ufffd")
        if bad <= _STRAY_BYTES or bad * 1000 < len(text):
            return text, "utf-8"
    candidates = ["gb18030", declared] if declared in _WESTERN else [declared, "gb18030"]
    for enc in candidates:
        if enc and enc != "utf-8":
            try:
                return data.decode(enc), enc
            except (UnicodeDecodeError, LookupError):
                continue
    return data.decode("gb18030", "replace"), "gb18030"


def _binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the head: not a text page (UTF-16 pages carry a BOM)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    head = data[:4096]
    if not head.strip():
        return False
    return b"\x00" in head or control_bytes(head) > len(head) * 0.05


# --- MHT ------------------------------------------------------------------------------------------------------


def _is_mime(data: bytes) -> bool:
    head = data[:8192].lower()
    return b"mime-version:" in head[:2048] and b"multipart/" in head


def _mht_html(data: bytes, path: str) -> tuple[bytes, str | None]:
    """The (first) text/html part of an MHT archive, transfer-decoded, with its declared charset."""
    msg: Message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return payload, part.get_content_charset()
    raise ReaderError(path, "MHT archive without an HTML part")


# --- parsing --------------------------------------------------------------------------------------------------


def _parse(text: str, path: str) -> etree._Element:
    text = _XML_DECL.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        raise ReaderError(path, "empty HTML document")
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(text, parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReaderError(path, f"unparseable HTML: {exc}") from exc
    if root is None:
        raise ReaderError(path, "unparseable HTML: no document element")
    return root


def _prune(root: etree._Element) -> None:
    """Drop never-visible elements (scripts, styles, form controls) in C before the Python walk."""
    etree.strip_elements(root, *_SKIP, with_tail=False)


def _hidden_style(style: str) -> bool:
    s = style.replace(" ", "").lower()
    return "display:none" in s or "visibility:hidden" in s


def _visible(el: etree._Element) -> bool:
    """False for an element hidden by an inline display:none / visibility:hidden or the ``hidden`` attribute."""
    style = el.get("style")
    suspicious = style and ("none" in style or "idden" in style or "NONE" in style or "IDDEN" in style)
    if suspicious and _hidden_style(style):
        return False
    return el.get("hidden") is None


def _colspan(el: etree._Element) -> int:
    raw = el.get("colspan")
    if not raw:
        return 1
    digits = re.match(r"\s*(\d+)", raw)
    return max(1, min(int(digits.group(1)), 1000)) if digits else 1


class _Walker:
    """Collects paragraphs and table rows in reading order, tracking how much text sits inside links.

    Runs after :func:`_prune`: scripts and styles are gone, comments were never parsed. The walk is the hot
    loop of the reader, so leaf inline elements are handled without a recursive call.
    """

    def __init__(self) -> None:
        self.blocks = Blocks()
        self.items = self.blocks.items
        self.buf: list[str] = []
        self.chars = 0  # visible characters kept so far (counted per finished line)
        self.link_chars = 0  # of which inside <a>
        self.h1: str | None = None

    def flush(self) -> None:
        if self.buf:
            text = clean("".join(self.buf))
            self.buf = []
            if text:
                self.items.append(Block(text=text))
                self.chars += len(text)

    def walk(self, el: etree._Element, in_link: bool = False, depth: int = 0) -> None:
        """Walk a visible element (the caller checked visibility)."""
        tag = el.tag
        if tag in _CONTAINERS:
            self._container(el, tag, in_link, depth)
        elif tag == "pre":
            self._pre(el)
        else:
            self._inner(el, tag, in_link, depth)

    def _inner(self, el: etree._Element, tag: str, in_link: bool, depth: int) -> None:
        block = tag in _BLOCK
        buf = self.buf
        if block and buf:
            self.flush()
            buf = self.buf
        in_link = in_link or (tag == "a" and el.get("href") is not None)
        start = len(self.items)
        text = el.text
        if text:
            buf.append(text)
            if in_link:
                self.link_chars += len(text.strip())
        for child in el:
            ctag = child.tag
            if isinstance(ctag, str) and _visible(child):
                if ctag == "br":
                    self.flush()
                elif len(child) == 0 and ctag not in _NOT_LEAF:
                    # A leaf: <span>text</span>, <a>link</a>, <p>text</p>, handled without recursion.
                    ctext = child.text
                    leaf_block = ctag in _BLOCK
                    if leaf_block:
                        self.flush()
                    if ctext:
                        self.buf.append(ctext)
                        if in_link or (ctag == "a" and child.get("href") is not None):
                            self.link_chars += len(ctext.strip())
                    if leaf_block:
                        self.flush()
                elif depth < _MAX_DEPTH:
                    self.walk(child, in_link, depth + 1)
                else:  # pathological nesting: keep the text, lose the structure
                    self.buf.append(" ".join(child.itertext()))
            tail = child.tail
            if tail:
                self.buf.append(tail)
                if in_link:
                    self.link_chars += len(tail.strip())
        if block and self.buf:
            self.flush()
        if tag == "h1" and self.h1 is None and len(self.items) > start:
            self.h1 = self.items[start].text

    def _pre(self, el: etree._Element) -> None:
        """Preformatted text keeps its line breaks: one line per source line."""
        self.flush()
        for line in "".join(el.itertext()).splitlines():
            text = clean(line)
            if text:
                self.items.append(Block(text=text))
                self.chars += len(text)

    def _container(self, el: etree._Element, tag: str, in_link: bool, depth: int) -> None:
        """Walk a block and drop what it produced when its text is mostly links (navigation)."""
        self.flush()
        mark, chars0, links0 = len(self.items), self.chars, self.link_chars
        if tag == "table":
            self._table(el, in_link, depth)
        else:
            self._inner(el, tag, in_link, depth)
        self.flush()
        chars, links = self.chars - chars0, self.link_chars - links0
        if chars and links > chars * _LINK_DENSITY:
            del self.items[mark:]
            self.chars, self.link_chars = chars0, links0

    # tables
    def _table(self, table: etree._Element, in_link: bool, depth: int) -> None:
        index = self.blocks.new_table()
        found = table.iter("table")
        next(found)  # the table itself
        nested = next(found, None) is not None
        for child in table:
            tag = child.tag
            if tag == "tr":
                self._row(child, index, in_link, depth, nested)
            elif tag in ("tbody", "thead", "tfoot"):
                for tr in child:
                    if tr.tag == "tr":
                        self._row(tr, index, in_link, depth, nested)
            elif tag == "caption":
                self.walk(child, in_link, depth + 1)

    def _row(self, tr: etree._Element, index: int, in_link: bool, depth: int, nested: bool) -> None:
        if not _visible(tr):
            return
        cells = [c for c in tr if c.tag == "td" or c.tag == "th"]
        if not cells:
            return
        if (nested or len(cells) <= 2) and _is_layout_row(cells):
            # A page-layout row (nested tables, a whole article in a cell): its cells are containers.
            for cell in cells:
                if _visible(cell):
                    self.walk(cell, in_link, depth + 1)
            return
        row = [self._cell(c, in_link) for c in cells]
        self.items.append(Block(cells=row, table=index))
        self.chars += sum(len(c.text) for c in row)

    def _cell(self, cell: etree._Element, in_link: bool) -> Cell:
        only = cell[0] if len(cell) == 1 else None
        if (
            only is not None
            and only.tag == "p"
            and len(only) == 0
            and _blank(cell.text)
            and _blank(only.tail)
            and not in_link
        ):
            text = clean(only.text or "")  # the common <td><p>text</p></td>, without the walk
        else:
            segments: list[str] = []
            buf: list[str] = []
            self._cell_text(cell, in_link, segments, buf)
            if buf:
                _end_segment(segments, buf)
            text = join_segments(segments) if len(segments) > 1 else clean(segments[0]) if segments else ""
        if in_link:
            self.link_chars += len(text)
        raw = cell.get("colspan")
        return Cell(text, _colspan(cell) if raw and raw != "1" else 1)

    def _cell_text(self, el: etree._Element, in_link: bool, segments: list[str], buf: list[str]) -> None:
        # Hidden markup inside a data cell is too rare to pay for the visibility check here.
        text = el.text
        if text:
            buf.append(text)
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                if tag == "br":
                    _end_segment(segments, buf)
                elif tag in _BLOCK:
                    _end_segment(segments, buf)
                    self._cell_text(child, in_link, segments, buf)
                    _end_segment(segments, buf)
                elif len(child) == 0:
                    ctext = child.text
                    if ctext:
                        buf.append(ctext)
                        if tag == "a" and not in_link and child.get("href") is not None:
                            self.link_chars += len(ctext.strip())
                else:
                    link = tag == "a" and child.get("href") is not None
                    if link and not in_link:
                        self.link_chars += sum(len(t.strip()) for t in child.itertext())
                    self._cell_text(child, in_link or link, segments, buf)
            tail = child.tail
            if tail:
                buf.append(tail)


def _blank(text: str | None) -> bool:
    return not text or text.isspace()


def _end_segment(segments: list[str], buf: list[str]) -> None:
    """Close the current paragraph of a cell (whitespace-only text between paragraphs is no paragraph)."""
    if buf:
        seg = buf[0] if len(buf) == 1 else "".join(buf)
        buf.clear()
        if not seg.isspace():
            segments.append(seg)


def _is_layout_row(cells: list[etree._Element]) -> bool:
    for cell in cells:
        if next(cell.iter("table"), None) is not None:
            return True
    if len(cells) <= 2:
        for cell in cells:
            has_blocks = next(cell.iter("p", "div", "br"), None) is not None
            if has_blocks and sum(len(t.strip()) for t in cell.itertext()) > _LAYOUT_CELL_CHARS:
                return True
    return False


# --- metadata -------------------------------------------------------------------------------------------------


def _head_meta(root: etree._Element) -> dict[str, str]:
    """Title and publication date from ``<meta>`` and ``<title>`` (read before pruning drops them)."""
    out: dict[str, str] = {}
    for el in root.iter("meta", "title"):
        if el.tag == "title":
            if "page_title" not in out:
                title = _title_text(el)
                if title:
                    out["page_title"] = title
            continue
        name = el.get("name") or el.get("property")
        content = el.get("content")
        if not name or not content:
            continue
        name = name.strip().lower()
        if name in _META_TITLE_NAMES and "meta_title" not in out and clean(content):
            out["meta_title"] = clean(content)
        elif name in _META_DATE_NAMES and "published" not in out:
            date = iso_date(content)
            if date:
                out["published"] = date
    return out


def _page_meta(head: dict[str, str], walker: _Walker, items: list[Block]) -> dict[str, str]:
    out: dict[str, str] = {}
    title = pick_title([head.get("meta_title"), walker.h1, table_title(items), head.get("page_title")])
    if title:
        out["title"] = title
    published = head.get("published") or visible_published(items)
    if published:
        out["published"] = published
    return out


def _title_text(el: etree._Element) -> str | None:
    return split_title("".join(el.itertext()))
