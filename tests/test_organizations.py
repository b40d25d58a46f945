"""organization_key: one key per union whatever the spelling; unknown parts stay unknown.

Cases are (name as written, the article's province, expected key). The spellings come from the
seeds, the development corpora and the press corpus (capitals, tone-mark placement, `Ð` for `Đ`,
abbreviations, names with no marks), and from how a user may type a name for `--org`.
"""

from __future__ import annotations

import pytest

from unionparse.models import Evidence
from unionparse.organizations import key_of, matches, pattern_of, slug

SPELLINGS = [
    # Công đoàn Viên chức tỉnh Nghệ An
    ("Công đoàn Viên chức Nghệ An", None, "cdvc/nghe-an"),
    ("Công đoàn viên chức Nghệ An", None, "cdvc/nghe-an"),
    ("Công đoàn Viên chức tỉnh Nghệ An", None, "cdvc/nghe-an"),
    ("CÔNG ĐOÀN VIÊN CHỨC TỈNH NGHỆ AN", None, "cdvc/nghe-an"),
    ("CÔNG ÐOÀN VIÊN CHỨC NGHỆ AN", None, "cdvc/nghe-an"),  # Ð (U+00D0) for Đ
    ("CĐVC Nghệ An", None, "cdvc/nghe-an"),
    ("CĐVC tỉnh", "Nghệ An", "cdvc/nghe-an"),
    ("Công đoàn Viên chức tỉnh", "Nghệ An", "cdvc/nghe-an"),
    ("Cong doan vien chuc Nghe An", None, "cdvc/nghe-an"),
    ("cdvc nghe an", None, "cdvc/nghe-an"),
    ("Công đoàn Viên chức tỉnh triển khai nhiệm vụ năm 2024", "Nghệ An", "cdvc/nghe-an"),
    # Khánh Hòa: both tone placements, province from the article or the name
    ("Công đoàn Viên chức tỉnh Khánh Hoà", None, "cdvc/khanh-hoa"),
    ("Công đoàn Viên chức tỉnh Khánh Hòa", None, "cdvc/khanh-hoa"),
    ("CÔNG ĐOÀN VIÊN CHỨC TỈNH KHÁNH HOÀ", None, "cdvc/khanh-hoa"),
    ("Công đoàn Viên chức tỉnh", "Khánh Hoà", "cdvc/khanh-hoa"),
    # Liên đoàn Lao động tỉnh / thành phố trực thuộc trung ương
    ("Liên đoàn Lao động tỉnh Thanh Hoá", None, "ldld-tinh/thanh-hoa"),
    ("LĐLĐ tỉnh Thanh Hóa", None, "ldld-tinh/thanh-hoa"),
    ("LĐLĐ Thanh Hóa", None, "ldld-tinh/thanh-hoa"),
    ("Liên đoàn Lao động tỉnh", "Thanh Hóa", "ldld-tinh/thanh-hoa"),
    ("Liên đoàn Lao động (LĐLĐ) thành phố Hải Phòng", None, "ldld-tinh/hai-phong"),
    ("LĐLĐ TP Hải Phòng", None, "ldld-tinh/hai-phong"),
    ("LĐLĐ thành phố", "Hải Phòng", "ldld-tinh/hai-phong"),
    ("LĐLĐ TP.HCM", None, "ldld-tinh/ho-chi-minh"),
    ("Liên đoàn Lao động Thành phố Hồ Chí Minh", None, "ldld-tinh/ho-chi-minh"),
    ("Công đoàn tỉnh Bà Rịa - Vũng Tàu", None, "ldld-tinh/ba-ria-vung-tau"),
    ("Công đoàn Bà Rịa-Vũng Tàu", None, "ldld-tinh/ba-ria-vung-tau"),
    ("LĐLĐ tỉnh BR-VT", None, "ldld-tinh/ba-ria-vung-tau"),
    # LĐLĐ huyện / quận / thị xã / thành phố thuộc tỉnh
    ("LĐLĐ huyện Chợ Mới", "Bắc Kạn", "ldld-huyen/bac-kan/cho-moi"),
    ("Liên đoàn Lao động huyện Chợ Mới", "Bắc Cạn", "ldld-huyen/bac-kan/cho-moi"),
    ("LĐLĐ huyện Chợ Mới, tỉnh Bắc Kạn", None, "ldld-huyen/bac-kan/cho-moi"),
    ("LĐLĐ HUYỆN CHỢ MỚI TỔNG KẾT CÔNG TÁC NĂM 2023", "Bắc Kạn", "ldld-huyen/bac-kan/cho-moi"),
    ("LĐLĐ Chợ Mới", "Bắc Kạn", "ldld-huyen/bac-kan/cho-moi"),
    ("LĐLĐ huyện Thủy Nguyên", "Hải Phòng", "ldld-huyen/hai-phong/thuy-nguyen"),
    ("LĐLĐ huyện Thuỷ Nguyên", "Hải Phòng", "ldld-huyen/hai-phong/thuy-nguyen"),
    ("LĐLĐ thị xã Kỳ Anh", "Hà Tĩnh", "ldld-huyen/ha-tinh/tx-ky-anh"),
    ("LĐLĐ TX Kì Anh", "Hà Tĩnh", "ldld-huyen/ha-tinh/tx-ky-anh"),
    ("LĐLĐ thị xã Kì Anh, tỉnh Hà Tĩnh", None, "ldld-huyen/ha-tinh/tx-ky-anh"),
    ("LĐLĐ huyện Kì Anh", "Hà Tĩnh", "ldld-huyen/ha-tinh/ky-anh"),
    ("LĐLĐ huyện Kỳ Anh", "Hà Tĩnh", "ldld-huyen/ha-tinh/ky-anh"),
    ("LĐLĐ huyện Krông Pắc", "Đắk Lắk", "ldld-huyen/dak-lak/krong-pac"),
    ("LĐLĐ huyện Krông Pắk", "Đắc Lắc", "ldld-huyen/dak-lak/krong-pac"),
    ("LĐLĐ thành phố Vĩnh Yên", "Vĩnh Phúc", "ldld-huyen/vinh-phuc/tp-vinh-yen"),
    ("LĐLĐ TP Vĩnh Yên", "Vĩnh Phúc", "ldld-huyen/vinh-phuc/tp-vinh-yen"),
    ("LĐLĐ TP. Vĩnh Yên", "Vĩnh Phúc", "ldld-huyen/vinh-phuc/tp-vinh-yen"),
    ("LĐLĐ quận Gò Vấp, TP HCM", None, "ldld-huyen/ho-chi-minh/go-vap"),
    ("LĐLĐ quận Gò Vấp", "Hồ Chí Minh", "ldld-huyen/ho-chi-minh/go-vap"),
    ("Công đoàn huyện Cờ Đỏ", "Cần Thơ", "ldld-huyen/can-tho/co-do"),
    ("LĐLĐ HUYỆN TRIỆU PHONG TỔNG KẾT CÔNG TÁC", "Quảng Trị", "ldld-huyen/quang-tri/trieu-phong"),
    # "huyện Quảng Ninh" is a district of Quảng Bình, not the province Quảng Ninh
    ("LĐLĐ huyện Quảng Ninh", "Quảng Bình", "ldld-huyen/quang-binh/quang-ninh"),
    # "thành phố Hà Tĩnh" is a city inside its province
    ("LĐLĐ thành phố Hà Tĩnh", "Hà Tĩnh", "ldld-huyen/ha-tinh/tp-ha-tinh"),
    # sector unions
    ("Công đoàn ngành Giáo dục tỉnh Nam Định", None, "cd-giao-duc/nam-dinh"),
    ("Công đoàn Giáo dục tỉnh", "Nam Định", "cd-giao-duc/nam-dinh"),
    ("Công đoàn ngành Giáo dục và Đào tạo Nam Định", None, "cd-giao-duc/nam-dinh"),
    ("CĐ ngành GD&ĐT tỉnh Nam Định", None, "cd-giao-duc/nam-dinh"),
    ("Công đoàn ngành giáo dục tỉnh", "Nam Định", "cd-giao-duc/nam-dinh"),
    ("Công đoàn Giáo dục Tuy An", "Phú Yên", "cd-giao-duc/phu-yen/tuy-an"),
    ("Công đoàn Giáo dục huyện Tuy An", "Phú Yên", "cd-giao-duc/phu-yen/tuy-an"),
    ("Công đoàn Giáo dục Việt Nam", None, "cd-giao-duc/viet-nam"),
    ("Công đoàn ngành Y tế Đà Nẵng", None, "cd-y-te/da-nang"),
    ("Công đoàn Y tế thành phố Đà Nẵng", None, "cd-y-te/da-nang"),
    ("Công đoàn ngành Y tế TP Cần Thơ", None, "cd-y-te/can-tho"),
    (
        "CÔNG ÐOÀN NGÀNH GIAO THÔNG VẬN TẢI QUẢNG NINH TỔNG KẾT",
        None,
        "cd-giao-thong-van-tai/quang-ninh",
    ),
    ("Công đoàn GTVT Quảng Ninh", None, "cd-giao-thong-van-tai/quang-ninh"),
    ("Công đoàn Nông nghiệp và Phát triển nông thôn", "Tiền Giang", "cd-nong-nghiep/tien-giang"),
    ("Công đoàn ngành Nông nghiệp và PTNT Tiền Giang", None, "cd-nong-nghiep/tien-giang"),
    ("Công đoàn Công thương VN", None, "cd-cong-thuong/viet-nam"),
    # industrial and economic zones
    ("Công đoàn các Khu công nghiệp Đồng Nai", None, "cd-kcn/dong-nai"),
    ("Công đoàn các KCN tỉnh Đồng Nai", None, "cd-kcn/dong-nai"),
    ("Công đoàn các khu công nghiệp", "Đồng Nai", "cd-kcn/dong-nai"),
    ("Công đoàn Khu kinh tế Dung Quất", "Quảng Ngãi", "cd-kkt/quang-ngai"),
    ("Công đoàn KKT tỉnh", "Quảng Ngãi", "cd-kkt/quang-ngai"),
    # grassroots unions
    ("Công đoàn Bệnh viện Đa khoa tỉnh", "Phú Thọ", "cdcs/phu-tho/benh-vien-da-khoa"),
    ("Công đoàn cơ sở Bệnh viện Đa khoa tỉnh Phú Thọ", None, "cdcs/phu-tho/benh-vien-da-khoa"),
    ("Công đoàn BVĐK tỉnh Phú Thọ", None, "cdcs/phu-tho/benh-vien-da-khoa"),
    ("CĐCS Bệnh viện Đa khoa Phú Thọ", "Phú Thọ", "cdcs/phu-tho/benh-vien-da-khoa"),
    (
        "Công đoàn Trường THPT chuyên Lê Quý Đôn",
        "Bình Định",
        "cdcs/binh-dinh/truong-thpt-chuyen-le-quy-don",
    ),
    ("Công đoàn Ban Tuyên giáo Tỉnh ủy", "Phú Thọ", "cdcs/phu-tho/ban-tuyen-giao-tinh-uy"),
    ("Công đoàn Ban Tuyên giáo Tỉnh uỷ", "Phú Thọ", "cdcs/phu-tho/ban-tuyen-giao-tinh-uy"),
    # the national federation
    ("Tổng LĐLĐ Việt Nam", None, "tong-ldld/viet-nam"),
    ("Tổng Liên đoàn Lao động Việt Nam", None, "tong-ldld/viet-nam"),
]


