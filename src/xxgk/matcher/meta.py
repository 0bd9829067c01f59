"""Report metadata from the text: title, issuing agency, reporting year, publication date."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..numerals import chinese_to_int, digits_to_int
from ..readers.document import Document

TITLE_TAIL = re.compile(r"(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:(?:19|20)\d{2}年度?)?(?:年度)?(?:报告|年报)")
YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2}|二[〇○零Ｏ][一二三四五六七八九〇○零Ｏ]{2})\s*年\s*度?")
# Words that introduce the agency in a sentence ("现向社会公布XX局2024年…报告").
LEAD_INS = ("现向社会公布", "向社会公布", "现予公布", "公布", "发布", "印发", "编制", "标题")
# Well-known abbreviations of agency names (科委 = 科学技术委员会); applied at the end of a name only.
ABBREVIATIONS = {
    "科委": "科学技术委员会",
    "发改委": "发展和改革委员会",
    "卫健委": "卫生健康委员会",
    "经信委": "经济和信息化委员会",
    "住建委": "住房和城乡建设委员会",
    "教委": "教育委员会",
    "商委": "商务委员会",
    "交委": "交通委员会",
    "民宗委": "民族宗教事务委员会",
}
ORG_SUFFIX = re.compile(r"(?:局|委员会|中心|政府|办公室|办|厅|部|院|所|处|站|队|委|会|馆|署|社|公司|集团|大学|学院|分局)$")
PLACE_BEFORE = re.compile(r"(?:^|(?<=[由于在是的，,。、\s]))([\u4e00-\u9fff]{2,3}(?:省|市|自治州|州|盟))$", re.M)
LEADING_NAME = re.compile(r"\s*([\u4e00-\u9fff]{2,24})")
# A sentence that names the agency: "本报告由X根据《条例》…编制", "现将X2023年度…报告如下". The lead words before
# the name and the verb after it are not part of it.
SENTENCE_LEAD = re.compile(r"^(?:本(?:年度)?(?:报告|年报)(?:由|是|系)|现将|现由|由|根据|按照|依据)")
SENTENCE_STOP = re.compile(r"(?:根据|按照|依据|依照|结合|编制|制作|发布|公布|关于)")
SENTENCE_AGENCY = re.compile(
    r"(?:本(?:年度)?(?:报告|年报)(?:由|是|系)|现将)([\u4e00-\u9fff（）()]{4,30}?)"
    r"(?:根据|按照|依据|依照|结合|编制|(?:19|20)\d{2}\s*年)"
)
# The page's publication date: 发布时间/发布日期/发文日期/公开日期, or a bare 时间：/日期： of the page's metadata
# ("来源：…时间：2024-03-08"). The statistics period (统计时间), the capture, crawl, save, print and update times of
# saved copies, and the 成文日期 (the signing date) are not publication dates.
PUBLISHED = re.compile(
    r"(?:(?:发布|公开|发文|印发)(?:时间|日期)\s*[:：]?|(?<![计集取存成问新改印文])(?:时间|日期)\s*[:：])"
    r"\s*((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})",
)
DATE_CN = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_CN_NUMERALS = re.compile(r"([〇○零一二三四五六七八九Ｏ]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
TITLE_FIELD = re.compile(r"^标题\s*[:：]\s*(.+)$")
PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")


@dataclass
class Meta:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    published_on: str | None = None  # the page's publication date, else the signature date
    signed_on: str | None = None  # the 落款 (signature) date at the end of the report


def extract_meta(doc: Document) -> Meta:
    # Title and dates sit at the head and the tail; NFKC folds Kangxi radicals and full-width digits there.
    raw = doc.text if len(doc.text) <= 12000 else doc.text[:10000] + "\n" + doc.text[-2000:]
    text = nfkc(raw)
    meta = Meta()
    title, agency, year = _title(doc, text)
    meta.title, meta.agency, meta.year = title, agency, year
    if meta.year is None:
        m = PERIOD.search(text[:6000])
        if m:
            meta.year = int(m.group(1))
    if meta.agency:
        meta.agency = _expand_agency(meta.agency, text)
    else:
        meta.agency = _sentence_agency(text)
    meta.signed_on = _signature_line(doc.text, meta.year) or _signed(text, meta.year)
    meta.published_on = _page_published(doc, text, meta.year) or meta.signed_on
    return meta


# The characters of Chinese text that NFKC changes most often (full-width forms, ideographic space, ellipsis),
# replaced ahead by their NFKC form; a full normalisation runs only when something else remains to fold.
_COMMON_FOLDS = {chr(cp): unicodedata.normalize("NFKC", chr(cp)) for cp in (*range(0xFF01, 0xFF5F), 0x3000, 0x2026, 0xA0)}
_COMMON_FOLDABLE = re.compile("[\uff01-\uff5e\u3000\u2026\xa0]")


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, five times faster on ordinary report text."""
    mapped = _COMMON_FOLDABLE.sub(lambda m: _COMMON_FOLDS[m.group()], text)
    return mapped if unicodedata.is_normalized("NFKC", mapped) else unicodedata.normalize("NFKC", mapped)


