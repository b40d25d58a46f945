"""reader.py: every encoding users have decodes to the same NFC text; every path gives one item."""

from __future__ import annotations

import io
import json
import os
import pickle
import random
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from unionparse import reader
from unionparse.pipeline import extract_text
from unionparse.reader import (
    Document,
    InputError,
    PathItem,
    ReadError,
    decode_bytes,
    iter_items,
    load,
    load_path,
)

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def seed_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese Windows software wrote it: base letter + tone mark.

    cp1258 has â, ê, ô, ă, ơ, ư, đ but not their toned forms, so a letter it lacks is split
    into the letter without its tone (recomposed) and a combining tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in parts if m in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONE_MARKS))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def mojibake(text: str) -> bytes:
    """UTF-8 once read as Windows-1252 (as browsers do, undefined bytes kept) and saved as UTF-8."""
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

    return text.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8")


# (label of the encoded form, encoder, expected Source.encoding)
ENCODINGS = [
    ("utf-8", lambda t: t.encode("utf-8"), "utf-8"),
    ("utf-8-sig", lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
    ("utf-16-le", lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be", lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16-be"),
    ("cp1258", to_cp1258, "cp1258+nfc"),
    ("nfd", lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), "utf-8+nfc"),
    ("mojibake", mojibake, "utf-8+mojibake-repaired"),
]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("name,encode,label", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_seed_in_every_encoding_decodes_to_the_original(seed, name, encode, label):
    original = seed_text(seed)
    data = encode(original)
    if name != "utf-8":
        assert data != original.encode("utf-8")
    text, got = decode_bytes(data, seed.name)
    assert got == label
    assert text == original
    assert extract_text(text).model_dump(exclude={"source"}) == extract_text(original).model_dump(
        exclude={"source"}
    )


def test_cp1258_encoder_round_trips_and_really_uses_combining_marks():
    original = seed_text(SEEDS[0])
    data = to_cp1258(original)
    raw = data.decode("cp1258")
    assert not unicodedata.is_normalized("NFC", raw)  # tone marks stored apart
    assert unicodedata.normalize("NFC", raw) == original


def test_load_fills_source(tmp_path):
    original = seed_text(SEEDS[1])
    data = original.encode("utf-16")
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    doc = load(PathItem(str(path), "shown/a.txt"))
    assert isinstance(doc, Document)
    assert doc.text == original
    assert doc.source.path == "shown/a.txt"
    assert doc.source.bytes == len(data)
    assert doc.source.encoding == "utf-16-le"
    import hashlib

    assert doc.source.sha256 == hashlib.sha256(data).hexdigest()


def test_bom_is_stripped_so_offsets_match():
    text, label = decode_bytes("4.764 đoàn viên".encode("utf-8-sig"))
    assert (text, label) == ("4.764 đoàn viên", "utf-8-sig")
    assert text.index("4.764") == 0


@pytest.mark.parametrize(
    "data,kind",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive or Office document"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"\x1f\x8b\x08\x00", "gzip archive"),
        ("Công đoàn\x00\x00\x00 viên".encode(), "NUL bytes"),
        (bytes(range(1, 32)) * 10, "control characters"),
    ],
)
def test_binary_content_is_refused_with_its_kind(data, kind):
    with pytest.raises(InputError) as info:
        decode_bytes(data, "x.bin")
    assert info.value.code == "binary"
    assert str(info.value) == f"x.bin: not a text file (binary content: {kind})"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\u00a0\n".encode()])
def test_empty_and_blank_are_empty(data):
    with pytest.raises(InputError) as info:
        decode_bytes(data)
    assert info.value.code == "empty"


def test_truncated_multibyte_tail_is_replaced_and_noted():
    data = "Công đoàn cơ sở".encode()[:-1]  # cut inside "ở"
    text, label = decode_bytes(data)
    assert label == "utf-8+replaced"
    assert text == "Công đoàn cơ s\ufffd"


def test_a_few_corrupt_bytes_keep_utf8():
    body = "Công đoàn viên chức tỉnh có 3.942 đoàn viên. " * 20
    data = body.encode() + b"\xff" + body.encode()
    text, label = decode_bytes(data)
    assert label == "utf-8+replaced"
    assert text == body + "\ufffd" + body


def test_utf16_without_bom_is_recognised():
    text, label = decode_bytes("Hội nghị tổng kết năm 2023".encode("utf-16-le"))
    assert (text, label) == ("Hội nghị tổng kết năm 2023", "utf-16-le")


