"""Shapes of the training API. Quizzes are never served with their answers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from dxoffice.core.api_inputs import Flag, InputSchema, RefId


class CourseOut(Schema):
    id: int
    code: str
    title: str
    title_en: str
    topic: str
    level: str
    format: str
    hours: Decimal
    provider: str | None = Field(None, alias="provider.code")
    pass_mark: int | None
    min_attendance_percent: int
    certificate_months: int | None


class ClassOut(Schema):
    id: int
    code: str
    course: str = Field(alias="course.code")
    unit: str = Field(alias="unit.code")
    starts_on: date
    ends_on: date
    place: str
    capacity: int
    status: str
    self_enrolment: bool
    enrolled: int


class EnrolmentIn(InputSchema):
    learner_id: RefId = Field(
        description="The learner to enrol (your own learner profile to enrol yourself)."
    )


class EnrolmentOut(Schema):
    id: int
    course_class: str = Field(alias="course_class.code")
    learner_id: int
    learner: str = Field(alias="learner.full_name")
    status: str
    score: Decimal | None


class CompletionOut(Schema):
    id: int
    learner_id: int
    learner: str = Field(alias="learner.full_name")
    unit: str = Field(alias="learner.unit.code")
    course: str = Field(alias="course.code")
    completed_on: date
    expires_on: date | None
    source: str
    certificate: str | None = Field(None, description="The certificate's code.")

    @staticmethod
    def resolve_certificate(obj: object) -> str | None:
        certificate = getattr(obj, "certificate", None)
        return certificate.code if certificate is not None else None


class CourseCoverageOut(Schema):
    course: str
    must: int
    done: int
    share: Decimal
    target: Decimal


class UnitCoverageOut(Schema):
    unit: str
    must: int
    done: int
    share: Decimal


class CoverageOut(Schema):
    unit: str
    year: int
    on: date
    must: int
    done: int
    share: Decimal = Field(description="Share (%) of those who must who completed every required course.")
    courses: list[CourseCoverageOut]
    units: list[UnitCoverageOut] = Field(description="The units directly below, each with its subtree.")


class VerificationOut(Schema):
    status: str = Field(description="valid, expired, revoked or unknown.")
    holder_initials: str | None = None
    course: str | None = None
    completed_on: date | None = None
    expires_on: date | None = None
    issuer: str | None = None


class LessonFileOut(Schema):
    id: int
    name: str
    size: int = Field(description="Bytes.")
    description: str
    url: str = Field(description="Download (signed-in, for those who may see the course).")


class LessonOut(Schema):
    id: int
    position: int
    title: str
    body: str = Field(description="Sanitised HTML.")
    video_url: str
    minutes: int
    files: list[LessonFileOut] = Field(default_factory=list, description="Current files, oldest first.")
    done: bool = Field(False, description="Whether the caller has done it.")


class ChoiceOut(Schema):
    id: int
    text: str


class QuizQuestionOut(Schema):
    """A question as the learner sees it: never which answer is right."""

    id: int
    kind: str
    text: str
    points: int
    choices: list[ChoiceOut]


class QuizOut(Schema):
    id: int
    title: str
    is_final: bool
    pass_mark: int
    max_attempts: int
    draw: int


class AttemptOut(Schema):
    id: int
    quiz_id: int
    number: int
    questions: list[QuizQuestionOut]
    answers: dict[str, str | list[int]]
    submitted_at: datetime | None
    score: Decimal | None
    passed: bool


class AttemptIn(InputSchema):
    answers: dict[str, str | list[int]] = Field(
        description="Answers by question id: choice ids for choice questions, text for short answers.",
        max_length=500,
    )
    submit: Flag = Field(False, description="Submit for marking (else the answers are only saved).")


class RollIn(InputSchema):
    present: dict[str, Flag] = Field(description="Presence by enrolment id.", max_length=5000)


class CertificateOut(Schema):
    code: str
    learner: str = Field(alias="completion.learner.full_name")
    course: str = Field(alias="completion.course.code")
    issued_on: date
    expires_on: date | None
    revoked: bool = Field(alias="is_revoked")


class LessonAttachmentOut(LessonFileOut):
    """A file of a lesson as its own record: with who attached it, when, and whether it is retired."""

    download_url: str = Field(description="Download through the API (lesson_file_download; a token works).")
    uploaded_at: datetime
    uploaded_by: str
    retired_at: datetime | None = Field(description="When it was retired (null while it is current).")