def _flat(text: str) -> str:
    """``text`` without whitespace (what ``re.sub(r"\\s+", "", text)`` gives)."""
    return "".join(text.split())


def _candidate_titles(doc: Document, text: str) -> list[str]:
    out: list[str] = []
    if doc.meta.get("title"):
        out.append(str(doc.meta["title"]))
    lines = [ln.strip().lstrip("#").strip() for ln in text[:5000].split("\n")]
    nonempty = [ln for ln in lines if ln][:60]
    for ln in nonempty:
        m = TITLE_FIELD.match(ln) if ln.startswith("标题") else None
        if m:
            out.append(m.group(1))
    # (TITLE_TAIL ends in 报告/年报: a line without 报 cannot hold it, alone or joined to the next)
    for k, ln in enumerate(nonempty[:40]):
        if "报" in ln and TITLE_TAIL.search(_flat(ln)):
            out.append(ln)
            if k > 0:
                out.append(nonempty[k - 1] + ln)
        elif k + 1 < len(nonempty) and "报" in nonempty[k + 1] + ln and TITLE_TAIL.search(_flat(ln + nonempty[k + 1])):
            out.append(ln + nonempty[k + 1])
    return out


def _title(doc: Document, text: str) -> tuple[str | None, str | None, int | None]:
    for cand in _candidate_titles(doc, text):
        flat = re.sub(r"\s+", "", cand)
        tail = TITLE_TAIL.search(flat)
        if not tail:
            continue
        head = flat[: tail.start()]
        years = list(YEAR_IN_TITLE.finditer(head))
        if years:
            ym = years[-1]  # the year nearest the title words
            before, after = head[: ym.start()], head[ym.end() :]
        else:  # "…政府信息公开工作2023年度报告": the year inside the title words
            inner = YEAR_IN_TITLE.search(flat, tail.start(), tail.end())
            if inner is None:
                continue
            ym, before, after = inner, head, ""
        agency = _clean_agency(after) or _clean_agency(before)
        if agency is None:
            continue
        year_text = ym.group(1)
        year = int(year_text) if year_text.isdigit() else digits_to_int(year_text)
        return flat[: tail.end()], agency, year
    return None, None, None


def _clean_agency(s: str) -> str | None:
    s = s.strip("“”\"《》:：，,。 ")
    # the trailing run of name characters, after any lead-in phrase
    m = re.search(r"[\u4e00-\u9fff（）()A-Za-z0-9·]+$", s)
    if not m:
        return None
    name = m.group(0)
    for lead in LEAD_INS:
        k = name.rfind(lead)
        if k >= 0:
            name = name[k + len(lead) :]
    name = re.sub(r"^(?:关于|本|我)", "", name)
    name = re.sub(r"(?:关于|的)$", "", name)
    if len(name) < 2:
        return None
    return name


