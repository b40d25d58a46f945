"""Per-sequence repair of lossy mojibake: UTF-8 once read as Windows-1252 with bytes lost.

Windows-1252 has no character for the bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D; a scraper that
decoded UTF-8 as Windows-1252 with `errors="replace"` or `"ignore"` turned each into U+FFFD or
dropped it, and ftfy (which repairs whole stretches or nothing) then leaves such stretches as
they are: `Ä‘oàn`, `quyá»�n`. Here every sequence is repaired on its own:

- an intact sequence (`Ä‘` = C4 91) is decoded;
- a sequence whose last byte was lost (`Ä` + U+FFFD, or `Ä` followed by no continuation byte)
  becomes the one Vietnamese letter the lost byte allows (C4 + 0x90 is `Đ`; the other four
  make no Vietnamese letter); where two or more letters fit (`á»` + lost: `ề ọ ỏ Ố ờ`), it
  becomes U+FFFD and is counted as lost.

A lead character left before a letter with nothing lost (`XÃ HỘI`: Ã is a Vietnamese capital)
is never touched: only a following U+FFFD, or a lead that is no Vietnamese letter (`Ä`, `Å`,
`Æ`, `á»`, `áº`), says a byte was lost.
"""

from __future__ import annotations

import re

_LOST = (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # no character in Windows-1252
_CP1252_HIGH = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0x100) if b not in _LOST}
# a browser's reading ("sloppy" Windows-1252) keeps those five as the C1 controls of their value
_CP1252_HIGH.update({chr(b): b for b in _LOST})
_RUN = re.compile("[" + re.escape("".join(_CP1252_HIGH)) + "\ufffd]+")
_REPLACED = -1  # a U+FFFD in the run: a byte that was there and was lost


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    return 0


def repair(text: str, vietnamese: frozenset[str]) -> tuple[str, int]:
    """`text` with every mojibake sequence decoded; the number of letters that stay lost."""
    lost = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal lost
        run = m.group()
        codes = [_CP1252_HIGH.get(c, _REPLACED) for c in run]
        out: list[str] = []
        i, end = 0, len(codes)
        while i < end:
            lead = codes[i]
            n = _utf8_length(lead)
            if not n:
                out.append(run[i])
                i += 1
                continue
            j, cont = i + 1, []
            while j < end and len(cont) < n - 1 and 0x80 <= codes[j] <= 0xBF:
                cont.append(codes[j])
                j += 1
            if len(cont) == n - 1:  # intact
                out.append(bytes([lead, *cont]).decode("utf-8", "replace"))
                i = j
                continue
            if len(cont) == n - 2:
                replaced = j < end and codes[j] == _REPLACED
                # dropped: after a lead that is no Vietnamese letter, or a lead with one of its
                # continuation bytes (`á»`); a lone `Ã` may be the capital letter
                if replaced or cont or run[i] not in vietnamese:
                    got = _lost_letter(lead, cont, vietnamese)
                    out.append(got)
                    lost += got == "\ufffd"
                    i = j + 1 if replaced else j
                    continue
            out.append(run[i])
            i += 1
        return "".join(out)

    return _RUN.sub(fix, text), lost


def _lost_letter(lead: int, have: list[int], vietnamese: frozenset[str]) -> str:
    """The one Vietnamese letter `lead`, `have` and a lost last byte can make, else U+FFFD."""
    fits = set()
    for b in _LOST:
        ch = bytes([lead, *have, b]).decode("utf-8", "replace")
        if ch in vietnamese:
            fits.add(ch)
    return fits.pop() if len(fits) == 1 else "\ufffd"
