"""Writers: JSON / JSON Lines / CSV text from records, CSV safety, atomic files."""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import pytest

from unionparse.models import (
    Article,
    Award,
    Evidence,
    Members,
    Party,
    Rating,
    Source,
    Warning,
)
from unionparse.writers import (
    ARTICLE_COLUMNS,
    AWARD_COLUMNS,
    RATING_COLUMNS,
    CsvFormatter,
    JsonFormatter,
    JsonlFormatter,
    atomic_output,
    error_record,
    render_all,
    safe_cell,
)


def rich_article(path: str = "seeds/a.txt", title: str = "Công đoàn Viên chức Nghệ An") -> Article:
    text = "x" * 50
    return Article(
        source=Source(path=path, sha256="ab" * 32, bytes=1234, encoding="utf-8"),
        title=title,
        publisher="Báo Nghệ An",
        published="2021-01-22T04:01",
        author="Việt Long",
        organization="Công đoàn Viên chức Nghệ An",
        organization_key="cdvc/nghe-an",
        province="Nghệ An",
        province_2025="Nghệ An",
        event_date="2021-01-22",
        report_year=2020,
        plan_year=2021,
        grassroots_unions=84,
        members=Members(total=4764, female=2334, new=15),
        party=Party(referred=88, admitted=71),
        ratings=[
            Rating(category="vung_manh_xuat_sac", count=45, percent=53.5),
            Rating(category="kha", count=5, percent=0.59),
            Rating(category="kha", count=2),
            Rating(category="yeu", count=None),
        ],
        awards=[
            Award(
                award="bang_khen",
                issuer="provincial_federation",
                issuer_name="Liên đoàn Lao động tỉnh",
                collectives=3,
                individuals=20,
            ),
            Award(award="co_thi_dua", issuer="national_federation", collectives=1),
            Award(award="giay_khen"),
        ],
        evidence={
            "members.total": Evidence(start=1, end=6, quote=text[1:6], qualifier="more_than"),
            "awards[0]": Evidence(start=10, end=20, quote='3 tập thể "và" 20 cá nhân'),
            "ratings[1]": Evidence(start=30, end=35, quote="5 CĐCS"),
        },
        warnings=[
            Warning(code="percent_mismatch", field="ratings[1]", message="5 of 84 is 5.95%"),
            Warning(code="conflicting_values", field="members.total", message="4764 vs 4760"),
        ],
    )


def parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# ---------------------------------------------------------------- JSON / JSON Lines


@pytest.mark.parametrize(
    "title",
    [
        "Công đoàn Viên chức Nghệ An",
        'quote " backslash \\ slash /',
        "tab\tnewline\nnul\x00 bell\x07 del\x7f",
        "line sep \u2028 para sep \u2029 emoji 😀 nbsp\u00a0",
        "",
    ],
)
def test_jsonl_fast_path_is_the_same_text_as_json_dumps(title: str) -> None:
    article = rich_article(title=title)
    fmt = JsonlFormatter()
    fast = fmt.render_model(article)
    assert fast == fmt.render(article.model_dump(mode="json"))
    assert fast.endswith("\n") and fast.count("\n") == 1
    assert json.loads(fast) == article.model_dump(mode="json")
    assert fmt.render_model_bytes(article) == fast.encode("utf-8")
    compact = JsonFormatter(pretty=False)
    assert compact.render_model_bytes(article) == compact.render_model(article).encode("utf-8")
    assert JsonFormatter(pretty=True).render_model_bytes(article) is None
    assert CsvFormatter().render_model_bytes(article) is None


@pytest.mark.parametrize("fmt", [JsonlFormatter(), JsonFormatter(pretty=False)])
def test_bytes_path_fails_where_the_text_path_fails(fmt: JsonlFormatter | JsonFormatter) -> None:
    from pydantic_core import PydanticSerializationError

    article = rich_article(title="lone \ud800 surrogate")
    with pytest.raises(PydanticSerializationError):
        fmt.render_model(article)
    with pytest.raises(PydanticSerializationError):
        fmt.render_model_bytes(article)


@pytest.mark.parametrize("fmt", [JsonlFormatter(), JsonFormatter(), JsonFormatter(pretty=True)])
def test_binary_sink_writes_the_text_sink_bytes(fmt: JsonlFormatter | JsonFormatter) -> None:
    from unionparse.writers import Sink

    articles = [rich_article("a.txt"), rich_article("b.txt", title="tab\t😀")]
    text, raw = io.StringIO(), io.BytesIO()
    sinks = [Sink(text, fmt), Sink(raw, fmt, binary=True)]
    for a in articles:
        fast = fmt.render_model_bytes(a)
        for sink, piece in zip(sinks, [fmt.render_model(a), fast], strict=True):
            sink.write(piece or fmt.render_model(a))
    for sink in sinks:
        sink.close()
    assert raw.getvalue() == text.getvalue().encode("utf-8")