@pytest.mark.parametrize(("name", "province", "expected"), SPELLINGS)
def test_spelling_variants_give_one_key(name: str, province: str | None, expected: str) -> None:
    assert key_of(name, province) == expected


UNKNOWN_PARTS = [
    # no province in the name and none in the article: unknown, not guessed
    ("Công đoàn Viên chức tỉnh", None, "cdvc/?"),
    ("LĐLĐ huyện Chợ Mới", None, "ldld-huyen/?/cho-moi"),
    # a district with no name
    ("LĐLĐ huyện", "Quảng Trị", "ldld-huyen/quang-tri/?"),
    ("Liên đoàn Lao động huyện tổng kết công tác", "Cao Bằng", "ldld-huyen/cao-bang/?"),
    # an unnamed "thành phố" in a province that is no centrally-run city is one of its cities
    ("LĐLĐ thành phố", "Nghệ An", "ldld-huyen/nghe-an/?"),
    ("LĐLĐ thành phố", None, "ldld-?/?"),
    # "tỉnh" followed by a person's name, not a province
    ("Liên đoàn Lao động tỉnh Lâm Thị Kiều Oanh cho biết", None, "ldld-tinh/?"),
    # a unit noun with no name
    ("Công đoàn Bệnh viện hiện có 14 công đoàn bộ phận", "Quảng Ngãi", "cdcs/quang-ngai/?"),
    # a sector union whose sector is not said
    ("Công đoàn ngành tỉnh", "Bình Thuận", "cd-?/binh-thuan"),
    # words after a name in capitals or after a CĐVC are no district's name
    ("CÔNG ĐOÀN VIÊN CHỨC QUAN TÂM ĐẾN ĐOÀN VIÊN", "Lạng Sơn", "cdvc/lang-son"),
    ("Công đoàn Viên chức Quan tâm đoàn viên", "Lạng Sơn", "cdvc/lang-son"),
    ("LĐLĐ QUAN TÂM ĐẾN ĐOÀN VIÊN", "Lạng Sơn", None),
]


