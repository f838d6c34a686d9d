"""Administration of the catalogue and of classes: courses with their audiences, lessons and quizzes;
classes with their sessions and quotas. Saves go through the audit trail with the module's event codes,
and lesson text is sanitised as in the services. A lesson's files are listed read-only and attached or
retired (never deleted) through the lesson page's services and checks. Enrolment, attendance, quiz
attempts, completions and certificates are worked on in the module's own screens and API, where their
rules apply."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxoffice.core.admin import ArchivableAdmin
from dxoffice.core.models import Attachment, User
from dxoffice.core.permissions import Action, can
from dxoffice.training import services
from dxoffice.training.models import (
    Choice,
    ClassSession,
    Course,
    CourseClass,
    Learner,
    Lesson,
    Question,
    Quiz,
    Requirement,
    UnitQuota,
)
from dxoffice.training.rules import clean_html
from dxoffice.training.services.catalogue import validate_course
from dxoffice.training.services.classes import validate_class
from dxoffice.training.services.files import MAX_FILES_PER_LESSON, lesson_file_errors
from dxoffice.training.services.online import question_errors

EVENTS = {
    Course: "training.course_changed",
    Requirement: "training.requirement_saved",
    Lesson: "training.lesson_saved",
    Quiz: "training.quiz_saved",
    Question: "training.question_saved",
    Choice: "training.question_saved",
    CourseClass: "training.class_changed",
    ClassSession: "training.session_saved",
    UnitQuota: "training.quota_saved",
    Learner: "training.learner_changed",
}


def _audited(obj: Any, request: HttpRequest) -> None:
    obj._history_user = request.user
    obj._history_event = EVENTS.get(type(obj), "")
    if isinstance(obj, Lesson):
        obj.body = clean_html(obj.body)


class TrainingAdmin(ArchivableAdmin):
    """Only those who plan on the record's unit change it (the services' rule)."""

    unit_field = "owner_unit"

    def _unit(self, obj: Any) -> Any:
        for part in self.unit_field.split("__"):
            obj = getattr(obj, part, None)
        return obj

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can(request.user, Action.PLAN, self._unit(obj)))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not can(request.user, Action.PLAN, self._unit(obj)):
            raise PermissionDenied
        _audited(obj, request)
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for instance in formset.save(commit=False):
            _audited(instance, request)
            instance.save()
        formset.save_m2m()


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    can_delete = False
    fields = ["year", "position_level", "unit_kind", "required", "target_percent"]


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0
    can_delete = False
    fields = ["position", "title", "body", "video_url", "minutes"]


class CourseAdminForm(forms.ModelForm):
    """The services' course rules (validate_course) before the model's own checks and uniqueness."""

    class Meta:
        model = Course
        fields = [
            "code", "title", "title_en", "topic", "level", "hours", "format", "owner_unit", "provider",
            "description", "published", "min_attendance_percent", "min_lessons_percent", "pass_mark",
            "final_unlock_percent", "certificate_months",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        probe = Course(
            code=data.get("code") or "",
            format=data.get("format") or "",
            min_attendance_percent=data.get("min_attendance_percent") or 0,
        )
        validate_course(probe)
        data["code"], data["min_attendance_percent"] = probe.code, probe.min_attendance_percent
        return data


@admin.register(Course)
class CourseAdmin(TrainingAdmin):
    form = CourseAdminForm
    list_display = ["code", "title", "topic", "level", "format", "hours", "provider", "published"]
    list_filter = ["topic", "format", "level", "published"]
    search_fields = ["code", "title", "title_en"]
    autocomplete_fields = ["owner_unit", "provider"]
    inlines = [RequirementInline, LessonInline]


class ChoiceFormSet(BaseInlineFormSet):
    """The shape a question of its kind needs (question_errors, as in the services and the package
    import), read from the question's form and its answers together."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        choices = [
            (form.cleaned_data["text"], bool(form.cleaned_data.get("correct")))
            for form in self.forms
            if form.cleaned_data.get("text") and not form.cleaned_data.get("DELETE")
        ]
        accepted = self.instance.accepted_answers or []
        if isinstance(accepted, str):
            accepted = [accepted]
        if not isinstance(accepted, list) or not all(isinstance(a, str) for a in accepted):
            raise ValidationError(_('Give the accepted answers as a list of texts, e.g. ["AI", "TTNT"].'))
        errors = question_errors(self.instance.kind, choices, accepted)
        if errors:
            raise ValidationError(list(errors.values()))


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 2
    can_delete = False
    fields = ["text", "correct"]


@admin.register(Quiz)
class QuizAdmin(TrainingAdmin):
    unit_field = "course__owner_unit"
    list_display = ["title", "course", "is_final", "pass_mark", "max_attempts", "draw"]
    list_filter = ["is_final"]
    search_fields = ["title", "course__code"]


