"""Models made without validation (`built`) are exactly what validation and model_construct make,
so every record extract writes is one a strict reader accepts."""

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
    built,
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
    ("cls", "values"),
    [
        (Evidence, {"start": 3, "end": 9, "quote": "năm 20", "qualifier": "about"}),
        (Rating, {"category": "vung_manh", "count": 45, "percent": 53.5}),
        (
            Award,
            {
                "award": "bang_khen",
                "issuer": "government",
                "issuer_name": "Thủ tướng",
                "collectives": 3,
                "individuals": None,
            },
        ),
        (Members, {"total": 5, "female": None, "new": 2}),
        (Party, {"referred": None, "admitted": 7}),
    ],
)
def test_built_is_model_construct_and_validation(cls: type, values: dict) -> None:
    made = built(cls, **values)
    assert _state(made) == _state(cls.model_construct(**values))
    assert made == cls(**values)
    assert made.model_dump_json() == cls(**values).model_dump_json()


def test_a_built_article_dumps_as_the_validated_one_in_model_order() -> None:
    values = {name: None for name in Article.model_fields}
    values.update(
        source=Source(path="a.txt"),
        title="Tổng kết",
        report_year=2023,
        members=built(Members, total=1, female=2, new=3),
        ratings=[built(Rating, category="kha", count=3, percent=None)],
        party=built(Party, referred=4, admitted=5),
        awards=[],
        evidence={"title": built(Evidence, start=0, end=8, quote="Tổng kết", qualifier=None)},
        warnings=[],
    )
    made = built(Article, **values)
    assert list(made.__dict__) == list(Article.model_fields)  # the JSON follows this order
    assert _state(made) == _state(Article.model_construct(**values))
    assert made.model_dump_json() == Article.model_validate(values).model_dump_json()


def test_built_wants_every_field_and_no_other() -> None:
    with pytest.raises(TypeError, match=r"missing \['qualifier'\]"):
        built(Evidence, start=1, end=2, quote="x")
    with pytest.raises(TypeError, match=r"unknown \['colour'\]"):
        built(Evidence, start=1, end=2, quote="x", colour="red")


def test_warning_of_stores_the_code_as_validation_does() -> None:
    made = warning_of(WarningCode.percent_mismatch, "ratings[0]", "45 of 50 is 90%")
    validated = Warning(
        code=WarningCode.percent_mismatch, field="ratings[0]", message="45 of 50 is 90%"
    )
    assert _state(made) == _state(validated)
    assert type(made.code) is str
