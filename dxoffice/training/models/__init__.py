"""The training module's records: the catalogue, learners, classes, online content, completions and
certificates."""

from dxoffice.training.models.catalogue import (
    Course,
    CourseFormat,
    CourseLevel,
    PositionLevel,
    Requirement,
    Topic,
)
from dxoffice.training.models.classes import (
    Attendance,
    CheckInMethod,
    ClassSession,
    ClassStatus,
    CourseClass,
    Enrolment,
    EnrolmentStatus,
    UnitQuota,
)
from dxoffice.training.models.online import (
    Attempt,
    Choice,
    Lesson,
    LessonProgress,
    Question,
    QuestionKind,
    Quiz,
)
from dxoffice.training.models.people import Learner
from dxoffice.training.models.records import Certificate, Completion, CompletionSource

__all__ = [
    "Attempt",
    "Attendance",
    "Certificate",
    "CheckInMethod",
    "Choice",
    "ClassSession",
    "ClassStatus",
    "Completion",
    "CompletionSource",
    "Course",
    "CourseClass",
    "CourseFormat",
    "CourseLevel",
    "Enrolment",
    "EnrolmentStatus",
    "Learner",
    "Lesson",
    "LessonProgress",
    "PositionLevel",
    "Question",
    "QuestionKind",
    "Quiz",
    "Requirement",
    "Topic",
    "UnitQuota",
]