def test_non_vietnamese_legacy_text_goes_to_charset_normalizer():
    original = "Профсоюзная конференция подвела итоги года. " * 5
    text, label = decode_bytes(original.encode("cp1251"))
    assert text == original
    assert label.startswith("cp1251") or label.startswith("windows-1251")


@pytest.mark.parametrize(
    "clean",
    [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "“Một cửa”, “Một cửa liên thông” – 49,8%",
        "Ä is not Vietnamese but this is not mojibake: Ärger, Åsa, Ã",
    ],
)
def test_clean_text_is_not_rewritten_by_mojibake_repair(clean):
    text, label = decode_bytes(clean.encode())
    assert text == clean
    assert label == "utf-8"


def test_mojibake_is_repaired():
    text, label = decode_bytes("CÃ´ng Ä‘oÃ n viÃªn chá»©c".encode())
    assert text == "Công đoàn viên chức"
    assert label == "utf-8+mojibake-repaired"


# --- paths -------------------------------------------------------------------------------------


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a.txt").write_text("A", encoding="utf-8")
    (root / "b" / "c.txt").write_text("C", encoding="utf-8")
    (root / "b" / "deep" / "d.TXT").write_text("D", encoding="utf-8")
    (root / "b" / "skip.md").write_text("M", encoding="utf-8")
    (root / ".hidden.txt").write_text("H", encoding="utf-8")
    (root / "z.txt").write_text("Z", encoding="utf-8")
    return root


def test_folders_are_walked_sorted_and_recursive(tmp_path):
    root = _tree(tmp_path)
    items = list(iter_items([str(root)]))
    assert all(isinstance(i, PathItem) for i in items)
    shown = [os.path.relpath(i.display, root) for i in items]
    assert shown == ["a.txt", "b/c.txt", "b/deep/d.TXT", "z.txt"]
    assert items[0].display == os.path.join(str(root), "a.txt")


def test_input_order_is_kept_and_explicit_files_are_read_whatever_their_ending(tmp_path):
    root = _tree(tmp_path)
    md = root / "b" / "skip.md"
    items = list(iter_items([str(md), str(root / "z.txt"), str(tmp_path / "missing.txt")]))
    assert [type(i) for i in items] == [PathItem, PathItem, ReadError]
    assert items[0].display == str(md)
    assert items[2].code == "not_found"
    assert items[2].message == f"{tmp_path / 'missing.txt'}: no such file"
    assert items[2].source.path == str(tmp_path / "missing.txt")


def test_symlink_loops_do_not_loop(tmp_path):
    root = _tree(tmp_path)
    os.symlink(root, root / "b" / "back")  # folder loop
    os.symlink(root / "self.txt", root / "self.txt")  # file loop
    items = list(iter_items([str(root)]))
    names = [
        os.path.basename(i.display if isinstance(i, PathItem) else i.source.path) for i in items
    ]
    assert names == ["a.txt", "c.txt", "d.TXT", "self.txt", "z.txt"]
    result = load(items[3])
    assert isinstance(result, ReadError) and result.code == "unreadable"
    assert "symbolic link loop" in result.message


def test_folder_that_disappears_mid_run_gives_an_error_not_an_exception(tmp_path):
    root = _tree(tmp_path)
    it = iter_items([str(root)])
    first = next(it)
    assert first.display.endswith("a.txt")
    shutil.rmtree(root / "b")
    rest = list(it)
    assert isinstance(rest[0], ReadError) and rest[0].code == "not_found"
    assert "folder disappeared" in rest[0].message
    assert rest[-1].display.endswith("z.txt")


