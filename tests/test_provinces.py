"""The province table (data/provinces.toml) and the lookups built on it."""

from __future__ import annotations

import unicodedata

import pytest
import regex

from unionparse.provinces import (
    Province,
    _ascii_slug,
    alias_regex_source,
    all_provinces,
    by_masthead,
    by_slug,
    fold_for_match,
    fold_tone,
    lookup,
    units_2025,
)

PROVINCES = all_provinces()
BY_NAME = {p.name: p for p in PROVINCES}

# Resolution 202/2025/QH15: the 34 units and the former provinces each one absorbed.
MERGER_2025 = {
    "Hà Nội": ["Hà Nội"],
    "Huế": ["Thừa Thiên Huế"],
    "Lai Châu": ["Lai Châu"],
    "Điện Biên": ["Điện Biên"],
    "Sơn La": ["Sơn La"],
    "Lạng Sơn": ["Lạng Sơn"],
    "Quảng Ninh": ["Quảng Ninh"],
    "Thanh Hóa": ["Thanh Hóa"],
    "Nghệ An": ["Nghệ An"],
    "Hà Tĩnh": ["Hà Tĩnh"],
    "Cao Bằng": ["Cao Bằng"],
    "Tuyên Quang": ["Tuyên Quang", "Hà Giang"],
    "Lào Cai": ["Lào Cai", "Yên Bái"],
    "Thái Nguyên": ["Thái Nguyên", "Bắc Kạn"],
    "Phú Thọ": ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"],
    "Bắc Ninh": ["Bắc Ninh", "Bắc Giang"],
    "Hưng Yên": ["Hưng Yên", "Thái Bình"],
    "Hải Phòng": ["Hải Phòng", "Hải Dương"],
    "Ninh Bình": ["Ninh Bình", "Hà Nam", "Nam Định"],
    "Quảng Trị": ["Quảng Trị", "Quảng Bình"],
    "Đà Nẵng": ["Đà Nẵng", "Quảng Nam"],
    "Quảng Ngãi": ["Quảng Ngãi", "Kon Tum"],
    "Gia Lai": ["Gia Lai", "Bình Định"],
    "Khánh Hòa": ["Khánh Hòa", "Ninh Thuận"],
    "Lâm Đồng": ["Lâm Đồng", "Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Đắk Lắk", "Phú Yên"],
    "Hồ Chí Minh": ["Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"],
    "Đồng Nai": ["Đồng Nai", "Bình Phước"],
    "Tây Ninh": ["Tây Ninh", "Long An"],
    "Cần Thơ": ["Cần Thơ", "Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Vĩnh Long", "Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Đồng Tháp", "Tiền Giang"],
    "Cà Mau": ["Cà Mau", "Bạc Liêu"],
    "An Giang": ["An Giang", "Kiên Giang"],
}


# --- the table --------------------------------------------------------------------------------


def test_63_provinces_with_unique_names_codes_and_slugs() -> None:
    assert len(PROVINCES) == 63
    assert len({p.name for p in PROVINCES}) == 63
    assert len({p.code for p in PROVINCES}) == 63
    assert len({p.slug for p in PROVINCES}) == 63
    assert all(isinstance(p, Province) for p in PROVINCES)


def test_merger_table_covers_every_province_exactly_once() -> None:
    listed = [old for olds in MERGER_2025.values() for old in olds]
    assert len(MERGER_2025) == 34
    assert sorted(listed) == sorted(BY_NAME)


@pytest.mark.parametrize(
    ("old", "new"), [(old, new) for new, olds in MERGER_2025.items() for old in olds]
)
def test_province_2025(old: str, new: str) -> None:
    assert BY_NAME[old].province_2025 == new


def test_34_units_in_2025() -> None:
    assert units_2025() == tuple(sorted(MERGER_2025))
    # every 2025 unit keeps the name of one of its former provinces (Huế: Thừa Thiên Huế's city)
    for unit in units_2025():
        assert lookup(unit) is not None and lookup(unit).province_2025 == unit