@admin.register(Question)
class QuestionAdmin(TrainingAdmin):
    unit_field = "quiz__course__owner_unit"
    list_display = ["text", "quiz", "kind", "points"]
    list_filter = ["kind"]
    search_fields = ["text", "quiz__title"]
    inlines = [ChoiceInline]


class SessionInline(admin.TabularInline):
    model = ClassSession
    extra = 0
    can_delete = False
    fields = ["starts_at", "ends_at", "topic"]


class QuotaInline(admin.TabularInline):
    model = UnitQuota
    extra = 0
    can_delete = False
    fields = ["unit", "seats"]
    autocomplete_fields = ["unit"]


class CourseClassAdminForm(forms.ModelForm):
    """The services' class rules (validate_class) before the model's own checks (CourseClass.clean)."""

    class Meta:
        model = CourseClass
        fields = [
            "course", "code", "unit", "provider", "starts_on", "ends_on", "place", "online_link", "trainer",
            "capacity", "self_enrolment", "status",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        probe = CourseClass(code=data.get("code") or "")
        validate_class(probe)
        data["code"] = probe.code
        return data


@admin.register(CourseClass)
class CourseClassAdmin(TrainingAdmin):
    form = CourseClassAdminForm
    unit_field = "unit"
    list_display = ["code", "course", "unit", "provider", "starts_on", "ends_on", "capacity", "status"]
    list_filter = ["status"]
    search_fields = ["code", "course__code", "course__title"]
    autocomplete_fields = ["unit", "provider"]
    inlines = [SessionInline, QuotaInline]


class LessonFileInline(GenericTabularInline):
    """The lesson's current files, read-only: they are attached and retired with the form's fields
    below, through the services (the retired ones stay on the file's and the lesson's History)."""

    model = Attachment
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["original_name", "description", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "description", "size", "uploaded_by", "uploaded_at"]
    verbose_name = gettext_lazy("file")
    verbose_name_plural = gettext_lazy("files")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


class LessonAdminForm(forms.ModelForm):
    """The lesson, and its files: one to attach (the lesson page's checks: kind, content, size, at
    most 20) and those to retire, with the reason kept in the lesson's history."""

    new_file = forms.FileField(label=gettext_lazy("Attach a file"), required=False)
    new_file_description = forms.CharField(
        label=gettext_lazy("Its description"), max_length=255, required=False
    )
    retire_files = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Retire files"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    retire_reason = forms.CharField(label=gettext_lazy("Reason for retiring"), max_length=500, required=False)

    class Meta:
        model = Lesson
        fields = ["course", "position", "title", "body", "video_url", "minutes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = services.lesson_files([self.instance]).get(self.instance.pk, []) if self.instance.pk else []
        self.current_files = current
        retire = cast(forms.ModelMultipleChoiceField, self.fields["retire_files"])
        retire.queryset = Attachment.objects.filter(pk__in=[a.pk for a in current])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, retiring = data.get("new_file"), list(data.get("retire_files") or [])
        if retiring and not (data.get("retire_reason") or "").strip():
            self.add_error("retire_reason", _("Say why the files are retired."))
        if upload:
            try:
                lesson_file_errors(upload, "new_file")
            except ValidationError as exc:
                self.add_error(None, exc)
            if len(self.current_files) - len(retiring) >= MAX_FILES_PER_LESSON:
                self.add_error(
                    "new_file",
                    _("A lesson carries at most %(count)s files.") % {"count": MAX_FILES_PER_LESSON},
                )
        return data


@admin.register(Lesson)
class LessonAdmin(TrainingAdmin):
    form = LessonAdminForm
    unit_field = "course__owner_unit"
    list_display = ["title", "course", "position", "minutes"]
    search_fields = ["title", "course__code", "course__title"]
    autocomplete_fields = ["course"]
    inlines = [LessonFileInline]
    fieldsets = [
        (None, {"fields": ["course", "position", "title", "body", "video_url", "minutes"]}),
        (
            gettext_lazy("Files"),
            {"fields": ["new_file", "new_file_description", "retire_files", "retire_reason"]},
        ),
    ]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The files after the lesson (retired first, so that a full lesson takes the new one)."""
        super().save_related(request, form, formsets, change)
        lesson, data, by = form.instance, form.cleaned_data, cast(User, request.user)
        for attachment in data.get("retire_files") or []:
            services.lesson_file_retire(
                by=by, lesson=lesson, attachment=attachment, reason=data["retire_reason"].strip()
            )
        if data.get("new_file"):
            services.lesson_file_add(
                by=by,
                lesson=lesson,
                upload=data["new_file"],
                description=data.get("new_file_description", ""),
            )