def test_json_pretty_is_json_dumps_indent_2() -> None:
    records = [
        rich_article("a.txt").model_dump(mode="json"),
        error_record(Source(path="b"), "x", "b: y"),
    ]
    out = render_all(records, JsonFormatter(pretty=True))
    assert out == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def test_json_compact_is_one_array_on_one_line() -> None:
    articles = [rich_article("a.txt"), rich_article("b.txt")]
    fmt = JsonFormatter(pretty=False)
    buf = io.StringIO()
    from unionparse.writers import Sink

    sink = Sink(buf, fmt)
    for a in articles:
        sink.write(fmt.render_model(a))
    sink.close()
    assert buf.getvalue().count("\n") == 1
    assert json.loads(buf.getvalue()) == [a.model_dump(mode="json") for a in articles]


@pytest.mark.parametrize("pretty", [True, False])
def test_json_empty_batch_is_an_empty_array(pretty: bool) -> None:
    assert json.loads(render_all([], JsonFormatter(pretty=pretty))) == []


def test_jsonl_has_one_line_per_record() -> None:
    records = [rich_article(f"{i}.txt").model_dump(mode="json") for i in range(3)]
    lines = render_all(records, JsonlFormatter()).splitlines()
    assert [json.loads(x) for x in lines] == records


# ---------------------------------------------------------------- CSV


def test_article_columns_are_fixed() -> None:
    ratings = [
        "vung_manh_xuat_sac",
        "vung_manh",
        "kha",
        "trung_binh",
        "yeu",
        "hoan_thanh_xuat_sac",
        "hoan_thanh_tot",
        "hoan_thanh",
        "khong_hoan_thanh",
        "khong_xep_loai",
    ]
    assert ARTICLE_COLUMNS == [
        "source_path",
        "source_sha256",
        "source_bytes",
        "source_encoding",
        "source_url",
        "source_id",
        "title",
        "publisher",
        "published",
        "author",
        "organization",
        "organization_key",
        "province",
        "province_2025",
        "event_date",
        "report_year",
        "plan_year",
        "period_kind",
        "period_start",
        "period_end",
        "grassroots_unions",
        "members_total",
        "members_female",
        "members_new",
        "party_referred",
        "party_admitted",
        *[f"rating_{c}" for c in ratings],
        "awards_count",
        "warnings",
        "error_code",
        "error_message",
    ]


def test_articles_table_one_row_per_record() -> None:
    records = [
        rich_article("a.txt").model_dump(mode="json"),
        Article(source=Source(path="empty.txt")).model_dump(mode="json"),
        error_record(Source(path="gone.txt"), "not_found", "gone.txt: no such file"),
    ]
    rows = parse_csv(render_all(records, CsvFormatter("articles")))
    assert rows[0] == ARTICLE_COLUMNS
    assert len(rows) == 4 and all(len(r) == len(ARTICLE_COLUMNS) for r in rows)
    first = dict(zip(ARTICLE_COLUMNS, rows[1], strict=True))
    assert first["source_path"] == "a.txt"
    assert first["members_total"] == "4764"
    assert first["party_admitted"] == "71"
    assert first["rating_vung_manh_xuat_sac"] == "45"
    assert first["rating_kha"] == "7"  # two statements of the same category add up
    assert first["rating_yeu"] == ""  # a category with no count stays empty
    assert first["rating_hoan_thanh"] == ""
    assert first["awards_count"] == "3"
    assert first["warnings"] == "percent_mismatch;conflicting_values"
    assert first["error_code"] == first["error_message"] == ""
    empty = dict(zip(ARTICLE_COLUMNS, rows[2], strict=True))
    assert empty["awards_count"] == "0" and empty["title"] == ""
    err = dict(zip(ARTICLE_COLUMNS, rows[3], strict=True))
    assert (err["source_path"], err["error_code"]) == ("gone.txt", "not_found")
    assert err["error_message"] == "gone.txt: no such file"
    assert err["awards_count"] == ""


def test_csv_is_crlf_and_model_fast_path_matches_dict_path() -> None:
    fmt = CsvFormatter("articles")
    article = rich_article()
    piece = fmt.render_model(article)
    assert piece == fmt.render(article.model_dump(mode="json"))
    assert piece.endswith("\r\n") and fmt.header.endswith("\r\n")


