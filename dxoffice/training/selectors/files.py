"""Reads of lessons and their files for the API, scoped as the lesson page scopes them: a lesson of a
course the person may see (published, or one they manage), its files current or retired."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from dxoffice.core.models import Attachment
from dxoffice.core.permissions import AnyUser
from dxoffice.training.models import Lesson
from dxoffice.training.selectors.records import courses_visible_to


def lesson_for(user: AnyUser, pk: int) -> Lesson:
    """A lesson of a course `user` may see; Lesson.DoesNotExist (a 404) otherwise."""
    return Lesson.objects.select_related("course").get(pk=pk, course__in=courses_visible_to(user))


def lesson_file_any(lesson: Lesson, pk: int, *, lock: bool = False) -> Attachment | None:
    """A file of the lesson, current or retired (None if the lesson never had it). `lock` takes the
    row for the rest of the transaction, so that two retirements of one file meet one after the other."""
    files = Attachment.all_objects.filter(
        content_type=ContentType.objects.get_for_model(Lesson), object_id=lesson.pk, pk=pk
    ).select_related("uploaded_by")
    if lock:
        files = files.select_for_update(of=("self",))
    return files.first()
