"""The unvalidated constructors in models.py make exactly what validation would make."""

from __future__ import annotations

import pytest

from unionparse.models import (
    Award,
    Evidence,
    Rating,
    Source,
    Warning,
    WarningCode,
    award_of,
    built,
    evidence_of,
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


def test_built_still_wants_every_field() -> None:
    with pytest.raises(TypeError, match="missing"):
        built(Evidence, start=1, end=2, quote="x")
