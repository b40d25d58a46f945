"""Paths, folders, stdin and raw bytes -> decoded NFC documents, or one clear error per input.

Everything a user can hand us passes through here before extraction, so this is the one place
that knows about files, encodings and bad input. The rule is "nothing is lost": every file that
was named or found gives either a `Document` or a `ReadError` (a code and a one-line message that
names the file), never an exception and never silence.

Decoding, cheapest first (see `decode_bytes`):
  BOM (UTF-8, UTF-16/32 LE/BE) -> magic numbers / NUL bytes mean binary -> strict UTF-8 ->
  UTF-8 with a truncated tail or a few bad bytes (replaced, noted) -> Windows-1258 when the
  result reads as Vietnamese (our own check: charset detectors do not know Vietnamese well) ->
  charset-normalizer's best guess -> error.
Then mojibake repair with ftfy, only when a cheap marker test fires, and NFC.
`Source.encoding` records every step taken, e.g. "utf-8-sig", "cp1258+nfc",
"utf-8+mojibake-repaired", "html:utf-8", "jsonl".
"""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from unionparse.models import Source

MAX_BYTES = 50 * 1024 * 1024
"""Largest input read, in bytes (per file; per line for JSON Lines). A news article is well
under 1 MB; the cap keeps a stray 200 MB dump from exhausting memory. Checked with stat()
before reading, and again while reading (files that grow, stdin)."""

INPUT_FORMATS = ("auto", "text", "html", "jsonl")
TEXT_FIELDS = ("text", "content", "body")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
STDIN_NAME = "<stdin>"

ERROR_CODES: dict[str, str] = {
    "not_found": "the path does not exist (also: broken symbolic link, vanished file or folder)",
    "unreadable": "the operating system refused to read it (permissions, symlink loop, I/O error)",
    "not_a_file": "not a regular file (FIFO, socket, device)",
    "too_large": "larger than the size cap (MAX_BYTES, --max-bytes)",
    "empty": "no text: zero bytes, only whitespace, or a page without article text",
    "binary": "not text: a known binary format (PNG, PDF, ZIP, ...), NUL bytes or control codes",
    "undecodable": "bytes that no supported text encoding explains",
    "bad_jsonl": "a JSON Lines line that is not a JSON object in UTF-8",
    "no_text": "a JSON Lines object without a string text field",
    "missing_dependency": "HTML input without the optional selectolax (pip install 'unionparse[html]')",
}


@dataclass(frozen=True)
class PathItem:
    """A file still to read; cheap and picklable so workers can load it."""

    path: str
    display: str
    input_format: str = "auto"


@dataclass
class Document:
    """Decoded NFC text and where it came from."""

    source: Source
    text: str


@dataclass
class ReadError:
    """An input that could not become a document; `message` names the file and the reason."""

    source: Source
    code: str
    message: str


class InputError(Exception):
    """Bad input for library users: `code` is one of ERROR_CODES."""

    def __init__(self, code: str, reason: str, name: str = "") -> None:
        self.code = code
        self.reason = reason
        self.name = name
        super().__init__(f"{name}: {reason}" if name else reason)


# --- decoding ---------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"wOFF", "web font"),
    (b"{\\rtf", "RTF document"),
)

# Mojibake of Vietnamese UTF-8 read as Windows-1252: the lead bytes C3/C4/C5/C6/E1 show up as
# these. Gate only: ftfy (about 2 ms an article) runs when one fires, and decides.
_MOJIBAKE_MARKERS = re.compile("Ã|Ä|Å|á»|áº|Æ°|Æ¡")
# A UTF-8 lead byte shown in Windows-1252 (Â-Æ, á) followed by a continuation byte so shown
# (0xA0-0xBF as Latin-1, 0x80-0x9F as cp1252's punctuation). A bare `Ã` is not enough: it is a
# Vietnamese capital (`ĐÃ ĐĂNG`), and ftfy costs milliseconds on clean text.
_MOJIBAKE_LEADS = "\u00c2\u00c3\u00c4\u00c5\u00c6\u00e1"
_MOJIBAKE_SECONDS = (
    "".join(map(chr, range(0xA0, 0xC0)))
    + "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d"
    + "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
)
_MOJIBAKE_PAIR = re.compile(f"[{_MOJIBAKE_LEADS}][{_MOJIBAKE_SECONDS}]")
# The same pairs as UTF-8 bytes: on a file that decoded as strict UTF-8 this test is exact and
# runs ~8x faster than the character class over the decoded text (the gate runs on every file).
_MOJIBAKE_PAIR_UTF8 = re.compile(
    b"(?:"
    + b"|".join(re.escape(c.encode()) for c in _MOJIBAKE_LEADS)
    + b")(?:"
    + b"|".join(re.escape(c.encode()) for c in _MOJIBAKE_SECONDS)
    + b")"
)