def test_file_that_disappears_before_load(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("x", encoding="utf-8")
    (item,) = iter_items([str(path)])
    path.unlink()
    result = load(item)
    assert isinstance(result, ReadError) and result.code == "not_found"


def test_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:
        fh.truncate(reader.MAX_BYTES + 1)  # sparse: cheap
    result = load(PathItem(str(path), "big.txt"))
    assert isinstance(result, ReadError) and result.code == "too_large"
    small = load(PathItem(str(path), "big.txt"), max_bytes=10)
    assert small.code == "too_large" and "the limit is 10" in small.message


def test_permission_denied_is_unreadable(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("x", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reader.os, "open", refuse)
    result = load(PathItem(str(path), "locked.txt"))
    assert isinstance(result, ReadError)
    assert (result.code, result.message) == ("unreadable", "locked.txt: permission denied")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_not_a_file_and_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = load(PathItem(str(fifo), "pipe.txt"))
    assert isinstance(result, ReadError) and result.code == "not_a_file"


def test_folder_given_to_load_is_not_a_file(tmp_path):
    result = load(PathItem(str(tmp_path), "d"))
    assert isinstance(result, ReadError) and result.code == "not_a_file"


def test_path_items_are_picklable_for_workers():
    item = PathItem("a/b.txt", "b.txt", "html")
    assert pickle.loads(pickle.dumps(item)) == item


def test_load_path_raises_input_error_with_code(tmp_path):
    with pytest.raises(InputError) as info:
        load_path(str(tmp_path / "nope.txt"))
    assert info.value.code == "not_found"
    assert str(info.value) == f"{tmp_path / 'nope.txt'}: no such file"
    good = tmp_path / "ok"
    good.write_bytes("Hoà bình".encode("utf-16"))
    assert load_path(str(good)).text == "Hoà bình"


def test_stdin_is_read_as_bytes(monkeypatch):
    data = to_cp1258("Công đoàn cơ sở vững mạnh")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (doc,) = iter_items(["-"])
    assert isinstance(doc, Document)
    assert doc.text == "Công đoàn cơ sở vững mạnh"
    assert doc.source.path == "<stdin>"
    assert doc.source.encoding == "cp1258+nfc"


def test_unknown_input_format_is_a_programming_error():
    with pytest.raises(ValueError):
        list(iter_items(["x"], input_format="pdf"))


# --- JSON Lines --------------------------------------------------------------------------------


def _jsonl(tmp_path: Path, lines: list[str], name: str = "crawl.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


def test_jsonl_gives_one_document_per_line_with_url_and_id(tmp_path):
    path = _jsonl(
        tmp_path,
        [
            json.dumps({"id": 7, "url": "https://x.vn/a", "text": "Công đoàn A"}),
            "",
            json.dumps({"id": "b", "content": unicodedata.normalize("NFD", "Đoàn viên")}),
            json.dumps({"body": "CÃ´ng Ä‘oÃ n"}, ensure_ascii=False),
        ],
    )
    docs = list(iter_items([str(path)]))
    assert [d.text for d in docs] == ["Công đoàn A", "Đoàn viên", "Công đoàn"]
    assert [d.source.path for d in docs] == [f"{path}:1", f"{path}:3", f"{path}:4"]
    assert (docs[0].source.url, docs[0].source.id) == ("https://x.vn/a", "7")
    assert docs[1].source.id == "b" and docs[1].source.url is None
    assert [d.source.encoding for d in docs] == ["jsonl", "jsonl+nfc", "jsonl+mojibake-repaired"]
    assert docs[0].source.bytes == len("Công đoàn A".encode())


def test_jsonl_bad_lines_are_errors_naming_file_and_line(tmp_path):
    path = _jsonl(
        tmp_path,
        [
            '{"text": "ok"}',
            '{"text": "broken',
            "[1, 2]",
            '{"title": "no text"}',
            '{"text": ""}',
            '{"text": "still read"}',
        ],
        name="feed.ndjson",
    )
    items = list(iter_items([str(path)]))
    kinds = [(i.code if isinstance(i, ReadError) else "ok") for i in items]
    assert kinds == ["ok", "bad_jsonl", "bad_jsonl", "no_text", "empty", "ok"]
    assert items[1].message.startswith(f"{path}:2: not valid JSON")
    assert items[3].message == f"{path}:4: no string field text, content, body"


def test_jsonl_text_field_option_and_forced_format(tmp_path):
    path = _jsonl(tmp_path, ['{"text": "no", "noi_dung": "Có"}'], name="export.txt")
    assert [type(i) for i in iter_items([str(path)])] == [PathItem]
    (doc,) = iter_items([str(path)], input_format="jsonl", text_field="noi_dung")
    assert doc.text == "Có"


def test_jsonl_line_over_the_cap_is_one_error_and_reading_goes_on(tmp_path):
    path = _jsonl(tmp_path, ['{"text": "' + "x" * 500 + '"}', '{"text": "short"}'])
    items = list(iter_items([str(path)], max_bytes=100))
    assert [getattr(i, "code", "ok") for i in items] == ["too_large", "ok"]
    assert items[1].source.path == f"{path}:2"


@pytest.mark.parametrize(
    "text",
    ["CÁC TIN ĐÃ ĐĂNG\nXÃ HỘI", "Ông NGÃ nói: ĐÃ XONG. Ã ."],
)
def test_vietnamese_capitals_are_not_taken_for_mojibake(text: str) -> None:
    decoded, label = decode_bytes(text.encode("utf-8"))
    assert decoded == text
    assert label == "utf-8"


def test_the_utf8_mojibake_gate_agrees_with_the_text_gate() -> None:
    from unionparse.reader import (
        _MOJIBAKE_LEADS,
        _MOJIBAKE_PAIR,
        _MOJIBAKE_PAIR_UTF8,
        _MOJIBAKE_SECONDS,
    )

    samples = ["Công đoàn “Vững mạnh” – ĐÃ ĐĂNG 2023…", "quá” và Á —", "Cá»™ng Ä‘oÃ n", ""]
    samples += [lead + second for lead in _MOJIBAKE_LEADS for second in _MOJIBAKE_SECONDS]
    samples += [lead + " " + second for lead in _MOJIBAKE_LEADS for second in "“—»"]
    for text in samples:
        expected = bool(_MOJIBAKE_PAIR.search(text))
        assert bool(_MOJIBAKE_PAIR_UTF8.search(text.encode("utf-8"))) is expected, text


def test_the_mojibake_prefilter_never_hides_a_pair() -> None:
    import random

    from unionparse.reader import (
        _MAX_PROBES,
        _MOJIBAKE_LEADS,
        _MOJIBAKE_PAIR_UTF8,
        _MOJIBAKE_SECONDS,
        _may_hold_mojibake_pair,
    )

    assert all(len(c.encode()) == 2 for c in _MOJIBAKE_LEADS)  # the prefilter looks 2 back
    pieces = [*_MOJIBAKE_LEADS, *_MOJIBAKE_SECONDS, "ơ", "ư", "Ò", "ũ", "a", " ", "đ", "ƒ"]
    rng = random.Random(5)
    samples = [lead + second for lead in _MOJIBAKE_LEADS for second in _MOJIBAKE_SECONDS]
    samples += ["".join(rng.choices(pieces, k=rng.randint(0, 12))) for _ in range(5000)]
    samples.append("“x” " * (_MAX_PROBES + 1) + "á”")  # past the probe budget
    found = 0
    for text in samples:
        data = text.encode("utf-8")
        if _MOJIBAKE_PAIR_UTF8.search(data):
            found += 1
            assert _may_hold_mojibake_pair(data), text
    assert found > 500
    assert not _may_hold_mojibake_pair("Công đoàn “Vững mạnh” – ĐÃ ĐĂNG…".encode())


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_a_file_whose_size_stat_does_not_know_is_read_to_its_end() -> None:
    # /proc files say 0 bytes and are read until the end, not up to what stat() said
    result = load(PathItem("/proc/self/status", "/proc/self/status", "text"))
    assert isinstance(result, Document), result
    assert "Name:" in result.text and "VmPeak" in result.text
    assert result.source.bytes == len(result.text.encode())


def test_a_file_is_read_whole_in_one_or_many_reads(tmp_path: Path) -> None:
    body = ("Công đoàn cơ sở vững mạnh. " * 60_000).encode()  # > 1 MiB: several reads
    for data in (b"x", body[:4096], body):
        path = tmp_path / "a.txt"
        path.write_bytes(data)
        result = load(PathItem(str(path), str(path), "text"))
        assert isinstance(result, Document)
        assert result.source.bytes == len(data)
        assert result.text.encode() == data


def test_control_count_gate_agrees_with_the_count() -> None:
    from unionparse.reader import _CONTROL_BYTES, _too_many_controls

    rng = random.Random(7)
    alphabet = ["a", " ", "\n", "\t", "\x1b", "đ", "ạ", *map(chr, _CONTROL_BYTES)]
    for _ in range(3000):
        n = rng.randint(0, 300)
        weights = [50, 10, 3, 2, 1, 5, 5] + [rng.random() * 0.3] * len(_CONTROL_BYTES)
        text = "".join(rng.choices(alphabet, weights, k=n))
        utf8 = text.encode()
        count = len(utf8) - len(utf8.translate(None, _CONTROL_BYTES))
        expected = count > 0 and count * 100 > len(text)
        assert _too_many_controls(text) is expected
        assert _too_many_controls(text, utf8) is expected
