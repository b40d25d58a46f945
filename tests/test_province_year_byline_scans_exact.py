"""The cheap tests that keep the province, year and byline patterns from running everywhere must
never turn away a match: each is checked here against the plain pattern scan it stands for."""

from __future__ import annotations

import regex

from unionparse import provinces
from unionparse.extractors import meta, place, when
from unionparse.found import Found
from unionparse.text import make_doc

LEADS = [
    "Công đoàn Viên chức tỉnh {}",
    "LĐLĐ huyện Krông Pắc {}",
    "Công đoàn ngành Công Thương {}",
    "Liên đoàn Lao động thành phố {}",
    "UBND tỉnh {}",
    "TP. {}",
    "tp {}",
    "Đại hội Công đoàn các khu công nghiệp tỉnh {}",
    "công đoàn  cơ sở\u00a0tỉnh {}",
    "(Báo {})",
    "huyện Ea Kar ({})",
]


def _texts() -> list[str]:
    out = []
    for p in provinces.all_provinces():
        for form in (p.name, *p.aliases):
            for lead in LEADS:
                out.append(
                    f"Tiêu đề bài báo hôm nay\n\nNgày 1/2, {lead.format(form)}, tổ chức hội nghị."
                )
    out.append("Tin\n\nCông đoàn\x1cViên chức tỉnh Nghệ An và LĐLĐ\x1dtỉnh Hà Tĩnh.")
    out.append("Tin\n\nCông đoàn " + "x" * 200 + " tỉnh Nghệ An và tỉnh an toàn, việt nam.")
    return out


def _reference(doc, paras=None) -> list[Found]:
    """`place._province_in` as one pattern scan per paragraph."""
    out = []
    for para in doc.paras if paras is None else paras:
        for m in place._led_pattern().finditer(doc.folded, para.start, para.end):
            p = provinces.lookup(m.group("p"))
            if p is not None:
                lead = m.group("lead").strip()
                rank = 4 if lead not in ("tỉnh", "thành phố", "tp", "tp.") else 2
                out.append(Found("province", p.name, m.start("p"), m.end("p"), rank))
        for m in place._paren_pattern().finditer(doc.folded, para.start, para.end):
            p = provinces.lookup(m.group("p"))
            if p and doc.text[m.start("p")].isupper():
                rank = 3 if not m.group("paper") else 2
                out.append(Found("province", p.name, m.start("p"), m.end("p"), rank))
    return out


def test_province_prefilter_keeps_every_match() -> None:
    for text in _texts():
        doc = make_doc(text)
        got: list[Found] = []
        place._province_in(doc, doc.paras, got)
        assert got == _reference(doc), text


def test_province_prefilter_on_paragraphs_apart() -> None:
    """Paragraphs that are not next to each other in the article are read as separate runs."""
    for text in _texts()[::7]:
        doc = make_doc(text + "\n\nTỉnh Nghệ An.\n\nCông đoàn tỉnh Hà Tĩnh (Quảng Bình).")
        at = list(range(0, len(doc.paras), 2))
        got: list[Found] = []
        place._province_in(doc, [doc.paras[k] for k in at], got)
        assert got == _reference(doc, [doc.paras[k] for k in at]), text


def test_gates_hold_where_the_patterns_match() -> None:
    led_gate, paren_gate = place._gates()
    checked = 0
    for text in _texts():
        doc = make_doc(text)
        for para in doc.paras:
            for i in range(para.start, para.end):
                for pat, gate in (
                    (place._led_pattern(), led_gate),
                    (place._paren_pattern(), paren_gate),
                ):
                    if pat.match(doc.folded, i, para.end):
                        checked += 1
                        assert gate.match(doc.folded, i, para.end), (text, i)
    assert checked > 1000


def test_alias_first_and_second_words_cover_every_form() -> None:
    alias = regex.compile(provinces.alias_regex_source())
    seconds = provinces.alias_second_words()
    for p in provinces.all_provinces():
        for form in (p.name, *p.aliases):
            folded = provinces.fold_for_match(form)
            if not alias.fullmatch(folded):
                continue  # a lookup-only form
            words = folded.split()
            first = next(w for w in provinces.alias_first_words() if folded.startswith(w))
            after = seconds[first]
            if after is not None and words[0] == first:
                assert words[1].startswith(after), form


def test_lookup_of_a_key_is_the_key_lookup() -> None:
    for key, p in provinces._keys_as_written().items():
        assert provinces._key(key) == key
        assert provinces.lookup(key) is p
    assert provinces.lookup("tỉnh  Nghệ   An") is provinces.lookup("nghệ an")