def _probes() -> tuple[tuple[int, int], ...]:
    """(byte, offset) to find the pairs by: for each second, a byte of it rare in Vietnamese UTF-8
    (its first, except 0xC6, which also opens ơ and ư: then its second) and where it stands."""
    out = set()
    for c in _MOJIBAKE_SECONDS:
        b = c.encode()
        off = 1 if b[0] == 0xC6 else 0
        out.add((b[off], off))
    return tuple(sorted(out))


_PAIR_PROBES = _probes()
_LEADS_UTF8 = frozenset(c.encode() for c in _MOJIBAKE_LEADS)
_LEAD_FIRST_BYTES = frozenset(lead[0] for lead in _LEADS_UTF8)  # {0xC3}: an int test first
_MAX_PROBES = 64  # more candidates than this: the regular expression decides at once


def _may_hold_mojibake_pair(utf8: bytes) -> bool:
    """False only when _MOJIBAKE_PAIR_UTF8 cannot match (it then need not run, ~half the cost
    of decoding): every pair holds one of the probe bytes, found with memchr, right after a
    lead (two bytes). Real text has a few such bytes (quotes, dashes, no-break spaces)."""
    tried = 0
    for probe, off in _PAIR_PROBES:
        i = utf8.find(probe)
        while i >= 0:
            start = i - off
            if (
                start >= 2
                and utf8[start - 2] in _LEAD_FIRST_BYTES  # no slice for most (a space before)
                and utf8[start - 2 : start] in _LEADS_UTF8
            ):
                return True
            tried += 1
            if tried > _MAX_PROBES:
                return True
            i = utf8.find(probe, i + 1)
    return False


_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_SNIFF = 65536  # bytes enough to choose an encoding; the whole input is then decoded with it


def _vietnamese_letters() -> tuple[frozenset[str], frozenset[str]]:
    """All precomposed Vietnamese letters, and those Windows-1252 cannot show (ă, ơ, ư, đ, ạ...)."""
    marks = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    letters = {"đ", "Đ"}
    for base in "aăâeêioôơuưy":
        for mark in marks:
            ch = unicodedata.normalize("NFC", base + mark)
            letters.update((ch, ch.upper()))
    non_ascii = frozenset(c for c in letters if ord(c) > 127)
    specific = frozenset(c for c in non_ascii if ord(c) > 0xFF)
    return non_ascii, specific


_VI_LETTERS, _VI_SPECIFIC = _vietnamese_letters()


def _looks_vietnamese(text: str) -> bool:
    """True when non-ASCII letters are nearly all Vietnamese and some are Vietnamese-only.

    Used to accept a Windows-1258 decoding: wrong guesses leave stray combining marks or
    letters Vietnamese does not use (Ì, Þ, ð...)."""
    viet = specific = other = 0
    for ch in text:
        if ord(ch) < 0x80:
            continue
        if ch in _VI_LETTERS:
            viet += 1
            specific += ch in _VI_SPECIFIC
        elif unicodedata.combining(ch) or ch.isalpha():
            other += 1
    return specific > 0 and viet >= 9 * other


_MAGIC_STARTS = tuple(magic for magic, _kind in _MAGIC)


