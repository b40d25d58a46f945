"""The unvalidated constructors in models.py make exactly what validation would make."""

from __future__ import annotations

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
    WarningCode,
    article_of,
    award_of,
    built,
    evidence_of,
    members_of,
    party_of,
    rating_of,
    set_field,
    source_of,
    warning_of,
)


def _state(m: object) -> tuple:
    return (
        type(m),
        list(m.__dict__.items()),
        m.__pydantic_fields_set__,  # type: ignore[attr-defined]
        m.__pydantic_extra__,  # type: ignore[attr-defined]
        m.__pydantic_private__,  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize(
    "given",
    [{}, {"sha256": "ab" * 32, "bytes": 12}, {"url": "https://x.vn/a", "id": "7"}],
)
@pytest.mark.parametrize("path", [None, "a/b.txt", "<stdin>"])
def test_source_of_is_source_as_validated(path: str | None, given: dict) -> None:
    made = source_of(path, **given)
    assert _state(made) == _state(Source(path=path, **given))
    set_field(made, "encoding", "utf-8+nfc")
    validated = Source(path=path, **given)
    validated.encoding = "utf-8+nfc"
    assert _state(made) == _state(validated)
    assert made.model_dump_json() == validated.model_dump_json()


def test_source_of_leaves_wrong_values_to_validation() -> None:
    with pytest.raises(ValueError):
        source_of(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        source_of("a", colour="red")  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        set_field(source_of("a"), "colour", "red")


def test_warning_of_stores_the_code_as_validation_does() -> None:
    made = warning_of(WarningCode.percent_mismatch, "ratings[0]", "45 of 50 is 90%")
    validated = Warning(
        code=WarningCode.percent_mismatch, field="ratings[0]", message="45 of 50 is 90%"
    )
    assert _state(made) == _state(validated)
    assert type(made.code) is str


def test_evidence_of_is_built_evidence() -> None:
    made = evidence_of(3, 9, "năm 20", "about")
    assert _state(made) == _state(
        built(Evidence, start=3, end=9, quote="năm 20", qualifier="about")
    )
    assert made == Evidence(start=3, end=9, quote="năm 20", qualifier="about")


def test_rating_of_and_award_of_are_built_models() -> None:
    made = rating_of("vung_manh", 45, 53.5)
    assert _state(made) == _state(built(Rating, category="vung_manh", count=45, percent=53.5))
    assert made == Rating(category="vung_manh", count=45, percent=53.5)
    for args in [("bang_khen", "government", "Thủ tướng", 3, None), ("other", None, None, None, 2)]:
        keys = ("award", "issuer", "issuer_name", "collectives", "individuals")
        made_award = award_of(*args)
        assert _state(made_award) == _state(built(Award, **dict(zip(keys, args, strict=True))))
        assert made_award == Award(**dict(zip(keys, args, strict=True)))


def test_article_members_party_of_are_built_models() -> None:
    assert _state(members_of(5, None, 2)) == _state(built(Members, total=5, female=None, new=2))
    assert _state(party_of(None, 7)) == _state(built(Party, referred=None, admitted=7))
    values = {name: None for name in Article.model_fields}
    values.update(
        source=source_of("a.txt"),
        title="Tổng kết",
        report_year=2023,
        members=members_of(1, 2, 3),
        ratings=[rating_of("kha", 3, None)],
        party=party_of(4, 5),
        awards=[],
        evidence={"title": evidence_of(0, 8, "Tổng kết", None)},
        warnings=[],
    )
    made = article_of(**dict(reversed(values.items())))  # keyword order does not matter
    assert list(made.__dict__) == list(Article.model_fields)  # the JSON follows this order
    assert _state(made) == _state(built(Article, **values))
    assert made.model_dump_json() == Article.model_validate(values).model_dump_json()


def test_built_still_wants_every_field() -> None:
    with pytest.raises(TypeError, match="missing"):
        built(Evidence, start=1, end=2, quote="x")