def _expand_agency(name: str, text: str) -> str:
    """The name as printed in full: abbreviations expanded, a body-text full name preferred to a short title."""
    for short, full in ABBREVIATIONS.items():
        if name.endswith(short) and not name.endswith(full):
            name = name[: -len(short)] + full
            break
    body = text[:6000]
    # A place prefix printed right before the name in the body ("由淮安市洪泽区人民政府办公室").
    at = body.find(name)
    while at >= 0:
        m = PLACE_BEFORE.search(body, max(0, at - 8), at)
        if m and not name.startswith(m.group(1)):
            return m.group(1) + name
        at = body.find(name, at + 1)
    # A short title name ("应急中心") whose full form starts a paragraph of the body.
    best = name
    for line in body.split("\n")[:80]:
        if name[-1] not in line or ("报" in line and TITLE_TAIL.search(_flat(line))):
            continue  # (the title itself is where the short name came from)
        cand_m = LEADING_NAME.match(line)
        cand = _name_in_sentence(cand_m.group(1)) if cand_m else ""
        if len(cand) <= len(name):
            continue
        for cut in range(len(cand), len(name), -1):
            piece = cand[:cut]
            if piece.endswith(name[-2:]) and ORG_SUFFIX.search(piece) and _subsequence(name, piece) and len(piece) > len(best):
                best = piece
                break
    return best


def _name_in_sentence(words: str) -> str:
    """The agency name at the start of a sentence, without its lead words and what follows the name."""
    while (lead := SENTENCE_LEAD.match(words)) is not None and lead.end() < len(words):
        words = words[lead.end() :]
    stop = SENTENCE_STOP.search(words)
    return words[: stop.start()] if stop else words


def _sentence_agency(text: str) -> str | None:
    """The agency named by the preamble sentence, when no title names it."""
    for m in SENTENCE_AGENCY.finditer(re.sub(r"\s+", "", text[:3000])):
        name = _name_in_sentence(m.group(1))
        if ORG_SUFFIX.search(name):
            return name
    return None


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _iso(y: int, m: int, d: int) -> str | None:
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


DATE_LINE = re.compile(r"^[ \t\u3000\xa0]*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[ \t\u3000\xa0]*$", re.M)


def _signature_line(text: str, year: int | None) -> str | None:
    """The 落款 date: the last line that is only a date, after the reporting year (site footers may follow)."""
    found = None
    for m in DATE_LINE.finditer(text):
        y = int(m.group(1))
        if year is None or y > year:
            found = _iso(y, int(m.group(2)), int(m.group(3))) or found
    return found


def _signed(text: str, year: int | None) -> str | None:
    """The signature date closing the report (a date after the reporting year among its last lines)."""
    tail_lines = [ln.strip() for ln in text.rstrip().split("\n")[-8:] if ln.strip()]
    for ln in reversed(tail_lines[-4:]):
        m = DATE_CN.search(ln)
        if m and len(ln) <= 30:
            iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso and (year is None or int(m.group(1)) > year):
                return iso
        m2 = DATE_CN_NUMERALS.search(ln)
        if m2 and len(ln) <= 30:
            y = digits_to_int(m2.group(1)) or 0
            iso = _iso(y, chinese_to_int(m2.group(2)) or 0, chinese_to_int(m2.group(3)) or 0)
            if iso and (year is None or y > year):
                return iso
    # run-together text: the signature date closes the one long line
    m_end = re.search(DATE_CN.pattern + r"\s*$", text.rstrip()[-60:])
    if m_end:
        iso = _iso(int(m_end.group(1)), int(m_end.group(2)), int(m_end.group(3)))
        if iso and (year is None or int(m_end.group(1)) > year):
            return iso
    return None


def _page_published(doc: Document, text: str, year: int | None) -> str | None:
    """The publication date the page shows (its metadata, or a 发布时间 line at the head of the text)."""
    if doc.meta.get("published"):
        return str(doc.meta["published"])
    for m in PUBLISHED.finditer(text[:3000]):
        y = int(m.group(1))
        if year is None or y >= year:
            return _iso(y, int(m.group(2)), int(m.group(3)))
    return None