def _binary_kind(data: bytes) -> str | None:
    if not data.startswith(_MAGIC_STARTS):  # one call for the common case: text
        return None
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte, on one side."""
    if len(head) < 8:
        return None
    even = head[0::2].count(0) / (len(head) // 2)
    odd = head[1::2].count(0) / (len(head) // 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _too_many_controls(text: str, utf8: bytes | None = None) -> bool:
    """More than 1% C0 control characters (other than tab, newlines, form feed, escape).

    `utf8`: the bytes `text` is the strict decoding of, if so: a control character is one byte
    in UTF-8, so they are counted there without encoding the text again.
    """
    head = text[:_SNIFF]
    if utf8 is not None and len(text) <= _SNIFF:
        sample = utf8
    else:
        sample = head.encode("utf-8", errors="surrogatepass")
    if not any(map(sample.__contains__, _CONTROL_BYTES)):  # memchr per byte value: 4x faster
        return False  # than the count below, which nearly every file would need only to get 0
    n = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return n * 100 > len(head)


def _repair_unicode(text: str, utf8: bytes | None = None) -> tuple[str, str]:
    """Mojibake repair (gated) then NFC; returns the text and the label suffix.

    `utf8`: the bytes `text` was strictly decoded from, when it was, for the faster gate.
    """
    suffix = ""
    if utf8 is not None:
        pair = _may_hold_mojibake_pair(utf8) and _MOJIBAKE_PAIR_UTF8.search(utf8)
    else:
        pair = _MOJIBAKE_PAIR.search(text)
    if pair:
        # every sequence on its own first, lost bytes included (ftfy repairs whole stretches
        # or nothing, and leaves U+FFFD where a byte was lost); kept when it removes markers
        from unionparse.mojibake import repair

        pre = repair(text, _VI_LETTERS)[0]
        if pre != text and len(_MOJIBAKE_MARKERS.findall(pre)) < len(
            _MOJIBAKE_MARKERS.findall(text)
        ):
            text, suffix = pre, "+mojibake-repaired"
        fixed = _ftfy_fix(text)
        markers = len(_MOJIBAKE_MARKERS.findall(fixed))
        if fixed != text and markers < len(_MOJIBAKE_MARKERS.findall(text)):
            # "à" is C3 A0, shown "Ã" + no-break space; copied text often has a plain space
            # there. Once ftfy has judged the text mojibake, restore that byte and retry.
            if "Ã " in text:
                again = _ftfy_fix(text.replace("Ã ", "Ã\u00a0"))
                if len(_MOJIBAKE_MARKERS.findall(again)) <= markers and again.count(
                    "\ufffd"
                ) <= fixed.count("\ufffd"):
                    fixed = again
            text = fixed
            suffix = "+mojibake-repaired"
    normalized = unicodedata.normalize("NFC", text)  # the same object when already NFC
    if normalized is not text:
        text, suffix = normalized, suffix + "+nfc"
    return text, suffix


def _ftfy_fix(text: str) -> str:
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_c1_controls=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return ftfy.fix_text(text, config)


def _decode_utf8(data: bytes) -> tuple[str, str]:
    """Strict UTF-8, or UTF-8 with replacement when only a few bytes (or the tail) are bad."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # file cut in the middle of a character
            return data.decode("utf-8", errors="replace"), "utf-8+replaced"
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text[: _SNIFF * 4] if ord(ch) > 0x7F) - bad
    if good >= 20 * bad:  # a UTF-8 file with a few corrupt bytes, not a legacy code page
        return text, "utf-8+replaced"
    raise UnicodeError("not UTF-8")


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Bytes that are not UTF-8: Windows-1258 if it reads as Vietnamese, else a detector's guess."""
    head = data[:_SNIFF]
    try:
        sample = unicodedata.normalize("NFC", head.decode("cp1258"))
    except UnicodeDecodeError:
        sample = ""
    if sample and _looks_vietnamese(sample):
        text = data.decode("cp1258", errors="replace")
        label = "cp1258" if "\ufffd" not in text else "cp1258+replaced"
        return text, label
    from unionparse import legacy

    found = legacy.guess(head)  # VISCII, TCVN3: no Python codec, tables of our own
    if found is not None:
        return legacy.decode(data, found), found
    if legacy.looks_vni(head):
        raise UnicodeError("VNI")
    import charset_normalizer

    best = charset_normalizer.from_bytes(head).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        raise UnicodeError("unknown encoding")
    codec = best.encoding
    text = data.decode(codec, errors="replace")
    return text, codec.replace("_", "-") + ("+replaced" if "\ufffd" in text else "")


# a Vietnamese letter of the Latin Extended Additional block in UTF-8 (`ệ`, `ộ`, `ữ`: E1 BA/BB xx):
# in a single-byte legacy encoding those three bytes would be three marked letters in a row
_UTF8_VIETNAMESE = re.compile(rb"\xe1[\xba\xbb][\x80-\xbf]")


