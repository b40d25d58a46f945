"""The output contract (shared/spec/fields.md v1.1) as pydantic models.

One place defines every field, enum and warning code, so the JSON Schema in `schemas/`,
the CSV columns and the evaluator all derive from it.

No `from __future__ import annotations` here: with annotations evaluated as the classes are made,
pydantic has no strings to resolve (a quarter less time to build the models at start-up).
"""

from enum import Enum
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class RatingCategory(str, Enum):
    """How a grassroots union was graded: old scheme, new scheme, not graded."""

    vung_manh_xuat_sac = "vung_manh_xuat_sac"
    vung_manh = "vung_manh"
    kha = "kha"
    trung_binh = "trung_binh"
    yeu = "yeu"
    hoan_thanh_xuat_sac = "hoan_thanh_xuat_sac"
    hoan_thanh_tot = "hoan_thanh_tot"
    hoan_thanh = "hoan_thanh"
    khong_hoan_thanh = "khong_hoan_thanh"
    khong_xep_loai = "khong_xep_loai"


class AwardKind(str, Enum):
    bang_khen = "bang_khen"
    giay_khen = "giay_khen"
    co_thi_dua = "co_thi_dua"
    bang_lao_dong_sang_tao = "bang_lao_dong_sang_tao"
    ky_niem_chuong = "ky_niem_chuong"
    chien_si_thi_dua = "chien_si_thi_dua"
    huan_chuong = "huan_chuong"
    other = "other"


class IssuerLevel(str, Enum):
    government = "government"
    national_federation = "national_federation"
    national_sector_union = "national_sector_union"
    provincial_committee = "provincial_committee"
    provincial_federation = "provincial_federation"
    sector_union = "sector_union"
    other = "other"


class PeriodKind(str, Enum):
    """What span an article's figures cover (contract v1.1, "Period and years")."""

    year = "year"
    school_year = "school_year"
    part_year = "part_year"
    term = "term"
    multi_year = "multi_year"


class Qualifier(str, Enum):
    """An approximate number keeps its plain value; the evidence says how it was hedged."""

    more_than = "more_than"
    less_than = "less_than"
    about = "about"


class WarningCode(str, Enum):
    """The one catalogue of warnings (see checks.py for when each fires)."""

    implausible_year = "implausible_year"
    percent_mismatch = "percent_mismatch"
    ratings_exceed_total = "ratings_exceed_total"
    conflicting_values = "conflicting_values"
    early_conference = "early_conference"
    ratio_exceeds_total = "ratio_exceeds_total"
    implausible_count = "implausible_count"
    lossy_text = "lossy_text"
    not_vietnamese = "not_vietnamese"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Source(_Model):
    """Where a record came from; filled by the reader, not by the extractors."""

    path: str | None = None
    sha256: str | None = None
    bytes: int | None = None
    encoding: str | None = None
    url: str | None = None
    id: str | None = None


class Members(_Model):
    total: int | None = None
    female: int | None = None
    new: int | None = None


class Party(_Model):
    referred: int | None = None
    admitted: int | None = None


class Period(_Model):
    """The span the figures cover: `năm học 2021-2022` is school_year 2021..2022; a new congress
    term printed alone (`nhiệm kỳ 2023-2028`) is a term ending 2023 with start null."""

    kind: PeriodKind
    start: int | None = None
    end: int | None = None


class Rating(_Model):
    category: RatingCategory
    count: int | None = None
    percent: float | None = None


class Award(_Model):
    award: AwardKind
    issuer: IssuerLevel | None = None
    issuer_name: str | None = None
    collectives: int | None = None
    individuals: int | None = None


class Evidence(_Model):
    """A span of the decoded, NFC text: `text[start:end] == quote`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str
    qualifier: Qualifier | None = None


class Warning(_Model):
    code: WarningCode
    field: str
    message: str


class Article(_Model):
    """One record per input article."""

    source: Source = Field(default_factory=Source)
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    author: str | None = None
    organization: str | None = None
    # which union the record is about, e.g. "cdvc/nghe-an" (unionparse/organizations.py); a part
    # the article does not give is "?", null when not even the kind of body is known
    organization_key: str | None = None
    province: str | None = None
    province_2025: str | None = None
    event_date: str | None = None
    report_year: int | None = None
    plan_year: int | None = None
    period: Period | None = None
    grassroots_unions: int | None = None
    members: Members = Field(default_factory=Members)
    ratings: list[Rating] = Field(default_factory=list)
    party: Party = Field(default_factory=Party)
    awards: list[Award] = Field(default_factory=list)
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    warnings: list[Warning] = Field(default_factory=list)


class ErrorInfo(_Model):
    code: str
    message: str


class ErrorRecord(_Model):
    """Stands in the place of an article that could not be read."""

    source: Source
    error: ErrorInfo


M = TypeVar("M", bound=BaseModel)


def built(cls: type[M], **values: Any) -> M:
    """A model from values the pipeline typed itself, without validating them again.

    What `model_construct` makes when every field is given, for far less: per record
    the pipeline makes ~20 models, and model_construct (or validation) made extract_text 15%
    slower. Every field must be given (nothing rests on a default) and in model order, which the
    JSON follows. tests/test_schema.py validates written records strictly, so a wrong type here
    fails the tests, and tests/test_models.py checks the result equals model_construct's.
    """
    if values.keys() != _fields(cls):
        missing, unknown = (
            sorted(_fields(cls) - values.keys()),
            sorted(values.keys() - _fields(cls)),
        )
        raise TypeError(
            f"{cls.__name__}: every field and no other, missing {missing} unknown {unknown}"
        )
    model = object.__new__(cls)
    _SET_DICT(model, values)
    _SET_FIELDS_SET(model, set(values))
    _SET_EXTRA(model, None)
    _SET_PRIVATE(model, None)
    return model


@cache
def _fields(cls: type[BaseModel]) -> frozenset[str]:
    return frozenset(cls.model_fields)  # a property that builds a dict on each access


# The slots every pydantic model instance carries, set as model_construct sets them.
_SET_DICT = BaseModel.__dict__["__dict__"].__set__
_SET_FIELDS_SET = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__


def warning_of(code: WarningCode, field: str, message: str) -> Warning:
    """`Warning(code=..., ...)` as validation would store it (the code as its plain value)."""
    return built(Warning, code=code.value, field=field, message=message)
