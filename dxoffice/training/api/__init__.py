"""The training part of the REST API: the catalogue, classes and enrolment, completions, coverage
and the certificate check HR systems call (without a token)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from dxoffice.core.api import Page, PageParams, caller, paginate, unit_by_code, with_errors
from dxoffice.core.api_inputs import RecordId, YearParam
from dxoffice.core.permissions import Action, can
from dxoffice.training import selectors
from dxoffice.training.api.schemas import (
    ClassOut,
    CompletionOut,
    CourseOut,
    CoverageOut,
    VerificationOut,
)
from dxoffice.training.timeutil import local_today

router = Router()


@router.get(
    "/training/courses",
    response=with_errors({200: Page[CourseOut]}, 401, 422),
    operation_id="course_list",
    tags=["training courses"],
)
def course_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The catalogue the caller sees."""
    return paginate(selectors.courses_visible_to(caller(request)), page)


@router.get(
    "/training/courses/{course_id}",
    response=with_errors({200: CourseOut}, 401, 404, 422),
    operation_id="course_get",
    tags=["training courses"],
)
def course_get(request: HttpRequest, course_id: RecordId) -> Any:
    return selectors.course_for(caller(request), course_id)


@router.get(
    "/training/classes",
    response=with_errors({200: Page[ClassOut]}, 401, 422),
    operation_id="class_list",
    tags=["training classes"],
)
def class_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(selectors.classes_visible_to(caller(request)).order_by("-starts_on", "code"), page)


@router.get(
    "/training/completions",
    response=with_errors({200: Page[CompletionOut]}, 401, 422),
    operation_id="completion_list",
    tags=["training completions"],
)
def completion_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Completions the caller may read: their own, their units' people's, those of the classes the
    caller's organisation delivers."""
    return paginate(selectors.completions_visible_to(caller(request)).order_by("-completed_on", "pk"), page)


class CoverageQuery(Schema):
    unit: str | None = None
    year: YearParam | None = None


@router.get(
    "/training/coverage",
    response=with_errors({200: CoverageOut}, 401, 404, 422),
    operation_id="coverage_get",
    tags=["training coverage"],
)
def coverage_get(request: HttpRequest, query: Query[CoverageQuery]) -> dict[str, Any]:
    """Coverage of the year's required courses for a unit (default: the caller's outermost unit)."""
    user = caller(request)
    unit = unit_by_code(query.unit, "unit") if query.unit else selectors.home_unit(user)
    if unit is None or not can(user, Action.VIEW, unit):
        raise Http404
    report = selectors.coverage_report(user, year=query.year or local_today().year, unit=unit)
    people = report.counts.people
    return {
        "unit": unit.code,
        "year": report.year,
        "on": report.on,
        "must": people.must,
        "done": people.done,
        "share": people.share,
        "courses": [
            {
                "course": line.course.code,
                "must": line.tally.must,
                "done": line.tally.done,
                "share": line.tally.share,
                "target": line.target,
            }
            for line in report.courses
        ],
        "units": [
            {
                "unit": line.unit.code,
                "must": line.tally.must,
                "done": line.tally.done,
                "share": line.tally.share,
            }
            for line in report.children
        ],
    }


class VerifyQuery(Schema):
    code: str = Field(
        max_length=40, description="The certificate's code, as printed (dashes and case do not matter)."
    )


@router.get(
    "/training/certificate-check",
    response=with_errors({200: VerificationOut}, 422),
    operation_id="certificate_verify",
    tags=["training certificates"],
    auth=None,
)
def certificate_verify(request: HttpRequest, query: Query[VerifyQuery]) -> dict[str, Any]:
    """The public check, for HR systems: valid, expired, revoked or unknown, with no more than the
    public page shows (initials, course, dates, issuer). No token needed."""
    certificate = selectors.certificate_by_code(query.code)
    status = selectors.certificate_status(certificate)
    if certificate is None:
        return {"status": status}
    completion = certificate.completion
    return {
        "status": status,
        "holder_initials": completion.learner.initials,
        "course": completion.course.title,
        "completed_on": completion.completed_on,
        "expires_on": certificate.expires_on,
        "issuer": certificate.issuer.name,
    }


from dxoffice.training.api.files import files_router  # noqa: E402
from dxoffice.training.api.learning import learning_router  # noqa: E402

router.add_router("", learning_router)
router.add_router("", files_router)