def test_page_years_are_every_standalone_year() -> None:
    old = regex.compile(r"(?<!\d)(?:19[5-9]\d|20\d\d)(?!\d)")
    s = "19551955 năm 2020, x2021 1960a 20199 119 1949 2023-2024 (1990)"
    assert sorted(when._years(s)) == sorted(int(y) for y in old.findall(s))


def test_a_long_line_is_no_name_but_three_names_are() -> None:
    assert not meta._name_like(" ".join(["Nguyễn Văn"] * 10))
    assert meta._name_like("Ngọc Lan Anh Thư - Minh Hải Văn Tú, Thu Hà Ngọc Bích Trâm")


def test_names_year_is_membership_in_page_years() -> None:
    s = "19551955 năm 2020, x2021 1960a 20199 119 1949 2023-2024 (1990) 12016 2016"
    years = set(when._years(s))
    for y in range(1940, 2030):
        assert when._names_year(s, y) == (y in years), y


YEAR_TEXTS = [
    "Tổng kết công tác năm 2016 và triển khai nhiệm vụ năm 2017",
    "Hội nghị sơ  kết 6 tháng đầu năm\u2003học 2021 - 2022; kế hoạch hoạt động năm 2023.",
    "Báo cáo kết quả năm 20166, nhìn lại năm 2019-2020 và phương hướng, nhiệm vụ năm 2021!",
    "Đánh giá kết quả thực hiện nhiệm vụ năm 2020. Tổng kết nhiệm kỳ năm 2021",
    "Kiểm điểm triển khai năm 2022, định hướng công tác tổng kết năm 2023",
    "mục tiêu, nhiệm vụ trọng tâm của chương trình năm 1999 và nhiệm vụ trọng tâm công tác năm 2000",
    "tổng kết\n\nnăm 2021 kế hoạch\n\nnăm học 2022-2023 xtổng kết năm 2024",
    # characters `re` and `regex` read differently, before a cue and in white space
    "x\u0301tổng kết năm 2020, \u2040sơ kết năm 2021; ²kiểm điểm năm 2022; _nhìn lại năm 2023",
    "tổng\x1ckết năm 2023, tổng kết năm\x1c2024 và năm 2025; kế hoạch công tác năm\x1d2026",
    "tổng kết năm 2019. Tổng kết năm 2020 năm 2021. Triển khai nhiệm vụ năm 2022",
]


def test_year_scans_keep_every_match() -> None:
    from unionparse.extractors import years

    for text in YEAR_TEXTS:
        doc = make_doc("Tiêu đề bài báo về công đoàn\n\n" + text + "\n\n" + text.upper() + " x")
        for p in doc.paras[1:]:
            p.kind = "body"  # short lines read as captions: every line is searched here
        for pat, fn in ((years.REPORT, years.report_years), (years.PLAN, years.plan_years)):
            want = []
            for p in doc.paras:
                if p.kind in ("title", "body"):
                    for m in pat.finditer(doc.folded, p.start, p.end):
                        want.append((int(m.group("y2") or m.group("y")), m.start("y"), m.end()))
            assert [(f.value, f.start, f.end) for f in fn(doc)] == want, text


EVENT_TEXTS = [
    "Sáng nay 8/10, Công đoàn tổ chức hội nghị (12-13/7/2022) ngày 9 tháng 3 năm 2021.",
    "Chiều tối, thứ Hai 20/12 và hôm 21/12; đêm 1/1 (28/7/1929 - 28/7/2019) trưa  3-4/5",
    "Ngày\u20035 tháng 6, sáng\x1c6/7, tối 7/8/2023 ( 9/9 ) xsáng 1/2 hôm qua 2/3",
]


def test_event_matches_are_the_pattern_scans() -> None:
    for text in EVENT_TEXTS:
        doc = make_doc("Tiêu đề bài báo về công đoàn\n\n" + text + "\n\n" + text.upper())
        for p in doc.paras:
            for pat, words, _ in when._event_patterns():
                want = [m.span() for m in pat.finditer(doc.folded, p.start, p.end)]
                got = [m.span() for m in when._matches(pat, words, p, doc.folded)]
                assert got == want, (text, pat.pattern[:40])


def test_organization_gate_holds_where_the_pattern_matches() -> None:
    texts = [t.replace("Ngày 1/2, ", "Ban Thường vụ ") for t in _texts()[::7]]
    for text in texts:
        doc = make_doc(text)
        for p in doc.paras:
            for m in meta._ORG.finditer(doc.folded, p.start, p.end):
                i = m.start() - p.start
                assert p.folded.startswith(meta._ORG_FIRST, i), text
                assert meta._ORG_GATE.match(p.folded, i), text