def test_awards_table_one_row_per_award() -> None:
    records = [
        rich_article("a.txt").model_dump(mode="json"),
        Article(source=Source(path="none.txt")).model_dump(mode="json"),
        error_record(Source(path="bad.txt"), "binary", "bad.txt: binary"),
        rich_article("b.txt").model_dump(mode="json"),
    ]
    rows = parse_csv(render_all(records, CsvFormatter("awards")))
    assert rows[0] == AWARD_COLUMNS
    body = [dict(zip(AWARD_COLUMNS, r, strict=True)) for r in rows[1:]]
    assert [(r["source_path"], r["award_index"], r["award"]) for r in body] == [
        ("a.txt", "0", "bang_khen"),
        ("a.txt", "1", "co_thi_dua"),
        ("a.txt", "2", "giay_khen"),
        ("b.txt", "0", "bang_khen"),
        ("b.txt", "1", "co_thi_dua"),
        ("b.txt", "2", "giay_khen"),
    ]
    assert body[0]["issuer_name"] == "Liên đoàn Lao động tỉnh"
    assert (body[0]["collectives"], body[0]["individuals"]) == ("3", "20")
    assert body[0]["evidence_quote"] == '3 tập thể "và" 20 cá nhân'
    assert (body[1]["collectives"], body[1]["individuals"], body[1]["evidence_quote"]) == (
        "1",
        "",
        "",
    )


def test_ratings_table_one_row_per_rating() -> None:
    rows = parse_csv(
        render_all([rich_article("a.txt").model_dump(mode="json")], CsvFormatter("ratings"))
    )
    assert rows[0] == RATING_COLUMNS
    body = [dict(zip(RATING_COLUMNS, r, strict=True)) for r in rows[1:]]
    assert [(r["category"], r["count"], r["percent"]) for r in body] == [
        ("vung_manh_xuat_sac", "45", "53.5"),
        ("kha", "5", "0.59"),
        ("kha", "2", ""),
        ("yeu", "", ""),
    ]
    assert body[1]["evidence_quote"] == "5 CĐCS" and body[1]["evidence_start"] == "30"


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
)
def test_csv_injection_is_neutralised(value: str) -> None:
    assert safe_cell(value) == "'" + value
    article = rich_article(title=value)
    article.author = value
    rows = parse_csv(render_all([article.model_dump(mode="json")], CsvFormatter("articles")))
    row = dict(zip(ARTICLE_COLUMNS, rows[1], strict=True))
    assert row["title"] == row["author"] == "'" + value


def test_csv_injection_in_long_tables() -> None:
    article = rich_article("=cmd|' /C calc'!A0.txt")
    article.awards[0].issuer_name = "@evil"
    out = render_all([article.model_dump(mode="json")], CsvFormatter("awards"))
    body = [dict(zip(AWARD_COLUMNS, r, strict=True)) for r in parse_csv(out)[1:]]
    assert body[0]["source_path"] == "'=cmd|' /C calc'!A0.txt"
    assert body[0]["issuer_name"] == "'@evil"


def test_safe_cell_leaves_plain_values_alone() -> None:
    assert safe_cell("Nghệ An") == "Nghệ An"
    assert safe_cell("a=b") == "a=b"
    assert safe_cell(4764) == 4764 and safe_cell(53.5) == 53.5
    assert safe_cell(None) == ""
    assert safe_cell("") == ""


# ---------------------------------------------------------------- atomic files


def test_atomic_output_replaces_only_on_success(tmp_path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("OLD CONTENT\n", encoding="utf-8")
    os.chmod(target, 0o640)
    with pytest.raises(RuntimeError), atomic_output(str(target)) as f:
        f.write("partial line")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "OLD CONTENT\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]  # no temp file left

    with atomic_output(str(target)) as f:
        f.write("new\n")
        assert target.read_text(encoding="utf-8") == "OLD CONTENT\n"  # not visible until done
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640  # permissions kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_atomic_output_survives_keyboard_interrupt(tmp_path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(KeyboardInterrupt), atomic_output(str(target)) as f:
        f.write("a,b\r\n")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_atomic_output_bom(tmp_path) -> None:
    target = tmp_path / "t.csv"
    with atomic_output(str(target), bom=True) as f:
        f.write("tên\r\n")
    assert target.read_bytes() == "\ufefftên\r\n".encode()
    with atomic_output(str(target)) as f:
        f.write("tên\r\n")
    assert target.read_bytes() == "tên\r\n".encode()


def test_atomic_output_names_the_target_when_folder_is_missing(tmp_path) -> None:
    target = tmp_path / "missing" / "out.json"
    with pytest.raises(OSError) as info, atomic_output(str(target)):
        pass
    assert info.value.filename == str(target)
