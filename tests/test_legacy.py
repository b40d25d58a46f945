"""Vietnamese legacy encodings (issue 13, item 7): VISCII and TCVN3 read by tables of our own,
VNI refused with a clear reason, never garbage with exit 0."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from unionparse import legacy

ROOT = Path(__file__).resolve().parent.parent
SEED_FILES = sorted((ROOT / "seeds").glob("*.txt"))
ICONV = {"viscii": "VISCII", "tcvn3": "TCVN5712-1"}
needs_iconv = pytest.mark.skipif(shutil.which("iconv") is None, reason="needs iconv (glibc)")


def iconv(data: bytes, src: str, dst: str) -> bytes:
    return subprocess.run(
        ["iconv", "-c", "-f", src, "-t", dst], input=data, capture_output=True, timeout=30
    ).stdout


@needs_iconv
@pytest.mark.parametrize("encoding", sorted(ICONV))
def test_tables_agree_with_iconv_on_every_byte(encoding: str) -> None:
    for b in range(256):
        theirs = iconv(bytes([b]), ICONV[encoding], "UTF-8").decode()
        assert legacy.TABLES[encoding].get(b, chr(b)) == theirs, hex(b)


@needs_iconv
@pytest.mark.parametrize("encoding", sorted(ICONV))
def test_a_legacy_file_gives_the_record_of_its_utf8_original(tmp_path: Path, encoding: str) -> None:
    original = SEED_FILES[1]
    text = unicodedata.normalize("NFC", original.read_text(encoding="utf-8"))
    # typographic quotes and dashes have no place in these encodings: compare like with like
    data = iconv(text.encode(), "UTF-8", ICONV[encoding])
    plain = iconv(data, ICONV[encoding], "UTF-8").decode()
    (tmp_path / "utf8.txt").write_text(plain, encoding="utf-8")
    (tmp_path / "legacy.txt").write_bytes(data)
    proc = subprocess.run(
        [sys.executable, "-m", "unionparse", "extract", str(tmp_path), "-f", "jsonl"],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    old, new = (json.loads(line) for line in proc.stdout.splitlines())
    assert old["source"]["encoding"] == encoding
    assert old["members"]["total"] is not None
    for key in ("title", "members", "grassroots_unions", "ratings", "awards", "report_year"):
        assert old[key] == new[key], key


def test_vni_is_refused_with_its_name(tmp_path: Path) -> None:
    # "Công đoàn viên chức năm 2013 của và các" in VNI, as its bytes read in Windows-1252
    path = tmp_path / "vni.txt"
    path.write_bytes("Coâng ñoaøn vieân chöùc naêm 2013 cuûa vaø caùc\n".encode("cp1252"))
    proc = subprocess.run(
        [sys.executable, "-m", "unionparse", "extract", str(path), "-f", "jsonl"],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 1
    (rec,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rec["error"]["code"] == "undecodable"
    assert "VNI" in rec["error"]["message"] and "UTF-8" in rec["error"]["message"]


def test_other_text_is_not_taken_for_a_legacy_encoding() -> None:
    for text in ("Ça coûte très cher à Paris, déjà vu.", "Привет, как дела? " * 5):
        for codec in ("cp1252", "cp1251", "latin-1"):
            try:
                data = text.encode(codec)
            except UnicodeEncodeError:
                continue
            assert legacy.guess(data) is None and not legacy.looks_vni(data)