@pytest.mark.parametrize(("name", "province", "expected"), UNKNOWN_PARTS)
def test_unknown_parts_stay_unknown(name: str, province: str | None, expected: str | None) -> None:
    assert key_of(name, province) == expected


@pytest.mark.parametrize(
    "name",
    [
        None,
        "",
        "Liên đoàn Lao động",  # which level is not said
        "Công đoàn EVNCPC",  # a name the vocabulary does not know
        "Hội nghị tổng kết năm 2023",
    ],
)
def test_no_kind_no_key(name: str | None) -> None:
    assert key_of(name, "Nghệ An") is None


def test_name_read_on_in_the_text() -> None:
    """The extracted name may stop before a lower-case word ("Công đoàn ngành Giáo"): with the
    article's text and the name's span, the key reads the whole name on its line."""
    text = "Công đoàn ngành Giáo dục tổng kết năm học 2021-2022\n\nNgày 11-8, ..."
    span = Evidence(start=0, end=20, quote="Công đoàn ngành Giáo")
    assert key_of("Công đoàn ngành Giáo", "Nam Định") == "cd-?/nam-dinh"
    assert key_of("Công đoàn ngành Giáo", "Nam Định", text, span) == "cd-giao-duc/nam-dinh"
    # a name that spans a paragraph break in the extraction is read to its line's end only
    text = "LĐLĐ tỉnh Quảng Trị\n\nĐại hội Công đoàn XIII"
    span = Evidence(start=0, end=24, quote="LĐLĐ tỉnh Quảng Trị\n\nĐại")
    assert key_of(span.quote, None, text, span) == "ldld-tinh/quang-tri"