def test_central_cities() -> None:
    central = {p.name for p in PROVINCES if p.central_city}
    assert central == {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Thừa Thiên Huế"}


def test_names_are_nfc_in_the_folded_tone_style_with_real_d() -> None:
    for p in PROVINCES:
        for form in (p.name, p.province_2025):
            assert unicodedata.is_normalized("NFC", form)
            assert fold_tone(form) == form
            assert "Ð" not in form and "tỉnh" not in form.lower()


def test_slug_is_the_ascii_fold_of_the_name() -> None:
    for p in PROVINCES:
        assert p.slug == _ascii_slug(p.name), p.name


def test_old_tone_style_aliases_are_generated() -> None:
    assert "Khánh Hoà" in BY_NAME["Khánh Hòa"].aliases
    assert "Thanh Hoá" in BY_NAME["Thanh Hóa"].aliases
    assert "Hoà Bình" in BY_NAME["Hòa Bình"].aliases
    assert BY_NAME["Nghệ An"].aliases == ()


# --- lookup -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Nghệ An", "Nghệ An"),
        ("nghệ an", "Nghệ An"),
        ("NGHỆ AN", "Nghệ An"),
        ("tỉnh Nghệ An", "Nghệ An"),
        ("Tỉnh  Nghệ\u00a0An", "Nghệ An"),
        ("Nghe An", "Nghệ An"),
        ("Khánh Hòa", "Khánh Hòa"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("KHÁNH HOÀ", "Khánh Hòa"),
        ("tỉnh Thanh Hoá", "Thanh Hóa"),
        ("Hoà Bình", "Hòa Bình"),
        ("Ðắk Lắk", "Đắk Lắk"),
        ("ðắk nông", "Đắk Nông"),
        ("Đắc Lắc", "Đắk Lắk"),
        ("Đăk Lăk", "Đắk Lắk"),
        ("Đắk Nông", "Đắk Nông"),
        ("Kontum", "Kon Tum"),
        ("Bắc Cạn", "Bắc Kạn"),
        ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("TP Hồ Chí Minh", "Hồ Chí Minh"),
        ("TP.HCM", "Hồ Chí Minh"),
        ("TP. HCM", "Hồ Chí Minh"),
        ("TPHCM", "Hồ Chí Minh"),
        ("Sài Gòn", "Hồ Chí Minh"),
        ("thành phố Hà Nội", "Hà Nội"),
        ("TP. Đà Nẵng", "Đà Nẵng"),
        ("TP Cần Thơ", "Cần Thơ"),
        ("Huế", "Thừa Thiên Huế"),
        ("Thừa Thiên - Huế", "Thừa Thiên Huế"),
        ("thành phố Huế", "Thừa Thiên Huế"),
        ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("BR-VT", "Bà Rịa - Vũng Tàu"),
        ("Nam Định", "Nam Định"),
        ("Vĩnh Phúc", "Vĩnh Phúc"),
        ("  tỉnh Vĩnh Phúc. ", "Vĩnh Phúc"),
    ],
)
def test_lookup(text: str, name: str) -> None:
    found = lookup(text)
    assert found is not None and found.name == name


@pytest.mark.parametrize(
    "text", ["", "tỉnh", "Lao Động", "Việt Nam", "Hà Tây", "Nghệ", "Hồ Chí Minh Nghệ An", "tp"]
)
def test_lookup_rejects(text: str) -> None:
    assert lookup(text) is None


def test_every_name_and_alias_looks_up_to_its_province() -> None:
    for p in PROVINCES:
        for form in (p.name, *p.aliases, *p.lookup_only):
            assert lookup(form) is p, form
            assert lookup(form.upper()) is p, form
            assert lookup("tỉnh " + form) is p, form


# --- slugs, domains, mastheads -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("nghean", "Nghệ An"),
        ("baonghean.vn", "Nghệ An"),
        ("Baonghean.vn", "Nghệ An"),
        ("https://baonghean.vn/cong-doan-123.html", "Nghệ An"),
        ("baonamdinh.vn", "Nam Định"),
        ("baonamdinh.com.vn", "Nam Định"),
        ("www.baovinhphuc.com.vn", "Vĩnh Phúc"),
        ("baothanhhoa.vn", "Thanh Hóa"),
        ("baobacgiang.vn", "Bắc Giang"),
        ("baobaclieu.vn", "Bạc Liêu"),
        ("baothuathienhue.vn", "Thừa Thiên Huế"),
        ("baoapbac.vn", "Tiền Giang"),
        ("baodongkhoi.vn", "Bến Tre"),
        ("sggp.org.vn", "Hồ Chí Minh"),
        ("hanoimoi.vn", "Hà Nội"),
    ],
)
def test_by_slug(text: str, name: str) -> None:
    found = by_slug(text)
    assert found is not None and found.name == name


@pytest.mark.parametrize("text", ["laodong.vn", "baomoi.com", "vnexpress.net", "bao.vn", ""])
def test_by_slug_rejects(text: str) -> None:
    assert by_slug(text) is None


def test_every_slug_pattern_domain_resolves() -> None:
    for p in PROVINCES:
        assert by_slug(f"bao{p.slug}.vn") is p
        assert by_slug(f"bao{p.slug}.com.vn") is p


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Báo Nghệ An", "Nghệ An"),
        ("Báo Nam Định điện tử", "Nam Định"),
        ("Báo Vĩnh Phúc", "Vĩnh Phúc"),
        ("Báo Khánh Hoà", "Khánh Hòa"),
        ("Báo Ấp Bắc", "Tiền Giang"),
        ("Báo Sài Gòn Giải Phóng", "Hồ Chí Minh"),
        ("Hànộimới", "Hà Nội"),
        ("Baonghean.vn", "Nghệ An"),
    ],
)
def test_by_masthead(text: str, name: str) -> None:
    found = by_masthead(text)
    assert found is not None and found.name == name


@pytest.mark.parametrize("text", ["Báo Lao Động", "Báo Nhân Dân", "Tạp chí Cộng sản", "Báo"])
def test_by_masthead_rejects(text: str) -> None:
    assert by_masthead(text) is None


