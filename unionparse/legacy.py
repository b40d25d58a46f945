"""Vietnamese legacy 8-bit encodings that Python has no codec for: VISCII and TCVN3 (ABC).

Each is a table of our own: the byte values 0x80-0xFF, and the few control-code positions
(0x01-0x1E) where the encoding puts capital letters. The tables were generated from glibc's
iconv (`VISCII`, and `TCVN5712-1`, whose 0xA1-0xFF half is TCVN3's); a test checks them
against iconv where it is installed. TCVN3 has combining tone marks (0xB0-0xB4): the text is
composed (NFC) afterwards.

Which one a file is in: both tables hold only Vietnamese letters, so "the letters are
Vietnamese" cannot tell them apart; common Vietnamese words can (`công`, `đoàn`, `năm`, `và`).
"""

from __future__ import annotations

import unicodedata

_VISCII_C0 = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ"  # 0x80
    "ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"  # 0x90
    "Õắằặấầẩậẽẹếềểễệố"  # 0xa0
    "ồổỗỠƠộờởịỰỨỪỬơớƯ"  # 0xb0
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ"  # 0xc0
    "ĐứÒÓÔạỷừửÙÚỹỵÝỡư"  # 0xd0
    "àáâãảăữẫèéêẻìíĩỉ"  # 0xe0
    "đựòóôõỏọụùúũủýợỮ"  # 0xf0
)

_TCVN3_C0 = {
    0x01: "Ú",
    0x02: "Ụ",
    0x04: "Ừ",
    0x05: "Ử",
    0x06: "Ữ",
    0x11: "Ứ",
    0x12: "Ự",
    0x13: "Ỳ",
    0x14: "Ỷ",
    0x15: "Ỹ",
    0x16: "Ý",
    0x17: "Ỵ",
}
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xa0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xb0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xc0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xd0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xe0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xf0
)


def _table(c0: dict[int, str], high: str) -> dict[int, str]:
    assert len(high) == 128
    table = {0x80 + i: ch for i, ch in enumerate(high)}
    table.update(c0)
    return table


TABLES = {
    "viscii": _table(_VISCII_C0, _VISCII_HIGH),
    "tcvn3": _table(_TCVN3_C0, _TCVN3_HIGH),
}

# Words of nearly every Vietnamese news text, with a letter outside ASCII.
_COMMON = frozenset(
    "công đoàn năm của các được với những người động là có đã này tại một không để việc "
    "thực hiện đồng chí tổ chức cơ sở tỉnh hội nghị".split()
)
_PUNCT = ".,;:()\"'!?"


def decode(data: bytes, encoding: str) -> str:
    """`data` in VISCII or TCVN3 as NFC text."""
    text = data.decode("latin-1").translate(TABLES[encoding])
    return unicodedata.normalize("NFC", text)


def common_words(text: str) -> int:
    """How many words of `text` are common Vietnamese words."""
    return sum(1 for w in text.lower().split() if w.strip(_PUNCT) in _COMMON)


def guess(head: bytes) -> str | None:
    """ "viscii" or "tcvn3" when `head` reads as Vietnamese prose in one of them, else None."""
    best, score = None, 0
    for encoding in TABLES:
        n = common_words(decode(head, encoding))
        if n > score:
            best, score = encoding, n
    return best if score >= 3 else None


# Common words in the VNI font encoding, as its bytes read in Windows-1252 ("Coâng ñoaøn"): VNI
# writes a letter and its marks as separate bytes, which no table of single bytes decodes.
_VNI_COMMON = frozenset(
    "coâng ñoaøn naêm cuûa vaø caùc ñöôïc vôùi ngöôøi hoäi ñaõ laø coù ñoàng".split()
)


def looks_vni(head: bytes) -> bool:
    """Whether `head` is Vietnamese in VNI: three or more common words in VNI's spelling."""
    words = head.decode("cp1252", errors="replace").lower().split()
    return sum(1 for w in words if w.strip(_PUNCT) in _VNI_COMMON) >= 3