def test_a_huyen_and_a_thi_xa_of_one_name_are_two_unions() -> None:
    """huyện Kỳ Anh and thị xã Kỳ Anh (split from it in 2015) both have a LĐLĐ; huyện and
    thành phố Cao Lãnh too. Merging them would mix two unions' figures."""
    assert key_of("LĐLĐ huyện Kỳ Anh", "Hà Tĩnh") != key_of("LĐLĐ thị xã Kỳ Anh", "Hà Tĩnh")
    assert key_of("LĐLĐ huyện Cao Lãnh", "Đồng Tháp") == "ldld-huyen/dong-thap/cao-lanh"
    assert key_of("LĐLĐ thành phố Cao Lãnh", "Đồng Tháp") == "ldld-huyen/dong-thap/tp-cao-lanh"


def test_name_in_the_record_agrees_with_the_province_of_the_name() -> None:
    """The union's own name wins over the article's province (a Hà Tĩnh paper reporting on
    Nghệ An's CĐVC)."""
    assert key_of("Công đoàn Viên chức tỉnh Nghệ An", "Hà Tĩnh") == "cdvc/nghe-an"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Chợ Mới", "cho-moi"),
        ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
        ("Cư M'gar", "cu-mgar"),
        ("Cư Mgar", "cu-mgar"),
        ("Quy Nhơn", "quy-nhon"),
        ("Qui Nhơn", "quy-nhon"),
        ("Chi Lăng", "chi-lang"),  # ch + i is no i/y variant
    ],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