# --- the text pattern --------------------------------------------------------------------------

ALIASES = regex.compile(r"(?<!\w)" + alias_regex_source() + r"(?!\w)")


def _find(text: str) -> list[str | None]:
    folded = fold_for_match(text)
    assert len(folded) == len(text)
    return [lookup(text[m.start() : m.end()]).name for m in ALIASES.finditer(folded)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Công đoàn Viên chức Nghệ An tổ chức", ["Nghệ An"]),
        ("Công đoàn Viên chức tỉnh Khánh Hoà và Thanh Hóa", ["Khánh Hòa", "Thanh Hóa"]),
        ("LĐLĐ TP.HCM và Bà Rịa – Vũng Tàu", ["Hồ Chí Minh", "Bà Rịa - Vũng Tàu"]),
        ("tại TP. Hồ Chí Minh", ["Hồ Chí Minh"]),
        ("tỉnh Ðắk Lắk", ["Đắk Lắk"]),
        ("tỉnh Thừa Thiên Huế", ["Thừa Thiên Huế"]),
        ("tỉnh Hà\u00a0Nam", ["Hà Nam"]),
        ("tỉnh Thái Bình và tỉnh Bình Dương", ["Thái Bình", "Bình Dương"]),
        ("tỉnh Điện Biên", ["Điện Biên"]),
        # things that are not province mentions
        ("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", []),
        ("khu vực châu Á - Thái Bình Dương", []),
        ("kỷ niệm 70 năm Chiến thắng Điện Biên Phủ", []),
        ("đồng chí Nguyễn Thị Huế", []),
        ("Hà Nộii", []),
    ],
)
def test_alias_regex_finds(text: str, names: list[str]) -> None:
    assert _find(text) == names


def test_alias_regex_is_lower_case_and_longest_first() -> None:
    literal = regex.sub(r"\\.", "", alias_regex_source())  # escapes such as \S are not letters
    assert literal == fold_for_match(literal)
    # "thừa thiên huế" is not cut short to a shorter alternative
    assert ALIASES.search("thừa thiên huế").group() == "thừa thiên huế"
    assert ALIASES.search("bà rịa - vũng tàu").group() == "bà rịa - vũng tàu"


def test_every_searchable_form_matches_itself() -> None:
    for p in PROVINCES:
        excluded = {lookup_form.lower() for lookup_form in p.lookup_only}
        for form in (p.name, *p.aliases):
            if form.lower() in excluded:
                continue
            m = ALIASES.fullmatch(fold_for_match(form))
            assert m is not None, form
            assert lookup(form) is p


# --- tone folding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("hoá", "hóa"),
        ("hoả", "hỏa"),
        ("hoã", "hõa"),
        ("hoạ", "họa"),
        ("khoẻ", "khỏe"),
        ("xoè", "xòe"),
        ("thuỷ", "thủy"),
        ("uỷ ban", "ủy ban"),
        ("tuỳ", "tùy"),
        ("luỹ kế", "lũy kế"),
        ("Thuỵ", "Thụy"),
        ("HOÀ BÌNH", "HÒA BÌNH"),
        ("Khánh Hoà, Thanh Hoá.", "Khánh Hòa, Thanh Hóa."),
        ("Đảng uỷ Khối", "Đảng ủy Khối"),
        ("hòa", "hòa"),
    ],
)
def test_fold_tone(old: str, new: str) -> None:
    assert fold_tone(old) == new
    assert len(fold_tone(old)) == len(old)
    assert unicodedata.is_normalized("NFC", fold_tone(old))


@pytest.mark.parametrize(
    "word",
    ["quý", "quỳnh", "quà", "quả", "Quý", "QUỲ", "hoàng", "hoài", "khuỷu", "huỳnh", "tuýp", "xoáy"],
)
def test_fold_tone_leaves_other_syllables(word: str) -> None:
    assert fold_tone(word) == word


def test_fold_for_match_keeps_length() -> None:
    text = "Ðảng uỷ Khối Các cơ quan tỉnh Khánh Hoà İstanbul"
    folded = fold_for_match(text)
    assert len(folded) == len(text)
    assert folded.startswith("đảng ủy khối") and "khánh hòa" in folded


# --- cross-check against an independent table ---------------------------------------------------


def test_matches_vietnamadminunits() -> None:
    """vietnamadminunits (MIT) ships its own old->new province converter; ours must agree."""
    vau = pytest.importorskip("vietnamadminunits")
    for p in PROVINCES:
        old = vau.parse_address(p.name, mode="LEGACY", level=1)
        assert lookup(old.short_province) is p, old.short_province  # it says "Huế" for TT-Huế
        assert old.province_code == p.code, p.name
        new = vau.convert_address(p.name)
        assert lookup(new.short_province) is not None, new.short_province
        assert new.short_province == p.province_2025, p.name


def test_forms_as_written_are_looked_up_like_any_other_spelling() -> None:
    # the padded spelling takes the full path; the one as written is answered from a table
    for p in all_provinces():
        for form in (p.name, *p.aliases):
            assert lookup(form) is lookup(" " + form + " ")