def decode_bytes(data: bytes, name: str = "") -> tuple[str, str]:
    """Raw bytes -> (NFC text, encoding label). Raises InputError for empty or binary input."""
    if not data:
        raise InputError("empty", "empty file (0 bytes)", name)
    text: str | None = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            base = codec.removesuffix("-sig") if codec == "utf-8-sig" else codec
            try:
                text, label = body.decode(base), codec
            except UnicodeDecodeError:
                text, label = body.decode(base, errors="replace"), codec + "+replaced"
            break
    if text is None:
        kind = _binary_kind(data)
        nul = data.find(b"\x00") if kind is None else -1  # memchr, no copy of the head
        if 0 <= nul < _SNIFF:
            utf16 = _utf16_without_bom(data[:_SNIFF])
            if utf16 is None:
                kind = "NUL bytes"
            else:
                text, label = data.decode(utf16, errors="replace"), utf16
                if "\ufffd" in text:
                    label += "+replaced"
        elif nul >= 0:
            kind = "NUL bytes"
        if kind is not None:
            raise InputError("binary", f"not a text file (binary content: {kind})", name)
    if text is None:
        try:
            text, label = _decode_utf8(data)
        except UnicodeError:
            if len(_UTF8_VIETNAMESE.findall(data, 0, 1 << 20)) >= 5:
                raise InputError(
                    "undecodable",
                    "mixed encodings: part of the file is UTF-8 Vietnamese and part is not "
                    "(a legacy encoding such as cp1258 or TCVN3 pasted in?): save it all as UTF-8",
                    name,
                ) from None
            try:
                text, label = _decode_legacy(data)
            except UnicodeError as exc:
                if str(exc) == "VNI":
                    raise InputError(
                        "undecodable",
                        "Vietnamese in the VNI font encoding, which is not read here: "
                        "save it as UTF-8 (e.g. with UniKey's converter)",
                        name,
                    ) from None
                raise InputError(
                    "undecodable", "not a text file (no text encoding fits its bytes)", name
                ) from None
            if not unicodedata.is_normalized("NFC", text):
                text = unicodedata.normalize("NFC", text)
                label += "+nfc"
            return _checked(text, label, name)
    strict = data if label == "utf-8" else None
    text, suffix = _repair_unicode(text, strict)
    return _checked(text, label + suffix, name, strict if not suffix else None)


def _checked(text: str, label: str, name: str, utf8: bytes | None = None) -> tuple[str, str]:
    """`utf8`: the bytes `text` is the strict decoding of, if so (searched faster than text)."""
    nul = b"\x00" in utf8 if utf8 is not None else "\x00" in text
    if nul or _too_many_controls(text, utf8):
        raise InputError("binary", "not a text file (binary content: control characters)", name)
    if not text or text.isspace():  # as `not text.strip()`, without copying the text
        raise InputError("empty", "no text (only whitespace)", name)
    return text, label


# --- HTML -------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def looks_like_html(text: str) -> bool:
    """A whole saved page: starts (after whitespace) with <!doctype html or <html."""
    first = text[:1]
    if first != "<" and not first.isspace():  # what nearly every article starts with
        return False
    head = text[:512].lstrip().lower()
    if head.startswith("<?xml"):
        head = head[head.find("?>") + 2 :].lstrip()
    while head.startswith("<!--") and "-->" in head:
        head = head[head.find("-->") + 3 :].lstrip()
    return head.startswith(("<!doctype html", "<html"))


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    """A page's bytes -> text, honouring <meta charset> when the bytes agree with it."""
    import codecs

    has_bom = data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
    match = None if has_bom else _META_CHARSET.search(data[:4096])
    if match is not None and _binary_kind(data) is None and b"\x00" not in data[:_SNIFF]:
        try:
            codec = codecs.lookup(match.group(1).decode("ascii")).name
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            text, suffix = _repair_unicode(text) if codec.startswith("utf") else (text, "")
            if not unicodedata.is_normalized("NFC", text):
                text, suffix = unicodedata.normalize("NFC", text), suffix + "+nfc"
            return _checked(text, codec + suffix, name)
    return decode_bytes(data, name)


def _page_to_text(page: str, label: str, name: str) -> tuple[str, str]:
    from unionparse import html

    try:
        text = html.html_to_text(page)
    except html.HtmlUnavailable:
        raise InputError(
            "missing_dependency",
            "HTML input needs selectolax: pip install 'unionparse[html]'",
            name,
        ) from None
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError("empty", "no article text found in the page", name)
    return text, "html:" + label


