"""A corpus of hostile and awkward inputs: each gives one record or one error record, no traceback.

The files are generated here (not committed): a few lines of code make each of them, and a
sparse file makes the "too large" one cheap. Run at the reader level and through the CLI.

Unreadable file: `chmod 000` stops everyone but root, so as root (containers, CI) that file is
expected to read fine; the permission path is covered as well by test_reader's monkeypatched
`os.open`.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from test_reader import mojibake, to_cp1258

from unionparse import reader
from unionparse.reader import Document, PathItem, ReadError, iter_items, load

ARTICLE = (
    "Công đoàn Viên chức tỉnh tổng kết năm 2023\n\n"
    "Ngày 20/12/2023, Công đoàn Viên chức tỉnh tổ chức hội nghị. Toàn ngành có 52 công đoàn "
    "cơ sở với 3.942 đoàn viên; 45 CĐCS đạt vững mạnh xuất sắc, chiếm 86,5%.\n"
)
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def build_corpus(base: Path) -> tuple[list[str], dict[str, str]]:
    """Write the corpus; return the paths to pass and {shown path: expected code or 'ok'}."""
    folder = base / "corpus"
    nested = folder / "nested" / "a" / "b"
    nested.mkdir(parents=True)
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, code: str, where: Path = folder) -> Path:
        path = where / name
        path.write_bytes(data)
        expected[str(path)] = code
        return path

    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("article.txt", ARTICLE)
    put("01_empty.txt", b"", "empty")
    put("02_blank.txt", b" \r\n\t\n", "empty")
    put("03_photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(64), "binary")
    put("04_scan.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "binary")
    put("05_archive.txt", zipped.getvalue(), "binary")
    put("06_nul.txt", ARTICLE.encode() + b"\x00\x00\x00" + ARTICLE.encode(), "binary")
    put("07_truncated.txt", ARTICLE.encode()[:-2] + "ở".encode()[:2], "ok")
    huge = put("08_huge.txt", b"", "too_large")
    with open(huge, "wb") as fh:
        fh.truncate(reader.MAX_BYTES + 1)
    put("09_long_line.txt", ("đoàn viên " * 100_000).encode(), "ok")
    put("10_utf8.txt", ARTICLE.encode(), "ok")
    put("11_utf8_bom.txt", ARTICLE.encode("utf-8-sig"), "ok")
    put("12_utf16le.txt", b"\xff\xfe" + ARTICLE.encode("utf-16-le"), "ok")
    put("13_utf16be.txt", b"\xfe\xff" + ARTICLE.encode("utf-16-be"), "ok")
    put("14_cp1258.txt", to_cp1258(ARTICLE), "ok")
    put("15_nfd.txt", unicodedata.normalize("NFD", ARTICLE).encode(), "ok")
    put("16_mojibake.txt", mojibake(ARTICLE), "ok")
    put("17_gzip.txt", gzip.compress(ARTICLE.encode()), "binary")
    put("18_controls.txt", bytes(range(1, 9)) * 200, "binary")
    put("19_utf16_no_bom.txt", ARTICLE.encode("utf-16-le"), "ok")
    put("20_jpeg.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(32), "binary")
    put("21 bài viết có dấu cách.txt", ARTICLE.encode(), "ok")
    put("deep.txt", ARTICLE.encode(), "ok", nested)
    os.symlink(folder, nested / "up")  # folder loop: entered once, no items
    os.symlink(folder / "22_loop.txt", folder / "22_loop.txt")
    expected[str(folder / "22_loop.txt")] = "unreadable"
    os.symlink(folder / "gone.txt", folder / "23_broken_link.txt")
    expected[str(folder / "23_broken_link.txt")] = "not_found"
    locked = put("24_locked.txt", ARTICLE.encode(), "ok" if IS_ROOT else "unreadable")
    locked.chmod(0)
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "25_fifo.txt")
        expected[str(folder / "25_fifo.txt")] = "not_a_file"
    (folder / "skipped.md").write_bytes(b"not matched by *.txt")
    (folder / ".hidden.txt").write_bytes(b"\x00hidden files are skipped in folders")

    outside = base / "named"
    outside.mkdir()
    no_ending = put("article_without_ending", ARTICLE.encode(), "ok", outside)
    page = put(
        "page.html",
        (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>T</title></head><body>"
            "<nav><a href='/'>Trang chủ</a><a href='/x'>Thời sự</a></nav><article><h1>T</h1>"
            + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
            + "</article><footer>Báo</footer></body></html>"
        ).encode(),
        "ok",
        outside,
    )
    bad_page = put("broken.htm", b"<html><body><div><p>unclosed <b>tags" * 500, "ok", outside)
    missing = outside / "missing.txt"
    expected[str(missing)] = "not_found"
    crawl = outside / "crawl.jsonl"
    lines = [
        json.dumps({"id": 1, "url": "https://x.vn/1", "text": ARTICLE}, ensure_ascii=False),
        '{"id": 2, "text": "broken',
        json.dumps({"id": 3, "content": unicodedata.normalize("NFD", ARTICLE)}),
        "",
        json.dumps({"id": 4}),
    ]
    crawl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected.update(
        {f"{crawl}:1": "ok", f"{crawl}:2": "bad_jsonl", f"{crawl}:3": "ok", f"{crawl}:5": "no_text"}
    )
    paths = [str(folder), str(no_ending), str(page), str(bad_page), str(missing), str(crawl)]
    return paths, expected


@pytest.fixture
def corpus(tmp_path):
    paths, expected = build_corpus(tmp_path)
    yield paths, expected
    for path in tmp_path.rglob("*"):  # let pytest clean up the locked file
        if not path.is_symlink() and path.is_file():
            path.chmod(0o644)


def test_corpus_is_big_enough(corpus):
    _, expected = corpus
    assert len(expected) >= 25


def test_every_input_gives_exactly_one_result_at_reader_level(corpus):
    paths, expected = corpus
    got: dict[str, str] = {}
    for item in iter_items(paths):
        result = load(item) if isinstance(item, PathItem) else item
        assert isinstance(result, Document | ReadError)
        key = result.source.path
        assert key not in got, f"two results for {key}"
        got[key] = result.code if isinstance(result, ReadError) else "ok"
        if isinstance(result, ReadError):
            assert "\n" not in result.message
            assert result.message.startswith(key + ": ")
        else:
            assert unicodedata.is_normalized("NFC", result.text)
    assert got == expected


def test_decoded_corpus_files_read_as_the_article(corpus):
    paths, expected = corpus
    folder = Path(paths[0])
    for name in ["11_utf8_bom", "12_utf16le", "13_utf16be", "14_cp1258", "15_nfd", "16_mojibake"]:
        doc = load(PathItem(str(folder / f"{name}.txt"), name))
        assert doc.text == ARTICLE, name


def _cli(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "unionparse", *args],
        capture_output=True,
        timeout=300,
        **kwargs,
    )


@pytest.fixture
def cli_available():
    import importlib.util

    if importlib.util.find_spec("unionparse.cli") is None:
        pytest.skip("the CLI (unionparse/cli.py) is not written yet")


def test_corpus_through_the_cli(corpus, cli_available):
    paths, expected = corpus
    proc = _cli(["extract", *paths, "--format", "jsonl"])
    stderr = proc.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in stderr
    assert proc.returncode == 1
    records = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    got = {r["source"]["path"]: r["error"]["code"] if "error" in r else "ok" for r in records}
    assert len(records) == len(got) == len(expected)
    assert got == expected
    errors = [path for path, code in expected.items() if code != "ok"]
    lines = [line for line in stderr.splitlines() if line.strip()]
    for path in errors:
        assert sum(path + ":" in line for line in lines) >= 1, f"no stderr line for {path}"


def test_cli_skips_error_records_on_request(corpus, cli_available):
    paths, expected = corpus
    proc = _cli(["extract", *paths, "--format", "jsonl", "--errors", "skip", "-q"])
    assert proc.returncode == 1
    records = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert len(records) == sum(code == "ok" for code in expected.values())
    assert all("error" not in r for r in records)


def test_cli_all_good_exits_zero(tmp_path, cli_available):
    path = tmp_path / "ok.txt"
    path.write_bytes(to_cp1258(ARTICLE))
    proc = _cli(["extract", str(path), "--format", "jsonl"])
    assert proc.returncode == 0, proc.stderr
    (record,) = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert record["source"]["encoding"] == "cp1258+nfc"


def test_cli_reads_stdin_bytes(cli_available):
    proc = _cli(["extract", "-", "--format", "jsonl"], input=mojibake(ARTICLE))
    assert proc.returncode == 0, proc.stderr
    (record,) = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert record["source"]["path"] == "<stdin>"
    assert record["source"]["encoding"] == "utf-8+mojibake-repaired"


def test_cli_survives_a_closed_stdout(tmp_path, cli_available):
    for i in range(30):
        (tmp_path / f"{i:02}.txt").write_text(ARTICLE, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "unionparse", "extract", str(tmp_path), "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    try:
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    stderr = err.decode("utf-8", errors="replace")
    assert "Traceback" not in stderr
