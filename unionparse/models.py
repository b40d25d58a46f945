"""The output contract (shared/spec/fields.md v1.1) as pydantic models.

One place defines every field, enum and warning code, so the JSON Schema in `schemas/`,
the CSV columns and the evaluator all derive from it.

No `from __future__ import annotations` here: with annotations evaluated as the classes are made,
pydantic has no strings to resolve (a quarter less time to build the models at start-up).
"""

from enum import Enum
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

# The slots every pydantic model instance carries, set directly (no __setattr__ override, no
# attribute lookup by name): this is all model_construct does for a model whose every field is
# given and that has no extras or private attributes.
_NEW = object.__new__
_SET_DICT = BaseModel.__dict__["__dict__"].__set__
_SET_FIELDS_SET = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__
# number of fields of the contract's models: `cls.model_fields` is a slow property
_FIELD_COUNTS: dict[type[BaseModel], int] = {
    cls: len(cls.model_fields)
    for cls in (Source, Members, Party, Period, Rating, Award, Evidence, Warning, Article)
}


def built(cls: type[M], **values: Any) -> M:
    """A model from values the pipeline typed itself, without validating them again.

    Per record the pipeline makes ~20 models; pydantic's validation (or model_construct, slower
    still for small models) cost more than some extractors. Every field must be given, as
    model_construct would fill defaults we do not want to depend on, and in model order (the
    JSON follows the order of the values). tests/test_schema.py validates written records
    strictly, so a wrong type here fails the tests.
    """
    n = _FIELD_COUNTS.get(cls)
    if len(values) != (len(cls.model_fields) if n is None else n):
        missing = sorted(set(cls.model_fields) - set(values))
        raise TypeError(f"{cls.__name__}: every field must be given, missing {missing}")
    m = _NEW(cls)  # _raw inlined: ~10 per article
    _SET_DICT(m, values)
    _SET_FIELDS_SET(m, set(values))
    _SET_EXTRA(m, None)
    _SET_PRIVATE(m, None)
    return m


def _raw(cls: type[M], values: dict[str, Any], fields_set: set[str]) -> M:
    """The instance model_construct would make from these field values."""
    m = _NEW(cls)
    _SET_DICT(m, values)
    _SET_FIELDS_SET(m, fields_set)
    _SET_EXTRA(m, None)
    _SET_PRIVATE(m, None)
    return m


def evidence_of(start: int, end: int, quote: str, qualifier: str | None) -> Evidence:
    """`built(Evidence, ...)` without the keyword plumbing (and _raw inlined): ~15 per article."""
    m = _NEW(Evidence)
    _SET_DICT(m, {"start": start, "end": end, "quote": quote, "qualifier": qualifier})
    _SET_FIELDS_SET(m, {"start", "end", "quote", "qualifier"})
    _SET_EXTRA(m, None)
    _SET_PRIVATE(m, None)
    return m


def rating_of(category: str, count: int | None, percent: float | None) -> Rating:
    """`built(Rating, ...)` without the keyword plumbing: ~2 per article."""
    values = {"category": category, "count": count, "percent": percent}
    return _raw(Rating, values, set(values))


def award_of(
    award: str,
    issuer: str | None,
    issuer_name: str | None,
    collectives: int | None,
    individuals: int | None,
) -> Award:
    """`built(Award, ...)` without the keyword plumbing: ~2 per article."""
    values = {
        "award": award,
        "issuer": issuer,
        "issuer_name": issuer_name,
        "collectives": collectives,
        "individuals": individuals,
    }
    return _raw(Award, values, set(values))


def members_of(total: int | None, female: int | None, new: int | None) -> Members:
    """`built(Members, ...)` without the keyword plumbing: one per article."""
    values = {"total": total, "female": female, "new": new}
    return _raw(Members, values, set(values))


def period_of(kind: str, start: int | None, end: int | None) -> Period:
    """`built(Period, ...)`: one per article at most."""
    values = {"kind": kind, "start": start, "end": end}
    return _raw(Period, values, set(values))


def party_of(referred: int | None, admitted: int | None) -> Party:
    """`built(Party, ...)` without the keyword plumbing: one per article."""
    values = {"referred": referred, "admitted": admitted}
    return _raw(Party, values, set(values))


_ARTICLE_FIELDS = frozenset(Article.model_fields)


def article_of(
    *,
    source: Source,
    title: str | None,
    publisher: str | None,
    published: str | None,
    author: str | None,
    organization: str | None,
    organization_key: str | None,
    province: str | None,
    province_2025: str | None,
    event_date: str | None,
    report_year: int | None,
    plan_year: int | None,
    period: Period | None,
    grassroots_unions: int | None,
    members: Members,
    ratings: list[Rating],
    party: Party,
    awards: list[Award],
    evidence: dict[str, Evidence],
    warnings: list[Warning],
) -> Article:
    """`built(Article, ...)` with named parameters instead of **values (half the cost): the
    dict is written in model order, which the JSON follows."""
    m = _NEW(Article)
    _SET_DICT(
        m,
        {
            "source": source,
            "title": title,
            "publisher": publisher,
            "published": published,
            "author": author,
            "organization": organization,
            "organization_key": organization_key,
            "province": province,
            "province_2025": province_2025,
            "event_date": event_date,
            "report_year": report_year,
            "plan_year": plan_year,
            "period": period,
            "grassroots_unions": grassroots_unions,
            "members": members,
            "ratings": ratings,
            "party": party,
            "awards": awards,
            "evidence": evidence,
            "warnings": warnings,
        },
    )
    _SET_FIELDS_SET(m, set(_ARTICLE_FIELDS))
    _SET_EXTRA(m, None)
    _SET_PRIVATE(m, None)
    return m


def warning_of(code: WarningCode, field: str, message: str) -> Warning:
    """`Warning(code=..., ...)` as validation would store it (the code as its plain value)."""
    return built(Warning, code=code.value, field=field, message=message)


def source_of(path: str | None, **given: str | int | None) -> Source:
    """`Source(path=path, **given)` for values of the right types (str path or None, str sha256,
    int bytes...), without validating them (once per record): what validation would store."""
    if path is not None and type(path) is not str:
        return Source(path=path, **given)  # validation decides (and says what is wrong)
    values: dict[str, Any] = {
        "path": path,
        "sha256": None,
        "bytes": None,
        "encoding": None,
        "url": None,
        "id": None,
    }
    if given:
        if not given.keys() <= values.keys():
            return Source(path=path, **given)  # validation names the unknown field
        values.update(given)
    return _raw(Source, values, {"path", *given})


def set_field(model: BaseModel, name: str, value: Any) -> None:
    """`model.name = value` for a field, as pydantic does it (no validate_assignment in these
    models), without its per-call dispatch."""
    fields = model.__dict__  # every field, and only fields (no extras are allowed)
    if name not in fields:
        raise AttributeError(f"{type(model).__name__} has no field {name!r}")
    fields[name] = value
    model.__pydantic_fields_set__.add(name)