# --- files ------------------------------------------------------------------------------------


def _os_error(exc: OSError, name: str) -> InputError:
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return InputError("not_found", "no such file", name)
    if isinstance(exc, PermissionError):
        return InputError("unreadable", "permission denied", name)
    if isinstance(exc, IsADirectoryError):
        return InputError("not_a_file", "is a folder", name)
    if exc.errno == errno.ELOOP:
        return InputError("unreadable", "symbolic link loop", name)
    return InputError("unreadable", exc.strerror or exc.__class__.__name__, name)


def _read_file(path: str, name: str, max_bytes: int) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: a FIFO must not hang us
    except OSError as exc:
        raise _os_error(exc, name) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("not_a_file", "is a folder", name)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not_a_file", "not a regular file (FIFO, socket or device)", name)
        if info.st_size > max_bytes:
            raise _too_large(info.st_size, max_bytes, name)
        chunks: list[bytes] = []
        size = 0
        expected = info.st_size
        # one byte more than stat() says: a read that then falls short at exactly that size has
        # met the end of a regular file, and needs no second read to see it (a /proc file says
        # 0; a file that grew gives the extra byte and is read on)
        want = expected + 1 if expected else 1 << 20
        while size <= max_bytes:  # st_size can lie (growing files, /proc): count as we go
            ask = min(max_bytes + 1 - size, want, 1 << 20) or 1
            chunk = os.read(fd, ask)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size == expected and len(chunk) < ask:
                break
            want = 1 << 20
    except OSError as exc:
        raise _os_error(exc, name) from None
    finally:
        os.close(fd)
    if size > max_bytes:
        raise _too_large(None, max_bytes, name)
    return b"".join(chunks)


def _too_large(size: int | None, max_bytes: int, name: str) -> InputError:
    got = f"{size} bytes" if size is not None else f"more than {max_bytes} bytes"
    return InputError(
        "too_large", f"too large ({got}; the limit is {max_bytes}, see --max-bytes)", name
    )