@pytest.mark.parametrize(
    ("key", "pattern", "expected"),
    [
        ("cdvc/nghe-an", "cdvc/nghe-an", True),
        ("cdvc/nghe-an", "cdvc", True),
        ("cdvc/nghe-an", "cdvc/ha-tinh", False),
        ("ldld-huyen/bac-kan/cho-moi", "ldld-huyen/?/cho-moi", True),
        ("ldld-huyen/an-giang/cho-moi", "ldld-huyen/*/cho-moi", True),
        ("ldld-huyen/bac-kan/na-ri", "ldld-huyen/?/cho-moi", False),
        ("cdvc/?", "cdvc/nghe-an", False),  # an unknown part in a key matches no name
        (None, "cdvc", False),
    ],
)
def test_matches(key: str | None, pattern: str, expected: bool) -> None:
    assert matches(key, pattern) is expected


def test_org_option_takes_a_key_or_a_name() -> None:
    assert pattern_of("cdvc/nghe-an") == "cdvc/nghe-an"
    assert pattern_of("cdvc") == "cdvc"
    assert pattern_of("Công đoàn Viên chức Nghệ An") == "cdvc/nghe-an"
    assert pattern_of("LĐLĐ huyện Chợ Mới") == "ldld-huyen/?/cho-moi"


RECORDS = [
    ("seeds/000_99af2271cb695912.txt", "cdvc/nghe-an"),
    ("seeds/001_6e9aab993e067198.txt", "cdvc/nam-dinh"),  # "tỉnh": the article's province
    ("seeds/002_32a87c9d27dee4ba.txt", "cdvc/nghe-an"),
    ("seeds/003_886f1ca231641e4e.txt", "cdvc/vinh-phuc"),
    ("seeds/004_aa7a718c9c83635c.txt", "cdvc/?"),  # the article names no province
    # the extracted name stops at "Giáo"; the key reads "Giáo dục" on in the text
    ("tests/corpus/dev/002_cd_giao_duc_nam_dinh_2022.txt", "cd-giao-duc/nam-dinh"),
    ("tests/corpus/dev/012_cd_benh_vien_phu_tho_2020.txt", "cdcs/phu-tho/benh-vien-da-khoa"),
    ("tests/corpus/dev/015_ldld_tx_ninh_hoa_2022.txt", "ldld-huyen/khanh-hoa/tx-ninh-hoa"),
    ("tests/corpus/dev/016_cd_gtvt_quang_ninh_2019.txt", "cd-giao-thong-van-tai/quang-ninh"),
    ("tests/corpus/dev/024_ldld_thuy_nguyen_2013.txt", "ldld-huyen/hai-phong/thuy-nguyen"),
    ("tests/corpus/holdout/003_ldld_tp_hai_phong_2021.txt", "ldld-tinh/hai-phong"),
    ("tests/corpus/holdout/005_cdvc_lang_son_2023.txt", "cdvc/lang-son"),
]


@pytest.mark.parametrize(("path", "expected"), RECORDS)
def test_records_carry_their_key(path: str, expected: str) -> None:
    from pathlib import Path

    from unionparse import extract_file

    repo = Path(__file__).resolve().parent.parent
    assert extract_file(str(repo / path)).organization_key == expected
