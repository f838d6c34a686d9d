"""The training module's writes: the one surface other modules may import."""

from dxoffice.training.services.catalogue import course_save, requirement_save
from dxoffice.training.services.certificates import certificate_revoke, recertify
from dxoffice.training.services.classes import (
    attendance_record,
    check_in,
    class_save,
    enrol,
    enrolment_cancel,
    quota_set,
    score_record,
    session_save,
)
from dxoffice.training.services.completion import completion_check, completion_record
from dxoffice.training.services.files import lesson_file_add, lesson_file_retire, lesson_files
from dxoffice.training.services.online import (
    attempt_save,
    attempt_start,
    attempt_submit,
    lesson_done,
    lesson_save,
    question_add,
    quiz_save,
)
from dxoffice.training.services.people import learner_leave, learner_of, learner_save

__all__ = [
    "attempt_save",
    "attempt_start",
    "attempt_submit",
    "attendance_record",
    "certificate_revoke",
    "check_in",
    "class_save",
    "completion_check",
    "completion_record",
    "course_save",
    "enrol",
    "enrolment_cancel",
    "learner_leave",
    "learner_of",
    "learner_save",
    "lesson_done",
    "lesson_file_add",
    "lesson_file_retire",
    "lesson_files",
    "lesson_save",
    "question_add",
    "quiz_save",
    "quota_set",
    "recertify",
    "requirement_save",
    "score_record",
    "session_save",
]