def _document(data: bytes, name: str, input_format: str, suffix_hint: str) -> Document:
    """Bytes of one article (text or HTML) -> Document; raises InputError."""
    source = Source(path=name, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    try:
        is_html = input_format == "html" or (
            input_format == "auto" and suffix_hint.lower().endswith(HTML_SUFFIXES)
        )
        if is_html:
            text, label = _page_to_text(*_decode_html(data, name), name)
        else:
            text, label = decode_bytes(data, name)
            if input_format == "auto" and looks_like_html(text):
                text, label = _page_to_text(text, label, name)
    except InputError as exc:
        exc.source = source  # type: ignore[attr-defined]
        raise
    source.encoding = label
    return Document(source=source, text=text)


def load(item: PathItem, max_bytes: int = MAX_BYTES) -> Document | ReadError:
    """Read and decode one file. Never raises for bad input: returns a ReadError instead."""
    try:
        data = _read_file(item.path, item.display, max_bytes)
        return _document(data, item.display, item.input_format, item.path)
    except InputError as exc:
        source = getattr(exc, "source", None) or Source(path=item.display)
        return ReadError(source=source, code=exc.code, message=str(exc))


def load_path(path: str, max_bytes: int = MAX_BYTES, input_format: str = "auto") -> Document:
    """Read one file for library users; raises InputError (with `.code`) on bad input."""
    result = load(PathItem(path, path, input_format), max_bytes=max_bytes)
    if isinstance(result, ReadError):
        raise InputError(result.code, result.message.removeprefix(f"{path}: "), path)
    return result


# --- JSON Lines -------------------------------------------------------------------------------


def _jsonl_line(raw: bytes, where: str, text_field: str | None) -> Document | ReadError:
    src = Source(path=where)
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return ReadError(src, "bad_jsonl", f"{where}: line is not UTF-8")
    except json.JSONDecodeError as exc:
        return ReadError(
            src, "bad_jsonl", f"{where}: not valid JSON ({exc.msg}, column {exc.colno})"
        )
    except RecursionError:
        return ReadError(src, "bad_jsonl", f"{where}: JSON nested too deeply")
    if not isinstance(obj, dict):
        return ReadError(
            src, "bad_jsonl", f"{where}: expected a JSON object, got {type(obj).__name__}"
        )
    for key in ("url", "id"):
        value = obj.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            setattr(src, key, str(value))
    fields = (text_field,) if text_field else TEXT_FIELDS
    text = next((obj[f] for f in fields if isinstance(obj.get(f), str)), None)
    if text is None:
        wanted = ", ".join(fields)
        return ReadError(src, "no_text", f"{where}: no string field {wanted}")
    data = text.encode("utf-8", errors="surrogatepass")
    src.sha256 = hashlib.sha256(data).hexdigest()
    src.bytes = len(data)
    try:
        text = text.encode("utf-8", errors="replace").decode("utf-8")  # lone surrogates from \ud800
        if looks_like_html(text):
            text, label = _page_to_text(text, "jsonl", where)
        else:
            text, suffix = _repair_unicode(text)
            text, label = _checked(text, "jsonl" + suffix, where)
    except InputError as exc:
        return ReadError(src, exc.code, str(exc))
    src.encoding = label
    return Document(source=src, text=text)


def _iter_jsonl_stream(
    fh, display: str, text_field: str | None, max_bytes: int
) -> Iterator[Document | ReadError]:
    lineno = 0
    while True:
        try:
            raw = fh.readline(max_bytes + 1)
        except OSError as exc:
            yield ReadError(Source(path=display), *_err_parts(_os_error(exc, display)))
            return
        if not raw:
            return
        lineno += 1
        where = f"{display}:{lineno}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            yield ReadError(Source(path=where), *_err_parts(_too_large(None, max_bytes, where)))
            while raw and not raw.endswith(b"\n"):  # skip the rest of the long line
                raw = fh.readline(max_bytes + 1)
            continue
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if raw.strip():
            yield _jsonl_line(raw, where, text_field)


def _err_parts(exc: InputError) -> tuple[str, str]:
    return exc.code, str(exc)


def _iter_jsonl_file(
    path: str, display: str, text_field: str | None, max_bytes: int
) -> Iterator[Document | ReadError]:
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below, generator-friendly
    except OSError as exc:
        yield ReadError(Source(path=display), *_err_parts(_os_error(exc, display)))
        return
    with fh:
        yield from _iter_jsonl_stream(fh, display, text_field, max_bytes)


# --- paths and folders ------------------------------------------------------------------------


def _is_jsonl(path: str, input_format: str) -> bool:
    return input_format == "jsonl" or (
        input_format == "auto" and path.lower().endswith(JSONL_SUFFIXES)
    )


class _Pushback:
    """A stream whose first line was read already, to read again."""

    def __init__(self, first: bytes, stream: Any) -> None:
        self.first, self.stream = first, stream

    def readline(self, limit: int = -1) -> bytes:
        if self.first:
            line, self.first = self.first, b""
            return line
        return self.stream.readline(limit)


def _jsonl_record(line: bytes, text_field: str | None) -> bool:
    """Whether a first line is a JSON object holding an article's text: JSON Lines."""
    line = line.removeprefix(b"\xef\xbb\xbf").strip()
    if not line.startswith(b"{") or not line.endswith(b"}"):
        return False
    try:
        obj = json.loads(line)
    except ValueError:
        return False
    fields = (text_field,) if text_field else ("text", "content", "body")
    return isinstance(obj, dict) and any(isinstance(obj.get(f), str) for f in fields)


def _stdin_items(
    input_format: str, text_field: str | None, max_bytes: int
) -> Iterator[Document | ReadError]:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        yield ReadError(Source(path=STDIN_NAME), "unreadable", f"{STDIN_NAME}: no standard input")
        return
    if input_format == "jsonl":
        yield from _iter_jsonl_stream(stream, STDIN_NAME, text_field, max_bytes)
        return
    try:
        first = stream.readline(max_bytes + 1) if input_format == "auto" else b""
        if first and _jsonl_record(first, text_field):  # JSON Lines by content
            yield from _iter_jsonl_stream(
                _Pushback(first, stream), STDIN_NAME, text_field, max_bytes
            )
            return
        data = first + stream.read(max_bytes + 1 - len(first))
        if len(data) > max_bytes:
            raise _too_large(None, max_bytes, STDIN_NAME)
        yield _document(data, STDIN_NAME, input_format, "")
    except OSError as exc:
        yield ReadError(Source(path=STDIN_NAME), *_err_parts(_os_error(exc, STDIN_NAME)))
    except InputError as exc:
        source = getattr(exc, "source", None) or Source(path=STDIN_NAME)
        yield ReadError(source, exc.code, str(exc))


def _walk(
    root: str, glob: str, input_format: str, text_field: str | None, max_bytes: int
) -> Iterator[PathItem | Document | ReadError]:
    """Depth-first, sorted by name, following symlinks; each real folder is entered once.

    Hidden entries (names starting with '.') are skipped in folders: .git, .DS_Store, macOS
    '._x.txt' resource forks. A folder that vanishes or cannot be listed is a ReadError."""
    pattern = glob.lower()
    seen: set[tuple[int, int]] = set()
    try:
        info = os.stat(root)
        seen.add((info.st_dev, info.st_ino))
    except OSError as exc:
        yield ReadError(Source(path=root), *_err_parts(_os_error(exc, root)))
        return
    stack: list[Iterator[tuple[str, str, bool]]] = [iter([(root, root, True)])]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path, display, is_dir = entry
        if not is_dir:
            if _is_jsonl(path, input_format):
                yield from _iter_jsonl_file(path, display, text_field, max_bytes)
            else:
                yield PathItem(path, display, input_format)
            continue
        try:
            # a folder of 100,000 files is held as sorted names (~60 bytes a file), not as
            # DirEntry objects and joined paths (~360); whether an entry is a folder is still
            # decided now, while listing (d_type: no extra system call for files)
            names: list[str] = []
            folders: dict[str, tuple[int, int]] = {}
            with os.scandir(path) as it:
                for e in it:
                    if e.name.startswith("."):
                        continue
                    names.append(e.name)
                    try:
                        if e.is_dir(follow_symlinks=True):
                            st = os.stat(e.path)
                            folders[e.name] = (st.st_dev, st.st_ino)
                    except OSError:
                        pass  # vanished or a symlink loop: decided by its name, like a file
            names.sort()
            # one string while the folder is walked: a str object per name would keep memory
            # growing with the size of the folder for the whole run
            listing = "\0".join(names)
            del names
        except OSError as exc:
            reason = "folder disappeared" if isinstance(exc, FileNotFoundError) else None
            err = _os_error(exc, display)
            yield ReadError(Source(path=display), err.code, f"{display}: {reason or err.reason}")
            continue
        stack.append(_children(path, display, listing, folders, pattern, seen))


def _children(
    path: str,
    display: str,
    listing: str,
    folders: dict[str, tuple[int, int]],
    pattern: str,
    seen: set[tuple[int, int]],
) -> Iterator[tuple[str, str, bool]]:
    """The entries of one folder in name order (`listing`: names joined by NUL, which no file
    name holds); paths are joined only when their turn comes."""
    pos, end = 0, len(listing)
    while pos < end:
        cut = listing.find("\0", pos)
        cut = end if cut < 0 else cut
        name, pos = listing[pos:cut], cut + 1
        child, child_display = os.path.join(path, name), os.path.join(display, name)
        if name in folders:
            key = folders[name]
            if key not in seen:  # a symlink back up the tree is entered only once
                seen.add(key)
                yield (child, child_display, True)
            continue
        if fnmatch.fnmatchcase(name.lower(), pattern):
            yield (child, child_display, False)


def iter_items(
    paths: Sequence[str],
    glob: str = "*.txt",
    input_format: str = "auto",
    text_field: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[PathItem | Document | ReadError]:
    """Every input, in order: PathItem (file to `load`), Document (stdin, JSON Lines) or ReadError.

    Folders are walked recursively, sorted, matching `glob` (case-insensitive, on the file
    name); a file named explicitly is read whatever its ending; "-" is standard input."""
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {', '.join(INPUT_FORMATS)}")
    for path in paths:
        if path == "-":
            yield from _stdin_items(input_format, text_field, max_bytes)
            continue
        try:
            info = os.stat(path)
        except OSError as exc:
            err = _os_error(exc, path)
            if isinstance(exc, FileNotFoundError) and os.path.islink(path):
                err = InputError("not_found", "broken symbolic link", path)
            yield ReadError(Source(path=path), err.code, str(err))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, glob, input_format, text_field, max_bytes)
        elif _is_jsonl(path, input_format):
            yield from _iter_jsonl_file(path, path, text_field, max_bytes)
        else:
            yield PathItem(path, path, input_format)
