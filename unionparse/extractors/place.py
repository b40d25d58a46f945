"""The province: from the union's own name, the body, or a newspaper that carries it.

`Công đoàn Viên chức tỉnh Khánh Hòa`, `LĐLĐ tỉnh Nghệ An`, `Đại hội Công đoàn tỉnh Vĩnh Phúc`
rank above a bare place name; a masthead (`BÁO NAM ĐỊNH ĐIỆN TỬ`) or a source tag
(`(Baonghean.vn)`) settles it when the body names no province. A short dateline code is not
enough on its own.
"""

from __future__ import annotations

from functools import cache

import regex

from unionparse import lexicon, provinces
from unionparse.found import Found
from unionparse.provinces import Province
from unionparse.text import Doc


@cache
def _alias_pattern() -> regex.Pattern[str]:
    return regex.compile(r"(?<!\w)(?P<p>" + provinces.alias_regex_source() + r")(?!\w)")


@cache
def _led_pattern() -> regex.Pattern[str]:
    head = lexicon.compile_template(r"(?:<<union_body_head>>)").pattern
    return regex.compile(
        r"(?<!\w)(?P<lead>"
        + head
        # `Công đoàn ngành Công Thương Hà Tĩnh`: a few words may name the sector first
        + r"(?:\s+(?!tỉnh(?!\w)|thành\s+phố(?!\w))[\w&.-]+){0,3}?(?:\s+(?:tỉnh|thành\s+phố|tp\.?))?"
        + r"|tỉnh|thành\s+phố|tp\.?|ubnd\s+tỉnh)\s+(?P<p>"
        + provinces.alias_regex_source()
        + r")(?!\w)"
    )


@cache
def _paren_pattern() -> regex.Pattern[str]:
    return regex.compile(
        r"\(\s*(?P<paper>báo\s+)?(?P<p>" + provinces.alias_regex_source() + r")\s*\)"
    )


def find_provinces(folded: str) -> list[tuple[Province, int, int]]:
    out = []
    for m in _alias_pattern().finditer(folded):
        p = provinces.lookup(m.group("p"))
        if p:
            out.append((p, m.start("p"), m.end("p")))
    return out


def _province_in_para(doc: Doc, para, led: regex.Pattern[str], out: list[Found]) -> None:
    for m in led.finditer(doc.folded, para.start, para.end):
        p = provinces.lookup(m.group("p"))
        if p is None:
            continue
        # a bare `tỉnh X` may be a place visited; the union's own name or its newspaper says more
        rank = 4 if m.group("lead").strip() not in ("tỉnh", "thành phố", "tp", "tp.") else 2
        out.append(Found("province", p.name, m.start("p"), m.end("p"), rank))
    # `LĐLĐ huyện Krông Pắc (Đắk Lắk)`, `(Báo Quảng Ngãi) - ...`
    for m in _paren_pattern().finditer(doc.folded, para.start, para.end):
        p = provinces.lookup(m.group("p"))
        if p and doc.text[m.start("p")].isupper():
            out.append(
                Found(
                    "province",
                    p.name,
                    m.start("p"),
                    m.end("p"),
                    3 if not m.group("paper") else 2,
                )
            )


def province(doc: Doc) -> list[Found]:
    out: list[Found] = []
    led = _led_pattern()
    # the union's name is in the title or the lead: read the rest only when they name no province
    pool = [q for q in doc.paras if q.kind in ("title", "body", "caption")]
    for para in pool[:4]:
        _province_in_para(doc, para, led, out)
    if not any(f.rank >= 4 for f in out):
        for para in pool[4:]:
            _province_in_para(doc, para, led, out)
    if any(f.rank >= 4 for f in out):
        return out
    pub = _publisher_province(doc)
    if pub:
        out.append(pub)
    return out


def _publisher_province(doc: Doc) -> Found | None:
    """The province of the newspaper (meta.publisher reads mastheads, source tags, `Theo dõi`)."""
    from unionparse.extractors.meta import publisher

    pub = publisher(doc)
    p = provinces.by_masthead(doc.text[pub.start : pub.end].strip()) if pub else None
    if p is None and pub:
        p = provinces.by_masthead(pub.value)
    return Found("province", p.name, pub.start, pub.end, 3) if p and pub else None
