"""The training module's reads: the one surface other modules may import."""

from dxoffice.training.selectors.coverage import Counts, Missing, Tally, coverage_counts, still_must
from dxoffice.training.selectors.records import (
    CourseFilters,
    certificate_by_code,
    certificate_status,
    certificates_visible_to,
    class_for,
    classes_visible_to,
    completions_visible_to,
    course_for,
    course_progress,
    courses_visible_to,
    enrolments_visible_to,
    learner_for,
    learners_visible_to,
    open_classes,
    roster,
)
from dxoffice.training.selectors.report import CoverageReport, coverage_report, home_unit
from dxoffice.training.selectors.sources import (
    coverage_values,
    people_trained_by_provider_values,
    people_trained_values,
)

__all__ = [
    "CourseFilters",
    "CoverageReport",
    "Counts",
    "Missing",
    "Tally",
    "certificate_by_code",
    "certificate_status",
    "certificates_visible_to",
    "class_for",
    "classes_visible_to",
    "completions_visible_to",
    "course_for",
    "course_progress",
    "courses_visible_to",
    "coverage_counts",
    "coverage_report",
    "coverage_values",
    "enrolments_visible_to",
    "home_unit",
    "learner_for",
    "learners_visible_to",
    "open_classes",
    "people_trained_by_provider_values",
    "people_trained_values",
    "roster",
    "still_must",
]
