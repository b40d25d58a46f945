"""html.py: a saved page gives the text of its article, not its menus, related lists or footer."""

from __future__ import annotations

import html as html_escape
import re
from pathlib import Path

import pytest

pytest.importorskip("selectolax")

from test_reader import to_cp1258  # noqa: E402

from unionparse import html  # noqa: E402
from unionparse.reader import Document, PathItem, ReadError, load  # noqa: E402

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
DATED = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")

# Furniture around every page: numbers and phrases the extractors would happily take.
SENTINELS = [
    "MENU-SENTINEL",
    "Công đoàn Giáo dục tỉnh có 9.999 đoàn viên",
    "RELATED-SENTINEL 777 đoàn viên",
    "FOOTER-SENTINEL Tổng biên tập",
    "ASIDE-SENTINEL 55 tập thể được tặng Bằng khen",
    "SCRIPT-SENTINEL",
]


def paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, whitespace normalised, empty ones dropped."""
    blocks = (" ".join(b.split()) for b in re.split(r"\n\s*\n", text))
    return [b for b in blocks if b]


def page_for(text: str, variant: int) -> str:
    """Wrap an article's text in a news-site page; the variant changes the markup style."""
    parts = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    title, rest = parts[0].strip(), parts[1:]
    dateline = ""
    if rest and DATED.search(rest[0]) and len(rest[0]) < 100:
        dateline, rest = rest[0], rest[1:]

    def block(p: str) -> str:
        return "<br>\n".join(html_escape.escape(line) for line in p.split("\n"))

    body = []
    for i, p in enumerate(rest):
        if i == 0:
            body.append(f"<div><strong>{block(p)}</strong></div>")  # bold lead paragraph
        elif variant == 1 and i % 4 == 0:
            body.append(f'<figure><img src="a.jpg"><figcaption>{block(p)}</figcaption></figure>')
        else:
            body.append(f"<p>{block(p)}</p>")
    esc = html_escape.escape
    date_html = ""
    if dateline:
        date_html = (
            f'<div class="post-date">{block(dateline)}</div>'
            if variant == 0
            else f"<div class='meta'><time datetime='2021-01-22'>{block(dateline)}</time></div>"
        )
    content = "\n".join(body)
    article = (
        f"<article><header><h1 class='title'>{esc(title)}</h1>{date_html}</header>"
        f"<div class='detail-content'>{content}</div>"
        f"<div class='box-tin-lien-quan'><h3>Tin liên quan</h3><ul>"
        f"<li><a href='/1'>{SENTINELS[2]}</a> <span class='time'>01/01/2020</span></li>"
        f"<li><a href='/2'>Hội nghị tổng kết năm 2019</a></li></ul></div></article>"
        if variant == 0
        else f"<div id='main'><h1>{esc(title)}</h1>{date_html}<div class='body'>{content}</div>"
        f"<ul><li><a href='/1'>{SENTINELS[2]}</a></li><li><a href='/2'>Tin khác</a></li>"
        f"<li><a href='/3'>Tin khác nữa</a></li></ul></div>"
    )
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{esc(title)} - Báo Điện tử</title>
<meta property="og:title" content="{esc(title)}">
<style>.x {{ color: red }}</style><script>var s = "{SENTINELS[5]}";</script></head>
<body>
<header class="site-header"><div class="today">Thứ Năm, 21/12/2023</div>
<nav><ul><li><a href="/">{SENTINELS[0]}</a></li><li><a href="/ts">Thời sự</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="/cd">Công đoàn</a></div>
<div class="container">{article}
<aside class="sidebar"><h3>Đọc nhiều</h3><p>{SENTINELS[4]}</p><p>{SENTINELS[1]}</p></aside></div>
<footer><p>{SENTINELS[3]}: Nguyễn Văn A</p><p>Điện thoại: 0238.3844.000</p></footer>
<script>document.write("{SENTINELS[5]}")</script>
</body></html>"""


@pytest.mark.parametrize("variant", [0, 1])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_pages_give_the_article_text(seed, variant):
    original = seed.read_text(encoding="utf-8")
    text = html.html_to_text(page_for(original, variant))
    for sentinel in SENTINELS:
        assert sentinel not in text
    assert "Thứ Năm, 21/12/2023" not in text
    assert paragraphs(text) == paragraphs(original)
    assert text.split("\n", 1)[0] == original.split("\n", 1)[0].strip()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_pages_are_scored_like_the_text(seed, tmp_path):
    from unionparse.pipeline import extract_text

    original = seed.read_text(encoding="utf-8")
    path = tmp_path / "page.html"
    path.write_text(page_for(original, 0), encoding="utf-8")
    doc = load(PathItem(str(path), "page.html"))
    assert isinstance(doc, Document)
    assert doc.source.encoding == "html:utf-8"
    # offsets move (collapsed spaces), so evidence and warning messages are compared by key
    got, want = extract_text(doc.text), extract_text(original)
    skip = {"source", "evidence", "warnings"}
    assert got.model_dump(exclude=skip) == want.model_dump(exclude=skip)
    assert sorted(got.evidence) == sorted(want.evidence)
    assert [(w.code, w.field) for w in got.warnings] == [(w.code, w.field) for w in want.warnings]


def test_bold_lead_paragraph_and_dateline_are_kept():
    page = """<html><body><div class="wrap"><h1>Hội nghị tổng kết</h1>
    <div class="sapo"><strong>(Baonghean.vn) - Chiều 20/12, Công đoàn Viên chức tổ chức hội nghị.</strong></div>
    <div class="content"><p>Năm 2023, toàn ngành có 4.764 đoàn viên, trong đó nữ 2.334.</p>
    <p>Có 45 công đoàn cơ sở đạt vững mạnh xuất sắc, chiếm 53,5%.</p></div></div></body></html>"""
    text = html.html_to_text(page)
    assert text.split("\n\n") == [
        "Hội nghị tổng kết",
        "(Baonghean.vn) - Chiều 20/12, Công đoàn Viên chức tổ chức hội nghị.",
        "Năm 2023, toàn ngành có 4.764 đoàn viên, trong đó nữ 2.334.",
        "Có 45 công đoàn cơ sở đạt vững mạnh xuất sắc, chiếm 53,5%.",
    ]


def test_meta_published_time_becomes_the_dateline_when_the_page_shows_none():
    page = """<html><head><meta property="article:published_time" content="2023-12-21T16:42:00+07:00">
    <meta property="og:title" content="Tổng kết năm 2023"></head>
    <body><h1>Tổng kết năm 2023</h1><p>Công đoàn có 52 công đoàn cơ sở.</p></body></html>"""
    assert (
        html.html_to_text(page)
        == "Tổng kết năm 2023\n\n16:42, 21/12/2023\n\nCông đoàn có 52 công đoàn cơ sở."
    )


def test_shown_date_wins_over_meta_and_is_not_repeated():
    page = """<html><head><meta property="article:published_time" content="2023-12-21T16:42:00">
    </head><body><h1>T</h1><div class="byline">Thứ Tư, ngày 21/12/2022 - 16:42</div>
    <p>Đoạn văn.</p></body></html>"""
    assert html.html_to_text(page) == "T\n\nThứ Tư, ngày 21/12/2022 - 16:42\n\nĐoạn văn."


def test_page_without_article_text_is_empty(tmp_path):
    assert html.html_to_text("<html><body><nav><a>Trang chủ</a></nav></body></html>") == ""
    path = tmp_path / "blank.htm"
    path.write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    result = load(PathItem(str(path), "blank.htm"))
    assert isinstance(result, ReadError) and result.code == "empty"


def test_deeply_nested_page_does_not_hit_the_recursion_limit():
    page = "<html><body>" + "<div>" * 3000 + "<p>Sâu.</p>" + "</div>" * 3000 + "</body></html>"
    assert html.html_to_text(page) == "Sâu."


def test_declared_legacy_charset_is_honoured(tmp_path):
    body = "<html><head><meta charset='windows-1258'></head><body><h1>Công đoàn</h1><p>Hoà bình</p></body></html>"
    path = tmp_path / "old.html"
    path.write_bytes(to_cp1258(body))
    doc = load(PathItem(str(path), "old.html"))
    assert isinstance(doc, Document)
    assert doc.text == "Công đoàn\n\nHoà bình"
    assert doc.source.encoding == "html:cp1258+nfc"


def test_html_is_sniffed_without_the_ending(tmp_path):
    path = tmp_path / "saved_page"
    path.write_text(
        "\n  <!DOCTYPE html><html><body><p>Đoàn viên</p></body></html>", encoding="utf-8"
    )
    doc = load(PathItem(str(path), "saved_page"))
    assert (doc.text, doc.source.encoding) == ("Đoàn viên", "html:utf-8")
    as_text = load(PathItem(str(path), "saved_page", "text"))
    assert as_text.text.lstrip().startswith("<!DOCTYPE html>")


def test_without_selectolax_html_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(html, "LexborHTMLParser", None)
    path = tmp_path / "a.html"
    path.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    result = load(PathItem(str(path), "a.html"))
    assert isinstance(result, ReadError)
    assert result.code == "missing_dependency"
    assert result.message == "a.html: HTML input needs selectolax: pip install 'unionparse[html]'"
